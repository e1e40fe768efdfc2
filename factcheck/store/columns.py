"""The tables as the Store's queries see them: plain SQLAlchemy Core tables.

``tables.py`` declares the schema with SQLModel; importing SQLModel (pydantic,
the SQLAlchemy ORM) takes about 0.3 s, more than half of the 0.5 s budget for
``factcheck claims`` including start-up. The queries need only table and
column names plus the types that convert values (times, flags), so they use
these Core tables (built in about a millisecond).
``tests/test_store_migrations.py`` checks that every column here is in
``tables.py`` with the same type family, and the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME

from factcheck.store.reads import utc_from_text


def _utc_from_text(value: str | None) -> datetime | None:
    return None if value is None else utc_from_text(value)


class _SqliteUtc(SQLITE_DATETIME):
    """SQLite's DATETIME, read back as aware UTC datetimes."""

    def result_processor(
        self, dialect: Any, coltype: object
    ) -> Callable[[Any], datetime | None] | None:
        return _utc_from_text


_TIME = sa.DateTime(timezone=True).with_variant(
    _SqliteUtc(timezone=True),  # type: ignore[no-untyped-call]
    "sqlite",
)
_md = sa.MetaData()

SOURCE = sa.Table(
    "source",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.String),
    sa.Column("canonical_url", sa.String),
    sa.Column("title", sa.String),
    sa.Column("publisher", sa.String),
    sa.Column("author", sa.String),
    sa.Column("published", sa.String),
    sa.Column("ingested_at", _TIME),
    sa.Column("content_hash", sa.String),
    sa.Column("text", sa.Text),
    sa.Column("format", sa.String),
    sa.Column("origin", sa.String),
    sa.Column("version", sa.Integer),
    sa.Column("previous_id", sa.Integer),
)

CLAIM = sa.Table(
    "claim",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer),
    sa.Column("char_start", sa.Integer),
    sa.Column("char_end", sa.Integer),
    sa.Column("mention", sa.String),
    sa.Column("value", sa.Float),
    sa.Column("value_high", sa.Float),
    sa.Column("qualifier", sa.String),
    sa.Column("kind", sa.String),
    sa.Column("unit", sa.String),
    sa.Column("qualifier_text", sa.String),
    sa.Column("sentence", sa.Text),
    sa.Column("sentence_start", sa.Integer),
    sa.Column("sentence_end", sa.Integer),
    sa.Column("speaker", sa.String),
    sa.Column("speaker_role", sa.String),
    sa.Column("quote", sa.Boolean),
    sa.Column("cue", sa.String),
    sa.Column("status", sa.String),
    sa.Column("version", sa.Integer),
    sa.Column("created_at", _TIME),
    sa.Column("updated_at", _TIME),
)

EVENT = sa.Table(
    "review_event",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("claim_id", sa.Integer),
    sa.Column("reviewer", sa.String),
    sa.Column("action", sa.String),
    sa.Column("old_status", sa.String),
    sa.Column("new_status", sa.String),
    sa.Column("note", sa.Text),
    sa.Column("evidence_url", sa.String),
    sa.Column("created_at", _TIME),
)

REFERENCE = sa.Table(
    "reference",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("claim_id", sa.Integer),
    sa.Column("url", sa.String),
    sa.Column("added_by", sa.String),
    sa.Column("added_at", _TIME),
)

LOOKUP = sa.Table(
    "lookup",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("claim_id", sa.Integer),
    sa.Column("url", sa.String),
    sa.Column("final_url", sa.String),
    sa.Column("http_status", sa.Integer),
    sa.Column("content_hash", sa.String),
    sa.Column("fetched_at", _TIME),
    sa.Column("outcome", sa.String),
    sa.Column("error", sa.Text),
    sa.Column("passages", sa.Text),
)

ALL = (SOURCE, CLAIM, EVENT, REFERENCE, LOOKUP)
