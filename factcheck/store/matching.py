"""Queries for the review queue and for matching claims.

* ``queue_order``: the claims of a queue, most worth checking first (``priority``).
  One pass over the few columns the rule reads, scored here; the queue then
  reads each claim by id when it shows it. The rule is Python, written once:
  the same in SQLite and PostgreSQL, and tested directly.
* ``candidates``: claims of other sources with the same kind and unit and a
  value within a few percent, with their source's title and URL, in one query;
  ``factcheck.review.matches`` then checks rounding and wording on those few.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from factcheck.models import Claim, Kind, Status, StoredClaim
from factcheck.store.reads import (
    CLAIM_COLUMNS,
    Reads,
    claim_filter,
    columns,
    placeholders,
    stored_claim,
)

# ---------------------------------------------------------------- the ordering
QUOTED = 3  # a speaker's own words in quotation marks: the claim is on the record
ATTRIBUTED = 2  # reported speech, "according to X": somebody can be asked about it
# size: only for quantities where bigger means more at stake (not percent, rank, age)
SIZED_KINDS = frozenset({Kind.COUNT.value, Kind.MONEY.value, Kind.MEASURE.value})
SIZE_STEPS = ((1e6, 2), (1e3, 1))  # a million or more: 2, a thousand or more: 1
# three or more significant digits (1,623; 12.5%; $4.37bn) were taken from a
# record and can be checked against it; 1,600 or "about half" usually cannot
PRECISE = 2
NOT_PRECISE_KINDS = frozenset({Kind.FRACTION.value, Kind.RANK.value})
HEDGED = -1  # qualifier "approximately" (about, some, nearly): already rounded


def is_precise(value: float) -> bool:
    """Return True if the value has three or more significant digits (1,623, not 1,600)."""
    v = abs(value)
    if not 1 <= v < 1e16:
        # below 1: fractions and shares ("0.6667" is two-thirds); above: no real figure
        return False
    second_digit = 10.0 ** (math.floor(math.log10(v)) - 1)
    scaled = v / second_digit
    return abs(scaled - round(scaled)) > 1e-6


def priority_of(value: float, quote: bool, speaker: str | None, kind: str, qualifier: str) -> int:
    """Return the queue priority from the columns it reads (see ``priority``)."""
    points = QUOTED if quote else ATTRIBUTED if speaker else 0
    if kind in SIZED_KINDS:
        size = abs(value)
        for threshold, step in SIZE_STEPS:
            if size >= threshold:
                points += step
                break
    if kind not in NOT_PRECISE_KINDS and is_precise(value):
        points += PRECISE
    if qualifier == "approximately":
        points += HEDGED
    return points


def priority(claim: Claim) -> int:
    """Return how much a claim is worth checking; the queue shows the highest first."""
    return priority_of(
        claim.value,
        claim.quote,
        claim.speaker,
        str(claim.kind),
        str(claim.qualifier),
    )


def queue_order(
    store: Reads,
    *,
    status: Status | None = Status.PENDING,
    source_id: int | None = None,
    speaker: str | None = None,
    kind: Kind | None = None,
) -> list[tuple[int, int]]:
    """Return (priority, claim id) of every claim the filters select, best first, then by id."""
    # exactly the filters of Store.claims(); 55,000 rows of five plain columns
    where, params = claim_filter(status, source_id, speaker, kind)
    rows = store.rows(
        f"SELECT id, value, quote, speaker, kind, qualifier FROM claim{where} ORDER BY id", params
    )
    scored = [(priority_of(v, bool(q), s, k, ql), i) for i, v, q, s, k, ql in rows]
    # rows come in id order and the sort is stable (reverse=True keeps it so):
    # best first, ties in id order
    scored.sort(key=itemgetter(0), reverse=True)
    return scored


# ---------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class Candidate:
    """A claim that may state the same figure, with where it was published."""

    claim: StoredClaim
    source_title: str | None
    source_url: str | None


# the URL of the claim's own article
_OWN_URL = "(SELECT own.url FROM source AS own WHERE own.id = :own)"

NumberTest = Callable[[float, float | None], bool]


def candidates(
    store: Reads,
    claim: Claim,
    *,
    exclude_source_id: int,
    tolerance: float = 0.05,
    same_number: NumberTest | None = None,
    limit: int = 200,
) -> list[Candidate]:
    """Return claims of other articles with the claim's kind and unit and a value within
    ``tolerance`` of the larger of the two (relative), nearest value first, the newest
    version of each article.

    ``same_number(value, value_high)`` filters on the numbers before whole rows are read.
    """
    # relative to the larger figure, as review.matches decides a pair: 105.2 is within
    # 5% of 100 (5.2 < 5.26), so the window above a value reaches value / (1 - tolerance)
    low, high = sorted((claim.value * (1 - tolerance), claim.value / (1 - tolerance)))
    # step 1: the numbers only (the index on (kind, unit, value) answers this alone)
    unit = "unit IS NULL" if not claim.unit else "unit = :unit"
    numbers = store.rows(
        "SELECT id, value, value_high FROM claim WHERE kind = :kind AND "
        f"{unit} AND value BETWEEN :low AND :high AND source_id != :own "
        "ORDER BY abs(value - :value), id",
        {
            "kind": Kind(claim.kind).value,
            "unit": claim.unit,
            "low": low,
            "high": high,
            "own": exclude_source_id,
            "value": claim.value,
        },
    )
    ids = [
        i
        for i, value, value_high in numbers
        if same_number is None or same_number(value, value_high)
    ][:limit]
    if not ids:
        return []
    # step 2: whole rows and their articles, for the few left; other versions of
    # the same article (the same URL) are the same article
    listed, params = placeholders("i", ids)
    rows = store.rows(
        f"SELECT {columns(CLAIM_COLUMNS, 'claim')}, source.title, source.url FROM claim "
        "JOIN source ON source.id = claim.source_id "
        f"WHERE claim.id IN {listed} AND (source.url IS NULL OR {_OWN_URL} IS NULL "
        f"OR source.url != {_OWN_URL})",
        {**params, "own": exclude_source_id},
    )
    # a changed article is stored again as a new version: a higher source id at
    # the same URL. Keep a claim only if its source is the newest at its URL (the
    # URL index answers this without reading the articles' texts).
    width = len(CLAIM_COLUMNS)
    urls = sorted({row[width + 1] for row in rows if row[width + 1] is not None})
    newest: dict[str, int] = {}
    if urls:
        listed, params = placeholders("u", urls)
        newest = {
            url: int(top)
            for url, top in store.rows(
                f"SELECT url, max(id) FROM source WHERE url IN {listed} GROUP BY url", params
            )
        }
    by_id = {row[0]: row for row in rows}
    found = []
    for claim_id in ids:
        row = by_id.get(claim_id)
        if row is None:
            continue
        title, url = row[width], row[width + 1]
        if url is not None and newest.get(url) != row[1]:
            continue
        found.append(Candidate(stored_claim(row[:width]), title, url))
    return found
