"""``open_reader``: the tracker for a command that only reads, opened without SQLAlchemy.

``show``, ``history``, ``claims`` and ``sources`` must answer in a few tenths of a
second including start-up, and importing SQLAlchemy alone takes 0.25-0.35 s on a
small machine. On a SQLite file that is up to date, their reads (reads.py) run
through the standard library's sqlite3 instead. Anything else (PostgreSQL, an
unusual SQLite URL, a file that is not a tracker, a tracker that needs a schema
step or was made by a newer factcheck) goes to ``Store.open``, which migrates or
says what is wrong, exactly as before.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import StoreError
from factcheck.models import Action, ReviewEvent, Status
from factcheck.store import where
from factcheck.store.reads import Reads

if TYPE_CHECKING:
    from factcheck.store.tracker import Store

# the schema steps of migrations.py, in order: a tracker with exactly these is up to
# date (tests/test_store_reads.py checks the list against migrations.MIGRATIONS)
SCHEMA_STEPS = (
    "m001_initial",
    "m002_version_and_order_indexes",
    "m003_matching_and_version_indexes",
)


def sqlite_rows(
    con: sqlite3.Connection, sql: str, params: Mapping[str, Any] | None, url: str
) -> list[Sequence[Any]]:
    """Run one SELECT of reads.py on a sqlite3 connection; a database error is a StoreError.

    sqlite3 takes ``:named`` parameters itself, and its plain tuples cost half of
    SQLAlchemy's rows (55,000 rows of the review queue: 0.09-0.16 s against 0.20-0.24 s).
    """
    try:
        return con.execute(sql, params or {}).fetchall()
    except sqlite3.Error as err:
        raise StoreError(where.explain(url, str(err))) from None


class SqliteReads(Reads):
    """An up-to-date SQLite tracker, read through the standard library's sqlite3."""

    def __init__(self, connection: sqlite3.Connection, url: str) -> None:
        self._con = connection
        self._url = url

    @property
    def url(self) -> str:
        return self._url

    @property
    def dialect(self) -> str:
        return "sqlite"

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Sequence[Any]]:
        return sqlite_rows(self._con, sql, params, self._url)

    def close(self) -> None:
        self._con.close()

    def __repr__(self) -> str:
        return f"SqliteReads({self._url!r})"


class ReviewTracker(Reads):
    """A SQLite tracker for the review queue: reads through sqlite3, decisions through Store.

    The queue reads a claim at every key press and writes only when a reviewer
    decides, so the full Store (SQLAlchemy, 0.25-0.35 s to import) is opened at
    the first decision. ``prepare_writes`` imports it in a background thread
    while the reviewer reads the first claim, so that decision does not wait.
    """

    def __init__(self, reader: SqliteReads, url: str) -> None:
        self._reader = reader
        self._url = url
        self._store: Store | None = None

    @property
    def url(self) -> str:
        return self._reader.url

    @property
    def dialect(self) -> str:
        return "sqlite"

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Sequence[Any]]:
        return self._reader.rows(sql, params)

    def prepare_writes(self) -> None:
        """Start importing what writing needs, in the background (once is enough)."""
        threading.Thread(target=_import_store, name="factcheck-store-import", daemon=True).start()

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
        """``Store.record_review``, on a Store opened at the first decision."""
        if self._store is None:
            from factcheck.store.tracker import Store

            self._store = Store.open(self._url, create=False)
        return self._store.record_review(
            claim_id,
            action=action,
            new_status=new_status,
            reviewer=reviewer,
            note=note,
            evidence_url=evidence_url,
            expected_version=expected_version,
        )

    def close(self) -> None:
        self._reader.close()
        if self._store is not None:
            self._store.close()


def _import_store() -> None:
    import factcheck.store.tracker  # noqa: F401  (what the first decision needs)


def open_reviewer(url: str | None = None) -> ReviewTracker | Store:
    """Return the tracker at ``url`` for the review queue (reads and ``record_review``).

    A plain SQLite file whose schema is current is a ``ReviewTracker``; every other
    case is ``Store.open(url, create=False)``.
    """
    full = where.resolve_url(url)
    reader = _plain_sqlite(full)
    return ReviewTracker(reader, full) if reader is not None else _full(full)


def open_reader(url: str | None = None) -> Reads:
    """Return the tracker at ``url`` for reading; a missing SQLite file is a StoreError.

    A plain SQLite file whose schema is current is read through sqlite3; every other
    case is ``Store.open(url, create=False)``.
    """
    full = where.resolve_url(url)
    reader = _plain_sqlite(full)
    return reader if reader is not None else _full(full)


def _plain_sqlite(url: str) -> SqliteReads | None:
    """Return a sqlite3 reader for a plain SQLite file with the current schema, else None."""
    path = where.plain_sqlite_file(url)
    if path is None:
        return None
    if not path.exists():
        raise StoreError(where.missing_tracker(path))
    return _sqlite_reader(path, url)


def _sqlite_reader(path: Path, url: str) -> SqliteReads | None:
    """Return a reader if the file is a tracker with exactly this release's schema."""
    try:
        # autocommit: every SELECT sees the latest commit; query_only: this
        # connection cannot write, whatever it is asked
        con = sqlite3.connect(path, timeout=where.BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as err:
        raise StoreError(where.explain(url, str(err))) from None
    try:
        con.execute("PRAGMA query_only = ON")
        steps = tuple(r[0] for r in con.execute("SELECT name FROM _factcheck_migrations"))
    except sqlite3.Error:
        # not a tracker, damaged, locked, or without the table yet: Store.open
        # tells which, in its own words
        con.close()
        return None
    if tuple(sorted(steps)) != SCHEMA_STEPS:
        con.close()
        return None
    return SqliteReads(con, url)


def _full(url: str) -> Store:
    from factcheck.store.tracker import Store

    return Store.open(url, create=False)
