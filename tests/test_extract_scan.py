"""The fast candidate scan gives exactly the matches of CANDIDATE.finditer.

``extract.candidates`` skips letters with ``patterns.SCAN`` and tries only the
alternatives that can start at the character found; these tests hold it to the
plain ``finditer`` of the whole pattern, on hard cases, on the fixture and eval
articles, and on generated text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract import candidates
from factcheck.extract import patterns as px
from factcheck.extract.sentences import paragraphs

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"


def _plain(text: str, ps: int, pe: int) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in px.CANDIDATE.finditer(text, ps, pe)]


def _fast(text: str, ps: int, pe: int) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in candidates(text, ps, pe)]


HARD = [
    "(three) of them, (212) 555-0100 and (GM) said",
    "a third of a dozen, A hundred, an eighth, a man, An 8th",
    "some 2 million, several hundred, many thousands, Some dozen",
    "No. 1, no one, number one, Number 10, NUMBER five",
    "the mid-1990s, upper teens, mid-term, high twenties, Low-thirties",
    "May 5, March 4-5, September of 1995, May be, April showers",
    "HK$ 300 mln, US$13 million, A$12 mln, Rs. 40 crore, Rs 500",
    "+44 20 7946 0000, Sky+ boxes, 3500+ processor, 1+ (one plus)",
    "T-46A, G-7, 2-0 midway, 17.15-20 range, 1.5 million-2 million",
    "&#163;5, &amp; 7, '90s, 1/2 pct, 13-1/4 pct, 9/11",
    "x3 fivefold 2.5-fold Twice tripled, half-time, half of 10",
    "3 out of 4, 7 times out of 10, 2 in 5, 1 1/2, 2 and a half, 3 fifths, 2 5ths",
    "3-fold, 2.5fold, 21st, 3RD, 9 am, 9 A.M., 10:30, 0630 GMT, 4 or 5 April",
    "1st of May, 26-28 August, 2004-05, 1990s, 90's, 0845 8 505 505, 6-3 3-6 7-6",
]


@pytest.mark.parametrize("text", HARD)
def test_scan_matches_finditer_on_hard_cases(text: str) -> None:
    assert _fast(text, 0, len(text)) == _plain(text, 0, len(text))


def test_scan_matches_finditer_inside_a_paragraph() -> None:
    text = "x 5 apples\nthree pears and a dozen eggs\n(4) May 5"
    for ps, pe in paragraphs(text):
        assert _fast(text, ps, pe) == _plain(text, ps, pe)
    assert _fast(text, 3, 30) == _plain(text, 3, 30)


def test_scan_matches_finditer_on_articles() -> None:
    files = sorted((ROOT / "fixtures" / "docs").glob("*.txt")) + sorted(DEV.glob("*.txt"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        for ps, pe in paragraphs(text):
            assert _fast(text, ps, pe) == _plain(text, ps, pe), path.name


_PIECES = st.sampled_from(
    [
        "a",
        "A",
        "an",
        "the",
        "third",
        "dozen",
        "few",
        "some",
        "many",
        "No",
        "no.",
        "number",
        "mid",
        "upper",
        "teens",
        "May",
        "March",
        "of",
        "half",
        "three",
        "twenty",
        "million",
        "mln",
        "dlrs",
        "pct",
        "HK$",
        "Rs.",
        "US$",
        "$",
        "£",
        "€",
        "(",
        ")",
        "+",
        "-",
        ".",
        "'",
        "&#",
        "/",
        ",",
        "%",
        "1",
        "5",
        "12",
        "1,600",
        "3.5",
        "1990s",
        "0845",
        "é",
        "١٢",
    ]
)
_SEPS = st.sampled_from(["", " ", " ", "-", "\u00a0", ", ", "\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_PIECES, _SEPS), max_size=14))
def test_scan_matches_finditer_on_generated_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(a + b for a, b in parts)
    assert _fast(text, 0, len(text)) == _plain(text, 0, len(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_scan_matches_finditer_on_any_text(text: str) -> None:
    assert _fast(text, 0, len(text)) == _plain(text, 0, len(text))
