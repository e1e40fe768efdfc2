"""ReportData to text, one generator of chunks per format; pure, no store, no I/O.

Every renderer yields the report piece by piece (a source at a time), so a
report of 100,000 claims is written out without being held as one string.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache, lru_cache
from itertools import islice
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from factcheck.models import Status
from factcheck.report.data import (
    STATUS_ORDER,
    UNATTRIBUTED,
    ClaimEntry,
    ReportData,
    SourceEntry,
    format_number,
    format_value,
)
from factcheck.report.serialize import (
    ENCODE,
    SCHEMA_VERSION,
    claim_json,
    header_dict,
    iso,
    match_dict,
    source_dict,
)

TEMPLATES = Path(__file__).parent / "templates"

# how many speakers the markdown and html summaries list; JSON lists them all
TOP_SPEAKERS = 25

STATUS_COLOURS: dict[str, str] = {
    Status.DISPUTED: "#c0392b",
    Status.VERIFIED: "#1e8449",
    Status.PENDING: "#7f8c8d",
}

# A cell starting with one of these is read as a formula by spreadsheets
# (CSV injection, OWASP); a leading apostrophe makes it inert text.  The same
# rule as factcheck/cli/output.py, which report may not import.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Return a CSV cell that a spreadsheet will not evaluate as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


_WEB = ("http://", "https://")


def web_url(url: str | None) -> str | None:
    """Return the URL if it is safe to link (http or https), else None."""
    if not url:
        return None
    text = url.strip()
    # the common case without urlsplit (a third of the time of a markdown report):
    # an ASCII http(s) URL without brackets is one urlsplit accepts as http(s)
    if text[:8].lower().startswith(_WEB) and text.isascii() and "[" not in text and "]" not in text:
        return text
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def when(value: Any) -> str:
    """Return a timestamp as 'YYYY-MM-DD HH:MM' for people to read."""
    if value is None:
        return ""
    if type(value) is datetime and value.tzinfo is UTC:
        return _utc_when(value)
    return str(value.strftime("%Y-%m-%d %H:%M"))


@lru_cache(maxsize=4096)
def _utc_when(value: datetime) -> str:
    # the claims of one ingest share their review times; strftime took a tenth of an
    # html report (UTC only: equal times of other zones are written differently)
    return value.strftime("%Y-%m-%d %H:%M")


def day(value: Any) -> str:
    """Return the date of a timestamp as YYYY-MM-DD."""
    if value is None:
        return ""
    return str(value.strftime("%Y-%m-%d"))


def percent(share: float) -> str:
    """Return a share as a whole percentage ("58%")."""
    return f"{share * 100:.0f}%"


# --- markdown -------------------------------------------------------------

# characters that start markup in CommonMark/GFM inline text; a backslash makes
# them literal, so article text cannot add links, emphasis, HTML or table cells
_MD_SPECIAL = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]<>|#~"} | {"\n": " ", "\r": " ", "\t": " "}
)


_MD_NEEDS = re.compile(r"[\\`*_\[\]<>|#~\n\r\t]")


def md(text: Any) -> str:
    """Return text escaped for markdown inline use, on one line."""
    if text is None:
        return ""
    plain = str(text)
    # most text has nothing to escape: one regex scan instead of a translation
    return plain.translate(_MD_SPECIAL) if _MD_NEEDS.search(plain) else plain


def md_url(url: str | None) -> str:
    """Return an http(s) URL as a markdown autolink, anything else as escaped text."""
    if not url:
        return ""
    safe = web_url(url)
    if safe and not any(c in safe for c in " <>\n"):
        return f"<{safe}>"
    return md(url)


# --- the claims: the part of a report repeated for every claim -------------
#
# Written in Python rather than in the templates: 100,000 claims through Jinja
# took 1.7 s of a markdown report and 2.7 s of an html one (a filter or attribute
# look-up per field), a claim's block in one function call takes a fifth of that.
# The templates call these once per source.


def markdown_claims(claims: Sequence[ClaimEntry], match_of: Mapping[int, int]) -> str:
    """Return the markdown of a source's claims, each with its review and evidence."""
    return "".join([_markdown_claim(c, match_of.get(c.id)) for c in claims])


