"""ingest.html: main text and metadata of news pages; extraction measured on real pages."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED

from factcheck.errors import InputError
from factcheck.ingest import load
from factcheck.ingest.html import drop_promos, looks_like_html, parse_html

DOCS = FIXTURES / "docs"
EVAL_HTML = SHARED / "eval" / "html"


# --- the fixture pages -----------------------------------------------------------


@pytest.mark.parametrize(
    "name, title, author, publisher, published, url",
    [
        (
            "harbourcourier_port_budget_2024.html",
            "Port authority approves £48m dredging plan as cargo slumps",
            "Priya Ramanathan",
            "The Harbour Courier",
            "2024-03-14",
            "https://www.harbourcourier.example/news/2024/03/14/port-authority-dredging-plan",
        ),
        (
            # JSON-LD in an @graph with a list of types; og:url, no canonical link
            "midlandledger_hospital_waits_2023.html",
            "ER wait times at county hospitals hit record, state data show",
            "Marcus Oyelaran",
            "Midland Ledger",
            "2023-10-03",
            "https://midlandledger.example/health/er-wait-times-record-2023",
        ),
        (
            # no JSON-LD, no Open Graph: <title> "Site | Headline", <meta name=author> "By ..."
            "valleytimes_school_meals_2022.htm",
            "Free school meals reach 1 in 3 pupils",
            "Tomasz Wierzbicki",
            "valleytimes.example",
            "2022-06-21",
            "https://valleytimes.example/education/free-school-meals-2022.htm",
        ),
    ],
)
def test_fixture_metadata(
    name: str, title: str, author: str, publisher: str, published: str, url: str
) -> None:
    doc = load(str(DOCS / name))
    assert (doc.title, doc.author, doc.publisher, doc.published, doc.url) == (
        title,
        author,
        publisher,
        published,
        url,
    )
    assert doc.text.split("\n", 1)[0] == title


@pytest.mark.parametrize(
    "name, kept, dropped",
    [
        (
            "harbourcourier_port_budget_2024.html",
            [
                "The Kestrel Bay Port Authority has approved a £48 million plan",
                "Board members voted 7-2 on Thursday evening",
                '"We handled 610,000 containers in 2023.',
                "The port employs around 1,350 people directly",
                "Work is due to start in September and take 18 months, subject to a marine",
            ],
            [
                "cookies",  # the banner
                "143 partners",
                "Subscribe for £1 a week",  # navigation
                "Advertisement",
                "Ferry fares to rise 9%",  # most read
                "ring road in 2009",  # comments
                "400 people on the waiting list",
                "Registered in England",  # footer
                "Photo: Harbour Courier archive",  # caption
                "Share on Facebook",
                "dataLayer",  # scripts
            ],
        ),
        (
            "midlandledger_hospital_waits_2023.html",
            [
                "waited a median of 4 hours and 52 minutes",
                "One in four patients there spent more than 8 hours",
                "Visits to emergency rooms rose 6.5% to 148,000",
                "The state legislature set aside $12 million in May",
            ],
            [
                "This site uses cookies",
                "Route 9 bridge closed for 2 hours",  # breaking-news ticker
                "Health Check newsletter",  # inline promo
                "I waited 11 hours",  # comments
                "30% more in Ohio",
                "County fair drew 52,000 visitors",  # sidebar
                "555-0142",  # author bio
                "PRELOADED_STATE",
            ],
        ),
    ],
)
def test_fixture_main_text(name: str, kept: list[str], dropped: list[str]) -> None:
    text = load(str(DOCS / name)).text
    for sentence in kept:
        assert sentence in text
    for boilerplate in dropped:
        assert boilerplate not in text, boilerplate


def test_paragraphs_one_per_line() -> None:
    text = load(str(DOCS / "harbourcourier_port_budget_2024.html")).text
    lines = text.split("\n")
    assert len(lines) == 9  # the headline and the eight paragraphs of the story
    assert lines[1].startswith("The Kestrel Bay Port Authority has approved")
    assert lines[1].endswith("fell by 12% last year.")
    assert all(line == line.strip() and "  " not in line for line in lines)


# --- metadata sources, one phenomenon per row ---------------------------------------


def page(head: str, body: str = "") -> str:
    story = body or (
        "<article><p>The district council approved a budget of $84 million on Monday, "
        "up 6% on last year, with 1,200 new school places and 35 extra teachers.</p>"
        "<p>Opposition members said the rise of 6% would not cover the cost of "
        "inflation, which reached 7.1% in the year to March.</p></article>"
    )
    return f"<!DOCTYPE html><html><head>{head}</head><body>{story}</body></html>"


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


@pytest.mark.parametrize(
    "head, field, value",
    [
        # JSON-LD: the article object, wherever it sits
        (ld({"@type": "NewsArticle", "headline": "Budget passes"}), "title", "Budget passes"),
        (
            ld(
                {
                    "@graph": [
                        {"@type": "WebSite", "name": "X"},
                        {"@type": "NewsArticle", "headline": "In a graph"},
                    ]
                }
            ),
            "title",
            "In a graph",
        ),
        (
            ld([{"@type": "BreadcrumbList"}, {"@type": ["Article"], "headline": "A list"}]),
            "title",
            "A list",
        ),
        (
            ld({"@type": "NewsArticle", "author": [{"name": "Ann Lee"}, {"name": "Bo Chu"}]}),
            "author",
            "Ann Lee, Bo Chu",
        ),
        (ld({"@type": "NewsArticle", "author": "Staff writer"}), "author", "Staff writer"),
        (
            ld({"@type": "NewsArticle", "publisher": {"name": "Delta Post"}}),
            "publisher",
            "Delta Post",
        ),
        (
            ld({"@type": "NewsArticle", "datePublished": "2021-05-04T08:00:00+02:00"}),
            "published",
            "2021-05-04",
        ),
        (ld({"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}), "published", None),
        (
            ld({"@type": "NewsArticle", "mainEntityOfPage": {"@id": "https://delta.example/a"}}),
            "url",
            "https://delta.example/a",
        ),
        # a broken JSON-LD block is skipped, Open Graph still read
        (
            '<script type="application/ld+json">{"@type": "NewsArticle",}</script>'
            '<meta property="og:title" content="From OG">',
            "title",
            "From OG",
        ),
        # Open Graph and article:*
        ('<meta property="og:site_name" content="Delta Post">', "publisher", "Delta Post"),
        (
            '<meta property="article:published_time" content="2020-02-29T10:00:00Z">',
            "published",
            "2020-02-29",
        ),
        # plain meta tags and links
        ('<meta name="author" content="By Ola Nordmann">', "author", "Ola Nordmann"),
        (
            '<link rel="canonical" href="https://delta.example/c"><meta property="og:url" content="https://delta.example/og">',
            "url",
            "https://delta.example/c",
        ),
        ('<link rel="canonical" href="/relative/only">', "url", None),
        # <title>: the part that is the headline
        ("<title>Delta Post | Budget passes</title>", "title", "Budget passes"),
        ("<title>Council budget - Delta Post</title>", "title", "Council budget"),
        ("<title>Council budget</title>", "title", "Council budget"),
        # a UTC time one day past the date in the article's URL: the URL's date
        (
            '<link rel="canonical" href="https://delta.example/2019/11/19/story">'
            '<meta property="article:published_time" content="2019-11-20T02:59:46Z">',
            "published",
            "2019-11-19",
        ),
        (
            '<link rel="canonical" href="https://delta.example/2019/11/19/story">'
            '<meta property="article:published_time" content="2019-11-25T02:59:46Z">',
            "published",
            "2019-11-25",
        ),
    ],
)
def test_metadata_sources(head: str, field: str, value: str | None) -> None:
    doc = parse_html(page(head))
    assert getattr(doc, field) == value


@pytest.mark.parametrize(
    "title_tag, h1, title",
    [
        ("Delta Post | Budget passes", "Budget passes", "Budget passes"),
        ("Budget passes - Delta Post", "Budget passes", "Budget passes"),
        ("Budget passes \u2013 Delta Post", "Budget passes", "Budget passes"),
        ("Delta Post :: Budget passes", "Budget passes", "Budget passes"),
    ],
)
def test_title_part_matching_the_headline(title_tag: str, h1: str, title: str) -> None:
    doc = parse_html(page(f"<title>{title_tag}</title>", f"<h1>{h1}</h1>" + page("")[60:]))
    assert doc.title == title


def test_options_do_not_leak_between_pages() -> None:
    a = parse_html(page('<meta property="og:title" content="First">'))
    b = parse_html(page(""))
    assert a.title == "First" and b.title != "First"


# --- fallbacks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html, extractor, text",
    [
        # too little for trafilatura: the <p> text outside navigation and footer
        (
            "<html><body><nav><p>Home News</p></nav>"
            "<p>The council spent $4.5 million on 12 buses.</p>"
            "<footer><p>(c) 2020</p></footer></body></html>",
            "paragraphs",
            "The council spent $4.5 million on 12 buses.",
        ),
        # no paragraphs at all: what trafilatura keeps
        (
            "<html><body><div>Only 45 percent of voters.</div>"
            "<div>Second<br>line</div></body></html>",
            "trafilatura",
            "Only 45 percent of voters.\nSecond\nline",
        ),
    ],
)
def test_fallbacks(html: str, extractor: str, text: str) -> None:
    doc = parse_html(html)
    assert doc.extra["extractor"] == extractor
    assert doc.text == text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><body><script>var a = 1;</script><style>p{}</style></body></html>",
        "",
    ],
)
def test_no_text_is_an_input_error(html: str) -> None:
    with pytest.raises(InputError, match="page.html: "):
        parse_html(html, origin="page.html")


@pytest.mark.parametrize(
    "text, kept",
    [
        (
            "First 12.\nRelated: More stories\n- Link one\n- Link two\nSecond 34.\n- a real item",
            "First 12.\nSecond 34.\n- a real item",
        ),
        ("Rates rose 2%.\nREAD MORE: Rates in 2019\nEnd.", "Rates rose 2%.\nEnd."),
        ("Oil fell 3%.\nReporting by Ann Lee; Editing by Bo Chu", "Oil fell 3%."),
        ("Oil fell 3%.\n(Reporting by Ann Lee in London)", "Oil fell 3%."),
        ("Oil fell 3%.\nEmail Ann Lee at ann@news.example or follow her @annlee.", "Oil fell 3%."),
        # the same words inside the story stay
        (
            "Follow the money, she said: 12 firms paid.",
            "Follow the money, she said: 12 firms paid.",
        ),
        ("Reporting by the council found 40 errors.", "Reporting by the council found 40 errors."),
        ("Emails show 14 staff knew.", "Emails show 14 staff knew."),
    ],
)
def test_promotional_and_credit_lines_are_dropped(text: str, kept: str) -> None:
    assert drop_promos(text) == kept


@pytest.mark.parametrize(
    "text, html",
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("\ufeff  <html lang='en'><head></head><body></body></html>", True),
        ("<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", True),
        ("Council budget <b>passes</b>\nThe council ...", False),
        ("<p>a fragment</p>", False),
        ("", False),
    ],
)
def test_looks_like_html(text: str, html: bool) -> None:
    assert looks_like_html(text) is html


def test_xml_declaration_with_encoding() -> None:
    xhtml = "<?xml version='1.0' encoding='utf-8'?>" + page("<title>Budget passes</title>")
    assert "$84 million" in parse_html(xhtml).text


# --- measured on real pages (../shared/eval/html), skipped when absent -------------------

# Floors a little under the figures measured when they were set (README, "Ingest
# sources"): overall recall 0.995, precision 0.978; the weakest pages recall 0.967
# (politifact: sub-headings in <div>s), precision 0.91 (space.com: author's book plug).
FLOOR_RECALL = 0.99
FLOOR_PRECISION = 0.97
FLOOR_PAGE_RECALL = 0.95
FLOOR_PAGE_PRECISION = 0.88

_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.casefold()))


def _eval_pages() -> list[Path]:
    return sorted(EVAL_HTML.glob("*.html")) if EVAL_HTML.is_dir() else []


@pytest.mark.skipif(not _eval_pages(), reason=f"no real pages in {EVAL_HTML}")
def test_main_text_recall_and_precision_on_real_pages() -> None:
    kept = expected_total = got_total = 0
    weak = []
    for html in _eval_pages():
        expected = _tokens(html.with_name(html.stem + ".expected.txt").read_text(encoding="utf-8"))
        got = _tokens(load(str(html)).text)
        shared = sum((expected & got).values())
        recall = shared / sum(expected.values())
        precision = shared / sum(got.values())
        if recall < FLOOR_PAGE_RECALL or precision < FLOOR_PAGE_PRECISION:
            weak.append(f"{html.stem}: recall {recall:.3f}, precision {precision:.3f}")
        kept += shared
        expected_total += sum(expected.values())
        got_total += sum(got.values())
    assert not weak, weak
    assert kept / expected_total >= FLOOR_RECALL
    assert kept / got_total >= FLOOR_PRECISION


@pytest.mark.skipif(not _eval_pages(), reason=f"no real pages in {EVAL_HTML}")
def test_real_pages_metadata() -> None:
    docs = {p.stem: load(str(p)) for p in _eval_pages()}
    reuters = docs["reuters_asian_shares_trade_doubts_2019"]
    assert (reuters.author, reuters.publisher, reuters.published) == (
        "Rodrigo Campos",
        "Reuters",  # og:site_name says "U.S.", a section
        "2019-11-19",
    )
    # datePublished 0001-01-01 is a placeholder; the date comes from elsewhere
    assert docs["usatoday_prison_guards_arrested_2019"].published == "2019-11-19"
    # published 2019-11-20T02:59:46Z, filed on the 19th (URL /2019/11/19/)
    assert docs["twincities_wild_beat_sabres_2019"].published == "2019-11-19"
    assert all(d.title and d.published and d.url for d in docs.values())
