"""Paragraphs and sentences as offset spans: the unit of work of every extractor pass.

Articles come one paragraph a line, with blank lines between articles, so a
paragraph is a non-blank line. Sentences are found with one regex pass over a
paragraph for candidate ends (``.``, ``!``, ``?``, ``…`` then closing quotes or
brackets then a space), each then judged: a candidate after an abbreviation
("Mr.", "No. 1", "Jan."), an initial ("J. R. Smith") or before a lower-case
word is not an end. Decimals ("3.5") and "U.S.-led" never offer a candidate
since no space follows their period.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from itertools import chain

from factcheck.extract.lexicon import ABBREVIATIONS, ABBREVIATIONS_BEFORE_NUMBER, SENTENCE_STARTERS

# end-mark  closing-quotes/brackets  space  [opening quote/bracket]  next-char
# (the first mark written as a class of its own: re then skips in C to the next
# character of the class, instead of trying the pattern at every position; [.!?]+
# hides the class from that look-ahead and takes twice the time)
_CANDIDATE = re.compile(
    r"""
    (?P<mark>[.!?\u2026][.!?\u2026]*)
    (?P<close>["'\u2019\u201d\u00bb)\]]*)
    (?P<space>\s+)
    (?=(?P<open>["'\u2018\u201c\u00ab(\[]*)(?P<next>\S))
    """,
    re.VERBOSE,
)

# the word just before a period: letters with inner periods ("U.S", "e.g") or a plain word
_WORD_BEFORE = re.compile(r"(?:\b|^)(?P<word>[A-Za-z](?:\.[A-Za-z])+|[A-Za-z]+)$")
_LOOKBACK = 12
_LONG_ABBREVIATIONS = frozenset(w for w in ABBREVIATIONS if len(w) >= 6 and w.isalpha())


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank line of ``text``, surrounding spaces trimmed."""
    # str.find and strip run in C; a regex with a lazy body was 15x slower here
    pos = 0
    size = len(text)
    while pos < size:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = size
        line = text[pos:nl]
        body = line.strip()
        if body:
            start = pos + len(line) - len(line.lstrip())
            yield start, start + len(body)
        pos = nl + 1


# _CANDIDATE's groups by number: a name is looked up in a dict at every call
_MARK, _CLOSE, _SPACE, _NEXT = 1, 2, 3, 5


def _is_end(text: str, start: int, m: re.Match[str]) -> bool:
    """Return whether the candidate ``m`` really ends a sentence."""
    mark = m.group(_MARK)
    nxt = m.group(_NEXT)
    if mark != ".":
        # "?" / "!" / "..." end a sentence unless the next word continues it in lower case
        return not nxt.islower()
    if nxt.islower():
        # "about 3 p.m. on Sunday", "e.g. the", "No. 10 vs. the" are inside a sentence
        return False
    if m.group(_CLOSE):
        # `... he said." The next` : a period then a closing quote ends the sentence
        return True
    at = m.start()
    tail = text[max(start, at - 6) : at]
    if tail[-1:].isdigit() or (len(tail) == 6 and tail.isalpha() and tail.islower()):
        # most sentences end on a figure or a long lower-case word: no abbreviation
        # of ours is written that way, so skip the word look-up (a third of the time)
        return tail not in _LONG_ABBREVIATIONS
    before = text[max(start, at - _LOOKBACK) : at]
    w = _WORD_BEFORE.search(before)
    if w is None:
        return True
    word = w.group("word")
    if len(word) == 1 and word.isupper():
        # an initial: "John F. Kennedy"
        return False
    low = word.lower()
    if low in ABBREVIATIONS_BEFORE_NUMBER and nxt.isdigit():
        # "No. 1", "Art. 5", "p. 12"
        return False
    if low in ABBREVIATIONS:
        return False
    if "." in word:
        # "U.S." / "U.K." end a sentence only when a usual sentence opener follows
        rest = text[m.end() : m.end() + 12]
        first = re.match(r"[\"'\u2018\u201c(\[]*([A-Za-z]+)", rest)
        return bool(first) and first is not None and first.group(1) in SENTENCE_STARTERS
    return True


def sentences(
    text: str, start: int = 0, end: int | None = None, resume: int | None = None
) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each sentence of ``text[start:end]``, spaces trimmed.

    ``resume``: the start of a sentence this call (without it) yields; the sentences from
    there on are yielded, as this call would yield them, without splitting the text before.
    """
    stop = len(text) if end is None else end
    # a sentence starts where the candidate ending the one before it ends (its spaces are
    # followed by a non-space), and _CANDIDATE looks at nothing before where it is tried:
    # the candidates from there are the rest of the whole run's
    pos = start if resume is None else resume
    for m in _CANDIDATE.finditer(text, pos, stop):
        if not _is_end(text, start, m):
            continue
        cut = m.start(_SPACE)
        # a sentence begins after a candidate's spaces and ends before them: only the
        # span's ends can need trimming, and seldom do
        if pos < cut and (text[pos].isspace() or text[cut - 1].isspace()):
            s, e = _trim(text, pos, cut)
            if s < e:
                yield s, e
        elif pos < cut:
            yield pos, cut
        pos = m.end()
    if pos < stop and (text[pos].isspace() or text[stop - 1].isspace()):
        s, e = _trim(text, pos, stop)
        if s < e:
            yield s, e
    elif pos < stop:
        yield pos, stop


class Splits:
    """Sentences already split, by the start of their paragraph: all of its sentences, or
    the first ones (``sentences(..., resume=)`` yields the rest from the last one given)."""

    # integers in one array, not a list of tuples per paragraph: ~100,000 containers kept
    # until attribution made the cycle collector's full passes more and longer (extract_claims
    # on the 10 MB 4.30 against 4.04 s CPU, more than the split saved)
    __slots__ = ("_at", "_flat")

    def __init__(self) -> None:
        self._at: dict[int, int] = {}
        # per paragraph: the number of spans, 1 when they are all, then their ends
        self._flat = array("q")

    def add(self, start: int, spans: list[tuple[int, int]], complete: bool) -> None:
        """Keep the first ``spans`` of the paragraph at ``start``, all of them if ``complete``."""
        flat = self._flat
        self._at[start] = len(flat)
        flat.append(len(spans))
        flat.append(complete)
        flat.extend(chain.from_iterable(spans))

    def get(self, start: int) -> tuple[tuple[tuple[int, int], ...], bool] | None:
        """Return (spans, complete) kept for the paragraph at ``start``, None if none were."""
        at = self._at.get(start)
        if at is None:
            return None
        flat = self._flat
        ends = flat[at + 2 : at + 2 + 2 * flat[at]]
        return tuple(zip(ends[::2], ends[1::2], strict=True)), flat[at + 1] == 1

    def __len__(self) -> int:
        return len(self._at)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


__all__ = ["Splits", "paragraphs", "sentences"]
