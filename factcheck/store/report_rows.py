"""The report's read of the tracker: every row a report shows, a query per table, as tuples.

``factcheck report`` shows every claim of a tracker; building a ``StoredClaim``
(and its ``Claim``) for each only to copy it into the report's own record cost
a second on 100,000 claims. Here the claims come back as plain tuples of
``CLAIM_FIELDS``, which ``report/build.py`` turns into its records directly.
The statements are those of reads.py's kind, run by any ``Reads`` (``Store`` or,
on a SQLite file, ``open_reader``'s sqlite3 reader without SQLAlchemy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from factcheck.models import LookupResult, ReviewEvent, Status
from factcheck.store.reads import (
    CHUNK,
    EVENT_COLUMNS,
    LOOKUP_COLUMNS,
    Reads,
    claim_filter,
    columns,
    lookup,
    placeholders,
    review_event,
    utc,
)

# the columns of a source row, in order (the article text is not among them)
SOURCE_FIELDS = (
    "id",
    "ingested_at",
    "title",
    "publisher",
    "author",
    "published",
    "url",
    "origin",
    "version",
    "previous_id",
)
# the columns of a claim row, in order; status is a Status, times aware datetimes.
# The four columns converted after reading come last: a row is then rebuilt from
# one slice (the other way round took a fifth of the report's read)
CLAIM_FIELDS = (
    "id",
    "source_id",
    "mention",
    "value",
    "sentence",
    "char_start",
    "char_end",
    "sentence_start",
    "version",
    "value_high",
    "qualifier",
    "qualifier_text",
    "kind",
    "unit",
    "speaker",
    "speaker_role",
    "status",
    "created_at",
    "updated_at",
    "quote",
)
# above this many claims, reading every lookup and dropping the others beats IN lists
_MANY = 5000

_STATUS = {s.value: s for s in Status}


@dataclass(frozen=True, slots=True)
class ReportRows:
    """What a report reads: sources and claims as tuples, the rest grouped by claim id."""

    # every source, by id, as tuples of SOURCE_FIELDS
    sources: list[tuple[Any, ...]]
    # the claims asked for, by id, as tuples of CLAIM_FIELDS
    claims: list[tuple[Any, ...]]
    # review events oldest first, reference URLs in the order added, lookups newest first
    events: dict[int, list[ReviewEvent]]
    references: dict[int, list[str]]
    lookups: dict[int, list[LookupResult]]


def read_report_rows(
    store: Reads,
    *,
    source_ids: Sequence[int] = (),
    status: Status | None = None,
    speaker: str | None = None,
) -> ReportRows:
    """Return every source, and the claims of ``source_ids`` (all if empty) with
    ``status`` and a speaker containing ``speaker`` (any case), with their events,
    references and lookups.

    Claims of every source are returned when no source is named, those of
    replaced versions too: the report knows which sources it shows.
    """
    times = _Times()
    sources = [
        (r[0], times(r[1]), *r[2:])
        for r in store.rows(f"SELECT {columns(SOURCE_FIELDS)} FROM source ORDER BY id")
    ]
    claims = _claims(store, times, source_ids, status, speaker)
    events: dict[int, list[ReviewEvent]] = {}
    for row in store.rows(f"SELECT {columns(EVENT_COLUMNS)} FROM review_event ORDER BY id"):
        event = review_event(row)
        found = events.get(event.claim_id)
        if found is None:
            events[event.claim_id] = [event]
        else:
            found.append(event)
    references: dict[int, list[str]] = {}
    for claim_id, url in store.rows("SELECT claim_id, url FROM reference ORDER BY id"):
        references.setdefault(claim_id, []).append(url)
    lookups = _lookups(store, [c[0] for c in claims])
    return ReportRows(sources, claims, events, references, lookups)


class _Times:
    """Stored times -> aware UTC datetimes, each distinct time converted once.

    The claims of one ingest share their creation time, so a tracker of
    100,000 claims holds a few thousand distinct times.
    """

    def __init__(self) -> None:
        self.seen: dict[Any, datetime] = {}

    def __call__(self, value: Any) -> Any:
        if value is None:
            return None
        found = self.seen.get(value)
        if found is None:
            found = self.seen[value] = utc(value)
        return found


def _claims(
    store: Reads,
    times: _Times,
    source_ids: Sequence[int],
    status: Status | None,
    speaker: str | None,
) -> list[tuple[Any, ...]]:
    # replaced versions too (superseded=True): the report drops the sources it does not show
    where, params = claim_filter(status=status, speaker=speaker, superseded=True)
    select = f"SELECT {columns(CLAIM_FIELDS)} FROM claim"
    found: list[Sequence[Any]] = []
    if source_ids:
        ids = sorted(set(source_ids))
        for start in range(0, len(ids), CHUNK):
            listed, more = placeholders("s", ids[start : start + CHUNK])
            term = f"source_id IN {listed}"
            found += store.rows(
                f"{select}{where} AND {term}" if where else f"{select} WHERE {term}",
                params | more,
            )
        found.sort(key=lambda r: r[0])
    else:
        found = store.rows(f"{select}{where} ORDER BY id", params)
    statuses = _STATUS
    # a time seen before without a call to times(): most claims share their times
    seen = times.seen.get
    # as read, but the status (a Status), the two times (aware) and the flag (a bool)
    return [
        (
            *r[:16],
            statuses[r[16]],
            seen(r[17]) or times(r[17]),
            seen(r[18]) or times(r[18]),
            bool(r[19]),
        )
        for r in found
    ]


def _lookups(store: Reads, claim_ids: Sequence[int]) -> dict[int, list[LookupResult]]:
    select = f"SELECT {columns(LOOKUP_COLUMNS)} FROM lookup"
    order = " ORDER BY claim_id, fetched_at DESC, id DESC"
    wanted = set(claim_ids)
    found: list[Sequence[Any]] = []
    if len(wanted) > _MANY:
        # lookups are few next to claims: one read of them all beats hundreds of IN lists
        found = store.rows(select + order)
    else:
        ids = sorted(wanted)
        for start in range(0, len(ids), CHUNK):
            listed, params = placeholders("c", ids[start : start + CHUNK])
            found += store.rows(f"{select} WHERE claim_id IN {listed}{order}", params)
    out: dict[int, list[LookupResult]] = {}
    for row in found:
        if row[1] in wanted:
            out.setdefault(row[1], []).append(lookup(row))
    return out
