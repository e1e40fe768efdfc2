"""Compiled regexes built from the lexicon; the grammar of each sits above it.

``CANDIDATE`` is the one big pass over a paragraph: every number-like span,
each alternative in a named group that tells the judging passes what was
seen. Spans that are never claims (times, dates, phone numbers, decades, web
addresses) have alternatives of their own, tried first, so their digits are
consumed and never offered as numbers. The extractor runs it in pieces, with
the same matches: ``SCAN`` finds where its guard holds, and
``CANDIDATE_DIGIT``, ``CANDIDATE_LETTER`` or ``CANDIDATE_OTHER`` try there the
alternatives that can start with that character; ``CANDIDATE`` itself is
compiled only when asked for (the tests compare the two).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from factcheck.extract import lexicon as lx


def trie(words: Iterable[str]) -> str:
    """Return a regex matching exactly ``words``, as a character trie.

    Python's ``re`` tries the branches of a plain alternation one by one at every
    position; a trie rejects a position on its first character, which makes the
    guard of ``CANDIDATE`` about five times faster than ``alternation()``.
    """
    root: dict[str, dict[str, Any]] = {}
    for w in sorted(set(words)):
        if not w:
            raise ValueError("trie() of an empty word")
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def piece(ch: str) -> str:
        # a space in a phrase stands for any run of white space ("more  than")
        return r"\s+" if ch == " " else re.escape(ch)

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [piece(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not end:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if end else body

    if not root:
        raise ValueError("trie() of an empty table")
    return emit(root)


def alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of ``words``, escaped, longest first; refuse an empty table.

    It is written as a character trie (see ``trie``): the same language, but Python's
    ``re`` rejects a position on its first character instead of trying every word.
    """
    items = {w for w in words}
    if not items:
        raise ValueError("alternation() of an empty table")
    return "(?:" + trie(items) + ")"


_MONTHS = alternation(lx.MONTHS)
_UNITS = alternation(lx.UNITS)
_TENS = alternation(lx.TENS)
_UNITS_1_9 = alternation(w for w, v in lx.UNITS.items() if 1 <= v <= 9)
_MULT = alternation([*lx.MULTIPLIERS, *lx.DOZEN])
_SCALE = alternation(lx.SCALES)
_SUFFIX = alternation(lx.SCALE_SUFFIXES)
_CURRENCY_SIGN = alternation(lx.CURRENCY_SIGNS)
_CURRENCY_WORD = alternation(w for w in lx.CURRENCY_WORDS if w.islower())
_CURRENCY_CODE = alternation(w for w in lx.CURRENCY_WORDS if w.isupper())
_DENOM = alternation(lx.DENOMINATORS)
_ORDINAL = alternation(lx.ORDINALS)
_MULTIPLE = alternation([*lx.MULTIPLE_WORDS, *lx.FOLD_WORDS])
_DECADE_PART = alternation(lx.DECADE_PARTS)
_DECADE_WORD = alternation(lx.DECADE_WORDS)
# units written in capitals onto digits: "4GB", "500MW"
_UPPER_UNITS = alternation(
    [
        *(u.upper() for u in lx.ATTACHED_UNITS if len(u) > 1),
        # capital first, then lower case: "8Mbps", "3GHz", "500MWh"
        *("Mbps", "Gbps", "Kbps", "GHz", "MHz", "MWh", "GWh", "TWh", "Mb", "Gb"),
    ]
)
_VAGUE_DET = alternation(lx.VAGUE_DETERMINERS)
_GROUP = alternation(lx.GROUP_NOUNS)

