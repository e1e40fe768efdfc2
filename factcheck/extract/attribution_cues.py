"""Attribution cues inside one sentence: who is said to assert what, and over which words.

The sentence comes with its quotations blanked out (marks kept), so a "said"
inside a quotation never attributes anything and the words of a quotation
never pass for a speaker. Grammar of the cues, each with the stretch it covers:

* forward   ``SUBJECT [aux] VERB [that] ...``            -> after the verb
* trailing  ``..., SUBJECT [aux] VERB [short adverbial].`` -> before the subject
* inserted  ``..., SUBJECT VERB, ...``                    -> the whole sentence
* inverted  ``"...," VERB SUBJECT [, role]``              -> before the verb; after the
  subject come asides ("said one woman after a shooting injured five")
* apposition ``NAME, ROLE, VERB`` / ``ROLE, NAME, VERB``
* ``according to X`` (forward, trailing or inserted as above)
* ``figures/estimates/analysis from X`` (forward), ``X's prediction of`` (to the
  next comma), ``provided/published by X`` (backward to the sentence start)

A subject must look like a speaker: a capitalised name, a pronoun, or a noun
phrase whose head is a person, organisation or source noun; a be-form before
the verb makes it passive ("was reported to"), which names nobody.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from operator import itemgetter, not_
from typing import NamedTuple

from factcheck.extract.speaker_lexicon import (
    AGENT_VERBS,
    AUXILIARIES,
    BE_FORMS,
    CONTINUING_VERBS,
    DETERMINERS,
    HONORIFICS,
    NAME_PARTICLES,
    NOT_NAMES,
    NP_BREAKS,
    ORG_NOUNS,
    ORG_WORDS,
    PARTICIPLES,
    PERSON_NOUNS,
    POSSESSIVE_SOURCES,
    PRONOUNS_ORG,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_SELF,
    SOURCE_NOUNS,
    SOURCE_ONLY_VERBS,
    SPEECH_VERBS,
    TITLE_WORDS,
)

_PUNCT = r",;:()\[\]\u201c\u201d\u00ab\u00bb\"\u2014\u2013.!?"
# a word: a letter or digit, then letters, digits, inner ' . & - ("U.S.-led", "O'Neill"),
# and a closing ' after an s ("bosses'"); or "&"; punctuation: one mark, or a "-"
# standing alone. The token's first character comes first, as a class of its own: re
# then skips in C from one such character to the next; the branches look back at it.
# Group 1 (w, empty) marks a word: lastindex 1.
_TOKEN = re.compile(
    rf"[\w&{_PUNCT}-]"
    r"(?:(?:(?<=[^\W_])(?:[\w'\u2019&.-]*\w)?(?:(?<=s)['\u2019](?!\w))?|(?<=&))(?P<w>)"
    rf"|(?<=[{_PUNCT}])(?P<p>)"
    r"|(?<!\S-)(?<=-)(?!\S)(?P<h>))"
)
# _TOKEN as one group for re.split, whose list (gap, token, gap, ..., gap) is built in C:
# finditer builds a match object per token and Python code reads four values from it.
# The body of a word is written possessive, without the backtracking from its last
# character ("[\w'.-]*\w" first takes "said," then gives the comma back): the same words
_TOKEN_SPLIT = re.compile(
    rf"([\w&{_PUNCT}-]"
    r"(?:(?<=[^\W_])\w*+(?:['\u2019&.-]++\w++)*+(?:(?<=s)['\u2019](?!\w))?|(?<=&)"
    rf"|(?<=[{_PUNCT}])"
    r"|(?<!\S-)(?<=-)(?!\S)))"
)
# the tokens that are not words: one mark, or a "-" standing alone (a word starts with a
# letter, a digit or "&")
_MARK_TOKENS = frozenset(re.findall(rf"[{_PUNCT}-]", "".join(map(chr, range(0x2100)))))
_CLOSING = {'"', "\u201d", "\u00bb"}
_QUOTE_MARKS = {'"', "\u201c", "\u201d", "\u00ab", "\u00bb", ":"}
_CONNECTORS = {"of", "the", "and", "&", "for", "de", "du", "des"}
_VERB_TO_PASSIVE = {"said", "expected", "estimated", "believed", "reported", "thought", "projected"}
_DETS = {"the", "a", "an"}
_OWNERS = {"his", "her", "its", "their", "our"}
_PRONOUNS = PRONOUNS_PERSON | PRONOUNS_ORG | PRONOUNS_PLURAL | PRONOUNS_SELF
_COMMON = PERSON_NOUNS | ORG_NOUNS | SOURCE_NOUNS
_AFTER_BREAKS = NP_BREAKS | {"after", "of", "last", "on"}
_AGENT_BREAKS = NP_BREAKS | {"to"}
# what may follow "..., X said" when the cue closes the sentence: "on Tuesday", "in a statement"
_QUANTITY_WORDS = frozenset(
    "a an another further more one two three four five six seven eight nine ten".split()
)
_TRAILING_AFTER = frozenset(
    "on in at last yesterday today this earlier late during after when while recently from to "
    "before according".split()
)


def alternation(words: frozenset[str]) -> str:
    """Return a regex matching any of ``words``, as a trie ("sa(?:id|ys)"): Python's re
    tries the branches of a flat alternation one by one at every position."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:  # type: ignore[type-arg]
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        body = "(?:" + body + ")?"
    return body


