"""Number forms on a page and their consistency with a claim (factcheck/lookup/forms.py)."""

from __future__ import annotations

import pytest

from factcheck.lookup.forms import Form, backs, find_numbers, parse_words, target_for
from factcheck.models import Claim, Kind, Qualifier


def _claim(
    mention: str,
    value: float,
    kind: Kind = Kind.COUNT,
    qualifier: Qualifier = Qualifier.NONE,
    qualifier_text: str | None = None,
    unit: str | None = None,
    value_high: float | None = None,
) -> Claim:
    return Claim(
        start=0,
        end=len(mention),
        mention=mention,
        value=value,
        value_high=value_high,
        qualifier=qualifier,
        kind=kind,
        unit=unit,
        qualifier_text=qualifier_text,
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        # digits with and without thousands separators
        ("1,600 fighters", [("1,600", 1600, Form.NUMBER)]),
        ("1600 fighters", [("1600", 1600, Form.NUMBER)]),
        ("1 600 fighters", [("1 600", 1600, Form.NUMBER)]),
        ("1\u00a0600 fighters", [("1\u00a0600", 1600, Form.NUMBER)]),
        ("1\u202f600 fighters", [("1\u202f600", 1600, Form.NUMBER)]),
        ("1,600.5 tonnes", [("1,600.5", 1600.5, Form.NUMBER)]),
        # scale words and glued abbreviations
        ("1.6 thousand fighters", [("1.6 thousand", 1600, Form.NUMBER)]),
        ("1.6k fighters", [("1.6k", 1600, Form.NUMBER)]),
        ("16K runners", [("16K", 16000, Form.NUMBER)]),
        ("1,200 million", [("1,200 million", 1.2e9, Form.NUMBER)]),
        ("2.5 millions", [("2.5 millions", 2.5e6, Form.NUMBER)]),
        ("a 40km road", [("40", 40, Form.NUMBER)]),
        # a decimal comma, only where a scale or a percent sign makes it plain
        ("1,6 million people", [("1,6 million", 1.6e6, Form.NUMBER)]),
        ("45,5 % of adults", [("45,5 %", 45.5, Form.PERCENT)]),
        ("1,60 people", []),
        # percentages
        ("45%", [("45%", 45, Form.PERCENT)]),
        ("45 %", [("45 %", 45, Form.PERCENT)]),
        ("45 per cent", [("45 per cent", 45, Form.PERCENT)]),
        ("45.0 percent", [("45.0 percent", 45.0, Form.PERCENT)]),
        ("3 percentage points", [("3 percentage points", 3, Form.PERCENT)]),
        ("Unemployment rate (%): 45.0", [("45.0", 45.0, Form.PERCENT)]),
        ("share of adults: 0.45", [("0.45", 0.45, Form.SHARE)]),
        ("the ratio was 0.45", [("0.45", 0.45, Form.SHARE)]),
        # a decimal without share words stays a number
        ("it weighed 0.45 kg", [("0.45", 0.45, Form.NUMBER)]),
        # the % cue belongs to the first number only
        ("rate (%): 45; households: 12", [("45", 45, Form.PERCENT), ("12", 12, Form.NUMBER)]),
        # money
        ("$1.2bn", [("$1.2bn", 1.2e9, Form.MONEY)]),
        ("US$1.2 billion", [("US$1.2 billion", 1.2e9, Form.MONEY)]),
        ("1.2 billion dollars", [("1.2 billion dollars", 1.2e9, Form.MONEY)]),
        ("EUR 300 million", [("EUR 300 million", 3e8, Form.MONEY)]),
        ("785m euros", [("785m euros", 7.85e8, Form.MONEY)]),
        ("£15,000", [("£15,000", 15000, Form.MONEY)]),
        ("€2.4bn", [("€2.4bn", 2.4e9, Form.MONEY)]),
        # number words
        ("sixteen hundred fighters", [("sixteen hundred", 1600, Form.NUMBER)]),
        ("one thousand six hundred", [("one thousand six hundred", 1600, Form.NUMBER)]),
        ("twenty-five officers", [("twenty-five", 25, Form.NUMBER)]),
        ("a dozen officers", [("a dozen", 12, Form.NUMBER)]),
        ("two million people", [("two million", 2e6, Form.NUMBER)]),
        ("half a million people", [("half a million", 5e5, Form.NUMBER)]),
        ("hundreds of protesters", [("hundreds", 100, Form.NUMBER)]),
        ("tens of thousands of people", [("tens of thousands", 1e4, Form.NUMBER)]),
        # fractions
        ("about half have pledged", [("half", 0.5, Form.SHARE)]),
        ("two-thirds of voters", [("two-thirds", 2 / 3, Form.SHARE)]),
        ("a third of voters", [("a third", 1 / 3, Form.SHARE)]),
        ("three quarters of voters", [("three quarters", 0.75, Form.SHARE)]),
        ("one in five children", [("one in five", 0.2, Form.SHARE)]),
        ("1 in 4 adults", [("1 in 4", 0.25, Form.SHARE)]),
        # not numbers, or not quantities
        ("COVID-19 and the G7", []),
        ("one of the suspects", []),
        ("the first half of the match", []),
        ("on 18/09/2016 at 10:30", []),
        ("on 2016-09-18", []),
        ("on behalf of the ministry", []),
    ],
)
def test_find_numbers_reads_every_form(text: str, expected: list[tuple[str, float, Form]]) -> None:
    got = [(f.text, f.value, f.form) for f in find_numbers(text)]
    assert [(t, form) for t, _, form in got] == [(t, form) for t, _, form in expected]
    for (_, value, _), (_, want, _) in zip(got, expected, strict=True):
        assert value == pytest.approx(want)


