"""Store -> ReportData: the only report module that reads the tracker.

Reads sources one at a time (``store.claims(source_id=...)``), review events and
references once, and lookups only for claims that have a reference or evidence
URL, so a tracker of 100,000 claims is read in a few thousand queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from math import floor, log
from typing import Protocol

from factcheck.errors import InputError, NotFoundError
from factcheck.models import (
    Action,
    Claim,
    Kind,
    LookupResult,
    Qualifier,
    Reference,
    ReviewEvent,
    Source,
    Status,
    StoredClaim,
)
from factcheck.report.data import (
    STATUS_RANK,
    UNATTRIBUTED,
    ClaimEntry,
    Count,
    Filters,
    LookupEntry,
    MatchGroup,
    MatchMember,
    ReportData,
    ReviewerCount,
    SourceEntry,
    Summary,
)

# actions that set a verdict; a note keeps the status it found
_DECISIONS = (Action.VERIFY, Action.DISPUTE, Action.REOPEN, Action.UNDO)


class ReportStore(Protocol):
    """The store methods a report reads (factcheck.store.Store has them)."""

    @property
    def url(self) -> str: ...

    def sources(self) -> list[Source]: ...

    def claims(self, *, source_id: int | None = None) -> list[StoredClaim]: ...

    def events(self, since: datetime | None = None) -> list[ReviewEvent]: ...

    def references(
        self, claim_id: int | None = None, source_id: int | None = None
    ) -> list[Reference]: ...

    def lookups(self, claim_id: int) -> list[LookupResult]: ...


def parse_since(text: str | None) -> date | None:
    """Return the day a --since option names (YYYY-MM-DD or an ISO timestamp), or None."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise InputError(
            f"bad --since date {text!r}; give a day as YYYY-MM-DD, e.g. 2026-11-01"
        ) from None


def parse_statuses(values: Iterable[str] | None) -> tuple[Status, ...]:
    """Return the statuses named by --status options (repeatable or comma-separated)."""
    out: list[Status] = []
    for value in values or ():
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            try:
                status = Status(name)
            except ValueError:
                raise InputError(
                    f"unknown status {part.strip()!r}; use pending, verified or disputed"
                ) from None
            if status not in out:
                out.append(status)
    return tuple(out)


def highlight(stored: StoredClaim) -> tuple[int, int]:
    """Return where the claim's mention sits in its sentence, or (0, 0) if it is not there."""
    claim = stored.claim
    sentence, mention = claim.sentence, claim.mention
    if not sentence or not mention:
        return (0, 0)
    at = claim.start - claim.sentence_start
    if 0 <= at and sentence[at : at + len(mention)] == mention:
        return (at, at + len(mention))
    # offsets of an edited sentence no longer line up: fall back to the first occurrence
    at = sentence.find(mention)
    return (at, at + len(mention)) if at >= 0 else (0, 0)


def _latest_lookups(results: Sequence[LookupResult]) -> tuple[LookupEntry, ...]:
    # store.lookups() is newest first: the first result per URL is the latest
    seen: dict[str, LookupEntry] = {}
    for r in results:
        if r.url in seen:
            continue
        best = max(r.passages, key=lambda p: p.score, default=None)
        seen[r.url] = LookupEntry(
            url=r.url,
            outcome=r.outcome,
            fetched_at=r.fetched_at,
            final_url=r.final_url,
            http_status=r.http_status,
            error=r.error,
            passage=best,
        )
    return tuple(seen.values())


