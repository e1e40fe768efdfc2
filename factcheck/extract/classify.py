"""Qualifier, kind and unit of a claim from the words around its mention.

The kind is decided in this order: what the mention says by itself (currency,
percent sign, "times", a fraction), then the words written after it (a unit
of measure, a time unit, "-year-old"), then a counted noun phrase, whose head
noun becomes the unit ("more than 1,600 Moroccan jihadists" -> "jihadist").
"""

from __future__ import annotations

from factcheck.extract import lexicon as lx
from factcheck.extract import patterns as px
from factcheck.extract.filters import Around, age_after, person_aged, prev_phrase, prev_qualifier
from factcheck.extract.numbers import Reading


def qualifier(a: Around, r: Reading) -> tuple[str, str | None]:
    """Return the qualifier name and the words that set it ("more than"), if any."""
    if r.value_high is not None:
        return "range", None
    phrase = prev_qualifier(a)
    if not phrase and a.prev:
        # "less than the $27bn cost", "around an additional 50 cents"
        words = a.prev
        skip = (
            1
            if words[-1] in ("the", "another")
            else 2
            if len(words) > 1 and words[-2] in ("an", "a") and words[-1] in lx.ADDITIVE_WORDS
            else 0
        )
        if skip and (words[-1] != "the" or (len(words) > 1 and words[-2] == "than")):
            phrase = prev_phrase(
                Around(a.before, a.after, a.tokens, a.mention, False, words[:-skip]), lx.QUALIFIERS
            )
    if phrase:
        q = lx.QUALIFIERS[phrase]
        if phrase.lower() == "some" and (r.sort == "vague" or r.kind == "fraction"):
            return r.qualifier or "none", None
        if phrase.lower() in ("over", "under", "above", "below") and r.kind == "multiple":
            return "none", None
        return q, phrase
    if r.qualifier:
        return r.qualifier, None
    m = px.QUALIFIER_AFTER.match(a.after)
    if m:
        return lx.QUALIFIERS_AFTER[" ".join(m.group("q").lower().split())], m.group("q")
    cue = prev_phrase(a, lx.ESTIMATE_CUES, 3)
    if cue:
        return "approximately", cue
    return "none", None


def singular(word: str) -> str:
    """Return the singular, lower-case form of a head noun ("agencies" -> "agency")."""
    w = word.lower().strip("'\u2019")
    if w.endswith(("'s", "\u2019s")):
        w = w[:-2]
    if w in lx.IRREGULAR_SINGULARS:
        return lx.IRREGULAR_SINGULARS[w]
    if w.endswith("men") and len(w) > 5:
        # "fishermen", "policemen", "chairmen"
        return w[:-3] + "man"
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    return w[:-1]


def _head_noun(tokens: list[str], one: bool = False) -> str | None:
    """Return the head of the noun phrase opening ``tokens``, or None.

    ``one``: the number is 1, so a word in -s after the noun is a verb ("one bidder remains").
    """
    run: list[str] = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if not tok[:1].isalpha():
            break
        if not run and low in lx.LEADING_SKIP:
            continue
        if low in lx.NOT_NOUNS or low in lx.COMMON_VERBS:
            break
        if (
            not run
            and low.endswith("ed")
            and low not in lx.CASUALTY_WORDS
            and tok[:1].islower()
            and i + 1 < len(tokens)
            and tokens[i + 1].lower() in _VERB_FOLLOWERS
        ):
            # "312,000 compared with", "2,000 billion provided for": a participle, no noun
            break
        if one and run and low.endswith("s") and not low.endswith("ss"):
            break
        if run and low.endswith(("ed", "ing")) and not tok[:1].isupper():
            # "23,000 people killed": a verb ends the phrase; "appliance manufacturing
            # plants": a modifier, since a plural noun follows
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not (nxt[:1].isalpha() and singular(nxt) != nxt.lower()):
                break
        if low in lx.CASUALTY_WORDS and not run:
            return "person"
        run.append(tok)
        if len(run) >= 4 or singular(low) != low:
            # a plural noun closes the phrase: "26 million adults lack maths skills"
            break
    if not run:
        return None
    if len(run) >= 2 and run[-1].lower().endswith("s") and _plural(run[-2].lower()):
        # "all three ad units results in": a plural noun then a verb
        run = run[:-1]
    head = run[-1]
    if head.lower().endswith(("ly",)) and len(run) > 1:
        head = run[-2]
    elif len(head) > 6 and head.lower().endswith(_ADVERB_ENDINGS):
        # "about 2,000 presently": an adverb, no noun
        return None
    return head


