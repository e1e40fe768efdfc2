"""Page text and passage judging (factcheck/lookup/page.py, passages.py): no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.lookup import check_text
from factcheck.lookup.page import csv_text, html_text, json_text, page_kind, page_text
from factcheck.lookup.passages import claim_context, judge, stem
from factcheck.models import Claim, Kind, Outcome, Qualifier

HTTP = Path(__file__).resolve().parents[1] / "fixtures" / "http"
TYPES = {
    "stats_table.html": "text/html",
    "press_release.html": "text/html",
    "budget.csv": "text/csv",
    "indicators.json": "application/json",
    "foreign_fighters_factsheet.html": "text/html",
}


def page(name: str) -> str:
    return page_text((HTTP / name).read_text(encoding="utf-8"), TYPES[name], name)


def claim(
    sentence: str,
    mention: str,
    value: float,
    kind: Kind = Kind.COUNT,
    qualifier: Qualifier = Qualifier.NONE,
    qualifier_text: str | None = None,
    unit: str | None = None,
    speaker: str | None = None,
) -> Claim:
    start = sentence.index(mention)
    return Claim(
        start=start,
        end=start + len(mention),
        mention=mention,
        value=value,
        qualifier=qualifier,
        kind=kind,
        unit=unit,
        qualifier_text=qualifier_text,
        sentence=sentence,
        sentence_start=0,
        sentence_end=len(sentence),
        speaker=speaker,
    )


@pytest.mark.parametrize(
    "name, line",
    [
        # HTML: the main text, and each table row with its headers and caption
        ("stats_table.html", "There were 1,612 thousand unemployed people"),
        (
            "stats_table.html",
            "Region: Northern; Labour force (thousands): 4,210; Unemployed (thousands): 311; "
            "Unemployment rate (%): 7.4; Change on quarter (pp): 0.6 — "
            "Table 2. Unemployment by region, second quarter 2025",
        ),
        ("press_release.html", "More than 1,650 health workers were deployed across 38 districts"),
        # CSV rows and JSON records as "header: value" lines
        (
            "budget.csv",
            "year: 2024; department: Health; budget_usd_million: 1200; change_pct: 8.1; "
            "staff: 19600",
        ),
        (
            "indicators.json",
            "observations: period: 2025-07; indicator: Inflation rate, annual; unit: percent; "
            "value: 2.9",
        ),
    ],
)
def test_page_text_puts_each_value_on_a_line_with_its_labels(name: str, line: str) -> None:
    assert any(line in x for x in page(name).splitlines())


@pytest.mark.parametrize(
    "name, absent",
    [
        ("stats_table.html", "dataLayer"),  # scripts are not text
        ("press_release.html", "We use cookies"),  # boilerplate is left out
    ],
)
def test_page_text_leaves_out_scripts_and_boilerplate(name: str, absent: str) -> None:
    assert absent not in page(name)


@pytest.mark.parametrize(
    "content_type, url, text, kind",
    [
        ("text/html", "https://x.org/a", "<p>hi</p>", "html"),
        ("application/json", "https://x.org/a", "{}", "json"),
        ("application/vnd.api+json", "https://x.org/a", "{}", "json"),
        ("text/csv", "https://x.org/a", "a,b", "csv"),
        ("text/plain", "https://x.org/data.csv", "a,b", "csv"),
        ("text/plain", "https://x.org/data.json", '{"a": 1}', "json"),
        ("text/plain", "https://x.org/a", '[{"a": 1}]', "json"),
        ("", "https://x.org/a", "<!DOCTYPE html><html>", "html"),
        ("text/plain", "https://x.org/a", "Plain words, 45%.", "text"),
        ("text/plain", "https://x.org/a", "", "text"),
    ],
)
def test_page_kind(content_type: str, url: str, text: str, kind: str) -> None:
    assert page_kind(content_type, url, text) == kind


@pytest.mark.parametrize(
    "markup, expected",
    [
        # broken markup: unclosed tags, stray closers
        ("<html><body><p>Some 1,600 fighters<p>left</div></b>", "Some 1,600 fighters"),
        # an XML declaration before HTML (lxml refuses it on str input)
        ('<?xml version="1.0" encoding="utf-8"?><html><body><p>45% rise</p></body></html>', "45%"),
        # a nested table's rows are read with the nested table only
        (
            "<table><tr><th>A</th><th>B</th></tr><tr><td>x</td><td>"
            "<table><tr><th>C</th></tr><tr><td>12</td></tr></table></td></tr></table>",
            "C: 12",
        ),
        # a table without a header row: its cells joined
        ("<table><tr><td>Fighters</td><td>1,600</td></tr></table>", "Fighters; 1,600"),
        ("", ""),
        ("   ", ""),
        # nesting deeper than lxml keeps (255 levels), control characters
        ("<div>" * 100_000 + "1,600 workers", "1,600 workers"),
        ("\x00\x01<html><p>1,600\x0b workers</p>", "1,600 workers"),
        # hard-wrapped source lines are one sentence on one line
        ("<p>More than 1,650\n   health workers</p>", "More than 1,650 health workers"),
    ],
)
def test_html_text_survives_odd_markup(markup: str, expected: str) -> None:
    assert expected in html_text(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "<nav>Home | 12 releases</nav><p>Body 45%</p>",
        "<footer>© 2025 · 12 offices</footer><p>Body 45%</p>",
        '<div class="cookie-banner">12 cookies</div><p>Body 45%</p>',
        '<div id="sidebar"><p>Most read: 12 stories</p></div><p>Body 45%</p>',
        "<header><a>Menu</a> 12</header><main><p>Body 45%</p></main>",
    ],
)
def test_html_text_drops_navigation_and_banners(markup: str) -> None:
    assert html_text(markup) == "Body 45%"


def test_json_text_survives_deep_nesting_and_bad_json() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert json_text(deep) == deep  # too deep to parse: read as plain text
    assert json_text("{not json") == "{not json"
    assert json_text('\ufeff{"a": 1}') == "a: 1"
    assert json_text('{"a": {"b": [1, 2.0, null, true]}}') == "a.b: 1, 2, null, true"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("region;rate\nNorth;7.4\n", "region: North; rate: 7.4"),
        ("region,rate\nNorth,7.4\n", "region: North; rate: 7.4"),
        ("region\trate\nNorth\t7.4\n", "region: North; rate: 7.4"),
        ("a,b\n1,2,3\n", "1; 2; 3"),  # a ragged row keeps its values
    ],
)
def test_csv_text(text: str, expected: str) -> None:
    assert expected in csv_text(text).splitlines()


@pytest.mark.parametrize(
    "word, stemmed",
    [
        ("jihadists", "jihadist"),
        ("cities", "city"),
        ("children", "child"),
        ("People", "person"),
        ("boxes", "box"),
        ("census", "census"),
        ("ministry's", "ministry"),
    ],
)
def test_stem(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_claim_context_takes_unit_subject_and_speaker_but_not_the_number() -> None:
    c = claim(
        "Health Minister Amara Okonkwo-Reyes said more than 1,600 health workers were deployed.",
        "1,600",
        1600,
        unit="worker",
        speaker="Amara Okonkwo-Reyes",
    )
    ctx = claim_context(c)
    assert ctx.unit == {"worker"}
    assert {"health", "deployed", "minister"} <= ctx.subject
    assert "amara" in ctx.speaker and "amara" not in ctx.subject
    assert "1,600" not in ctx.subject and "said" not in ctx.subject


WORKERS = "The ministry deployed more than 1,600 health workers."
MORE = Qualifier.LOWER_BOUND
ABOUT = Qualifier.APPROXIMATELY


@pytest.mark.parametrize(
    "name, c, outcome, found",
    [
        # press release: lower bound met by 1,650, with unit and subject
        (
            "press_release.html",
            claim(
                WORKERS, "1,600", 1600, qualifier=MORE, qualifier_text="more than", unit="worker"
            ),
            Outcome.MATCH,
            "1,650",
        ),
        # the same number without "more than": 1,650 does not round to 1,600
        (
            "press_release.html",
            claim("The ministry deployed 1,600 health workers.", "1,600", 1600, unit="worker"),
            Outcome.CONFLICT,
            "1,650",
        ),
        # a tenfold figure is a conflict, never a match
        (
            "press_release.html",
            claim("There were 16,000 health workers.", "16,000", 16000, unit="worker"),
            Outcome.CONFLICT,
            "1,650",
        ),
        # "founded in 1600" is a year, not 1,600 of anything
        (
            "press_release.html",
            claim("The infirmary has 1,600 staff.", "1,600", 1600, unit="staff"),
            Outcome.NOT_FOUND,
            None,
        ),
        # "about half" backed by 48%
        (
            "press_release.html",
            claim(
                "About half of the children vaccinated were under five.",
                "half",
                0.5,
                Kind.FRACTION,
                ABOUT,
                "about",
                unit="child",
            ),
            Outcome.MATCH,
            "48%",
        ),
        (
            "press_release.html",
            claim("The programme costs $1.2bn.", "$1.2bn", 1.2e9, Kind.MONEY, unit="usd"),
            Outcome.MATCH,
            "$1.2bn",
        ),
        # the speaker's quoted figure
        (
            "press_release.html",
            claim(
                "Okonkwo-Reyes said there had been 312 measles cases this year.",
                "312",
                312,
                unit="case",
                speaker="Amara Okonkwo-Reyes",
            ),
            Outcome.MATCH,
            "312",
        ),
        # statistics table: a rate read from the "(%)" column of the region's row
        (
            "stats_table.html",
            claim(
                "Unemployment in the Northern region rose to 7.4%.",
                "7.4%",
                7.4,
                Kind.PERCENT,
                unit="percent",
            ),
            Outcome.MATCH,
            "7.4",
        ),
        (
            "stats_table.html",
            claim(
                "Unemployment in the Northern region rose to 8%.",
                "8%",
                8,
                Kind.PERCENT,
                unit="percent",
            ),
            Outcome.CONFLICT,
            "7.4",
        ),
        # "1.6 million" backed by "1,612 thousand" in the text
        (
            "stats_table.html",
            claim(
                "About 1.6 million people are unemployed.",
                "1.6 million",
                1.6e6,
                qualifier=ABOUT,
                qualifier_text="about",
                unit="person",
            ),
            Outcome.MATCH,
            "1,612 thousand",
        ),
        (
            "stats_table.html",
            claim(
                "Youth unemployment rose to 14.9 per cent.",
                "14.9 per cent",
                14.9,
                Kind.PERCENT,
                unit="percent",
            ),
            Outcome.MATCH,
            "14.9 per cent",
        ),
        # CSV: "budget_usd_million: 1200" is $1.2bn
        (
            "budget.csv",
            claim(
                "The health budget reached $1.2bn in 2024.",
                "$1.2bn",
                1.2e9,
                Kind.MONEY,
                unit="usd",
            ),
            Outcome.MATCH,
            "1200",
        ),
        # JSON: percent from the record's unit field
        (
            "indicators.json",
            claim(
                "Annual inflation fell to 2.9% in July.", "2.9%", 2.9, Kind.PERCENT, unit="percent"
            ),
            Outcome.MATCH,
            "2.9",
        ),
        (
            "indicators.json",
            claim(
                "Annual inflation fell to 2.5% in July.", "2.5%", 2.5, Kind.PERCENT, unit="percent"
            ),
            Outcome.CONFLICT,
            "2.9",
        ),
        # nothing like it on the page
        (
            "indicators.json",
            claim("The port handled 45,000 containers.", "45,000", 45000, unit="container"),
            Outcome.NOT_FOUND,
            None,
        ),
    ],
)
def test_judge_fixture_pages(name: str, c: Claim, outcome: Outcome, found: str | None) -> None:
    got, passages = judge(c, page(name))
    assert got is outcome
    if found is None:
        assert not passages or got is Outcome.NOT_FOUND
    else:
        assert passages[0].found == found
    for p in passages:
        # the highlight marks the number as written on the page
        assert p.text[p.hl_start : p.hl_end] == p.found


def test_a_bare_value_without_the_claims_words_is_not_a_match() -> None:
    c = claim("The ministry deployed 1,600 health workers.", "1,600", 1600, unit="worker")
    outcome, passages = check_text(c, "Page 1,600 of the register. Weather: sunny.")
    assert outcome is Outcome.NOT_FOUND and passages == ()


def test_check_text_reads_json_by_type() -> None:
    c = claim("Annual inflation was 2.9%.", "2.9%", 2.9, Kind.PERCENT, unit="percent")
    body = '{"series": [{"indicator": "Inflation, annual", "unit": "percent", "value": 2.9}]}'
    outcome, passages = check_text(c, body, "application/json")
    assert outcome is Outcome.MATCH and passages[0].found == "2.9"


def test_passages_are_cut_around_the_number_on_long_lines() -> None:
    c = claim("The ministry deployed 1,600 health workers.", "1,600", 1600, unit="worker")
    text = "word " * 400 + "the ministry deployed 1,600 health workers " + "word " * 400
    _, passages = check_text(c, text)
    assert len(passages[0].text) <= 330
    assert passages[0].text[passages[0].hl_start : passages[0].hl_end] == "1,600"


def test_one_shared_word_is_not_enough_for_a_count_without_its_unit() -> None:
    c = claim(
        "More than 1,600 health workers joined the national measles campaign.",
        "1,600",
        1600,
        qualifier=MORE,
        qualifier_text="more than",
        unit="worker",
    )
    page_text_ = "We have seen 312 measles cases this year, down from 1,940 last year."
    assert check_text(c, page_text_)[0] is Outcome.NOT_FOUND
    assert check_text(c, page_text_ + " The campaign deployed 1,940 workers.")[0] is Outcome.MATCH


@given(
    st.lists(
        st.sampled_from(
            [*"0123456789 ,.%$\n;:", "health ", "workers ", "half ", "1,650 ", "in 1600 "]
        ),
        max_size=120,
    ).map("".join)
)
def test_judge_never_fails_and_highlights_the_number(text: str) -> None:
    c = claim("More than 1,600 health workers.", "1,600", 1600, qualifier=MORE, unit="worker")
    outcome, passages = judge(c, text)
    assert outcome in (Outcome.MATCH, Outcome.CONFLICT, Outcome.NOT_FOUND)
    for p in passages:
        assert p.text[p.hl_start : p.hl_end] == p.found


SEED = (
    Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "arabweekly_morocco_isis_2016.txt"
)


@pytest.mark.parametrize("mention, found", [("1,600", "1,623"), ("half", "48%")])
def test_seed_article_claims_against_a_factsheet(mention: str, found: str) -> None:
    from factcheck.extract import extract_claims

    claims = [c for c in extract_claims(SEED.read_text(encoding="utf-8")) if c.mention == mention]
    if not claims:
        pytest.skip(f"the extractor finds no {mention!r} in the seed article")
    outcome, passages = judge(claims[0], page("foreign_fighters_factsheet.html"))
    assert outcome is Outcome.MATCH
    assert passages[0].found == found
