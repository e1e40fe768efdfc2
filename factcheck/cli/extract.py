"""``factcheck extract``: claims of one text, no database."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from factcheck.cli.app import app, user_errors
from factcheck.cli.output import CLAIM_FIELDS, Col, plural, print_table, to_csv, to_json, to_jsonl
from factcheck.errors import InputError


@app.command()
def extract(
    source: str = typer.Argument(..., help="A text file, or - for standard input."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json, jsonl or csv."),
) -> None:
    """Print the numeric claims of one text file, without storing anything.

    Example: factcheck extract fixtures/docs/arabweekly_morocco_isis_2016.txt --format json
    """
    from factcheck.extract import extract_claims
    from factcheck.ingest.text import decode, read_text_file

    with user_errors():
        if fmt not in ("table", "json", "jsonl", "csv"):
            raise InputError(f"unknown format {fmt!r}; use table, json, jsonl or csv")
        where = "standard input" if source == "-" else source
        if source == "-":
            text, _ = decode(sys.stdin.buffer.read(), "standard input")
        else:
            text, _ = read_text_file(Path(source))
        claims = [c.to_dict() for c in extract_claims(text)]
    if fmt == "json":
        typer.echo(to_json({"claims": claims}))
    elif fmt == "jsonl":
        typer.echo(to_jsonl(claims), nl=False)
    elif fmt == "csv":
        typer.echo(to_csv(claims, CLAIM_FIELDS), nl=False)
    else:
        print_table(
            claims,
            [
                Col("at", "start", numeric=True),
                Col("mention", "mention"),
                Col("value", "value", numeric=True),
                Col("qualifier", "qualifier"),
                Col("kind", "kind"),
                Col("unit", "unit"),
                Col("quote", "quote"),
                Col("speaker", "speaker", text=True),
            ],
            caption=plural(len(claims), "claim"),
            empty=f"no numeric claims found in {where}",
        )