def _markdown_claim(c: ClaimEntry, group: int | None) -> str:
    value = format_value(c)
    status = c.status
    sentence = c.sentence
    if not c.hl_end:
        quote = md(sentence)
    elif _MD_NEEDS.search(sentence) is None:
        # most sentences need no escaping: the three pieces of one need none either
        start, end = c.hl_start, c.hl_end
        quote = f"{sentence[:start]}**{sentence[start:end]}**{sentence[end:]}"
    else:
        quote = f"{md(c.before)}**{md(c.highlighted)}**{md(c.after)}"
    qualifier = ""
    if c.qualifier != "none":
        qualifier = f", {str(c.qualifier).replace('_', ' ')}"
        if c.qualifier_text:
            qualifier += f' "{md(c.qualifier_text)}"'
    if c.speaker:
        speaker = md(c.speaker)
        if c.speaker_role:
            speaker += f", {md(c.speaker_role)}"
        if c.quote:
            speaker += " (quoted)"
    else:
        speaker = "unattributed"
    text = (
        f"\n#### Claim {c.id} · {status} · {value}\n\n> {quote}\n\n"
        f"- Value: {value} ({c.kind}{qualifier})\n- Speaker: {speaker}\n- Status: **{status}**"
    )
    if c.reviewer:
        text += f" by {md(c.reviewer)} on {when(c.reviewed_at)}"
    text += "\n"
    if c.note:
        text += f"- Note: {md(c.note)}\n"
    if c.evidence_urls:
        text += f"- Evidence: {', '.join([md_url(u) for u in c.evidence_urls])}\n"
    for lk in c.lookups:
        text += f"- Lookup: {lk.outcome.value.replace('_', ' ')} · {md_url(lk.url)}"
        if lk.http_status:
            text += f" (HTTP {lk.http_status})"
        if lk.error:
            text += f" · {md(lk.error)}"
        text += "\n"
        if lk.passage:
            words, start, end = lk.passage.text, lk.passage.hl_start, lk.passage.hl_end
            text += f"  > {md(words[:start])}**{md(words[start:end])}**{md(words[end:])}\n"
    if group is not None:
        text += f"- Same figure in other sources: match group {group}\n"
    return text


def html_claims(claims: Sequence[ClaimEntry], match_of: Mapping[int, int]) -> Markup:
    """Return the html of a source's claims, every value from the tracker escaped."""
    return Markup("".join([_html_claim(c, match_of.get(c.id)) for c in claims]))


# the characters markupsafe.escape (Jinja's autoescape) replaces
_HTML_NEEDS = re.compile("[&<>'\"]")


def html_text(text: str) -> str:
    """Return text escaped for html by markupsafe, as Jinja's autoescape does."""
    # most text has nothing to escape: a regex scan costs a fifth of escape() and
    # the Markup it builds (0.4 s of an html report of 100,000 claims)
    if _HTML_NEEDS.search(text) is None:
        return text
    return str(escape(text))


def _html_link(url: str) -> str:
    safe = web_url(url)
    if safe:
        return f'<a href="{html_text(safe)}">{html_text(url)}</a>'
    return html_text(url)


