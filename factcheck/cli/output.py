"""Printing records as a rich table, JSON, JSON Lines or CSV."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMATS = ("table", "json", "jsonl", "csv")

# a claim's fields in CSV column order, for `extract` and `claims`
CLAIM_FIELDS = (
    "start",
    "end",
    "mention",
    "value",
    "value_high",
    "qualifier",
    "kind",
    "unit",
    "speaker",
    "speaker_role",
    "quote",
    "cue",
    "qualifier_text",
    "sentence_start",
    "sentence_end",
    "sentence",
)

# A cell starting with one of these is read as a formula by spreadsheets
# (CSV injection); a leading apostrophe makes it inert text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Return a CSV cell that a spreadsheet will not evaluate as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Return rows as CSV text with a header, formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else safe_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def to_json(payload: Any) -> str:
    """Return indented JSON, non-ASCII kept as is."""
    return json.dumps(payload, ensure_ascii=False, indent=2)


def to_jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    """Return one JSON object per line."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """Print rows as a rich table; columns are (key, header) pairs."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, caption=caption, show_lines=False)
    for key, header in columns:
        numeric = key in {"id", "value", "value_high", "start", "end", "claims"}
        table.add_column(header, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(key)) for key, _ in columns])
    Console(file=sys.stdout, soft_wrap=False).print(table)


def _cell(value: Any) -> str:
    from rich.markup import escape

    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return escape(str(value))