# the words that can start a cue, each alternative named for its handler; a sentence
# without one is never tokenised
_FIRST_LETTERS = "".join(
    sorted(
        {"A", "a"} | {w[0] for w in SPEECH_VERBS | PARTICIPLES | AGENT_VERBS | POSSESSIVE_SOURCES}
    )
)
TRIGGER = re.compile(
    # the look-ahead on the first letter: a position no cue word starts at fails at once,
    # before re tries the five branches (about 40% less time over a text)
    rf"\b(?=[{re.escape(_FIRST_LETTERS)}]"
    rf"|(?i:[{re.escape(''.join(sorted({w[0] for w in SOURCE_NOUNS})))}]))"
    r"(?:"
    rf"(?P<acc>[Aa]ccording(?= to\b))"
    rf"|(?P<src>(?i:{alternation(SOURCE_NOUNS)})(?= (?:from|by)\b))"
    rf"|(?P<verb>{alternation(SPEECH_VERBS | PARTICIPLES)})"
    rf"|(?P<agent>(?:{alternation(AGENT_VERBS - SPEECH_VERBS)})(?= by\b))"
    rf"|(?P<poss>{alternation(POSSESSIVE_SOURCES)})(?= (?:of|that)\b)"
    r")\b"
)
# every word TRIGGER can match, in lower case. Python's re tries TRIGGER at each
# character (about 45 ns apiece); in ASCII text the words are found by bytes
# operations in C instead, and TRIGGER runs only where one of them starts
_TRIGGER_WORDS = frozenset(
    w.lower().encode("ascii")
    for w in SPEECH_VERBS
    | PARTICIPLES
    | AGENT_VERBS
    | POSSESSIVE_SOURCES
    | SOURCE_NOUNS
    | {"according"}
)
# ASCII characters outside \w -> space: what is left splits into \w runs, the words
# between which \b stands
_NON_WORD_TO_SPACE = bytes(
    c if chr(c).isascii() and (chr(c).isalnum() or chr(c) == "_") else 32 for c in range(256)
)
_WINDOW_BEFORE = 100
_WINDOW_AFTER = 80


def word_starts(s: str, lo: int, hi: int, words: frozenset[bytes]) -> tuple[int, ...] | None:
    """Return, in order, where each \\w run of ``s[lo:hi]`` whose lower case is one of
    ``words`` starts; None when ``s[lo:hi]`` is not ASCII.

    Bytes operations in C: a pattern that can match only at the start of such a word
    is then tried there alone (``matches_at``) rather than at every character.
    """
    chunk = s[lo:hi]
    if not chunk.isascii():
        return None
    runs = chunk.encode("ascii").lower().translate(_NON_WORD_TO_SPACE)
    present = words.intersection(runs.split())
    if not present:
        return ()
    padded = b" " + runs + b" "
    starts: list[int] = []
    for w in present:
        needle = b" " + w + b" "
        i = padded.find(needle)
        while i >= 0:
            starts.append(lo + i)  # padded[i] is the space before the word: runs[i]
            i = padded.find(needle, i + len(w) + 1)
    starts.sort()
    # a tuple: kept per paragraph, and a tuple of ints leaves the collector's care
    return tuple(starts)


def matches_at(
    pattern: re.Pattern[str], s: str, starts: tuple[int, ...], lo: int, hi: int
) -> list[re.Match[str]]:
    """Return what ``pattern.finditer(s, lo, hi)`` finds when it can match only at
    ``starts`` (in order): tried there, each after the end of the match before."""
    found: list[re.Match[str]] = []
    free = lo
    match = pattern.match
    for at in starts:
        if at < free:
            continue
        if at >= hi:
            break
        m = match(s, at, hi)
        if m is not None:
            found.append(m)
            free = m.end()
    return found


def trigger_starts(s: str, lo: int, hi: int) -> tuple[int, ...] | None:
    """Return word_starts of the words TRIGGER can match: every match starts at one."""
    return word_starts(s, lo, hi, _TRIGGER_WORDS)


def triggers(
    s: str, lo: int, hi: int, starts: tuple[int, ...] | None = None
) -> list[re.Match[str]]:
    """Return the TRIGGER matches in ``s[lo:hi]``, as ``TRIGGER.finditer(s, lo, hi)`` would.

    ``starts``: trigger_starts of a stretch holding ``s[lo:hi]`` whose words ``lo`` and
    ``hi`` do not cut (a sentence of its paragraph), found once for all its sentences.
    """
    if starts is None:
        starts = trigger_starts(s, lo, hi)
        if starts is None:
            return list(TRIGGER.finditer(s, lo, hi))
    return matches_at(TRIGGER, s, starts, lo, hi)


