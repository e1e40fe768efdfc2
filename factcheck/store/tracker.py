"""``Store``: the tracker, read and written through SQLAlchemy, on SQLite or PostgreSQL.

``Store`` is the way in for every command that writes. It speaks the dataclasses
of ``factcheck.models``; its rows and SQLAlchemy connections never leave this
package. Every write is one transaction, so an interrupted command leaves
nothing half-stored. The reads that commands which only read need are in
reads.py (SQL text, shared with lite.py); the writes and the bulk reads here use
SQLAlchemy Core (columns.py mirrors the SQLModel tables of tables.py without
importing SQLModel, for start-up time): bulk inserts and plain selects are
several times faster than ORM objects for thousands of claims.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from factcheck.errors import ConflictError, NotFoundError, SchemaError, StoreError
from factcheck.models import (
    Action,
    Claim,
    Document,
    IngestResult,
    Kind,
    LookupResult,
    Outcome,
    Qualifier,
    Reference,
    ReviewEvent,
    Status,
)
from factcheck.store import migrations, where
from factcheck.store.columns import CLAIM, EVENT, LOOKUP, REFERENCE
from factcheck.store.engine import (
    make_engine,
    masked,
    resolve_url,
    sqlite_errors,
    sqlite_path,
    store_errors,
    use_wal,
)
from factcheck.store.lite import sqlite_rows
from factcheck.store.reads import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    LOOKUP_COLUMNS,
    REFERENCE_COLUMNS,
    SOURCE_COLUMNS,
    Reads,
    columns,
    count_rows,
    counts_query,
    lookup,
    placeholders,
    reference,
    review_event,
    source_from_row,
    sqlite_time,
    utc,
)

__all__ = ["Store", "content_hash"]

# rows per INSERT statement: large enough to amortise the round trip, small
# enough to keep PostgreSQL's parameter count (65535) far away
_CHUNK = 500

# origins that name no lasting place, so a changed text there is a new source
# rather than a new version
_NO_PLACE = {"-", "<stdin>", "stdin", "standard input"}


# The statements of the ingest path, as SQL text (``:named``, the columns of
# reads.py): sqlite3 runs them itself on SQLite, SQLAlchemy's text() elsewhere
# (_Sqlite / _Alchemy below). Through SQLAlchemy's expressions, storing one
# article per transaction cost 0.6 ms of CPU, most of it SQLAlchemy's work per
# statement (2,500 articles: 1.5 s against 0.6 s through sqlite3).
_SOURCE_BY_HASH = f"SELECT {columns(SOURCE_COLUMNS)} FROM source WHERE content_hash = :digest"
_LATEST = "SELECT id, version FROM source WHERE {} ORDER BY version DESC, id DESC LIMIT 1"
_LATEST_AT = {
    "url": _LATEST.format("url = :url"),
    "origin": _LATEST.format("origin = :origin AND url IS NULL"),
}
_OLD_CLAIMS = (
    "SELECT id, mention, sentence, value, status, version, updated_at FROM claim "
    "WHERE source_id = :source_id ORDER BY char_start, id"
)
# every column but the id, which the database assigns
_NEW_CLAIM_COLUMNS = CLAIM_COLUMNS[1:]
_STATUS_AT = _NEW_CLAIM_COLUMNS.index("status")
# the tables whose rows a claim kept in a new version takes along
_REVIEW_TABLES = (
    ("review_event", EVENT_COLUMNS[1:]),
    ("reference", REFERENCE_COLUMNS[1:]),
    ("lookup", LOOKUP_COLUMNS[1:]),
)


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of a text: how the tracker recognises an article."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class Store(Reads):
    """A factcheck tracker database; open it with ``Store.open(url)``."""

    def __init__(self, engine: Engine, url: str) -> None:
        self._engine = engine
        self._url = url

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True, create: bool = True) -> Store:
        """Return the tracker at ``url`` (FACTCHECK_DB or ./factcheck.db by default), migrated.

        A bare path means a SQLite file; with ``create=False`` a missing file is a
        StoreError instead of a new empty tracker. Raises StoreError for a database
        that cannot be used and SchemaError for one made by a newer factcheck.
        """
        full = resolve_url(url)
        if not create:
            path = sqlite_path(full)
            if path is not None and not path.exists():
                raise StoreError(where.missing_tracker(path))
        engine = make_engine(full)
        store = cls(engine, full)
        try:
            with store_errors(full):
                if migrate:
                    migrations.migrate(engine, masked(full))
                    use_wal(engine)
                else:
                    with engine.connect() as conn:
                        pending = migrations.check(conn, masked(full))
                    if pending:
                        raise SchemaError(
                            f"{masked(full)} needs schema steps {', '.join(pending)}; "
                            "open it once with migrate=True (any factcheck command does)"
                        )
        except BaseException:
            engine.dispose()
            raise
        return store

    @property
    def url(self) -> str:
        """The database URL, password masked."""
        return masked(self._url)

    @property
    def dialect(self) -> str:
        """The database kind: sqlite or postgresql."""
        return str(self._engine.dialect.name)

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Sequence[Any]]:
        """Run one SELECT of reads.py (``:named`` parameters) and return its rows."""
        with self._read() as conn:
            if conn.dialect.name != "sqlite":
                return list(conn.execute(sa.text(sql), params or {}).all())
            # the same sqlite3 runner as the commands that only read (lite.py)
            return sqlite_rows(conn.connection.driver_connection, sql, params, self.url)  # type: ignore[arg-type]

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with store_errors(self._url), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        # one transaction; BEGIN IMMEDIATE on SQLite (engine.py), rolled back on
        # any exception including KeyboardInterrupt
        with (
            store_errors(self._url),
            self._engine.connect().execution_options(factcheck_write=True) as conn,
            conn.begin(),
        ):
            yield conn

    # ------------------------------------------------------------ sources

    def add_document(self, doc: Document, claims: Sequence[Claim]) -> IngestResult:
        """Store an article and its claims in one transaction; return what happened.

        The same text again is ``unchanged``. A different text at the URL (or file
        path) of a stored source is a ``new_version`` of it: claims with the same
        mention, sentence and value keep their status, review events, references
        and lookups (copied to the new claim, ``claims_kept``); the rest start
        pending (``claims_added``).
        """
        return self.add_documents([(doc, claims)])[0]

    def add_documents(
        self, items: Iterable[tuple[Document, Sequence[Claim]]]
    ) -> list[IngestResult]:
        """Store several articles in one transaction, all or none; each as ``add_document``."""
        batch = list(items)
        try:
            with self._ingest() as run:
                now = _now()  # one transaction, one time
                return [self._add(run, doc, claims, now) for doc, claims in batch]
        except (sa.exc.IntegrityError, sqlite3.IntegrityError) as err:
            # another process stored the same text between our look-up and our
            # insert (possible on PostgreSQL, where writers do not queue as on
            # SQLite): once more, and that text is found as unchanged
            if "content_hash" not in str(err):
                raise
        with self._ingest() as run:
            now = _now()
            return [self._add(run, doc, claims, now) for doc, claims in batch]

    @contextmanager
    def _ingest(self) -> Iterator[_Run]:
        """One write transaction for the ingest statements: sqlite3's own on SQLite."""
        if self.dialect != "sqlite":
            with self._write() as conn:
                yield _Alchemy(conn)
            return
        # the pool's connection, its pragmas set (engine.py); checking it out costs
        # about 15 us, so each transaction takes one
        pooled = self._engine.raw_connection()
        try:
            con: sqlite3.Connection = pooled.driver_connection  # type: ignore[assignment]
            with sqlite_errors(self._url):
                try:
                    con.execute("BEGIN IMMEDIATE")
                    yield _Sqlite(con)
                    con.execute("COMMIT")
                finally:
                    # any exception, KeyboardInterrupt included, or a failed COMMIT
                    if con.in_transaction:
                        con.execute("ROLLBACK")
        finally:
            pooled.close()

    def _add(
        self, run: _Run, doc: Document, claims: Sequence[Claim], now: datetime
    ) -> IngestResult:
        digest = content_hash(doc.text)
        found = run.first(_SOURCE_BY_HASH, {"digest": digest})
        if found is not None:
            row = dict(zip(SOURCE_COLUMNS, found, strict=True))
            by_source = count_rows(run.all(*counts_query([row["id"]])))
            return IngestResult(
                source=source_from_row(row, by_source.get(row["id"], {})), status="unchanged"
            )
        previous = _latest_at(run, doc)
        values = _source_values(doc, digest, previous, now)
        stamp = run.time(now)
        source_id = run.insert("source", {**values, "ingested_at": stamp})
        added, kept, counts = _insert_claims(run, source_id, claims, previous, stamp)
        return IngestResult(
            source=source_from_row({**values, "id": source_id}, counts),
            status="new_version" if previous is not None else "ingested",
            claims_added=added,
            claims_kept=kept,
        )

    # ------------------------------------------------------------ review

    def record_review(
        self,
        claim_id: int,
        *,
        action: Action,
        new_status: Status,
        reviewer: str,
        note: str | None = None,
        evidence_url: str | None = None,
        expected_version: int | None = None,
    ) -> ReviewEvent:
        """Change a claim's status and append the event, in one transaction.

        Raises ConflictError when ``expected_version`` is given and the claim has
        changed since (somebody else reviewed it), NotFoundError for an unknown id.
        """
        now = _now()
        with self._write() as conn:
            row = conn.execute(
                sa.select(CLAIM.c.status, CLAIM.c.version).where(CLAIM.c.id == claim_id)
            ).first()
            if row is None:
                raise NotFoundError(
                    f"no claim with id {claim_id} in {self.url}; run 'factcheck claims' to see ids"
                )
            if expected_version is not None and row.version != expected_version:
                raise _conflict(claim_id, expected_version, row.version)
            # the version test in the UPDATE also catches a writer that slipped in
            # between the SELECT and here on PostgreSQL
            updated = conn.execute(
                CLAIM.update()
                .where(CLAIM.c.id == claim_id, CLAIM.c.version == row.version)
                .values(status=Status(new_status).value, version=row.version + 1, updated_at=now)
            )
            if updated.rowcount != 1:
                raise _conflict(claim_id, row.version, row.version + 1)
            values = {
                "claim_id": claim_id,
                "reviewer": reviewer,
                "action": Action(action).value,
                "old_status": row.status,
                "new_status": Status(new_status).value,
                "note": note,
                "evidence_url": evidence_url,
                "created_at": now,
            }
            event_id = conn.execute(
                EVENT.insert().values(**values).returning(EVENT.c.id)
            ).scalar_one()
        return review_event((event_id, *values.values()))

    def events(self, since: datetime | None = None) -> list[ReviewEvent]:
        """Return every review event (at or after ``since`` if given), oldest first."""
        query = sa.select(EVENT).order_by(EVENT.c.id)
        if since is not None:
            query = query.where(EVENT.c.created_at >= utc(since))
        with self._read() as conn:
            return [review_event(r) for r in conn.execute(query).all()]

    def _require_claim(self, conn: Connection, claim_id: int) -> None:
        if conn.execute(sa.select(CLAIM.c.id).where(CLAIM.c.id == claim_id)).first() is None:
            raise NotFoundError(
                f"no claim with id {claim_id} in {self.url}; run 'factcheck claims' to see ids"
            )

    # ------------------------------------------------------------ references and lookups

    def add_references(
        self, claim_id: int, urls: Sequence[str], added_by: str | None
    ) -> list[Reference]:
        """Attach URLs to a claim (each once) and return the references for those URLs."""
        wanted = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
        with self._write() as conn:
            self._require_claim(conn, claim_id)
            have = {
                r.url: r
                for r in conn.execute(sa.select(REFERENCE).where(REFERENCE.c.claim_id == claim_id))
            }
            new = [
                {"claim_id": claim_id, "url": u, "added_by": added_by, "added_at": _now()}
                for u in wanted
                if u not in have
            ]
            if new:
                conn.execute(REFERENCE.insert(), new)
                for r in conn.execute(sa.select(REFERENCE).where(REFERENCE.c.claim_id == claim_id)):
                    have[r.url] = r
        return [reference(tuple(have[u])) for u in wanted]

    def record_lookup(self, result: LookupResult) -> LookupResult:
        """Store a lookup outcome and return it with its id."""
        values = {
            "claim_id": result.claim_id,
            "url": result.url,
            "final_url": result.final_url,
            "http_status": result.http_status,
            "content_hash": result.content_hash,
            "fetched_at": utc(result.fetched_at),
            "outcome": Outcome(result.outcome).value,
            "error": result.error,
            "passages": json.dumps([asdict(p) for p in result.passages], ensure_ascii=False),
        }
        with self._write() as conn:
            self._require_claim(conn, result.claim_id)
            new_id = conn.execute(
                LOOKUP.insert().values(**values).returning(LOOKUP.c.id)
            ).scalar_one()
        return replace(result, id=int(new_id))

    def latest_lookup(self, claim_id: int, url: str) -> LookupResult | None:
        """Return the newest lookup of a claim against one URL, or None."""
        query = (
            sa.select(LOOKUP)
            .where(LOOKUP.c.claim_id == claim_id, LOOKUP.c.url == url)
            .order_by(LOOKUP.c.fetched_at.desc(), LOOKUP.c.id.desc())
            .limit(1)
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        return lookup(row) if row is not None else None


# ---------------------------------------------------------------- rows <-> models


def _version_key(doc: Document) -> tuple[str, str] | None:
    """Return where an article lives, so that a changed text there is a new version."""
    if doc.url:
        return ("url", doc.url)
    if doc.origin and doc.origin.strip().lower() not in _NO_PLACE:
        return ("origin", doc.origin)
    return None


def _source_values(
    doc: Document, digest: str, previous: Sequence[Any] | None, now: datetime
) -> dict[str, Any]:
    """Return a source row's values but its id, in the order of SOURCE_COLUMNS."""
    return {
        "url": doc.url,
        "canonical_url": _canonical(doc),
        "title": doc.title,
        "publisher": doc.publisher,
        "author": doc.author,
        "published": doc.published,
        "ingested_at": now,
        "content_hash": digest,
        "text": doc.text,
        "format": doc.format,
        "origin": doc.origin,
        "version": previous[1] + 1 if previous is not None else 1,
        "previous_id": previous[0] if previous is not None else None,
    }


def _canonical(doc: Document) -> str | None:
    """Return the URL the page names as its own when it is not where it was read from."""
    extra = doc.extra or {}
    if extra.get("canonical_url"):
        return str(extra["canonical_url"])
    fetched = extra.get("final_url") or doc.origin
    # ingest puts <link rel=canonical> (or og:url) in Document.url
    if doc.url and fetched and doc.url != fetched:
        return doc.url
    return None


# an enum member's text by dict look-up: an Enum call costs ~1 us, two per claim
_QUALIFIER_TEXT = {q: q.value for q in Qualifier}
_KIND_TEXT = {k: k.value for k in Kind}


def _claim_fields(source_id: int, claim: Claim) -> tuple[Any, ...]:
    """Return a new claim row's values from source_id to cue (the order of CLAIM_COLUMNS)."""
    qualifier, kind = claim.qualifier, claim.kind
    return (
        source_id,
        claim.start,
        claim.end,
        claim.mention,
        claim.value,
        claim.value_high,
        _QUALIFIER_TEXT.get(qualifier) or Qualifier(qualifier).value,
        _KIND_TEXT.get(kind) or Kind(kind).value,
        claim.unit,
        claim.qualifier_text,
        claim.sentence,
        claim.sentence_start,
        claim.sentence_end,
        claim.speaker,
        claim.speaker_role,
        bool(claim.quote),
        claim.cue,
    )


def _claim_row(source_id: int, claim: Claim, now: datetime) -> dict[str, Any]:
    """Return a new, pending claim row by column name."""
    values = (*_claim_fields(source_id, claim), Status.PENDING.value, 1, now, now)
    return dict(zip(_NEW_CLAIM_COLUMNS, values, strict=True))


def _latest_at(run: _Run, doc: Document) -> Sequence[Any] | None:
    """Return (id, version) of the newest source where the article lives, or None."""
    key = _version_key(doc)
    if key is None:
        return None
    kind, value = key
    return run.first(_LATEST_AT[kind], {kind: value})


def _insert_claims(
    run: _Run,
    source_id: int,
    claims: Sequence[Claim],
    previous: Sequence[Any] | None,
    stamp: Any,
) -> tuple[int, int, dict[str, int]]:
    """Insert an article's claims; those the previous version had keep their review.

    ``stamp`` is the time of the transaction as the driver takes it (``_Run.time``).

    Returns (claims added, claims kept, claims by status).
    """
    # earlier claims by (mention, sentence, value); a deque pairs repeats in order
    carry: dict[tuple[str, str, float], deque[Sequence[Any]]] = defaultdict(deque)
    if previous is not None:
        for old in run.all(_OLD_CLAIMS, {"source_id": previous[0]}):
            carry[(old[1], old[2], float(old[3]))].append(old)
    pending = Status.PENDING.value
    kept_from: dict[int, int] = {}  # position in claims -> old claim id
    rows: list[tuple[Any, ...]] = []
    for position, claim in enumerate(claims):
        queue = carry.get((claim.mention, claim.sentence, float(claim.value))) if carry else None
        if queue:
            old_id, _, _, _, status, version, updated = queue.popleft()
            kept_from[position] = old_id
            rows.append((*_claim_fields(source_id, claim), status, version, stamp, updated))
        else:
            rows.append((*_claim_fields(source_id, claim), pending, 1, stamp, stamp))
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row[_STATUS_AT]] += 1
    if kept_from:
        # a new version: one row at a time, in text order, to learn the ids the
        # copied reviews must point to (new versions are rare)
        new_id = {}
        for position, values in enumerate(rows):
            claim_id = run.insert("claim", dict(zip(_NEW_CLAIM_COLUMNS, values, strict=True)))
            if position in kept_from:
                new_id[kept_from[position]] = claim_id
        _copy_reviews(run, new_id)
    else:
        run.insert_many("claim", _NEW_CLAIM_COLUMNS, rows)
    return len(rows) - len(kept_from), len(kept_from), dict(counts)


