"""A fetched page as plain lines of text: HTML main text and tables, JSON, CSV, plain text.

Tables, JSON records and CSV rows become one line each, every value next to its
header ("Region: Tanger; Fighters abroad: 1,600"), so the words that say what
a number measures stand on the number's own line, where passages.py looks for
them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
JSON_TYPES = frozenset({"application/json", "text/json", "application/ld+json"})
CSV_TYPES = frozenset({"text/csv", "application/csv", "text/tab-separated-values"})
# Main text by lxml, with navigation, banners and footers dropped by tag and by
# class or id. Not trafilatura: it took 4-13 ms a page (19 ms on a short one,
# where it retries its fallbacks), which made 200 lookups CPU-bound at 4 s;
# lxml takes under 1 ms, and a lookup only needs each number with its sentence.
_NOT_TEXT = (
    "//script|//style|//noscript|//template|//svg|//nav|//footer|//aside|//form"
    "|//header[not(ancestor::article) and not(ancestor::main)]"
)
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|cookies?|consent|banner|"
    r"footer|sidebar|social|share|sharing|advert|advertisement|ads|newsletter|related|"
    r"comments?|skip-link)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCKS = (
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br",
    "section", "article", "main", "blockquote", "pre", "dd", "dt", "figcaption",
)  # fmt: skip
# A cell longer than this is prose, not a value; it is cut in table lines.
MAX_CELL_CHARS = 200

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TEXT_OUTSIDE_TAGS = re.compile(r">[^<]*[^\s<][^<]*(?:<|$)")


def page_kind(content_type: str, url: str, text: str) -> str:
    """Return how to read a page: html, json, csv or text, from its type, address and start."""
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if content_type in JSON_TYPES or content_type.endswith("+json"):
        return "json"
    if content_type in CSV_TYPES:
        return "csv"
    if content_type in HTML_TYPES or content_type.endswith("+xml"):
        return "html"
    # servers send data files as text/plain or application/octet-stream
    starts_json = head[:1] in ("{", "[")
    if path.endswith(".json") or (content_type in ("", "text/plain") and starts_json):
        return "json" if starts_json else "text"
    if path.endswith((".csv", ".tsv")):
        return "csv"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head:
        return "html"
    return "text"


def page_text(text: str, content_type: str = "", url: str = "") -> str:
    """Return the readable text of a page: main text and table rows for HTML, flat lines else."""
    kind = page_kind(content_type, url, text)
    if kind == "html":
        return html_text(text)
    if kind == "json":
        return json_text(text)
    if kind == "csv":
        return csv_text(
            text, delimiter="\t" if content_type.endswith("tab-separated-values") else None
        )
    return text


def html_text(markup: str) -> str:
    """Return title, main text and every table row of an HTML page (broken markup is fine)."""
    import lxml.etree
    import lxml.html

    # lxml refuses control characters in text nodes; no page means them
    markup = _CONTROL.sub(" ", _XML_DECLARATION.sub("", markup, count=1))
    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return _strip_tags(markup)
    title = _clean(root.findtext(".//title") or "")
    for el in root.xpath(_NOT_TEXT):
        el.drop_tree()
    for el in root.xpath("//*[@class or @id]"):
        label = f"{el.get('class', '')} {el.get('id', '')}"
        if _BOILERPLATE.search(label) and el.getparent() is not None:
            el.drop_tree()
    tables = [line for table in root.iter("table") for line in _table_lines(table)]
    for table in list(root.iter("table")):
        table.drop_tree()
    main = _block_text(root)
    parts = [title] if title and title not in main[:500] else []
    parts.append(main)
    parts.extend(tables)
    text = "\n".join(p for p in parts if p)
    if not text and _TEXT_OUTSIDE_TAGS.search(markup):
        # lxml stops at 255 levels of nesting and keeps nothing below: a hostile
        # or broken page gets its words back by dropping the tags instead
        return _strip_tags(markup)
    return text


def _block_text(root: Any) -> str:
    """Return the text of an lxml tree with a line break around each block element."""
    # line breaks in the source are spaces (hard-wrapped HTML); blocks make the lines
    for el in root.iter():
        if el.text and el.tag != "pre":
            el.text = _WHITESPACE.sub(" ", el.text)
        if el.tail:
            el.tail = _WHITESPACE.sub(" ", el.tail)
    for el in root.iter(*_BLOCKS):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    text = root.text_content() if hasattr(root, "text_content") else ""
    lines = (_clean(line) for line in str(text).splitlines())
    return "\n".join(line for line in lines if line)


def _strip_tags(markup: str) -> str:
    return "\n".join(
        _clean(line) for line in re.sub(r"<[^>]*>", " ", markup).splitlines() if line.strip()
    )


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _cell(el: Any) -> str:
    text = _clean(" ".join(str(t) for t in el.itertext()))
    return text[:MAX_CELL_CHARS]


def _table_lines(table: Any) -> list[str]:
    """Return one line per data row: 'header: cell; header: cell — caption'."""
    caption_el = table.find("caption")
    caption = _cell(caption_el) if caption_el is not None else _heading_before(table)
    header: list[str] = []
    lines: list[str] = []
    for row in table.iter("tr"):
        if _nearest_table(row) is not table:
            continue  # rows of a nested table are read with that table
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        texts = [_cell(c) for c in cells]
        if not any(texts):
            continue
        if not header and (all(c.tag == "th" for c in cells) or row.getparent().tag == "thead"):
            header = texts
            continue
        if header and len(header) == len(texts):
            pairs = [f"{h}: {t}" if h else t for h, t in zip(header, texts, strict=True) if t]
            body = "; ".join(pairs)
        else:
            body = "; ".join(t for t in texts if t)
        # the row first, so a passage cut around a cell keeps the row's label in view
        lines.append(f"{body} — {caption}" if caption else body)
    return lines


def _nearest_table(el: Any) -> Any:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _heading_before(table: Any) -> str:
    """Return the nearest heading before a table without a caption, as its caption."""
    for el in table.itersiblings(preceding=True):
        if isinstance(el.tag, str) and el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return _cell(el)
    return ""


def json_text(text: str) -> str:
    """Return a JSON document as lines 'path: key: value; key: value', one per object."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return text
    lines: list[str] = []
    _flatten(data, "", lines, 0)
    return "\n".join(lines)


