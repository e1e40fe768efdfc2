"""Where a tracker is, and why it cannot be used, in one line: no SQLAlchemy here.

Both runners of the store's SQL use this: engine.py (SQLAlchemy, any database)
and lite.py (the standard library's sqlite3, for commands that only read).
"""

from __future__ import annotations

from pathlib import Path

from factcheck.config import load_settings

# seconds a command waits for another one's write before giving up
BUSY_TIMEOUT = 10.0


def resolve_url(url: str | None) -> str:
    """Return a SQLAlchemy URL: None means FACTCHECK_DB or the default, a bare path SQLite."""
    if not url:
        url = load_settings().db
    if url == ":memory:":
        return "sqlite://"
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


def plain_sqlite_file(url: str) -> Path | None:
    """Return the file of a plain ``sqlite:///PATH`` URL; None for any other URL.

    Only the plain form: a URL with a query, an escape or a ``file:`` URI is left to
    SQLAlchemy's parser (engine.sqlite_path), which knows every form.
    """
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :]
    if not rest or rest == ":memory:" or rest.startswith("file:") or any(c in rest for c in "?%#"):
        return None
    return Path(rest)


def missing_tracker(path: Path) -> str:
    """Return the message for a command that reads a tracker file that does not exist."""
    return (
        f"no tracker at {path}; run 'factcheck ingest FILE' to start one "
        "there, or point --db / FACTCHECK_DB at yours"
    )


def explain(where: str, error: str) -> str:
    """Return a one-line message, with what to do, for a database error's text."""
    text = error.strip()
    first = text.splitlines()[0] if text else "unknown error"
    low = text.lower()
    if "locked" in low or "busy" in low:
        return (
            f"{where} is locked by another command (waited {BUSY_TIMEOUT:g} s); "
            "try again when it has finished"
        )
    if "not a database" in low or "malformed" in low:
        return f"{where} is not a SQLite database (or is damaged); give a factcheck tracker file"
    if "unable to open" in low:
        return f"cannot open {where}; check that its folder exists and is writable"
    if "readonly" in low or "read-only" in low:
        return f"{where} is read-only; check the file's permissions"
    if "disk" in low and "full" in low:
        return f"{where}: the disk is full; nothing was stored; free some space and retry"
    return f"cannot use {where}: {first}"