def _entry(
    stored: StoredClaim,
    events: Sequence[ReviewEvent],
    references: Sequence[str],
    lookups: tuple[LookupEntry, ...],
) -> ClaimEntry:
    claim = stored.claim
    reviewer = reviewed_at = note = None
    if stored.status != Status.PENDING:
        for event in reversed(events):
            if event.action in _DECISIONS and event.new_status == stored.status:
                reviewer, reviewed_at = event.reviewer, event.created_at
                break
    for event in reversed(events):
        if event.note:
            note = event.note
            break
    evidence = tuple(dict.fromkeys(e.evidence_url for e in events if e.evidence_url))
    hl_start, hl_end = highlight(stored)
    return ClaimEntry(
        id=stored.id,
        source_id=stored.source_id,
        status=stored.status,
        mention=claim.mention,
        value=claim.value,
        sentence=claim.sentence,
        hl_start=hl_start,
        hl_end=hl_end,
        start=claim.start,
        end=claim.end,
        version=stored.version,
        created_at=stored.created_at,
        updated_at=stored.updated_at,
        value_high=claim.value_high,
        qualifier=claim.qualifier.value,
        qualifier_text=claim.qualifier_text,
        kind=claim.kind.value,
        unit=claim.unit,
        speaker=claim.speaker,
        speaker_role=claim.speaker_role,
        quote=claim.quote,
        reviewer=reviewer,
        reviewed_at=reviewed_at,
        note=note,
        evidence_urls=evidence,
        references=tuple(references),
        lookups=lookups,
        events=tuple(events),
    )


def _selected(stored: StoredClaim, filters: Filters, events: Sequence[ReviewEvent]) -> bool:
    if filters.statuses and stored.status not in filters.statuses:
        return False
    if filters.speaker:
        speaker = stored.claim.speaker or ""
        if filters.speaker.lower() not in speaker.lower():
            return False
    if filters.since is not None:
        # added or reviewed on or after that day
        days = [stored.created_at, stored.updated_at, *(e.created_at for e in events)]
        if max(d.date() for d in days) < filters.since:
            return False
    return True


def _sources(store: ReportStore, filters: Filters) -> list[Source]:
    every = store.sources()
    if filters.source_ids:
        by_id = {s.id: s for s in every}
        for wanted in filters.source_ids:
            if wanted not in by_id:
                raise NotFoundError(
                    f"no source with id {wanted} in {store.url}; run 'factcheck sources' to see ids"
                )
        return [by_id[i] for i in dict.fromkeys(filters.source_ids)]
    # an older version of an article is replaced by its newer one (which carries its
    # reviews over); it is reported only when asked for by id
    replaced = {s.previous_id for s in every if s.previous_id is not None}
    return [s for s in every if s.id not in replaced]


def build_report(
    store: ReportStore,
    filters: Filters | None = None,
    *,
    now: datetime | None = None,
    report_url: str | None = None,
    title: str = "Verification report",
) -> ReportData:
    """Return the report data for the claims the filters select (everything by default)."""
    filters = filters or Filters()
    sources = _sources(store, filters)
    events: dict[int, list[ReviewEvent]] = defaultdict(list)
    for event in store.events():
        events[event.claim_id].append(event)
    references: dict[int, list[str]] = defaultdict(list)
    for ref in store.references():
        references[ref.claim_id].append(ref.url)
    entries: list[SourceEntry] = []
    for source in sources:
        claims = []
        for stored in store.claims(source_id=source.id):
            history = events.get(stored.id, ())
            if not _selected(stored, filters, history):
                continue
            refs = references.get(stored.id, ())
            lookups: tuple[LookupEntry, ...] = ()
            # a lookup checks a reference or evidence URL: claims without one have none
            if refs or any(e.evidence_url for e in history):
                lookups = _latest_lookups(store.lookups(stored.id))
            claims.append(_entry(stored, history, refs, lookups))
        if not claims and (filters.statuses or filters.speaker or filters.since):
            continue
        claims.sort(key=lambda c: (STATUS_RANK[c.status], c.start, c.id))
        entries.append(
            SourceEntry(
                id=source.id,
                ingested_at=source.ingested_at,
                title=source.title,
                publisher=source.publisher,
                author=source.author,
                published=source.published,
                url=source.url,
                origin=source.origin,
                version=source.version,
                previous_id=source.previous_id,
                claims=tuple(claims),
            )
        )
    groups = match_groups(entries)
    if groups:
        entries = _with_groups(entries, groups)
    return ReportData(
        generated_at=now or datetime.now(UTC),
        summary=summarise(entries),
        sources=tuple(entries),
        matches=tuple(groups),
        filters=filters,
        report_url=report_url,
        title=title,
    )


