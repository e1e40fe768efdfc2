"""The tracker: sources, claims, review events, references and lookups in one database.

* ``Store`` (tracker.py): the tracker, read and written through SQLAlchemy, on
  SQLite or PostgreSQL; every write is one transaction.
* ``open_reader`` (lite.py): the same reads for a command that only reads; on a
  SQLite file it runs them through the standard library's sqlite3, so ``show``,
  ``history`` and ``claims`` start without importing SQLAlchemy.
* reads.py holds those reads, in SQL both databases run, and the rows -> models.

Names load on first use (PEP 562): importing this package, or ``lite``, does
not import SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.store.columns import CLAIM, EVENT, LOOKUP, REFERENCE, SOURCE
    from factcheck.store.lite import open_reader
    from factcheck.store.reads import Reads
    from factcheck.store.tracker import Store, content_hash

_EXPORTS = {
    "Store": "factcheck.store.tracker",
    "content_hash": "factcheck.store.tracker",
    "open_reader": "factcheck.store.lite",
    "Reads": "factcheck.store.reads",
    "CLAIM": "factcheck.store.columns",
    "EVENT": "factcheck.store.columns",
    "LOOKUP": "factcheck.store.columns",
    "REFERENCE": "factcheck.store.columns",
    "SOURCE": "factcheck.store.columns",
}

__all__ = [
    "CLAIM",
    "EVENT",
    "LOOKUP",
    "REFERENCE",
    "SOURCE",
    "Reads",
    "Store",
    "content_hash",
    "open_reader",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck.store' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