# small-number := tens[-unit] | unit          ("twenty-five", "seven", "nineteen")
_ORDINAL_UNITS = alternation(w for w, v in lx.ORDINALS.items() if v < 10)
SMALL = rf"(?:{_TENS}(?:[-\s]{_UNITS_1_9}\b)?(?![-\s]{_ORDINAL_UNITS}\b)|{_UNITS})"
# words := (small | a | an) (sep multiplier (sep [and] small)?)*
#          "two hundred and fifty", "one hundred billion", "a dozen"; "a" needs a multiplier
WORDS = rf"""
    (?:{SMALL}\b|an?(?=\s+{_MULT}\b))
    (?:[\s-]+{_MULT}\b(?:[\s-]+(?:and\s+)?{SMALL}\b(?![\s-]+{_MULT}\b[\s-]+{_MULT}))?)*
"""
# what makes "1/2" a share of a percent rather than a date: "1/2 pct", "3/4 point"
_SLASH_PCT = r"\s?(?:%|pct\b|per[\s-]?cent\b|percent\b|(?:percentage[\s-])?points?\b)"
# digits := 1,600 | 1.234.567 (European) | 1 600 | 3.5 | .5
DIGITS = r"""
    (?:\d{1,3}(?:,\d{3})+(?:\.\d+)?
      |\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?
      |\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?![\d,.]\d)
      |(?<![-\u2013/])(?<!\d\x20)\d{1,3}\x20\d{3}(?![\d,.]|\x20\d)
      |\d+(?:\.\d+)?
      |\.\d+)
"""
# tail := % | per cent | percent | percentage points | currency word or code | cents | times
TAIL = rf"""
    (?:\s?(?P<pct>%|per[\s-]?cent\b|percent\b|pct\b)
      |\s?(?P<pp>percentage[\s-]points?|basis[\s-]points?|bps|bp)\b
      |\s+(?:U\.S\.\s+|(?P<curadj>(?-i:[A-Z][a-z]+))\s+)?
        (?P<curword>{_CURRENCY_WORD}(?:\s+sterling)?)\b
      |\s?(?P<curcode>(?-i:{_CURRENCY_CODE}))\b
      |\s?(?P<sub>cents?|cts?|pence|(?<=\d)p)\b
      |\s+(?P<times>times)\b(?!\s+out\s+of\b)
      |(?P<xtimes>(?<=\d)[xX])\b)?
"""


def _cases(words: Iterable[str]) -> set[str]:
    """Return ``words`` in lower, Title and UPPER case."""
    base = set(words)
    return base | {w.title() for w in base} | {w.upper() for w in base}


# every word a candidate can start with, in lower, Title and UPPER case
_START_WORDS = _cases(
    {
        *lx.UNITS,
        *lx.TENS,
        *lx.MULTIPLIERS,
        *lx.DOZEN,
        *lx.DENOMINATORS,
        *lx.ORDINALS,
        *lx.MULTIPLE_WORDS,
        *lx.FOLD_WORDS,
        *lx.VAGUE_PLURALS,
        *lx.GROUP_NOUNS,
        "multi",
        "scores",
        "multimillion",
        "multibillion",
        "multitrillion",
        "http",
        "https",
        "www",
        "half",
    }
) | {w for w in lx.CURRENCY_SIGNS if w[:1].isalpha() and w[-1:].isalpha()}
# "HK$", "Rs.": a \b after them would need a word character next
_SIGN_WORDS = {w for w in lx.CURRENCY_SIGNS if w[:1].isalpha() and not w[-1:].isalpha()}
# common words that start a candidate only before certain words: the guard checks
# those too, so that "a" in "a man" costs no attempt ("a third", "a dozen" do). Each
# condition admits at least every text the alternatives starting with the word accept.
_GUARDED_WORDS: list[tuple[set[str], str]] = [
    # frac "a third", "a 5th"; halfscale "a quarter of"; vaguedet "a few", "a couple of";
    # words "a hundred", "a dozen"
    (_cases({"a", "an"}) - _START_WORDS, rf"[\s-]+(?:{_DENOM}|{_MULT}|few|couple|\d)"),
    # vaguedet: "several hundred", "some 2 million" is a number of its own
    (_cases({"several", "many", "some"}) - _START_WORDS, rf"\s+(?:{_SCALE}|hundred|dozen)\b"),
    # rankno: "No. 1", "number one"
    (_cases({"no"}) - _START_WORDS, r"\."),
    (_cases({"number"}) - _START_WORDS, rf"\s?(?:\d|{_TENS}|{_UNITS})"),
    # decade "mid-teens", "upper twenties"; skip "mid-1990s"
    (_cases(lx.DECADE_PARTS) - _START_WORDS, rf"[\s-]{_DECADE_WORD}|-\d"),
    # the date skips: "May 5", "March 4-5", "September of 1995"
    (set(lx.MONTHS) - _START_WORDS, r"\.?\s+(?:of\s+)?\d"),
]


