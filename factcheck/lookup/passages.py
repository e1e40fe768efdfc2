"""Where a claim's number stands on a page: passages ranked by shared context, and an outcome.

Pure: ``judge(claim, text)`` finds every number on the page that measures the
same sort of thing as the claim (forms.py), takes the sentence or line around
it, and scores it by what it shares with the claim: the unit noun, the subject
words of the claim's sentence, the speaker's name. The outcome is

- ``match``: a number that backs the claim's value, with its unit or subject nearby;
- ``conflict``: no match, but the same unit and subject with another value
  (a possible dispute; the passage shows the page's value);
- ``not_found``: neither.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from factcheck.lookup.forms import (
    Found,
    Space,
    Target,
    backs,
    find_numbers,
    page_value,
    target_for,
)
from factcheck.models import Claim, Outcome, Passage

# A passage longer than this is cut around its number, at word boundaries.
MAX_PASSAGE_CHARS = 320
MAX_PASSAGES = 3
# Weights of what a passage shares with the claim. The unit names what is
# counted, so it weighs most; a speaker's name is strong evidence of the source
# statement; each subject word adds one.
UNIT_WEIGHT = 3.0
UNIT_NEXT_TO_NUMBER = 2.0  # "1,600 Moroccan jihadists": the number counts the unit
SPEAKER_WEIGHT = 2.0
SUBJECT_WEIGHT = 1.0
BACKS_BONUS = 5.0  # a backing value outranks a passage that only shares words
# Without the unit noun, a passage must share this many subject words to count:
# one word is chance ("measles" in "312 measles cases" for a claim about health
# workers in a measles campaign), two is a topic.
MIN_SUBJECT_HITS = 2
# words after a number within which its unit noun counts as "next to" it
UNIT_WINDOW_WORDS = 4

STOPWORDS = frozenset(
    """
    a about above after again against all almost also am an and any are around as at be
    because been before being below between both but by can could did do does doing down
    during each estimated few for from further had has have having he her here hers him his
    how i if in into is it its itself just least less many may me more most much my nearly
    no nor not now of off on once only or other our out over own per same she should so
    some such than that the their them then there these they this those through to too
    under until up upwards very was we were what when where which while who whom why will
    with would you your said says say told tells according added stated announced
    believed thought reported estimated figure figures number numbers total year years
    new one two three percent cent per
    """.split()
)
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*[^\W\d_]|[^\W\d_]", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


# plurals the suffix rules below get wrong
IRREGULAR = {
    "children": "child",
    "people": "person",
    "men": "man",
    "women": "woman",
    "persons": "person",
    "lives": "life",
    "wives": "wife",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "data": "datum",
    "criteria": "criterion",
}
# a full stop after these is not the end of a sentence
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen col sgt lt capt gov sen rep no nos vol fig figs art sec approx "
    "est jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept govt vs etc "
    "e.g i.e u.s u.k u.n".split()
)
_NUMBERED_LABEL = re.compile(
    r"\b(?:table|figure|fig|chart|section|annex|box|graph|map|note|step)\s+\d+[a-z]?\.$",
    re.IGNORECASE,
)


_POSSESSIVE = re.compile(r"['’]s$")


# pages repeat their words: a cache makes stemming a 10 MB page a dictionary lookup
@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return a crude singular lower-case form: 'jihadists' -> 'jihadist', 'cities' -> 'city'."""
    w = word.lower().strip("'’-")
    w = _POSSESSIVE.sub("", w)
    if w in IRREGULAR:
        return IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def words(text: str) -> list[str]:
    """Return the stems of the words in text."""
    return [stem(m.group()) for m in _WORD.finditer(text)]


@dataclass(frozen=True, slots=True)
class Context:
    """What a claim says besides its number: unit, subject words, speaker words."""

    unit: frozenset[str]
    subject: frozenset[str]
    speaker: frozenset[str]