def first_trigger(s: str, lo: int, hi: int, starts: tuple[int, ...] | None = None) -> int:
    """Return where the first TRIGGER match in ``s[lo:hi]`` starts, or -1 (``starts`` as
    for ``triggers``): the words after it are not tried."""
    if starts is None:
        starts = trigger_starts(s, lo, hi)
        if starts is None:
            m = TRIGGER.search(s, lo, hi)
            return -1 if m is None else m.start()
    match = TRIGGER.match
    for at in starts:
        if lo <= at < hi and match(s, at, hi) is not None:
            return at
    return -1


# not frozen, as nothing changes one once built (see Cue below)
@dataclass(slots=True)
class Who:
    """A speaker as the cue writes it, before references are resolved."""

    text: str  # "Mohamad Hassad", "the bank", "he", "Some experts"
    role: str | None = None
    kind: str = "name"  # name | generic | pronoun | reference
    head: str = ""  # the head word, lower case: "hassad", "bank", "he"
    person: bool = False  # an honorific or a personal title came with it


# not frozen, as nothing changes one once built: a frozen dataclass sets each field
# through object.__setattr__, six times the cost, and ~20,000 cues are built per 10 MB
@dataclass(slots=True)
class Cue:
    """An attribution: who, the cue words and the spans of text it covers (absolute offsets)."""

    start: int
    end: int
    who: Who
    scope: tuple[tuple[int, int], ...]
    label: str
    continues: bool


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    word: bool


_START = itemgetter(0)
# a token from its four values, with no Python-level __new__ call
_new_tok = partial(tuple.__new__, _Tok)


def tokenize(s: str, lo: int, hi: int) -> list[_Tok]:
    """Return the words and punctuation of ``s[lo:hi]``: the matches of _TOKEN there."""
    chunk = s[lo:hi]
    if lo > 0 and chunk[:1] == "-" and not s[lo - 1].isspace():
        # whether a "-" stands alone depends on the character before it, which the
        # slice below does not hold
        new = tuple.__new__
        return [
            new(_Tok, (m.start(), m.end(), m[0], m.lastindex == 1))
            for m in _TOKEN.finditer(s, lo, hi)
        ]
    parts = _TOKEN_SPLIT.split(chunk)
    texts = parts[1::2]
    # offsets: the running sum of the parts' lengths; token i runs from edges[2i + 1]
    # to edges[2i + 2]
    edges = list(accumulate(map(len, parts), initial=lo))
    # zip and map run in C: no Python code per token (about 30% less time than a loop)
    words = map(not_, map(_MARK_TOKENS.__contains__, texts))
    return list(map(_new_tok, zip(edges[1:-1:2], edges[2::2], texts, words, strict=True)))


def _cap(t: _Tok) -> bool:
    return t.word and (t.text[0].isupper() or t.text == "&")


def _namey(t: _Tok) -> bool:
    """Capitalised, or a particle/hyphenated part of a name ("el-Khayam")."""
    if not t.word:
        return False
    if t.text[0].isupper():
        return True
    low = t.text.lower()
    return low in NAME_PARTICLES or (not t.text[0].isdigit() and any(c.isupper() for c in t.text))


def _np_back(toks: list[_Tok], j: int) -> int:
    """Return the index of the first token of the noun phrase ending at ``toks[j]``."""
    if toks[j].text.lower() in _PRONOUNS:
        # "Laying into the record in government he said": the pronoun alone
        return j
    i = j
    limit = max(0, j - 11)
    while i >= limit:
        t = toks[i]
        if not t.word:
            break
        low = t.text.lower()
        if not t.text[0].isupper() and low in NP_BREAKS:
            # "of"/"and"/"&" inside a capitalised name: "Bank of England", "Marsh & McLennan"
            if (
                low in _CONNECTORS
                and i < j
                and _cap(toks[i + 1])
                and i > 0
                and (_cap(toks[i - 1]) or toks[i - 1].text.lower() == "of")
            ):
                i -= 1
                continue
            break
        if low in _CONNECTORS and not t.text[0].isupper():
            if (
                i < j
                and _cap(toks[i + 1])
                and i > 0
                and (_cap(toks[i - 1]) or toks[i - 1].text.lower() == "of")
            ):
                i -= 1
                continue
            if low not in _DETS:
                break
        if low in SPEECH_VERBS and not t.text[0].isupper() and i < j:
            break
        i -= 1
        if low in _DETS or low in _OWNERS:
            break
    return i + 1


def _strip_front(words: list[_Tok]) -> list[_Tok]:
    while words and words[0].text in NOT_NAMES and words[0].text.lower() not in DETERMINERS:
        words = words[1:]
    return words


# make_who reads only the words' text and kind, never where they stand; half of the
# phrases on news text come again ("the company", "Analysts"): the answer is kept
_WHO_CACHE_SIZE = 20_000
_who_cache: dict[tuple[tuple[str, bool], ...], Who | None] = {}


def make_who(words: list[_Tok]) -> Who | None:
    """Return the speaker a noun phrase names, or None when it names nobody."""
    key = tuple([(t.text, t.word) for t in words])
    if key in _who_cache:
        return _who_cache[key]
    who = _make_who(words)
    if len(_who_cache) < _WHO_CACHE_SIZE:
        _who_cache[key] = who
    return who


