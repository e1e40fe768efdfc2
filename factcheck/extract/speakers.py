"""Attribution: who asserts each claim, whether it is quoted, and the words that say so.

``attribute(text, claims)`` fills ``speaker``, ``speaker_role``, ``quote`` and
``cue`` of each claim, following ``shared/eval/ANNOTATION.md`` ("Speakers"):

1. Inside a quotation (attribution_quotes.py) the claim takes the speaker of
   the quotation run: the cue next to any span of the run (``X said: "..."``,
   ``"...," said X``), else the speaker of the run just before it in the same or
   the previous paragraph (a quotation paragraph that continues a person's
   words). ``quote`` is true unless the quotation is a title ("Reconciliation Bill").
2. In a speech transcript (paragraphs headed ``THE PRESIDENT:``, or a text
   titled "Remarks by X on ...") the claim is the turn's speaker's, unless a
   cue in its sentence names a third party ("Shell announced that ...");
   ``quote`` stays false.
3. Otherwise the innermost cue of its sentence whose span covers it
   (attribution_cues.py): "X said that", "..., X said.", "according to X",
   "figures from X", "X's forecast of", "provided by X".
4. With no cue in its sentence, a report begun by "X said" up to two sentences
   earlier in the paragraph goes on, unless a sentence between names a new
   subject, holds a quotation or a cue of its own.
5. A list line ending "(Source, 8/25/25)" or "...: Police (Source, ...)" is that source's.
6. Else the article's own voice: null. Ages and distances in apposition ("Man,
   41,", ", 30 km from the town,") and relative clauses ("..., which employs
   40,000 staff") inside a report are asides: null.

Names are resolved to their fullest form in the nearby text ("Manar Slimi" ->
"Abderrahim Manar Slimi"); titles go to ``speaker_role``; pronouns ("he",
"it") and references ("the bank", "the minister", "the report") go to the
latest fitting speaker or name before them. The work is paragraph by
paragraph and lazy: only paragraphs holding claims (and a few before them,
for references) are read past their quotation marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from factcheck.extract.attribution_cues import (
    Cue,
    alternation,
    find_cues,
    first_trigger,
    make_who,
    matches_at,
    tokenize,
    trigger_starts,
    word_starts,
)
from factcheck.extract.attribution_quotes import QuoteSpan, find_quotes, is_title, word_count
from factcheck.extract.sentences import Splits, sentences
from factcheck.extract.speaker_lexicon import (
    HONORIFICS,
    INSTITUTION_NOUNS,
    NOT_NAMES,
    ORG_NOUNS,
    ORG_WORDS,
    PERSON_NOUNS,
    SOURCE_NOUNS,
    TITLE_WORDS,
)
from factcheck.models import Claim, fill_attribution

# speaker labels of a transcript: "THE PRESIDENT:", "MR. SMITH:", "SECRETARY BLINKEN:"
# (from a newline: re then looks for "\n" alone, ten times faster than trying "^" at every
# position; a label on the first line is no turn anyway)
_LABEL = re.compile(
    r"\n(?P<label>(?:THE|MR\.?|MRS\.?|MS\.?|DR\.?|SECRETARY|PRESIDENT|VICE|GOVERNOR|SENATOR|MAYOR|"
    r"GENERAL|ADMIRAL|AMBASSADOR|PRIME|MINISTER|CHAIRMAN|COMMISSIONER|DIRECTOR|SPEAKER|LEADER)"
    r"(?: [A-Z][A-Z.'\u2019-]+){0,3}|[A-Z][A-Z'\u2019-]+ [A-Z][A-Z'\u2019-]+):[^\S\n]"
)
# first line of a speech: "Remarks by President Biden on ...", "Statement from Ann Lee"
_SPEECH_TITLE = re.compile(
    r"\s*(?P<kind>(?:Prepared )?(?:Remarks|Statement|Speech|Address|Testimony|Keynote|"
    r"Op-Ed|Letter)(?: as Prepared for Delivery)?)\s+(?P<by>by|of|from)\s+"
    r"(?P<who>[^\n:,]+?)(?=\s+(?:on|at|to|before|in|for|about|regarding)\s|\s*[:,\n]|\s*$)"
)
# a question opening a line: "Q:", "Q " (after a newline, as _LABEL: "^" in MULTILINE
# mode is tried at every position of the text)
_QUESTION = re.compile(r"\nQ(?::|[^\S\n])")
_FIRST_QUESTION = re.compile(r"Q(?::|[^\S\n])")
# "(WLS-TV, 8/25/25)", "(Reuters, March 3, 2024)" closing a list line
_CITATION = re.compile(
    r"\((?P<src>[A-Z][^()\n]{1,60}?),\s*"
    r"(?:\d{1,2}/\d{1,2}/\d{2,4}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{4})\)\s*$"
)
# "...: Police (WTTW-TV, 7/7/25)", "...: Chicago police"
_COLON_SOURCE = re.compile(
    r":\s+(?P<src>(?:[A-Z][\w.-]*\s+)?[A-Za-z][\w.-]*)\s*(?:\([^()]*\))?\s*$"
)
_AGE_ASIDE = re.compile(r"[A-Za-z][\w-]*,\s$")
_RELATIVE = re.compile(r",\s+(?:which|who|whose)\s")
_PERSON_MENTION = re.compile(
    # the look-ahead on the first letter fails most positions before the title trie
    # is tried (2.4 times faster over a text, the same matches)
    r"\b(?=(?i:["
    + re.escape("".join(sorted({w[0].lower() for w in TITLE_WORDS | HONORIFICS})))
    + r"]))"
    r"(?P<title>(?i:" + alternation(TITLE_WORDS | HONORIFICS) + r"))\.?\s+"
    r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+(?:[A-Z][\w'\u2019-]+|[A-Z]\.?(?!\w)|el-\w+|al-\w+)){0,3})"
)
# every match of _PERSON_MENTION starts at a word that opens a title or honorific
_TITLE_OPENERS = frozenset(
    re.findall(r"\w+", w)[0].encode("ascii") for w in TITLE_WORDS | HONORIFICS
)
_NAME_AROUND = re.compile(r"[A-Z][\w'\u2019.-]*|&|of|de|el|al|bin|van|von|der|du|la|le")
_LOOKBACK_PARAGRAPHS = 2
_TITLES_HONORIFICS = TITLE_WORDS | HONORIFICS
# country abbreviations that open sentences without speaking ("US firms created ...")
_PLACES = frozenset({"US", "UK", "USA", "UAE", "EU", "UN", "U.S", "U.K"})
# a capitalised name opening a sentence, followed by a lower-case verb ("Yukos accused")
_SUBJECT_NAME = re.compile(
    r"[A-Z][\w&'\u2019-]*(?:\.[\w-]+)*(?:\s+(?:&|of|[A-Z][\w&'\u2019-]*(?:\.[\w-]+)*))*"
    r"(?=\s+[a-z])"
)
# a report goes on for at most two sentences after its cue: on dev every continued
# report ended by then, and three sentences on the article was back in its own voice
_CONTINUE_SENTENCES = 2
_NEXT_LINE = re.compile(r"\n\s*(\S)")
_FIRST_WORDS = re.compile(
    r"[\"\u201c\u2018(]*([^\W\d_][\w'\u2019.&-]*)(?:,?\s+([^\W\d_][\w'\u2019.&-]*))?"
)
# ", 30 km from the town," / ", some 200 miles north of the capital,"
_AGE_OPEN = re.compile(r"(?:,|\bwas|\bis) an? $")
_APPOSITION_OPEN = re.compile(r",\s(?:about |some |around |nearly |roughly |almost )?$")
_DISTANCE_ASIDE = re.compile(
    r"\s?(?:km|kilometres|kilometers|miles|mi|metres|meters|m|feet|ft)\b[^,.;]{0,40}?"
    r"\b(?:from|away|north|south|east|west|outside|off|of|inland|offshore)\b[^,.;]*,"
)
_LOOKBACK_CHARS = 6000
# a word capitalised mid-sentence is looked for within 5,000 to 10,000 characters
# (blocks of this size: the one holding the position and its neighbours)
_NAME_BLOCK = 5000
# a capitalised name, "Marsh & McLennan", "Bank of England"
_ORG_NAME = re.compile(
    r"[A-Z][\w'\u2019-]*(?:\.[\w'\u2019-]+)*(?:\s+(?:&|of|[A-Z][\w'\u2019-]*(?:\.[\w-]+)*))*"
)
# how far back a person or organisation named in passing is looked for
_MENTION_CHARS = 2000


# _Found and _Known are not frozen (nothing changes one once built): a frozen
# dataclass sets each field through object.__setattr__, six times the cost, and
# ~45,000 of them are built per 10 MB
@dataclass(slots=True)
class _Found:
    speaker: str | None
    role: str | None
    cue: str | None


_NOBODY = _Found(None, None, None)
# a sentence: (start, end) in the text
_Span = tuple[int, int]


@dataclass(slots=True)
class _Known:
    """A speaker or name seen before a position: the memory that resolves references."""

    pos: int
    name: str
    role: str | None
    person: bool
    org: bool


def attribute(
    text: str, claims: list[Claim], *, split: Splits | None = None, in_place: bool = False
) -> list[Claim]:
    """Return the claims with speaker, speaker_role, quote and cue filled in.

    ``split``: sentences of paragraphs of this text, all or the first ones of each, as the
    claim loop of ``find_claims`` split them. ``in_place``: the claims are the caller's
    own, held and hashed by no one else yet, and are filled in rather than copied.
    """
    if not claims:
        return claims
    doc = _Document(text, split)
    out: list[Claim] = []
    pi = para_end = -1
    plain = False
    for claim in claims:
        if claim.start >= para_end:
            pi = doc.paragraph_of(claim.start)
            para_end = doc.bounds(pi)[1]
            plain = doc.plain(pi)
        if plain and claim.speaker is None and not claim.quote:
            # no cue word, quotation, turn or cited source in the paragraph: the article's
            out.append(claim)
            continue
        start = claim.start
        # the paragraph found above holds the claim unless the claims come out of order
        found, quote = doc.attribute(
            start, claim.end, pi if pi <= start < para_end else doc.paragraph_of(start)
        )
        if found.speaker is not None:
            name = _bare_name(found.speaker)
            if name is None:
                found = _NOBODY
            elif name != found.speaker:
                # most names come bare already: no new _Found for them (~49,000 per 10 MB)
                found = _Found(name, found.role, found.cue)
        if found is _NOBODY and not quote and claim.speaker is None and not claim.quote:
            out.append(claim)
            continue
        if in_place:
            out.append(fill_attribution(claim, found.speaker, found.role, quote, found.cue))
        else:
            out.append(claim.attributed(found.speaker, found.role, quote, found.cue))
    return out


def _is_org(name: str) -> bool:
    toks = name.replace("&", " & ").split()
    if "&" in toks or len(toks) == 1:
        return True
    return any(
        t.lower().strip(".'\u2019s") in ORG_WORDS or (t.isupper() and len(t) >= 2) for t in toks
    )


class _Document:
    """One text under attribution: paragraphs, quotations, and caches filled on demand."""

    def __init__(self, text: str, split: Splits | None = None) -> None:
        self.text = text
        self._split = split
        self._bounds: dict[int, int] = {}
        self.quotes: list[QuoteSpan] = (
            find_quotes(text) if any(c in text for c in '"\u201c\u201d\u00ab\u00bb\u2018') else []
        )
        self.quote_starts = [q.start for q in self.quotes]
        self._sentences: dict[int, tuple[_Span, ...]] = {}
        # a sentence's cues and quotation check, by where it starts: kept in dicts of
        # the document rather than an object per sentence, which the collector would track
        self._cues: dict[int, tuple[Cue, ...]] = {}
        self._long_quotes: dict[int, bool] = {}
        self._masked: dict[int, str] = {}
        self._cue_word: dict[int, int] = {}
        self._starts: dict[int, tuple[int, ...] | None] = {}
        self._run_speaker: dict[int, tuple[_Found, int] | None] = {}
        self._fullest: dict[str, str] = {}
        self._names: dict[tuple[str, int], bool] = {}
        self._resolved: dict[tuple[int, int], _Found] = {}
        self._spans: dict[int, tuple[_Span, ...]] = {}
        self.turns = self._transcript_turns()
        self._turn_starts = [t[0] for t in self.turns]

    # --- structure -------------------------------------------------------

    def paragraph_of(self, pos: int) -> int:
        """Return the start of the paragraph (non-blank line) holding ``pos``: its key."""
        text = self.text
        lo = text.rfind("\n", 0, pos) + 1
        while lo < pos and text[lo].isspace():
            lo += 1
        return lo

    def bounds(self, pi: int) -> tuple[int, int]:
        """Return (start, end) of the paragraph starting at ``pi``, spaces trimmed."""
        hi = self._bounds.get(pi)
        if hi is None:
            text = self.text
            hi = text.find("\n", pi)
            if hi < 0:
                hi = len(text)
            while hi > pi and text[hi - 1].isspace():
                hi -= 1
            self._bounds[pi] = hi
        return pi, hi

    def previous(self, pi: int) -> int | None:
        """Return the key of the non-blank paragraph before ``pi``, None at the start."""
        e = self.text.rfind("\n", 0, pi)
        while e > 0 and self.text[e - 1].isspace():
            e -= 1
        if e <= 0:
            return None
        return self.paragraph_of(e - 1)

    def following(self, pi: int) -> int | None:
        """Return the key of the non-blank paragraph after ``pi``, None at the end."""
        _, hi = self.bounds(pi)
        m = _NEXT_LINE.search(self.text, hi)
        return m.start(1) if m else None

    def plain(self, pi: int) -> bool:
        """Return whether nothing in paragraph ``pi`` can attribute a claim to anyone."""
        if self.turns:
            return False
        lo, hi = self.bounds(pi)
        text = self.text
        if hi > lo and text[hi - 1] == ")":
            return False
        if self.quoted(pi):
            return False
        return not self.has_cue_word(pi)

    def quoted(self, pi: int) -> bool:
        """Return whether a quotation overlaps paragraph ``pi``."""
        if not self.quotes:
            return False
        lo, hi = self.bounds(pi)
        i = bisect_right(self.quote_starts, hi) - 1
        return i >= 0 and self.quotes[i].end > lo

    def has_cue_word(self, pi: int) -> bool:
        """Return whether paragraph ``pi`` holds a word that can start a cue (scanned once)."""
        return self.first_cue_word(pi) >= 0

    def first_cue_word(self, pi: int) -> int:
        """Return where the first word that can start a cue in paragraph ``pi`` starts, or -1."""
        got = self._cue_word.get(pi)
        if got is None:
            lo, hi = self.bounds(pi)
            got = first_trigger(self.text, lo, hi, self.cue_word_starts(pi))
            self._cue_word[pi] = got
        return got

    def cue_word_starts(self, pi: int) -> tuple[int, ...] | None:
        """Return trigger_starts of paragraph ``pi``: its sentences' cue words are looked
        for there, with one scan of the paragraph (a sentence ends on a mark, so no word
        runs across the end of one)."""
        if pi in self._starts:
            return self._starts[pi]
        lo, hi = self.bounds(pi)
        got = self._starts[pi] = trigger_starts(self.text, lo, hi)
        return got

    def quote_at(self, start: int, end: int) -> QuoteSpan | None:
        i = bisect_right(self.quote_starts, start) - 1
        if i >= 0:
            q = self.quotes[i]
            if q.start < start and end <= q.end:
                return q
        return None

    def masked(self, pi: int) -> str:
        """Return paragraph ``pi`` with the inside of its quotations blanked (same length)."""
        got = self._masked.get(pi)
        if got is not None:
            return got
        lo, hi = self.bounds(pi)
        chunk = self.text[lo:hi]
        if self.quotes:
            i = bisect_right(self.quote_starts, lo) - 1
            i = max(i, 0)
            parts: list[str] = []
            last = lo
            while i < len(self.quotes) and self.quotes[i].start < hi:
                q = self.quotes[i]
                i += 1
                if q.end <= lo:
                    continue
                s = max(q.start + 1, lo) if q.start >= lo else lo
                e = q.end - 1 if q.closed else q.end
                e = min(e, hi)
                if s >= e or s < last:
                    continue
                parts.append(self.text[last:s])
                parts.append(" " * (e - s))
                last = e
            parts.append(self.text[last:hi])
            chunk = "".join(parts)
        self._masked[pi] = chunk
        return chunk

    def spans(self, pi: int) -> tuple[_Span, ...]:
        """Return the (start, end) of each sentence of paragraph ``pi``."""
        got = self._spans.get(pi)
        if got is None:
            lo, hi = self.bounds(pi)
            known = None if self._split is None else self._split.get(pi)
            if known is None:
                got = tuple(sentences(self.text, lo, hi))
            elif known[1]:
                got = known[0]
            else:
                # the rest split from the last sentence given on, not from the start
                first = known[0]
                got = (*first[:-1], *sentences(self.text, lo, hi, resume=first[-1][0]))
            self._spans[pi] = got
        return got

    def sentences_of(self, pi: int) -> tuple[_Span, ...]:
        """Return the sentences of paragraph ``pi``; none when it holds no cue word."""
        got = self._sentences.get(pi)
        if got is None:
            # no cue word: no cue, no report to continue
            got = self.spans(pi) if self.has_cue_word(pi) else ()
            self._sentences[pi] = got
        return got

    def cues(self, sent: _Span, pi: int) -> tuple[Cue, ...]:
        """Return the cues of a sentence of paragraph ``pi``, found on first use."""
        start, end = sent
        got = self._cues.get(start)
        if got is None:
            if self.quoted(pi):
                masked = self.masked(pi)
                found = find_cues(masked, start - pi, end - pi)
                got = tuple([_shift(c, pi) for c in found])
            elif end <= self.first_cue_word(pi):
                # the paragraph's first cue word comes after the sentence: a sentence ends
                # before a space, so no cue word the sentence alone holds starts earlier
                got = ()
            else:
                # nothing to blank: the text itself, offsets as they are (the character
                # before a paragraph is a space or none, as at the start of a copy)
                got = find_cues(self.text, start, end, self.cue_word_starts(pi))
            self._cues[start] = got
        return got

    def has_long_quote(self, sent: _Span) -> bool:
        """Return whether the sentence holds a quotation of three words or more (not a title)."""
        got = self._long_quotes.get(sent[0])
        if got is None:
            got = self._long_quotes[sent[0]] = self.long_quote(*sent)
        return got

    def long_quote(self, s: int, e: int) -> bool:
        i = bisect_right(self.quote_starts, e) - 1
        while i >= 0 and self.quotes[i].end > s:
            q = self.quotes[i]
            inner = self.text[q.start + 1 : q.end - 1 if q.closed else q.end]
            if q.start < e and word_count(inner) >= 3 and not is_title(inner):
                return True
            i -= 1
        return False

    def _transcript_turns(self) -> list[tuple[int, _Found]]:
        """Return (position, speaker) of each turn when the text is a transcript, else []."""
        labels = list(_LABEL.finditer(self.text))
        questions = [m.start() + 1 for m in _QUESTION.finditer(self.text)] if labels else []
        if labels and _FIRST_QUESTION.match(self.text):
            questions.insert(0, 0)
        if len(labels) + len(questions) < 2:
            return self._titled_speech()
        turns = [(m.start("label"), self._label_speaker(m.group("label"))) for m in labels]
        turns += [(q, _NOBODY) for q in questions]
        turns.sort(key=lambda t: t[0])
        return turns

    def _titled_speech(self) -> list[tuple[int, _Found]]:
        """A speech without turn labels: "Remarks by Governor Ann Lee on ..." on its first line
        makes her the speaker of the whole text."""
        m = _SPEECH_TITLE.match(self.text)
        if m is None:
            return []
        toks = [t for t in tokenize(m.group("who"), 0, len(m.group("who"))) if t.word]
        who = make_who(toks)
        if who is None or who.kind == "pronoun":
            return []
        cue = m.group("kind") + " " + m.group("by")
        if who.kind == "name":
            return [(0, _Found(self.fullest(who.text, 0), who.role, cue))]
        return [(0, _Found(_without_article(who.text), None, cue))]

    def _label_speaker(self, label: str) -> _Found:
        words = [w for w in label.replace(".", "").split() if w != "THE"]
        titles = [w for w in words if w.lower() in TITLE_WORDS or w.lower() in HONORIFICS]
        names = [w for w in words if w not in titles]
        cue = f"{label}:"
        if names:
            spelt = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in names)
            name = self.fullest(spelt, len(self.text))
            role = " ".join(w.capitalize() for w in titles if w.lower() not in HONORIFICS) or None
            return _Found(name, role, cue)
        title = " ".join(w.capitalize() for w in titles)
        m = re.search(
            rf"\b{re.escape(title)}\s+([A-Z][\w'\u2019-]+(?:\s+[A-Z]\.?(?!\w))?(?:\s+[A-Z][\w'\u2019-]+)*)",
            self.text,
        )
        if m:
            return _Found(m.group(1), title, cue)
        return _Found(f"the {title}", None, cue)

    # --- per claim ------------------------------------------------------

    def attribute(self, start: int, end: int, pi: int) -> tuple[_Found, bool]:
        """Return who asserts the claim at ``start:end`` of paragraph ``pi``, and whether
        it is quoted."""
        q = self.quote_at(start, end)
        quoted = False
        if q is not None:
            inner = self.text[q.start + 1 : q.end - 1 if q.closed else q.end]
            if is_title(inner):
                q = None
            else:
                quoted = True
        sents = self.sentences_of(pi)
        si = _sentence_index(sents, start)
        if self.turns:
            turn = self._turn(start)
            cue = self._cover(sents[si], pi, start, end) if si is not None else None
            if cue is not None and cue.who.kind != "pronoun":
                found = self.resolve(cue, pi)
                if found.speaker is not None:
                    return found, False
            return turn, False
        if q is not None:
            got = self.run_speaker(q.run, pi)
            if got is not None:
                return got[0], True
        if si is not None:
            sent = sents[si]
            cue = self._cover(sent, pi, start, end)
            if cue is not None:
                if not quoted and (self._aside(start, end, sent, cue)):
                    return _NOBODY, quoted
                return self.resolve(cue, pi), quoted
            if not self.cues(sent, pi):
                cue = self._continued(sents, si, pi)
                if cue is not None and not quoted and not self._aside(start, end, sent, cue):
                    return self.resolve(cue, pi), quoted
        if not quoted and self._age_aside(start, end):
            return _NOBODY, quoted
        return self._list_source(pi, start), quoted

    def _turn(self, pos: int) -> _Found:
        i = bisect_right(self._turn_starts, pos) - 1
        return self.turns[i][1] if i >= 0 else _NOBODY

    def _cover(self, sent: _Span, pi: int, start: int, end: int) -> Cue | None:
        """Return the innermost cue of the sentence whose scope covers the span.

        Innermost: the cue standing inside the most other covering cues' scopes
        ("the EU has said ..., according to the WSJ" -> the EU), then the
        nearest one before the span.
        """
        cues = self.cues(sent, pi)
        if not cues:
            return None
        covering = [c for c in cues if any(s <= start and end <= e for s, e in c.scope)]
        if len(covering) <= 1:
            return covering[0] if covering else None

        def rank(c: Cue) -> tuple[int, int, int]:
            inside = sum(
                1 for o in covering if o is not c and any(s <= c.start < e for s, e in o.scope)
            )
            before = 1 if c.start < start else 0
            return (inside, before, -abs(start - c.start))

        return max(covering, key=rank)

    def _continued(self, sents: tuple[_Span, ...], si: int, pi: int) -> Cue | None:
        """Return the cue of an earlier sentence whose report this sentence continues."""
        if self.has_long_quote(sents[si]) or self._new_subject(sents[si]):
            return None
        j = si - 1
        while j >= max(0, si - _CONTINUE_SENTENCES):
            sent = sents[j]
            cues = self.cues(sent, pi)
            if cues:
                if self.has_long_quote(sent):
                    return None
                cue = cues[-1]
                return cue if cue.continues else None
            if self.has_long_quote(sent) or self._new_subject(sent):
                return None
            j -= 1
        return None

    def _new_subject(self, sent: _Span) -> bool:
        """Return whether a sentence opens on a name of its own ("Mitch killed", "Marsh posted").

        A capitalised first word is a name when another capitalised word follows it
        ("Valmet Automotive shed"), it is an acronym, or the text capitalises it
        mid-sentence too; "Imports dropped" opens on a common noun.
        """
        m = _FIRST_WORDS.match(self.text, sent[0], sent[1])
        if m is None:
            return False
        word, nxt = m.group(1), m.group(2)
        if not word[0].isupper() or word in NOT_NAMES:
            return False
        return self._is_name([word, nxt] if nxt and nxt[0].isupper() else [word], sent[0])

    def _is_name(self, words: list[str], pos: int) -> bool:
        """Return whether capitalised words opening a sentence are a name, not a common noun:
        two of them ("Valmet Automotive"), an acronym, or capitalised mid-sentence elsewhere."""
        word = words[0]
        if word.lower() in PERSON_NOUNS or word.lower() in ORG_NOUNS:
            return False
        if word.isupper() or (len(words) > 1 and words[1] not in NOT_NAMES):
            return True
        base = word.removesuffix("'s").removesuffix("\u2019s")
        # the text near ``pos`` only: the whole of a long input (many articles in one
        # text) costs a scan per new word and lets another article decide
        block = pos // _NAME_BLOCK
        got = self._names.get((base, block))
        if got is None:
            lo = max(0, (block - 1) * _NAME_BLOCK)
            got = self._capitalised_inside(base, lo, (block + 2) * _NAME_BLOCK)
            self._names[(base, block)] = got
        return got

    def _capitalised_inside(self, word: str, lo: int, hi: int) -> bool:
        """Return whether ``word`` stands capitalised after a lower-case word or a comma
        between ``lo`` and ``hi``."""
        text = self.text
        i = text.find(" " + word, lo, hi)
        while i > 0:
            j = i + 1 + len(word)
            if (text[i - 1].islower() or text[i - 1] in ",;:") and (
                j >= len(text) or not text[j].isalnum()
            ):
                return True
            i = text.find(" " + word, j, hi)
        return False

    def _aside(self, start: int, end: int, sent: _Span, cue: Cue) -> bool:
        if self._age_aside(start, end) or self._place_aside(start, end):
            return True
        chunk = self.text[sent[0] : start]
        if "wh" not in chunk:
            # each word _RELATIVE ends in holds "wh": no match, without running it
            return False
        last = None
        for m in _RELATIVE.finditer(chunk):
            last = m
        if last is None:
            return False
        clause_start = sent[0] + last.start()
        if "," in self.text[clause_start + 1 : start]:
            return False
        return cue.start < clause_start

    def _place_aside(self, start: int, end: int) -> bool:
        """ "the fire, 30 km from the town, destroyed": a distance in apposition describes."""
        before = self.text[max(0, start - 12) : start]
        if not _APPOSITION_OPEN.search(before):
            return False
        return _DISTANCE_ASIDE.match(self.text, end, min(len(self.text), end + 60)) is not None

    def _age_aside(self, start: int, end: int) -> bool:
        """Ages in apposition ("Man, 41, killed", ", a 34-year-old from Eastfield,") describe."""
        if end - start > 3 or not self.text[start:end].isdigit():
            return False
        if self.text.startswith("-year-old", end) and _AGE_OPEN.search(
            self.text[max(0, start - 6) : start]
        ):
            return True
        return self.text[end : end + 1] == "," and bool(
            _AGE_ASIDE.search(self.text[max(0, start - 30) : start])
        )

    def _list_source(self, pi: int, pos: int) -> _Found:
        """Return the source a list line cites at its end, "(WLS-TV, 8/25/25)"."""
        lo, hi = self.bounds(pi)
        if self.text[hi - 1] != ")":
            return _NOBODY
        line = self.text[lo:hi]
        m = _CITATION.search(line)
        if m is None:
            return _NOBODY
        head = line[: m.start()]
        c = _COLON_SOURCE.search(head)
        if c is not None and lo + c.start() > pos:
            src = c.group("src")
            last = src.split()[-1]
            if (
                last.lower() in PERSON_NOUNS
                or last.lower() in ORG_NOUNS
                or (last.isupper() and len(last) >= 2)
            ):
                return _Found(src, None, ": " + src)
        return _Found(m.group("src").strip(), None, "(source, date)")

    # --- quotation runs ----------------------------------------------------

    def run_speaker(self, run: int, pi_hint: int) -> tuple[_Found, int] | None:
        """Return the speaker of a quotation run and the paragraph it was found in."""
        if run in self._run_speaker:
            return self._run_speaker[run]
        self._run_speaker[run] = None  # guards the look-back below
        i = bisect_right(self.quote_starts, self.bounds(pi_hint)[1]) - 1
        while i > 0 and self.quotes[i].run > run:
            i -= 1
        while i > 0 and self.quotes[i - 1].run == run:
            i -= 1
        first = self.quotes[i] if 0 <= i < len(self.quotes) and self.quotes[i].run == run else None
        result: tuple[_Found, int] | None = None
        k = i
        while first is not None and k < len(self.quotes) and self.quotes[k].run == run:
            q = self.quotes[k]
            k += 1
            for pos in (q.start, q.end - 1):
                pi = self.paragraph_of(pos)
                sents = self.sentences_of(pi)
                si = _sentence_index(sents, pos)
                if si is None:
                    continue
                cue = self._cover(sents[si], pi, pos, pos + 1)
                if cue is not None:
                    found = self.resolve(cue, pi)
                    if found.speaker is not None:
                        result = (found, pi)
                        break
            if result is not None:
                break
        if result is None and first is not None:
            result = self._colon_speaker(first)
        if result is None and first is not None:
            # a quotation that continues the words of the run before it
            start_pi = self.paragraph_of(first.start)
            if i > 0:
                prev = self.quotes[i - 1]
                prev_pi = self.paragraph_of(prev.start)
                at_start = first.start == start_pi
                if prev_pi == start_pi or (prev_pi == self.previous(start_pi) and at_start):
                    got = self.run_speaker(prev.run, prev_pi)
                    if got is not None:
                        result = got
        self._run_speaker[run] = result
        return result

    def _colon_speaker(self, q: QuoteSpan) -> tuple[_Found, int] | None:
        """'Mourinho had his say, complaining: "Five-four is ..."': the sentence's subject."""
        pi = self.paragraph_of(q.start)
        head = self.text[pi : q.start].rstrip()
        if not head.endswith(":"):
            return None
        sents = self.sentences_of(pi) or ((pi, q.start),)
        si = _sentence_index(sents, q.start - 1) if sents else None
        s = sents[si][0] if si is not None else pi
        m = _SUBJECT_NAME.match(self.text, s, q.start)
        if m is None:
            return None
        words = m.group().split()
        if words[0] in NOT_NAMES or not self._is_name(words, s):
            return None
        return _Found(self.fullest(m.group(), s), None, "colon"), pi

    # --- resolution ----------------------------------------------------------

    def resolve(self, cue: Cue, pi: int) -> _Found:
        """Return the speaker a cue names, its references resolved (once per cue)."""
        key = (cue.start, cue.end)
        got = self._resolved.get(key)
        if got is None:
            got = self._resolve(cue, pi)
            self._resolved[key] = got
        return got

    def _resolve(self, cue: Cue, pi: int) -> _Found:
        who = cue.who
        label = cue.label
        if who.kind == "name":
            return _Found(self.fullest(who.text, cue.start), who.role, label)
        if who.kind == "generic":
            return _Found(who.text, who.role, label)
        head = who.head
        # a reviewer sees which words were resolved: "she said", "the company said"
        if label == "according to":
            label = f"according to {who.text}"
        elif label[0].islower() and " by" not in label and " from" not in label:
            label = f"{who.text} {label}"
        pick: _Known | None
        if who.kind == "pronoun":
            if head in ("i", "we"):
                return _Found(None, None, label)
            want = "person" if head in ("he", "she") else "org" if head == "it" else "any"
            pick = self.nearest(cue.start, pi, want)
            if pick is None:
                return _Found(None, None, label)
            return _Found(self.fullest(pick.name, pick.pos), pick.role, label)
        # reference: "the bank", "the minister", "the report"
        if not _anaphoric(who.text):
            # "the housing ministry": a description that names, unless a speaker had that name
            pick = self.nearest(cue.start, pi, "any", head)
            if pick is None or not pick.name.lower().endswith(head):
                return _Found(_without_article(who.text), None, label)
            return _Found(self.fullest(pick.name, pick.pos), pick.role, label)
        if who.person or (head in PERSON_NOUNS and head not in ORG_NOUNS):
            pick = self.nearest(cue.start, pi, "person", head)
            if pick is not None and len(who.text.split()) > 2 and not _prefers(pick, head):
                # "the campaign's director": only someone holding that role, else as written
                pick = None
        else:
            pick = self.nearest(cue.start, pi, "org", head if head in SOURCE_NOUNS else "")
            if pick is None and head in SOURCE_NOUNS:
                pick = self._named_after(pi, cue.end)
        if pick is None:
            return _Found(_without_article(who.text), None, label)
        return _Found(self.fullest(pick.name, pick.pos), pick.role, label)

    def nearest(self, pos: int, pi: int, want: str, head: str = "") -> _Known | None:
        """Return the latest person / organisation / anyone named before ``pos``.

        Speakers of earlier cues, walking back paragraph by paragraph; for a
        person also a name after a title in the text between ("professor
        Richard Allsop"); for an organisation with nothing found, the latest
        organisation-like name. With ``head``, a speaker whose name ends in it
        ("the research" -> "University College London research") or whose role
        holds it ("the minister") wins over a nearer one.
        """
        if want == "person":
            return self._nearest_person(pos, pi, head)
        found: _Known | None = None
        preferred: _Known | None = None
        key: int | None = pi
        for _ in range(_LOOKBACK_PARAGRAPHS + 1):
            if key is None or (found is not None and (preferred is not None or not head)):
                break
            for sent in reversed(self.sentences_of(key)):
                if sent[0] >= pos:
                    continue
                for cue in reversed(self.cues(sent, key)):
                    if cue.start >= pos:
                        continue
                    for k in _candidates(cue):
                        if not _fits(k, want):
                            continue
                        if found is None:
                            found = k
                        if head and preferred is None and _prefers(k, head):
                            preferred = k
                if found is not None and (preferred is not None or not head):
                    break
            key = self.previous(key)
        if preferred is not None:
            found = preferred
        if want == "org":
            subject = self._sentence_subject_before(pos, pi)
            if subject is not None and (found is None or (subject.pos > found.pos and not head)):
                found = subject
        if want == "org" and found is None:
            found = self._org_mention(max(0, pos - _MENTION_CHARS), pos)
        return found

    def _sentence_subject_before(self, pos: int, pi: int) -> _Known | None:
        """Return the name opening the latest sentence before ``pos`` in this or the previous
        paragraph ("Yukos accused Gazprom ... It has said ..." -> Yukos)."""
        key: int | None = pi
        for _ in range(2):
            if key is None:
                return None
            for s, e in reversed(self.spans(key)):
                if s >= pos:
                    continue
                m = _SUBJECT_NAME.match(self.text, s, e)
                if m is not None:
                    name = m.group().rstrip(".")
                    words = name.split()
                    if (
                        words[0] not in NOT_NAMES
                        and name not in _PLACES
                        and not any(
                            w.lower() in TITLE_WORDS or w.lower().rstrip(".") in HONORIFICS
                            for w in words
                        )
                    ):
                        if not name.endswith(("'s", "\u2019s")) and self._is_name(words, s):
                            return _Known(s, name, None, False, True)
            key = self.previous(key)
        return None

    def _nearest_person(self, pos: int, pi: int, head: str) -> _Known | None:
        """Return the person mentioned last before ``pos``.

        Candidates: speakers of earlier cues and names after a title; each is dated
        by the last time its surname appears ("Kowalczyk rejected the figure. She
        said ..."). With ``head``, one whose role holds it wins ("the minister").
        """
        cands: list[_Known] = []
        key: int | None = pi
        for _ in range(_LOOKBACK_PARAGRAPHS + 1):
            if key is None:
                break
            for sent in self.sentences_of(key):
                if sent[0] >= pos:
                    break
                for cue in self.cues(sent, key):
                    if cue.start >= pos:
                        continue
                    if cue.who.kind == "reference" and cue.who.person:
                        # "the senior Hallam Bank analyst said. He said": resolve it first
                        got = self.resolve(cue, key)
                        if got.speaker is not None:
                            cands.append(_Known(cue.start, got.speaker, got.role, True, False))
                        continue
                    cands.extend(k for k in _candidates(cue) if _fits(k, "person"))
            key = self.previous(key)
        lo = max(0, pos - _MENTION_CHARS)
        for m in self._person_mentions(lo, pos):
            name = m.group("name")
            if name.split()[0] not in NOT_NAMES:
                title = m.group("title").rstrip(".")
                cands.append(_Known(m.start("name"), name, title, True, False))
        if head and any(_prefers(k, head) for k in cands):
            cands = [k for k in cands if _prefers(k, head)]
        best: _Known | None = None
        best_pos = -1
        for k in cands:
            at = max(k.pos, self._last_mention(k.name, max(lo, k.pos), pos))
            if at >= best_pos:
                best, best_pos = k, at
        return best

    def _person_mentions(self, lo: int, pos: int) -> list[re.Match[str]]:
        """Return the matches of _PERSON_MENTION between ``lo`` and ``pos``."""
        starts = word_starts(self.text, lo, pos, _TITLE_OPENERS)
        if starts is None:
            return list(_PERSON_MENTION.finditer(self.text, lo, pos))
        return matches_at(_PERSON_MENTION, self.text, starts, lo, pos)

    def _last_mention(self, name: str, lo: int, pos: int) -> int:
        """Return where the last word of ``name`` last stands as a word before ``pos``, or -1."""
        word = name.split()[-1]
        text = self.text
        i = text.rfind(word, lo, pos)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not text[i - 1].isalnum()) and (j >= len(text) or not text[j].isalnum()):
                return i
            i = text.rfind(word, lo, i)
        return -1

    def _org_mention(self, lo: int, pos: int) -> _Known | None:
        """Return the latest organisation-like name before ``pos`` ("Marsh & McLennan")."""
        best: _Known | None = None
        for m in _ORG_NAME.finditer(self.text[lo:pos]):
            name = m.group().rstrip(".")
            words = name.split()
            while words and (words[0] in NOT_NAMES or words[0].lower() in TITLE_WORDS):
                words = words[1:]
            if not words or words[-1] in ("&", "of"):
                continue
            name = " ".join(words)
            if name in _PLACES or any(
                w.lower() in TITLE_WORDS or w.lower().rstrip(".") in HONORIFICS for w in words
            ):
                continue
            if len(words) == 1 and not words[0].isupper():
                continue
            best = _Known(lo + m.start(), name, None, False, True)
        return best

    def _named_after(self, pi: int, pos: int) -> _Known | None:
        """Return the first named speaker after ``pos`` ("a report says ... UCL research")."""
        pj: int | None = pi
        for _ in range(3):
            if pj is None:
                break
            for sent in self.sentences_of(pj):
                for cue in self.cues(sent, pj):
                    if cue.start > pos and cue.who.kind == "name":
                        return _Known(cue.start, cue.who.text, cue.who.role, False, True)
            pj = self.following(pj)
        return None

    def fullest(self, name: str, pos: int) -> str:
        """Return the longest form of ``name`` near ``pos`` ("Slimi" -> "Abderrahim Slimi")."""
        got = self._fullest.get(name)
        if got is not None:
            return got
        best = name
        text = self.text
        lo = max(0, pos - _LOOKBACK_CHARS)
        hi = min(len(text), pos + 2000)
        i = text.find(name, lo, hi)
        is_org: bool | None = None  # asked once, at the first occurrence that needs it
        while i >= 0:
            j = i + len(name)
            if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "-")) and (
                j >= len(text) or not (text[j].isalnum() or text[j] == "-")
            ):
                before = (
                    []
                    # words before a name end in a space: no copy where none is
                    if name.isupper() or i == lo or text[i - 1] != " "
                    else _name_words_before(text[max(lo, i - 60) : i])
                )
                if is_org is None:
                    is_org = _is_org(name)
                after = _name_words_after(text[j : j + 60]) if is_org else []
                if before or after:
                    cand = " ".join([*before, name, *after])
                    if len(cand.split()) > len(best.split()):
                        best = cand
            i = text.find(name, j, hi)
        self._fullest[name] = best
        return best