def _copy_reviews(run: _Run, new_id: Mapping[int, int]) -> None:
    # appended copies: events are never moved or edited, and the old version
    # keeps its own history
    old_ids = list(new_id)
    for table, names in _REVIEW_TABLES:
        at = names.index("claim_id")
        for start in range(0, len(old_ids), _CHUNK):
            listed, params = placeholders("c", old_ids[start : start + _CHUNK])
            found = run.all(
                f"SELECT {columns(names)} FROM {table} WHERE claim_id IN {listed} ORDER BY id",
                params,
            )
            copies = [(*r[:at], new_id[r[at]], *r[at + 1 :]) for r in found]
            if copies:
                run.insert_many(table, names, copies)


class _Run(Protocol):
    """The statements of one ingest transaction, on one database's driver."""

    def first(self, sql: str, params: Mapping[str, Any]) -> Sequence[Any] | None:
        """Return the first row of a SELECT, or None."""

    def all(self, sql: str, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        """Return the rows of a SELECT."""

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert one row and return its id."""

    def insert_many(self, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows of values in the order of ``names``."""

    def time(self, when: datetime) -> Any:
        """Return a time as this database's driver takes it."""


def _insert_sql(table: str, names: Sequence[str], marks: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(marks)})"


class _Sqlite:
    """Ingest statements run by sqlite3 itself, in the transaction ``Store._ingest`` began."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    def first(self, sql: str, params: Mapping[str, Any]) -> Sequence[Any] | None:
        row: Sequence[Any] | None = self._con.execute(sql, params).fetchone()
        return row

    def all(self, sql: str, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        return self._con.execute(sql, params).fetchall()

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        sql = _insert_sql(table, list(values), ["?"] * len(values)) + " RETURNING id"
        return int(self._con.execute(sql, tuple(values.values())).fetchone()[0])

    def insert_many(self, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        # positional: sqlite3 looks a named parameter up by a new string each time
        self._con.executemany(_insert_sql(table, names, ["?"] * len(names)), rows)

    def time(self, when: datetime) -> str:
        # the text SQLAlchemy's DATETIME writes, so that every row reads back alike
        return sqlite_time(when)


class _Alchemy:
    """Ingest statements run through SQLAlchemy's text(), for PostgreSQL."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def first(self, sql: str, params: Mapping[str, Any]) -> Sequence[Any] | None:
        return self._conn.execute(sa.text(sql), params).first()

    def all(self, sql: str, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        return list(self._conn.execute(sa.text(sql), params).all())

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        sql = _insert_sql(table, list(values), [f":{n}" for n in values]) + " RETURNING id"
        return int(self._conn.execute(sa.text(sql), values).scalar_one())

    def insert_many(self, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        sql = sa.text(_insert_sql(table, names, [f":{n}" for n in names]))
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            self._conn.execute(sql, [dict(zip(names, r, strict=True)) for r in chunk])

    def time(self, when: datetime) -> datetime:
        return when


def _conflict(claim_id: int, seen: int, now: int) -> ConflictError:
    return ConflictError(
        f"claim {claim_id} changed since you saw it (version {seen}, now {now}); "
        f"run 'factcheck show {claim_id}' and decide again"
    )
