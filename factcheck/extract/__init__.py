"""Numeric claims from text: pure, no I/O. ``extract_claims(text)`` is the entry point.

The passes, per paragraph (so memory stays flat in the input size):

1. candidates: one pass of ``patterns.CANDIDATE`` finds every number-like span;
   dates, times, phone numbers and web addresses are consumed there and dropped;
2. reading: ``numbers.read`` turns each into a value (scale applied) and notes
   what the mention says by itself (currency, percent, "times", fraction);
3. ranges: neighbours joined by "-", "to", "or" or "between ... and" merge;
4. exclusions: ``filters.reason`` drops years, names, ordinals that order
   events, pronoun "one", time windows, group definitions and idioms;
5. fields: ``classify`` sets qualifier, kind and unit; the sentence is attached;
6. attribution: ``speakers.attribute`` fills speaker and quote.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import replace

from factcheck.extract import classify, filters, speakers
from factcheck.extract import lexicon as lx
from factcheck.extract import patterns as px
from factcheck.extract.numbers import Reading, read
from factcheck.extract.patterns import alternation
from factcheck.extract.sentences import Splits, paragraphs, sentences
from factcheck.models import Claim, Kind, Qualifier, claim_from_fields

_BEFORE = 80
_IDIOM_REACH = 24
# how far back in its sentence a bare number looks for the noun it counts (chars):
# the subject of a long sentence is rarely further away than this
_SENTENCE_BEFORE = 160
# idioms written in digits all hold one of these ("100 per cent", "50-50")
_IDIOM_VALUES = frozenset({100.0, 50.0, 1.0})
_QUALIFIERS = {q.value: q for q in Qualifier}
_KINDS = {k.value: k for k in Kind}
# the members the claim loop compares with, read once: on Python 3.11 each look-up
# such as ``Kind.MONEY`` costs about as much as twenty reads of a module constant,
# and the loop makes several for every claim
_MONEY, _MEASURE, _COUNT = Kind.MONEY, Kind.MEASURE, Kind.COUNT
_BOUNDS = (Qualifier.LOWER_BOUND, Qualifier.UPPER_BOUND, Qualifier.APPROXIMATELY)
_AFTER = 100
# a bare figure this close after a money claim of its sentence is money in the same
# currency ("387 mln dlrs against 300 mln"); further away it is likely another thing
_MONEY_REACH = 80
_MONEY_CUE = re.compile(r"\b(?:against|compar\w+|from|versus|vs|than|or|while)\b")

# "5-7", "3% to 3.5%", "three or four", "between 10 and 20"
_RANGE_GAP = re.compile(r"^(?:[-\u2013]|\s+(?:to|or)\s+|\s+and\s+)$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+)?$", re.IGNORECASE)
# "fell $2.86 to $41.32", "up 23,600 to 27,700": a change, then the level it reached
_CHANGE_BEFORE = re.compile(
    rf"\b(?:{alternation(lx.CHANGE_WORDS)})\s+(?:by\s+)?(?:about\s+|some\s+)?$", re.IGNORECASE
)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_BY_BEFORE = re.compile(r"\bby\s+(?:about\s+|some\s+|around\s+)?$", re.IGNORECASE)
# "more than 200,000 acres and 1,000 structures": the qualifier covers both
_COORDINATED = re.compile(r"^\s+(?:[\w,-]+\s+){0,7}(?:and|or)\s+$")
# "about $5bn (£2.6bn)": a bracketed conversion shares the qualifier
_CONVERSION = re.compile(r"^\s*[(\[;]\s*$")
_TIMES_TAIL = re.compile(r"\s+times$", re.IGNORECASE)
_BYLINE = re.compile(r"^By\s+[A-Z]")
_RANGE_SORTS = frozenset({"number", "frac"})
_ASCII_LETTERS = frozenset(string.ascii_letters)
# the fields _paragraph_claims passes by position, in Claim's order (a test checks it)
_CLAIM_FIELDS = (
    "start",
    "end",
    "mention",
    "value",
    "value_high",
    "qualifier",
    "kind",
    "unit",
    "qualifier_text",
    "sentence",
    "sentence_start",
    "sentence_end",
)
_SUBUNIT_END = re.compile(r"(?:\d\s?p|\bcents?|\bcts|\bpence)$", re.IGNORECASE)


def extract_claims(text: str) -> list[Claim]:
    """Return the numeric claims in ``text``, in order of position, attributed."""
    # the sentences the claim loop split are handed to attribution, which would split
    # the same paragraphs again (about 7% of its time)
    split = Splits()
    # the claims are this call's own, seen by no one yet: filled in place, not copied
    return speakers.attribute(text, _find_claims(text, split), split=split, in_place=True)


def find_claims(text: str) -> list[Claim]:
    """Return the numeric claims in ``text`` before attribution (speaker null, quote false)."""
    return _find_claims(text, None)


def _find_claims(text: str, split: Splits | None) -> list[Claim]:
    """Return find_claims(text); with ``split``, each paragraph's sentences that the claims
    needed are put there by the paragraph's start (see ``speakers.attribute``)."""
    claims: list[Claim] = []
    for ps, pe in paragraphs(text):
        claims.extend(_paragraph_claims(text, ps, pe, split))
    return claims