def _make_who(words: list[_Tok]) -> Who | None:
    if len(words) == 1 and words[0].text.lower() in _PRONOUNS:
        return Who(words[0].text, None, "pronoun", words[0].text.lower())
    words = _strip_front(words)
    if not words:
        return None
    last = words[-1]
    low_last = last.text.lower()
    first_low = words[0].text.lower()
    definite = (
        first_low in ("the", "this", "that")
        or first_low in _OWNERS
        or words[0].text.endswith(("'s", "\u2019s"))
    )
    if _namey(last) and not last.text[0].isdigit():
        # name run backwards: capitalised tokens that are not titles
        k = len(words) - 1
        while k >= 0:
            t = words[k]
            low = t.text.lower()
            if low in HONORIFICS or (
                low in TITLE_WORDS and t.text[0].isupper() and k < len(words) - 1
            ):
                break
            if low in _CONNECTORS and 0 < k < len(words) - 1 and _cap(words[k - 1]):
                k -= 1
                continue
            if not _namey(t):
                break
            k -= 1
        name_toks = words[k + 1 :]
        if (
            k >= 0
            and name_toks
            and name_toks[0].text == "of"
            and words[k].text[0].isupper()
            and words[k].text.lower() in TITLE_WORDS
        ):
            # "the Archbishop of Canterbury", "the Governor of the Bank of England"
            k -= 1
            name_toks = words[k + 1 :]
        while name_toks and name_toks[0].text.lower() in _CONNECTORS:
            name_toks = name_toks[1:]
        if not name_toks:
            return None
        if len(name_toks) == 1 and name_toks[0].text.lower().endswith("ly"):
            # "Recently announced changes": an adverb opening the sentence
            return None
        if name_toks[-1].text.lower() in TITLE_WORDS and name_toks[0].text != "of":
            # "The Chancellor said", "the Trade and Industry Secretary said": a title
            # points back to the person holding it
            text = " ".join(t.text for t in words)
            return Who(text, None, "reference", name_toks[-1].text.lower(), True)
        rest = words[: k + 1]
        honorific = bool(rest) and rest[-1].text.lower().rstrip(".") in HONORIFICS
        role_toks = [
            t
            for t in rest
            if t.text.lower() not in _DETS and t.text.lower().rstrip(".") not in HONORIFICS
        ]
        role = " ".join(t.text for t in role_toks) or None
        of = next((i for i, t in enumerate(name_toks) if t.text == "of"), -1)
        if of >= 2 and not any(
            t.text.lower() in ORG_WORDS or t.text.lower() in TITLE_WORDS for t in name_toks[:of]
        ):
            # "David Horner of Merrill Lynch": a person, then where they work
            where = " ".join(t.text for t in name_toks[of + 1 :])
            role = f"{role} {where}" if role else where
            name_toks = name_toks[:of]
        name = " ".join(t.text for t in name_toks)
        if (
            all(t.text.lower() in _COMMON for t in name_toks)
            and not honorific
            and not (first_low == "the" and name_toks[-1].text.lower() in ORG_NOUNS)
        ):
            # ("the Board", "the Bank" stay names: fullest() finds "State Water Board")
            # "Analysts said", "Police say": a capitalised common noun, not a name
            return Who(
                " ".join(t.text for t in words if t.text.lower() not in _DETS),
                None,
                "generic",
                name_toks[-1].text.lower(),
                True,
            )
        person = honorific or any(
            t.text.lower() in TITLE_WORDS or t.text.lower() in PERSON_NOUNS for t in role_toks
        )
        return Who(name, role, "name", name_toks[-1].text.lower(), person)
    if last.text[0].isdigit():
        return None
    nouns = _COMMON
    if low_last not in nouns and not (
        low_last.endswith("s") and first_low in DETERMINERS and first_low not in _DETS
    ):
        return None
    has_caps = any(_cap(t) and t.text not in NOT_NAMES for t in words)
    body = [t for t in words if t.text.lower() not in _DETS]
    text = " ".join(t.text for t in body)
    if low_last in SOURCE_NOUNS and has_caps:
        owner = words[0].text if words[0].text.lower() in _DETS and len(words) > 1 else None
        first_tok = words[1] if owner else words[0]
        if first_tok.text.endswith(("'s", "\u2019s")) and len(body) <= 3:
            # "Halifax's findings": the owner speaks
            base = first_tok.text[:-2]
            return Who(base, None, "name", base.lower())
        # "University College London research", "the World Tourism Organisation figures"
        return Who(text, None, "name", low_last)
    if definite or (first_low == "a" and low_last in SOURCE_NOUNS):
        return Who(
            " ".join(t.text for t in words), None, "reference", low_last, low_last in PERSON_NOUNS
        )
    if low_last in SOURCE_NOUNS:
        # bare "figures showing" names nobody
        return None
    return Who(text, None, "generic", low_last, low_last in PERSON_NOUNS)


