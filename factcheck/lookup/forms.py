"""Every number on a page, in any usual written form, and whether one backs a claim's value.

Pure: text in, numbers out. ``find_numbers(text)`` reads digits ("1,600", "1600",
"1 600", "1.6k", "1.6 thousand", "1,200 million"), percentages ("45%", "45 per
cent", "45.0 percent"), money ("$1.2bn", "1.2 billion dollars", "EUR 300
million"), number words ("sixteen hundred", "two million", "dozens"), fractions
("half", "two-thirds", "one in five") and shares ("0.45" where the words before
it say it is a share). ``target_for(claim)`` turns a claim into the interval of
page values that would back it, from its value, the precision it was written
with and its qualifier; ``backs(target, found)`` says whether one page number
falls inside (True), outside (False) or measures something else (None).

The rules are data at the top of the module; the grammar of each regex is drawn
in a comment above it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# number words are the extractor's: one place to add a word
from factcheck.extract.lexicon import DENOMINATORS, TENS, UNITS
from factcheck.models import Claim, Kind, Qualifier

# --- the lexicon -------------------------------------------------------------

SCALE_WORDS = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
# abbreviations count as a scale only when glued to the digits ("1.6k", "785m"):
# "40 m" with a space is a measure in metres far more often than a money amount
SCALE_ABBREVIATIONS = {
    "k": 1e3,
    "K": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "M": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "B": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
CURRENCY_BEFORE = {
    "US$": "usd",
    "A$": "aud",
    "AU$": "aud",
    "C$": "cad",
    "CA$": "cad",
    "NZ$": "nzd",
    "HK$": "hkd",
    "S$": "sgd",
    "$": "usd",
    "£": "gbp",
    "€": "eur",
    "¥": "jpy",
    "₹": "inr",
    "Rs.": "inr",
    "Rs": "inr",
    "USD": "usd",
    "EUR": "eur",
    "GBP": "gbp",
    "JPY": "jpy",
    "INR": "inr",
    "CHF": "chf",
    "CNY": "cny",
    "AUD": "aud",
    "CAD": "cad",
}
CURRENCY_AFTER = {
    "dollars": "usd",
    "dollar": "usd",
    "us dollars": "usd",
    "euros": "eur",
    "euro": "eur",
    "pounds": "gbp",
    "pounds sterling": "gbp",
    "yen": "jpy",
    "rupees": "inr",
    "yuan": "cny",
    "usd": "usd",
    "eur": "eur",
    "gbp": "gbp",
    "dirhams": "mad",
}
# header words that give the scale or currency of a table column
LABEL_SCALES = {
    "thousands": 1e3,
    "thousand": 1e3,
    "000s": 1e3,
    "millions": 1e6,
    "million": 1e6,
    "mn": 1e6,
    "billions": 1e9,
    "billion": 1e9,
    "bn": 1e9,
}
LABEL_CURRENCIES = {
    "usd": "usd",
    "$": "usd",
    "us$": "usd",
    "eur": "eur",
    "€": "eur",
    "gbp": "gbp",
    "£": "gbp",
    "dollars": "usd",
    "euros": "eur",
}
PERCENT_WORDS = ("%", "per cent", "percent", "pct", "percentage points", "percentage point")

# "sixteen hundred" multiplies what came before; "thousand" and up close a group
WORD_MULTIPLIERS = {"hundred": 100, **SCALE_WORDS}
# a number word on its own that is a quantity ("a dozen officers")
DOZEN = {"dozen": 12}
_MULTIPLYING = {**WORD_MULTIPLIERS, **DOZEN}
# plural scale words state a vague lower bound (ANNOTATION.md: "hundreds" -> 100, lower_bound)
VAGUE = {
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1e3,
    "tens of thousands": 1e4,
    "hundreds of thousands": 1e5,
    "millions": 1e6,
    "tens of millions": 1e7,
    "hundreds of millions": 1e8,
    "billions": 1e9,
    "several hundred": 100,
    "several thousand": 1e3,
    "a few thousand": 1e3,
    "a few hundred": 100,
}
# a fraction written in words is a loose figure: "half" stands for 47.5-52.5 %
WORD_FRACTION_PRECISION = 0.05

# words just before a bare 4-digit number that make it a date, not a count
DATE_WORDS_BEFORE = (
    "in",
    "since",
    "by",
    "until",
    "till",
    "during",
    "before",
    "after",
    "early",
    "late",
    "mid",
    "circa",
    "c.",
    "year",
    "years",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "from",
    "between",
    "through",
    "fiscal",
    "fy",
    # "second quarter 2025", "Q2 2025", "H1 2024"
    "quarter",
    "half",
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
)
# "the first half of 2016", "the end of 1999"
PERIOD_OF = ("half", "quarter", "end", "start", "beginning", "middle", "course", "turn")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
)
# words between the previous number on the line and a bare number that say it is a share
SHARE_CUES = ("share", "proportion", "fraction", "ratio", "rate", "of total")
PERCENT_CUES = ("%", "per cent", "percent", "pct")

# How far a qualified claim reaches (interval of page values that back it):
# "about"/"nearly" add 5 % of the value to the rounding half-step, so "about half"
# takes 45-55 % and "nearly 50%" takes 47-50 %; "more than X" holds up to 2X and
# "up to X" down to X/2, beyond which the page contradicts the claim's magnitude
# ("more than 1,600" is not a fair reading of 16,000); vague words ("hundreds")
# reach the next power of ten.
APPROX_RELATIVE = 0.05
BOUND_FACTOR = 2.0
VAGUE_FACTOR = 10.0
# qualifier words that put the true value on one side only
JUST_BELOW = ("nearly", "almost", "just under", "just below", "close to nearly", "not quite")
JUST_ABOVE = ("just over", "just above", "a little over", "slightly more than")


def alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of the words, escaped, longest first."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    if not items:
        raise ValueError("alternation() of an empty table")
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


# --- the grammar -------------------------------------------------------------

# [currency-before] digits [glued-abbrev | space scale-word [s]] [percent] [currency-after]
#   digits: 1,600 | 1,600.5 | 1 600 (space, no-break or thin space groups) | 1600 | 1.6 | .45
#           | 1,6 before a scale word or a percent sign (a decimal comma: "1,6 million")
# Not inside a word or another number: "G7", "COVID-19", "11,600", "1,600,000".
_DIGITS = r"""
    (?<![\w.,\u00a0\u202f\u2009])(?<![A-Za-z]-)
    (?P<digits>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?
      | \d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?![\d.,]\d|\d)
      | \d{1,3},\d{1,2}(?=\s?(?:%|per\s?cent|percent|million|billion|thousand|mn\b|bn\b|m\b|k\b))
      | \d+(?:\.\d+)?
      | \.\d+
    )
    (?![\d]|[.,]\d)
