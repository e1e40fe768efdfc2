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

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from factcheck.errors import ConflictError, NotFoundError, SchemaError, StoreError
from factcheck.models import (
    Action,
    Claim,
    Document,
    IngestResult,
    LookupResult,
    Outcome,
    Reference,
    ReviewEvent,
    Status,
)
from factcheck.store import migrations, where
from factcheck.store.engine import (
    make_engine,
    masked,
    resolve_url,
    sqlite_path,
    store_errors,
    use_wal,
)
from factcheck.store.lite import sqlite_rows
from factcheck.store.reads import (
    Reads,
    lookup,
    reference,
    review_event,
    utc,
)
from factcheck.store.writes import (
    CHUNK,
    Run,
    add_article,
    content_hash,
    find_unchanged,
    insert_sql,
    sqlite_transaction,
    transaction_time,
)
from factcheck.store.writes import claim_row as _claim_row  # noqa: F401  (tests/test_store_reads.py)

__all__ = ["Store", "content_hash"]

# rows per INSERT statement: large enough to amortise the round trip, small
# enough to keep PostgreSQL's parameter count (65535) far away
_CHUNK = 500


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
                now = transaction_time()  # one transaction, one time
                return [add_article(run, doc, claims, now) for doc, claims in batch]
        except (sa.exc.IntegrityError, sqlite3.IntegrityError) as err:
            # another process stored the same text between our look-up and our
            # insert (possible on PostgreSQL, where writers do not queue as on
            # SQLite): once more, and that text is found as unchanged
            if "content_hash" not in str(err):
                raise
        with self._ingest() as run:
            now = transaction_time()
            return [add_article(run, doc, claims, now) for doc, claims in batch]

    def unchanged(self, doc: Document) -> IngestResult | None:
        """Return what storing the article again would: ``unchanged`` if its text is in
        the tracker already, else None (so that a caller can skip finding its claims)."""
        with self._ingest(write=False) as run:
            return find_unchanged(run, content_hash(doc.text))

    @contextmanager
    def _ingest(self, write: bool = True) -> Iterator[Run]:
        """One transaction for the ingest statements: sqlite3's own on SQLite."""
        if self.dialect != "sqlite":
            with self._write() if write else self._read() as conn:
                yield AlchemyRun(conn)
            return
        # the pool's connection, its pragmas set (engine.py); checking it out costs
        # about 15 us, so each transaction takes one
        pooled = self._engine.raw_connection()
        try:
            con: sqlite3.Connection = pooled.driver_connection  # type: ignore[assignment]
            with sqlite_transaction(con, masked(self._url), write) as run:
                yield run
        finally:
            pooled.close()

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
        # the Core tables are imported where used: building them is ~0.02 s of the
        # start-up of `factcheck ingest`, which needs none of them
        from factcheck.store.columns import CLAIM, EVENT

        now = transaction_time()
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
        from factcheck.store.columns import EVENT

        query = sa.select(EVENT).order_by(EVENT.c.id)
        if since is not None:
            query = query.where(EVENT.c.created_at >= utc(since))
        with self._read() as conn:
            return [review_event(r) for r in conn.execute(query).all()]

    def _require_claim(self, conn: Connection, claim_id: int) -> None:
        from factcheck.store.columns import CLAIM

        if conn.execute(sa.select(CLAIM.c.id).where(CLAIM.c.id == claim_id)).first() is None:
            raise NotFoundError(
                f"no claim with id {claim_id} in {self.url}; run 'factcheck claims' to see ids"
            )

    # ------------------------------------------------------------ references and lookups

    def add_references(
        self, claim_id: int, urls: Sequence[str], added_by: str | None
    ) -> list[Reference]:
        """Attach URLs to a claim (each once) and return the references for those URLs."""
        from factcheck.store.columns import REFERENCE

        wanted = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
        with self._write() as conn:
            self._require_claim(conn, claim_id)
            have = {
                r.url: r
                for r in conn.execute(sa.select(REFERENCE).where(REFERENCE.c.claim_id == claim_id))
            }
            new = [
                {
                    "claim_id": claim_id,
                    "url": u,
                    "added_by": added_by,
                    "added_at": transaction_time(),
                }
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
        from factcheck.store.columns import LOOKUP

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
        from factcheck.store.columns import LOOKUP

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


class AlchemyRun:
    """Ingest statements run through SQLAlchemy's text(), for PostgreSQL."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def first(self, sql: str, params: Mapping[str, Any]) -> Sequence[Any] | None:
        return self._conn.execute(sa.text(sql), params).first()

    def all(self, sql: str, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        return list(self._conn.execute(sa.text(sql), params).all())

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        sql = insert_sql(table, list(values), [f":{n}" for n in values]) + " RETURNING id"
        return int(self._conn.execute(sa.text(sql), values).scalar_one())

    def insert_many(self, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        sql = sa.text(insert_sql(table, names, [f":{n}" for n in names]))
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            self._conn.execute(sql, [dict(zip(names, r, strict=True)) for r in chunk])

    def time(self, when: datetime) -> datetime:
        return when


def _conflict(claim_id: int, seen: int, now: int) -> ConflictError:
    return ConflictError(
        f"claim {claim_id} changed since you saw it (version {seen}, now {now}); "
        f"run 'factcheck show {claim_id}' and decide again"
    )
