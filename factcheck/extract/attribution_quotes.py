"""Quotation spans of a text, and the runs they form across paragraphs.

One pass over the quotation marks of each paragraph. Typographic marks say
which way they face; a straight ``"`` is judged by its neighbours (a space
before and a letter after opens). Two conventions of news copy are followed:

* a paragraph that opens a quotation without closing it continues into the
  next paragraph when that one opens with a quotation mark (the same *run*);
* an opening mark met while a quotation is open ends the open one there and
  starts the next span of the same run (``said: "One ... economically. "More``).

Single marks ‘ ’ count only as an outermost quotation opened by ‘ (a ’ is
far more often an apostrophe), and never carry over a paragraph break.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MARKS = re.compile('["\u201c\u201d\u00ab\u00bb\u2018\u2019]')
_OPEN_BEFORE = "([{\u2014\u2013-/"
_CLOSE_AFTER = ".,;:!?)]}\u2014\u2013-"
_OPENERS = "\u201c\u00ab"
_CLOSERS = "\u201d\u00bb"
_DOUBLE_START = '"\u201c\u00ab'


# a named tuple: built without a frozen dataclass's object.__setattr__ per field
class QuoteSpan(NamedTuple):
    """A stretch inside quotation marks: ``start`` at the opening mark, ``end`` past the close."""

    start: int
    end: int
    run: int
    closed: bool


def _straight_opens(text: str, i: int, lo: int, hi: int, is_open: bool) -> bool:
    """Return whether the straight quote at ``i`` opens (else closes) a quotation."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    open_ctx = before.isspace() or before in _OPEN_BEFORE
    close_ctx = after.isspace() or after in _CLOSE_AFTER
    if open_ctx and not close_ctx:
        return True
    if close_ctx and not open_ctx:
        return False
    return not is_open


def _line(text: str, i: int) -> tuple[int, int, int]:
    """Return (start, end, raw end) of the paragraph holding ``i``, spaces trimmed."""
    lo = text.rfind("\n", 0, i) + 1
    raw = text.find("\n", i)
    if raw < 0:
        raw = len(text)
    hi = raw
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi, raw


def find_quotes(text: str) -> list[QuoteSpan]:
    """Return the quotation spans of ``text`` in order, grouped into runs.

    One pass over the marks (never over the paragraphs without any).
    """
    spans: list[QuoteSpan] = []
    run = -1
    start = -1  # index of the open span's first mark, -1 when none is open
    single = False
    lo = hi = raw = -1
    carry_end = -1  # end of a paragraph that left a double quotation open
    for m in _MARKS.finditer(text):
        i = m.start()
        if i >= raw:
            if start >= 0:
                spans.append(QuoteSpan(start, hi, run, False))
                carry_end = -1 if single else hi
                start = -1
            lo, hi, raw = _line(text, i)
            if carry_end >= 0 and not (
                i == lo and text[i] in _DOUBLE_START and not text[carry_end:lo].strip()
            ):
                carry_end = -1
        ch = text[i]
        is_open = start >= 0
        if ch == "\u2018":
            if not is_open and (i == lo or text[i - 1].isspace() or text[i - 1] in "(["):
                if i + 1 < hi and text[i + 1].isalnum():
                    run += 1
                    start, single = i, True
            carry_end = -1
            continue
        if ch == "\u2019":
            if is_open and single and (i + 1 >= hi or not text[i + 1].isalnum()):
                spans.append(QuoteSpan(start, i + 1, run, True))
                start = -1
            continue
        if is_open and single:
            # a double mark inside a single quotation belongs to it
            continue
        opens = ch in _OPENERS or (ch == '"' and _straight_opens(text, i, lo, hi, is_open))
        if opens:
            if is_open:
                spans.append(QuoteSpan(start, i, run, False))
            elif carry_end < 0:
                run += 1
            start, single = i, False
        elif is_open:
            spans.append(QuoteSpan(start, i + 1, run, True))
            start = -1
        carry_end = -1
    if start >= 0:
        spans.append(QuoteSpan(start, hi, run, False))
    return spans


_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*|\d+")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def is_title(inner: str) -> bool:
    """Return whether quoted words look like a title ("Reconciliation Bill"), not speech."""
    if _SENTENCE_END.search(inner.strip()):
        return False
    words = _WORD.findall(inner)
    if not 1 <= len(words) <= 10 or not words[0][0].isupper() and not words[0][0].isdigit():
        return False
    long_words = [w for w in words if len(w) > 3 or w[0].isdigit()]
    if not long_words:
        return False
    caps = sum(1 for w in long_words if w[0].isupper() or w[0].isdigit())
    # 0.75: every content word capitalised bar one in four ("Ten Ways to Save on Energy")
    return len(words) >= 2 and caps / len(long_words) >= 0.75


def word_count(inner: str) -> int:
    """Return how many words a quotation holds."""
    return len(_WORD.findall(inner))


__all__ = ["QuoteSpan", "find_quotes", "is_title", "word_count"]
