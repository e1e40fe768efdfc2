"""Mention text to value, and properties of the whole extractor on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract import extract_claims, find_claims
from factcheck.extract.numbers import denominator_value, digits_value, number_value, words_value
from factcheck.extract.patterns import alternation, trie


@pytest.mark.parametrize(
    "text, value",
    [
        ("1,600", 1600),
        ("5,300,000", 5_300_000),
        ("10,385.48", 10385.48),
        ("1 600", 1600),
        ("1\u00a0600", 1600),
        ("3.5", 3.5),
        (".5", 0.5),
        ("0.626", 0.626),
        ("1.234.567", 1_234_567),
        ("1.234.567,5", 1_234_567.5),
        ("007", 7),
    ],
)
def test_digits_value(text: str, value: float) -> None:
    assert digits_value(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text, value",
    [
        ("three", 3),
        ("nineteen", 19),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("ninety-nine", 99),
        ("three hundred", 300),
        ("two hundred and fifty", 250),
        ("one hundred billion", 100e9),
        ("five thousand", 5000),
        ("three hundred thousand", 300_000),
        ("a million", 1e6),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a hundred", 100),
        ("one thousand two hundred", 1200),
        ("five million", 5e6),
    ],
)
def test_words_value(text: str, value: float) -> None:
    assert words_value(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text, value",
    [("5th", 5), ("21st", 21), ("third", 3), ("twelfth", 12), ("42", 42), ("seven", 7)],
)
def test_number_value(text: str, value: float) -> None:
    assert number_value(text) == value


@pytest.mark.parametrize(
    "text, value", [("half", 2), ("thirds", 3), ("quarter", 4), ("5th", 5), ("15th", 15)]
)
def test_denominator_value(text: str, value: float) -> None:
    assert denominator_value(text) == value


def test_denominator_refuses_other_words() -> None:
    with pytest.raises(ValueError, match="not a denominator"):
        denominator_value("apple")


def test_alternation_refuses_an_empty_table() -> None:
    with pytest.raises(ValueError, match="empty"):
        alternation([])


@given(st.lists(st.text(alphabet="abc d.", min_size=1, max_size=6), min_size=1, max_size=12))
def test_trie_matches_exactly_its_words(words: list[str]) -> None:
    import re

    pattern = re.compile(rf"(?:{trie(words)})\Z")
    for w in words:
        assert pattern.match(w.replace(" ", " ")), w
    assert not pattern.match("\x00")


def _grouped(n: int) -> str:
    return f"{n:,}"


@given(st.integers(min_value=0, max_value=10**12))
def test_any_number_with_separators_parses_back(n: int) -> None:
    assert digits_value(_grouped(n)) == n
    assert digits_value(str(n)) == n


@given(st.integers(min_value=1000, max_value=10**9))
def test_space_grouped_numbers_parse_back(n: int) -> None:
    assert digits_value(_grouped(n).replace(",", "\u00a0")) == n


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_decimals_parse_back(d: object) -> None:
    assert digits_value(f"{d:,}") == pytest.approx(float(str(d)))


_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _say(n: int) -> str:
    """English words for 1 <= n < 1,000,000 ("two hundred and fifty")."""
    if n >= 1000:
        head, rest = divmod(n, 1000)
        return _say(head) + " thousand" + (" " + _say(rest) if rest else "")
    if n >= 100:
        head, rest = divmod(n, 100)
        return _UNITS[head] + " hundred" + (" and " + _say(rest) if rest else "")
    if n >= 20:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + ("-" + _UNITS[unit] if unit else "")
    return _TEENS[n - 10] if n >= 10 else _UNITS[n]


@given(st.integers(min_value=1, max_value=999_999))
def test_any_number_in_words_parses_back(n: int) -> None:
    assert words_value(_say(n)) == n


@given(st.integers(min_value=2, max_value=10**9), st.sampled_from(["%", " percent", " people"]))
def test_a_formatted_number_in_a_sentence_is_found_with_its_value(n: int, tail: str) -> None:
    text = f"Officials said {n:,}{tail} were affected."
    claims = find_claims(text)
    assert [c.value for c in claims] == [float(n)]
    assert claims[0].mention.startswith(f"{n:,}")


@given(
    st.floats(min_value=0.1, max_value=999.9).map(lambda x: round(x, 1)),
    st.sampled_from([("bn", 1e9), (" million", 1e6), ("m", 1e6), (" trillion", 1e12)]),
)
def test_money_with_a_scale_parses_back(x: float, scale: tuple[str, float]) -> None:
    word, factor = scale
    text = f"The ministry pledged ${x}{word} on Monday."
    claims = find_claims(text)
    assert len(claims) == 1
    assert claims[0].value == pytest.approx(x * factor)
    assert claims[0].unit == "usd"


def _check_offsets(text: str) -> None:
    for c in extract_claims(text):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.mention
        assert 0 <= c.sentence_start <= c.start and c.end <= c.sentence_end <= len(text)
        assert text[c.sentence_start : c.sentence_end] == c.sentence


@settings(max_examples=300)
@given(st.text())
def test_any_unicode_text_gives_valid_offsets(text: str) -> None:
    _check_offsets(text)


_NEWSY = st.lists(
    st.sampled_from(
        [
            "more than",
            "about",
            "1,600",
            "3.5%",
            "$1.2bn",
            "half",
            "one in five",
            "-",
            "to",
            "\u201c",
            "\u201d",
            "said",
            ".",
            "\n",
            " ",
            "2014",
            "No.",
            "5-7",
            "million",
            "times",
            "three",
            "twice",
            "of",
            "the",
            "€",
            "per cent",
            "4:30",
            "aged",
            "first",
            ",",
            "\u00a0",
            "(",
            ")",
            "Mr.",
            "U.S.",
            "years",
            "old",
            "-year-old",
        ]
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=300)
@given(_NEWSY)
def test_number_heavy_text_gives_valid_offsets(text: str) -> None:
    _check_offsets(text)
