"""The cue-word scan: ``triggers`` finds what ``TRIGGER.finditer`` finds, by a faster road.

Each row is a text written for these tests and the span to scan; the matches
(position, text, handler group) must equal those of the regex run over the span.
"""

from __future__ import annotations

import re

import pytest

from factcheck.extract.attribution_cues import (
    _TOKEN,
    TRIGGER,
    first_trigger,
    matches_at,
    tokenize,
    trigger_starts,
    triggers,
    word_starts,
)
from factcheck.extract.sentences import sentences

TEXT = (
    "The ministry said on Tuesday that 40 schools would close, according to figures "
    "from the Office for National Statistics. Analysts Said it was unsaid; FIGURES FROM "
    "the bank's forecast of 3% were published by Hallam Bank, he added, adding 2 more."
)
CASES = [
    (TEXT, 0, len(TEXT)),
    # spans cut inside a word at either end: "\b" and the look-aheads see no further
    (TEXT, TEXT.index("aid on"), TEXT.index("that") + 2),
    (TEXT, TEXT.index("according"), TEXT.index("according") + len("according to")),
    (TEXT, TEXT.index("according"), TEXT.index("according") + len("according t")),
    (TEXT, TEXT.index("published"), TEXT.index("published") + len("published by")),
    # words glued by an underscore or a digit are not cue words
    ("He said_ it, said2 and 2said, she said.", 0, 39),
    # non-ASCII text takes the regex itself
    ("\u201cWe will,\u201d she said \u2014 the report\u2019s forecast of 2%.", 0, 52),
    ("Caf\u00e9 owners said: sales fell", 0, 28),
    ("", 0, 0),
    ("No cue word here at all.", 0, 24),
]


@pytest.mark.parametrize(("text", "lo", "hi"), CASES)
def test_triggers_are_the_regex_matches(text: str, lo: int, hi: int) -> None:
    want = [(m.start(), m.group(), m.lastgroup) for m in TRIGGER.finditer(text, lo, hi)]
    got = [(m.start(), m.group(), m.lastgroup) for m in triggers(text, lo, hi)]
    assert got == want


PARAGRAPHS = [
    TEXT,
    'Sales fell 3%, the company said. "We expect more," it added. Data from the bank showed.',
    "Output rose, according to the agency. Figures published by Statec. He said so.",
]


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_a_sentence_takes_its_cue_words_from_its_paragraph_scan(paragraph: str) -> None:
    starts = trigger_starts(paragraph, 0, len(paragraph))
    for lo, hi in sentences(paragraph):
        want = [(m.start(), m.group()) for m in TRIGGER.finditer(paragraph, lo, hi)]
        got = [(m.start(), m.group()) for m in triggers(paragraph, lo, hi, starts)]
        assert got == want


# a pattern whose matches run over several words, one of which may open another
TITLED = re.compile(r"\b(?P<title>(?i:president|judge|dr))\.?\s+(?P<name>[A-Z]\w+(?:\s+[A-Z]\w+)*)")
TITLE_OPENERS = frozenset({b"president", b"judge", b"dr"})
MENTIONS = [
    "President Judge Ann Cole ruled; Dr. Lee and dr Okafor spoke, as did PRESIDENT Vance.",
    "Judge Judge Mills. presidential Judges judge",
    "The judge\u2019s clerk, Judge R\u00f6sch, said so.",
]


@pytest.mark.parametrize("text", MENTIONS)
def test_matches_at_word_starts_are_finditer(text: str) -> None:
    for lo, hi in ((0, len(text)), (3, len(text) - 4), (10, 30)):
        want = [m.span() for m in TITLED.finditer(text, lo, hi)]
        starts = word_starts(text, lo, hi, TITLE_OPENERS)
        got = (
            want if starts is None else [m.span() for m in matches_at(TITLED, text, starts, lo, hi)]
        )
        assert got == want


@pytest.mark.parametrize(("text", "lo", "hi"), CASES)
def test_first_trigger_is_the_first_match(text: str, lo: int, hi: int) -> None:
    m = TRIGGER.search(text, lo, hi)
    assert first_trigger(text, lo, hi) == (-1 if m is None else m.start())


TOKEN_TEXTS = [
    # inner marks, a closing apostrophe after an s, "&" alone, a "-" standing alone
    "The U.S.-led bosses' plan, O\u2019Neill & Co. said - at 3.5% - was \u201cgood\u201d.",
    # marks that end no word, a glued "-", an underscore, non-ASCII letters
    "x- -y a--b __init__ Caf\u00e9 \u00abnon\u00bb [sic] (2) 'tis s'' it's\u2014so\u2013so!?",
    # a word cut by the span's end, a "-" at its start after a letter
    "abc-def. ghi",
    "",
]


@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_tokens_are_the_token_pattern_matches(text: str) -> None:
    for lo in range(len(text) + 1):
        for hi in (lo, min(len(text), lo + 7), len(text)):
            want = [
                (m.start(), m.end(), m.group(), m.lastgroup == "w")
                for m in _TOKEN.finditer(text, lo, hi)
            ]
            assert [tuple(t) for t in tokenize(text, lo, hi)] == want


def test_tokens_mark_words_and_punctuation() -> None:
    toks = tokenize("bosses' U.S.-led - x, & \u201cso\u201d", 0, 33)
    assert [(t.text, t.word) for t in toks] == [
        ("bosses'", True),
        ("U.S.-led", True),
        ("-", False),
        ("x", True),
        (",", False),
        ("&", True),
        ("\u201c", False),
        ("so", True),
        ("\u201d", False),
    ]
