"""Numeric claims from text: pure, no I/O. ``extract_claims(text)`` is the entry point."""

from __future__ import annotations

import re

from factcheck.models import Claim

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def extract_claims(text: str) -> list[Claim]:
    """Return the numeric claims in ``text``, in order of position."""
    claims = []
    for m in _NUMBER.finditer(text):
        claims.append(
            Claim(
                start=m.start(),
                end=m.end(),
                mention=m.group(),
                value=float(m.group().replace(",", "")),
            )
        )
    return claims


__all__ = ["extract_claims"]
