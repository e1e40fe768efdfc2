"""Attribution: who asserts each claim (filled in by the speaker-attribution work)."""

from __future__ import annotations

from factcheck.models import Claim


def attribute(text: str, claims: list[Claim]) -> list[Claim]:
    """Return the claims with speaker, speaker_role, quote and cue filled in."""
    return claims
