"""Queries for the review queue and for matching claims, run in the database with LIMIT.

Two things the review stage needs that plain ``Store.claims()`` (ordered by id)
cannot give without loading every claim:

* ``queue_page``: the claims most worth checking first, by ``priority`` computed
  in SQL (``priority_sql``), a page at a time with a keyset cursor, so opening a
  queue over 100,000 claims reads 50 rows, not 100,000.
* ``candidates``: claims of other sources with the same kind and unit and a value
  within a few percent; ``factcheck.review.matches`` then checks rounding and
  wording on those few.

``priority`` (Python) and ``priority_sql`` (SQL) are the same rule written
twice; tests/test_review_queue.py checks they agree on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from factcheck.models import Claim, Kind, Qualifier, Status, StoredClaim

if TYPE_CHECKING:
    from factcheck.store import Store

# ---------------------------------------------------------------- the ordering
# Points, all whole numbers so that the SQL and Python sums compare exactly.
QUOTED = 3  # a speaker's own words in quotation marks: the claim is on the record
ATTRIBUTED = 2  # reported speech, "according to X": somebody can be asked about it
# size: only for quantities where bigger means more at stake (not percent, rank, age)
SIZED_KINDS = (Kind.COUNT.value, Kind.MONEY.value, Kind.MEASURE.value)
SIZE_STEPS = ((1e6, 2), (1e3, 1))  # a million or more: 2, a thousand or more: 1
# three or more significant digits (1,623; 12.3%; $4.37bn) were taken from a
# record and can be checked against it; 1,600 or "about half" usually cannot
PRECISE = 2
NOT_PRECISE_KINDS = (Kind.FRACTION.value, Kind.RANK.value)
HEDGED = -1  # "about", "some": the writer already says it is rounded
# place value of the second significant digit, for values from 1 up to 1e16
_DECADES = tuple(range(15, -1, -1))


def _second_digit(value: float) -> float | None:
    v = abs(value)
    for k in _DECADES:
        if v >= 10.0**k:
            return 10.0 ** (k - 1)
    return None


def is_precise(value: float) -> bool:
    """Return True if the value has three or more significant digits (1,623, not 1,600)."""
    unit = _second_digit(value)
    if unit is None:
        return False
    scaled = abs(value) / unit
    return abs(scaled - round(scaled)) > 1e-6


def priority(claim: Claim) -> int:
    """Return how much a claim is worth checking; the queue shows the highest first."""
    points = 0
    if claim.quote:
        points += QUOTED
    elif claim.speaker:
        points += ATTRIBUTED
    kind = Kind(claim.kind).value
    if kind in SIZED_KINDS:
        for threshold, step in SIZE_STEPS:
            if abs(claim.value) >= threshold:
                points += step
                break
    if kind not in NOT_PRECISE_KINDS and is_precise(claim.value):
        points += PRECISE
    if Qualifier(claim.qualifier) == Qualifier.APPROXIMATELY:
        points += HEDGED
    return points


def priority_sql(claim: sa.Table) -> sa.ColumnElement[int]:
    """Return ``priority`` as a SQL expression over the claim table's columns."""
    value = sa.func.abs(claim.c.value)
    unit = sa.case(
        *[
            (value >= sa.literal(10.0**k, sa.Float), sa.literal(10.0 ** (k - 1), sa.Float))
            for k in _DECADES
        ],
        else_=sa.null(),
    )
    scaled = value / unit
    precise = sa.and_(
        claim.c.kind.not_in(NOT_PRECISE_KINDS),
        value >= sa.literal(1.0, sa.Float),
        sa.func.abs(scaled - sa.func.round(scaled)) > sa.literal(1e-6, sa.Float),
    )
    speaker = sa.case(
        (claim.c.quote.is_(True), QUOTED),
        (sa.and_(claim.c.speaker.is_not(None), claim.c.speaker != ""), ATTRIBUTED),
        else_=0,
    )
    size = sa.case(
        *[
            (sa.and_(claim.c.kind.in_(SIZED_KINDS), value >= sa.literal(t, sa.Float)), p)
            for t, p in SIZE_STEPS
        ],
        else_=0,
    )
    hedge = sa.case((claim.c.qualifier == Qualifier.APPROXIMATELY.value, HEDGED), else_=0)
    exact = sa.case((precise, PRECISE), else_=0)
    return sa.cast(speaker + size + exact + hedge, sa.Integer)


def queue_page(
    store: Store,
    *,
    status: Status | None = Status.PENDING,
    source_id: int | None = None,
    speaker: str | None = None,
    kind: Kind | None = None,
    after: tuple[int, int] | None = None,
    limit: int = 50,
) -> list[tuple[int, int]]:
    """Return up to ``limit`` (priority, claim id) pairs after the cursor, best first."""
    from factcheck.store import CLAIM

    score = priority_sql(CLAIM).label("score")
    query = store._filtered(  # same package: the exact filters of claims()
        sa.select(score, CLAIM.c.id), status, source_id, speaker, kind, None, False
    )
    if after is not None:
        last_score, last_id = after
        query = query.where(
            sa.or_(
                score < last_score,
                sa.and_(score == last_score, CLAIM.c.id > last_id),
            )
        )
    query = query.order_by(score.desc(), CLAIM.c.id).limit(limit)
    with store._read() as conn:
        return [(int(s), int(i)) for s, i in conn.execute(query)]


def candidates(
    store: Store,
    claim: Claim,
    *,
    exclude_source_id: int,
    exclude_url: str | None = None,
    tolerance: float = 0.05,
    limit: int = 200,
) -> list[StoredClaim]:
    """Return claims of other sources with the claim's kind and unit and a value within
    ``tolerance`` (relative); the current versions of sources only, nearest value first."""
    from factcheck.store import CLAIM, SOURCE, _stored_claim

    low, high = sorted((claim.value * (1 - tolerance), claim.value * (1 + tolerance)))
    query = sa.select(CLAIM).where(
        CLAIM.c.kind == Kind(claim.kind).value,
        CLAIM.c.unit.is_(None) if not claim.unit else CLAIM.c.unit == claim.unit,
        CLAIM.c.value.between(low, high),
        CLAIM.c.source_id != exclude_source_id,
    )
    newer = sa.select(SOURCE.c.previous_id).where(SOURCE.c.previous_id.is_not(None))
    query = query.where(CLAIM.c.source_id.not_in(newer))
    if exclude_url:
        same_url = sa.select(SOURCE.c.id).where(SOURCE.c.url == exclude_url)
        query = query.where(CLAIM.c.source_id.not_in(same_url))
    query = query.order_by(sa.func.abs(CLAIM.c.value - claim.value), CLAIM.c.id).limit(limit)
    rows: list[Any]
    with store._read() as conn:
        rows = list(conn.execute(query))
    return [_stored_claim(r._mapping) for r in rows]
