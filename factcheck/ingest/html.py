"""HTML page -> Document: the article's main text and its metadata.

The main text comes from trafilatura (measured against alternatives in
``benchmarks/html_extraction.py``; figures in the README). When trafilatura
finds nothing, the text of the page's ``<p>`` elements outside navigation,
headers, footers, asides and forms is used, then the body's text.

Lines that are the site talking ("Related: ..." and the links after it) are
dropped from trafilatura's text (PROMO_PREFIXES).

Metadata is read from the page's own declarations first, because they are
what the publisher states: JSON-LD (``NewsArticle`` and kin), then Open Graph
and ``article:*`` tags, then ``<meta name=author>`` and ``<link rel=canonical>``;
trafilatura's findings fill what is still missing, except that its site name
beats ``og:site_name`` (often a section name) unless JSON-LD names the
publisher. Without a declared headline, the part of ``<title>`` that matches
an ``<h1>`` is the title. Dates are YYYY-MM-DD (see ``_local_date``).

``Document.text`` is the title on the first line (as in the annotation set's
text files), then one paragraph per line; claim offsets index this text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from factcheck.errors import InputError
from factcheck.models import Document

# schema.org types whose JSON-LD describes the article itself
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "WebPage",
    }
)
# Elements whose text is never the article, for the <p> fallback.
BOILERPLATE_TAGS = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript")
# Elements after which the visible text breaks a line, for the body fallback.
BLOCK_TAGS = (
    "p", "div", "section", "article", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "figcaption",
)  # fmt: skip
# Below this many characters trafilatura's text is taken as "found nothing";
# 0 would keep a lone caption, and trafilatura's own MIN_EXTRACTED_SIZE is 250.
MIN_MAIN_TEXT = 80

# Lines inside an article's body that are the site talking, not the story:
# link lists and sign-up prompts. Measured on shared/eval/html, where space.com
# puts "Related: ..." and a list of links after it mid-article. A line starting
# with one of these (case-folded) is dropped, with the list items right after it.
PROMO_PREFIXES = (
    "related:",
    "related stories:",
    "related articles:",
    "read more:",
    "see also:",
    "more from ",
    "recommended:",
    "sign up for ",
    "subscribe to ",
    "click here to ",
    "advertisement",
)
LIST_MARKS = ("- ", "* ", "\u2022 ")
# Credit and contact lines after a story: "Reporting by X; Editing by Y" (Reuters),
# "Email Tariq Malik at ... or follow him @..." (space.com). The annotation
# guideline counts byline numbers as non-claims, and the marked text of
# shared/eval/html leaves these lines out.
CREDIT_LINE = re.compile(
    r"""^\(?(?i:(?:additional\ )?(?:reporting|editing|writing|compiled)\ by)\ [A-Z]
      | ^(?i:e-?mail|follow|contact)\b.{0,200}@\w""",
    re.VERBOSE,
)

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{2})[/-](\d{2})(?=[/_.-]|$)")
MIN_YEAR = 1971
# "Headline | Site", "Headline - Site", "Site :: Headline"
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\u2013\u2014-]|::|\u00bb)\s+")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u3000]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def looks_like_html(text: str) -> bool:
    """Return True when text starts like an HTML document (doctype, <html>, <head> or <body>)."""
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml")) and (
        "<html" in text[:4096].lower() or "<body" in text[:4096].lower()
    )


def parse_html(
    html: str, *, url: str | None = None, origin: str | None = None, title_line: bool = True
) -> Document:
    """Return the article in an HTML page: main text, one paragraph per line, and metadata."""
    where = origin or url or "HTML"
    html = _XML_DECL.sub("", html, count=1)
    tree = _parse(html, where)
    meta = page_metadata(tree)
    extractor = "trafilatura"
    body, found = _trafilatura(html, url)
    if len(body) < MIN_MAIN_TEXT:
        paragraphs = _paragraphs(tree)
        # on a page this short trafilatura keeps menus too; <p> text is the article
        if paragraphs:
            extractor, body = "paragraphs", paragraphs
        elif not body:
            extractor, body = "body", _body_text(tree)
    if not body.strip():
        raise InputError(f"{where}: no article text found in the page")
    # og:site_name is often a section ("U.S." on Reuters); trafilatura weighs it
    # against the title suffix and the host name, so its site name comes before it
    if found.get("publisher") and not meta.get("ld_publisher"):
        meta["publisher"] = found["publisher"]
    for key, value in found.items():
        if value and not meta.get(key) and key != "title":
            meta[key] = value
    published = _local_date(meta.get("published"), meta.get("url") or url)
    title = meta.get("title") or _title_from(meta.get("html_title"), tree, body, found)
    text = body
    first = body.split("\n", 1)[0]
    if title_line and title and first.casefold() != title.casefold():
        text = f"{title}\n{body}"
    return Document(
        text=text,
        title=title,
        publisher=meta.get("publisher"),
        author=meta.get("author"),
        published=published,
        url=meta.get("url") or url,
        format="html",
        origin=origin or url,
        extra={
            "extractor": extractor,
            **({"description": meta["description"]} if meta.get("description") else {}),
        },
    )


def _title_from(html_title: str | None, tree: Any, body: str, found: dict[str, str]) -> str | None:
    """Return the headline when the page declares none: the part of <title> that is
    the page's <h1> or first line, else its longest part, else trafilatura's title."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(html_title or "") if p.strip()]
    headings = {_one_line(h.text_content()) for h in tree.iter("h1", "h2")}
    headings.add(body.split("\n", 1)[0])
    folded = {h.casefold() for h in headings if h}
    for part in parts:
        if part.casefold() in folded:
            return part
    # a headline is nearly always longer than the site's name beside it
    return max(parts, key=len) if parts else found.get("title")


def _parse(html: str, where: str) -> Any:
    import lxml.html
    from lxml import etree

    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{where}: not readable as HTML ({exc})") from None


def _trafilatura(html: str, url: str | None) -> tuple[str, dict[str, str]]:
    """Return (main text, metadata trafilatura found) or ("", {}) when it finds nothing."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # the page's own links and images are not claims; formatting would add markup
        include_links=False,
        include_images=False,
        deduplicate=False,
    )
    if doc is None:
        return "", {}
    fields: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict()
    text = drop_promos(_clean_lines(fields.get("text") or ""))
    found = {
        "title": _one_line(fields.get("title")),
        "author": _one_line(fields.get("author")),
        "publisher": _one_line(fields.get("sitename")),
        "published": _iso_date(fields.get("date")),
        "url": _one_line(fields.get("url")),
        "description": _one_line(fields.get("description")),
    }
    return text, {k: v for k, v in found.items() if v}


def drop_promos(text: str) -> str:
    """Return the text without promotional lines (and the lists they head) or credit lines."""
    kept: list[str] = []
    in_promo = False
    for line in text.split("\n"):
        if line.casefold().startswith(PROMO_PREFIXES):
            in_promo = True
            continue
        if in_promo and line.startswith(LIST_MARKS):
            continue
        if CREDIT_LINE.search(line):
            continue
        in_promo = False
        kept.append(line)
    return "\n".join(kept)


def _paragraphs(tree: Any) -> str:
    """Return the text of every <p> outside boilerplate elements, one per line."""
    lines = []
    for p in tree.iter("p"):
        if any(a.tag in BOILERPLATE_TAGS for a in p.iterancestors()):
            continue
        lines.append(p.text_content())
    return _clean_lines("\n".join(lines))


def _body_text(tree: Any) -> str:
    """Return the page's visible text outside boilerplate elements, block by block."""
    for bad in list(tree.iter(*BOILERPLATE_TAGS, "template")):
        bad.drop_tree()
    for block in tree.iter(*BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
    body = tree.find("body")
    return _clean_lines((body if body is not None else tree).text_content())


def _clean_lines(text: str) -> str:
    """Collapse spaces inside lines and drop empty lines: one paragraph per line."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = _SPACE.sub(" ", value.replace("\n", " ")).strip()
    return cleaned or None


def _iso_date(value: object) -> str | None:
    """Return YYYY-MM-DD from an ISO 8601 date or date-time, else None."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    # 0001-01-01 and 1970-01-01 are placeholders of content systems, not dates
    if not (MIN_YEAR <= year <= 2200 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _local_date(published: str | None, url: str | None) -> str | None:
    """Return the publication date, preferring the publisher's local date in its URL.

    Pages state the time in UTC ("2019-11-20T02:59:46Z" for a story filed on
    the evening of the 19th in Minnesota); a date in the article's own URL one
    day off is the date the publisher printed.
    """
    m = _URL_DATE.search(url or "")
    if not m:
        return published
    url_date = _iso_date("-".join(m.groups()))
    if url_date is None:
        return published
    if published is None:
        return url_date
    from datetime import date

    gap = abs((date.fromisoformat(published) - date.fromisoformat(url_date)).days)
    return url_date if gap == 1 else published


# --- metadata declared by the page --------------------------------------------


def page_metadata(tree: Any) -> dict[str, str]:
    """Return title, author, publisher, published, url, description the page declares."""
    found: dict[str, str] = {}

    def put(key: str, value: object) -> None:
        cleaned = _iso_date(value) if key == "published" else _one_line(value)
        if cleaned and key not in found:
            found[key] = cleaned

    for item in _json_ld_articles(tree):
        put("title", item.get("headline") or item.get("name"))
        put("author", _names(item.get("author")))
        put("publisher", _names(item.get("publisher")))
        put("ld_publisher", _names(item.get("publisher")))
        put("published", item.get("datePublished") or item.get("dateCreated"))
        put("url", _url_of(item.get("mainEntityOfPage")) or _url_of(item.get("url")))
        put("description", item.get("description"))

    metas = _meta_tags(tree)
    put("title", metas.get("og:title") or metas.get("twitter:title"))
    put("publisher", metas.get("og:site_name") or metas.get("application-name"))
    put("author", metas.get("author") or metas.get("article:author") or metas.get("byl"))
    put(
        "published",
        metas.get("article:published_time")
        or metas.get("og:published_time")
        or metas.get("date")
        or metas.get("pubdate")
        or metas.get("dc.date")
        or metas.get("dcterms.created"),
    )
    put("description", metas.get("og:description") or metas.get("description"))
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            found["url"] = link.get("href").strip()  # the canonical link is the page's own word
            break
    put("url", metas.get("og:url"))
    title = tree.find(".//title")
    if title is not None:
        # <title> carries the site's name ("Valley Times | ..."); trafilatura
        # strips it, so this is only the last resort (see parse_html)
        put("html_title", title.text_content())
    if found.get("author", "").lower().startswith("by "):
        found["author"] = found["author"][3:].strip()
    if found.get("url") and not found["url"].startswith(("http://", "https://")):
        del found["url"]  # a relative canonical link says nothing without the page's URL
    return found


def _meta_tags(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        content = meta.get("content")
        if key and content and key.lower() not in out:
            out[key.lower()] = content
    return out


def _json_ld_articles(tree: Any) -> Iterator[dict[str, Any]]:
    """Yield the JSON-LD objects typed as articles, most specific types first."""
    items: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            # a stray trailing comma or comment is common; such a block is skipped
            continue
        items.extend(_walk_ld(data))

    def rank(item: dict[str, Any]) -> int:
        types = _types(item)
        return 1 if types <= {"WebPage"} else 0

    yield from sorted((i for i in items if _types(i) & ARTICLE_TYPES), key=rank)


def _walk_ld(data: object) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _walk_ld(graph)


def _types(item: dict[str, Any]) -> set[str]:
    t = item.get("@type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return {x for x in t if isinstance(x, str)}
    return set()


def _names(value: object) -> str | None:
    """Return the name(s) of a schema.org Person/Organization value, joined by ', '."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in (_names(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _url_of(value: object) -> str | None:
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return value
    if isinstance(value, dict):
        return _url_of(value.get("@id") or value.get("url"))
    return None
