"""The tracker: sources, claims, review events, references and lookups in one database.

``Store`` is the only way in. It speaks the dataclasses of ``factcheck.models``;
its rows and SQLAlchemy connections never leave this package. Every
write is one transaction, so an interrupted command leaves nothing half-stored.
The queries use SQLAlchemy Core (columns.py mirrors the SQLModel tables of
tables.py without importing SQLModel, for start-up time): bulk inserts and
plain selects are several times faster than ORM objects for thousands of claims.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from factcheck.errors import ConflictError, InputError, NotFoundError, SchemaError, StoreError
from factcheck.models import (
    Action,
    Claim,
    Document,
    IngestResult,
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
from factcheck.store import migrations
from factcheck.store.columns import CLAIM, EVENT, LOOKUP, REFERENCE, SOURCE
from factcheck.store.engine import make_engine, masked, resolve_url, sqlite_path, store_errors

__all__ = ["CLAIM", "EVENT", "LOOKUP", "REFERENCE", "SOURCE", "Store", "content_hash"]

# rows per INSERT statement: large enough to amortise the round trip, small
# enough to keep PostgreSQL's parameter count (65535) far away
_CHUNK = 500
# above this many ids a bulk read scans the table instead of chunked IN queries
_MANY = 5000

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
_ANY_REPLACED = sa.select(SOURCE.c.id).where(SOURCE.c.previous_id.is_not(None)).limit(1)
_INSERT_CLAIM_RETURNING = CLAIM.insert().returning(CLAIM.c.id)


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of a text: how the tracker recognises an article."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    # times are stored in UTC: SQLite's come back aware already (columns.py),
    # PostgreSQL's (timestamptz) in the session's zone; a naive time from a caller
    # is taken as UTC
    zone = value.tzinfo
    if zone is UTC:
        return value
    return value.replace(tzinfo=UTC) if zone is None else value.astimezone(UTC)


# text -> enum by dict: Enum(...) calls cost about 2 us each, five per claim read
_QUALIFIER = {q.value: q for q in Qualifier}
_KIND = {k.value: k for k in Kind}
_STATUS = {s.value: s for s in Status}
_ACTION = {a.value: a for a in Action}
_OUTCOME = {o.value: o for o in Outcome}


class Store:
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
                raise StoreError(
                    f"no tracker at {path}; run 'factcheck ingest FILE' to start one "
                    "there, or point --db / FACTCHECK_DB at yours"
                )
        engine = make_engine(full)
        store = cls(engine, full)
        try:
            with store_errors(full):
                if migrate:
                    migrations.migrate(engine, masked(full))
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

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

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
        for start in range(0, len(rows), _CHUNK):
            conn.execute(_INSERT_CLAIM, rows[start : start + _CHUNK])
        return [
            IngestResult(
                source=_source(
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
            source = _source(found._mapping, self._counts(conn, [found.id]).get(found.id, {}))
            return IngestResult(source=source, status="unchanged")
        previous = self._latest_at(conn, doc)
        now = _now()
        values = _source_values(doc, digest, previous, now)
        source_id = int(conn.execute(_INSERT_SOURCE, values).scalar_one())
        added, kept, counts = self._insert_claims(conn, source_id, claims, previous, now)
        row = {**values, "id": source_id}
        return IngestResult(
            source=_source(row, counts),
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
            for start in range(0, len(rows), _CHUNK):
                conn.execute(_INSERT_CLAIM, rows[start : start + _CHUNK])
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

    def get_source(self, source_id: int) -> Source:
        """Return one source with its claim counts; NotFoundError if there is none."""
        with self._read() as conn:
            row = conn.execute(sa.select(SOURCE).where(SOURCE.c.id == source_id)).first()
            if row is None:
                raise NotFoundError(
                    f"no source with id {source_id} in {self.url}; "
                    "run 'factcheck sources' to see ids"
                )
            return _source(row._mapping, self._counts(conn, [source_id]).get(source_id, {}))

    def next_version(self, source_id: int) -> int | None:
        """Return the id of the source that replaced this one (its next version), or None."""
        with self._read() as conn:
            found = conn.execute(
                sa.select(SOURCE.c.id)
                .where(SOURCE.c.previous_id == source_id)
                .order_by(SOURCE.c.id)
                .limit(1)
            ).scalar()
        return int(found) if found is not None else None

    def sources(self) -> list[Source]:
        """Return every source, oldest first, with its claims counted by status."""
        with self._read() as conn:
            rows = conn.execute(sa.select(SOURCE).order_by(SOURCE.c.id)).all()
            counts = self._counts(conn, None)
        return [_source(r._mapping, counts.get(r.id, {})) for r in rows]

    def _counts(self, conn: Connection, ids: list[int] | None) -> dict[int, dict[str, int]]:
        query = sa.select(CLAIM.c.source_id, CLAIM.c.status, sa.func.count()).group_by(
            CLAIM.c.source_id, CLAIM.c.status
        )
        if ids is not None:
            query = query.where(CLAIM.c.source_id.in_(ids))
        out: dict[int, dict[str, int]] = defaultdict(dict)
        for source_id, status, n in conn.execute(query):
            out[source_id][status] = int(n)
        return out

    # ------------------------------------------------------------ claims

    def get_claim(self, claim_id: int) -> StoredClaim:
        """Return one claim; NotFoundError if there is none."""
        return self.get_claims([claim_id])[0]

    def get_claims(self, ids: Sequence[int]) -> list[StoredClaim]:
        """Return the claims in the order asked; NotFoundError names every missing id."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, StoredClaim] = {}
        with self._read() as conn:
            for start in range(0, len(wanted), _CHUNK):
                some = wanted[start : start + _CHUNK]
                for row in conn.execute(sa.select(CLAIM).where(CLAIM.c.id.in_(some))).all():
                    found[row[0]] = _stored_claim(row)
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
        """Return the claims matching every filter given, ordered by id.

        ``speaker`` and ``search`` match case-insensitively anywhere in the speaker,
        or in the sentence or mention. Claims of a source that a newer version
        replaced are left out unless ``superseded`` or ``source_id`` asks for them.
        """
        if limit is not None and limit < 0:
            raise InputError(f"limit {limit} is negative; give 0 or more")
        query = self._filtered(
            sa.select(CLAIM), status, source_id, speaker, kind, search, superseded
        )
        query = query.order_by(CLAIM.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            return [_stored_claim(r) for r in conn.execute(query).all()]

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
        with self._read() as conn:
            if not superseded and source_id is None and conn.execute(_ANY_REPLACED).first() is None:
                # no article has a newer version, so leaving out replaced ones drops
                # nothing; without that test SQLite counts from the status index
                # alone (2 ms instead of 20-70 ms for 55,000 of 100,000 claims)
                superseded = True
            query = self._filtered(
                sa.select(sa.func.count()).select_from(CLAIM),
                status,
                source_id,
                speaker,
                kind,
                search,
                superseded,
            )
            return int(conn.execute(query).scalar_one())

    def _filtered(
        self,
        query: sa.Select[Any],
        status: Status | None,
        source_id: int | None,
        speaker: str | None,
        kind: Kind | None,
        search: str | None,
        superseded: bool,
    ) -> sa.Select[Any]:
        if status is not None:
            query = query.where(CLAIM.c.status == Status(status).value)
        if kind is not None:
            query = query.where(CLAIM.c.kind == Kind(kind).value)
        if source_id is not None:
            query = query.where(CLAIM.c.source_id == source_id)
        elif not superseded:
            newer = sa.select(SOURCE.c.previous_id).where(SOURCE.c.previous_id.is_not(None))
            query = query.where(CLAIM.c.source_id.not_in(newer))
        if speaker:
            query = query.where(
                sa.func.lower(CLAIM.c.speaker).contains(speaker.lower(), autoescape=True)
            )
        if search:
            needle = search.lower()
            query = query.where(
                sa.or_(
                    sa.func.lower(CLAIM.c.sentence).contains(needle, autoescape=True),
                    sa.func.lower(CLAIM.c.mention).contains(needle, autoescape=True),
                )
            )
        return query

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
        return _event((event_id, *values.values()))

    def history(self, claim_id: int) -> list[ReviewEvent]:
        """Return a claim's review events, oldest first; NotFoundError for an unknown id."""
        with self._read() as conn:
            self._require_claim(conn, claim_id)
            rows = conn.execute(
                sa.select(EVENT).where(EVENT.c.claim_id == claim_id).order_by(EVENT.c.id)
            )
            return [_event(r) for r in rows.all()]

    def events(self, since: datetime | None = None) -> list[ReviewEvent]:
        """Return every review event (at or after ``since`` if given), oldest first."""
        query = sa.select(EVENT).order_by(EVENT.c.id)
        if since is not None:
            query = query.where(EVENT.c.created_at >= _aware(since))
        with self._read() as conn:
            return [_event(r) for r in conn.execute(query).all()]

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
        return [_reference(have[u]._mapping) for u in wanted]

    def references(
        self, claim_id: int | None = None, source_id: int | None = None
    ) -> list[Reference]:
        """Return references, of one claim or of one source's claims if asked, oldest first."""
        query = sa.select(REFERENCE).order_by(REFERENCE.c.id)
        if claim_id is not None:
            query = query.where(REFERENCE.c.claim_id == claim_id)
        if source_id is not None:
            query = query.join(CLAIM, CLAIM.c.id == REFERENCE.c.claim_id).where(
                CLAIM.c.source_id == source_id
            )
        with self._read() as conn:
            return [_reference(r._mapping) for r in conn.execute(query)]

    def record_lookup(self, result: LookupResult) -> LookupResult:
        """Store a lookup outcome and return it with its id."""
        values = {
            "claim_id": result.claim_id,
            "url": result.url,
            "final_url": result.final_url,
            "http_status": result.http_status,
            "content_hash": result.content_hash,
            "fetched_at": _aware(result.fetched_at),
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

    def lookups(self, claim_id: int) -> list[LookupResult]:
        """Return a claim's lookups, newest first."""
        query = (
            sa.select(LOOKUP)
            .where(LOOKUP.c.claim_id == claim_id)
            .order_by(LOOKUP.c.fetched_at.desc(), LOOKUP.c.id.desc())
        )
        with self._read() as conn:
            return [_lookup(r) for r in conn.execute(query).all()]

    def lookups_for(self, claim_ids: Sequence[int] | None = None) -> dict[int, list[LookupResult]]:
        """Return the lookups of many claims (every claim for None), each list newest first.

        Claims without a lookup are left out. One query, or one per few thousand ids.
        """
        order = (LOOKUP.c.claim_id, LOOKUP.c.fetched_at.desc(), LOOKUP.c.id.desc())
        wanted = None if claim_ids is None else set(claim_ids)
        out: dict[int, list[LookupResult]] = {}
        with self._read() as conn:
            if wanted is None or len(wanted) > _MANY:
                # many ids: reading the whole table and dropping the rest beats
                # hundreds of IN queries (lookups are few next to claims)
                rows = conn.execute(sa.select(LOOKUP).order_by(*order)).all()
            else:
                ids = sorted(wanted)
                rows = []
                for start in range(0, len(ids), _CHUNK):
                    rows += conn.execute(
                        sa.select(LOOKUP)
                        .where(LOOKUP.c.claim_id.in_(ids[start : start + _CHUNK]))
                        .order_by(*order)
                    ).all()
        for row in rows:
            claim_id = row[1]
            if wanted is None or claim_id in wanted:
                found = out.get(claim_id)
                if found is None:
                    out[claim_id] = found = []
                found.append(_lookup(row))
        return out

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
        return _lookup(row) if row is not None else None


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


def _source(row: Mapping[Any, Any], counts: Mapping[str, int]) -> Source:
    return Source(
        id=int(row["id"]),
        text=row["text"],
        content_hash=row["content_hash"],
        ingested_at=_aware(row["ingested_at"]),
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


def _stored_claim(row: Sequence[Any]) -> StoredClaim:
    # a row of sa.select(CLAIM), columns in the order of columns.CLAIM: plain
    # tuple unpacking is several times cheaper than row mappings for 100,000 claims
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
        created_at=_aware(created_at),
        updated_at=_aware(updated_at),
    )


def _event(row: Sequence[Any]) -> ReviewEvent:
    # a row of sa.select(EVENT), columns in the order of columns.EVENT
    id_, claim_id, reviewer, action, old_status, new_status, note, evidence_url, created_at = row
    return ReviewEvent(
        id=int(id_),
        claim_id=claim_id,
        reviewer=reviewer,
        action=_ACTION[action],
        old_status=_STATUS[old_status],
        new_status=_STATUS[new_status],
        created_at=_aware(created_at),
        note=note,
        evidence_url=evidence_url,
    )


def _reference(row: Mapping[Any, Any]) -> Reference:
    return Reference(
        id=row["id"],
        claim_id=row["claim_id"],
        url=row["url"],
        added_at=_aware(row["added_at"]),
        added_by=row["added_by"],
    )


def _passages(raw: str | None) -> tuple[Passage, ...]:
    items: Iterable[dict[str, Any]] = json.loads(raw) if raw else []
    return tuple(Passage(**item) for item in items)


def _lookup(row: Sequence[Any]) -> LookupResult:
    # a row of sa.select(LOOKUP), columns in the order of columns.LOOKUP
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
        passages,
    ) = row
    return LookupResult(
        id=id_,
        claim_id=claim_id,
        url=url,
        outcome=_OUTCOME[outcome],
        fetched_at=_aware(fetched_at),
        final_url=final_url,
        http_status=http_status,
        content_hash=content_hash,
        error=error,
        passages=_passages(passages),
    )


def _conflict(claim_id: int, seen: int, now: int) -> ConflictError:
    return ConflictError(
        f"claim {claim_id} changed since you saw it (version {seen}, now {now}); "
        f"run 'factcheck show {claim_id}' and decide again"
    )
