"""Values passed between the stages: frozen dataclasses and enums, no database rows.

``Claim`` carries the fields of ``shared/eval/ANNOTATION.md`` under the same
names, so ``Claim.to_dict()`` is what ``factcheck extract --format json`` prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Qualifier(StrEnum):
    """How the stated number bounds the quantity (ANNOTATION.md, `qualifier`)."""

    NONE = "none"
    APPROXIMATELY = "approximately"
    LOWER_BOUND = "lower_bound"
    UPPER_BOUND = "upper_bound"
    RANGE = "range"


class Kind(StrEnum):
    """What sort of quantity a claim states (ANNOTATION.md, `kind`)."""

    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    MEASURE = "measure"
    FRACTION = "fraction"
    AGE = "age"
    DURATION = "duration"
    RANK = "rank"
    MULTIPLE = "multiple"
    OTHER = "other"


class Status(StrEnum):
    """Where a claim stands in review."""

    PENDING = "pending"
    VERIFIED = "verified"
    DISPUTED = "disputed"


@dataclass(frozen=True, slots=True)
class Claim:
    """One numeric claim found in a text; offsets index that text."""

    start: int
    end: int
    mention: str
    value: float
    value_high: float | None = None
    qualifier: Qualifier = Qualifier.NONE
    kind: Kind = Kind.COUNT
    unit: str | None = None
    # the words that set the qualifier ("more than"), for a reviewer to see why
    qualifier_text: str | None = None
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    # filled by attribution (extract/speakers.py)
    speaker: str | None = None
    speaker_role: str | None = None
    quote: bool = False
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the claim as plain JSON-ready values with the annotation's field names."""
        out = asdict(self)
        out["qualifier"] = self.qualifier.value
        out["kind"] = self.kind.value
        return out


@dataclass(frozen=True, slots=True)
class Document:
    """An article as loaded: the plain text that claim offsets refer to, and its metadata."""

    text: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD where known
    url: str | None = None
    format: str = "text"  # text | markdown | html
    origin: str | None = None  # the path or URL it was read from
    extra: dict[str, Any] = field(default_factory=dict)
