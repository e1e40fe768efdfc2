"""URL -> Document: fetch through the given client, then read it as HTML, Markdown or text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factcheck.config import load_settings
from factcheck.ingest.html import looks_like_html, parse_html
from factcheck.ingest.markdown import parse_markdown
from factcheck.ingest.text import title_of
from factcheck.models import Document
from factcheck.net import fetch

if TYPE_CHECKING:
    import httpx

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})


def load_url(url: str, client: httpx.Client, *, max_bytes: int | None = None) -> Document:
    """Return the article at an http(s) URL; raise FetchError when it cannot be had."""
    cap = max_bytes if max_bytes is not None else load_settings().max_bytes
    page = fetch(client, url, max_bytes=cap)
    extra = {
        "final_url": page.final_url,
        "http_status": page.status,
        "content_type": page.content_type,
        "charset": page.charset,
    }
    path = page.final_url.split("?", 1)[0].split("#", 1)[0].lower()
    if page.content_type in HTML_TYPES or (
        page.content_type in ("", "text/plain") and looks_like_html(page.text)
    ):
        doc = parse_html(page.text, url=page.final_url, origin=url)
        return _with(doc, extra={**doc.extra, **extra})
    if page.content_type in MARKDOWN_TYPES or path.endswith((".md", ".markdown")):
        doc = parse_markdown(page.text, origin=url)
        return _with(doc, url=doc.url or page.final_url, extra=extra)
    return Document(
        text=page.text,
        title=title_of(page.text),
        url=page.final_url,
        format="text",
        origin=url,
        extra=extra,
    )


def _with(doc: Document, **changes: object) -> Document:
    from dataclasses import replace

    return replace(doc, **changes)  # type: ignore[arg-type]
