"""The verification report: ``build_report(store)`` gathers it, ``render(data, fmt)`` writes it.

    data = build_report(store, filters=Filters(statuses=(Status.DISPUTED,)))
    text = render(data, "markdown")          # or write(data, "html", open_file)

Formats: markdown, html, json, csv, claimreview (schema.org JSON-LD).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TextIO

from factcheck.errors import InputError
from factcheck.report.build import build_report, parse_since, parse_statuses
from factcheck.report.data import (
    ClaimEntry,
    Filters,
    LookupEntry,
    MatchGroup,
    MatchMember,
    ReportData,
    SourceEntry,
    Summary,
)
from factcheck.report.render import FORMATS
from factcheck.report.serialize import SCHEMA_VERSION


def _renderer(fmt: str) -> Callable[[ReportData], Iterator[str]]:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise InputError(
            f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}"
        ) from None


def render(data: ReportData, fmt: str) -> str:
    """Return the report in one format (markdown, html, json, csv or claimreview)."""
    return "".join(_renderer(fmt)(data))


def write(data: ReportData, fmt: str, out: TextIO) -> None:
    """Write the report to an open text file a piece at a time."""
    for chunk in _renderer(fmt)(data):
        out.write(chunk)


__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "ClaimEntry",
    "Filters",
    "LookupEntry",
    "MatchGroup",
    "MatchMember",
    "ReportData",
    "SourceEntry",
    "Summary",
    "build_report",
    "parse_since",
    "parse_statuses",
    "render",
    "write",
]