def claim_context(claim: Claim) -> Context:
    """Return the unit, subject and speaker stems of a claim, stopwords and numbers left out."""
    unit = frozenset(words(claim.unit or "")) - STOPWORDS
    if claim.unit in ("percent", "usd", "eur", "gbp"):
        unit = frozenset()  # the number's own form already says it
    speaker = frozenset(w for w in words(claim.speaker or "") if len(w) > 2) - STOPWORDS
    sentence = claim.sentence or ""
    if claim.sentence and claim.sentence_start <= claim.start < claim.sentence_end:
        # the mention itself is not a subject word ("half", "million")
        s, e = claim.start - claim.sentence_start, claim.end - claim.sentence_start
        sentence = sentence[:s] + " " + sentence[e:]
    number_words = {stem(f.text) for f in find_numbers(sentence) if f.word}
    subject = frozenset(
        w for w in words(sentence) if len(w) > 2 and w not in STOPWORDS and w not in number_words
    )
    subject = subject - speaker - unit
    return Context(unit=unit, subject=subject, speaker=speaker)


@dataclass(frozen=True, slots=True)
class _Candidate:
    item: Found
    backed: bool
    start: int
    end: int
    score: float
    unit_near: bool
    subject_hits: int
    # how far the page value is from the claim's, relative: ties go to the nearest
    distance: float