# what may trail an organisation's name when its output is the subject ("DOE test
# results show", "Ministry of Health figures show"); capitalised ones only where no
# organisation's name ends in them ("Office for National Statistics" keeps its word)
_DOCUMENT_NOUNS = re.compile(
    r"(?:\s+(?:test|survey|poll|official|latest|new|provisional|annual|monthly))*"
    r"\s+(?:results|figures|data|numbers|estimates|statistics|document|documents|"
    r"report|survey|study|analysis|forecasts?|Document|Documents|Figures|Data)$"
)
_POSSESSOR = re.compile(r"^[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*['\u2019]s\s+(?=[A-Z]\w+\s+[A-Z])")
_DETERMINERS = frozenset("a an the it this that these those its their".split())
_bare_names: dict[str, str | None] = {}


def _bare_name(name: str) -> str | None:
    """Return the speaker's name without a possessor ("The Herald's X"), a possessive or a
    document noun after it ("DOE test results"); None for a lone determiner ("An")."""
    got = _bare_names.get(name, "")
    if got != "":
        return got
    bare: str | None = name.strip()
    if bare:
        bare = _POSSESSOR.sub("", bare)
        bare = bare.removesuffix("'s").removesuffix("\u2019s")
        trimmed = _DOCUMENT_NOUNS.sub("", bare)
        if trimmed and trimmed[0].isupper():
            bare = trimmed
    if not bare or bare.lower() in _DETERMINERS:
        bare = None
    if len(_bare_names) < 10_000:
        _bare_names[name] = bare
    return bare