def _by_status(claims: Iterable[ClaimEntry]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in claims:
        counts[c.status] = counts.get(c.status, 0) + 1
    return counts


def summarise(sources: Sequence[SourceEntry]) -> Summary:
    """Return counts by status, speaker, source and reviewer over the given sources."""
    by_status: dict[str, int] = defaultdict(int)
    speakers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    reviewers: dict[str, list[ReviewEvent]] = defaultdict(list)
    by_source = []
    total = 0
    for source in sources:
        counts = _by_status(source.claims)
        by_source.append(Count(source.label, len(source.claims), counts, key=source.id))
        for claim in source.claims:
            total += 1
            by_status[claim.status] += 1
            speakers[claim.speaker or UNATTRIBUTED][claim.status] += 1
            for event in claim.events:
                reviewers[event.reviewer].append(event)
    speaker_counts = sorted(
        (Count(name, sum(c.values()), dict(c)) for name, c in speakers.items()),
        key=lambda c: (-c.total, c.name.lower(), c.name),
    )
    reviewer_counts = []
    for name, done in reviewers.items():
        times = [e.created_at for e in done]
        reviewer_counts.append(
            ReviewerCount(
                name=name,
                events=len(done),
                verified=sum(e.action == Action.VERIFY for e in done),
                disputed=sum(e.action == Action.DISPUTE for e in done),
                reopened=sum(e.action == Action.REOPEN for e in done),
                first=min(times),
                last=max(times),
            )
        )
    reviewer_counts.sort(key=lambda r: (-r.events, r.name))
    return Summary(
        sources=len(sources),
        claims=total,
        by_status=dict(by_status),
        by_speaker=tuple(speaker_counts),
        by_source=tuple(by_source),
        reviewers=tuple(reviewer_counts),
        first_review=min((r.first for r in reviewer_counts), default=None),
        last_review=max((r.last for r in reviewer_counts), default=None),
    )


# --- matching claims across sources --------------------------------------

MATCH_BASIS = "same kind, unit and value within rounding, similar wording"


def _verdict(statuses: Iterable[Status]) -> str:
    reviewed = {s for s in statuses if s != Status.PENDING}
    if not reviewed:
        return "pending"
    if len(reviewed) > 1:
        return "conflicting"
    return next(iter(reviewed)).value


_VERDICT_RANK = {"conflicting": 0, "disputed": 1, "verified": 2, "pending": 3}


def match_groups(sources: Sequence[SourceEntry]) -> list[MatchGroup]:
    """Return groups of claims from different sources that state the same figure.

    Two claims match by ``factcheck.review.matches``: same kind and unit, same
    value within the rounding of the less precise figure, similar wording. To stay
    fast on 100,000 claims only pairs in the same (kind, unit, ~5% value band) that
    share a content word are compared; matching pairs are joined into groups.
    """
    from rapidfuzz import fuzz

    from factcheck.review.matches import WORDING_THRESHOLD, context_words, same_value

    labels = {s.id: s.label for s in sources}
    bands: dict[tuple[str, str | None, int], list[ClaimEntry]] = defaultdict(list)
    for source in sources:
        for c in source.claims:
            bands[(c.kind, c.unit, _band(c.value))].append(c)
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.get(i, i) != i:
            i = parent[i]
        return i

    claims: dict[int, Claim] = {}
    words: dict[int, str] = {}

    def prepared(entry: ClaimEntry) -> tuple[Claim, str]:
        if entry.id not in claims:
            claims[entry.id] = _as_claim(entry)
            words[entry.id] = context_words(claims[entry.id])
        return claims[entry.id], words[entry.id]

    matched: dict[int, ClaimEntry] = {}
    for (kind, unit, band), here in bands.items():
        # a value within 5% of another is in the same band or the next one up
        pool = here + bands.get((kind, unit, band + 1), [])
        if len({c.source_id for c in pool}) < 2:
            continue
        for a, b in _candidate_pairs(here, pool, prepared):
            ca, wa = prepared(a)
            cb, wb = prepared(b)
            if not wa or not wb or not same_value(ca, cb):
                continue
            if fuzz.token_set_ratio(wa, wb) < WORDING_THRESHOLD:
                continue
            matched[a.id], matched[b.id] = a, b
            ra, rb = root(a.id), root(b.id)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[ClaimEntry]] = defaultdict(list)
    for claim_id, claim in matched.items():
        members[root(claim_id)].append(claim)
    groups = []
    for found in members.values():
        found.sort(key=lambda c: (c.source_id, c.id))
        first = found[0]
        groups.append(
            MatchGroup(
                id=0,
                kind=first.kind,
                unit=first.unit,
                value=first.value,
                value_high=first.value_high,
                members=tuple(
                    MatchMember(
                        c.id,
                        c.source_id,
                        labels.get(c.source_id, ""),
                        c.mention,
                        c.status,
                        c.speaker,
                    )
                    for c in found
                ),
                verdict=_verdict(c.status for c in found),
                basis=MATCH_BASIS,
            )
        )
    groups.sort(key=lambda g: (_VERDICT_RANK[g.verdict], g.members[0].claim_id))
    return [
        MatchGroup(i, g.kind, g.unit, g.value, g.value_high, g.members, g.verdict, g.basis)
        for i, g in enumerate(groups, 1)
    ]