def _line_spans(line: str, start: int) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence of one line, offsets into the page."""
    spans: list[tuple[int, int]] = []
    cut = start
    for m in _SENTENCE_END.finditer(line):
        before = line[: m.start()]
        last = before.rsplit(None, 1)[-1].lower().rstrip(".") if before.strip() else ""
        if last in ABBREVIATIONS or _NUMBERED_LABEL.search(before):
            continue  # "Mr. Slimi", "Table 2. Unemployment by region"
        spans.append((cut, start + m.start()))
        cut = start + m.end()
    spans.append((cut, start + len(line)))
    return spans


def _context_pattern(context: Context) -> re.Pattern[str] | None:
    """Return a regex finding any context word (as a prefix: stems drop endings), or None."""
    stems = context.unit | context.subject | context.speaker
    if not stems:
        return None
    forms = {w[:-1] if w.endswith("y") and len(w) > 3 else w for w in stems}
    forms |= {plural for plural, single in IRREGULAR.items() if single in stems}
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternation})", re.IGNORECASE)


def _numbers_near_context(
    text: str, context: Context
) -> Iterator[tuple[Found, tuple[int, int], int]]:
    """Yield (number, its sentence span, its line start) on lines holding a context word.

    A number with none of the claim's words on its line can be neither a match
    nor a conflict, so lines without them are not read at all: on a 10 MB page
    this is what keeps a lookup to seconds. Runs of such lines are read in one
    piece, which costs far less than a line at a time.
    """
    pattern = _context_pattern(context)
    if pattern is None:
        return
    blocks: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip() or not pattern.search(line):
            continue
        spans.extend(_line_spans(line, start))
        end = start + len(line)
        if blocks and blocks[-1][1] + 1 == start:
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    starts = [s for s, _ in spans]
    for block_start, block_end in blocks:
        for item in find_numbers(text[block_start:block_end]):
            shifted = replace(item, start=item.start + block_start, end=item.end + block_start)
            i = max(0, bisect.bisect_right(starts, shifted.start) - 1)
            line_start = text.rfind("\n", block_start, shifted.start) + 1 or block_start
            yield shifted, spans[i], max(line_start, block_start)


def _window(text: str, span: tuple[int, int], item: Found) -> tuple[int, int]:
    """Return the passage around a number: its sentence, cut to MAX_PASSAGE_CHARS."""
    s, e = span
    if e - s <= MAX_PASSAGE_CHARS:
        return s, e
    half = (MAX_PASSAGE_CHARS - (item.end - item.start)) // 2
    ws = max(s, item.start - half)
    we = min(e, item.end + half)
    # move to word boundaries so the passage does not open mid-word
    while ws > s and not text[ws - 1].isspace():
        ws += 1
    while we < e and not text[we].isspace():
        we -= 1
    return max(ws, s), max(we, item.end)


def _unit_next_to(text: str, item: Found, unit: frozenset[str], line_start: int) -> bool:
    """Return True when the unit noun follows the number closely or labels its table cell."""
    if not unit:
        return False
    after = words(text[item.end : item.end + 80])[:UNIT_WINDOW_WORDS]
    if unit & set(after):
        return True
    # "Fighters abroad: 1,600" — the label just before the number on its line
    label = text[line_start : item.start].rsplit(";", 1)[-1]
    return ":" in label and bool(unit & set(words(label)))


def _currency_near(text: str, start: int, end: int, target: Target) -> bool:
    cue = {"usd": ("$", "dollar", "usd"), "eur": ("€", "euro", "eur"), "gbp": ("£", "pound", "gbp")}
    marks = cue.get(target.currency or "", ("$", "€", "£", "dollar", "euro", "pound"))
    window = text[start:end].lower()
    return any(m in window for m in marks)


def judge(
    claim: Claim, text: str, max_passages: int = MAX_PASSAGES
) -> tuple[Outcome, tuple[Passage, ...]]:
    """Return the outcome for one page's text and its best passages, number highlighted."""
    target = target_for(claim)
    context = claim_context(claim)
    candidates: list[_Candidate] = []
    # a percent sign or a currency says what the number measures, as a unit noun would
    min_hits = 1 if target.space in (Space.SHARE, Space.MONEY) else MIN_SUBJECT_HITS
    # a sentence holds several numbers: read its words once
    seen_words: dict[tuple[int, int], set[str]] = {}
    for item, span, line_start in _numbers_near_context(text, context):
        verdict = backs(target, item)
        if verdict is None:
            continue
        ws, we = _window(text, span, item)
        if target.space is Space.MONEY and item.currency is None:
            if not _currency_near(text, span[0], span[1], target):
                continue  # a bare number is money only where the line says so
        if (ws, we) not in seen_words:
            seen_words[(ws, we)] = set(words(text[ws:we]))
        passage_words = seen_words[(ws, we)]
        subject_hits = len(context.subject & passage_words)
        unit_hits = bool(context.unit & passage_words)
        if not (unit_hits or subject_hits >= min_hits):
            continue  # neither a match nor a conflict nor worth showing
        unit_near = _unit_next_to(text, item, context.unit, line_start)
        speaker_hits = len(context.speaker & passage_words)
        score = (
            UNIT_WEIGHT * unit_hits
            + UNIT_NEXT_TO_NUMBER * unit_near
            + SPEAKER_WEIGHT * speaker_hits
            + SUBJECT_WEIGHT * subject_hits
            + BACKS_BONUS * verdict
        )
        x = page_value(target, item)
        distance = abs(x - target.value) / max(abs(target.value), 1e-12)
        candidates.append(
            _Candidate(item, verdict, ws, we, score, unit_near, subject_hits, distance)
        )

    # every candidate has the unit or enough subject words near it (left out above)
    matches = [c for c in candidates if c.backed]
    conflicts = [
        c for c in candidates if not c.backed and _same_thing(c, context) and not c.item.vague
    ]
    if matches:
        outcome = Outcome.MATCH
        chosen = _best(matches) + _best(conflicts)
    elif conflicts:
        outcome = Outcome.CONFLICT
        chosen = _best(conflicts)
    else:
        outcome = Outcome.NOT_FOUND
        # what the page does say near the claim's words, for the reviewer to judge
        chosen = _best(candidates)
    return outcome, tuple(_passage(text, c) for c in chosen[:max_passages])


def _same_thing(c: _Candidate, context: Context) -> bool:
    """Return True when a differing number plainly measures what the claim measures."""
    if context.unit:
        return c.unit_near and c.subject_hits >= 1
    # percentages and money carry no unit noun: the subject must be plain
    return c.subject_hits >= 2


def _best(cands: list[_Candidate]) -> list[_Candidate]:
    seen: set[tuple[int, int]] = set()
    out = []
    for c in sorted(cands, key=lambda c: (-c.score, c.distance, c.item.start)):
        if (c.start, c.end) in seen:
            continue  # one passage per sentence, with its best number
        seen.add((c.start, c.end))
        out.append(c)
    return out


def _passage(text: str, c: _Candidate) -> Passage:
    body = text[c.start : c.end]
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    return Passage(
        text=body,
        hl_start=c.item.start - c.start - lead,
        hl_end=c.item.end - c.start - lead,
        found=c.item.text,
        value=c.item.value,
        score=round(c.score, 2),
    )


__all__ = ["Context", "claim_context", "judge", "stem", "words"]
