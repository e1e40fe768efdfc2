"""The ``factcheck`` command: one module per group of subcommands, all on one Typer app.

Only this package knows about terminals, options and exit codes; each command
parses, opens what it needs, calls one library function and prints.
"""

from factcheck.cli import extract as _extract  # noqa: F401  (registers commands)
from factcheck.cli import lookup as _lookup  # noqa: F401  (registers commands)
from factcheck.cli import report as _report  # noqa: F401  (registers commands)
from factcheck.cli import review as _review  # noqa: F401  (registers commands)
from factcheck.cli import tracker as _tracker  # noqa: F401  (registers commands)
from factcheck.cli.app import app

__all__ = ["app"]