def _word_guard() -> str:
    """Return one trie of every start word, each ending in what must follow it.

    One trie, lower case first, decides a position in a single pass over the first
    letters; separate tries for each group of words cost one pass each, at every
    space of the text.
    """
    ends: dict[str, set[str]] = {w: {r"\b"} for w in _START_WORDS}
    for words, condition in _GUARDED_WORDS:
        for w in words:
            ends.setdefault(w, set()).add(f"(?=(?i:{condition}))")
    for w in _SIGN_WORDS:
        ends.setdefault(w, set()).add("")
    root: dict[str, Any] = {}
    for w, tails in ends.items():
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = tails

    def emit(node: dict[str, Any]) -> str:
        branches = [
            re.escape(ch) + emit(sub)
            for ch, sub in sorted(node.items(), key=lambda kv: (kv[0].isupper(), kv[0]))
            if ch
        ]
        if "" in node:
            tails = sorted(node[""])
            branches.append("(?:" + "|".join(tails) + ")" if len(tails) > 1 else tails[0])
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return rf"\b{emit(root)}"


_WORD_GUARD = _word_guard()
# a position where a candidate may start: a digit, a currency sign, a sign, point,
# bracket or plus before a digit, an apostrophe decade, or one of the words above
GUARD = rf"""(?-i:(?=
    [\d$\u00a3\u20ac\u00a5\u20b9\u20a9\u20bd\u20ba\u20a6]
  | [-\u2212.'(+](?=\d)
  | &(?=\#)
  | {_WORD_GUARD}))"""
# the currency signs the guard and the scan stop at (the first branch of each)
SIGN_CHARACTERS = "$\u00a3\u20ac\u00a5\u20b9\u20a9\u20bd\u20ba\u20a6"

