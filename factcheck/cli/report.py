"""``factcheck report``: the verification report in markdown, html, json, csv or ClaimReview."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from factcheck.cli.app import DB_OPTION, app, user_errors

FORMAT_NAMES = "markdown, html, json, csv or claimreview"

FORMAT_OPTION = typer.Option("markdown", "--format", "-f", help=f"{FORMAT_NAMES}.")
OUTPUT_OPTION = typer.Option(
    None, "--output", "-o", help="Write to this file (default: standard output)."
)
SOURCE_OPTION = typer.Option(
    [], "--source", "-s", metavar="ID", help="Only this source (repeatable)."
)
STATUS_OPTION = typer.Option(
    [],
    "--status",
    metavar="STATUS",
    help="Only claims with this status: pending, verified, disputed "
    "(repeatable or comma-separated).",
)
SPEAKER_OPTION = typer.Option(
    None, "--speaker", metavar="TEXT", help="Only claims whose speaker contains this (any case)."
)
SINCE_OPTION = typer.Option(
    None,
    "--since",
    metavar="DATE",
    help="Only claims added or reviewed on or after DATE (YYYY-MM-DD).",
)
REPORT_URL_OPTION = typer.Option(
    None,
    "--report-url",
    metavar="URL",
    envvar="FACTCHECK_REPORT_URL",
    help="Where the html report is published; ClaimReview urls point into it (#claim-ID).",
)


@contextmanager
def _status() -> Iterator[Callable[[str], None] | None]:
    """A rich spinner on stderr naming the step under way, when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status("opening the tracker") as status:
        yield lambda text: status.update(text)


@app.command()
def report(
    fmt: str = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
    source: list[int] = SOURCE_OPTION,
    status: list[str] = STATUS_OPTION,
    speaker: str | None = SPEAKER_OPTION,
    since: str | None = SINCE_OPTION,
    report_url: str | None = REPORT_URL_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Write the verification report: summary, claims per source, matches across sources.

    Example: factcheck report --format html --output report.html --status disputed
    """
    from factcheck.errors import InputError
    from factcheck.report import FORMATS, Filters, export, parse_since, parse_statuses
    from factcheck.store.lite import open_reader

    with user_errors():
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; use {FORMAT_NAMES}")
        filters = Filters(
            source_ids=tuple(source),
            statuses=parse_statuses(status),
            speaker=speaker.strip() if speaker and speaker.strip() else None,
            since=parse_since(since),
        )
        # a report only reads: on a SQLite file that skips importing SQLAlchemy
        with open_reader(db) as store, _status() as on_phase:
            done = export(
                store,
                fmt,
                filters=filters,
                output=output,
                stream=sys.stdout,
                report_url=report_url,
                on_phase=on_phase,
            )
    if done.path is not None:
        typer.echo(
            f"Wrote the {fmt} report of {done.claims} claims ({done.reviewed} reviewed) "
            f"from {done.sources} source{'' if done.sources == 1 else 's'} to {done.path}"
        )