"""
# what a number can start with: a digit, a point, or a currency sign or code; the
# lookahead lets the engine skip other positions at once (halves the time a page takes)
_NUMBER_START = "".join(
    sorted({re.escape(c) for c in "0123456789."} | {re.escape(k[0]) for k in CURRENCY_BEFORE})
)
_DECIMAL_COMMA = re.compile(r"\d{1,3},\d{1,2}")
NUMBER = re.compile(
    rf"""
    (?=[{_NUMBER_START}])
    (?:(?P<cur_pre>{alternation(CURRENCY_BEFORE)})\s?)?
    {_DIGITS}
    (?:
        (?P<abbrev>{alternation(SCALE_ABBREVIATIONS)})\b
      | [\s-]?(?P<scale>{alternation(SCALE_WORDS)})s?\b
    )?
    (?:\s?(?P<pct>{alternation(PERCENT_WORDS)})(?:\b|(?<=%)))?
    (?:\s(?P<cur_post>{alternation(CURRENCY_AFTER)})\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)

# number words: one or more of units / tens / hundred / scale, joined by spaces,
# hyphens or "and": "sixteen hundred", "twenty-five", "two million", "a hundred"
_WORD = alternation([*UNITS, *TENS, *WORD_MULTIPLIERS, *DOZEN])
WORDS = re.compile(
    rf"""
    (?<![\w-])
    (?P<words>
        (?:(?:a|one)\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?
        (?:{_WORD})
        (?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*
    )
    \b(?!-)
    (?:\s?(?P<pct>{alternation(PERCENT_WORDS)})\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)

# vague quantities: "dozens", "hundreds of thousands", "several thousand"
VAGUE_RE = re.compile(rf"(?<![\w(-])(?<!\d\s)(?P<vague>{alternation(VAGUE)})\b", re.IGNORECASE)

# fractions: "half" | "a third" | "one-third" | "two thirds" | "three quarters" |
#            "one in five" | "1 in 5" | "one out of every five"
_NUMERATOR = alternation([*UNITS, "a"])
FRACTION = re.compile(
    rf"""
    (?<![\w-])
    (?:
        (?P<half>half)(?!-)(?!\s+(?:a|an)\s+(?:hour|day|week|month|year|century|decade)s?\b)
      | (?P<num>{_NUMERATOR})[\s-](?P<den>{alternation(DENOMINATORS)})
      | (?P<n1>{alternation(UNITS)}|\d+)\s+(?:in|out\s+of)(?:\s+every)?\s+
        (?P<n2>{alternation(UNITS)}|\d+)
    )
    \b
    """,
    re.VERBOSE | re.IGNORECASE,
)

_HALF_SCALE = re.compile(rf"\s+an?\s+({alternation(WORD_MULTIPLIERS)})\b", re.IGNORECASE)
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|last|latter)\s+$", re.IGNORECASE)
_DATE_BEFORE = re.compile(
    rf"""(?:\b(?:{alternation(DATE_WORDS_BEFORE + MONTHS)})[.:]?
        | \b(?:{alternation(PERIOD_OF)})\s+of
        | \b(?:{alternation(MONTHS)})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,
        | [/–]
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# dates and clock times written in digits: their parts are not quantities
# "May 5" is a date, "may 5" is not: month names are capitalised
_MONTHS_TITLE = alternation(m.capitalize() for m in MONTHS)
DATES = re.compile(
    rf"""(?<![\w.])(?:
        \d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}                  # 18/09/2016, 18.09.16
      | \d{{4}}-\d{{2}}(?:-\d{{2}})?                          # 2016-09-18, 2016-09
      | \d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s?[ap]\.?m\.?)?      # 10:30, 3:30pm
      | \d{{1,2}}\s?[ap]\.?m\b\.?                             # 3pm, 10 a.m.
      | (?-i:{_MONTHS_TITLE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?  # September 18
      | \d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?-i:{_MONTHS_TITLE})\b  # 18 September
    )(?![\w])""",
    re.VERBOSE | re.IGNORECASE,
)
_DATE_AFTER = re.compile(
    rf"^(?:s\b|'s\b|\s*[-–/]\s*\d|\s+(?:{alternation(MONTHS)})\b|\s*(?:AD|BC|CE|BCE)\b)",
    re.IGNORECASE,
)


class Form(StrEnum):
    """What a number on the page measures."""

    NUMBER = "number"  # a count or amount with no sign: "1,600", "sixteen hundred"
    PERCENT = "percent"  # value as written: "45%" -> 45
    SHARE = "share"  # a proportion as a fraction: "half" -> 0.5, "0.45 share" -> 0.45
    MONEY = "money"  # value in currency units, scale applied: "$1.2bn" -> 1.2e9


@dataclass(frozen=True, slots=True)
class Found:
    """A number on a page: where it is, what it says, and how precisely it says it."""

    start: int
    end: int
    text: str
    value: float
    form: Form
    # the place of the last significant digit written, scale applied: "1,600" -> 100
    precision: float
    currency: str | None = None
    vague: bool = False  # "hundreds", "dozens": a lower bound, not a figure
    date_like: bool = False  # a bare 4-digit number where a date would stand ("in 1600")
    word: bool = False  # written in words

    @property
    def share(self) -> float:
        """Return the value as a proportion (0.45) for percents and shares."""
        return self.value / 100 if self.form is Form.PERCENT else self.value


# --- reading numbers ---------------------------------------------------------


def _digit_precision(digits: str, scale: float) -> float:
    """Return the place of the last significant digit, scale applied; at least two figures."""
    clean = digits.replace(",", "").replace(" ", "")
    clean = re.sub(r"[\u00a0\u202f\u2009]", "", clean)
    if "." in clean:
        decimals = len(clean.split(".", 1)[1])
        return float(10.0**-decimals * scale)
    return _integer_precision(float(clean) * scale)


def _integer_precision(value: float) -> float:
    """Return the rounding step of a whole number: its last non-zero place, two figures kept.

    "1,600" -> 100 (1,550-1,649 round to it), "100" -> 10, "45" -> 1, "1 million" -> 100,000.
    """
    n = abs(round(value))
    if n == 0:
        return 1.0
    last = 1
    while n % (last * 10) == 0:
        last *= 10
    figures = len(str(n))
    two_figures = 10 ** max(figures - 2, 0)
    return float(max(min(last, two_figures), 1))


def parse_words(words: str) -> float | None:
    """Return the value of number words ("sixteen hundred" -> 1600), None if they are not one."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if not tokens:
        return None
    total = 0.0
    group = 0.0
    seen = False
    for i, tok in enumerate(tokens):
        if tok in ("a", "one") and i == 0 and len(tokens) > 1 and tokens[1] in _MULTIPLYING:
            group = 1.0
            seen = True
        elif tok in UNITS:
            group += UNITS[tok]
            seen = True
        elif tok in TENS:
            group += TENS[tok]
            seen = True
        elif tok in DOZEN:
            group = (group or 1.0) * DOZEN[tok]
            seen = True
        elif tok == "hundred":
            group = (group or 1.0) * 100
            seen = True
        elif tok in SCALE_WORDS:
            total += (group or 1.0) * SCALE_WORDS[tok]
            group = 0.0
            seen = True
        else:
            return None
    return total + group if seen else None


def _date_like(text: str, start: int, end: int, digits: str) -> bool:
    """Return True for a bare 4-digit number standing where a date would ("in 1600", "1990s")."""
    if not re.fullmatch(r"\d{4}", digits) or not 1000 <= int(digits) <= 2100:
        return False
    before = text[max(0, start - 24) : start]
    after = text[end : end + 12]
    return bool(_DATE_BEFORE.search(before) or _DATE_AFTER.match(after))


def _continues_dates(text: str, start: int, digits: str, found: list[Found]) -> bool:
    """Return True for the second year of "between 2015 and 2016" or "from 2010 to 2015"."""
    if not re.fullmatch(r"\d{4}", digits) or not found or not found[-1].date_like:
        return False
    return bool(re.fullmatch(r"\s*(?:and|to|or|until|through|-|–)\s*", text[found[-1].end : start]))


def _cue_before(text: str, start: int, numbers_before: list[tuple[int, int]]) -> str:
    """Return the words between the previous number on the same line and this one."""
    line_start = text.rfind("\n", 0, start) + 1
    prev_end = line_start
    for _s, e in reversed(numbers_before):
        if e <= start:
            if e > prev_end:
                prev_end = e
            break
    return text[prev_end:start].lower()


def find_numbers(text: str) -> list[Found]:
    """Return every number written in ``text``, in order, with value, form and precision."""
    found: list[Found] = []
    # spans already read, kept sorted and disjoint: a page of 10 MB holds ~300,000
    # numbers, so the overlap test must be a binary search, not a scan
    starts: list[int] = []
    ends: list[int] = []

    def overlaps(s: int, e: int) -> bool:
        i = bisect.bisect_left(starts, e)
        return i > 0 and ends[i - 1] > s

    def take(s: int, e: int) -> None:
        i = bisect.bisect_left(starts, s)
        starts.insert(i, s)
        ends.insert(i, e)

    def add(item: Found) -> None:
        found.append(item)
        take(item.start, item.end)

    for m in DATES.finditer(text):
        take(m.start(), m.end())
    # fractions and vague words first: "one in five" must not become "one" and "five"
    for m in FRACTION.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        if m.group("half"):
            if _ORDINAL_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                continue  # "the first half of 2016" is a period, not a share
            scaled = _HALF_SCALE.match(text, m.end())
            if scaled:
                # "half a million" is a count, 500,000
                value = 0.5 * WORD_MULTIPLIERS[scaled.group(1).lower()]
                end = scaled.end()
                add(
                    Found(
                        m.start(),
                        end,
                        text[m.start() : end],
                        value,
                        Form.NUMBER,
                        _integer_precision(value),
                        word=True,
                    )
                )
                continue
            value = 0.5
        elif m.group("den"):
            num = m.group("num").lower()
            if num == "a" and _ORDINAL_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                continue
            den_word = m.group("den").lower()
            if num in ("a", "one") and den_word.endswith("s") and den_word != "halves":
                continue  # "one thirds" is not written; "a quarters" neither
            if den_word in ("fourth", "fourths") and num == "a":
                continue  # "a fourth" is mostly an ordinal ("a fourth attack")
            numerator = 1 if num == "a" else UNITS[num]
            if numerator == 0:
                continue
            value = numerator / DENOMINATORS[den_word]
            # "a third consecutive quarter", "one quarter of 2016": ordinals and periods;
            # a single fraction is a share only before "of" or at a clause end
            after = text[m.end() : m.end() + 16].lower()
            if re.match(r"\s+of\s+(?:19|20)\d\d", after):
                continue
            if num in ("a", "one") and not re.match(r"\s+of\b|\s*(?:[.,;:)!?]|$)", after):
                continue
        else:
            a, b = m.group("n1").lower(), m.group("n2").lower()
            n1 = float(a) if a.isdigit() else float(UNITS[a])
            n2 = float(b) if b.isdigit() else float(UNITS[b])
            if n2 == 0 or n1 > n2:
                continue
            value = n1 / n2
        add(
            Found(
                m.start(),
                m.end(),
                m.group(),
                value,
                Form.SHARE,
                WORD_FRACTION_PRECISION,
                word=True,
            )
        )
    for m in VAGUE_RE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        value = float(VAGUE[re.sub(r"\s+", " ", m.group("vague").lower())])
        add(Found(m.start(), m.end(), m.group(), value, Form.NUMBER, value, vague=True))

    digit_spans: list[tuple[int, int]] = []
    for m in NUMBER.finditer(text):
        if overlaps(m.start("digits"), m.end("digits")):
            continue
        digits = m.group("digits")
        if _DECIMAL_COMMA.fullmatch(digits):
            digits = digits.replace(",", ".")  # "1,6 million", "45,5 %" in European style
        clean = re.sub(r"[,\u00a0\u202f\u2009 ]", "", digits)
        scale = 1.0
        if m.group("abbrev"):
            scale = SCALE_ABBREVIATIONS[m.group("abbrev")]
        elif m.group("scale"):
            scale = SCALE_WORDS[m.group("scale").lower()]
        value = float(clean) * scale
        precision = _digit_precision(digits, scale)
        currency = None
        if m.group("cur_pre"):
            currency = CURRENCY_BEFORE.get(m.group("cur_pre")) or CURRENCY_BEFORE.get(
                m.group("cur_pre").upper()
            )
        elif m.group("cur_post"):
            currency = CURRENCY_AFTER[re.sub(r"\s+", " ", m.group("cur_post").lower())]
        start = m.start("cur_pre") if m.group("cur_pre") else m.start("digits")
        end = m.end()
        form = Form.NUMBER
        if m.group("pct"):
            form = Form.PERCENT
        elif currency:
            form = Form.MONEY
        else:
            # a bare number in a table cell or a data file: the header words before it
            # ("Share of adults (%): 45.0", "share: 0.45") say what it measures
            cue = _cue_before(text, start, digit_spans)
            if any(c in cue for c in PERCENT_CUES) and 0 <= value <= 100:
                form = Form.PERCENT
            elif "." in clean and 0 <= value <= 1 and any(c in cue for c in SHARE_CUES):
                form = Form.SHARE
            elif cue.rstrip().endswith((":", "=")):
                # a header names the scale and currency of its cells:
                # "Labour force (thousands): 1,240.5", "budget_usd_million: 1,200"
                label = set(re.split(r"[^a-z$€£]+", cue.rsplit(";", 1)[-1]))
                label_scale = next((LABEL_SCALES[w] for w in label if w in LABEL_SCALES), 1.0)
                if label_scale != 1.0 and scale == 1.0:
                    scale = label_scale
                    value *= scale
                    precision = _digit_precision(digits, scale)
                currency = next((LABEL_CURRENCIES[w] for w in label if w in LABEL_CURRENCIES), None)
                if currency:
                    form = Form.MONEY
        date_like = form is Form.NUMBER and scale == 1.0
        date_like = date_like and (
            _date_like(text, start, end, digits) or _continues_dates(text, start, digits, found)
        )
        add(
            Found(
                start,
                end,
                text[start:end],
                value,
                form,
                precision,
                currency=currency,
                date_like=date_like,
            )
        )
        digit_spans.append((start, end))  # in text order: finditer runs left to right

    for m in WORDS.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        words = m.group("words")
        if words.lower() in ("one", "a", "zero"):
            continue  # "one" is a pronoun far more often than a count (ANNOTATION.md)
        value_w = parse_words(words)
        if value_w is None:
            continue
        form_w = Form.PERCENT if m.group("pct") else Form.NUMBER
        add(
            Found(
                m.start(),
                m.end(),
                m.group(),
                value_w,
                form_w,
                _integer_precision(value_w),
                word=True,
            )
        )
    found.sort(key=lambda f: f.start)
    return found


# --- what a claim needs ------------------------------------------------------


class Space(StrEnum):
    """The scale a claim and a page number are compared on."""

    COUNT = "count"
    SHARE = "share"
    MONEY = "money"


@dataclass(frozen=True, slots=True)
class Target:
    """The page values that back a claim: low <= x <= high, on one scale."""

    space: Space
    value: float
    low: float
    high: float
    currency: str | None = None
    # half-open at the top: "1,600" takes 1,550 up to but not including 1,650
    high_open: bool = True


def _claim_precision(claim: Claim) -> float:
    """Return the rounding step of the claim as written, on its value's scale."""
    for item in find_numbers(claim.mention):
        if item.vague or math.isclose(item.value, claim.value, rel_tol=1e-6):
            return item.precision
        if claim.kind is Kind.FRACTION and math.isclose(item.share, claim.value, rel_tol=1e-6):
            # a fraction claim written as a percent ("45%" stored as 0.45)
            return item.precision / 100 if item.form is Form.PERCENT else item.precision
    if claim.kind is Kind.FRACTION:
        return WORD_FRACTION_PRECISION
    text = f"{claim.value:.10g}"
    if "." in text and "e" not in text:
        return float(10.0 ** -len(text.split(".")[1]))
    return _integer_precision(claim.value)


def _is_vague(claim: Claim) -> bool:
    return any(f.vague for f in find_numbers(claim.mention))


def target_for(claim: Claim) -> Target:
    """Return the interval of page values that back ``claim`` at its precision and qualifier."""
    precision = _claim_precision(claim)
    value = claim.value
    high_value = claim.value_high
    currency = None
    if claim.kind is Kind.PERCENT:
        space = Space.SHARE
        value, precision = value / 100, precision / 100
        high_value = high_value / 100 if high_value is not None else None
    elif claim.kind is Kind.FRACTION:
        space = Space.SHARE
    elif claim.kind is Kind.MONEY:
        space = Space.MONEY
        unit = (claim.unit or "").lower()
        currency = unit if re.fullmatch(r"[a-z]{3}", unit) else None
    else:
        space = Space.COUNT
    half = precision / 2
    words = (claim.qualifier_text or "").lower()
    qualifier = claim.qualifier
    if qualifier is Qualifier.RANGE and high_value is not None:
        return Target(space, value, value - half, high_value + half, currency)
    if _is_vague(claim):
        return Target(space, value, value, value * VAGUE_FACTOR, currency)
    if qualifier is Qualifier.LOWER_BOUND:
        return Target(space, value, value, value * BOUND_FACTOR, currency, high_open=False)
    if qualifier is Qualifier.UPPER_BOUND:
        return Target(space, value, value / BOUND_FACTOR, value, currency, high_open=False)
    if qualifier is Qualifier.APPROXIMATELY:
        reach = half + APPROX_RELATIVE * abs(value)
        if any(w in words for w in JUST_BELOW):
            return Target(space, value, value - reach, value, currency, high_open=False)
        if any(w in words for w in JUST_ABOVE):
            return Target(space, value, value, value + reach, currency, high_open=False)
        return Target(space, value, value - reach, value + reach, currency, high_open=False)
    return Target(space, value, value - half, value + half, currency)


def comparable(target: Target, item: Found) -> bool:
    """Return True when the page number measures the same sort of thing as the claim."""
    if target.space is Space.SHARE:
        return item.form in (Form.PERCENT, Form.SHARE)
    if target.space is Space.MONEY:
        if item.form is Form.MONEY:
            return target.currency is None or item.currency == target.currency
        return item.form is Form.NUMBER and not item.date_like
    return item.form is Form.NUMBER and not item.date_like


def page_value(target: Target, item: Found) -> float:
    """Return the page number on the claim's scale (proportions for shares)."""
    return item.share if target.space is Space.SHARE else item.value


def backs(target: Target, item: Found) -> bool | None:
    """Return True if the page number backs the claim, False if not, None if not comparable."""
    if not comparable(target, item):
        return None
    x = page_value(target, item)
    # slack for float rounding at the edges (47.5% against 0.5 - 0.025), relative to
    # the interval: a fixed share of the value would swallow the half-unit of "499,999,971"
    eps = 1e-6 * (target.high - target.low) + 1e-15
    if x < target.low - eps:
        return False
    if target.high_open:
        return x < target.high - eps
    return x <= target.high + eps


def describe(target: Target) -> str:
    """Return the interval as a reader would say it: '1,550 to 1,650 (exclusive)'."""

    def fmt(x: float) -> str:
        if target.space is Space.SHARE:
            return f"{x * 100:.4g}%"
        return f"{x:,.6g}" if abs(x) < 1e6 else f"{x:.4g}"

    top = "below" if target.high_open else "up to"
    return f"{fmt(target.low)} {top} {fmt(target.high)}"


__all__ = [
    "Form",
    "Found",
    "Space",
    "Target",
    "backs",
    "comparable",
    "describe",
    "find_numbers",
    "page_value",
    "parse_words",
    "target_for",
]
