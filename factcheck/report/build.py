"""Store -> ReportData: the only report module that reads the tracker.

Reads sources, claims, review events, references and lookups with one query
each (``factcheck.store.report_rows``), as plain rows that become the report's
records directly, so a tracker of 100,000 claims is read in a handful of queries.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import chain, groupby
from math import floor, log
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

from factcheck.errors import InputError, NotFoundError
from factcheck.models import Action, LookupResult, ReviewEvent, Status
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

if TYPE_CHECKING:
    from factcheck.store.reads import Reads
    from factcheck.store.report_rows import ReportRows

# actions that set a verdict; a note keeps the status it found
_DECISIONS = (Action.VERIFY, Action.DISPUTE, Action.REOPEN, Action.UNDO)


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


def highlight(sentence: str, mention: str, at: int) -> tuple[int, int]:
    """Return where a mention sits in its sentence (stored at offset ``at``), or (0, 0)."""
    if 0 <= at and sentence[at : at + len(mention)] == mention:
        return (at, at + len(mention))
    # offsets of an edited sentence no longer line up: fall back to the first occurrence
    at = sentence.find(mention)
    return (at, at + len(mention)) if at >= 0 else (0, 0)


def _latest_lookups(results: Sequence[LookupResult]) -> tuple[LookupEntry, ...]:
    # lookups come newest first: the first result per URL is the latest
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


def _review(
    status: Status, events: Sequence[ReviewEvent]
) -> tuple[str | None, datetime | None, str | None, tuple[str, ...]]:
    """Return who set the status and when, the latest note, and the evidence URLs."""
    reviewer = reviewed_at = note = None
    if status != Status.PENDING:
        for event in reversed(events):
            if event.action in _DECISIONS and event.new_status == status:
                reviewer, reviewed_at = event.reviewer, event.created_at
                break
    for event in reversed(events):
        if event.note:
            note = event.note
            break
    evidence = tuple(dict.fromkeys(e.evidence_url for e in events if e.evidence_url))
    return reviewer, reviewed_at, note, evidence


_NOT_REVIEWED = (None, None, None, ())


def _entries(
    claims: Iterable[tuple[Any, ...]],
    events: dict[int, list[ReviewEvent]],
    references: dict[int, list[str]],
    lookups: dict[int, list[LookupResult]],
) -> list[ClaimEntry]:
    """Return the report's records of claim rows (``report_rows.CLAIM_FIELDS``)."""
    out: list[ClaimEntry] = []
    append = out.append
    for (
        claim_id,
        source_id,
        mention,
        value,
        sentence,
        char_start,
        char_end,
        sentence_start,
        version,
        value_high,
        qualifier,
        qualifier_text,
        kind,
        unit,
        speaker,
        speaker_role,
        status,
        created_at,
        updated_at,
        quote,
    ) in claims:
        at = char_start - sentence_start
        # highlight() inlined for the common case: the mention where it was stored
        if 0 <= at and sentence[at : at + len(mention)] == mention:
            hl_start, hl_end = at, at + len(mention)
        else:
            hl_start, hl_end = highlight(sentence, mention, at)
        history = events.get(claim_id)
        # most claims of a big tracker were never reviewed: nothing to look through
        reviewer, reviewed_at, note, evidence = (
            _review(status, history) if history else _NOT_REVIEWED
        )
        found = lookups.get(claim_id)
        cited = references.get(claim_id)
        # positional, in the order of ClaimEntry's fields
        append(
            ClaimEntry(
                claim_id,
                source_id,
                status,
                mention,
                value,
                sentence,
                hl_start,
                hl_end,
                char_start,
                char_end,
                version,
                created_at,
                updated_at,
                value_high,
                qualifier,
                qualifier_text,
                kind,
                unit,
                speaker,
                speaker_role,
                quote,
                reviewer,
                reviewed_at,
                note,
                evidence,
                tuple(cited) if cited else (),
                _latest_lookups(found) if found else (),
                tuple(history) if history else (),
            )
        )
    return out


def _selected(claim: ClaimEntry, filters: Filters) -> bool:
    if filters.statuses and claim.status not in filters.statuses:
        return False
    if filters.speaker:
        if filters.speaker.lower() not in (claim.speaker or "").lower():
            return False
    if filters.since is not None:
        # added or reviewed on or after that day
        days = [claim.created_at, claim.updated_at, *(e.created_at for e in claim.events)]
        if max(d.date() for d in days) < filters.since:
            return False
    return True


