"""Words the extractor knows, as data only: the one place to add a word.

Every table here is read by ``patterns.py`` (which compiles them into regexes)
or by the judging passes; nothing here runs.
"""

from __future__ import annotations

# --- sentences -------------------------------------------------------------

# a period after these (lower-cased, without the period) does not end a sentence
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm maj gov sen rep
    rev hon pres supt insp det cpl pvt messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    inc corp co ltd bros dept univ assn est approx vs etc al fig eq vol
    e.g i.e cf viz ca
    """.split()
)

# abbreviations that only stand before a number: "No. 1", "Art. 5", "p. 12"
ABBREVIATIONS_BEFORE_NUMBER: frozenset[str] = frozenset(
    "no nos art arts p pp para paras ch sec vol op fig tel ext rt".split()
)

# after "U.S." or "U.K." a sentence ends only if one of these opens the next one
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    The A An In On At But And Yet So It Its He She They We I You This That These
    Those There Their His Her Our Many Most Some Other Others Last Next Meanwhile
    However Still Now Then When While After Before Since If As For Officials Mr
    Mrs Ms Dr Analysts According Despite Although Such One Two Three Both All
    """.split()
)
