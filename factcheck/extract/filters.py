"""Drops non-claims: dates, names and identifiers, ordinals that only order events,
pronoun "one", time windows framing another figure, group definitions, idioms,
bylines and datelines (ANNOTATION.md, "Leave out" and "Decisions on hard cases").

``reason()`` returns why a candidate is not a claim, or None to keep it; each
check names the guideline clause it follows.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from factcheck.extract import lexicon as lx
from factcheck.extract import patterns as px
from factcheck.extract.numbers import Reading


@dataclass(slots=True)
class Around:
    """The text of a paragraph around one candidate, and the tokens after it."""

    before: str  # up to ~80 characters before the mention, inside the paragraph
    after: str  # up to ~100 characters after it
    tokens: list[str]  # the next few words or punctuation marks, as written
    mention: str
    at_paragraph_start: bool
    prev: list[str] = field(default_factory=list)  # the last words before, lower case
    # the phrases the text before ends with, longest (4 words) first, with their length
    tails: list[tuple[int, str]] = field(default_factory=list)
    # prev_qualifier's answer, once asked (the filters and the qualifier both ask)
    qualifier_phrase: str | None = None

    @classmethod
    def of(cls, before: str, after: str, mention: str, at_paragraph_start: bool) -> Around:
        """Return the context of a mention from the text before and after it."""
        # the checks before a mention look at its last few words: a split in C is
        # ten times cheaper than searching the text for each "...$" pattern
        prev = before[-48:].lower().split()[-5:]
        if before[-1:].isspace() or not before:
            pass
        elif prev:
            # the text runs into the mention ("(", "-"): that piece is no word before it
            prev[-1] = prev[-1] + "\x00"
        # tokens_after(after), inlined: this runs once per candidate. No token holds
        # white space, so the text splits into chunks of whole tokens; most chunks are
        # one plain word and need no regex (str.split and \s agree on white space).
        # Half the time of the regex over the text, and the same tokens.
        skip = 1 if after[:1] == "-" else 0
        tokens: list[str] = []
        for chunk in after[skip : skip + 80].split():
            if chunk.isalpha() and chunk.isascii():
                tokens.append(chunk)
            else:
                tokens += _TOKEN_FINDALL(chunk)
            if len(tokens) >= 7:
                del tokens[7:]
                break
        # the tails are built by the first prev_phrase that needs them: many candidates
        # are settled before any check looks at phrases
        return cls(before, after, tokens, mention, at_paragraph_start, prev, [])


_TOKEN_FINDALL = px.TOKEN.findall


# an opening mark glued to the first word of a phrase before a mention: "(about 40"
_OPENERS = "(\"'\u201c\u2018["


def _tails(prev: list[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    phrase = ""
    for k in range(1, min(4, len(prev)) + 1):
        phrase = f"{prev[-k]} {phrase}" if phrase else prev[-k]
        out.append((k, phrase.lstrip(_OPENERS)))
    out.reverse()
    return out


# table -> the last words of its phrases, built on first use (tables are constants)
_LAST_WORDS: dict[int, tuple[Collection[str], frozenset[str]]] = {}


def _index_last_words(table: Collection[str]) -> tuple[Collection[str], frozenset[str]]:
    """Return ``table`` and the last word of each of its phrases, and keep them for reuse."""
    entry = _LAST_WORDS[id(table)] = (table, frozenset(p.rsplit(" ", 1)[-1] for p in table))
    return entry


def tokens_after(after: str, limit: int = 7) -> list[str]:
    """Return the next words and punctuation marks of ``after``, at most ``limit``."""
    if after[:1] == "-":
        # "20-year period", "three-member cell": the word joined by the hyphen comes next
        after = after[1:]
    return px.TOKEN.findall(after, 0, 80)[:limit]


def prev_phrase(a: Around, table: Collection[str], longest: int = 4) -> str:
    """Return the longest phrase of ``table`` that the words before the mention end with."""
    if not a.prev:
        return ""
    # a phrase of the table ends with its last word: when the word before the mention
    # is none of those, no phrase matches and the tails need not be built (most mentions)
    last = a.prev[-1]
    entry = _LAST_WORDS.get(id(table))
    if entry is None or entry[0] is not table:
        entry = _index_last_words(table)
    ends = entry[1]
    if last not in ends and last.lstrip(_OPENERS) not in ends:
        return ""
    tails = a.tails
    if not tails:
        tails = a.tails = _tails(a.prev)
    for k, phrase in tails:
        if k <= longest and phrase in table:
            return phrase
    return ""


def prev_qualifier(a: Around) -> str:
    """Return the qualifier phrase the words before the mention end with, or ""."""
    phrase = a.qualifier_phrase
    if phrase is None:
        phrase = a.qualifier_phrase = prev_phrase(a, lx.QUALIFIERS)
    return phrase


def person_aged(a: Around) -> bool:
    """Return whether the mention is one person's age: "a man aged 45", "Smith, aged 30,"."""
    prev = a.prev
    if len(prev) >= 3 and prev[-1] == "and" and prev[-3] == "aged":
        # "two men, aged 19 and 21": the second of two ages
        prev = prev[:-2]
        if not (
            len(prev) >= 2 and (prev[-2].rstrip(",") in lx.AGE_NOUNS or prev[-2].endswith(","))
        ):
            return False
        return True
    if len(prev) < 2 or prev[-1] != "aged":
        return False
    person = prev[-2].rstrip(",")
    if person in lx.AGE_NOUNS or person in lx.AGE_PLURALS or prev[-2].endswith(","):
        nxt = a.tokens[0].lower() if a.tokens else ""
        after_and = a.tokens[1].lower() if len(a.tokens) > 1 else ""
        # "aged 16 to 18", "aged 65 and over" stay group definitions; "aged 19 and 21" lists
        if nxt == "and" and after_and[:1].isdigit():
            return True
        return nxt not in ("to", "and", "or", "-", "\u2013")
    return False