def _who_after(toks: list[_Tok], k: int) -> tuple[Who | None, int]:
    """Parse an inverted subject after the verb at ``k``: 'said managing director Rodrigo Rato'."""
    j = k + 1
    words: list[_Tok] = []
    while j < len(toks) and toks[j].word and len(words) < 8:
        low = toks[j].text.lower()
        if not toks[j].text[0].isupper() and low in _AFTER_BREAKS:
            break
        words.append(toks[j])
        j += 1
    if not words or words[0].text.lower() in ("that", "it", "there"):
        return None, k
    if (
        words[-1].text.lower() in SOURCE_NOUNS
        and j + 1 < len(toks)
        and toks[j].text in ("from", "by")
    ):
        # 'says a report from analysts Gartner': the publisher speaks
        source = _source_from(toks, j - 1, toks[-1].end)
        if source is not None:
            return source.who, j
    who = make_who(words)
    if who is None:
        return None, k
    end_idx = j
    if who.kind == "name" and j < len(toks) and toks[j].text == ",":
        # a role after the name: ", CEO & founder, my6sense."
        m = j + 1
        role_words: list[str] = []
        while m < len(toks) and toks[m].text not in (".", "!", "?") and len(role_words) < 14:
            role_words.append(toks[m].text)
            m += 1
        text = _role_text(role_words)
        if (
            role_words
            and toks[j + 1].word
            and toks[j + 1].text.lower() not in ("who", "which", "whose", "after", "adding")
        ):
            role = who.role or text
            who = Who(who.text, role, who.kind, who.head, who.person or _person_role(role))
    return who, end_idx


def _role_text(words: list[str]) -> str:
    """Join role words without a leading article: "an economist at Banca Ligure"."""
    if words and words[0].lower() in _DETS:
        words = words[1:]
    return " ".join(words).replace(" ,", ",")


def _person_role(role: str) -> bool:
    """Return whether a role names a person's job ("chief executive"), not a body's ("operator")."""
    words = [w.lower().strip(",.") for w in role.split()]
    return any(w in TITLE_WORDS or w in HONORIFICS for w in words) or any(
        w in PERSON_NOUNS and w not in ORG_NOUNS for w in words
    )


def _cap_run(words: list[_Tok]) -> list[_Tok]:
    """Return the longest run of capitalised words (with "of", "and", "&" inside)."""
    best: list[_Tok] = []
    cur: list[_Tok] = []
    for i, t in enumerate(words):
        inner = t.text.lower() in _CONNECTORS and cur and i + 1 < len(words) and _cap(words[i + 1])
        if (_cap(t) and not t.text[0].isdigit()) or inner:
            cur.append(t)
        else:
            cur = []
        if len(cur) > len(best):
            best = list(cur)
    return best


def _is_name_apposition(words: list[_Tok]) -> bool:
    if not 1 <= len(words) <= 4:
        return False
    if any(t.text.lower() in TITLE_WORDS or t.text.lower() in HONORIFICS for t in words):
        return False
    return all(_namey(t) for t in words) and words[-1].text[0].isupper()


def find_cues(s: str, lo: int, hi: int, starts: tuple[int, ...] | None = None) -> tuple[Cue, ...]:
    """Return the attribution cues of the sentence ``s[lo:hi]`` (quotations blanked);
    ``starts`` as for ``triggers``."""
    found = triggers(s, lo, hi, starts)
    if not found:
        return ()
    # tokenise only around the cue words: a subject is at most a dozen words before its
    # verb, and what follows matters only for "..., X said [on Tuesday]."
    wlo = max(lo, found[0].start() - _WINDOW_BEFORE)
    if any(m.lastgroup == "verb" and m.group() in PARTICIPLES for m in found):
        # ", adding that ...": the subject opens the sentence
        wlo = lo
    while wlo > lo and not s[wlo - 1].isspace():
        wlo += 1
    whi = min(hi, found[-1].end() + _WINDOW_AFTER)
    while whi < hi and not s[whi].isspace():
        whi += 1
    toks = tokenize(s, wlo, whi)
    n = len(toks)
    cues: list[Cue] = []
    for m in found:
        kind = m.lastgroup
        at = m.start(kind or 0)
        # the token starting at the cue word (a binary search: a sentence has one or two)
        k = bisect_left(toks, at, key=_START)
        if k == n or toks[k].start != at:
            continue
        cue: Cue | None
        if kind == "acc":
            cue = _according(toks, k, lo, hi)
        elif kind == "src":
            cue = _source_from(toks, k, hi)
        elif kind == "verb":
            cue = _verb(toks, k, lo, hi)
            if cue is not None and toks[k].text in SOURCE_ONLY_VERBS:
                that = k + 1 < len(toks) and toks[k + 1].text == "that"
                if not (
                    cue.who.head in SOURCE_NOUNS
                    or (that and toks[k].text[0] == "f")
                    or _source_before(toks, cue.start, k)
                ):
                    cue = None
            if cue is None and toks[k].text in AGENT_VERBS:
                cue = _agent(toks, k, lo)
        elif kind == "agent":
            cue = _agent(toks, k, lo)
        else:
            cue = _possessive(toks, k, hi)
        if cue is not None and cues and toks[k].text in PARTICIPLES:
            # "..., the ministry said, adding that 12 were children": the same speaker
            cue = Cue(cue.start, cue.end, cues[-1].who, cue.scope, cue.label, cue.continues)
        if cue is not None:
            cues.append(cue)
    return tuple(cues)