# deeper nesting than this is not a data file a reviewer cites
_MAX_DEPTH = 50


def _flatten(data: Any, path: str, lines: list[str], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, dict):
        scalars = [f"{k}: {_scalar(v)}" for k, v in data.items() if not isinstance(v, dict | list)]
        if scalars:
            lines.append((f"{path}: " if path else "") + "; ".join(scalars))
        for k, v in data.items():
            if isinstance(v, dict | list):
                _flatten(v, f"{path}.{k}" if path else str(k), lines, depth + 1)
    elif isinstance(data, list):
        plain = [_scalar(v) for v in data if not isinstance(v, dict | list)]
        if plain:
            lines.append((f"{path}: " if path else "") + ", ".join(plain))
        for v in data:
            if isinstance(v, dict | list):
                # the list's own name is the context; indexes would only add noise
                _flatten(v, path, lines, depth + 1)
    else:
        lines.append((f"{path}: " if path else "") + _scalar(data))


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        # 1600.0 in a JSON file is the count 1600, not a figure given to a decimal
        return str(int(value))
    return str(value)


def csv_text(text: str, delimiter: str | None = None) -> str:
    """Return CSV rows as lines 'header: value; header: value'."""
    sample = text[:8192]
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        return text
    rows = [[_clean(c) for c in r] for r in rows if any(c.strip() for c in r)]
    if not rows:
        return ""
    header, body = rows[0], rows[1:]
    lines = []
    for row in body:
        if len(row) == len(header):
            lines.append(
                "; ".join(f"{h}: {v}" if h else v for h, v in zip(header, row, strict=True) if v)
            )
        else:
            lines.append("; ".join(v for v in row if v))
    return "\n".join(lines)


__all__ = ["csv_text", "html_text", "json_text", "page_kind", "page_text"]