def _html_claim(c: ClaimEntry, group: int | None) -> str:
    h = html_text
    status = h(c.status.value)
    value = h(format_value(c))
    sentence = c.sentence
    if not c.hl_end:
        quote = h(sentence)
    elif _HTML_NEEDS.search(sentence) is None:
        start, end = c.hl_start, c.hl_end
        quote = f"{sentence[:start]}<mark>{sentence[start:end]}</mark>{sentence[end:]}"
    else:
        quote = f"{h(c.before)}<mark>{h(c.highlighted)}</mark>{h(c.after)}"
    qualifier = ""
    if c.qualifier != "none":
        qualifier = f", {h(str(c.qualifier).replace('_', ' '))}"
        if c.qualifier_text:
            qualifier += f" “{h(c.qualifier_text)}”"
    if c.speaker:
        speaker = h(c.speaker)
        if c.speaker_role:
            speaker += f", {h(c.speaker_role)}"
        if c.quote:
            speaker += " (quoted)"
    else:
        speaker = "unattributed"
    text = (
        f'<article class="claim {status}" id="claim-{c.id}">\n'
        f'<h4><span class="badge {status}">{status}</span> Claim {c.id} · {value}</h4>\n'
        f"<blockquote>{quote}</blockquote>\n<dl>\n"
        f"<dt>Value</dt><dd>{value} ({h(str(c.kind))}{qualifier})</dd>\n"
        f"<dt>Speaker</dt><dd>{speaker}</dd>\n<dt>Status</dt><dd>{status}"
    )
    if c.reviewer:
        text += f" by {h(c.reviewer)} on {h(when(c.reviewed_at))}"
    text += "</dd>\n"
    if c.note:
        text += f"<dt>Note</dt><dd>{h(c.note)}</dd>\n"
    if c.evidence_urls:
        links = "".join([f"<li>{_html_link(u)}</li>" for u in c.evidence_urls])
        text += f'<dt>Evidence</dt><dd><ul class="plain">{links}</ul></dd>\n'
    if c.lookups:
        text += '<dt>Lookups</dt><dd><ul class="plain">'
        for lk in c.lookups:
            outcome = lk.outcome.value
            text += (
                f'<li><span class="outcome-{h(outcome)}">{h(outcome.replace("_", " "))}</span>'
                f" · {_html_link(lk.url)}"
            )
            if lk.http_status:
                text += f" (HTTP {lk.http_status})"
            if lk.error:
                text += f" · {h(lk.error)}"
            if lk.passage:
                words, start, end = lk.passage.text, lk.passage.hl_start, lk.passage.hl_end
                text += (
                    f"<blockquote>{h(words[:start])}<mark>{h(words[start:end])}</mark>"
                    f"{h(words[end:])}</blockquote>"
                )
            text += "</li>"
        text += "</ul></dd>\n"
    if group is not None:
        text += (
            f'<dt>Elsewhere</dt><dd><a href="#match-{group}">'
            f"same figure in other sources (group {group})</a></dd>\n"
        )
    return text + "</dl>\n</article>\n"


def _chart(data: ReportData) -> list[dict[str, Any]]:
    """Return the segments of the status bar: status, count, x and width out of 100."""
    total = data.summary.claims
    segments = []
    x = 0.0
    for status in STATUS_ORDER:
        count = data.summary.by_status.get(status, 0)
        width = 100.0 * count / total if total else 0.0
        segments.append(
            {
                "status": status.value,
                "count": count,
                "x": round(x, 3),
                "width": round(width, 3),
                "colour": STATUS_COLOURS[status],
            }
        )
        x += width
    return segments


@cache
def _environment(kind: str) -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        # html: every value from articles and reviewers is escaped unless marked safe
        autoescape=kind == "html",
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md,
        md_url=md_url,
        web_url=web_url,
        when=when,
        day=day,
        number=format_number,
        value=format_value,
        percent=percent,
    )
    env.globals.update(
        claims_text=html_claims if kind == "html" else markdown_claims,
        STATUS_ORDER=[s.value for s in STATUS_ORDER],
        UNATTRIBUTED=UNATTRIBUTED,
        TOP_SPEAKERS=TOP_SPEAKERS,
        SCHEMA_VERSION=SCHEMA_VERSION,
        COLOURS={k.value if isinstance(k, Status) else k: v for k, v in STATUS_COLOURS.items()},
    )
    return env


# pieces joined before they are handed on: a template yields a few dozen tiny
# strings per claim, and passing each through the generators cost a third of the time
BUFFER_PIECES = 2000


def _buffered(pieces: Iterator[str]) -> Iterator[str]:
    while batch := list(islice(pieces, BUFFER_PIECES)):
        yield "".join(batch)


def _template_chunks(name: str, kind: str, data: ReportData) -> Iterator[str]:
    template = _environment(kind).get_template(name)
    summary = data.summary
    yield from _buffered(
        template.generate(
            data=data,
            summary=summary,
            chart=_chart(data),
            match_of=data.match_of(),
            by_status={s.value: summary.by_status.get(s, 0) for s in STATUS_ORDER},
            speakers=summary.by_speaker[:TOP_SPEAKERS],
            more_speakers=max(0, len(summary.by_speaker) - TOP_SPEAKERS),
        )
    )