# what may follow the number of a title ("Halo 2.", "Metal Slug 3 is")
_TITLE_END = frozenset(".,;:!?)'\"\u2019\u201d")
_TITLE_VERBS = frozenset(
    "is was has had will would can could and or to in on at from for with by".split()
)
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday".split()
)


def _cap_word(a: Around) -> bool:
    """Return whether the word just before the mention starts with a capital."""
    words = a.before[-24:].split()
    return bool(words) and words[-1][:1].isupper()


def _word_before(a: Around) -> str:
    words = a.before[-24:].split()
    return words[-1].lower() if words else ""


def _mixed_case(a: Around) -> bool:
    """Return whether the word just before the mention has a capital after its first letter."""
    words = a.before[-24:].split()
    return bool(words) and any(ch.isupper() for ch in words[-1][1:])


def _sentence_start(before: str) -> bool:
    """Return whether a mention after ``before`` opens a sentence, headline or quote."""
    stripped = before.rstrip()
    return not stripped or stripped[-1] in ".!?:;\"'\u201c\u2018(\u2014\u2013-"


def _prev_word(before: str) -> str:
    words = px.WORD.findall(before[-30:])
    return words[-1].lower() if words else ""


# "a third store": the reason given when "a" + ordinal word is no fraction; the
# extractor then judges the ordinal word alone ("the third store in one week")
A_ORDINAL = "ordinal (a third case)"


def _is_time_unit(tok: str) -> bool:
    return tok.lower() in lx.TIME_UNITS


def _time_unit_follows(a: Around) -> bool:
    toks = a.tokens
    if toks and toks[0].lower() in lx.HYPHEN_MODIFIERS:
        toks = toks[1:]
    if not toks:
        return False
    # "two week's earlier", "three weeks' time": the possessive is still the time unit
    first = toks[0].lower().rstrip("'\u2019").removesuffix("'s").removesuffix("\u2019s")
    if first.split("-")[0] in lx.TIME_UNITS and not first.endswith("-old"):
        return True
    return len(toks) > 1 and first in lx.DURATION_ADJECTIVES and _is_time_unit(toks[1])