# words after which a word in -ed right after the number is a verb, not a noun
_VERB_FOLLOWERS = frozenset(
    "with to for by in from against on at as the a an its their his her this that last next"
    " earlier previously so".split()
)


# words that make "pounds of ..." an amount of money ("pounds of public money")
_MONEY_WORDS = frozenset(
    "money cash taxpayers public government state extra new additional lottery".split()
)


_ADVERB_ENDINGS = ("ently", "ately", "ously", "ively", "ically", "antly", "ntly")


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ous", "ss", "us", "is"))


def _time_unit(a: Around) -> str | None:
    toks = a.tokens
    if toks and toks[0].lower() in lx.HYPHEN_MODIFIERS:
        toks = toks[1:]
    if not toks:
        return None
    first = toks[0].lower().rstrip("'\u2019").removesuffix("'s").removesuffix("\u2019s")
    if first.split("-")[0] in lx.TIME_UNITS and not first.endswith("-old"):
        return lx.TIME_UNITS[first.split("-")[0]]
    if len(toks) > 1 and first in lx.DURATION_ADJECTIVES and toks[1].lower() in lx.TIME_UNITS:
        return lx.TIME_UNITS[toks[1].lower()]
    return None


def _multiple_or_count(a: Around, r: Reading) -> bool:
    """Return whether "N times" is a multiple ("three times higher") rather than a count."""
    toks = [t.lower() for t in a.tokens[:2]]
    nxt = toks[0] if toks else ""
    if nxt in (
        "more",
        "less",
        "as",
        "the",
        "what",
        "that",
        "higher",
        "lower",
        "greater",
        "larger",
        "bigger",
        "smaller",
        "faster",
        "slower",
        "over",
        "its",
        "their",
    ):
        return True
    if nxt.endswith("er") and len(nxt) > 4:
        return True
    prev = px.WORD.findall(a.before[-25:])
    prev_word = prev[-1].lower() if prev else ""
    return prev_word in lx.GROWTH_VERBS or prev_word == "by" or not nxt


def metres(a: Around, r: Reading) -> None:
    """Read "200m gold" as 200 metres, not 200 million (changes ``r`` in place)."""
    if r.suffix == "m" and r.kind is None and a.tokens and a.tokens[0].lower() in lx.METRE_NOUNS:
        r.value = round(r.value / r.scale, 10)
        r.scale = 1.0
        r.scaled = False
        r.kind, r.unit = "measure", "m"


