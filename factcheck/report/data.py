"""What a report holds: plain frozen dataclasses, built by ``build.py``, read by the renderers.

Nothing here touches the store; tests build a ``ReportData`` by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from factcheck.models import Outcome, Passage, ReviewEvent, Status

# the order claims are shown in inside a source, and the order of status columns
STATUS_ORDER: tuple[Status, ...] = (Status.DISPUTED, Status.VERIFIED, Status.PENDING)
STATUS_RANK: dict[Status, int] = {s: i for i, s in enumerate(STATUS_ORDER)}

UNATTRIBUTED = "(unattributed)"


@dataclass(frozen=True, slots=True)
class Filters:
    """The selection a report was made with; empty means everything."""

    source_ids: tuple[int, ...] = ()
    statuses: tuple[Status, ...] = ()
    speaker: str | None = None
    # claims added or reviewed on or after this day
    since: date | None = None


@dataclass(frozen=True, slots=True)
class LookupEntry:
    """The latest lookup of one reference URL for one claim, with its best passage."""

    url: str
    outcome: Outcome
    fetched_at: datetime
    final_url: str | None = None
    http_status: int | None = None
    error: str | None = None
    passage: Passage | None = None


# Not frozen, unlike the other records: a frozen dataclass's __init__ sets each of
# its 28 fields through object.__setattr__, ten times the cost of plain slots
# (0.4-0.6 s of a report of 100,000 claims). Nothing changes one after build.py.
@dataclass(slots=True)
class ClaimEntry:
    """One claim as the report shows it: the claim, its review state and its evidence."""

    id: int
    source_id: int
    status: Status
    mention: str
    value: float
    sentence: str
    # where the mention sits inside ``sentence``; (0, 0) when it cannot be placed
    hl_start: int
    hl_end: int
    start: int
    end: int
    version: int
    created_at: datetime
    updated_at: datetime
    value_high: float | None = None
    qualifier: str = "none"
    qualifier_text: str | None = None
    kind: str = "count"
    unit: str | None = None
    speaker: str | None = None
    speaker_role: str | None = None
    quote: bool = False
    # who set the current status and when (None while pending)
    reviewer: str | None = None
    reviewed_at: datetime | None = None
    # the latest note of any event, and the evidence URLs of all events
    note: str | None = None
    evidence_urls: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    lookups: tuple[LookupEntry, ...] = ()
    events: tuple[ReviewEvent, ...] = ()

    @property
    def before(self) -> str:
        """Return the sentence up to the highlighted number."""
        return self.sentence[: self.hl_start] if self.hl_end else self.sentence

    @property
    def highlighted(self) -> str:
        """Return the highlighted number as written in the sentence."""
        return self.sentence[self.hl_start : self.hl_end]

    @property
    def after(self) -> str:
        """Return the sentence after the highlighted number."""
        return self.sentence[self.hl_end :] if self.hl_end else ""


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One article with its claims, disputed first, then verified, then pending."""

    id: int
    ingested_at: datetime
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    origin: str | None = None
    version: int = 1
    previous_id: int | None = None
    claims: tuple[ClaimEntry, ...] = ()

    @property
    def label(self) -> str:
        """Return the title, or the URL or origin when the article has no title."""
        return self.title or self.url or self.origin or f"source {self.id}"


@dataclass(frozen=True, slots=True)
class Count:
    """Claims of one speaker, source or reviewer, by status."""

    name: str
    total: int
    by_status: dict[str, int]
    key: int | None = None  # the source id, for counts by source


@dataclass(frozen=True, slots=True)
class ReviewerCount:
    """What one reviewer did: decisions by status, notes, first and last date."""

    name: str
    events: int
    verified: int
    disputed: int
    reopened: int
    first: datetime
    last: datetime


@dataclass(frozen=True, slots=True)
class Summary:
    """The numbers at the top of a report."""

    sources: int
    claims: int
    by_status: dict[str, int]
    by_speaker: tuple[Count, ...]
    by_source: tuple[Count, ...]
    reviewers: tuple[ReviewerCount, ...]
    first_review: datetime | None = None
    last_review: datetime | None = None

    @property
    def checked(self) -> int:
        """Return how many claims are verified or disputed."""
        return self.by_status.get(Status.VERIFIED, 0) + self.by_status.get(Status.DISPUTED, 0)

    @property
    def share_checked(self) -> float:
        """Return the checked claims as a fraction of all claims (0 when there are none)."""
        return self.checked / self.claims if self.claims else 0.0


@dataclass(frozen=True, slots=True)
class MatchMember:
    """One claim of a match group, with enough of its source to name it."""

    claim_id: int
    source_id: int
    source_label: str
    mention: str
    status: Status
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class MatchGroup:
    """Claims of different sources stating the same quantity, and the verdict they add up to."""

    id: int
    kind: str
    unit: str | None
    value: float
    value_high: float | None
    members: tuple[MatchMember, ...]
    # verified | disputed | conflicting (both) | pending (none reviewed)
    verdict: str
    # how the group was found, for the reader: "same kind, unit and value" or the review rule
    basis: str = ""


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything a renderer needs; renderers read nothing else."""

    generated_at: datetime
    summary: Summary
    sources: tuple[SourceEntry, ...]
    matches: tuple[MatchGroup, ...] = ()
    filters: Filters = field(default_factory=Filters)
    # where the html report is published; ClaimReview urls point into it (#claim-ID)
    report_url: str | None = None
    title: str = "Verification report"

    def match_of(self) -> dict[int, int]:
        """Return the match group id of every claim that is in one."""
        return {m.claim_id: g.id for g in self.matches for m in g.members}


def format_number(value: float | None) -> str:
    """Return a value with thousands separators and no trailing zeros ("1,600", "0.5")."""
    if value is None:
        return ""
    if value == int(value) and abs(value) < 1e18:
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def format_value(entry: ClaimEntry) -> str:
    """Return the value or range of a claim with its unit ("1,600-2,000 people")."""
    text = format_number(entry.value)
    if entry.value_high is not None:
        text += "–" + format_number(entry.value_high)
    if entry.unit:
        # "12%", but "1,600 workers"
        text += entry.unit if entry.unit == "%" else f" {entry.unit}"
    return text
