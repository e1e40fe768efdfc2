"""Mention text to value: digits, words, scales, fractions, "one in five", ranges.

``read(match)`` turns one ``patterns.CANDIDATE`` match into a ``Reading``:
the value (scale applied), what the match itself says about the kind, unit
and qualifier, and which sort of candidate it was, for the judging passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.extract import lexicon as lx

_SEPARATORS = re.compile(r"[,\u00a0\u202f\u2009\x20]")
_EUROPEAN = re.compile(r"^\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$")
_TOKENS = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)s?$", re.IGNORECASE)


@dataclass(slots=True)
class Reading:
    """What one candidate match says by itself, before its context is judged."""

    sort: str  # the CANDIDATE group that matched: number, frac, ordinal, vague, ...
    start: int
    end: int
    value: float
    value_high: float | None = None
    kind: str | None = None  # set when the mention alone decides it (money, percent)
    unit: str | None = None
    qualifier: str | None = None
    qualifier_text: str | None = None
    words: bool = False  # written in words ("three"), not digits
    plain: bool = False  # bare digits: no separator, decimal, scale, sign or tail
    scaled: bool = False  # a scale word or suffix applied ("1.2bn")
    attached: bool = False  # letters written onto the digits follow ("80mg")
    scale: float = 1.0  # the scale applied, so a range "5-7 million" can share it
    suffix: str | None = None  # a scale suffix as written ("m" in "200m")


def digits_value(s: str) -> float:
    """Return the value of digits as written: "1,600", "1 600", "3.5", "1.234.567,5"."""
    if s.isdigit():
        # plain digits, the common case: no separator to remove
        return float(s)
    s = s.strip()
    if _EUROPEAN.match(s):
        return float(s.replace(".", "").replace(",", "."))
    return float(_SEPARATORS.sub("", s))


def words_value(s: str) -> float:
    """Return the value of a number in words: "two hundred and fifty", "a dozen", "1.5 million"."""
    total = 0.0
    current = 0.0
    seen = False
    for tok in _TOKENS.findall(s.lower()):
        if tok in ("and",):
            continue
        if tok in ("a", "an"):
            current += 1
            seen = True
        elif tok[0].isdigit():
            current += float(tok)
            seen = True
        elif tok in lx.UNITS:
            current += lx.UNITS[tok]
            seen = True
        elif tok in lx.TENS:
            current += lx.TENS[tok]
            seen = True
        elif tok in lx.DOZEN:
            current = (current if seen else 1) * lx.DOZEN[tok]
        elif tok in lx.MULTIPLIERS:
            mult = lx.MULTIPLIERS[tok]
            base = current if seen and current else 1.0
            if mult < 1000:
                current = base * mult
            else:
                total += base * mult
                current = 0.0
                seen = False
        elif tok.rstrip("s") in lx.SCALES:
            total += (current if current else 1.0) * lx.SCALES[tok.rstrip("s")]
            current = 0.0
            seen = False
    return total + current


def number_value(s: str) -> float:
    """Return the value of a number in digits or words ("23", "twenty-three", "5th")."""
    s = s.strip()
    m = _ORDINAL_DIGITS.match(s)
    if m:
        return float(m.group(1))
    low = s.lower()
    if low in lx.ORDINALS:
        return float(lx.ORDINALS[low])
    if s[:1].isdigit() or s[:1] == ".":
        return digits_value(s)
    return words_value(s)


def denominator_value(s: str) -> float:
    """Return the denominator named by "third", "quarters", "5th" or "15th"."""
    low = s.lower().strip()
    if low in lx.DENOMINATORS:
        return float(lx.DENOMINATORS[low])
    m = _ORDINAL_DIGITS.match(low)
    if m:
        return float(m.group(1))
    raise ValueError(f"not a denominator: {s!r}")


def _split_fraction(s: str) -> tuple[str, str]:
    parts = re.split(r"[\s-]+", s.strip())
    return " ".join(parts[:-1]), parts[-1]


def read(m: re.Match[str], offset_fix: int = 0) -> Reading | None:
    """Return the Reading of one CANDIDATE match, or None for a span that is never a claim."""
    sort = m.lastgroup or ""
    start, end = m.span()
    if sort == "number":
        # most candidates are numbers: read them before trying the other sorts
        return _read_number(m, start, end)
    g = m.group
    text = m.group()
    if sort == "skip":
        return None
    if sort == "qpoint":
        head = text.lower().split("percentage")[0].split("point")[0]
        head = head.replace("of a", "").strip(" -")
        value = 0.75 if head.startswith("three") else 0.5 if head.startswith("half") else 0.25
        return Reading(sort, start, end, value, kind="percent", unit="percentage point")
    if sort == "outof":
        parts = re.split(r"\s+(?:times\s+)?out\s+of\s+", text, flags=re.IGNORECASE)
        num, den = number_value(parts[0]), number_value(parts[1])
        if den == 0 or num > den:
            return None
        return Reading(sort, start, end, round(num / den, 4), kind="fraction")
    if sort == "onein":
        num_s, den_s = re.split(r"\s+in\s+(?:every\s+)?", text, flags=re.IGNORECASE)
        num, den = number_value(num_s), number_value(den_s)
        if den == 0 or num >= den:
            return None
        return Reading(sort, start, end, round(num / den, 4), kind="fraction")
    if sort == "mixed":
        parts = re.findall(r"\d+", text)
        whole_n, top, bottom = int(parts[0]), int(parts[1]), int(parts[2])
        if bottom == 0 or top >= bottom:
            return None
        reading = Reading(sort, start, end, round(whole_n + top / bottom, 4))
        if g("mpct"):
            reading.kind, reading.unit = "percent", "percent"
        return reading
    if sort == "slash":
        num_s, den_s = re.findall(r"\d+", text)[:2]
        value = round(int(num_s) / int(den_s), 4)
        if value >= 1:
            return None
        spct = g("spct").lower()
        unit = "percentage point" if "point" in spct else "percent"
        return Reading(sort, start, end, value, kind="percent", unit=unit)
    if sort == "andhalf":
        # "two and a half years", "3-and-a-half"
        whole = re.split(r"[\s-]+and[\s-]", text, maxsplit=1, flags=re.IGNORECASE)[0]
        return Reading(sort, start, end, number_value(whole) + 0.5, words=True)
    if sort == "halfscale":
        low = text.lower()
        scale = low.split()[-1]
        share = 0.75 if low.startswith("three") else 0.25 if "quarter" in low else 0.5
        value = share * (lx.SCALES.get(scale) or lx.DOZEN.get(scale, 1))
        return Reading(sort, start, end, value, words=True, scaled=True)
    if sort == "frac":
        num_s, den_s = _split_fraction(text)
        low = num_s.lower()
        num = 1.0 if low in ("a", "an") else number_value(num_s)
        den = denominator_value(den_s)
        if den == 0 or num >= den * 10:
            return None
        return Reading(sort, start, end, round(num / den, 4), kind="fraction", words=True)
    if sort == "half":
        return Reading(sort, start, end, 0.5, kind="fraction", words=True)
    if sort == "fold":
        return Reading(
            sort,
            start,
            end,
            digits_value(re.sub(r"[\s-]?fold$", "", text, flags=re.I)),
            kind="multiple",
            unit="times",
        )
    if sort == "multiple":
        low = text.lower()
        value = lx.MULTIPLE_WORDS.get(low) or lx.FOLD_WORDS.get(low, 2.0)
        return Reading(sort, start, end, value, kind="multiple", unit="times", words=True)
    if sort == "vagueof":
        first, _, last = text.lower().split()
        value = lx.VAGUE_PLURALS[first] * lx.VAGUE_PLURALS[last]
        return Reading(sort, start, end, value, qualifier="lower_bound", words=True, scaled=True)
    if sort == "vaguedet":
        low = text.lower()
        scale_word = next((w for w in low.split() if w in lx.MULTIPLIERS or w in lx.DOZEN), "")
        value = lx.MULTIPLIERS.get(scale_word) or float(lx.DOZEN.get(scale_word, 1000))
        cur = g("vcur")
        reading = Reading(sort, start, end, value, qualifier="lower_bound", words=True, scaled=True)
        if cur:
            reading.kind, reading.unit = "money", lx.CURRENCY_WORDS[cur.lower()]
        return reading
    if sort == "multi":
        low = text.lower()
        multi = next(v for k, v in lx.SCALES.items() if k in low)
        reading = Reading(sort, start, end, multi, qualifier="lower_bound", words=True, scaled=True)
        code = low.rsplit("-", 1)[-1]
        if code in lx.CURRENCY_WORDS:
            reading.kind, reading.unit = "money", lx.CURRENCY_WORDS[code]
        return reading
    if sort == "vague":
        return Reading(
            sort,
            start,
            end,
            lx.VAGUE_PLURALS[text.lower()],
            qualifier="lower_bound",
            words=True,
            scaled=True,
        )
    if sort == "decade":
        part, word = re.split(r"[\s-]", text.lower(), maxsplit=1)
        base = lx.DECADE_WORDS[word]
        lo, hi = lx.DECADE_PARTS[part]
        if base == 10:
            # "the teens" run 13-19: upper-teens 17-19, mid-teens 14-16, low-teens 13-15
            lo, hi = max(lo, 3), hi
            lo, hi = (
                (7, 9)
                if part in ("high", "upper")
                else (4, 6)
                if part in ("mid", "middle")
                else (3, 5)
            )
        return Reading(
            sort,
            start,
            end,
            float(base + lo),
            value_high=float(base + hi),
            qualifier="range",
            words=True,
        )
    if sort == "rankno":
        num_text = re.split(r"(?i)no\.|number", text)[-1]
        return Reading(sort, start, end, number_value(num_text), kind="rank", words=True)
    if sort == "ordinal":
        return Reading(
            sort, start, end, number_value(text), kind="rank", words=not text[:1].isdigit()
        )
    if sort == "group":
        return Reading(
            sort, start, end, float(lx.GROUP_NOUNS[text.lower()]), kind="count", words=True
        )
    return None


_NUMBER_GROUPS = (
    "digits2",
    "words",
    "digits",
    "sign",
    "scale",
    "suffix",
    "cur",
    "pct",
    "pp",
    "curword",
    "curcode",
    "sub",
    "times",
    "xtimes",
)


def _read_number(m: re.Match[str], start: int, end: int) -> Reading:
    """Return the Reading of a "number" match: digits or words, scale, currency, tail."""
    # one call for the groups most numbers need, not one per group
    (
        digits2,
        words,
        digits,
        sign,
        scale,
        suffix,
        cur,
        pct,
        pp,
        curword,
        curcode,
        sub,
        times,
        xtimes,
    ) = m.group(*_NUMBER_GROUPS)
    g = m.group
    sort = "number"
    if digits2 is not None:
        # digits with letters written on ("80mg", "30mph"): the unit pass reads the letters
        cur = g("cur2")
        reading = Reading(sort, start, end, digits_value(digits2), attached=True)
        if cur:
            reading.kind, reading.unit = "money", lx.CURRENCY_SIGNS[cur]
        return reading
    if words is not None:
        value = words_value(words)
        scale = g("wscale")
        factor = lx.SCALES[scale.lower()] if scale else 1.0
        value *= factor
        reading = Reading(sort, start, end, value, words=True, scaled=bool(scale), scale=factor)
        if g("wpct"):
            reading.kind, reading.unit = "percent", "percent"
        elif g("wcur"):
            reading.kind, reading.unit = "money", lx.CURRENCY_WORDS[g("wcur").lower()]
        elif g("wsub"):
            code, sub_factor = lx.SUBUNITS[g("wsub").lower()]
            reading.kind, reading.unit = "money", code
            reading.value = round(value * sub_factor, 10)
        elif g("wtimes"):
            reading.kind, reading.unit = "multiple", "times"
        return reading
    value = digits_value(digits)
    if sign:
        value = -value
    factor = 1.0
    if scale:
        factor = lx.SCALES[scale.lower()]
    elif suffix:
        factor = lx.SCALE_SUFFIXES[suffix.lower()]
    value *= factor
    reading = Reading(
        sort, start, end, value, scaled=bool(scale or suffix), scale=factor, suffix=suffix
    )
    reading.plain = not (sign or scale or suffix or cur) and digits.isdigit()
    if cur:
        reading.kind, reading.unit = "money", lx.CURRENCY_SIGNS[cur]
    if pct:
        reading.kind, reading.unit = "percent", "percent"
        reading.plain = False
    elif pp:
        reading.kind, reading.unit = (
            "percent",
            lx.PERCENT_WORDS[" ".join(pp.lower().replace("-", " ").split())],
        )
        reading.plain = False
    elif curword:
        word = curword.lower().split()[0]
        adj = (g("curadj") or "").lower()
        if adj and word.startswith(("dollar", "dlr")) and adj in lx.DOLLAR_PREFIXES:
            # "40 Australian dollars"
            reading.kind, reading.unit = "money", lx.DOLLAR_PREFIXES[adj]
            reading.plain = False
            return reading
        code = lx.CURRENCY_WORDS[word]
        # "200 mln French francs", "3 bln Danish crowns"
        reading.kind, reading.unit = "money", lx.CURRENCY_ADJECTIVES.get((adj, code), code)
        reading.plain = False
    elif curcode:
        reading.kind, reading.unit = "money", lx.CURRENCY_WORDS[curcode]
        reading.plain = False
    elif sub:
        sub = sub.lower()
        if sub == "p" and not reading.kind:
            reading.kind, reading.unit = "money", "gbp"
            reading.value = round(value * 0.01, 10)
        elif sub != "p":
            code, factor = lx.SUBUNITS[sub]
            reading.kind = "money"
            reading.unit = reading.unit or code
            reading.value = round(value * factor, 10)
        reading.plain = False
    elif times or xtimes:
        reading.kind, reading.unit = "multiple", "times"
        reading.plain = False
    return reading
