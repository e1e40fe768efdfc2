"""Claim ids as people type them: ``12 14 20-25``, ``12,14``, in any mix."""

from __future__ import annotations

import re
from collections.abc import Iterable

from factcheck.errors import InputError

# One command may name at most this many ids: a typo like 1-1000000 should be
# an error, not a million-row transaction.
MAX_IDS = 10_000

_ITEM = re.compile(r"^(?P<low>\d+)(?:\s*-\s*(?P<high>\d+))?$")


def parse_ids(items: str | Iterable[str]) -> list[int]:
    """Return the claim ids named by ``items`` (numbers, lists, ranges), in order, once each."""
    if isinstance(items, str):
        items = [items]
    # "20 - 25" typed as three arguments is glued back into one range
    joined = re.sub(r"\s*-\s*", "-", " ".join(items))
    tokens = [t for t in re.split(r"[\s,]+", joined) if t]
    if not tokens:
        raise InputError("no claim ids given; name them like 12, 12 14 or 20-25")
    seen: dict[int, None] = {}
    for token in tokens:
        match = _ITEM.match(token)
        if not match:
            raise InputError(
                f"bad claim id {token!r}; give numbers like 12, lists like '12 14' "
                "or ranges like 20-25"
            )
        low = int(match["low"])
        high = int(match["high"]) if match["high"] else low
        if low < 1:
            raise InputError(f"bad claim id {token!r}; ids start at 1")
        if high < low:
            raise InputError(f"bad range {token!r}: it runs backwards; write {high}-{low}")
        if high - low + 1 + len(seen) > MAX_IDS:
            raise InputError(
                f"range {token!r} names too many claims; at most {MAX_IDS:,} ids at once"
            )
        for claim_id in range(low, high + 1):
            seen[claim_id] = None
    return list(seen)


def format_ids(ids: Iterable[int]) -> str:
    """Return ids as a short list with ranges, e.g. ``12, 14, 20-25``."""
    ordered = sorted(set(ids))
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ", ".join(parts)