def _year_like(r: Reading, text: str) -> bool:
    return r.plain and 1800 <= r.value <= 2100 and r.end - r.start == 4


def _merge_ranges(text: str, ps: int, readings: list[Reading]) -> list[Reading]:
    out: list[Reading] = []
    i = 0
    while i < len(readings):
        r = readings[i]
        if i + 1 < len(readings):
            nxt = readings[i + 1]
            gap = text[r.end : nxt.start]
            if (
                r.sort in _RANGE_SORTS
                and nxt.sort in _RANGE_SORTS
                and _RANGE_GAP.match(gap)
                and r.kind in (None, nxt.kind)
                and not _year_like(r, text)
                and not _year_like(nxt, text)
                and r.value_high is None
            ):
                before = text[max(ps, r.start - 20) : r.start]
                is_and = gap.strip().lower() == "and"
                is_to = gap.strip().lower() == "to"
                if (
                    (not is_and or _BETWEEN_BEFORE.search(before))
                    and not _FROM_BEFORE.search(before)
                    # "cut by 0.50 cent to 65.50 cents": a change, then the level it reached
                    and not (is_to and r.kind is not None and _BY_BEFORE.search(before))
                    and not (
                        is_to
                        and _CHANGE_BEFORE.search(before)
                        # "rise 20 to 25 pct" is a range: a bare change has no level after it
                        and not (r.kind is None and r.plain and nxt.kind == "percent")
                    )
                ):
                    low = r.value
                    if r.kind is None and _SUBUNIT_END.search(text, nxt.start, nxt.end):
                        # "40 to 45 cts": the first end is in cents too
                        low = round(r.value * 0.01, 10)
                    elif nxt.scale != 1.0 and r.scale == 1.0 and r.value * nxt.scale <= nxt.value:
                        low = r.value * nxt.scale
                    if low < nxt.value:
                        r.end = nxt.end
                        r.value = low
                        r.value_high = nxt.value
                        r.kind = nxt.kind
                        r.unit = nxt.unit
                        r.plain = False
                        r.scaled = r.scaled or nxt.scaled
                        r.words = r.words and nxt.words
                        out.append(r)
                        i += 2
                        continue
        out.append(r)
        i += 1
    return out


def _in_idiom(text: str, ps: int, pe: int, r: Reading) -> bool:
    """Return whether the mention is part of an idiom ("one by one", "once again")."""
    # idioms are short: look only in a window around the mention
    lo, hi = max(ps, r.start - _IDIOM_REACH), min(pe, r.end + _IDIOM_REACH)
    # finditer's matches, one search at a time: most windows hold none, and the
    # generator and iterator cost more than the search
    search = px.IDIOM.search
    m = search(text, lo, hi)
    while m is not None:
        if m.start() < r.end and r.start < m.end():
            return True
        m = search(text, m.end(), hi)
    return False