def kind_and_unit(
    a: Around,
    r: Reading,
    sentence_before: str,
    previous: tuple[str, str | None] | None = None,
    money: str | None = None,
    sentence_money: str | None = None,
) -> tuple[str, str | None, bool]:
    """Return (kind, unit, drop_times): drop_times trims a trailing "times" off the mention.

    ``previous`` is the kind and unit of the claim before, in the same paragraph: a bare
    number after a measure shares its unit ("70.72 teraflops ... clocks up 35.86").
    ``money``: the currency of a money claim just before, in the same sentence: a bare
    figure after it is money too ("5,000 billion yen, which compares with 2,000 billion").
    ``sentence_money``: the currency of any money claim earlier in the sentence, which a
    bare scaled figure ("1.38 billion") shares.
    """
    if r.sort == "multiple" and a.tokens and a.mention.lower() in lx.TITLE_MULTIPLES:
        nxt = a.tokens[0]
        possessive = nxt.endswith(("'s", "\u2019s", "s'"))
        if (nxt[:1].isupper() and not possessive) or nxt.lower() in lx.TITLE_NOUNS:
            # "a triple Olympic champion": a count of titles
            head = _head_noun(a.tokens)
            return "count", singular(head) if head else None, False
    if r.sort == "decade":
        prev = a.prev[-1] if a.prev else ""
        if prev in ("his", "her", "their", "its"):
            return "age", "year", False
        return "percent", "percent", False
    if r.kind == "multiple" and r.sort == "number":
        if _multiple_or_count(a, r):
            return "multiple", "times", False
        return "count", "time", True
    if (
        r.kind == "money"
        and a.mention[-6:].lower() == "pounds"
        and len(a.tokens) > 1
        and a.tokens[0] == "of"
        and a.tokens[1][:1].islower()
        and not any(
            t.lower().rstrip("'") in lx.MONEY_NOUNS or t.lower().rstrip("'") in _MONEY_WORDS
            for t in a.tokens[1:4]
        )
    ):
        # "27 mln pounds of milled rice": a weight; "5m pounds of public money" stays money
        return "measure", "lb", False
    if r.kind in ("money", "percent", "multiple", "measure"):
        return r.kind, r.unit, False
    if r.kind == "rank":
        sup = px.SUPERLATIVE.match(a.after)
        rest = tokens_from(a.after[sup.end() :]) if sup else a.tokens
        head = _head_noun(rest)
        # an ordinal kept without a superlative counts events: "the fourth time in five months"
        kind = "rank" if sup or r.sort == "rankno" else "count"
        return kind, singular(head) if head else None, False
    after = a.after
    unit_m = px.UNIT_AFTER.match(after)
    age = age_after(after)
    if age:
        return "age", age.group("unit").lower(), False
    if person_aged(a):
        return "age", "year", False
    if a.prev and a.prev[-1] in lx.UNITS_BEFORE and not r.kind:
        return "measure", lx.UNITS_BEFORE[a.prev[-1]], False
    if (
        a.prev
        and a.prev[-1][:-1] in lx.AGE_NOUNS
        and a.prev[-1][-1:] == ","
        and after[:1] in (",", ")")
    ):
        return "age", "year", False
    if (
        not r.words
        and r.plain
        and 0 < r.value < 120
        and after[:1] == ","
        and a.before.endswith(", ")
        and a.prev
        and a.prev[-1][:1].isalpha()
        and a.before[-3::-1][:1] != " "
        and _name_before(a.before)
    ):
        # "Elizabeth Burton, 32, of Columbus": an age in apposition to a name
        return "age", "year", False
    if unit_m and unit_m.group("speed"):
        return "measure", lx.SPEED_PHRASES[" ".join(unit_m.group("speed").lower().split())], False
    if unit_m and unit_m.group("measure") and r.kind != "fraction":
        word = unit_m.group("measure").lower()
        if (
            r.attached
            or word not in ("m", "g", "c", "point", "points")
            or word in ("point", "points")
        ):
            return "measure", lx.MEASURES.get(word, word), False
    tunit = _time_unit(a)
    if tunit and r.kind != "fraction":
        return "duration", tunit, False
    if r.sort == "ordinal" or r.sort == "rankno":
        head = _head_noun(a.tokens)
        return "count", singular(head) if head else None, False
    # hyphenated count noun: "three-member cell"
    hyph = tokens_from(after[1:]) if after[:1] == "-" else []
    toks = a.tokens
    if hyph and hyph[0][:1].isalpha():
        word = hyph[0].split("-")[0]
        if word.lower() in lx.HYPHEN_MODIFIERS:
            # "a 1,000-strong crowd", "40-odd years": the noun comes after the modifier
            toks = hyph[1:]
        elif word.lower() not in lx.NOT_NOUNS:
            return "count", singular(word), False
    # "billions of dollars", "hundreds of millions of pounds", "millions of acres"
    if toks and toks[0].lower() == "of" and len(toks) > 1:
        rest = toks[1:]
        while (
            rest
            and (
                rest[0].lower() in ("the", "new", "a", "all", "those", "these", "their", "its")
                # "eight of Alitalia's rivals": the owner is not what is counted
                or (rest[0].endswith(("'s", "\u2019s")) and len(rest) > 1)
                or rest[0][:1].isdigit()
                or rest[0].lower() in lx.UNITS
                or rest[0] == ","
            )
        ):
            rest = rest[1:]
        if rest:
            low = rest[0].lower()
            if low in lx.CURRENCY_WORDS:
                return "money", lx.CURRENCY_WORDS[low], False
            if low in lx.MEASURES:
                return "measure", lx.MEASURES[low], False
            if r.sort in ("number", "frac", "half") and r.kind in (None, "fraction"):
                # partitive: "six of the 20 staffers", "two-thirds of all jobs"
                part = _head_noun(rest)
                if part is not None:
                    return r.kind or "count", singular(part), False
    head = _head_noun(toks, one=r.value == 1)
    if head is not None and head.lower() in lx.MEASURES and not r.kind:
        return "measure", lx.MEASURES[head.lower()], False
    if head is not None and px.RATE_AFTER.match(a.after):
        return "measure", singular(head), False
    kind = r.kind or "count"
    if head is None:
        # fact-sheet style: "1,600: number of lobbyists the industry had"
        m = px.NUMBER_OF.match(a.after.lstrip(" :\u2013\u2014-"))
        if m and a.after.lstrip()[:1] in (":", "\u2013", "\u2014", "-"):
            head = m.group("noun")
    if head is None and kind == "count" and 0 < r.value < 1 and not r.words:
        return "fraction", None, False
    if head is None and previous is not None and previous[0] == "measure" and not r.words:
        return "measure", previous[1], False
    if head is None and money is not None and kind == "count" and (r.scaled or not r.words):
        return "money", money, False
    if head is None and sentence_money is not None and kind == "count" and r.scaled:
        # "1.52 billion stg is expected in 1988, but ... a decline to 1.38 billion"
        return "money", sentence_money, False
    if (
        head is None
        and len(a.prev) >= 2
        and a.prev[-1] == "of"
        and a.prev[-2].isalpha()
        and _plural(a.prev[-2])
        and a.prev[-2] not in lx.NOT_NOUNS
        and a.prev[-2] not in lx.TIME_UNITS
    ):
        # "download sales of 312,000", "exports of 155,000": the noun before "of"
        return kind, singular(a.prev[-2]), False
    if head is None and r.value >= 1e6 and len(toks) > 1:
        if toks[0].lower() in ("in", "of") and toks[1].lower() in lx.MONEY_NOUNS:
            return "money", "usd", False
    if head is None and not (a.prev and a.prev[-1] in lx.NO_FALLBACK_BEFORE):
        head = _fallback_noun(sentence_before)
    return kind, singular(head) if head else None, False


def _name_before(before: str) -> bool:
    """Return whether ``before`` ends with a capitalised name then ", " ("Noel, ")."""
    words = before[:-2].split()
    return bool(words) and words[-1][:1].isupper() and words[-1].isalpha()


def tokens_from(after: str) -> list[str]:
    """Return the next few tokens of ``after`` (words and punctuation marks)."""
    out: list[str] = []
    for m in px.PHRASE_TOKEN.finditer(after):
        out.append(m.group("word") or m.group("other"))
        if len(out) >= 7:
            break
    return out


def _fallback_noun(sentence_before: str) -> str | None:
    """Return what a bare number counts, from earlier in its sentence ("loans fell to 77,000")."""
    # "number of ..." holds an "of", which 85% of these texts lack: without one the
    # regex, tried at every character, cannot match
    found_of = px.NUMBER_OF.findall(sentence_before) if "of" in sentence_before.lower() else []
    if found_of:
        return str(found_of[-1])
    found = px.PLURAL_WORD.findall(sentence_before)
    for word in reversed(found):
        if word not in lx.NOT_NOUNS and word not in lx.GROWTH_VERBS and word not in lx.TIME_UNITS:
            return str(word)
    return None