def window_reason(a: Around, r: Reading) -> str | None:
    """Return why a number before a time unit is a time reference, or None for a duration."""
    if r.kind is not None or not _time_unit_follows(a):
        return None
    if px.WINDOW_AFTER.match(a.after):
        return "time reference (N ago)"
    m = px.WINDOW_BEFORE.search(a.before)
    if not m:
        return None
    word = m.group("w").lower()
    if word in ("in", "for", "over", "within", "during"):
        # "the first annual fall in nine years": a record length, kept as a duration
        # the cue must head the same phrase: at most five words back, no punctuation between
        clause = px.CLAUSE_BREAK.split(a.before[-60:])[-1]
        earlier = {w.lower() for w in clause.split()[-7:-1]}
        if word in ("in", "for") and earlier & lx.RECORD_CUES:
            return None
    return "time window of another figure"


def group_reason(a: Around, r: Reading) -> str | None:
    """Return why a number only defines a group, condition or benchmark, or None."""
    prev = a.prev
    last = prev[-1] if prev else ""
    if last in lx.AGE_WORDS and person_aged(a):
        # "a man aged 45 was arrested": one person's age, a claim
        pass
    elif last in lx.AGE_WORDS or (
        len(prev) > 1 and prev[-2] in lx.AGE_WORDS and last in lx.AGE_RANGE_WORDS
    ):
        return "age bracket defining a group"
    age = age_after(a.after)
    if age and age.group("plural"):
        return "age defining a group (N-year-olds)"
    if prev_phrase(a, lx.DENOMINATOR_CUES, 3):
        return "rate denominator or group label"
    bound = prev_qualifier(a)
    if bound and lx.QUALIFIERS[bound] in ("lower_bound", "upper_bound"):
        k = len(bound.split())
        lead = prev[-k - 2 : -k] if len(prev) > k else []
        if lead and (
            lead[-1] in lx.THRESHOLD_VERBS
            or (lead[-1] == "with" and len(lead) == 2 and lead[0].isalpha() and lead[0][-1] == "s")
        ):
            return "threshold defining a group"
    if last in ("at", "within"):
        unit = px.UNIT_AFTER.match(a.after)
        measure = unit and (unit.group("speed") or unit.group("measure"))
        if measure and lx.MEASURES.get(measure.lower(), measure.lower()) in px.CONDITION_MEASURES:
            return "condition defining a scenario"
        if unit and unit.group("speed"):
            return "condition defining a scenario"
    return None


def age_after(after: str) -> re.Match[str] | None:
    """Return the match of ``patterns.AGE_AFTER`` ("-year-old") on ``after``, or None."""
    # one mention in 200 has one: a look at the unit's first letter saves the call
    if after[1:2] not in px.AGE_UNIT_FIRST:
        return None
    return px.AGE_AFTER.match(after)


def ordinal_reason(a: Around, r: Reading) -> str | None:
    """Return why an ordinal is not a claim; a rank or a count in a window is kept."""
    if r.sort == "rankno":
        prev = _prev_word(a.before)
        if prev in ("ranked", "rated", "ranks", "is", "was", "became", "remains", "the"):
            return None
        if px.NUMBER_ENUM.match(a.after):
            return "enumeration (number one, number two)"
        return None
    if r.value == 1:
        return "ordinal ordering events (first)"
    if px.SUPERLATIVE.match(a.after):
        return None
    if px.ORDINAL_COUNT.match(a.after):
        return None
    return "ordinal ordering events"