def iter_markdown(data: ReportData) -> Iterator[str]:
    """Yield the report as markdown, readable as plain text and on a code-hosting site."""
    yield from _template_chunks("report.md.j2", "markdown", data)


def iter_html(data: ReportData) -> Iterator[str]:
    """Yield the report as one self-contained, printable HTML page."""
    yield from _template_chunks("report.html.j2", "html", data)


# --- json -----------------------------------------------------------------


def _dump(value: Any) -> str:
    return ENCODE(value)


def iter_json(data: ReportData) -> Iterator[str]:
    """Yield the report as JSON: header and summary indented, one claim per line."""
    match_of = data.match_of()
    yield "{\n"
    for key, value in header_dict(data).items():
        # json.dumps(indent=2) in a faster copy: the summary lists every speaker
        yield f"  {_dump(key)}: {indented_json(value, '  ')},\n"
    yield '  "sources": ['
    for i, source in enumerate(data.sources):
        head = _dump(source_dict(source))[:-1]
        yield ("," if i else "") + f"\n    {head}, " + '"claims": ['
        yield ",".join([f"\n      {claim_json(c, match_of.get(c.id))}" for c in source.claims])
        yield "\n    ]}" if source.claims else "]}"
    yield "\n  ],\n" if data.sources else "],\n"
    yield '  "matches": ['
    yield ",".join(f"\n    {_dump(match_dict(g))}" for g in data.matches)
    yield "\n  ]\n}\n" if data.matches else "]\n}\n"


# --- csv ------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "source_id",
    "source_title",
    "source_publisher",
    "source_published",
    "source_url",
    "status",
    "mention",
    "value",
    "value_high",
    "qualifier",
    "kind",
    "unit",
    "speaker",
    "speaker_role",
    "quote",
    "sentence",
    "start",
    "end",
    "reviewer",
    "reviewed_at",
    "note",
    "evidence_urls",
    "references",
    "lookups",
    "best_passage",
    "match_group",
    "version",
    "created_at",
    "updated_at",
)


def _inert(text: str | None) -> str | None:
    # safe_cell for a text cell (None is written as an empty cell)
    if text and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _csv_row(source_cells: list[Any], c: ClaimEntry, match_group: int | None) -> list[Any]:
    # cells of numbers and times cannot start a formula; every text cell goes
    # through _inert, those of the source once per source
    best = None
    for lk in c.lookups:
        if lk.passage and (best is None or lk.passage.score > best.score):
            best = lk.passage
    return [
        c.id,
        c.source_id,
        *source_cells,
        _inert(c.status.value),
        _inert(c.mention),
        _inert(format_number(c.value)),
        _inert(format_number(c.value_high)),
        _inert(c.qualifier),
        _inert(c.kind),
        _inert(c.unit),
        _inert(c.speaker),
        _inert(c.speaker_role),
        "yes" if c.quote else "",
        _inert(c.sentence),
        c.start,
        c.end,
        _inert(c.reviewer),
        _csv_time(c.reviewed_at),
        _inert(c.note),
        _inert(" ".join(c.evidence_urls)),
        _inert(" ".join(c.references)),
        _inert(" ".join([f"{lk.outcome.value}:{lk.url}" for lk in c.lookups])),
        _inert(best.text) if best else None,
        match_group,
        c.version,
        _csv_time(c.created_at),
        _csv_time(c.updated_at),
    ]


def _csv_time(value: datetime | None) -> str | None:
    if value is not None and value.tzinfo is UTC:
        return _utc_time(value)
    return iso(value)


@lru_cache(maxsize=4096)
def _utc_time(value: datetime) -> str:
    # the claims of one ingest share their times (UTC only: equal times of other
    # zones are written differently)
    return value.isoformat()