def _sources(store: Reads, filters: Filters, rows: ReportRows) -> list[tuple[Any, ...]]:
    if filters.source_ids:
        by_id = {s[0]: s for s in rows.sources}
        for wanted in filters.source_ids:
            if wanted not in by_id:
                raise NotFoundError(
                    f"no source with id {wanted} in {store.url}; run 'factcheck sources' to see ids"
                )
        return [by_id[i] for i in dict.fromkeys(filters.source_ids)]
    # an older version of an article is replaced by its newer one (which carries its
    # reviews over); it is reported only when asked for by id
    replaced = {s[-1] for s in rows.sources if s[-1] is not None}
    return [s for s in rows.sources if s[0] not in replaced]


def build_report(
    store: Reads,
    filters: Filters | None = None,
    *,
    now: datetime | None = None,
    report_url: str | None = None,
    title: str = "Verification report",
    matches: bool = True,
    on_phase: Callable[[str], None] | None = None,
) -> ReportData:
    """Return the report data for the claims the filters select (everything by default).

    ``matches=False`` skips finding the same figure across sources (a third of the
    time on a big tracker) for outputs that do not show it; ``on_phase`` hears what
    is being done, for a progress display.
    """
    with paused_gc():
        return _build(store, filters, now, report_url, title, matches, on_phase)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while a report's objects pile up.

    A report allocates millions of objects and frees none of them until it is
    written; the collector walked them all again and again (a third of the time
    of matching on 100,000 claims). The report's objects form no cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(
    store: Reads,
    filters: Filters | None,
    now: datetime | None,
    report_url: str | None,
    title: str,
    matches: bool,
    on_phase: Callable[[str], None] | None,
) -> ReportData:
    from factcheck.store.report_rows import read_report_rows

    phase = on_phase or (lambda _: None)
    filters = filters or Filters()
    phase("reading sources and claims")
    # the store filters what it can in SQL; _selected() applies the rest
    rows = read_report_rows(
        store,
        source_ids=filters.source_ids,
        status=filters.statuses[0] if len(filters.statuses) == 1 else None,
        speaker=filters.speaker,
    )
    phase("reading reviews, references and lookups")
    sources = _sources(store, filters, rows)
    by_source: dict[int, list[ClaimEntry]] = {s[0]: [] for s in sources}
    selecting = bool(filters.statuses or filters.speaker or filters.since)
    for claim in _entries(rows.claims, rows.events, rows.references, rows.lookups):
        # claims of sources not shown (replaced versions) are dropped here
        shown = by_source.get(claim.source_id)
        if shown is not None and (not selecting or _selected(claim, filters)):
            shown.append(claim)
    del rows
    entries: list[SourceEntry] = []
    for source in sources:
        claims = by_source.pop(source[0])
        if not claims and selecting:
            continue
        claims.sort(key=_SHOWN_ORDER)
        fields: tuple[Any, ...] = (*source, tuple(claims))
        entries.append(SourceEntry(*fields))
    if matches:
        phase("matching claims across sources")
    groups = match_groups(entries) if matches else []
    return ReportData(
        generated_at=now or datetime.now(UTC),
        summary=summarise(entries),
        sources=tuple(entries),
        matches=tuple(groups),
        filters=filters,
        report_url=report_url,
        title=title,
    )


def _shown_order(c: ClaimEntry) -> tuple[int, int, int]:
    # inside a source: disputed, verified, pending; then in the order of the text
    return (STATUS_RANK[c.status], c.start, c.id)


_SHOWN_ORDER = _shown_order


_STATUS_OF = attrgetter("status")
_SPEAKER_AND_STATUS = attrgetter("speaker", "status")
_EVENTS_OF = attrgetter("events")