@pytest.mark.parametrize(
    "text, date_like",
    [
        ("in 1600 the city fell", True),
        ("since 2014", True),
        ("the 1990s", True),
        ("May 2016", True),
        ("the first half of 2016", True),
        ("between 2015 and 2016", True),
        ("1600 fighters", False),
        ("a total of 1600 fighters", False),
        ("1,600 fighters", False),
        ("in 1,600 cases", False),
    ],
)
def test_year_like_numbers_in_date_context(text: str, date_like: bool) -> None:
    numbers = [f for f in find_numbers(text) if f.value >= 1000]
    assert numbers and all(f.date_like is date_like for f in numbers)


@pytest.mark.parametrize(
    "words, value",
    [
        ("sixteen hundred", 1600),
        ("one hundred and twenty", 120),
        ("two million", 2e6),
        ("twenty-five", 25),
        ("a thousand", 1000),
        ("three hundred thousand", 3e5),
        ("banana", None),
    ],
)
def test_parse_words(words: str, value: float | None) -> None:
    assert parse_words(words) == value


COUNT = Kind.COUNT
PCT = Kind.PERCENT
FRAC = Kind.FRACTION
MONEY = Kind.MONEY
NONE = Qualifier.NONE
ABOUT = Qualifier.APPROXIMATELY
MORE = Qualifier.LOWER_BOUND
LESS = Qualifier.UPPER_BOUND
RANGE = Qualifier.RANGE