def _source_before(toks: list[_Tok], start: int, k: int) -> bool:
    """Return whether the subject from ``start`` to the verb at ``k`` holds a source noun
    ("data from the statistics office showed")."""
    end = toks[k].start
    return any(start <= t.start < end and t.text.lower() in SOURCE_NOUNS for t in toks)


def _according(toks: list[_Tok], k: int, lo: int, hi: int) -> Cue | None:
    j = k + 2
    words: list[_Tok] = []
    while j < len(toks) and toks[j].word and len(words) < 12:
        low = toks[j].text.lower()
        if not toks[j].text[0].isupper() and low in (
            "that",
            "which",
            "who",
            "as",
            "when",
            "while",
            "in",
            "on",
            "at",
        ):
            break
        words.append(toks[j])
        j += 1
    if not words:
        return None
    # "analysis from Poynter": the publisher, not the document
    for i, w in enumerate(words[:-1]):
        if w.text.lower() in ("from", "by") and words[i + 1 :]:
            words = words[i + 1 :]
            break
    who = make_who(words)
    if who is None:
        # "according to official information": the words as written
        text = " ".join(w.text for w in words if w.text.lower() not in _DETS)
        if not text:
            return None
        who = Who(text, None, "generic", words[-1].text.lower())
    start, end = toks[k].start, words[-1].end
    before = sum(1 for t in toks[:k] if t.word)
    after = sum(1 for t in toks[j:] if t.word)
    if before >= 2 and after >= 2:
        scope: tuple[tuple[int, int], ...] = ((lo, start), (end, hi))
    elif before >= 2:
        scope = ((lo, start),)
    else:
        scope = ((end, hi),)
    return Cue(start, end, who, scope, "according to", True)


def _skip_aux(toks: list[_Tok], j: int) -> int:
    while (
        j >= 0
        and toks[j].word
        and toks[j].text.lower() in AUXILIARIES
        and not toks[j].text[0].isupper()
    ):
        j -= 1
    return j


def _verb(toks: list[_Tok], k: int, lo: int, hi: int) -> Cue | None:
    verb = toks[k]
    low = verb.text.lower()
    n = len(toks)
    nxt = toks[k + 1].text.lower() if k + 1 < n else ""
    if nxt == "to" and low in _VERB_TO_PASSIVE:
        return None
    if low in ("added", "adds", "add") and (nxt[:1].isdigit() or nxt in _QUANTITY_WORDS):
        # "Jones added four conversions", "the index added 12 points": not speech
        return None
    label = low
    quoted_as = False
    j = k - 1
    if low in PARTICIPLES:
        # only "was quoted as saying", or ", adding that ..." after the sentence's subject
        if j >= 1 and toks[j].text == "as" and toks[j - 1].text == "quoted":
            quoted_as = True
            j -= 2
            label = "quoted as " + low
        elif j >= 0 and toks[j].text == ",":
            return _sentence_subject(toks, k, low, lo, hi)
        else:
            return None
    j = _skip_aux(toks, j)
    if j >= 0 and toks[j].word and toks[j].text.lower() in BE_FORMS:
        if not quoted_as:
            return None
        j = _skip_aux(toks, j - 1)
    if low in ("told", "tells", "tell") and k + 1 < n:
        # "told Al Arab that", "told reporters"
        m = k + 1
        while m < n and toks[m].word and toks[m].text.lower() != "that" and m - k <= 6:
            m += 1
        if m < n and toks[m].text.lower() == "that":
            label = "told ... that"
    elif nxt == "that":
        label = f"{low} that"
    if j < 0:
        return None
    told = low in ("told", "tells", "tell")
    if toks[j].text in _CLOSING or (toks[j].text == "," and not told and _inverted_ok(toks, k)):
        who, _ = _who_after(toks, k)
        if who is None:
            return None
        return Cue(verb.start, verb.end, who, ((lo, verb.start),), label, low in CONTINUING_VERBS)
    if toks[j].text == ",":
        return _apposition(toks, k, j, label, lo, hi)
    if toks[j].text in ("and", "but"):
        # "The housing ministry disputes the figures and says ...": the sentence's subject
        return _sentence_subject(toks, k, label, lo, hi)
    if (
        toks[j].word
        and toks[j].text.lower() in ("who", "which")
        and j >= 2
        and toks[j - 1].text == ","
    ):
        # "Goldman Sachs, who estimated": the relative pronoun stands for the phrase before it
        f2 = _np_back(toks, j - 2)
        who = make_who([t for t in toks[f2 : j - 1] if t.word])
        if who is None:
            return None
        return Cue(verb.start, verb.end, who, ((verb.end, hi),), label, low in CONTINUING_VERBS)
    first = _np_back(toks, j)
    words = [t for t in toks[first : j + 1] if t.word]
    if not words:
        return None
    close = _close_to(toks, first)
    if close is not None:
        # "Sources close to Mr Hockney said": the sources speak
        start, head = close
        text = " ".join(
            t.text for t in toks[start : j + 1] if t.word and t.text.lower() not in _DETS
        )
        who = Who(text, None, "generic", head, True)
        return _scoped(toks, k, toks[start].start, start, who, label, lo, hi)
    who = make_who(words)
    if who is None:
        return None
    if (
        first >= 2
        and toks[first - 1].text in ("from", "by")
        and (toks[first - 2].text.lower() in SOURCE_NOUNS)
    ):
        # "..., data from the statistics office showed.": the subject starts at "data"
        first = _np_back(toks, first - 2)
        return _scoped(toks, k, toks[first].start, first, who, label, lo, hi)
    return _scoped(toks, k, words[0].start, first, who, label, lo, hi)


