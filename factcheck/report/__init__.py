"""The verification report: ``build_report(store)`` gathers it, ``render(data, fmt)`` writes it.

    data = build_report(store, filters=Filters(statuses=(Status.DISPUTED,)))
    text = render(data, "markdown")          # or write(data, "html", open_file)

Formats: markdown, html, json, csv, claimreview (schema.org JSON-LD).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from factcheck.errors import InputError
from factcheck.report.build import (
    build_report,
    parse_since,
    parse_statuses,
    paused_gc,
)
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

if TYPE_CHECKING:
    from factcheck.store.reads import Reads


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


@dataclass(frozen=True, slots=True)
class Exported:
    """What ``export`` wrote: the format, the counts, and the file (None for a stream)."""

    fmt: str
    sources: int
    claims: int
    reviewed: int
    path: Path | None = None


# formats that do not show matches across sources
NO_MATCHES = {"claimreview"}


def _temporary(path: Path) -> tuple[TextIO, Path]:
    if path.is_dir():
        raise InputError(f"--output {path} is a directory; give a file name, e.g. {path}/report")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(
            f"cannot write {path}: {exc.strerror or exc}; choose another --output path"
        ) from None
    # mkstemp makes the file private (0600); a report is meant to be shared
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return os.fdopen(fd, "w", encoding="utf-8", newline=""), Path(name)


def export(
    store: Reads,
    fmt: str,
    *,
    filters: Filters | None = None,
    output: Path | None = None,
    stream: TextIO | None = None,
    report_url: str | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> Exported:
    """Build the report and write it to ``output`` (whole or not at all) or to ``stream``.

    The output path is checked before the tracker is read, and the report is
    written to a temporary file beside it that replaces it only when complete.
    """
    renderer = _renderer(fmt)
    out, temporary = _temporary(output) if output is not None else (stream, None)
    if out is None:
        raise InputError("export needs an output path or a stream")
    try:
        with paused_gc():
            data = build_report(
                store,
                filters,
                report_url=report_url,
                matches=fmt not in NO_MATCHES,
                on_phase=on_phase,
            )
            if on_phase is not None:
                on_phase(f"writing the {fmt} report")
            for chunk in renderer(data):
                out.write(chunk)
            summary = data.summary
            # freed while the collector is paused: re-enabled with the report alive, its
            # first passes walked every object of it (0.1-0.3 s of a 100,000-claim report)
            del data
        if temporary is not None and output is not None:
            out.close()
            os.replace(temporary, output)
            temporary = None
    except OSError as exc:
        if output is None:
            # a closed pipe (`factcheck report | head`) is the caller's to handle
            raise
        raise InputError(
            f"cannot write {output}: {exc.strerror or exc}; choose another --output path"
        ) from None
    finally:
        if temporary is not None:
            out.close()
            temporary.unlink(missing_ok=True)
    return Exported(fmt, summary.sources, summary.claims, summary.checked, output)


__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "ClaimEntry",
    "Exported",
    "Filters",
    "LookupEntry",
    "MatchGroup",
    "MatchMember",
    "ReportData",
    "SourceEntry",
    "Summary",
    "build_report",
    "export",
    "parse_since",
    "parse_statuses",
    "render",
    "write",
]