def one_reason(a: Around, r: Reading) -> str | None:
    """Return why the word "one" is a pronoun or article here, or None for a count."""
    if not (r.words and a.mention.lower() == "one"):
        return None
    if prev_qualifier(a):
        return None
    prev = _prev_word(a.before)
    if prev in ("only", "just", "exactly", "least"):
        return None
    nxt = a.tokens[0].lower() if a.tokens else ""
    if nxt in lx.CASUALTY_WORDS:
        return None
    if nxt and nxt not in lx.NOT_NOUNS and prev not in lx.ONE_PRONOUN_BEFORE:
        # "one person was killed", "one officer injured": a count of a casualty
        if any(t.lower() in lx.CASUALTY_WORDS for t in a.tokens[1:4]):
            return None
    return '"one" as pronoun or article'


def year_reason(a: Around, r: Reading) -> str | None:
    """Return why bare four digits are a year, or None when a counted noun follows."""
    if (
        a.mention[:2] in ("18", "19", "20")
        and px.PRICE_BASE_YEAR.match(a.mention)
        and _prev_word(a.before) in lx.PRICE_BASE_BEFORE
    ):
        return "date (price base year: in 2024 dollars)"
    if not (r.plain and 1800 <= r.value <= 2100 and r.value == int(r.value)):
        return None
    if len(a.mention) != 4:
        return None
    nxt = a.tokens[0] if a.tokens else ""
    if (
        nxt.islower()
        and nxt.endswith("s")
        and not nxt.endswith("ss")
        and nxt not in lx.NOT_NOUNS
        and len(nxt) > 3
    ):
        # "2000 troops" counts; "on 2004 figures" is still a year
        if not (a.prev and a.prev[-1] in lx.NOT_NOUNS):
            return None
    return "date (year)"


