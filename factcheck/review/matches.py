"""Matching claims: the same figure about the same thing in other sources.

Two claims match when they have the same kind and unit, the same value within
rounding (``same_value``), and similar wording around the number
(``wording_similarity`` through rapidfuzz). The store narrows the candidates
with indexed columns (``factcheck.store.matching.candidates``); the rounding
and wording checks run here on those few.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from factcheck.models import Claim, Status, StoredClaim

if TYPE_CHECKING:
    from factcheck.review import ReviewStore
    from factcheck.store.reads import Reads

# 40: between the highest different-story pair (37.9) and the lowest same-figure
# pair (42.9) of tests/test_review_matches.py; swept token_set / token_sort / ratio
# over stems of 4, 5, 6 letters and whole words, and only this one separates them.
WORDING_THRESHOLD = 40.0
# words are cut to this many letters: a crude stem, so "seized" meets "seize" and
# "arrested" meets "arrest" (see the sweep above)
STEM = 5
# At most this far apart, whatever the rounding: "1,000" (one significant digit)
# still must not match 1,400.
MAX_RELATIVE_GAP = 0.05
MAX_MATCHES = 20

# words that say nothing about what a figure is about
STOPWORDS = frozenset(
    """a an and are as at be been by for from had has have he her his in is it its
    of on or said says she than that the their there they this to was were which who
    will with would about around some more less over under up nearly almost least
    most roughly approximately estimated""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# ASCII bytes: lower-case letters stay, everything else becomes a space
_ASCII_LETTERS = bytes.maketrans(
    bytes(range(128)), bytes(c if 97 <= c <= 122 else 32 for c in range(128))
)


@dataclass(frozen=True, slots=True)
class Match:
    """A claim in another source stating the same figure, with its wording score (0-100)."""

    claim: StoredClaim
    score: float
    source_title: str | None = None
    source_url: str | None = None


def precision_unit(value: float) -> float:
    """Return the place value of the last significant digit: 1,600 -> 100, 4.5 -> 0.1."""
    if value == 0:
        return 1.0
    if value == int(value) and abs(value) < 1e15:
        # a whole number, held exactly: its trailing zeros, without a Decimal
        n, unit = int(abs(value)), 1
        while n % (unit * 10) == 0:
            unit *= 10
        return float(unit)
    # repr gives the shortest decimal that round-trips, so 0.1 stays 0.1
    exponent = Decimal(repr(abs(value))).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return float(10**exponent) if exponent >= 0 else 1 / 10 ** (-exponent)


def _same_number(a: float, b: float) -> bool:
    if a == b:
        return True
    if (a < 0) != (b < 0):
        return False
    # the less precise figure decides: 1,600 (hundreds) matches 1,623 but not 1,680
    tolerance = max(precision_unit(a), precision_unit(b)) / 2
    tolerance = min(tolerance, MAX_RELATIVE_GAP * max(abs(a), abs(b)))
    return abs(a - b) <= tolerance * (1 + 1e-9)


def window(value: float) -> tuple[float, float]:
    """Return how far below and above ``value`` another figure may lie and still state it,
    ``value`` being the coarser of the two: half its last significant digit, and at most
    MAX_RELATIVE_GAP of the larger figure (1,600 -> (50, 50); 100 -> (5, 5.26); 4.5 ->
    (0.05, 0.05)).

    Every pair that ``same_figures`` accepts lies in the window of its coarser figure,
    so looking around each figure by its window finds them all.
    """
    half = precision_unit(value) / 2
    # the gap is a share of the larger figure: the one further from zero than value
    nearer = MAX_RELATIVE_GAP * abs(value)
    further = nearer / (1 - MAX_RELATIVE_GAP)
    towards_zero, away = min(half, nearer), min(half, further)
    slack = 1 + 1e-9  # as _same_number's
    if value < 0:
        return away * slack, towards_zero * slack
    return towards_zero * slack, away * slack


def same_value(a: Claim, b: Claim) -> bool:
    """Return True if two claims state the same quantity within rounding (kind, unit, value)."""
    if a.kind != b.kind or (a.unit or None) != (b.unit or None):
        return False
    return same_figures(a.value, a.value_high, b.value, b.value_high)


def same_figures(value: float, high: float | None, other: float, other_high: float | None) -> bool:
    """Return True if two figures (a value, or a range up to ``high``) are the same within
    rounding: ``same_value`` of two claims already known to have one kind and unit."""
    if not _same_number(value, other):
        return False
    if high is None or other_high is None:
        return high is None and other_high is None
    return _same_number(high, other_high)


def context_words(claim: Claim) -> str:
    """Return the stems of the claim's sentence's content words, sorted, without the number
    and without the unit noun (equal units are checked already; the rest tells the story)."""
    return context_stems(
        claim.sentence, claim.start - claim.sentence_start, claim.mention, claim.unit
    )


def context_stems(sentence: str, at: int, mention: str, unit: str | None) -> str:
    """Return ``context_words`` of a sentence whose number ``mention`` sits at offset ``at``."""
    if sentence and 0 <= at and sentence[at : at + len(mention)] == mention:
        sentence = sentence[:at] + " " + sentence[at + len(mention) :]
    if sentence.isascii() and "'" not in sentence:
        # the same words as _WORD finds, three times faster: in ASCII text without
        # apostrophes a word is a run of letters, so everything else becomes a space
        # (lowering first is the same for ASCII; not for all Unicode: 'İ' -> 'i' + a dot)
        words = set(
            sentence.lower().encode("ascii").translate(_ASCII_LETTERS).decode("ascii").split()
        )
    else:
        words = {w.lower() for w in _WORD.findall(sentence)}
    words -= STOPWORDS
    stems = sorted({word[:STEM] for word in words})
    if unit:
        _drop_unit(stems, unit)
    return " ".join(stems)