# The alternatives of CANDIDATE, in the order they are tried, each tagged with the
# characters it can start with: "d" a decimal digit, "l" an ASCII letter, "o" anything
# else. The scan (``candidates``) tries at a digit only the "d" alternatives and at a
# letter only the "l" ones: the same matches as the whole alternation, with less work.
_SKIPS: list[tuple[str, str]] = [
    ("l", r"(?:https?://|www\.)\S+                                   # web address"),
    ("d", r"(?<![\w.])\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?   # 4:34, 10:30 pm"),
    ("d", r"(?<![\w.])\d{1,2}(?:\.\d{2})?\s?(?:[ap]\.m\.|[ap]m\b)   # 3pm, 9 a.m."),
    ("d", r"(?<![\w.])\d{1,4}(?P<sep>[/.-])\d{1,2}(?P=sep)\d{1,4}\b  # 18/09/2016"),
    ("d", r"(?<![\w.])\d{4}\s?(?-i:GMT|BST|UTC|EST|EDT|CST|CDT|PST|PDT|CET|CEST)\b  # 0630 GMT"),
    ("o", r"&\#x?[0-9a-f]+;                                          # HTML entity"),
    ("d", rf"(?<![\w.])\d{{1,2}}/\d{{1,2}}\b(?!/|{_SLASH_PCT})             # 9/11, 24/7"),
    ("d", r"(?<![\w.])(?:19|20)\d{2}[-\u2013/](?:(?:19|20)\d{2}|\d{2})\b   # 2004-05"),
    (
        "d",
        rf"""(?<![\w.,])\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*|\s+(?:or|and|to)\s+)
        \d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?-i:{_MONTHS})\b   # 4 or 5 April, 26-28 August""",
    ),
    (
        "l",
        rf"""(?-i:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?
        (?:\s*[-\u2013]\s*|\s+(?:or|and|to)\s+)\d{{1,2}}\b
        (?!,\d|\.\d|\s?%|[-/]\d|\s?pct\b|\s?per\s?cent\b|\s?percent\b)  # May 4-5""",
    ),
    (
        "l",
        rf"""(?-i:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,\d|\.\d|\s?%)
        (?:,?\s+\d{{4}}\b)?                                      # May 5, 2016""",
    ),
    (
        "d",
        rf"""(?<![\w.,])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?-i:{_MONTHS})\b
        (?:,?\s+\d{{4}}\b)?                                      # 1 October""",
    ),
    ("l", rf"(?-i:{_MONTHS})\s+(?:of\s+)?\d{{4}}\b                      # September 1995"),
    ("dl", r"(?<![\w.])(?:mid-|late-|early-)?(?:1[89]|20)?\d0(?:'?s)\b  # 1990s, 90s"),
    ("o", r"'\d0s\b"),
    ("do", r"(?<![\w.])\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b         # phone"),
    ("d", r"(?<![\w.,])0\d{2,4}(?:[\x20-]\d{1,4}){2,3}\b              # 0845 8 505 505"),
    (
        "d",
        r"""(?<![\w.,-])\d{1,2}-\d{1,2}(?:\x20\(\d{1,2}-\d{1,2}\))?
        (?:\x20\d{1,2}-\d{1,2}(?:\x20\(\d{1,2}-\d{1,2}\))?)+(?![\w-])  # 6-3 3-6 7-6 (7-5)""",
    ),
    ("o", r"\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}\b  # +44 20 7946 0000"),
]
_ALTERNATIVES: list[tuple[str, str]] = [
    # --- quarter / half percentage point ---------------------------------------------
    (
        "l",
        r"""(?P<qpoint>\b(?:quarter|half|three[\s-]quarters)[\s-](?:(?:of\s+)?an?\s+)?
        (?:percentage[\s-])?points?\b)""",
    ),
    # --- fractions in digits or words: n out of m | n times out of m | one in five -------
    (
        "dl",
        rf"(?P<outof>(?<![\w.])(?:\d+|{SMALL})\s+(?:times\s+)?out\s+of\s+(?:\d+|{SMALL})\b)",
    ),
    (
        "dl",
        rf"""(?P<onein>(?<![\w.,])(?:{SMALL}|\d{{1,2}})\s+in\s+(?:every\s+)?
        (?:(?!(?:1[89]|20)\d\d\b)\d{{1,3}}(?:,\d{{3}})*|{SMALL})\b(?![-.,]\d))""",
    ),
    # 1-1/2, 9-13/16 pct
    (
        "d",
        r"""(?P<mixed>(?<![\w.,/])\d{1,3}[\s-]\d{1,2}/\d{1,2}\b(?!/)
        (?P<mpct>\s?(?:%|pct\b|per[\s-]?cent\b|percent\b))?)""",
    ),
    # 1/2 pct, 3/4 percentage point (wire copy)
    ("d", rf"(?P<slash>(?<![\w.,/-])[1-9]\d?/(?:2|3|4|8|16|32|64)(?P<spct>{_SLASH_PCT}))"),
    ("dl", rf"(?P<andhalf>(?<![\w.,])(?:\d+|{SMALL})[\s-]+and[\s-]+a[\s-]+half\b(?!-))"),
    # half a million
    (
        "l",
        rf"""(?P<halfscale>\b(?:half|(?:a|one)\s+quarter\s+of|three[\s-]quarters\s+of)\s+an?\s+
        (?:{_SCALE}|dozen)\b)""",
    ),
    # a third | two-thirds | one 5th | three quarters
    (
        "dl",
        rf"""(?P<frac>\b(?:a|an|one|{SMALL}|\d+)[\s-]+(?:{_DENOM}|\d+(?:st|nd|rd|th)s?)\b(?!-)
        (?![\s-]+(?:percentage[\s-]+)?points?\b))""",
    ),
    ("l", r"(?P<half>(?<![\w-])half\b(?!-))"),
    # --- multiples ----------------------------------------------------------------------
    ("d", r"(?P<fold>(?<![\w.])\d+(?:\.\d+)?[\s-]?fold\b)"),
    ("l", rf"(?P<multiple>(?<![\w-]){_MULTIPLE}\b(?!-))"),
    # --- vague quantities: tens of millions | hundreds of thousands ----------------------
    (
        "l",
        r"""(?P<vagueof>\b(?:tens|hundreds|thousands|dozens|scores)\s+of\s+
        (?:thousands|millions|billions|trillions)\b)""",
    ),
    # several hundred | a few thousand dollars
    (
        "l",
        rf"""(?P<vaguedet>\b{_VAGUE_DET}\s+(?:{_SCALE}|hundred|dozen)\b
        (?:\s+(?P<vcur>{_CURRENCY_WORD})\b)?)""",
    ),
    # multibillion-dollar
    ("l", rf"(?P<multi>\bmulti-?(?:million|billion|trillion)(?:-(?:{_CURRENCY_WORD}))?\b)"),
    # dozens | hundreds | thousands | millions | billions
    ("l", r"(?P<vague>\b(?:dozens|hundreds|thousands|millions|billions|trillions)\b(?!-))"),
    # (upper|mid|low)-teens
    ("l", rf"(?P<decade>\b{_DECADE_PART}[\s-]{_DECADE_WORD}\b)"),
    # --- ordinals and ranks -------------------------------------------------------------
    ("l", rf"(?P<rankno>\b(?:No\.|Number|number)\s?(?:\d+|{SMALL})\b)"),
    ("dl", rf"(?P<ordinal>(?<![\w.])\d+(?:st|nd|rd|th)\b|\b{_ORDINAL}\b)"),
    ("l", rf"(?P<group>\b{_GROUP}\b)"),
    # --- numbers: [sign] [currency] digits [scale] [tail] --------------------------------
    (
        "dlo",
        rf"""(?P<number>
        (?<![\w.])(?:(?<![A-Za-z]-)|(?<=million-)|(?<=billion-)|(?<=mln-)|(?<=bln-))
        (?P<sign>(?<=[\s(])[-\u2212])?
        (?:(?P<cur>(?-i:{_CURRENCY_SIGN}))\s?)?
        (?P<digits>{DIGITS})
        (?:(?:\s*|-)(?P<scale>{_SCALE})s?\b|(?P<suffix>(?-i:{_SUFFIX}))\b)?
        {TAIL}
        (?![\w]|\.\d)
      | (?<![\w.])(?<![A-Za-z]-)
        (?:(?P<cur2>(?-i:{_CURRENCY_SIGN}))\s?)?
        (?P<digits2>{DIGITS})(?=(?-i:[a-z]|[CF]\b|{_UPPER_UNITS}\b))
      | (?P<words>\b{WORDS})
        (?:\s*(?P<wscale>{_SCALE})\b)?
        (?:\s?(?P<wpct>%|per[\s-]?cent\b|percent\b|pct\b)
          |\s+(?P<wcur>{_CURRENCY_WORD})\b
          |\s+(?P<wsub>cents?|cts|pence)\b
          |\s+(?P<wtimes>times)\b(?!\s+out\s+of\b))?
    )""",
    ),
]


