"""Database URL to SQLAlchemy engine, and database errors to one-line StoreErrors.

SQLite gets WAL (readers never wait for the writer), foreign keys, and a busy
timeout (a second terminal waits for the first one's write instead of failing).
Write transactions start with BEGIN IMMEDIATE: with a plain BEGIN, two
processes that both read and then write deadlock, and SQLite answers "database
is locked" at once without honouring the busy timeout.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from factcheck.errors import StoreError
from factcheck.store import where
from factcheck.store.where import resolve_url
from factcheck.store.writes import SQLITE_PRAGMAS

__all__ = ["make_engine", "masked", "resolve_url", "sqlite_path", "store_errors"]


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite URL, or None for another database or an in-memory one."""
    try:
        parsed = sa.engine.make_url(url)
    except exc.ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if str(parsed.database).startswith("file:"):
        return None
    return Path(str(parsed.database))


def masked(url: str) -> str:
    """Return the URL with any password hidden, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return url


def make_engine(url: str) -> Engine:
    """Return an engine for the URL, SQLite pragmas set; StoreError for an unusable URL."""
    try:
        parsed = sa.engine.make_url(url)
    except exc.ArgumentError:
        raise StoreError(
            f"{url!r} is not a database URL; give a file path like tracker.db, "
            "sqlite:///tracker.db or postgresql+psycopg://user@host/db"
        ) from None
    try:
        engine = sa.create_engine(parsed)
    except ModuleNotFoundError as err:
        raise StoreError(
            f"the driver for {masked(url)} is not installed ({err.name}); "
            "for PostgreSQL install factcheck[postgres]"
        ) from None
    except exc.NoSuchModuleError:
        raise StoreError(
            f"unknown database type in {masked(url)}; use sqlite:///PATH "
            "or postgresql+psycopg://user@host/db"
        ) from None
    if engine.dialect.name == "sqlite":
        _sqlite_setup(engine)
    return engine


def use_wal(engine: Engine) -> None:
    """Switch a SQLite tracker to WAL (readers never wait for the writer); it stays so.

    Called once the file is known to be a tracker: the mode is written into the
    file, and another program's database must be left exactly as it was.
    """
    if engine.dialect.name == "sqlite":
        # on the driver's connection: the mode cannot change inside the transaction
        # that SQLAlchemy's connection begins
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA journal_mode = WAL")
        finally:
            raw.close()


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # we issue BEGIN ourselves (below), so the driver must not; this also makes
        # DDL transactional, which the migration runner relies on
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(where.BUSY_TIMEOUT * 1000)}")
        for pragma in SQLITE_PRAGMAS:
            cur.execute(pragma)
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("factcheck_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def store_errors(url: str) -> Iterator[None]:
    """Turn a database that cannot be used (locked, not a database, unreachable) into StoreError."""
    try:
        yield
    except exc.OperationalError as err:
        raise StoreError(_explain(url, err)) from None
    except exc.DatabaseError as err:
        text = str(err.orig)
        if "not a database" in text or "malformed" in text:
            raise StoreError(_explain(url, err)) from None
        raise


def _explain(url: str, err: exc.DBAPIError) -> str:
    return where.explain(masked(url), str(err.orig) or type(err.orig).__name__)
