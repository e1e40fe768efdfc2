"""The ingest writes, in SQL that SQLite and PostgreSQL both run: no SQLAlchemy here.

``add_article`` stores one article through a ``Run``, the statements of one
transaction on one driver: ``SqliteRun`` (the standard library's sqlite3) or
tracker.py's SQLAlchemy runner for PostgreSQL. ``open_writer`` gives
``factcheck ingest`` a plain SQLite tracker whose schema is current without
SQLAlchemy (0.2-0.3 s of its start-up); any other tracker is a ``Store``.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import defaultdict, deque
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

from factcheck.errors import StoreError
from factcheck.models import Claim, Document, IngestResult, Kind, Qualifier, Status
from factcheck.store import where
from factcheck.store.reads import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    LOOKUP_COLUMNS,
    REFERENCE_COLUMNS,
    SOURCE_COLUMNS,
    columns,
    count_rows,
    counts_query,
    placeholders,
    source_from_row,
    sqlite_time,
)

if TYPE_CHECKING:
    from factcheck.store.tracker import Store

__all__ = ["SqliteWriter", "add_article", "content_hash", "open_writer"]

# rows per INSERT statement: large enough to amortise the round trip, small
# enough to keep PostgreSQL's parameter count (65535) far away
CHUNK = 500

# every connection to a SQLite tracker, through SQLAlchemy (engine.py) or not
SQLITE_PRAGMAS = (
    # with WAL, NORMAL still never corrupts the file or keeps half a
    # transaction; a power cut may only lose the last commits
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    # ingest commits each article alone, ~21 WAL pages each; checkpointing
    # every 4,000 pages instead of 1,000 copies the same index pages back
    # less often (2,500 articles: 1.21-1.40 -> 0.90-1.16 s CPU, min/median of 4)
    "PRAGMA wal_autocheckpoint = 4000",
)

# origins that name no lasting place, so a changed text there is a new source
# rather than a new version
_NO_PLACE = {"-", "<stdin>", "stdin", "standard input"}


# The statements of the ingest path, as SQL text (``:named``, the columns of
# reads.py): sqlite3 runs them itself on SQLite, SQLAlchemy's text() elsewhere
# (SqliteRun below, tracker.AlchemyRun). Through SQLAlchemy's expressions, storing one
# article per transaction cost 0.6 ms of CPU, most of it SQLAlchemy's work per
# statement (2,500 articles: 1.5 s against 0.6 s through sqlite3).
SOURCE_BY_HASH = f"SELECT {columns(SOURCE_COLUMNS)} FROM source WHERE content_hash = :digest"
_KNOWN = "SELECT 1 FROM source WHERE content_hash = :digest"
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
NEW_CLAIM_COLUMNS = CLAIM_COLUMNS[1:]
_STATUS_AT = NEW_CLAIM_COLUMNS.index("status")
# the tables whose rows a claim kept in a new version takes along
_REVIEW_TABLES = (
    ("review_event", EVENT_COLUMNS[1:]),
    ("reference", REFERENCE_COLUMNS[1:]),
    ("lookup", LOOKUP_COLUMNS[1:]),
)


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of a text: how the tracker recognises an article."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def transaction_time() -> datetime:
    """Return the time of a transaction: aware UTC."""
    return datetime.now(UTC)


def add_article(run: Run, doc: Document, claims: Sequence[Claim], now: datetime) -> IngestResult:
    """Store one article and its claims in the run's transaction; return what happened."""
    digest = content_hash(doc.text)
    same = find_unchanged(run, digest)
    if same is not None:
        return same
    previous = latest_at(run, doc)
    values = _source_values(doc, digest, previous, now)
    stamp = run.time(now)
    source_id = run.insert("source", {**values, "ingested_at": stamp})
    added, kept, counts = insert_claims(run, source_id, claims, previous, stamp)
    return IngestResult(
        source=source_from_row({**values, "id": source_id}, counts),
        status="new_version" if previous is not None else "ingested",
        claims_added=added,
        claims_kept=kept,
    )


