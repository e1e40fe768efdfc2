"""The tracker's reads, in SQL that SQLite and PostgreSQL both run, and rows -> models.

The statements are text with ``:named`` parameters rather than SQLAlchemy
expressions, so that one copy serves two runners: ``Store`` (tracker.py) runs
them through SQLAlchemy on any database, and ``lite.SqliteReads`` through the
standard library's sqlite3, for the commands that only read (``show``,
``history``, ``claims``, ``sources``): importing SQLAlchemy takes 0.25-0.35 s
here, the whole start-up budget of ``show``. Nothing in this module imports it.

Values come back as the driver gives them: SQLite has times as text and flags
as 0/1, PostgreSQL datetimes and booleans; the row functions take both.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from factcheck.errors import InputError, NotFoundError
from factcheck.models import (
    Action,
    Claim,
    Kind,
    LookupResult,
    Outcome,
    Passage,
    Qualifier,
    Reference,
    ReviewEvent,
    Source,
    Status,
    StoredClaim,
)

# ids per IN list: far below SQLite's and PostgreSQL's parameter limits
CHUNK = 500

# the columns of each table, in the order the row functions below unpack them
# (the order of columns.py; tests/test_store_reads.py checks both)
SOURCE_COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "title",
    "publisher",
    "author",
    "published",
    "ingested_at",
    "content_hash",
    "text",
    "format",
    "origin",
    "version",
    "previous_id",
)
CLAIM_COLUMNS = (
    "id",
    "source_id",
    "char_start",
    "char_end",
    "mention",
    "value",
    "value_high",
    "qualifier",
    "kind",
    "unit",
    "qualifier_text",
    "sentence",
    "sentence_start",
    "sentence_end",
    "speaker",
    "speaker_role",
    "quote",
    "cue",
    "status",
    "version",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = (
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
REFERENCE_COLUMNS = ("id", "claim_id", "url", "added_by", "added_at")
LOOKUP_COLUMNS = (
    "id",
    "claim_id",
    "url",
    "final_url",
    "http_status",
    "content_hash",
    "fetched_at",
    "outcome",
    "error",
    "passages",
)


def columns(names: Sequence[str], table: str | None = None) -> str:
    """Return a SELECT list: ``id, url, ...``, each prefixed with ``table.`` if given."""
    return ", ".join(f"{table}.{n}" if table else n for n in names)


_CLAIMS = f"SELECT {columns(CLAIM_COLUMNS)} FROM claim"
_NO_REPLACED = "SELECT id FROM source WHERE previous_id IS NOT NULL LIMIT 1"
# claims of a source that a newer version replaced are left out of listings
_NOT_SUPERSEDED = "source_id NOT IN (SELECT previous_id FROM source WHERE previous_id IS NOT NULL)"
# LIKE's wildcards in a user's text are matched as themselves
_LIKE_ESCAPE = "!"


def placeholders(prefix: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """Return ``(:p0, :p1, ...)`` and its parameters, for an IN list."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    return "(" + ", ".join(f":{n}" for n in names) + ")", dict(zip(names, values, strict=True))


