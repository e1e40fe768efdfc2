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
from typing import TYPE_CHECKING

import sqlalchemy as sa

from factcheck.models import Claim, Kind, Status, StoredClaim

if TYPE_CHECKING:
    from factcheck.store import Store

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
    store: Store,
    *,
    status: Status | None = Status.PENDING,
    source_id: int | None = None,
    speaker: str | None = None,
    kind: Kind | None = None,
) -> list[tuple[int, int]]:
    """Return (priority, claim id) of every claim the filters select, best first, then by id."""
    from factcheck.store import CLAIM

    c = CLAIM.c
    query = store._filtered(  # same package: exactly the filters of Store.claims()
        sa.select(c.id, c.value, c.quote, c.speaker, c.kind, c.qualifier),
        status,
        source_id,
        speaker,
        kind,
        None,
        False,
    ).order_by(c.id)
    with store._read() as conn:
        # 55,000 rows of five plain columns: read as driver tuples. SQLAlchemy's rows
        # cost twice the time here (measured on 100,000 claims: 0.09-0.16 s raw,
        # 0.20-0.24 s through SQLAlchemy). The filters are bound as SQL literals by
        # SQLAlchemy's compiler, which quotes them; no text is pasted in here.
        sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql)
            rows = cursor.fetchall()
        finally:
            cursor.close()
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


NumberTest = Callable[[float, float | None], bool]


def candidates(
    store: Store,
    claim: Claim,
    *,
    exclude_source_id: int,
    tolerance: float = 0.05,
    same_number: NumberTest | None = None,
    limit: int = 200,
) -> list[Candidate]:
    """Return claims of other articles with the claim's kind and unit and a value within
    ``tolerance`` (relative), nearest value first, the newest version of each article.

    ``same_number(value, value_high)`` filters on the numbers before whole rows are read.
    """
    from factcheck.store import CLAIM, SOURCE, _stored_claim

    low, high = sorted((claim.value * (1 - tolerance), claim.value * (1 + tolerance)))
    own_url = sa.select(SOURCE.c.url).where(SOURCE.c.id == exclude_source_id).scalar_subquery()
    # step 1: the numbers only (an index on (kind, unit, value) answers this alone)
    numbers = (
        sa.select(CLAIM.c.id, CLAIM.c.value, CLAIM.c.value_high, CLAIM.c.source_id)
        .where(
            CLAIM.c.kind == Kind(claim.kind).value,
            CLAIM.c.unit.is_(None) if not claim.unit else CLAIM.c.unit == claim.unit,
            CLAIM.c.value.between(low, high),
            CLAIM.c.source_id != exclude_source_id,
        )
        .order_by(sa.func.abs(CLAIM.c.value - claim.value), CLAIM.c.id)
    )
    with store._read() as conn:
        near = [
            (i, source_id)
            for i, value, value_high, source_id in conn.execute(numbers)
            if same_number is None or same_number(value, value_high)
        ][:limit]
        if not near:
            return []
        # step 2: whole rows and their articles, for the few left
        ids = [i for i, _ in near]
        rows = conn.execute(
            sa.select(CLAIM, SOURCE.c.title.label("_title"), SOURCE.c.url.label("_url"))
            .join(SOURCE, SOURCE.c.id == CLAIM.c.source_id)
            .where(
                CLAIM.c.id.in_(ids),
                # other versions of the same article are the same article
                sa.or_(SOURCE.c.url.is_(None), own_url.is_(None), SOURCE.c.url != own_url),
            )
        ).all()
        # a changed article is stored again as a new version: a higher source id at
        # the same URL. Keep a claim only if its source is the newest at its URL (the
        # URL index answers this without reading the articles' texts).
        urls = sorted({row._url for row in rows if row._url is not None})
        newest: dict[str, int] = {}
        if urls:
            latest = (
                sa.select(SOURCE.c.url, sa.func.max(SOURCE.c.id))
                .where(SOURCE.c.url.in_(urls))
                .group_by(SOURCE.c.url)
            )
            newest = {url: int(top) for url, top in conn.execute(latest)}
    by_id = {row.id: row for row in rows}
    found = []
    for claim_id in ids:
        row = by_id.get(claim_id)
        if row is None or (row._url is not None and newest.get(row._url) != row.source_id):
            continue
        # the claim's columns come first, then the two labelled source columns
        found.append(Candidate(_stored_claim(tuple(row)[:-2]), row._title, row._url))
    return found
