"""Paragraph and sentence spans: the unit every extractor pass works in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.extract.sentences import paragraphs, sentences


def split(text: str) -> list[str]:
    return [text[s:e] for ps, pe in paragraphs(text) for s, e in sentences(text, ps, pe)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # plain ends
        ("Prices rose. Sales fell.", ["Prices rose.", "Sales fell."]),
        ("Did it work? Nobody knows!", ["Did it work?", "Nobody knows!"]),
        ("He paused... Then he spoke.", ["He paused...", "Then he spoke."]),
        # titles and honorifics
        ("Mr. Okafor left. Mrs. Lund stayed.", ["Mr. Okafor left.", "Mrs. Lund stayed."]),
        ("Dr. Hale and Prof. Ito met Gov. Reyes.", ["Dr. Hale and Prof. Ito met Gov. Reyes."]),
        ("Sen. Marsh voted no.", ["Sen. Marsh voted no."]),
        # initials
        ("J. R. Tolland wrote it. It sold.", ["J. R. Tolland wrote it.", "It sold."]),
        ("Harry S. Truman won.", ["Harry S. Truman won."]),
        # numbers after abbreviations and decimals
        ("It ranked No. 1 last year.", ["It ranked No. 1 last year."]),
        ("See Art. 5 of the treaty.", ["See Art. 5 of the treaty."]),
        ("Growth was 3.5 percent. It slowed.", ["Growth was 3.5 percent.", "It slowed."]),
        ("It cost $1.2bn. Critics balked.", ["It cost $1.2bn.", "Critics balked."]),
        # U.S. and friends
        ("Troops left the U.S. The war ended.", ["Troops left the U.S.", "The war ended."]),
        ("The U.S. Navy said so.", ["The U.S. Navy said so."]),
        ("U.S.-led forces advanced. Then stopped.", ["U.S.-led forces advanced.", "Then stopped."]),
        # lower case after a period continues the sentence
        ("It opened at 9 a.m. on Monday.", ["It opened at 9 a.m. on Monday."]),
        ("Costs, e.g. rent, rose.", ["Costs, e.g. rent, rose."]),
        # quotes closing after the period
        ('"We are ready." The team left.', ['"We are ready."', "The team left."]),
        ("\u201cWe won.\u201d She smiled.", ["\u201cWe won.\u201d", "She smiled."]),
        (
            "He said: \u201cNo.\u201d Then: \u201cYes.\u201d",
            ["He said: \u201cNo.\u201d", "Then: \u201cYes.\u201d"],
        ),
        ("It ended (finally.) Then rain.", ["It ended (finally.)", "Then rain."]),
        # a quote opening the next sentence
        ('He left. "Why?" she asked.', ["He left.", '"Why?" she asked.']),
        # months and companies
        ("On Jan. 5 it fell. Acme Inc. Rose.", ["On Jan. 5 it fell.", "Acme Inc. Rose."]),
        # no end mark
        ("A headline with no stop", ["A headline with no stop"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("one\ntwo\n", ["one", "two"]),
        (
            "Title\n\nFirst para.\nSecond.\n\n\nNext article\n",
            ["Title", "First para.", "Second.", "Next article"],
        ),
        ("  padded  \n\t\n", ["padded"]),
        ("windows\r\nline\r\n", ["windows", "line"]),
        ("", []),
        ("\n\n  \n", []),
        ("no newline at end", ["no newline at end"]),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in paragraphs(text)] == expected


def test_sentences_cover_only_their_paragraph() -> None:
    text = "Before. Inside one. Inside two. After."
    start = text.index("Inside")
    end = text.index(" After")
    assert [text[s:e] for s, e in sentences(text, start, end)] == ["Inside one.", "Inside two."]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a span given with spaces at either end: its sentences are trimmed
        ("  Prices rose.  Sales fell.\t ", ["Prices rose.", "Sales fell."]),
        ("\u2003Prices rose? \u00a0", ["Prices rose?"]),
        ("   ", []),
    ],
)
def test_sentences_of_a_span_with_spaces_around(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == expected
    assert [text[s:e] for s, e in sentences(text)] == expected


@given(st.text())
def test_spans_are_ordered_and_inside(text: str) -> None:
    last = 0
    for ps, pe in paragraphs(text):
        assert last <= ps < pe <= len(text)
        assert "\n" not in text[ps:pe]
        inner = ps
        for s, e in sentences(text, ps, pe):
            assert inner <= s < e <= pe
            assert not text[s].isspace() and not text[e - 1].isspace()
            inner = e
        last = pe


# sentence-like pieces: words, marks, abbreviations, initials, quotes and spaces
_PIECES = st.lists(
    st.sampled_from(
        ["Prices", "rose", "U.S.", "Mr.", "J.", "No.", "3.5", "e.g.", '"', "\u201d", ")", "(", "."]
        + ["?", "!", "\u2026", " ", "  ", "\t", "the", "It", "x", "\u00a0", "'", "Jan."]
    ),
    max_size=40,
)


def _resumed_everywhere(text: str, ps: int, pe: int) -> None:
    whole = list(sentences(text, ps, pe))
    for i, (s, _) in enumerate(whole):
        assert list(sentences(text, ps, pe, resume=s)) == whole[i:]


@given(_PIECES, _PIECES)
def test_sentences_resumed_at_a_sentence_are_the_rest(before: list[str], body: list[str]) -> None:
    # the stretch starts after text it does not hold, so a resumed split that looked back
    # past the start would see it
    text = "".join(before) + "".join(body)
    _resumed_everywhere(text, len("".join(before)), len(text))
    _resumed_everywhere(text, 0, len(text))


@given(st.text())
def test_sentences_resumed_in_any_text_are_the_rest(text: str) -> None:
    for ps, pe in paragraphs(text):
        _resumed_everywhere(text, ps, pe)