def iter_csv(data: ReportData) -> Iterator[str]:
    """Yield one CSV row per claim with a header row; no cell can run as a formula."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    yield buf.getvalue()
    match_of = data.match_of()
    for source in data.sources:
        cells = [_inert(source.title), _inert(source.publisher), _inert(source.published)]
        cells.append(_inert(source.url))
        try:
            shown = (source.title, source.publisher, source.published, source.url)
            head = ",".join([_csv_text(x) for x in shown])
        except _Unusual:
            head = None
        lines = []
        for c in source.claims:
            group = match_of.get(c.id)
            try:
                if head is None:
                    raise _Unusual
                lines.append(_csv_line(head, c, group))
            except _Unusual:
                buf.seek(0)
                buf.truncate()
                writer.writerow(_csv_row(cells, c, group))
                lines.append(buf.getvalue())
        yield "".join(lines)


class _Unusual(Exception):
    """A cell that _csv_text leaves to the csv module (a carriage return in it)."""


# a text cell that neither starts a formula (_FORMULA_START) nor needs quotes
_CSV_PLAIN = re.compile(r'[^=+\-@\t\r,"\n][^,"\n\r]*').fullmatch


def _csv_text(text: str | None) -> str:
    """Return a text cell made inert (_inert) as csv.writer (QUOTE_MINIMAL, lines ending
    in \\n) writes it; a cell with a carriage return raises _Unusual: whether csv quotes
    one depends on the Python version, so the csv module writes that row."""
    if not text:
        return ""
    if _CSV_PLAIN(text) is not None:
        return text
    if "\r" in text:
        raise _Unusual
    if text.startswith(_FORMULA_START):
        text = "'" + text
    if "," in text or '"' in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(head: str, c: ClaimEntry, match_group: int | None) -> str:
    # _csv_row as one line of text, without the csv module: writing 100,000 rows
    # through csv.writer took 0.76 s, twice the time of building them. ``head`` is the
    # source's four cells, written. Numbers and times never need quotes; a text
    # cell goes through _csv_text unless it is empty.
    text = _csv_text
    best = None
    for lk in c.lookups:
        if lk.passage and (best is None or lk.passage.score > best.score):
            best = lk.passage
    return (
        ",".join(
            [
                str(c.id),
                str(c.source_id),
                head,
                text(c.status.value),
                text(c.mention),
                text(format_number(c.value)),
                text(format_number(c.value_high)) if c.value_high is not None else "",
                text(c.qualifier),
                text(c.kind),
                text(c.unit) if c.unit else "",
                text(c.speaker) if c.speaker else "",
                text(c.speaker_role) if c.speaker_role else "",
                "yes" if c.quote else "",
                text(c.sentence),
                _csv_int(c.start),
                _csv_int(c.end),
                text(c.reviewer) if c.reviewer else "",
                _csv_time(c.reviewed_at) or "",
                text(c.note) if c.note else "",
                text(" ".join(c.evidence_urls)) if c.evidence_urls else "",
                text(" ".join(c.references)) if c.references else "",
                text(" ".join([f"{lk.outcome.value}:{lk.url}" for lk in c.lookups]))
                if c.lookups
                else "",
                text(best.text) if best else "",
                "" if match_group is None else str(match_group),
                _csv_int(c.version),
                _csv_time(c.created_at) or "",
                _csv_time(c.updated_at) or "",
            ]
        )
        + "\n"
    )


def _csv_int(value: int | None) -> str:
    return "" if value is None else str(value)


# --- claimreview ----------------------------------------------------------

# The rating scale of ClaimReview output (README.md documents it): a 1-5 scale
# as fact-checkers publish it; the tracker's two verdicts sit at its ends.
RATING_WORST = 1
RATING_BEST = 5
RATINGS: dict[Status, tuple[int, str]] = {
    Status.VERIFIED: (5, "Verified"),
    Status.DISPUTED: (1, "Disputed"),
}

# words that make a speaker an Organization rather than a Person in schema.org
ORGANIZATION_WORDS: frozenset[str] = frozenset(
    """
    ministry ministries agency office department bank council police institute university
    organization organisation committee government association commission union fund
    bureau court army service services group company inc ltd llc plc party authority
    authorities board center centre federation foundation network observatory
    administration parliament cabinet forces coalition secretariat
    """.split()
)


# lower-case words that may stand inside a person's name ("Ahmed bin Salem")
NAME_PARTICLES: frozenset[str] = frozenset(
    "al el bin ben bint de del della di da van von der den le la du dos das ibn abu".split()
)


def is_organization(name: str) -> bool:
    """Return True when a speaker reads as an organisation (or a body of sources), not a person.

    A person's name is capitalised words ("Ana Silva"); "official information" or
    "the Interior Ministry" is not.
    """
    words = [w.strip(".,'’()") for w in name.split()]
    if {w.lower() for w in words} & ORGANIZATION_WORDS:
        return True
    return not all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in words if w)


def _party(name: str, role: str | None = None) -> dict[str, Any]:
    if is_organization(name):
        return {"@type": "Organization", "name": name}
    person: dict[str, Any] = {"@type": "Person", "name": name}
    if role:
        person["jobTitle"] = role
    return person


def review_url(data: ReportData, claim_id: int) -> str:
    """Return the address of a claim's review: the html report's anchor for it."""
    return f"{data.report_url or ''}#claim-{claim_id}"


def claim_review(data: ReportData, source: SourceEntry, c: ClaimEntry) -> dict[str, Any]:
    """Return the schema.org ClaimReview of one reviewed claim."""
    rating_value, rating_name = RATINGS[c.status]
    rating: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": rating_value,
        "bestRating": RATING_BEST,
        "worstRating": RATING_WORST,
        "alternateName": rating_name,
    }
    if c.note:
        rating["ratingExplanation"] = c.note
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if source.url:
        appearance["url"] = source.url
    if source.title:
        appearance["headline"] = source.title
    if source.published:
        appearance["datePublished"] = source.published
    if source.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": source.publisher}
    item: dict[str, Any] = {"@type": "Claim"}
    # the claim's author: its speaker, else the article that states it in its own voice
    if c.speaker:
        item["author"] = _party(c.speaker, c.speaker_role)
    elif source.publisher:
        item["author"] = {"@type": "Organization", "name": source.publisher}
    if source.published:
        item["datePublished"] = source.published
    item["appearance"] = appearance
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review_url(data, c.id),
        "claimReviewed": c.sentence or c.mention,
        "reviewRating": rating,
        "itemReviewed": item,
        "author": {"@type": "Person", "name": c.reviewer or "unknown reviewer"},
        "datePublished": day(c.reviewed_at or c.updated_at),
    }
    if c.note:
        review["reviewBody"] = c.note
    return review


def indented_json(value: Any, pad: str = "") -> str:
    """Return ``json.dumps(value, ensure_ascii=False, indent=2)`` with every line after
    the first indented by ``pad``: the same text, several times faster (json's own
    indenting encoder is pure Python, a call per value and per separator)."""
    if isinstance(value, str):
        return str(encode_basestring(value))
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = pad + "  "
        parts = []
        for k, v in value.items():
            if type(k) is not str:
                # json's own rules for other keys (numbers, None...)
                return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
            text = encode_basestring(v) if type(v) is str else indented_json(v, inner)
            parts.append(f"{inner}{encode_basestring(k)}: {text}")
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = pad + "  "
        items = ",\n".join(inner + indented_json(v, inner) for v in value)
        return "[\n" + items + "\n" + pad + "]"
    if type(value) is int:
        return repr(value)
    # floats, true, false, null
    return json.dumps(value)


def iter_claimreview(data: ReportData) -> Iterator[str]:
    """Yield a JSON-LD array with a ClaimReview for every verified or disputed claim."""
    first = True
    yield "["
    for source in data.sources:
        for c in source.claims:
            if c.status not in RATINGS:
                continue
            text = indented_json(claim_review(data, source, c), "  ")
            yield ("," if not first else "") + "\n  " + text
            first = False
    yield "]\n" if first else "\n]\n"


FORMATS: dict[str, Callable[[ReportData], Iterator[str]]] = {
    "markdown": iter_markdown,
    "html": iter_html,
    "json": iter_json,
    "csv": iter_csv,
    "claimreview": iter_claimreview,
}