@pytest.mark.parametrize(
    "mention, value, kind, qualifier, qualifier_text, page, backed",
    [
        # "1,600" stands for anything that rounds to it: 1,550 to 1,649
        ("1,600", 1600, COUNT, NONE, None, "1,600 fighters", True),
        ("1,600", 1600, COUNT, NONE, None, "1600 fighters", True),
        ("1,600", 1600, COUNT, NONE, None, "1 600 fighters", True),
        ("1,600", 1600, COUNT, NONE, None, "1.6 thousand fighters", True),
        ("1,600", 1600, COUNT, NONE, None, "1.6k fighters", True),
        ("1,600", 1600, COUNT, NONE, None, "sixteen hundred fighters", True),
        ("1,600", 1600, COUNT, NONE, None, "1,550 fighters", True),
        ("1,600", 1600, COUNT, NONE, None, "1,649 fighters", True),
        ("1,600", 1600, COUNT, NONE, None, "1,549 fighters", False),
        ("1,600", 1600, COUNT, NONE, None, "1,650 fighters", False),
        # never a tenfold number, a part of a bigger one, or a year
        ("1,600", 1600, COUNT, NONE, None, "16,000 fighters", False),
        ("1,600", 1600, COUNT, NONE, None, "11,600 fighters", False),
        ("1,600", 1600, COUNT, NONE, None, "1,600,000 fighters", False),
        ("1,600", 1600, COUNT, NONE, None, "founded in 1600 by traders", False),
        ("1,600", 1600, COUNT, NONE, None, "160 fighters", False),
        # a claim written to the unit holds only to the unit
        ("1,623", 1623, COUNT, NONE, None, "1,623 fighters", True),
        ("1,623", 1623, COUNT, NONE, None, "1,600 fighters", False),
        # qualifiers
        ("1,600", 1600, COUNT, MORE, "more than", "1,650 fighters", True),
        ("1,600", 1600, COUNT, MORE, "more than", "1,500 fighters", False),
        ("1,600", 1600, COUNT, MORE, "more than", "16,000 fighters", False),
        ("1,600", 1600, COUNT, LESS, "up to", "1,200 fighters", True),
        ("1,600", 1600, COUNT, LESS, "up to", "1,700 fighters", False),
        ("1,600", 1600, COUNT, ABOUT, "about", "1,700 fighters", True),
        ("1,600", 1600, COUNT, ABOUT, "about", "2,000 fighters", False),
        ("10", 10, COUNT, RANGE, None, "14 fighters", True),
        ("hundreds", 100, COUNT, MORE, "hundreds of", "450 protesters", True),
        ("hundreds", 100, COUNT, MORE, "hundreds of", "4,500 protesters", False),
        # percentages and shares, in any form
        ("45%", 45, PCT, NONE, None, "45% of adults", True),
        ("45%", 45, PCT, NONE, None, "45 per cent of adults", True),
        ("45%", 45, PCT, NONE, None, "45.0 percent of adults", True),
        ("45%", 45, PCT, NONE, None, "the share of adults was 0.45", True),
        ("45%", 45, PCT, NONE, None, "44.6% of adults", True),
        ("45%", 45, PCT, NONE, None, "46% of adults", False),
        ("45%", 45, PCT, NONE, None, "it weighed 0.45 kg", False),
        ("45%", 45, PCT, NONE, None, "45 adults", False),
        ("45.0 percent", 45.0, PCT, NONE, None, "45.3% of adults", False),
        ("nearly 50%", 50, PCT, ABOUT, "nearly", "49.2% of voters", True),
        ("nearly 50%", 50, PCT, ABOUT, "nearly", "50.4% of voters", False),
        ("half", 0.5, FRAC, ABOUT, "about", "48% of the fighters", True),
        ("half", 0.5, FRAC, ABOUT, "about", "half of the fighters", True),
        ("half", 0.5, FRAC, ABOUT, "about", "40% of the fighters", False),
        ("half", 0.5, FRAC, NONE, None, "50 per cent", True),
        ("two-thirds", 2 / 3, FRAC, NONE, None, "67% of voters", True),
        ("one in five", 0.2, FRAC, NONE, None, "20% of children", True),
        ("one in five", 0.2, FRAC, NONE, None, "one in four children", False),
        # money
        ("$1.2bn", 1.2e9, MONEY, NONE, None, "$1.2bn in aid", True),
        ("$1.2bn", 1.2e9, MONEY, NONE, None, "1.2 billion dollars in aid", True),
        ("$1.2bn", 1.2e9, MONEY, NONE, None, "US$1,200 million in aid", True),
        ("$1.2bn", 1.2e9, MONEY, NONE, None, "$1.24bn in aid", True),
        ("$1.2bn", 1.2e9, MONEY, NONE, None, "$12bn in aid", False),
        ("$1.2bn", 1.2e9, MONEY, NONE, None, "€1.2bn in aid", None),
        # different things: a count is not a percentage
        ("45", 45, COUNT, NONE, None, "45% of adults", None),
    ],
)
def test_claim_consistency(
    mention: str,
    value: float,
    kind: Kind,
    qualifier: Qualifier,
    qualifier_text: str | None,
    page: str,
    backed: bool | None,
) -> None:
    unit = "usd" if kind is MONEY else None
    claim = _claim(mention, value, kind, qualifier, qualifier_text, unit=unit, value_high=15.0)
    target = target_for(claim)
    numbers = find_numbers(page)
    assert numbers, "the page text must hold a number for the case to mean anything"
    verdicts = {backs(target, f) for f in numbers}
    if backed is None:
        assert verdicts == {None}
    elif backed:
        assert True in verdicts
    else:
        assert True not in verdicts


# --- properties over many numbers -------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.integers(min_value=0, max_value=10**12))
def test_any_grouped_integer_reads_back_and_backs_itself(n: int) -> None:
    written = f"{n:,}"
    [found] = find_numbers(f"Officials counted {written} people.")
    assert found.text == written and found.value == n
    target = target_for(_claim(written, float(n)))
    for page in (f"{written} people", f"{n} people" if n >= 10_000 or n < 1000 else None):
        if page is None:
            continue  # a bare 4-digit number may be a year; tested in the table above
        assert any(backs(target, f) for f in find_numbers(page))
    if n >= 10:
        # ten times the number is never backing, nor a tenth of it
        assert not any(backs(target, f) for f in find_numbers(f"{n * 10:,} people"))
        assert not any(backs(target, f) for f in find_numbers(f"{n // 10:,} people"))


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.%$£€-/:kmbn half one in five\n"))))
def test_find_numbers_spans_are_the_page_text(text: str) -> None:
    last_end = 0
    for f in find_numbers(text):
        assert text[f.start : f.end] == f.text
        assert f.start >= last_end  # in order and never overlapping
        last_end = f.end
