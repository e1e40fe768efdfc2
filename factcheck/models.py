"""Values passed between the stages: frozen dataclasses and enums, no database rows.

``Claim`` carries the fields of ``shared/eval/ANNOTATION.md`` under the same
names, so ``Claim.to_dict()`` is what ``factcheck extract --format json`` prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, make_dataclass
from datetime import datetime
from enum import StrEnum
from operator import attrgetter
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

    def attributed(
        self, speaker: str | None, speaker_role: str | None, quote: bool, cue: str | None
    ) -> Claim:
        """Return a copy with the four attribution fields set, as ``dataclasses.replace``."""
        # built as an _OpenClaim, then made a Claim: a frozen __init__ sets each of the
        # 16 fields through object.__setattr__, four times the cost of the whole copy
        copy: Claim = _OpenClaim(*_kept_values(self), speaker, speaker_role, quote, cue)
        copy.__class__ = Claim  # the same slots: from here on a Claim like any other
        return copy


_ATTRIBUTION_FIELDS = ("speaker", "speaker_role", "quote", "cue")
_CLAIM_FIELDS = [f.name for f in fields(Claim)]
if tuple(_CLAIM_FIELDS[-4:]) != _ATTRIBUTION_FIELDS:
    raise TypeError("Claim.attributed needs the attribution fields last")
_kept_values = attrgetter(*_CLAIM_FIELDS[:-4])
# Claim's slots in the same order without the frozen __setattr__: __class__ can be set
# from one to the other (the layouts are the same)
_OpenClaim = make_dataclass(
    "_OpenClaim",
    [(f.name, f.type, field(default=f.default)) for f in fields(Claim)],
    slots=True,
    eq=False,
    repr=False,
    match_args=False,
)


def fill_attribution(
    claim: Claim, speaker: str | None, speaker_role: str | None, quote: bool, cue: str | None
) -> Claim:
    """Set the four attribution fields of ``claim`` in place and return it.

    Only for a claim just built that nothing else holds or has hashed yet (extract_claims'
    own): everywhere else claims are frozen values, and ``Claim.attributed`` copies.
    """
    # in place, not a copy: ~49,000 copies per 10 MB kept alive beside the claims they
    # copy made the cycle collector's full passes more and longer
    open_claim: Any = claim
    # past the frozen __setattr__, which refuses every name
    object.__setattr__(open_claim, "__class__", _OpenClaim)
    open_claim.speaker = speaker
    open_claim.speaker_role = speaker_role
    open_claim.quote = quote
    open_claim.cue = cue
    open_claim.__class__ = Claim
    return claim


def claim_from_fields(*values: Any) -> Claim:
    """Return ``Claim(*values)``: the fields by position, as the constructor takes them."""
    # built as an _OpenClaim, then made a Claim (see Claim.attributed): the frozen
    # __init__ costs ~1.9 us against ~0.45 us, for each of ~61,000 claims per 10 MB
    claim: Claim = _OpenClaim(*values)
    claim.__class__ = Claim
    return claim


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


# --- what the tracker stores (store/ returns these, never its SQLModel rows) ---


@dataclass(frozen=True, slots=True)
class Source:
    """A stored article: its metadata and the text its claims' offsets index."""

    id: int
    text: str
    content_hash: str
    ingested_at: datetime
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    format: str = "text"
    origin: str | None = None
    # versions of one article at one URL: 1, 2, ...; previous_id links them
    version: int = 1
    previous_id: int | None = None
    # claims by status, filled by listings (Store.sources())
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim in the tracker: the extracted claim plus its id, source and review state."""

    id: int
    source_id: int
    claim: Claim
    status: Status
    # bumped by every review change; a decision names the version it saw
    # (optimistic concurrency: a stale version is refused, not overwritten)
    version: int
    created_at: datetime
    updated_at: datetime


class Action(StrEnum):
    """What a review event did."""

    VERIFY = "verify"
    DISPUTE = "dispute"
    REOPEN = "reopen"
    NOTE = "note"
    UNDO = "undo"


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    """One reviewer decision or note; events are only ever appended."""

    id: int
    claim_id: int
    reviewer: str
    action: Action
    old_status: Status
    new_status: Status
    created_at: datetime
    note: str | None = None
    evidence_url: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference URL attached to a claim, to be looked up."""

    id: int
    claim_id: int
    url: str
    added_at: datetime
    added_by: str | None = None


class Outcome(StrEnum):
    """What a lookup found on a reference page."""

    MATCH = "match"
    CONFLICT = "conflict"
    NOT_FOUND = "not_found"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of a reference page around a number; hl_start/hl_end mark the number in it."""

    text: str
    hl_start: int
    hl_end: int
    found: str  # the number as written on the page
    value: float | None
    score: float


@dataclass(frozen=True, slots=True)
class LookupResult:
    """The outcome of checking one claim against one URL."""

    claim_id: int
    url: str
    outcome: Outcome
    fetched_at: datetime
    id: int | None = None
    final_url: str | None = None
    http_status: int | None = None
    content_hash: str | None = None
    error: str | None = None
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What storing one document did: ingested, unchanged, or a new version of its URL."""

    source: Source
    status: str  # ingested | unchanged | new_version
    claims_added: int = 0
    claims_kept: int = 0
