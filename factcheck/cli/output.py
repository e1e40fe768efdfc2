"""Printing records as a rich table, JSON, JSON Lines or CSV."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

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

STATUS_STYLE = {"pending": "yellow", "verified": "green", "disputed": "red"}
OUTCOME_STYLE = {"match": "green", "conflict": "bold red", "not_found": "yellow", "error": "red"}


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Return rows as CSV text with a header, formula-safe."""
    # the report's rule for cells a spreadsheet would run as formulas (CSV injection)
    from factcheck.report.render import safe_cell

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


def plural(n: int, noun: str, total: int | None = None) -> str:
    """Return '1 claim', '3 claims' or, when only some are shown, '8 of 108 claims'."""
    word = noun if (total if total is not None else n) == 1 else noun + "s"
    if total is not None and total != n:
        return f"{n:,} of {total:,} {word}"
    return f"{n:,} {word}"


@dataclass(frozen=True)
class Col:
    """A table column: ``numeric`` ones are right-aligned; a ``text`` one gives way to fit.

    Every column but the text ones stays whole on one line (ids, counts, dates,
    statuses); the text column takes the room left and is cut with an ellipsis,
    or wrapped over lines when ``wrap`` (passages and notes a reader needs whole).
    """

    header: str
    key: str = ""
    numeric: bool = False
    text: bool = False
    wrap: bool = False


class ListTable:
    """The one table style of factcheck's lists: no box, bold underlined headers."""

    def __init__(self, columns: Sequence[Col], caption: str | None = None) -> None:
        from rich.table import Table

        self.columns = list(columns)
        # rows of several lines get a blank line between them, so each reads as one
        self.gap = any(c.wrap for c in self.columns)
        self.table = Table(
            box=None,
            pad_edge=False,
            header_style="bold underline",
            caption=caption,
            caption_justify="left",
        )
        for col in self.columns:
            self.table.add_column(
                col.header,
                justify="right" if col.numeric else "left",
                # only a text column may shrink: rich narrows wrappable columns first
                no_wrap=not col.text,
                min_width=None if col.text else len(col.header),
                overflow="fold" if col.wrap else "ellipsis",
            )

    def add(self, *cells: Any) -> None:
        """Add a row of cells (str, number, None or rich Text), one per column."""
        from rich.text import Text

        row: list[Text] = []
        for col, value in zip(self.columns, cells, strict=True):
            cell = value if isinstance(value, Text) else Text(_cell(value))
            if col.text and not col.wrap:
                cell.no_wrap = True
                cell.overflow = "ellipsis"
            row.append(cell)
        if self.gap and self.table.row_count:
            # rich's `leading` needs a box; an empty row is the blank line
            self.table.add_row()
        self.table.add_row(*row)

    def print(self, empty: str | None = None) -> None:
        """Print the table; with no rows, print ``empty`` (what to do next) instead."""
        console = stdout_console()
        if not self.table.row_count and empty is not None:
            console.print(empty, markup=False, soft_wrap=True)
            return
        console.print(self.table)


def stdout_console() -> Console:
    """Return the console lists print on: standard output, no automatic colouring."""
    from rich.console import Console

    return Console(file=sys.stdout, soft_wrap=False, highlight=False)


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Col],
    caption: str | None = None,
    empty: str | None = None,
) -> None:
    """Print records as a list table; each column reads its ``key`` from the rows."""
    table = ListTable(columns, caption=caption)
    for row in rows:
        table.add(*[row.get(col.key) for col in columns])
    table.print(empty)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return str(value)
