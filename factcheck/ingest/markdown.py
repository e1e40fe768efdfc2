"""Markdown -> Document: plain text, one block per line, markup stripped.

Markup is stripped rather than kept because link targets and image paths are
full of numbers ("/2019/11/19/", "photo-1600.jpg") that the extractor would
take for claims, and "**45%**" would put asterisks in a claim's sentence. So
``Document.text`` is what a reader sees: headings, paragraphs, list items and
table rows one per line (table cells joined by " | "), link and image text
kept, their URLs dropped, code blocks left out. Offsets index that text, which
is the text the tracker stores.

A YAML-style front matter block (``---`` lines around ``key: value`` pairs)
gives title, author, publisher, date and URL; it is not part of the text.
"""

from __future__ import annotations

import re
from typing import Any

from factcheck.models import Document

# front-matter keys -> Document fields, the first key found wins
FRONT_MATTER_KEYS = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline"),
    "publisher": ("publisher", "site", "site_name", "source"),
    "published": ("date", "published", "published_at", "pubdate"),
    "url": ("url", "canonical", "canonical_url", "link"),
}
_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPACE = re.compile(r"[ \t\u00a0]+")


def parse_markdown(source: str, *, origin: str | None = None) -> Document:
    """Return the plain text of a Markdown article and the metadata of its front matter."""
    meta, body = split_front_matter(source)
    text, first_heading = _plain_text(body)
    title = meta.get("title") or first_heading or _first_line(text)
    published = meta.get("published")
    if published:
        m = _ISO_DATE.search(published)
        published = m.group(0) if m else None
    return Document(
        text=text,
        title=title,
        publisher=meta.get("publisher"),
        author=meta.get("author"),
        published=published,
        url=meta.get("url"),
        format="markdown",
        origin=origin,
    )


def split_front_matter(source: str) -> tuple[dict[str, str], str]:
    """Return (front-matter fields mapped to Document names, the rest of the text)."""
    m = _FRONT_MATTER.match(source)
    if not m:
        return {}, source
    raw: dict[str, str] = {}
    for line in m.group(1).splitlines():
        kv = _KEY_VALUE.match(line)
        if kv:
            value = kv.group(2).strip().strip("\"'").strip()
            if value:
                raw.setdefault(kv.group(1).lower(), value)
    meta = {}
    for field, keys in FRONT_MATTER_KEYS.items():
        for key in keys:
            if key in raw:
                meta[field] = raw[key]
                break
    return meta, source[m.end() :]


def _plain_text(body: str) -> tuple[str, str | None]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    lines: list[str] = []
    row: list[str] | None = None
    first_heading: str | None = None
    in_heading = False
    for token in md.parse(body):
        kind = token.type
        if kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            lines.append(" | ".join(cell for cell in row if cell))
            row = None
        elif kind == "inline":
            text = _inline_text(token.children or [])
            if row is not None:
                row.append(text)
            else:
                lines.append(text)
                if in_heading and first_heading is None and text:
                    first_heading = text
        elif kind == "html_block":
            lines.append(_strip_tags(token.content))
    cleaned = (_SPACE.sub(" ", line).strip() for line in lines)
    return "\n".join(line for line in cleaned if line), first_heading


def _inline_text(children: list[Any]) -> str:
    out: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "image":
            out.append(_inline_text(child.children or []))
        elif kind == "html_inline":
            continue
    return "".join(out)


def _strip_tags(html: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None