# At a digit, what must follow its run of digits for a date, time, phone or score skip
# to match (each skip of _SKIPS tagged "d" needs one of these), and for a fraction,
# multiple or ordinal; a number followed by anything else tries neither group.
_DIGIT_SKIP_AHEAD = rf"""(?=\d++(?:st|nd|rd|th)?(?:
    [:/.\-\u2013)'s] | \s?[ap] | \s?(?-i:GMT|BST|UTC|EST|EDT|CST|CDT|PST|PDT|CET|CEST)
  | \s*[-\u2013] | \s+(?:or|and|to)\s | \s+(?:of\s+)?(?-i:{_MONTHS}) | \s\d))"""
_DIGIT_PART_AHEAD = rf"""(?=\d++(?:
    [\s-]+(?:times|out|in|and|{_DENOM}|\d) | / | \.\d+[\s-]?fold | [\s-]?fold
  | st | nd | rd | th))"""
# the groups of _ALTERNATIVES that _DIGIT_PART_AHEAD guards at a digit
_DIGIT_PARTS = ("outof", "onein", "mixed", "slash", "andhalf", "frac", "fold", "ordinal")


def _candidate(starts: str, guard: str) -> re.Pattern[str]:
    """Compile ``guard`` and the alternatives that can start with one of ``starts``."""

    def keep(tag: str) -> bool:
        return any(c in tag for c in starts)

    skips = "\n  | ".join(src for tag, src in _SKIPS if keep(tag))
    chosen = [src for tag, src in _ALTERNATIVES if keep(tag)]
    if starts == "d":
        # the same alternatives in the same order, each group behind its necessary condition
        skips = f"{_DIGIT_SKIP_AHEAD}(?:\n    {skips}\n    )"
        parts = [src for src in chosen if src.startswith(tuple(f"(?P<{n}>" for n in _DIGIT_PARTS))]
        assert chosen[: len(parts)] == parts, "the guarded groups come first"
        chosen = [_DIGIT_PART_AHEAD + "(?:\n    " + "\n  | ".join(parts) + "\n)"] + chosen[
            len(parts) :
        ]
    alts = [f"(?P<skip>\n    {skips}\n    )", *chosen]
    body = "\n  | ".join(alts)
    return re.compile(f"{guard}\n(?:\n    {body}\n)", re.VERBOSE | re.IGNORECASE)