def word_starts(text: str, pos: int, pe: int) -> bool:
    """Return whether the guard of ``patterns.CANDIDATE`` holds at the letter ``text[pos]``.

    The guard is asked of ``patterns.SCAN``, which holds it (compiled once, not in
    every pattern), from the character before: that character is consumed, so a word
    right after a sign or at the very start is asked of a copy after a space.
    """
    if pos > 0:
        before = text[pos - 1]
        if before.isalnum() or before == "_":
            # the guard opens with \b: no start word follows a word character
            return False
        if before not in px.SIGN_CHARACTERS:
            # neither a sign nor a digit: the scan can only stop here for the word
            return px.SCAN.match(text, pos - 1, pe) is not None
    # the guard looks only forward from the word, so a copy of the rest of the
    # paragraph after a space answers the same
    return px.SCAN.match(" " + text[pos:pe]) is not None


def candidates(text: str, ps: int, pe: int) -> list[re.Match[str]]:
    """Return the matches of ``patterns.CANDIDATE`` in ``text[ps:pe]``, as its finditer would.

    ``patterns.SCAN`` finds the next place where a candidate may start, skipping letters
    in the regex engine's fast loop; there the alternatives that can start with that
    character are tried. A word that starts right where the scan resumes has no character
    before it for the scan to consume, so it is tried directly, once ``word_starts``
    has checked the guard there.
    """
    out: list[re.Match[str]] = []
    scan = px.SCAN.search
    digit = px.CANDIDATE_DIGIT.match
    letter = px.CANDIDATE_LETTER.match
    other = px.CANDIDATE_OTHER.match
    pos = ps
    check = True  # whether a word may start at pos itself
    if ps > 0 and text[ps] in _ASCII_LETTERS and text[ps - 1].isspace():
        # a paragraph opens after a space or newline: the scan from that character tries
        # the word at ps as the check would, one call instead of two where no word starts
        pos, check = ps - 1, False
    while pos < pe:
        if check and text[pos] in _ASCII_LETTERS and word_starts(text, pos, pe):
            m = letter(text, pos, pe)
            if m is not None:
                out.append(m)
                pos = m.end()
                continue
        s = scan(text, pos, pe)
        if s is None:
            break
        if s.lastindex is not None:  # the group "word": a word starts after the character
            i = s.end()
            m = letter(text, i, pe)
            # after a failed word, the next position is inside it: no word starts there
            check = m is not None
        else:
            i = s.start()
            m = (digit if text[i].isdecimal() else other)(text, i, pe)
            check = True
        if m is None:
            pos = i + 1
        else:
            out.append(m)
            pos = m.end()
    return out