def find_unchanged(run: Run, digest: str) -> IngestResult | None:
    """Return the ``unchanged`` result for a text already stored (by its digest), else None."""
    found = run.first(SOURCE_BY_HASH, {"digest": digest})
    if found is None:
        return None
    row = dict(zip(SOURCE_COLUMNS, found, strict=True))
    by_source = count_rows(run.all(*counts_query([row["id"]])))
    return IngestResult(
        source=source_from_row(row, by_source.get(row["id"], {})), status="unchanged"
    )


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


def claim_fields(source_id: int, claim: Claim) -> tuple[Any, ...]:
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


def claim_row(source_id: int, claim: Claim, now: datetime) -> dict[str, Any]:
    """Return a new, pending claim row by column name."""
    values = (*claim_fields(source_id, claim), Status.PENDING.value, 1, now, now)
    return dict(zip(NEW_CLAIM_COLUMNS, values, strict=True))


def latest_at(run: Run, doc: Document) -> Sequence[Any] | None:
    """Return (id, version) of the newest source where the article lives, or None."""
    key = _version_key(doc)
    if key is None:
        return None
    kind, value = key
    return run.first(_LATEST_AT[kind], {kind: value})


def insert_claims(
    run: Run,
    source_id: int,
    claims: Sequence[Claim],
    previous: Sequence[Any] | None,
    stamp: Any,
) -> tuple[int, int, dict[str, int]]:
    """Insert an article's claims; those the previous version had keep their review.

    ``stamp`` is the time of the transaction as the driver takes it (``Run.time``).

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
            rows.append((*claim_fields(source_id, claim), status, version, stamp, updated))
        else:
            rows.append((*claim_fields(source_id, claim), pending, 1, stamp, stamp))
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row[_STATUS_AT]] += 1
    if kept_from:
        # a new version: one row at a time, in text order, to learn the ids the
        # copied reviews must point to (new versions are rare)
        new_id = {}
        for position, values in enumerate(rows):
            claim_id = run.insert("claim", dict(zip(NEW_CLAIM_COLUMNS, values, strict=True)))
            if position in kept_from:
                new_id[kept_from[position]] = claim_id
        copy_reviews(run, new_id)
    else:
        run.insert_many("claim", NEW_CLAIM_COLUMNS, rows)
    return len(rows) - len(kept_from), len(kept_from), dict(counts)


def copy_reviews(run: Run, new_id: Mapping[int, int]) -> None:
    # appended copies: events are never moved or edited, and the old version
    # keeps its own history
    old_ids = list(new_id)
    for table, names in _REVIEW_TABLES:
        at = names.index("claim_id")
        for start in range(0, len(old_ids), CHUNK):
            listed, params = placeholders("c", old_ids[start : start + CHUNK])
            found = run.all(
                f"SELECT {columns(names)} FROM {table} WHERE claim_id IN {listed} ORDER BY id",
                params,
            )
            copies = [(*r[:at], new_id[r[at]], *r[at + 1 :]) for r in found]
            if copies:
                run.insert_many(table, names, copies)


class Run(Protocol):
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


def insert_sql(table: str, names: Sequence[str], marks: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(marks)})"


class SqliteRun:
    """Ingest statements run by sqlite3 itself, in the transaction ``Store._ingest`` began."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    def first(self, sql: str, params: Mapping[str, Any]) -> Sequence[Any] | None:
        row: Sequence[Any] | None = self._con.execute(sql, params).fetchone()
        return row

    def all(self, sql: str, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        return self._con.execute(sql, params).fetchall()

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        sql = insert_sql(table, list(values), ["?"] * len(values)) + " RETURNING id"
        return int(self._con.execute(sql, tuple(values.values())).fetchone()[0])

    def insert_many(self, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        # positional: sqlite3 looks a named parameter up by a new string each time
        self._con.executemany(insert_sql(table, names, ["?"] * len(names)), rows)

    def time(self, when: datetime) -> str:
        # the text SQLAlchemy's DATETIME writes, so that every row reads back alike
        return sqlite_time(when)


# ---------------------------------------------------------------- SQLite without SQLAlchemy


@contextmanager
def sqlite_errors(url: str) -> Iterator[None]:
    """Turn a sqlite3 error that makes the tracker unusable (locked, full, damaged) into StoreError.

    ``engine.store_errors`` does the same for errors that come through SQLAlchemy.
    """
    try:
        yield
    except sqlite3.OperationalError as err:
        raise StoreError(where.explain(url, str(err) or type(err).__name__)) from None
    except sqlite3.DatabaseError as err:
        if "not a database" in str(err) or "malformed" in str(err):
            raise StoreError(where.explain(url, str(err))) from None
        raise


@contextmanager
def sqlite_transaction(
    con: sqlite3.Connection, url: str, write: bool = True
) -> Iterator[SqliteRun]:
    """One transaction on a sqlite3 connection in autocommit mode; rolled back on any
    exception, KeyboardInterrupt included, or a COMMIT that fails."""
    with sqlite_errors(url):
        try:
            # IMMEDIATE: take the write lock first, honouring the busy timeout (engine.py)
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield SqliteRun(con)
            con.execute("COMMIT")
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")


class SqliteWriter:
    """A plain SQLite tracker whose schema is current, written through sqlite3 alone.

    What ``factcheck ingest`` needs of a ``Store``: ``add_document``, ``unchanged``,
    ``url``, ``close`` and the context manager, with the same rows and errors.
    """

    def __init__(self, con: sqlite3.Connection, url: str) -> None:
        self._con = con
        self._url = url

    @property
    def url(self) -> str:
        """The database URL (a plain SQLite file has no password to mask)."""
        return self._url

    def add_document(self, doc: Document, claims: Sequence[Claim]) -> IngestResult:
        """``Store.add_document``: an article and its claims in one transaction."""
        return self.add_documents([(doc, claims)])[0]

    def add_documents(
        self, items: Sequence[tuple[Document, Sequence[Claim]]]
    ) -> list[IngestResult]:
        """``Store.add_documents``: several articles in one transaction, all or none."""
        with sqlite_transaction(self._con, self._url) as run:
            now = transaction_time()  # one transaction, one time
            return [add_article(run, doc, claims, now) for doc, claims in items]

    def unchanged(self, doc: Document) -> IngestResult | None:
        """``Store.unchanged``: the result for an article whose text is stored, else None."""
        digest = content_hash(doc.text)
        with sqlite_errors(self._url):
            # most texts of a folder are new: one look-up outside a transaction
            # says so (a stored text stays stored) at a third of the cost
            if self._con.execute(_KNOWN, {"digest": digest}).fetchone() is None:
                return None
        with sqlite_transaction(self._con, self._url, write=False) as run:
            return find_unchanged(run, digest)

    def close(self) -> None:
        """Close the connection (the last one to close checkpoints the WAL)."""
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqliteWriter({self._url!r})"


def open_writer(url: str | None = None) -> SqliteWriter | Store:
    """Return the tracker at ``url`` for ingesting; a missing one is created.

    A plain SQLite file is a ``SqliteWriter``, once ``Store.open`` has created or
    migrated it if needed; every other case (PostgreSQL, an unusual URL) is
    ``Store.open(url)``.
    """
    full = where.resolve_url(url)
    path = where.plain_sqlite_file(full)
    if path is not None:
        writer = _sqlite_writer(path, full) if path.is_file() else None
        if writer is None:
            # a new file or a schema step to run: the Store creates or migrates it
            # (and says what is wrong with anything else), then the writer stores
            # the articles: one connection, no pool (2,500 into a new tracker:
            # storing 0.96-1.05 -> 0.74-0.78 s CPU in-process)
            from factcheck.store.tracker import Store

            Store.open(full).close()
            writer = _sqlite_writer(path, full)
        if writer is not None:
            return writer
    from factcheck.store.tracker import Store

    return Store.open(full)


def _sqlite_writer(path: Path, url: str) -> SqliteWriter | None:
    """Return a writer if the file is a tracker with exactly this release's schema, else None."""
    from factcheck.store.lite import SCHEMA_STEPS

    try:
        # autocommit: transactions are begun here, as BEGIN IMMEDIATE
        con = sqlite3.connect(path, timeout=where.BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        steps = tuple(r[0] for r in con.execute("SELECT name FROM _factcheck_migrations"))
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    except sqlite3.Error:
        # not a tracker, damaged, locked, or without the table yet: Store.open
        # tells which, in its own words
        con.close()
        return None
    if tuple(sorted(steps)) != SCHEMA_STEPS or mode != "wal":
        con.close()
        return None
    for pragma in SQLITE_PRAGMAS:
        con.execute(pragma)
    return SqliteWriter(con, url)