def _close_to(toks: list[_Tok], first: int) -> tuple[int, str] | None:
    """Return (start, head) of 'sources close to' / 'people familiar with' before ``first``."""
    i = first - 1
    if i < 1 or toks[i].text not in ("to", "with"):
        return None
    i -= 1
    if toks[i].text in ("close", "familiar", "near", "closest", "loyal"):
        i -= 1
    if i < 0 or toks[i].text.lower() not in PERSON_NOUNS:
        return None
    return _np_back(toks, i), toks[i].text.lower()


def _sentence_subject(toks: list[_Tok], k: int, label: str, lo: int, hi: int) -> Cue | None:
    """Return a cue whose subject is the shortest speaker phrase opening the sentence."""
    if not toks or toks[0].start != lo:
        return None
    words: list[_Tok] = []
    lead = toks[: min(k, 8)]
    if lead and _cap(lead[0]) and lead[0].text not in NOT_NAMES:
        # a name opens the sentence: all of it ("Greenvale Water raised ...")
        n = 1
        while n < len(lead) and (
            _namey(lead[n])
            or (lead[n].text in _CONNECTORS and n + 1 < len(lead) and _cap(lead[n + 1]))
        ):
            n += 1
        who = make_who(lead[:n])
        if who is not None:
            verb = toks[k]
            return Cue(lead[0].start, verb.end, who, ((verb.end, hi),), label, True)
    for t in lead:
        if not t.word:
            return None
        words.append(t)
        who = make_who(words)
        if who is not None and who.kind != "pronoun" or (who is not None and len(words) == 1):
            verb = toks[k]
            return Cue(words[0].start, verb.end, who, ((verb.end, hi),), label, True)
    return None


def _apposition(toks: list[_Tok], k: int, j: int, label: str, lo: int, hi: int) -> Cue | None:
    """'NAME, ROLE, VERB' or 'ROLE, NAME, VERB': the comma at ``j`` ends the apposition."""
    a = j - 1
    while (
        a >= 0
        and toks[a].text not in (",", ";", ":", "(", "\u201c", '"')
        and toks[a].text not in _CLOSING
    ):
        a -= 1
    if a < 1 or toks[a].text != ",":
        return None
    middle = [t for t in toks[a + 1 : j] if t.word]
    first = _np_back(toks, a - 1)
    before = [t for t in toks[first:a] if t.word]
    if not middle or not before:
        return None
    if _is_name_apposition(middle):
        who = make_who(middle)
        if who is None:
            return None
        role = " ".join(t.text for t in _strip_front(before) if t.text.lower() not in _DETS) or None
        who = Who(who.text, role, who.kind, who.head, who.person or _person_role(role or ""))
    else:
        who = make_who(before)
        if who is None:
            return None
        if (
            who.kind != "name"
            and who.head in SOURCE_NOUNS
            and before[0].text.lower() in ("a", "an")
        ):
            # "A previous estimate, contained in a 1998 Department of Transport Document,
            # suggested";
            # a definite "The research, carried out by ..." points back instead
            caps = _cap_run(middle)
            if caps:
                owner = make_who(caps)
                if owner is not None:
                    who = owner
        if middle[0].text.lower() not in (
            "who",
            "which",
            "whose",
            "whom",
            "where",
            "carried",
            "based",
        ):
            role = _role_text([t.text for t in middle])
            who = Who(
                who.text, who.role or role, who.kind, who.head, who.person or _person_role(role)
            )
    return _scoped(toks, k, before[0].start, first, who, label, lo, hi)


def _inverted_ok(toks: list[_Tok], k: int) -> bool:
    """Return whether a speaker phrase (not a clause) follows the verb at ``k``."""
    if k + 1 >= len(toks) or not toks[k + 1].word:
        return False
    low = toks[k + 1].text.lower()
    if low in ("that", "it", "there", "this", "in", "on", "at", "he", "she", "they", "we", "i"):
        return False
    who, _ = _who_after(toks, k)
    return who is not None


