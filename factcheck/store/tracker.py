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
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

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
from factcheck.store.columns import CLAIM, EVENT, LOOKUP, REFERENCE, SOURCE
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
    CLAIM_COLUMNS,
    Reads,
    count_rows,
    counts_query,
    lookup,
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


# the statements of the ingest path, built once: building and caching a
# statement per article cost more than running it (profiled: 4 of 5 ms)
_SOURCE_BY_HASH = sa.select(SOURCE).where(SOURCE.c.content_hash == sa.bindparam("digest"))
_LATEST = (
    sa.select(SOURCE.c.id, SOURCE.c.version)
    .order_by(SOURCE.c.version.desc(), SOURCE.c.id.desc())
    .limit(1)
)
_LATEST_AT_URL = _LATEST.where(SOURCE.c.url == sa.bindparam("url"))
_LATEST_AT_ORIGIN = _LATEST.where(SOURCE.c.origin == sa.bindparam("origin"), SOURCE.c.url.is_(None))
_INSERT_SOURCE = SOURCE.insert().returning(SOURCE.c.id)
_INSERT_SOURCES = SOURCE.insert().returning(SOURCE.c.id, sort_by_parameter_order=True)
_ANY_HASH = (
    sa.select(SOURCE.c.id)
    .where(SOURCE.c.content_hash.in_(sa.bindparam("values", expanding=True)))
    .limit(1)
)
_ANY_AT_URL = (
    sa.select(SOURCE.c.id).where(SOURCE.c.url.in_(sa.bindparam("values", expanding=True))).limit(1)
)
_ANY_AT_ORIGIN = (
    sa.select(SOURCE.c.id)
    .where(SOURCE.c.origin.in_(sa.bindparam("values", expanding=True)), SOURCE.c.url.is_(None))
    .limit(1)
)
_INSERT_CLAIM = CLAIM.insert()
_INSERT_CLAIM_RETURNING = CLAIM.insert().returning(CLAIM.c.id)


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
        """Store several articles in one transaction, all or none; each as ``add_document``.

        For batches: one commit for many articles is several times faster than
        one each (a commit is most of the cost of a small article).
        """
        batch = list(items)
        try:
            with self._write() as conn:
                return self._store_batch(conn, batch)
        except sa.exc.IntegrityError as err:
            # another process stored the same text between our look-up and our
            # insert (possible on PostgreSQL, where writers do not queue as on
            # SQLite): once more, and that text is found as unchanged
            if "content_hash" not in str(err.orig):
                raise
        with self._write() as conn:
            return self._store_batch(conn, batch)

    def _store_batch(
        self, conn: Connection, batch: list[tuple[Document, Sequence[Claim]]]
    ) -> list[IngestResult]:
        if len(batch) > 1:
            fast = self._add_all_new(conn, batch)
            if fast is not None:
                return fast
        return [self._add(conn, doc, claims) for doc, claims in batch]

    def _add_all_new(
        self, conn: Connection, batch: list[tuple[Document, Sequence[Claim]]]
    ) -> list[IngestResult] | None:
        """Store a batch of articles that are all new (no copy, no earlier version) with
        four statements for the lot, or return None to have them stored one by one."""
        digests = [content_hash(doc.text) for doc, _ in batch]
        keys = [_version_key(doc) for doc, _ in batch]
        placed = [k for k in keys if k is not None]
        if len(set(digests)) < len(digests) or len(set(placed)) < len(placed):
            return None
        urls = [value for kind, value in placed if kind == "url"]
        origins = [value for kind, value in placed if kind == "origin"]
        for query, values in (
            (_ANY_HASH, digests),
            (_ANY_AT_URL, urls),
            (_ANY_AT_ORIGIN, origins),
        ):
            for start in range(0, len(values), _CHUNK):
                if conn.execute(query, {"values": values[start : start + _CHUNK]}).first():
                    return None
        now = _now()
        sources = [
            _source_values(doc, digest, None, now)
            for (doc, _), digest in zip(batch, digests, strict=True)
        ]
        ids = [int(i) for i in conn.execute(_INSERT_SOURCES, sources).scalars()]
        rows = [
            _claim_row(source_id, claim, now)
            for source_id, (_, claims) in zip(ids, batch, strict=True)
            for claim in claims
        ]
        _insert_claim_rows(conn, rows)
        return [
            IngestResult(
                source=source_from_row(
                    {**values, "id": source_id}, {"pending": len(claims)} if claims else {}
                ),
                status="ingested",
                claims_added=len(claims),
            )
            for values, source_id, (_, claims) in zip(sources, ids, batch, strict=True)
        ]

    def _add(self, conn: Connection, doc: Document, claims: Sequence[Claim]) -> IngestResult:
        digest = content_hash(doc.text)
        found = conn.execute(_SOURCE_BY_HASH, {"digest": digest}).first()
        if found is not None:
            source = source_from_row(found._mapping, _counts(conn, [found.id]).get(found.id, {}))
            return IngestResult(source=source, status="unchanged")
        previous = self._latest_at(conn, doc)
        now = _now()
        values = _source_values(doc, digest, previous, now)
        source_id = int(conn.execute(_INSERT_SOURCE, values).scalar_one())
        added, kept, counts = self._insert_claims(conn, source_id, claims, previous, now)
        row = {**values, "id": source_id}
        return IngestResult(
            source=source_from_row(row, counts),
            status="new_version" if previous is not None else "ingested",
            claims_added=added,
            claims_kept=kept,
        )

    def _latest_at(self, conn: Connection, doc: Document) -> Any:
        key = _version_key(doc)
        if key is None:
            return None
        kind, value = key
        query = _LATEST_AT_URL if kind == "url" else _LATEST_AT_ORIGIN
        return conn.execute(query, {kind: value}).first()

    def _insert_claims(
        self,
        conn: Connection,
        source_id: int,
        claims: Sequence[Claim],
        previous: Any,
        now: datetime,
    ) -> tuple[int, int, dict[str, int]]:
        # earlier claims by (mention, sentence, value); a deque pairs repeats in order
        carry: dict[tuple[str, str, float], deque[Any]] = defaultdict(deque)
        if previous is not None:
            old = conn.execute(
                sa.select(
                    CLAIM.c.id,
                    CLAIM.c.mention,
                    CLAIM.c.sentence,
                    CLAIM.c.value,
                    CLAIM.c.status,
                    CLAIM.c.version,
                    CLAIM.c.updated_at,
                )
                .where(CLAIM.c.source_id == previous.id)
                .order_by(CLAIM.c.char_start, CLAIM.c.id)
            )
            for o in old:
                carry[(o.mention, o.sentence, float(o.value))].append(o)
        kept_from: dict[int, int] = {}  # position in claims -> old claim id
        rows: list[dict[str, Any]] = []
        counts: dict[str, int] = defaultdict(int)
        for position, claim in enumerate(claims):
            row = _claim_row(source_id, claim, now)
            queue = carry.get((claim.mention, claim.sentence, float(claim.value)))
            if queue:
                old_claim = queue.popleft()
                row["status"] = old_claim.status
                row["version"] = old_claim.version
                row["updated_at"] = old_claim.updated_at
                kept_from[position] = old_claim.id
            counts[row["status"]] += 1
            rows.append(row)
        if kept_from:
            # a new version: one row at a time, in text order, to learn the ids the
            # copied reviews must point to (new versions are rare)
            new_id: dict[int, int] = {}
            for position, row in enumerate(rows):
                inserted = conn.execute(_INSERT_CLAIM_RETURNING, row)
                claim_id = int(inserted.scalar_one())
                if position in kept_from:
                    new_id[kept_from[position]] = claim_id
            self._copy_reviews(conn, new_id)
        else:
            _insert_claim_rows(conn, rows)
        return len(rows) - len(kept_from), len(kept_from), dict(counts)

    def _copy_reviews(self, conn: Connection, new_id: Mapping[int, int]) -> None:
        # appended copies: events are never moved or edited, and the old version
        # keeps its own history
        old_ids = list(new_id)
        for table in (EVENT, REFERENCE, LOOKUP):
            cols = [c for c in table.c if c.name != "id"]
            for start in range(0, len(old_ids), _CHUNK):
                some = old_ids[start : start + _CHUNK]
                found = conn.execute(
                    sa.select(*cols).where(table.c.claim_id.in_(some)).order_by(table.c.id)
                )
                copies = [{**r._mapping, "claim_id": new_id[r.claim_id]} for r in found]
                if copies:
                    conn.execute(table.insert(), copies)

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


