"""The report's read of the tracker: every row a report shows, a query per table, as tuples.

``factcheck report`` shows every claim of a tracker; building a ``StoredClaim``
(and its ``Claim``) for each only to copy it into the report's own record cost
a second on 100,000 claims. Here the claims come back as plain tuples of
``CLAIM_FIELDS``, which ``report/build.py`` turns into its records directly.
The statements are SQL text that SQLite and PostgreSQL both run; times come
back as SQLite's naive UTC text or as PostgreSQL datetimes, and are returned
as aware UTC datetimes either way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from factcheck.models import Action, LookupResult, Outcome, Passage, ReviewEvent, Status

if TYPE_CHECKING:
    from factcheck.store import Store

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
# the columns of a claim row, in order; status is a Status, times aware datetimes
CLAIM_FIELDS = (
    "id",
    "source_id",
    "status",
    "mention",
    "value",
    "sentence",
    "char_start",
    "char_end",
    "sentence_start",
    "version",
    "created_at",
    "updated_at",
    "value_high",
    "qualifier",
    "qualifier_text",
    "kind",
    "unit",
    "speaker",
    "speaker_role",
    "quote",
)
_EVENT_FIELDS = (
    "id",
    "claim_id",
    "reviewer",
    "action",
    "old_status",
    "new_status",
    "note",
    "evidence_url",
    "created_at",
)
_LOOKUP_FIELDS = (
    "claim_id",
    "id",
    "url",
    "final_url",
    "http_status",
    "content_hash",
    "fetched_at",
    "outcome",
    "error",
    "passages",
)
# ids per IN list, far below SQLite's and PostgreSQL's parameter limits
_CHUNK = 500
# above this many claims, reading every lookup and dropping the others beats IN lists
_MANY = 5000
# LIKE's wildcards in a user's text are matched as themselves
_ESCAPE = "!"

_STATUS = {s.value: s for s in Status}
_ACTION = {a.value: a for a in Action}
_OUTCOME = {o.value: o for o in Outcome}


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
    store: Store,
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
    import sqlalchemy as sa

    times = _Times()
    with store._read() as conn:

        def rows(sql: str, params: dict[str, Any] | None = None) -> Sequence[Sequence[Any]]:
            return conn.execute(sa.text(sql), params or {}).all()

        sources = [
            (*r[:1], times(r[1]), *r[2:])
            for r in rows(f"SELECT {', '.join(SOURCE_FIELDS)} FROM source ORDER BY id")
        ]
        claims = _claims(rows, times, source_ids, status, speaker)
        events: dict[int, list[ReviewEvent]] = {}
        for r in rows(f"SELECT {', '.join(_EVENT_FIELDS)} FROM review_event ORDER BY id"):
            event = _event(r, times)
            found = events.get(event.claim_id)
            if found is None:
                events[event.claim_id] = [event]
            else:
                found.append(event)
        references: dict[int, list[str]] = {}
        for claim_id, url in rows("SELECT claim_id, url FROM reference ORDER BY id"):
            references.setdefault(claim_id, []).append(url)
        lookups = _lookups(rows, times, [c[0] for c in claims])
    return ReportRows(sources, claims, events, references, lookups)


class _Times:
    """Stored times -> aware UTC datetimes, each distinct time parsed once.

    The claims of one ingest share their creation time, so a tracker of
    100,000 claims holds a few thousand distinct times.
    """

    def __init__(self) -> None:
        self._seen: dict[Any, datetime] = {}

    def __call__(self, value: Any) -> Any:
        if value is None:
            return None
        found = self._seen.get(value)
        if found is None:
            found = self._seen[value] = _utc(value)
        return found


def _utc(value: str | datetime) -> datetime:
    if isinstance(value, str):
        # SQLite keeps naive UTC text; appending the offset makes fromisoformat
        # return it aware in one call
        try:
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:
            # a date alone, or a time that carries its own offset
            value = datetime.fromisoformat(value)
    zone = value.tzinfo
    if zone is UTC:
        return value
    # PostgreSQL's come in the session's zone; a naive time is UTC
    return value.replace(tzinfo=UTC) if zone is None else value.astimezone(UTC)


_Rows = Any  # rows(sql, params) -> the rows of one SELECT


def _placeholders(values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    names = [f"i{n}" for n in range(len(values))]
    return "(" + ", ".join(f":{n}" for n in names) + ")", dict(zip(names, values, strict=True))


def _contains(text: str) -> str:
    escaped = (
        text.lower()
        .replace(_ESCAPE, _ESCAPE * 2)
        .replace("%", _ESCAPE + "%")
        .replace("_", _ESCAPE + "_")
    )
    return f"%{escaped}%"


def _claims(
    rows: _Rows,
    times: _Times,
    source_ids: Sequence[int],
    status: Status | None,
    speaker: str | None,
) -> list[tuple[Any, ...]]:
    terms, params = [], {}
    if status is not None:
        terms.append("status = :status")
        params["status"] = Status(status).value
    if speaker:
        terms.append(f"lower(speaker) LIKE :speaker ESCAPE '{_ESCAPE}'")
        params["speaker"] = _contains(speaker)
    select = f"SELECT {', '.join(CLAIM_FIELDS)} FROM claim"
    found: list[Sequence[Any]] = []
    if source_ids:
        ids = sorted(set(source_ids))
        for start in range(0, len(ids), _CHUNK):
            listed, more = _placeholders(ids[start : start + _CHUNK])
            where = " AND ".join([*terms, f"source_id IN {listed}"])
            found += rows(f"{select} WHERE {where}", params | more)
        found.sort(key=lambda r: r[0])
    else:
        where = f" WHERE {' AND '.join(terms)}" if terms else ""
        found = rows(f"{select}{where} ORDER BY id", params)
    statuses = _STATUS
    # fields 0-9 as read but the status; the times parsed; then 12-18 as read, and the flag
    return [
        (
            *r[:2],
            statuses[r[2]],
            *r[3:10],
            times(r[10]),
            times(r[11]),
            *r[12:19],
            bool(r[19]),
        )
        for r in found
    ]


def _event(row: Sequence[Any], times: _Times) -> ReviewEvent:
    id_, claim_id, reviewer, action, old_status, new_status, note, evidence_url, created_at = row
    return ReviewEvent(
        id=int(id_),
        claim_id=claim_id,
        reviewer=reviewer,
        action=_ACTION[action],
        old_status=_STATUS[old_status],
        new_status=_STATUS[new_status],
        created_at=times(created_at),
        note=note,
        evidence_url=evidence_url,
    )


def _lookups(rows: _Rows, times: _Times, claim_ids: Sequence[int]) -> dict[int, list[LookupResult]]:
    select = f"SELECT {', '.join(_LOOKUP_FIELDS)} FROM lookup"
    order = " ORDER BY claim_id, fetched_at DESC, id DESC"
    wanted = set(claim_ids)
    found: list[Sequence[Any]] = []
    if len(wanted) > _MANY:
        # lookups are few next to claims: one read of them all beats hundreds of IN lists
        found = rows(select + order)
    else:
        ids = sorted(wanted)
        for start in range(0, len(ids), _CHUNK):
            listed, params = _placeholders(ids[start : start + _CHUNK])
            found += rows(f"{select} WHERE claim_id IN {listed}{order}", params)
    out: dict[int, list[LookupResult]] = {}
    for row in found:
        if row[0] in wanted:
            out.setdefault(row[0], []).append(_lookup(row, times))
    return out


def _lookup(row: Sequence[Any], times: _Times) -> LookupResult:
    claim_id, id_, url, final_url, http_status, content_hash, fetched_at, outcome, error, raw = row
    items: list[dict[str, Any]] = json.loads(raw) if raw else []
    return LookupResult(
        id=id_,
        claim_id=claim_id,
        url=url,
        outcome=_OUTCOME[outcome],
        fetched_at=times(fetched_at),
        final_url=final_url,
        http_status=http_status,
        content_hash=content_hash,
        error=error,
        passages=tuple(Passage(**item) for item in items),
    )
