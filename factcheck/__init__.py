"""factcheck: find, track, review and report the numeric claims in news articles.

The public library API; names load on first use, so ``import factcheck`` (and
the CLI's start-up) stays cheap:

    from factcheck import extract_claims, load, Store, add, render
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factcheck.errors import (
        FactcheckError,
        FetchError,
        InputError,
        NotFoundError,
        ReviewError,
        SchemaError,
        StoreError,
    )
    from factcheck.extract import extract_claims
    from factcheck.ingest import load
    from factcheck.models import Claim, Document, Kind, Qualifier, Status
    from factcheck.pipeline import add
    from factcheck.report import render
    from factcheck.store import Store

# public name -> the module that defines it
_EXPORTS = {
    "extract_claims": "factcheck.extract",
    "load": "factcheck.ingest",
    "add": "factcheck.pipeline",
    "Store": "factcheck.store",
    "render": "factcheck.report",
    "Claim": "factcheck.models",
    "Document": "factcheck.models",
    "Kind": "factcheck.models",
    "Qualifier": "factcheck.models",
    "Status": "factcheck.models",
    "FactcheckError": "factcheck.errors",
    "FetchError": "factcheck.errors",
    "InputError": "factcheck.errors",
    "NotFoundError": "factcheck.errors",
    "ReviewError": "factcheck.errors",
    "SchemaError": "factcheck.errors",
    "StoreError": "factcheck.errors",
}

__all__ = [
    "Claim",
    "Document",
    "FactcheckError",
    "FetchError",
    "InputError",
    "Kind",
    "NotFoundError",
    "Qualifier",
    "ReviewError",
    "SchemaError",
    "Status",
    "Store",
    "StoreError",
    "add",
    "extract_claims",
    "load",
    "render",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
