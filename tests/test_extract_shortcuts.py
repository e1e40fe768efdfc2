"""The facts the extractor's shortcuts rely on, checked where they could drift.

Each shortcut in ``factcheck.extract`` skips work when a cheap look shows it cannot
change the answer; these tests hold the look to the work it replaces.
"""

from __future__ import annotations

import dataclasses
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract import _CLAIM_FIELDS, filters, word_starts
from factcheck.extract import patterns as px
from factcheck.models import Claim, Kind, Qualifier, claim_from_fields, fill_attribution


def test_claims_are_built_with_the_fields_in_their_order() -> None:
    names = tuple(f.name for f in dataclasses.fields(Claim))
    assert names[: len(_CLAIM_FIELDS)] == _CLAIM_FIELDS


def test_a_claim_from_fields_is_the_claim_the_constructor_builds() -> None:
    values = (3, 9, "$5bn", 5e9, None, Qualifier.APPROXIMATELY, Kind.MONEY, "USD", "about")
    values += ("It cost about $5bn.", 0, 19)
    fast, built = claim_from_fields(*values), Claim(*values)
    assert type(fast) is Claim
    assert fast == built and hash(fast) == hash(built) and repr(fast) == repr(built)
    assert (fast.speaker, fast.speaker_role, fast.quote, fast.cue) == (None, None, False, None)
    # all sixteen fields by position too, as Claim takes them
    full = (*values, "Ann Lee", "minister", True, "said")
    assert claim_from_fields(*full) == Claim(*full)
    assert fast.attributed("Ann Lee", "minister", True, "said") == Claim(*full)
    # still frozen: the open class it was built as is gone
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.value = 6e9  # type: ignore[misc]
    with pytest.raises(TypeError):
        claim_from_fields(1, 2)


def test_a_claim_filled_in_place_is_the_copy_attributed_makes() -> None:
    values = (3, 9, "$5bn", 5e9, None, Qualifier.APPROXIMATELY, Kind.MONEY, "USD", "about")
    claim = claim_from_fields(*values, "It cost about $5bn.", 0, 19)
    copy = claim.attributed("Ann Lee", "minister", True, "said")
    assert claim.speaker is None
    assert fill_attribution(claim, "Ann Lee", "minister", True, "said") is claim
    assert type(claim) is Claim
    assert claim == copy and hash(claim) == hash(copy) and repr(claim) == repr(copy)
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.speaker = "Bo Ray"  # type: ignore[misc]


def _first_characters(pattern: re.Pattern[str], rest: str, offset: int = 0) -> set[str]:
    """Return every character that, put at ``offset`` of ``rest``, lets ``pattern`` match."""
    found = set()
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if pattern.match(rest[:offset] + ch + rest[offset + 1 :]):
            found.add(ch)
    return found


def test_credit_first_holds_every_character_credit_can_start_with() -> None:
    starts = set()
    # one word for each first letter of CREDIT's words ("picture" as "photo", ...)
    for word in ("photo", "image", "credit", "(c)", "\u00a9"):
        starts |= _first_characters(px.CREDIT, word + " x")
    assert starts <= px.CREDIT_FIRST


def test_age_unit_first_holds_every_character_a_unit_can_start_with() -> None:
    starts = set()
    for unit in ("year", "month", "week", "day"):
        starts |= _first_characters(px.AGE_AFTER, f"-{unit}-old", 1)
    assert starts <= px.AGE_UNIT_FIRST


# the scan as first written, with the Unicode class [\W\d] and its four branches side by
# side: the ASCII class and the grouped branches must find the same places
_SCAN_UNICODE = re.compile(
    rf"""(?-i:[\W\d](?:
      (?<=[\d$\u00a3\u20ac\u00a5\u20b9\u20a9\u20bd\u20ba\u20a6])
    | (?<=[-\u2212.'(+])(?=\d)
    | (?<=&)(?=\#)
    | (?={px._WORD_GUARD})(?P<word>)
    ))""",
    re.VERBOSE,
)


def _hits(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, int | None]]:
    out = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        out.append((m.start(), m.end(), m.lastindex))
        pos = m.end()
    return out


def test_the_reference_scan_differs_in_its_class_only() -> None:
    assert _SCAN_UNICODE.pattern != px.SCAN.pattern


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "three", "Three", "dozen", "é", "éthree", "ü", "\u0663", "5", "$", "-", " ", "_"]
            + ["(", "+", ".", "'", "&", "#", "\u2212", "\u20ac", "&#", "HK$"]
        ),
        max_size=12,
    )
)
def test_the_scan_finds_what_the_unicode_class_finds(parts: list[str]) -> None:
    text = "".join(parts)
    assert _hits(px.SCAN, text) == _hits(_SCAN_UNICODE, text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_the_scan_finds_what_the_unicode_class_finds_in_any_text(text: str) -> None:
    assert _hits(px.SCAN, text) == _hits(_SCAN_UNICODE, text)


# the guard at a letter, as CANDIDATE_LETTER held it before word_starts took it over
_GUARD_AT_LETTER = re.compile(rf"(?-i:(?={px._WORD_GUARD}))")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "A", "third", "three", "No", ".", "May", " 5", "HK$", "$", "£", "_", "é", "5"]
        ),
        max_size=10,
    ),
    st.integers(min_value=0, max_value=3),
)
def test_word_starts_is_the_guard(parts: list[str], cut: int) -> None:
    text = "".join(parts)
    pe = max(0, len(text) - cut)
    for pos in range(pe):
        if text[pos].isascii() and text[pos].isalpha():
            want = _GUARD_AT_LETTER.match(text, pos, pe) is not None
            assert word_starts(text, pos, pe) == want, (text, pos, pe)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["word", "Two", "-", "’s", "'", ",", "1,200", "3.5", "x-ray", "é", "\u0663", "$5", ")"]
        )
        | st.text(max_size=3),
        max_size=30,
    ),
    st.lists(st.sampled_from([" ", "", "\u00a0", "\t", "\x1c", "\n"]), min_size=30, max_size=30),
)
def test_the_tokens_after_a_mention_are_the_regex_tokens(parts: list[str], seps: list[str]) -> None:
    after = "".join(p + s for p, s in zip(parts, seps, strict=False))
    got = filters.Around.of("", after, "5", False).tokens
    assert got == filters.tokens_after(after)