def summarise(sources: Sequence[SourceEntry]) -> Summary:
    """Return counts by status, speaker, source and reviewer over the given sources."""
    by_status: Counter[str] = Counter()
    # counted by (speaker, Status) as the records hold them, named afterwards: a
    # generator per source building the names took a third of the time
    speakers: Counter[tuple[str | None, Status]] = Counter()
    events: list[ReviewEvent] = []
    by_source = []
    for source in sources:
        claims = source.claims
        counts = {str(s): n for s, n in Counter(map(_STATUS_OF, claims)).items()}
        by_status.update(counts)
        by_source.append(Count(source.label, len(claims), counts, key=source.id))
        speakers.update(map(_SPEAKER_AND_STATUS, claims))
        events.extend(chain.from_iterable(map(_EVENTS_OF, claims)))
    per_speaker: dict[str, dict[str, int]] = defaultdict(dict)
    for (speaker, status), n in speakers.items():
        # None and "" are both unattributed
        named = per_speaker[speaker or UNATTRIBUTED]
        named[str(status)] = named.get(str(status), 0) + n
    reviewers: dict[str, list[ReviewEvent]] = defaultdict(list)
    for event in events:
        reviewers[event.reviewer].append(event)
    speaker_counts = sorted(
        (Count(name, sum(c.values()), c) for name, c in per_speaker.items()),
        key=lambda c: (-c.total, c.name.lower(), c.name),
    )
    reviewer_counts = []
    for name, done in reviewers.items():
        times = [e.created_at for e in done]
        actions = Counter(e.action for e in done)
        reviewer_counts.append(
            ReviewerCount(
                name=name,
                events=len(done),
                verified=actions[Action.VERIFY],
                disputed=actions[Action.DISPUTE],
                reopened=actions[Action.REOPEN],
                first=min(times),
                last=max(times),
            )
        )
    reviewer_counts.sort(key=lambda r: (-r.events, r.name))
    return Summary(
        sources=len(sources),
        claims=sum(by_status.values()),
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
    value within the rounding of the less precise figure, similar wording. Every
    claim with a figure of another source is a candidate (``_value_partners``); to
    stay fast on 100,000 claims, only candidates that fall in the same (kind, unit,
    ~5% value band) and share one of their ANCHORS rarest content words (in the
    fewest sources) are compared, so a pair alike only in common words ("Shr 20 cts
    vs 21 cts") may stay apart. Matching pairs are joined into groups.
    """
    from factcheck.review.matches import context_stems_many

    labels = {s.id: s.label for s in sources}
    live = _value_partners(sources)
    # each stem once, sorted: the tuples are sets already
    stems = context_stems_many((c.sentence, c.hl_start, c.mention, c.unit) for c in live)
    blocks = _anchor_blocks(live, stems)
    own_stems = {c.id: own for c, own in zip(live, stems, strict=True)}
    del stems
    matched, root = _matching_pairs(blocks, own_stems)
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


Blocks = dict[tuple[str, str | None, int], dict[str, list[ClaimEntry]]]


def _anchor_blocks(live: Sequence[ClaimEntry], stems: Sequence[tuple[str, ...]]) -> Blocks:
    """File each claim by (kind, unit, value band), then under its ANCHORS rarest stems
    that another source has too (rarest: in the fewest sources). ``live`` holds the
    claims of a source together (``_value_partners``)."""
    # a word counts once per source: the words an article repeats (its subject, its
    # place names) are not shared until another article has them, and would take the
    # anchor places of its claims from the words they share with other articles.
    # ``live`` comes a source at a time; dicts, not sets: counted in their order, 40%
    # faster than over sets (0.10 against 0.16 s on the benchmark tracker)
    by_source = (
        dict.fromkeys(chain.from_iterable(map(itemgetter(1), claims)))
        for _, claims in groupby(zip(map(_SOURCE_ID, live), stems, strict=True), key=itemgetter(0))
    )
    frequency: Counter[str] = Counter(chain.from_iterable(by_source))
    # words that another source has too, with how many sources have them
    shared_by = {w: n for w, n in frequency.items() if n > 1}
    blocks: Blocks = {}
    bands: dict[float, int] = {}
    for c, own in zip(live, stems, strict=True):
        # rarest first; sorted by word before (context_stems), so ties in frequency
        # fall the same way every run
        shared = sorted(filter(shared_by.__contains__, own), key=shared_by.__getitem__)
        if not shared:
            continue
        band = bands.get(c.value)
        if band is None:
            band = bands[c.value] = _band(c.value)
        key = (c.kind, c.unit, band)
        by_word = blocks.get(key)
        if by_word is None:
            by_word = blocks[key] = {}
        for word in shared[:ANCHORS]:
            here = by_word.get(word)
            if here is None:
                by_word[word] = [c]
            else:
                here.append(c)
    return blocks


def _matching_pairs(
    blocks: Blocks, stems: dict[int, tuple[str, ...]]
) -> tuple[dict[int, ClaimEntry], Callable[[int], int]]:
    """Compare the claims filed together (and in the next band up) and join the
    matching pairs; return the matched claims by id and the root of each one's group."""
    from rapidfuzz import fuzz

    from factcheck.review.matches import WORDING_THRESHOLD, same_figures

    texts: dict[int, str] = {}

    def words(c: ClaimEntry) -> str:
        # joined only for the claims of a compared pair
        text = texts.get(c.id)
        if text is None:
            texts[c.id] = text = " ".join(stems[c.id])
        return text

    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.get(i, i) != i:
            i = parent[i]
        return i

    matched: dict[int, ClaimEntry] = {}
    seen: set[tuple[int, int]] = set()
    no_words: dict[str, list[ClaimEntry]] = {}
    for (kind, unit, band), by_word in blocks.items():
        words_above = blocks.get((kind, unit, band + 1), no_words)
        for word, here in by_word.items():
            above = words_above.get(word)
            if above is None:
                if len(here) < 2:
                    continue
                pool = here
            else:
                pool = here + above
            if len(pool) > COMMON_WORD:
                continue
            for a, b in _candidate_pairs(here, pool):
                if (a.id, b.id) in seen:
                    continue
                seen.add((a.id, b.id))
                # one kind and unit in a block: the figures decide, then the wording
                if not same_figures(a.value, a.value_high, b.value, b.value_high):
                    continue
                wa, wb = words(a), words(b)
                if fuzz.token_set_ratio(wa, wb, score_cutoff=WORDING_THRESHOLD) < WORDING_THRESHOLD:
                    continue
                matched[a.id], matched[b.id] = a, b
                ra, rb = root(a.id), root(b.id)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return matched, root


# each claim is filed under its rarest content words (that another claim has too)
ANCHORS = 3
# a word filed with more claims of one value band than this is too common there to
# pair claims on; such claims still meet through their other anchors
COMMON_WORD = 100


def _candidate_pairs(
    here: Sequence[ClaimEntry], pool: Sequence[ClaimEntry]
) -> Iterator[tuple[ClaimEntry, ClaimEntry]]:
    """Yield the pairs (first one from ``here``) of different sources, values within 5%."""
    for i, a in enumerate(here):
        for b in pool[i + 1 :]:
            if a.source_id == b.source_id:
                continue
            # MAX_RELATIVE_GAP of review.matches, checked before the exact rule
            if abs(a.value - b.value) > 0.05 * max(abs(a.value), abs(b.value)):
                continue
            if (a.value_high is None) != (b.value_high is None):
                continue
            yield (a, b) if a.id < b.id else (b, a)


_VALUE = attrgetter("value")
_SOURCE_ID = attrgetter("source_id")


def _value_partners(sources: Sequence[SourceEntry]) -> list[ClaimEntry]:
    """Return the claims that state, within rounding, the value of a claim of another
    source, a source at a time (as ``_anchor_blocks`` counts words)."""
    groups: dict[tuple[str, str | None, bool], list[ClaimEntry]] = defaultdict(list)
    for source in sources:
        for c in source.claims:
            groups[(c.kind, c.unit, c.value_high is None)].append(c)
    live: set[int] = set()
    for group in groups.values():
        group.sort(key=_VALUE)
        _partners_in(group, live)
    return [c for source in sources for c in source.claims if c.id in live]


def _partners_in(group: list[ClaimEntry], live: set[int]) -> None:
    """Put in ``live`` the id of each claim of ``group`` (sorted by value) whose figure
    a claim of another source states within rounding.

    A pair lies in the window of its coarser figure (``review.matches.window``), so
    each run of one value marks the claims of other sources in its window, and itself
    if there are any: every one of them, as ``find_matches`` lists them all (a 1,623
    that only a 1,600 covers is the 1,600's partner as much as another 1,600 is).
    """
    from factcheck.review.matches import window

    values = list(map(_VALUE, group))
    sources = list(map(_SOURCE_ID, group))
    ids = list(map(_ID, group))
    size = len(group)
    end = 0
    while end < size:
        # a run of claims of one value: they look in the same window
        start, value = end, values[end]
        end = bisect_right(values, value, start)
        below, above = window(value)
        lo = bisect_left(values, value - below, 0, start)
        hi = bisect_right(values, value + above, end)
        if hi - lo == 1:
            continue  # alone in its window, as most exact figures are
        run = sources[start:end]
        first = run[0]
        if run.count(first) != len(run):
            # two sources or more: every claim in the window differs from one of them
            live.update(ids[lo:hi])
            continue
        # one source: the claims of other sources in the window, and the run if any
        others = [ids[k] for k in range(lo, hi) if sources[k] != first]
        if others:
            live.update(others)
            live.update(ids[start:end])


_ID = attrgetter("id")


def _band(value: float) -> int:
    # bands 6% wide on a log scale: two values within 5% of each other are in
    # the same band or in neighbouring ones
    return floor(log(abs(value)) / _BAND_WIDTH) if value else -(10**9)


_BAND_WIDTH = log(1.06)
