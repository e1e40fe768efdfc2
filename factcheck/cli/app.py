"""The Typer app, shared options, and the mapping of FactcheckError to a one-line error."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from factcheck.errors import FactcheckError

app = typer.Typer(
    name="factcheck",
    help="Find the numeric claims in news articles, track their review, check them "
    "against references, and report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DB_OPTION = typer.Option(
    None,
    "--db",
    envvar="FACTCHECK_DB",
    help="Tracker database: a SQLite path or SQLAlchemy URL "
    "(default sqlite:///factcheck.db; postgresql+psycopg://... for a shared one).",
    show_default=False,
)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a FactcheckError into 'Error: ...' on stderr and exit 1; Ctrl-C exits 130."""
    try:
        yield
    except FactcheckError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo("Interrupted; nothing half-written was kept.", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # `factcheck claims | head` closes the pipe early: not an error
        sys.stderr.close()
        raise typer.Exit(0) from None


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"factcheck {version('factcheck')}")
        raise typer.Exit()


@app.callback()
def main(
    show_version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Find the numeric claims in news articles, track their review, check them against
    references, and report."""