def _without_article(text: str) -> str:
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(det):
            return text[len(det) :]
    return text


def _anaphoric(text: str) -> bool:
    """Return whether a definite phrase points back ("the bank", "the UK's biggest lender",
    "the software giant") rather than describes an institution ("the housing ministry")."""
    words = text.split()
    if len(words) <= 2 or words[0].lower() in ("his", "her", "its", "their", "this", "that"):
        return True
    if words[-1].lower() not in INSTITUTION_NOUNS:
        # epithets for a company or person named before: "the software giant"
        return True
    middle = words[1:-1]
    return any(
        w.endswith(("'s", "\u2019s", "est")) or w.lower() in ("same", "former", "latest", "new")
        for w in middle
    )


def _candidates(cue: Cue) -> list[_Known]:
    """Return who a named cue makes known: its speaker, and an organisation in its role."""
    who = cue.who
    if who.kind == "reference" and not _anaphoric(who.text):
        # "The county council ... says": later "the council" points back to it;
        # "the senior Nomura analyst said. He said ...": so does "he"
        return [_Known(cue.start, _without_article(who.text), None, who.person, not who.person)]
    if who.kind == "generic" and who.person and not who.head.endswith("s"):
        # "said one woman ... she added": a singular person without a name
        return [_Known(cue.start, who.text, None, True, False)]
    if who.kind != "name":
        return []
    org = _is_org(who.text) and not who.person
    # neither flag: a name that could be either ("Orlen Foods", "John Smith")
    out = [_Known(cue.start, who.text, who.role, who.person, org)]
    if who.role:
        # "Martin Ellis, Halifax chief economist": Halifax is named there too
        words = [
            w
            for w in who.role.split()
            if w[0].isupper() and w.lower() not in TITLE_WORDS and w not in NOT_NAMES
        ]
        name = " ".join(words)
        if words and len(words) <= 4 and name not in _PLACES:
            out.append(_Known(cue.start, name, None, False, True))
    return out