def _source_values(doc: Document, digest: str, previous: Any, now: datetime) -> dict[str, Any]:
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
        "version": previous.version + 1 if previous is not None else 1,
        "previous_id": previous.id if previous is not None else None,
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


def _claim_row(source_id: int, claim: Claim, now: datetime) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "char_start": claim.start,
        "char_end": claim.end,
        "mention": claim.mention,
        "value": claim.value,
        "value_high": claim.value_high,
        "qualifier": Qualifier(claim.qualifier).value,
        "kind": Kind(claim.kind).value,
        "unit": claim.unit,
        "qualifier_text": claim.qualifier_text,
        "sentence": claim.sentence,
        "sentence_start": claim.sentence_start,
        "sentence_end": claim.sentence_end,
        "speaker": claim.speaker,
        "speaker_role": claim.speaker_role,
        "quote": bool(claim.quote),
        "cue": claim.cue,
        "status": Status.PENDING.value,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


# every column but the id, which the database assigns
_NEW_CLAIM_COLUMNS = CLAIM_COLUMNS[1:]
_SQLITE_INSERT_CLAIM = (
    f"INSERT INTO claim ({', '.join(_NEW_CLAIM_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _NEW_CLAIM_COLUMNS)})"
)


def _insert_claim_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert claim rows (``_claim_row``) in the connection's transaction."""
    if conn.dialect.name != "sqlite":
        for start in range(0, len(rows), _CHUNK):
            conn.execute(_INSERT_CLAIM, rows[start : start + _CHUNK])
        return
    # straight to sqlite3's executemany: SQLAlchemy's per-row parameter processing
    # was 40% of storing an article (1,000 articles, 6,600 claims: 0.30 s CPU).
    # A row's values are in column order (_claim_row), the two times last.
    texts: dict[datetime, str] = {}

    def text(when: datetime) -> str:
        found = texts.get(when)
        if found is None:
            texts[when] = found = sqlite_time(when)
        return found

    values = []
    for row in rows:
        *fields, created, updated = row.values()
        values.append((*fields, text(created), text(updated)))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(_SQLITE_INSERT_CLAIM, values)
    finally:
        cursor.close()


def _counts(conn: Connection, ids: list[int]) -> dict[int, dict[str, int]]:
    sql, params = counts_query(ids)
    return count_rows(conn.execute(sa.text(sql), params))


def _conflict(claim_id: int, seen: int, now: int) -> ConflictError:
    return ConflictError(
        f"claim {claim_id} changed since you saw it (version {seen}, now {now}); "
        f"run 'factcheck show {claim_id}' and decide again"
    )