# the same matches as CANDIDATE at a decimal digit, at an ASCII letter and at any other
# character, without the alternatives that cannot start there, and without the guard:
# the caller has checked it (``SCAN`` where it stops, or ``extract.word_starts``), and
# leaving it out halves the time to compile them (0.19 -> 0.08 s per process)
CANDIDATE_DIGIT = _candidate("d", "")
CANDIDATE_LETTER = _candidate("l", "")
CANDIDATE_OTHER = _candidate("o", "")
_CANDIDATE: list[re.Pattern[str]] = []


def __getattr__(name: str) -> re.Pattern[str]:
    # CANDIDATE, every number-like span (spans that are never claims, the group "skip",
    # come first), is the reference the scan is tested against; compiled on first use,
    # since the extractor never runs it (40 ms of every process's start-up)
    if name != "CANDIDATE":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _CANDIDATE:
        _CANDIDATE.append(_candidate("dlo", GUARD))
    return _CANDIDATE[0]


# where the guard may hold, found by consuming the character before: that character
# (a digit or a sign: group "word" empty) or the word after it (group "word" set).
# Starting with a character class lets the regex engine skip letters in a tight loop
# instead of trying the guard at every position. The class is [\W\d] and the non-ASCII
# word characters, where no branch holds (none is a digit, sign or "&", and no start
# word follows a word character): the same places, but an ASCII class is one bit test
# per character where \W takes four Unicode look-ups (the scan 20% faster). The three
# branches for a digit or a sign sit behind one look at the character, so that a space,
# where the scan stops most, fails them in one test instead of three.
SCAN = re.compile(
    rf"""(?-i:[^A-Za-z_](?:
      (?<=[\d$\u00a3\u20ac\u00a5\u20b9\u20a9\u20bd\u20ba\u20a6\-\u2212.'(+&])(?:
          (?<=[\d$\u00a3\u20ac\u00a5\u20b9\u20a9\u20bd\u20ba\u20a6])
        | (?<=[-\u2212.'(+])(?=\d)
        | (?<=&)(?=\#))
    | (?={_WORD_GUARD})(?P<word>)
    ))""",
    re.VERBOSE,
)

# --- context patterns, matched on the text just before or after a candidate -----

