"""The tracker's tables as SQLModel classes: the one place that says what is stored.

Rows never leave ``factcheck.store``; the facade turns them into the frozen
dataclasses of ``factcheck.models``. The database itself is built by
``migrations.py`` (frozen steps that never import this module); the test
comparing both keeps them in step. Times are aware UTC (SQLModel's
UTCDateTime: timestamptz on PostgreSQL, UTC text on SQLite).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class SourceRow(SQLModel, table=True):
    """An ingested article: metadata plus the text that claim offsets index."""

    __tablename__ = "source"
    # versions of one article are found by its URL (or, for files, its path): m002
    __table_args__ = (
        sa.Index("ix_source_url", "url"),
        sa.Index("ix_source_origin", "origin"),
        sa.Index("ix_source_previous_id", "previous_id"),  # m003
    )

    id: int | None = Field(default=None, primary_key=True)
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date as the article states it
    ingested_at: datetime
    content_hash: str = Field(unique=True)
    text: str = Field(sa_type=sa.Text)
    format: str = "text"
    origin: str | None = None
    version: int = 1
    previous_id: int | None = Field(default=None, foreign_key="source.id")


class ClaimRow(SQLModel, table=True):
    """One numeric claim of a source, with its review state."""

    __tablename__ = "claim"
    # `factcheck show` and new versions read a source's claims in text order: m002
    __table_args__ = (
        sa.Index("ix_claim_source_id_char_start", "source_id", "char_start"),
        # matching claims: same kind and unit, value in a range (m003)
        sa.Index("ix_claim_kind_unit_value", "kind", "unit", "value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    char_start: int
    char_end: int
    mention: str
    value: float
    value_high: float | None = None
    qualifier: str
    kind: str = Field(index=True)
    unit: str | None = Field(default=None, index=True)
    qualifier_text: str | None = None
    sentence: str = Field(sa_type=sa.Text)
    sentence_start: int
    sentence_end: int
    speaker: str | None = Field(default=None, index=True)
    speaker_role: str | None = None
    quote: bool = False
    cue: str | None = None
    status: str = Field(index=True)
    version: int = 1
    created_at: datetime
    updated_at: datetime


class ReviewEventRow(SQLModel, table=True):
    """A reviewer's decision or note; rows are only ever inserted."""

    __tablename__ = "review_event"
    # reports ask for the events since a date: m002
    __table_args__ = (sa.Index("ix_review_event_created_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    reviewer: str
    action: str
    old_status: str
    new_status: str
    note: str | None = Field(default=None, sa_type=sa.Text)
    evidence_url: str | None = None
    created_at: datetime


class ReferenceRow(SQLModel, table=True):
    """A reference URL attached to a claim, once per (claim, url)."""

    __tablename__ = "reference"
    __table_args__ = (sa.UniqueConstraint("claim_id", "url", name="uq_reference_claim_id_url"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    url: str
    added_by: str | None = None
    added_at: datetime


class LookupRow(SQLModel, table=True):
    """The outcome of checking a claim against one URL; passages are JSON text."""

    __tablename__ = "lookup"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    url: str
    final_url: str | None = None
    http_status: int | None = None
    content_hash: str | None = None
    fetched_at: datetime
    outcome: str
    error: str | None = Field(default=None, sa_type=sa.Text)
    passages: str = Field(default="[]", sa_type=sa.Text)
