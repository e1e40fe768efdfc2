"""Rendering a hand-built ReportData: every format, escaping, CSV safety, ClaimReview fields."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest

from factcheck.models import Action, Outcome, Passage, ReviewEvent, Status
from factcheck.report import FORMATS, Filters, render
from factcheck.report.build import summarise
from factcheck.report.data import (
    ClaimEntry,
    LookupEntry,
    MatchGroup,
    MatchMember,
    ReportData,
    SourceEntry,
    format_number,
)
from factcheck.report.render import html_text, is_organization, md, safe_cell, web_url

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
T1 = datetime(2026, 11, 3, 14, 5, tzinfo=UTC)
T2 = datetime(2026, 11, 4, 8, 0, tzinfo=UTC)

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"


def _claim(
    id: int,
    source_id: int,
    status: Status,
    sentence: str,
    mention: str,
    value: float,
    **kw: object,
) -> ClaimEntry:
    at = sentence.index(mention)
    return ClaimEntry(
        id=id,
        source_id=source_id,
        status=status,
        mention=mention,
        value=value,
        sentence=sentence,
        hl_start=at,
        hl_end=at + len(mention),
        start=100 + at,
        end=100 + at + len(mention),
        version=1 + len(kw.get("events", ())),  # type: ignore[arg-type]
        created_at=T0,
        updated_at=T1 if status != Status.PENDING else T0,
        **kw,  # type: ignore[arg-type]
    )


def _event(id: int, claim_id: int, action: Action, new: Status, **kw: object) -> ReviewEvent:
    return ReviewEvent(
        id=id,
        claim_id=claim_id,
        reviewer=str(kw.pop("reviewer", "Amira Haddad")),
        action=action,
        old_status=Status.PENDING,
        new_status=new,
        created_at=kw.pop("at", T1),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def sample_report() -> ReportData:
    """Return a small report by hand: two sources, all statuses, a lookup, a match, hostile text."""
    disputed_events = (
        _event(
            1,
            11,
            Action.DISPUTE,
            Status.DISPUTED,
            note=f"Ministry figure is 1,400 {SCRIPT}",
            evidence_url="https://stats.example.org/table-4?x=1&y=2",
        ),
    )
    verified_events = (
        _event(2, 12, Action.VERIFY, Status.VERIFIED, reviewer="Jonas Berg", at=T2),
        _event(3, 12, Action.NOTE, Status.VERIFIED, note="Checked with the census office", at=T2),
    )
    hostile = f"Officials said {FORMULA} and {SCRIPT} about 40 per cent of the 3,200 cases."
    s1 = SourceEntry(
        id=1,
        ingested_at=T0,
        title="Dockworkers strike over <b>pay</b>",
        publisher="The Harbour Gazette",
        author="Lena Ortiz",
        published="2026-10-30",
        url="https://harbour-gazette.example/strike",
        claims=(
            _claim(
                11,
                1,
                Status.DISPUTED,
                "More than 1,600 workers walked out, the union said.",
                "1,600",
                1600,
                kind="count",
                unit="workers",
                qualifier="lower_bound",
                qualifier_text="More than",
                speaker="Dockers Union",
                speaker_role=None,
                reviewer="Amira Haddad",
                reviewed_at=T1,
                note=disputed_events[0].note,
                evidence_urls=("https://stats.example.org/table-4?x=1&y=2",),
                references=("https://port.example/report",),
                lookups=(
                    LookupEntry(
                        url="https://port.example/report",
                        outcome=Outcome.CONFLICT,
                        fetched_at=T1,
                        final_url="https://port.example/report.html",
                        http_status=200,
                        passage=Passage(
                            text="The port authority counted 1,400 workers on strike.",
                            hl_start=27,
                            hl_end=32,
                            found="1,400",
                            value=1400,
                            score=0.9,
                        ),
                    ),
                    LookupEntry(
                        url="javascript:alert(2)",
                        outcome=Outcome.ERROR,
                        fetched_at=T1,
                        error="unsupported URL scheme",
                    ),
                ),
                events=disputed_events,
            ),
            _claim(
                12,
                1,
                Status.VERIFIED,
                "Wages rose 2.5% last year, according to Ana Silva, the port's chief economist.",
                "2.5%",
                2.5,
                kind="percent",
                unit="%",
                speaker="Ana Silva",
                speaker_role="the port's chief economist",
                reviewer="Jonas Berg",
                reviewed_at=T2,
                note="Checked with the census office",
                events=verified_events,
            ),
            _claim(13, 1, Status.PENDING, hostile, "3,200", 3200, kind="count", unit="cases"),
        ),
    )
    s2 = SourceEntry(
        id=2,
        ingested_at=T0,
        title=None,
        publisher=None,
        published=None,
        url="https://valley-post.example/news/port",
        claims=(
            _claim(
                21,
                2,
                Status.PENDING,
                "Some 1,600 workers joined the walkout on Monday.",
                "1,600",
                1600,
                kind="count",
                unit="workers",
                qualifier="approximately",
            ),
        ),
    )
    match = MatchGroup(
        id=1,
        kind="count",
        unit="workers",
        value=1600,
        value_high=None,
        members=(
            MatchMember(11, 1, s1.label, "1,600", Status.DISPUTED, "Dockers Union"),
            MatchMember(21, 2, s2.label, "1,600", Status.PENDING, None),
        ),
        verdict="disputed",
        basis="same kind, unit and value within rounding, similar wording",
    )
    sources = (s1, s2)
    return ReportData(
        generated_at=datetime(2026, 11, 5, 12, 0, tzinfo=UTC),
        summary=summarise(sources),
        sources=sources,
        matches=(match,),
        report_url="https://checks.example/report.html",
    )


EXT = {"markdown": "md", "html": "html", "json": "json", "csv": "csv", "claimreview": "jsonld"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_matches_its_golden_file(fmt: str, golden) -> None:  # type: ignore[no-untyped-def]
    golden(f"report.sample.{EXT[fmt]}", render(sample_report(), fmt))


def test_summary_counts_statuses_speakers_sources_and_reviewers() -> None:
    summary = sample_report().summary
    assert (summary.sources, summary.claims, summary.checked) == (2, 4, 2)
    assert summary.by_status == {"disputed": 1, "verified": 1, "pending": 2}
    assert summary.share_checked == 0.5
    assert [(c.name, c.total) for c in summary.by_speaker] == [
        ("(unattributed)", 2),
        ("Ana Silva", 1),
        ("Dockers Union", 1),
    ]
    assert [(c.key, c.total, c.by_status) for c in summary.by_source] == [
        (1, 3, {"disputed": 1, "verified": 1, "pending": 1}),
        (2, 1, {"pending": 1}),
    ]
    assert [(r.name, r.events, r.verified, r.disputed) for r in summary.reviewers] == [
        ("Amira Haddad", 2, 0, 1),
        ("Jonas Berg", 1, 1, 0),
    ]
    assert (summary.first_review, summary.last_review) == (T1, T2)


# --- html ---------------------------------------------------------------


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    return parser


def test_html_is_self_contained_and_escapes_article_and_reviewer_text() -> None:
    html = render(sample_report(), "html")
    parsed = _parse(html)
    tags = [t for t, _ in parsed.tags]
    # the only markup is ours: no script, no <b> from the title, no external resource
    assert "script" not in tags and "b" not in tags
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Dockworkers strike over &lt;b&gt;pay&lt;/b&gt;" in html
    text = "".join(parsed.text)
    assert SCRIPT in text  # shown to the reader as text
    hrefs = [a["href"] for t, a in parsed.tags if t == "a" and a.get("href")]
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs), hrefs
    assert "javascript:alert(2)" not in hrefs
    # the query string of an evidence URL is escaped in the attribute, and intact once parsed
    assert "https://stats.example.org/table-4?x=1&y=2" in hrefs
    assert 'href="https://stats.example.org/table-4?x=1&amp;y=2"' in html


def test_html_has_chart_print_styles_and_claims_in_status_order() -> None:
    html = render(sample_report(), "html")
    assert "<svg" in html and "@media print" in html and "<style>" in html
    order = [html.index(f'id="claim-{i}"') for i in (11, 12, 13)]
    assert order == sorted(order)
    assert "<mark>1,600</mark>" in html
    assert "The port authority counted <mark>1,400</mark> workers on strike." in html


# --- markdown -------------------------------------------------------------


def test_markdown_highlights_the_number_and_escapes_markup() -> None:
    text = render(sample_report(), "markdown")
    assert "> More than **1,600** workers walked out, the union said." in text
    assert "Dockworkers strike over \\<b\\>pay\\</b\\>" in text
    assert SCRIPT not in text
    assert "<https://stats.example.org/table-4?x=1&y=2>" in text
    assert "<javascript:" not in text and "](javascript:" not in text
    assert text.index("Claim 11") < text.index("Claim 12") < text.index("Claim 13")


@pytest.mark.parametrize(
    "raw, escaped",
    [
        ("plain words", "plain words"),
        ("*bold* _it_", "\\*bold\\* \\_it\\_"),
        ("[link](http://x)", "\\[link\\](http://x)"),
        ("a | b", "a \\| b"),
        ("line\nbreak", "line break"),
        ("<img src=x>", "\\<img src=x\\>"),
        ("# heading", "\\# heading"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


@pytest.mark.parametrize(
    "raw, escaped",
    [
        ("plain words", "plain words"),
        ("the union's <b>pay</b>", "the union&#39;s &lt;b&gt;pay&lt;/b&gt;"),
        ('a "quote" & more', "a &#34;quote&#34; &amp; more"),
        ("&amp; already", "&amp;amp; already"),
        ("“curly” ’ quotes stay", "“curly” ’ quotes stay"),
    ],
)
def test_html_text_escapes_as_jinja_autoescape_does(raw: str, escaped: str) -> None:
    from markupsafe import escape

    assert html_text(raw) == escaped == str(escape(raw))


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<b>", None),
        ("file:///etc/passwd", None),
        ("", None),
        (None, None),
    ],
)
def test_only_web_urls_become_links(url: str | None, safe: str | None) -> None:
    assert web_url(url) == safe


# --- csv ------------------------------------------------------------------


def test_csv_one_row_per_claim_and_no_formula() -> None:
    text = render(sample_report(), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["claim_id"] for r in rows] == ["11", "12", "13", "21"]
    hostile = rows[2]
    assert hostile["sentence"].startswith("Officials said")
    assert FORMULA in hostile["sentence"]
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[0]["lookups"] == ("conflict:https://port.example/report error:javascript:alert(2)")
    assert rows[0]["best_passage"] == "The port authority counted 1,400 workers on strike."


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"value": -1600.0, "value_high": -1500.5, "unit": "tonnes, wet", "mention": "-1,600"},
        {"sentence": 'He said "=2+2", then\nleft', "note": "-3 points", "speaker": "@handle"},
        # a carriage return: the csv module writes that row
        {"note": "line\rbreak", "reviewer": "\tTab"},
        {"note": "\r=1"},
        {"quote": True, "speaker_role": "+treasurer", "qualifier_text": 'about "x"'},
        {
            "evidence_urls": ("https://a.example/?q=1,2", 'https://b.example/"x"'),
            "references": ("=x",),
        },
        {"sentence": "Ünïcode — \u2028 and \x00 kept", "unit": "€", "kind": "", "qualifier": ""},
        {"value": 1600, "version": 12, "start": 0, "end": 0},
    ],
)
@pytest.mark.parametrize("title", ["Plain", "A title, with a comma", "=HYPERLINK()", "A\rB", None])
def test_csv_is_what_the_csv_module_writes(changes: dict[str, object], title: str | None) -> None:
    from dataclasses import replace

    from factcheck.report.render import CSV_COLUMNS, _csv_row

    data = sample_report()
    data = replace(
        data,
        sources=tuple(
            replace(s, title=title, claims=tuple(replace(c, **changes) for c in s.claims))  # type: ignore[arg-type]
            for s in data.sources
        ),
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    match_of = data.match_of()
    for source in data.sources:
        cells = [
            safe_cell(x) for x in (source.title, source.publisher, source.published, source.url)
        ]
        writer.writerows([_csv_row(cells, c, match_of.get(c.id)) for c in source.claims])
    assert render(data, "csv") == buf.getvalue()


@pytest.mark.parametrize(
    "cell, safe",
    [
        (FORMULA, "'" + FORMULA),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("plain", "plain"),
        (12, 12),
        (-3.5, -3.5),
    ],
)
def test_safe_cell(cell: object, safe: object) -> None:
    assert safe_cell(cell) == safe


# --- json -----------------------------------------------------------------


def _claims_of(data: ReportData) -> list[ClaimEntry]:
    return [c for source in data.sources for c in source.claims]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        # numbers as a hand-made record may hold them: ints, ranges, no finite value
        {"value": 1600, "value_high": 2000.5},
        {"value": float("inf"), "value_high": float("nan")},
        {"quote": True, "speaker_role": "treasurer", "qualifier_text": 'about "x"'},
        {"sentence": "Ünïcode — \u2028 and \x00 and \\ kept", "unit": "€"},
        # the same instant in two zones is written in each one's own words
        {
            "created_at": datetime(2026, 11, 2, 10, tzinfo=timezone(timedelta(hours=1))),
            "updated_at": datetime(2026, 11, 2, 9, tzinfo=UTC),
        },
    ],
)
def test_claim_json_is_the_text_of_claim_dict(changes: dict[str, object]) -> None:
    from dataclasses import replace

    from factcheck.report.serialize import ENCODE, claim_dict, claim_json

    for claim in _claims_of(sample_report()):
        changed = replace(claim, **changes)  # type: ignore[arg-type]
        for group in (None, 3):
            assert claim_json(changed, group) == ENCODE(claim_dict(changed, group))


def test_json_has_every_field_and_a_schema_version() -> None:
    doc = json.loads(render(sample_report(), "json"))
    assert doc["schema_version"] == 1
    assert list(doc) == [
        "schema_version",
        "title",
        "generated_at",
        "report_url",
        "filters",
        "summary",
        "sources",
        "matches",
    ]
    claim = doc["sources"][0]["claims"][0]
    assert claim["id"] == 11 and claim["status"] == "disputed"
    assert claim["highlight"] == [10, 15]
    assert claim["sentence"][10:15] == "1,600"
    assert claim["lookups"][0]["best_passage"]["found"] == "1,400"
    assert claim["events"][0]["action"] == "dispute"
    assert doc["sources"][0]["counts"] == {"disputed": 1, "verified": 1, "pending": 1}
    assert doc["summary"]["share_checked"] == 0.5
    assert doc["matches"][0]["claims"][1]["claim_id"] == 21


def test_json_of_an_empty_report_is_valid() -> None:
    data = ReportData(generated_at=T0, summary=summarise(()), sources=())
    doc = json.loads(render(data, "json"))
    assert doc["sources"] == [] and doc["matches"] == []
    assert json.loads(render(data, "claimreview")) == []
    assert render(data, "csv").count("\n") == 1


# --- claimreview ----------------------------------------------------------

# Google's ClaimReview structured data: required and recommended properties
REQUIRED = ("claimReviewed", "reviewRating", "url", "author", "datePublished")
RECOMMENDED_ITEM = ("author", "appearance", "datePublished")


def test_claimreview_for_every_reviewed_claim_with_required_fields() -> None:
    reviews = json.loads(render(sample_report(), "claimreview"))
    assert [r["url"] for r in reviews] == [
        "https://checks.example/report.html#claim-11",
        "https://checks.example/report.html#claim-12",
    ]
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        for key in REQUIRED:
            assert review.get(key), key
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert rating["alternateName"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        for key in RECOMMENDED_ITEM:
            assert item.get(key), key
        assert item["appearance"]["@type"] == "CreativeWork"
        assert item["appearance"]["url"] == "https://harbour-gazette.example/strike"
        assert review["author"]["@type"] == "Person"
        date.fromisoformat(review["datePublished"])
    disputed, verified = reviews
    assert (disputed["reviewRating"]["ratingValue"], disputed["reviewRating"]["alternateName"]) == (
        1,
        "Disputed",
    )
    assert (verified["reviewRating"]["ratingValue"], verified["reviewRating"]["alternateName"]) == (
        5,
        "Verified",
    )
    assert disputed["itemReviewed"]["author"] == {"@type": "Organization", "name": "Dockers Union"}
    assert verified["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Ana Silva",
        "jobTitle": "the port's chief economist",
    }
    assert disputed["author"]["name"] == "Amira Haddad"
    assert verified["datePublished"] == "2026-11-04"


@pytest.mark.parametrize(
    "name, organization",
    [
        ("Ana Silva", False),
        ("Dockers Union", True),
        ("the Interior Ministry", True),
        ("Police", True),
        ("Mohamed El Khayat", False),
        ("World Bank", True),
        ("official information", True),
        ("Ahmed bin Salem", False),
        ("security sources", True),
    ],
)
def test_speaker_kind(name: str, organization: bool) -> None:
    assert is_organization(name) is organization


@pytest.mark.parametrize(
    "value, text",
    [(1600.0, "1,600"), (0.5, "0.5"), (2.5, "2.5"), (1.2e9, "1,200,000,000"), (None, "")],
)
def test_format_number(value: float | None, text: str) -> None:
    assert format_number(value) == text


def test_filters_are_shown() -> None:
    data = sample_report()
    from dataclasses import replace

    data = replace(
        data,
        filters=Filters(
            source_ids=(1,), statuses=(Status.DISPUTED,), speaker="Union", since=date(2026, 11, 1)
        ),
    )
    text = render(data, "markdown")
    assert (
        'Selection: sources 1; status disputed; speaker "Union"; '
        "added or reviewed since 2026-11-01;" in text
    )
    assert json.loads(render(data, "json"))["filters"] == {
        "source_ids": [1],
        "statuses": ["disputed"],
        "speaker": "Union",
        "since": "2026-11-01",
    }