def _contains(text: str) -> str:
    escaped = (
        text.lower()
        .replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
        .replace("%", _LIKE_ESCAPE + "%")
        .replace("_", _LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def claim_filter(
    status: Status | None = None,
    source_id: int | None = None,
    speaker: str | None = None,
    kind: Kind | None = None,
    search: str | None = None,
    superseded: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Return a WHERE clause (``""`` for none) and its parameters for the claim filters.

    ``speaker`` and ``search`` match case-insensitively anywhere in the speaker, or in
    the sentence or mention. Claims of a replaced source are left out unless
    ``superseded`` or ``source_id`` asks for them.
    """
    terms: list[str] = []
    params: dict[str, Any] = {}
    if status is not None:
        terms.append("status = :status")
        params["status"] = Status(status).value
    if kind is not None:
        terms.append("kind = :kind")
        params["kind"] = Kind(kind).value
    if source_id is not None:
        terms.append("source_id = :source_id")
        params["source_id"] = source_id
    elif not superseded:
        terms.append(_NOT_SUPERSEDED)
    escape = f" ESCAPE '{_LIKE_ESCAPE}'"
    if speaker:
        terms.append(f"lower(speaker) LIKE :speaker{escape}")
        params["speaker"] = _contains(speaker)
    if search:
        terms.append(
            f"(lower(sentence) LIKE :search{escape} OR lower(mention) LIKE :search{escape})"
        )
        params["search"] = _contains(search)
    return (" WHERE " + " AND ".join(terms) if terms else ""), params


def counts_query(ids: Sequence[int] | None) -> tuple[str, dict[str, Any]]:
    """Return the query of claims counted by source and status (of these sources, None: all)."""
    where, params = "", dict[str, Any]()
    if ids is not None:
        listed, params = placeholders("s", list(ids))
        where = f" WHERE source_id IN {listed}"
    sql = f"SELECT source_id, status, count(*) FROM claim{where} GROUP BY source_id, status"
    return sql, params


def count_rows(rows: Iterable[Sequence[Any]]) -> dict[int, dict[str, int]]:
    """Return source id -> status -> count from the rows of ``counts_query``."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for source_id, status, n in rows:
        out[source_id][status] = int(n)
    return out


class Reads(ABC):
    """Every read a command that only reads needs; a subclass says how SQL is run."""

    @property
    @abstractmethod
    def url(self) -> str:
        """The database URL, password masked."""

    @property
    @abstractmethod
    def dialect(self) -> str:
        """The database kind: sqlite or postgresql."""

    @abstractmethod
    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Sequence[Any]]:
        """Run one SELECT (``:named`` parameters) and return its rows as tuples."""

    @abstractmethod
    def close(self) -> None:
        """Release the database connection(s)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------ sources

    def get_source(self, source_id: int) -> Source:
        """Return one source with its claim counts; NotFoundError if there is none."""
        found = self.rows(
            f"SELECT {columns(SOURCE_COLUMNS)} FROM source WHERE id = :id", {"id": source_id}
        )
        if not found:
            raise NotFoundError(
                f"no source with id {source_id} in {self.url}; run 'factcheck sources' to see ids"
            )
        row = dict(zip(SOURCE_COLUMNS, found[0], strict=True))
        return source_from_row(row, self.counts([source_id]).get(source_id, {}))

    def next_version(self, source_id: int) -> int | None:
        """Return the id of the source that replaced this one (its next version), or None."""
        found = self.rows(
            "SELECT id FROM source WHERE previous_id = :id ORDER BY id LIMIT 1", {"id": source_id}
        )
        return int(found[0][0]) if found else None

    def sources(self) -> list[Source]:
        """Return every source, oldest first, with its claims counted by status."""
        found = self.rows(f"SELECT {columns(SOURCE_COLUMNS)} FROM source ORDER BY id")
        counts = self.counts(None)
        out = []
        for values in found:
            row = dict(zip(SOURCE_COLUMNS, values, strict=True))
            out.append(source_from_row(row, counts.get(row["id"], {})))
        return out

    def counts(self, ids: Sequence[int] | None) -> dict[int, dict[str, int]]:
        """Return source id -> status -> number of claims, for these sources (None: all)."""
        return count_rows(self.rows(*counts_query(ids)))

    # ------------------------------------------------------------ claims

    def get_claim(self, claim_id: int) -> StoredClaim:
        """Return one claim; NotFoundError if there is none."""
        return self.get_claims([claim_id])[0]

    def get_claims(self, ids: Sequence[int]) -> list[StoredClaim]:
        """Return the claims in the order asked; NotFoundError names every missing id."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, StoredClaim] = {}
        for start in range(0, len(wanted), CHUNK):
            listed, params = placeholders("i", wanted[start : start + CHUNK])
            for row in self.rows(f"{_CLAIMS} WHERE id IN {listed}", params):
                found[row[0]] = stored_claim(row)
        missing = [i for i in wanted if i not in found]
        if missing:
            named = ", ".join(str(i) for i in missing)
            noun = "claim with id" if len(missing) == 1 else "claims with ids"
            raise NotFoundError(
                f"no {noun} {named} in {self.url}; run 'factcheck claims' to see ids"
            )
        return [found[i] for i in wanted]

    def claims(
        self,
        status: Status | None = None,
        source_id: int | None = None,
        speaker: str | None = None,
        kind: Kind | None = None,
        search: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        *,
        superseded: bool = False,
    ) -> list[StoredClaim]:
        """Return the claims matching every filter given, ordered by id (see ``claim_filter``)."""
        if limit is not None and limit < 0:
            raise InputError(f"limit {limit} is negative; give 0 or more")
        where, params = claim_filter(status, source_id, speaker, kind, search, superseded)
        # LIMIT before OFFSET, and a LIMIT always (-1 is none in SQLite; NULL in PostgreSQL)
        page = " LIMIT :limit OFFSET :offset"
        params = {**params, "limit": limit, "offset": offset}
        if limit is None and not offset:
            page = ""
        elif limit is None:
            page = " LIMIT -1 OFFSET :offset" if self.dialect == "sqlite" else " OFFSET :offset"
        return [stored_claim(r) for r in self.rows(f"{_CLAIMS}{where} ORDER BY id{page}", params)]

    def count_claims(
        self,
        status: Status | None = None,
        source_id: int | None = None,
        speaker: str | None = None,
        kind: Kind | None = None,
        search: str | None = None,
        *,
        superseded: bool = False,
    ) -> int:
        """Return how many claims match the filters of ``claims()``."""
        if not superseded and source_id is None and not self.rows(_NO_REPLACED):
            # no article has a newer version, so leaving out replaced ones drops
            # nothing; without that test SQLite counts from the status index
            # alone (2 ms instead of 20-70 ms for 55,000 of 100,000 claims)
            superseded = True
        where, params = claim_filter(status, source_id, speaker, kind, search, superseded)
        return int(self.rows(f"SELECT count(*) FROM claim{where}", params)[0][0])

    # ------------------------------------------------------------ review

    def history(self, claim_id: int) -> list[ReviewEvent]:
        """Return a claim's review events, oldest first; NotFoundError for an unknown id."""
        found = self.rows(
            f"SELECT {columns(EVENT_COLUMNS)} FROM review_event WHERE claim_id = :id ORDER BY id",
            {"id": claim_id},
        )
        if not found and not self.rows("SELECT id FROM claim WHERE id = :id", {"id": claim_id}):
            raise NotFoundError(
                f"no claim with id {claim_id} in {self.url}; run 'factcheck claims' to see ids"
            )
        return [review_event(r) for r in found]

    # ------------------------------------------------------------ references and lookups

    def references(
        self, claim_id: int | None = None, source_id: int | None = None
    ) -> list[Reference]:
        """Return references, of one claim or of one source's claims if asked, oldest first."""
        sql = f"SELECT {columns(REFERENCE_COLUMNS, 'reference')} FROM reference"
        terms, params = [], {}
        if source_id is not None:
            sql += " JOIN claim ON claim.id = reference.claim_id"
            terms.append("claim.source_id = :source_id")
            params["source_id"] = source_id
        if claim_id is not None:
            terms.append("reference.claim_id = :claim_id")
            params["claim_id"] = claim_id
        if terms:
            sql += " WHERE " + " AND ".join(terms)
        return [reference(r) for r in self.rows(sql + " ORDER BY reference.id", params)]

    def lookups(self, claim_id: int) -> list[LookupResult]:
        """Return a claim's lookups, newest first."""
        found = self.rows(
            f"SELECT {columns(LOOKUP_COLUMNS)} FROM lookup WHERE claim_id = :id "
            "ORDER BY fetched_at DESC, id DESC",
            {"id": claim_id},
        )
        return [lookup(r) for r in found]


# ---------------------------------------------------------------- rows -> models

# text -> enum by dict: Enum(...) calls cost about 2 us each, five per claim read
_QUALIFIER = {q.value: q for q in Qualifier}
_KIND = {k.value: k for k in Kind}
_STATUS = {s.value: s for s in Status}
_ACTION = {a.value: a for a in Action}
_OUTCOME = {o.value: o for o in Outcome}


def utc_from_text(value: str) -> datetime:
    """Return a time SQLite keeps as naive UTC text as an aware datetime."""
    # appending the offset makes fromisoformat return it aware in one C call
    # (datetime.replace(tzinfo=...) afterwards costs five times the parse)
    try:
        return datetime.fromisoformat(value + "+00:00")
    except ValueError:
        # a date alone, or a time that carries its own offset
        return utc(datetime.fromisoformat(value))


def sqlite_time(value: datetime) -> str:
    """Return a time as SQLite keeps it: naive UTC text, as SQLAlchemy's DATETIME writes it."""
    return utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")


def utc(value: datetime | str) -> datetime:
    """Return a stored time as an aware UTC datetime (text from SQLite, a datetime otherwise).

    A naive datetime is taken as UTC; PostgreSQL's come in the session's zone.
    """
    if isinstance(value, str):
        return utc_from_text(value)
    zone = value.tzinfo
    if zone is UTC:
        return value
    return value.replace(tzinfo=UTC) if zone is None else value.astimezone(UTC)


def source_from_row(row: Mapping[Any, Any], counts: Mapping[str, int]) -> Source:
    """Return a Source from a row of ``SOURCE_COLUMNS`` by name, with its claim counts."""
    return Source(
        id=int(row["id"]),
        text=row["text"],
        content_hash=row["content_hash"],
        ingested_at=utc(row["ingested_at"]),
        title=row["title"],
        publisher=row["publisher"],
        author=row["author"],
        published=row["published"],
        url=row["url"],
        format=row["format"],
        origin=row["origin"],
        version=int(row["version"]),
        previous_id=row["previous_id"],
        counts=dict(counts),
    )


def stored_claim(row: Sequence[Any]) -> StoredClaim:
    """Return a StoredClaim from a row of ``CLAIM_COLUMNS``."""
    # plain tuple unpacking is several times cheaper than row mappings for 100,000 claims
    (
        id_,
        source_id,
        char_start,
        char_end,
        mention,
        value,
        value_high,
        qualifier,
        kind,
        unit,
        qualifier_text,
        sentence,
        sentence_start,
        sentence_end,
        speaker,
        speaker_role,
        quote,
        cue,
        status,
        version,
        created_at,
        updated_at,
    ) = row
    claim = Claim(
        start=char_start,
        end=char_end,
        mention=mention,
        value=value,
        value_high=value_high,
        qualifier=_QUALIFIER[qualifier],
        kind=_KIND[kind],
        unit=unit,
        qualifier_text=qualifier_text,
        sentence=sentence,
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        speaker=speaker,
        speaker_role=speaker_role,
        quote=bool(quote),
        cue=cue,
    )
    return StoredClaim(
        id=id_,
        source_id=source_id,
        claim=claim,
        status=_STATUS[status],
        version=version,
        created_at=utc(created_at),
        updated_at=utc(updated_at),
    )


def review_event(row: Sequence[Any]) -> ReviewEvent:
    """Return a ReviewEvent from a row of ``EVENT_COLUMNS``."""
    id_, claim_id, reviewer, action, old_status, new_status, note, evidence_url, created_at = row
    return ReviewEvent(
        id=int(id_),
        claim_id=claim_id,
        reviewer=reviewer,
        action=_ACTION[action],
        old_status=_STATUS[old_status],
        new_status=_STATUS[new_status],
        created_at=utc(created_at),
        note=note,
        evidence_url=evidence_url,
    )


def reference(row: Sequence[Any]) -> Reference:
    """Return a Reference from a row of ``REFERENCE_COLUMNS``."""
    id_, claim_id, url, added_by, added_at = row
    return Reference(id=id_, claim_id=claim_id, url=url, added_at=utc(added_at), added_by=added_by)


def passages(raw: str | None) -> tuple[Passage, ...]:
    """Return the passages a lookup stored as JSON."""
    items: Iterable[dict[str, Any]] = json.loads(raw) if raw else []
    return tuple(Passage(**item) for item in items)


def lookup(row: Sequence[Any]) -> LookupResult:
    """Return a LookupResult from a row of ``LOOKUP_COLUMNS``."""
    (
        id_,
        claim_id,
        url,
        final_url,
        http_status,
        content_hash,
        fetched_at,
        outcome,
        error,
        raw_passages,
    ) = row
    return LookupResult(
        id=id_,
        claim_id=claim_id,
        url=url,
        outcome=_OUTCOME[outcome],
        fetched_at=utc(fetched_at),
        final_url=final_url,
        http_status=http_status,
        content_hash=content_hash,
        error=error,
        passages=passages(raw_passages),
    )