def context_stems_many(
    claims: Iterable[tuple[str, int, str, str | None]],
) -> list[tuple[str, ...]]:
    """Return ``context_stems`` of many (sentence, at, mention, unit), each as a tuple of
    stems: the ASCII sentences are lowered and reduced to letters together, and a
    repeated sentence (wire copy) is stemmed once."""
    keys = list(claims)
    done: dict[tuple[str, int, str, str | None], tuple[str, ...]] = {}
    batch: list[tuple[str, int, str, str | None]] = []
    for key in keys:
        if key in done:
            continue
        sentence, at, mention, _ = key
        if sentence.isascii() and "'" not in sentence and _number_only(mention):
            batch.append(key)
            done[key] = ()
        else:
            done[key] = tuple(context_stems(*key).split())
    done.update(zip(batch, _ascii_stems(batch), strict=True))
    return [done[key] for key in keys]


def _number_only(mention: str) -> bool:
    # a mention without letters turns into spaces anyway in the ASCII path: cutting it
    # out first changes nothing (an empty one would split the word it sits in)
    return bool(mention) and not mention.lower().translate(_NOT_LETTERS)


_NOT_LETTERS = {c: None for c in range(128) if not 97 <= c <= 122}


def _ascii_stems(batch: Sequence[tuple[str, int, str, str | None]]) -> list[tuple[str, ...]]:
    """``context_stems`` of ASCII sentences without apostrophes, whose mention has no letters."""
    text = " ".join(sentence for sentence, _, _, _ in batch)
    letters = text.lower().encode("ascii").translate(_ASCII_LETTERS).decode("ascii")
    found = []
    start = 0
    for sentence, _, _, unit in batch:
        end = start + len(sentence)
        words = set(letters[start:end].split())
        words -= STOPWORDS
        stems = sorted({word[:STEM] for word in words})
        if unit:
            _drop_unit(stems, unit)
        found.append(tuple(stems))
        start = end + 1
    return found


def _drop_unit(stems: list[str], unit: str) -> None:
    # drop the unit noun's words: a word starts with the (at most 4-letter) prefix
    # exactly when its stem does, and those stems sit together in sorted order
    prefix = unit[:4].lower()
    low = high = bisect_left(stems, prefix)
    while high < len(stems) and stems[high].startswith(prefix):
        high += 1
    del stems[low:high]


def wording_similarity(a: Claim, b: Claim) -> float:
    """Return how alike the words around two claims are, 0-100 (rapidfuzz token set ratio)."""
    from rapidfuzz import fuzz

    left, right = context_words(a), context_words(b)
    if not left or not right:
        # nothing to compare: value, kind and unit alone are too weak a match
        return 0.0
    if set(left.split()).isdisjoint(right.split()):
        # no content word in common: the token set ratio then compares the letters of
        # the two sentences, and "Police in Lyon fined 1,620 jihadist sympathisers"
        # scored 45 against "1,623 Moroccan jihadists are fighting in Syria"
        return 0.0
    return float(fuzz.token_set_ratio(left, right))


def find_matches(
    store: ReviewStore | Reads, claim: StoredClaim, *, limit: int = MAX_MATCHES
) -> list[Match]:
    """Return the claims of other sources that match ``claim``, the most alike first."""
    from factcheck.store.matching import candidates
    from factcheck.store.reads import Reads

    if not isinstance(store, Reads):
        raise TypeError("find_matches needs a tracker (factcheck.store.Store or open_reader)")
    found: list[Match] = []
    mine = claim.claim

    def same_number(value: float, value_high: float | None) -> bool:
        if not _same_number(mine.value, value):
            return False
        if mine.value_high is None or value_high is None:
            return mine.value_high is None and value_high is None
        return _same_number(mine.value_high, value_high)

    for other in candidates(
        store,
        mine,
        exclude_source_id=claim.source_id,
        tolerance=MAX_RELATIVE_GAP,
        same_number=same_number,
    ):
        if not same_value(claim.claim, other.claim.claim):
            continue
        score = wording_similarity(claim.claim, other.claim.claim)
        if score >= WORDING_THRESHOLD:
            found.append(Match(other.claim, round(score, 1), other.source_title, other.source_url))
    found.sort(key=lambda m: (-m.score, m.claim.id))
    return found[:limit]


def similar_claims(store: ReviewStore | Reads, claim_id: int) -> list[Match]:
    """Return the matching claims of claim ``claim_id`` (for ``factcheck claims --similar``)."""
    return find_matches(store, store.get_claim(claim_id))


_TIMES = {1: "once", 2: "twice"}


def verdict_summary(matches: Sequence[Match]) -> str:
    """Return a line like 'disputed twice before: #12 (Daily Ledger), #40; verified once: #7'."""
    if not matches:
        return "no matching claims in other sources"
    by_status: dict[Status, list[Match]] = {}
    for match in matches:
        by_status.setdefault(Status(match.claim.status), []).append(match)
    counts = Counter({status: len(group) for status, group in by_status.items()})
    parts = []
    for status in (Status.DISPUTED, Status.VERIFIED, Status.PENDING):
        group = by_status.get(status, [])
        if not group:
            continue
        times = _TIMES.get(counts[status], f"{counts[status]} times")
        label = f"{status} {times} before" if status != Status.PENDING else f"{len(group)} pending"
        shown = ", ".join(
            f"#{m.claim.id}" + (f" ({m.source_title})" if m.source_title else "") for m in group[:3]
        )
        more = f" and {len(group) - 3} more" if len(group) > 3 else ""
        parts.append(f"{label}: {shown}{more}")
    return "; ".join(parts)