def _paragraph_claims(text: str, ps: int, pe: int, split: Splits | None = None) -> list[Claim]:
    readings = [r for m in candidates(text, ps, pe) if (r := read(m)) is not None]
    if not readings:
        return []
    head = text[ps : min(pe, ps + 40)]
    # most paragraphs open with neither: a look at the first characters saves two calls
    if (head[:1] in px.CREDIT_FIRST and px.CREDIT.match(head)) or (
        head[:2] == "By" and _BYLINE.match(head) and pe - ps < 100
    ):
        return []
    readings = [
        r
        for r in readings
        if not ((r.words or r.value in _IDIOM_VALUES) and _in_idiom(text, ps, pe, r))
    ]
    if len(readings) > 1:
        readings = _merge_ranges(text, ps, readings)
    # the paragraph's sentences, split only as far as the claims reach: the split of
    # the text after the last claim is never needed (read up to one sentence past it)
    spans: list[tuple[int, int]] = []
    starts: list[int] = []
    more: Iterator[tuple[int, int]] | None = None
    split_all = False  # whether every sentence of the paragraph is in spans
    out: list[Claim] = []
    # one string per sentence, shared by its claims
    sentence_text: dict[int, str] = {}
    last: tuple[int, Claim] | None = None  # (sentence index, claim) of the previous claim
    around_of, reason = filters.Around.of, filters.reason
    for r in readings:
        start, end = r.start, r.end
        # conditional expressions, not max() and min(): a builtin call costs more here
        before = text[start - _BEFORE if start - _BEFORE > ps else ps : start]
        after = text[end : end + _AFTER if end + _AFTER < pe else pe]
        mention = text[start:end]
        around = around_of(before, after, mention, start == ps)
        why = reason(around, r)
        if why == filters.A_ORDINAL and mention.split()[-1].lower() in lx.ORDINALS:
            # "a third store ... in one week": judge the ordinal word on its own
            word = mention.split()[-1]
            r = Reading("ordinal", r.end - len(word), r.end, float(lx.ORDINALS[word.lower()]))
            r.kind, r.words, mention = "rank", True, word
            before = text[max(ps, r.start - _BEFORE) : r.start]
            around = filters.Around.of(before, after, mention, False)
            why = filters.reason(around, r)
        if why is not None:
            continue
        if more is None:
            more = sentences(text, ps, pe)
        while not split_all and (not starts or starts[-1] <= r.start):
            span = next(more, None)
            if span is None:
                split_all = True
                if not spans:
                    spans.append((ps, pe))
                    starts.append(ps)
                    split = None  # not the split of sentences(): not one to hand on
            else:
                spans.append(span)
                starts.append(span[0])
        si = max(0, bisect_right(starts, r.start) - 1)
        ss, se = spans[si]
        classify.metres(around, r)
        q, q_text = classify.qualifier(around, r)
        previous: tuple[str, str | None] | None = None
        money: str | None = None
        sentence_money: str | None = None  # the claim just before, if money in this sentence
        if out:
            for c in out[-1:-4:-1]:
                if c.kind is _MEASURE:
                    previous = (c.kind.value, c.unit)
                    break
            for c in out[-1:-3:-1]:
                if (
                    c.kind is _MONEY
                    and c.sentence_start == ss
                    and r.start - c.end <= _MONEY_REACH
                    and _MONEY_CUE.search(text, c.end, r.start)
                ):
                    money = c.unit
                    break
            if out[-1].kind is _MONEY and out[-1].sentence_start == ss:
                sentence_money = out[-1].unit
        kind, unit, drop_times = classify.kind_and_unit(
            around,
            r,
            text[max(ss, r.start - _SENTENCE_BEFORE) : r.start],
            previous,
            money,
            sentence_money,
        )
        end = r.end
        if drop_times:
            m = _TIMES_TAIL.search(mention)
            if m:
                end = r.start + m.start()
        if q == "none" and last is not None and last[0] == si:
            prev = last[1]
            if prev.qualifier in _BOUNDS and (
                _COORDINATED.match(text[prev.end : r.start])
                or (
                    kind == "money"
                    and prev.kind is _MONEY
                    and _CONVERSION.match(text[prev.end : r.start])
                )
            ):
                q, q_text = prev.qualifier.value, prev.qualifier_text
        sentence = sentence_text.get(si)
        if sentence is None:
            sentence = sentence_text[si] = text[ss:se]
        # the fields in their order (_CLAIM_FIELDS): binding twelve keywords made the
        # call 60% dearer, 1.2 us a claim; claim_from_fields skips the frozen __init__
        claim = claim_from_fields(
            r.start,
            end,
            mention if end == r.end else text[r.start : end],
            r.value,
            r.value_high,
            _QUALIFIERS[q],
            _KINDS[kind],
            unit,
            q_text,
            sentence,
            ss,
            se,
        )
        if (
            claim.kind is _MONEY
            and out
            and out[-1].kind is _COUNT
            and out[-1].sentence_start == ss
            and out[-1].mention[:1].isdigit()
            and text[out[-1].end : claim.start] == " to "
            and (
                _CHANGE_BEFORE.search(text, max(ps, out[-1].start - 24), out[-1].start)
                or _FROM_BEFORE.search(text, max(ps, out[-1].start - 24), out[-1].start)
            )
        ):
            # "fell 2.86 to 41.32 dlrs", "from 12 to 15 dlrs": the first is in the same currency
            out[-1] = replace(out[-1], kind=_MONEY, unit=claim.unit)
        out.append(claim)
        last = (si, claim)
    if split is not None and spans:
        split.add(ps, spans, split_all)
    return out


__all__ = ["extract_claims", "find_claims"]