# a content word in more claims of one value band than this is too common to
# pair claims on ("people", "year"); pairs still meet through their rarer words
COMMON_WORD = 200


def _candidate_pairs(
    here: Sequence[ClaimEntry],
    pool: Sequence[ClaimEntry],
    prepared: Callable[[ClaimEntry], tuple[Claim, str]],
) -> Iterator[tuple[ClaimEntry, ClaimEntry]]:
    """Yield each pair (one from ``here``) of different sources sharing a content word."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(pool):
        for word in set(prepared(c)[1].split()):
            index[word].append(i)
    home = len(here)
    seen: set[tuple[int, int]] = set()
    for positions in index.values():
        if len(positions) < 2 or len(positions) > COMMON_WORD:
            continue
        for x, i in enumerate(positions):
            if i >= home:
                break
            for j in positions[x + 1 :]:
                a, b = pool[i], pool[j]
                if a.source_id == b.source_id or (i, j) in seen:
                    continue
                seen.add((i, j))
                yield a, b


def _band(value: float) -> int:
    # bands 6% wide on a log scale: two values within 5% of each other are in
    # the same band or in neighbouring ones
    return floor(log(abs(value)) / _BAND_WIDTH) if value else -(10**9)


_BAND_WIDTH = log(1.06)


def _as_claim(entry: ClaimEntry) -> Claim:
    offset = entry.hl_start
    return Claim(
        start=offset,
        end=offset + len(entry.mention),
        mention=entry.mention,
        value=entry.value,
        value_high=entry.value_high,
        qualifier=Qualifier(entry.qualifier),
        kind=Kind(entry.kind),
        unit=entry.unit,
        sentence=entry.sentence,
        sentence_start=0,
    )


def _with_groups(sources: list[SourceEntry], groups: Sequence[MatchGroup]) -> list[SourceEntry]:
    from dataclasses import replace

    group_of = {m.claim_id: g.id for g in groups for m in g.members}
    return [
        replace(s, claims=tuple(replace(c, match_group=group_of.get(c.id)) for c in s.claims))
        if any(c.id in group_of for c in s.claims)
        else s
        for s in sources
    ]