def reason(a: Around, r: Reading) -> str | None:
    """Return why candidate ``r`` is not a numeric claim, or None to keep it."""
    if r.sort in ("ordinal", "rankno"):
        return ordinal_reason(a, r)
    if a.at_paragraph_start and px.ENUMERATION.match(a.mention + a.after[:2]):
        return "list item number"
    why = year_reason(a, r)
    if why:
        return why
    if a.mention[:1] == "0" and a.mention[1:2].isdigit():
        # "0430-0010", "007": digits with a leading zero are a code, never a quantity
        return "identifier (leading zero)"
    if a.tokens and a.tokens[0].lower() in ("o'clock", "o\u2019clock"):
        return "time (three o'clock)"
    # the regex checks below run only when a cheap look at the characters allows a match
    last_word = a.prev[-1] if a.prev else ""
    if (
        not r.words
        and a.before[-1:] == " "
        and (a.before[-2:-1].isupper() or last_word in lx.NAME_PREFIXES_LOWER or _cap_word(a))
        and px.NAME_BEFORE.search(a.before, len(a.before) - 16)
    ):
        return "number inside a name"
    if r.words and r.sort == "number" and last_word in lx.STEP_NOUNS and not r.scaled:
        # "in band two", "phase three of the plan": the name of a step
        return "number inside a name (band two)"
    if (
        r.words
        and r.sort == "number"
        and a.mention[:1].isupper()
        and a.before[-1:] == " "
        and a.before[-2:-1].isalpha()
        and _cap_word(a)
        and not _sentence_start(a.before)
        and _word_before(a) not in lx.NOT_NOUNS
        and not a.mention.isupper()
    ):
        # "BBC Two will run", "Channel Four's season": a number word inside a name
        return "number inside a name (BBC Two)"
    if (
        r.words
        and a.mention[:1].isupper()
        and a.tokens
        and a.tokens[0][:1].isupper()
        and a.tokens[0].lower() not in lx.DEMONYMS
        and not _sentence_start(a.before)
    ):
        # "the Six Nations", "a first Triple Crown": a number word inside a name
        return "number inside a name (Six Nations)"
    if (
        r.plain
        and a.after[:1] == " "
        and a.after[1:2].isupper()
        and _cap_word(a)
        and not _sentence_start(a.before)
        and _word_before(a).isalpha()
        and _word_before(a) not in lx.NOT_NOUNS
        and _word_before(a) not in lx.QUALIFIERS
        and not (a.tokens and a.tokens[0].lower() in lx.CASUALTY_WORDS)
    ):
        # "the Boeing 737 Max", "Windows 11 Pro": a model number between two names
        return "number inside a name (Boeing 737 Max)"
    if (
        r.plain
        and r.value < 1000
        and a.before[-1:] == " "
        and _cap_word(a)
        and (not a.tokens or a.tokens[0] in _TITLE_END or a.tokens[0] in _TITLE_VERBS)
        and px.TITLE_BEFORE.search(a.before, max(0, len(a.before) - 40))
        and _word_before(a) not in lx.NOT_NOUNS
        and _word_before(a) not in _CALENDAR
    ):
        # "Metal Slug 3 is a wake-up call", "that includes Halo 2.": the number of a title
        return "number inside a name (Halo 2)"
    if r.plain and a.after[1:2].isupper() and px.STREET_AFTER.match(a.after):
        return "street number"
    if r.plain and _mixed_case(a) and px.CAMEL_BEFORE.search(a.before, max(0, len(a.before) - 20)):
        return "number inside a name (iPhone 6, PlayStation 5)"
    if (
        r.plain
        and a.before[-2:-1].isupper()
        and px.ACRONYM_BEFORE.search(a.before, max(0, len(a.before) - 10))
    ):
        # "Athlon XP 2500", "MSCI 600": a model or index number after an acronym
        code = a.before.split()[-1] if a.before.split() else ""
        if code not in lx.CURRENCY_SIGNS and code not in lx.CURRENCY_WORDS:
            return "number inside a name (after an acronym)"
    why = one_reason(a, r) or window_reason(a, r) or group_reason(a, r)
    if why:
        return why
    if r.sort == "multiple" and a.mention.lower() in lx.TITLE_MULTIPLES and a.tokens:
        nxt = a.tokens[0]
        low = nxt.lower()
        if (
            nxt[:1].islower()
            and low not in lx.NOT_NOUNS
            and low not in lx.COMMON_VERBS
            and low not in lx.TITLE_NOUNS
            and low not in ("what", "digits")
        ):
            # "double shifts", "triple whammy": an adjective, not a change
            return "adjective (double shifts)"
    if a.mention.lower() == "two" and a.prev and a.prev[-1] == "the":
        # "the two sides", "the two were charged": the pair just named, not a new figure
        nxt = a.tokens[0].lower() if a.tokens else ""
        if not px.SUPERLATIVE.match(a.after) and nxt not in lx.ORDINALS:
            return "count of items just named (the two)"
    if a.after[:1] == "-" and len(a.tokens) > 1 and a.tokens[0].lower() in lx.TIME_UNITS:
        if a.tokens[1].lower() in lx.INSTRUMENT_NOUNS:
            return "period naming an instrument or window (30-year bond, 12-month average)"
    if r.attached and not px.UNIT_AFTER.match(a.after):
        return "identifier (digits with letters: 4G, 3D)"
    if r.sort == "frac" and a.mention.lower().split()[-1].startswith("quarter"):
        # "One quarter: $18.7 billion" is a period; "about one quarter of the revenue" a share
        nxt = a.tokens[0].lower() if a.tokens else ""
        if nxt not in ("of", "the", "less", "more") and not prev_qualifier(a):
            if _prev_word(a.before) != "by":
                return "time reference (quarter)"
    if r.sort == "frac" and a.mention.lower().startswith(("a ", "an ")):
        # "a third case" is an ordinal; "a third of" / "by a third" a share
        nxt = a.tokens[0] if a.tokens else ""
        low = nxt.lower()
        if (
            nxt[:1].isalpha()
            and low not in lx.NOT_NOUNS
            and low not in lx.COMMON_VERBS
            and _prev_word(a.before) != "by"
        ):
            return A_ORDINAL
    if r.sort == "half":
        prev = _prev_word(a.before)
        if prev in lx.ORDINALS or prev in ("the", "first", "second", "latter", "other"):
            nxt = a.tokens[0].lower() if a.tokens else ""
            if nxt != "of" or prev in lx.ORDINALS:
                return "time reference (second half)"
    return None