def _fits(k: _Known, want: str) -> bool:
    if want == "person":
        return not k.org
    if want == "org":
        return not k.person
    return True


def _prefers(k: _Known, head: str) -> bool:
    return k.name.lower().endswith(head) or (k.role is not None and head in k.role.lower())


def _name_words_before(left: str) -> list[str]:
    # a name that opens a paragraph ("...preparation.\nAbderrahim Manar Slimi, chairman")
    # starts after the line break, which the split on spaces below does not see
    left = left[left.rfind("\n") + 1 :]
    words: list[str] = []
    parts = left.split(" ")[:-1] if left.endswith(" ") else []
    for i in range(len(parts) - 1, -1, -1):
        w = parts[i]
        if i > 0 and parts[i - 1] == "of":
            # "Secretary of Energy Jennifer Granholm": Energy belongs to the title
            break
        if w.lower() in ORG_WORDS and len(words) < 2:
            break
        if (
            not _NAME_AROUND.fullmatch(w)
            or w in NOT_NAMES
            or w.lower().rstrip(".") in _TITLES_HONORIFICS
        ):
            break
        if w[0].islower() and w not in ("el", "al", "bin", "van", "von", "der", "de"):
            break
        if w.endswith(".") and len(w) > 2:
            # "said ... Steven Theede. Yukos is": a sentence ended there
            break
        words.insert(0, w)
        if len(words) >= 3:
            break
    return words


def _name_words_after(right: str) -> list[str]:
    words: list[str] = []
    if not right.startswith(" "):
        return words
    # only "& McLennan", "of England": a plain capitalised word after a name is
    # another name or a product ("IBM Blue Gene")
    parts = right.split(" ")[1:]
    if not parts or parts[0] not in ("&", "of", "and"):
        return words
    for w in parts:
        if not _NAME_AROUND.fullmatch(w) or w in NOT_NAMES or w.lower().rstrip(".") in TITLE_WORDS:
            break
        words.append(w)
        if len(words) >= 4:
            break
    while words and (words[-1] in ("&", "of", "de", "el", "al", "bin") or words[-1][0].islower()):
        words.pop()
    return words


def _sentence_index(sents: tuple[_Span, ...], pos: int) -> int | None:
    for i, (s, e) in enumerate(sents):
        if s <= pos < e:
            return i
    return None


def _shift(cue: Cue, lo: int) -> Cue:
    return Cue(
        cue.start + lo,
        cue.end + lo,
        cue.who,
        tuple((s + lo, e + lo) for s, e in cue.scope),
        cue.label,
        cue.continues,
    )


__all__ = ["attribute"]