def _scoped(
    toks: list[_Tok], k: int, subj_start: int, first: int, who: Who, label: str, lo: int, hi: int
) -> Cue:
    """Give a subject-verb cue its scope: forward, trailing or inserted."""
    verb = toks[k]
    low = verb.text.lower()
    cont = low in CONTINUING_VERBS
    before_tok = toks[first - 1] if first > 0 else None
    if before_tok is not None and (before_tok.text == "," or before_tok.text in _CLOSING):
        # what follows the verb, up to a bracket: read only for a subject after a comma
        # or a quotation (most cues open their sentence's clause and look forward)
        after: list[_Tok] = []
        for t in toks[k + 1 :]:
            if t.text == "(":
                break
            after.append(t)
        if after and after[0].text == ",":
            return Cue(subj_start, verb.end, who, ((lo, subj_start), (verb.end, hi)), label, cont)
        words = [t for t in after if t.word]
        if low in ("told", "tells") and words and not any(t.text.lower() == "that" for t in words):
            # '"...," X told reporters outside the gate.': the object, then asides
            return Cue(subj_start, verb.end, who, ((lo, subj_start),), label, cont)
        if all(t.text in (".", "!", "?") for t in after) or (
            after[0].word
            and after[0].text.lower() in _TRAILING_AFTER
            and len(words) <= 8
            and not any(t.text in _QUOTE_MARKS for t in after)
        ):
            return Cue(subj_start, verb.end, who, ((lo, subj_start),), label, cont)
    return Cue(subj_start, verb.end, who, ((verb.end, hi),), label, cont)


def _agent(toks: list[_Tok], k: int, lo: int) -> Cue | None:
    """'provided by NIH': covers the sentence up to the cue."""
    if k + 2 >= len(toks) or toks[k + 1].text.lower() != "by":
        return None
    j = k + 2
    words: list[_Tok] = []
    while j < len(toks) and toks[j].word and len(words) < 8:
        if not toks[j].text[0].isupper() and toks[j].text.lower() in _AGENT_BREAKS:
            break
        words.append(toks[j])
        j += 1
    if not words or not any(_cap(w) for w in words):
        return None
    who = make_who(words)
    if who is None or who.kind != "name":
        return None
    return Cue(
        toks[k].start, words[-1].end, who, ((lo, toks[k].start),), f"{toks[k].text} by", False
    )


def _source_from(toks: list[_Tok], k: int, hi: int) -> Cue | None:
    """'figures from the Bank of England showed ...', 'estimates from the World Bank put ...'."""
    j = k + 2
    words: list[_Tok] = []
    while j < len(toks) and toks[j].word and len(words) < 10:
        low = toks[j].text.lower()
        if (
            not toks[j].text[0].isupper()
            and low in NP_BREAKS
            and not (low in _CONNECTORS and j + 1 < len(toks) and _cap(toks[j + 1]))
        ):
            break
        if not toks[j].text[0].isupper() and low not in _DETS and low not in _CONNECTORS:
            # a role before the name is read with it: "by UK think-tank Demos"
            if not any(_cap(t) for t in toks[j + 1 : j + 4]):
                break
        words.append(toks[j])
        j += 1
    while words and not _cap(words[-1]):
        words.pop()
    if not words or not any(_cap(w) for w in words):
        return None
    who = make_who(words)
    if who is None or who.kind != "name":
        return None
    label = f"{toks[k].text} {toks[k + 1].text}"
    return Cue(toks[k].start, words[-1].end, who, ((words[-1].end, hi),), label, True)


def _possessive(toks: list[_Tok], k: int, hi: int) -> Cue | None:
    """Cue "the bank's prediction of a 2% drop", "his promise of $5bn": up to the next comma."""
    j = k - 1
    while (
        j >= 0
        and toks[j].word
        and not toks[j].text.endswith(("'s", "\u2019s", "s'"))
        and toks[j].text.lower() not in _OWNERS
        and k - j <= 3
    ):
        if toks[j].text[0].isupper():
            return None
        j -= 1
    if j < 0 or not toks[j].word:
        return None
    owner = toks[j]
    if owner.text.lower() in _OWNERS:
        who: Who | None = Who(
            owner.text, None, "pronoun", "he" if owner.text.lower() in ("his", "her") else "it"
        )
    else:
        base = owner.text[:-2] if owner.text.endswith(("'s", "\u2019s")) else owner.text[:-1]
        if not base:
            return None
        first = _np_back(toks, j - 1) if j > 0 else j
        words = [t for t in toks[first:j] if t.word] + [
            _Tok(owner.start, owner.end - 2, base, True)
        ]
        who = make_who(words)
    if who is None:
        return None
    # only the phrase the noun governs: "prediction of a 2% drop", "promise of $5bn"
    if k + 1 >= len(toks) or toks[k + 1].text not in ("of", "that"):
        return None
    end = hi
    for t in toks[k + 2 :]:
        if t.text in (",", ";", ":") or t.text in ("and", "but", "which", "that", "while"):
            end = t.start
            break
    return Cue(
        owner.start, toks[k].end, who, ((toks[k].end, end),), f"{owner.text} {toks[k].text}", False
    )


__all__ = [
    "TRIGGER",
    "Cue",
    "Who",
    "alternation",
    "find_cues",
    "first_trigger",
    "make_who",
    "matches_at",
    "tokenize",
    "trigger_starts",
    "triggers",
    "word_starts",
]
