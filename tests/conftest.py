"""Shared fixtures: a private tracker per test, the CLI runner, golden files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# http_server: a real HTTP server on 127.0.0.1 with fault endpoints (tests/httpserver.py)
from httpserver import http_server  # noqa: F401

# db_url: a tracker on SQLite and on PostgreSQL (skips without a server)
from pg import db_url  # noqa: F401
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
EVAL_DEV = SHARED / "eval" / "dev"
SEED = FIXTURES / "docs" / "arabweekly_morocco_isis_2016.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite fixtures/golden/* from the current output",
    )


@pytest.fixture(autouse=True)
def _private_tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point FACTCHECK_DB at a file of this test's own, and fix the reviewer name."""
    monkeypatch.setenv("FACTCHECK_DB", f"sqlite:///{tmp_path / 'factcheck.db'}")
    monkeypatch.setenv("FACTCHECK_REVIEWER", "Test Reviewer")
    monkeypatch.setenv("COLUMNS", "200")
    yield


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with fixtures/golden/NAME; --update-golden rewrites the file."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = FIXTURES / "golden" / name
        if update or not path.exists():
            if not update and os.environ.get("CI"):
                pytest.fail(f"golden file {path} is missing; run pytest --update-golden")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"

    return check