# "5,000 or more", "100-plus"
QUALIFIER_AFTER = re.compile(
    rf"^[\s-]*(?:[A-Za-z-]+\s+)?(?P<q>{alternation(lx.QUALIFIERS_AFTER)})\b", re.IGNORECASE
)
# words right after a number: a unit written onto the digits or after a space
UNIT_AFTER = re.compile(
    rf"""^(?:[\s-]?(?P<speed>{alternation(lx.SPEED_PHRASES)})\b
        |[\s-]?(?P<measure>{alternation(lx.MEASURES)})(?![\w/])
        |(?P<timeunit>[\s-]?{alternation(lx.TIME_UNITS)})\b)""",
    re.IGNORECASE | re.VERBOSE,
)
# "-year-old", "-month-old", " years old"
AGE_AFTER = re.compile(
    r"^[\s-](?P<unit>year|month|week|day)s?[\s-]old(?P<plural>s)?\b", re.IGNORECASE
)
# a word, possibly hyphenated or with an apostrophe
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|[A-Za-z]")
# superlatives that make an ordinal a rank: "second biggest", "third-largest"
SUPERLATIVE = re.compile(
    r"^[\s-]+(?:(?:most|least)\s+\w+|\w+est|best|worst|top|biggest|largest|ranked|place)\b",
    re.IGNORECASE,
)
# "... in two days", "... within 1 week", "consecutive": an ordinal counts events in a window
ORDINAL_COUNT = re.compile(
    rf"""^(?:[\s-]+[\w'\u2019-]+){{0,7}}?[\s-]+
        (?:consecutive|straight|successive|in\s+a\s+row
          |(?:in|within)\s+(?:the\s+(?:past|last)\s+)?(?:\d+|{SMALL}|a|one)\s+{alternation(lx.TIME_UNITS)})\b""",
    re.IGNORECASE | re.VERBOSE,
)
# "over a 20-year period", "in the past three months": the words before a time window
WINDOW_BEFORE = re.compile(
    rf"(?:^|[^\w])(?P<w>{alternation(lx.WINDOW_BEFORE)})\s+(?:(?:the|a|an|just|only)\s+)?$",
    re.IGNORECASE,
)
WINDOW_AFTER = re.compile(
    rf"^[\s-]*(?:{alternation(lx.TIME_UNITS)})(?:['\u2019]s?)?[\s-]+(?:{alternation(lx.WINDOW_AFTER)})\b",
    re.IGNORECASE,
)
# a capitalised name word before the number: "Top 500", "Article 5"
NAME_BEFORE = re.compile(
    rf"(?:(?-i:\b{alternation(lx.NAME_PREFIXES)})|\b{alternation(lx.NAME_PREFIXES_LOWER)})\s+$"
)
# the measures of a scenario's condition: "at 30mph", "within 30mg of"
CONDITION_MEASURES = frozenset({"mph", "km/h", "knot", "mg", "mile", "km", "degree"})
# "number one" at the end of a clause enumerates; "No. 1 seed" ranks
NUMBER_ENUM = re.compile(r"^\s*(?:[.,;:!?)\u2014\u2013]|and\b|$)", re.IGNORECASE)
# "Photo: ...", "Credit: ..." paragraphs
CREDIT = re.compile(r"^(?:photo|picture|image|credit|copyright|\(c\)|©)\b", re.IGNORECASE)
# the characters CREDIT and AGE_AFTER (after its one space or hyphen) can start with,
# for a check before the call: re's IGNORECASE matches "ı" and "İ" to "i"
CREDIT_FIRST = frozenset("pPiI\u0131\u0130cC(©")
AGE_UNIT_FIRST = frozenset("yYmMwWdD")
# a following noun phrase may start with these before the head noun
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\"\u201c\u201d\u2014\u2013]| - ")
# idioms with a number that state no quantity ("one by one", "once again")
IDIOM = re.compile(rf"(?<![\w-]){alternation(lx.IDIOMS)}(?![\w-])", re.IGNORECASE)
# "10 Downing Street"
STREET_AFTER = re.compile(
    rf"^\s+(?:[A-Z][a-z]*\.?\s+){{1,3}}(?-i:{alternation(lx.STREET_WORDS)})\b"
)
# a list item number at the start of a paragraph: "1. Prices", "2) Wages"
ENUMERATION = re.compile(r"^\d{1,2}[.)]\s")
# a word of a noun phrase, a clause break, or anything else (stops the phrase)
PHRASE_TOKEN = re.compile(
    r"\s*(?:(?P<word>[A-Za-z][A-Za-z'\u2019]*(?:-[A-Za-z0-9]+)*)|(?P<other>\S))"
)
# a plural noun in lower case (the fallback unit): "loans", "jobs"
PLURAL_WORD = re.compile(r"\b([a-z][a-z-]{2,}(?:[^suoi\W]s|ies))\b")
# "number of jobs", "total of 5,500 jobs"
NUMBER_OF = re.compile(
    r"(?:the\s+)?\b(?:number|total|count|tally|amount)\s+of\s+(?:[\w'\u2019,-]+\s+){0,4}?"
    r"(?P<noun>people|men|women|children|[a-z][a-z-]*(?:[^suoi\W]s|ies))\b",
    re.IGNORECASE,
)
# "2025 dollars": a year written before a currency word
PRICE_BASE_YEAR = re.compile(
    rf"^(?:1[89]|20)\d\d\s+{alternation(w for w in lx.CURRENCY_WORDS if w.islower())}$",
    re.IGNORECASE,
)
# "operations a second", "per hour": a rate after the counted noun
RATE_AFTER = re.compile(
    rf"^\s*[A-Za-z][\w-]*\s+(?:a|an|per)\s+{alternation(lx.RATE_TIME_UNITS)}\b", re.IGNORECASE
)
# a word (hyphenated parts kept together) or a single other mark
TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019]*(?:-[A-Za-z0-9]+)*|\d[\d,.]*\d|\d|[^\sA-Za-z\d]")
# two capitalised words, the first not opening a sentence, just before the number:
# "that includes Halo 2", "Metal Slug 3 is"
TITLE_BEFORE = re.compile(
    r"(?<=[a-z,] )(?:[A-Z][a-z]+\s){1,3}$|^(?:[A-Z][a-z]+\s){2,3}$|\bthe\s[A-Z][a-z]+\s$"
)
# an all-capitals word of two to six letters just before the number: "XP 2500"
ACRONYM_BEFORE = re.compile(r"(?<![\w&.-])[A-Z]{2,6}\s$")
# a brand written in mixed case just before the number: "iPhone 6", "PlayStation 5"
CAMEL_BEFORE = re.compile(r"(?<![\w-])[A-Za-z]*[a-z][A-Z][A-Za-z]*\s$")
