"""Tracker URLs for tests: a SQLite file, and a PostgreSQL schema of the test's own.

The PostgreSQL server is FACTCHECK_TEST_PG or postgresql+psycopg://postgres@127.0.0.1:5432/test.
Each test gets a fresh schema (``search_path`` set through the libpq ``options``
connection argument in the URL) that is dropped afterwards; when no server
answers, the PostgreSQL variants skip and say why.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_URL = os.environ.get("FACTCHECK_TEST_PG") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@functools.cache
def pg_unreachable() -> str | None:
    """Return why the test PostgreSQL server cannot be used, or None when it can."""
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
    except ModuleNotFoundError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        first = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "no answer"
        return f"no PostgreSQL server at {PG_URL} ({first}); set FACTCHECK_TEST_PG"
    finally:
        engine.dispose()
    return None


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """Yield a URL whose connections use a new, empty schema; drop the schema afterwards."""
    import sqlalchemy as sa

    schema = f"fc_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.engine.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def tracker_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """Yield an empty tracker URL of the given kind (sqlite or postgresql), or skip."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    reason = pg_unreachable()
    if reason:
        pytest.skip(reason)
    with pg_schema_url() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty tracker URL, once on SQLite and once on PostgreSQL."""
    with tracker_url(request.param, tmp_path) as url:
        yield url
