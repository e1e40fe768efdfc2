"""The extractor on a table of short news-style cases, one group per rule.

The rows live in fixtures/cases/extract.json (written for this project, names
and figures invented): each gives a text, the claims it holds in order, with
value, range, qualifier, kind and (where given) unit, and mentions that must
not come out as claims (the exclusions of ANNOTATION.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factcheck.extract import find_claims

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "extract.json"
ROWS: list[dict[str, Any]] = json.loads(CASES.read_text(encoding="utf-8"))["cases"]


def _id(row: dict[str, Any]) -> str:
    return f"{row['rule']}: {row['text'][:60]}"


@pytest.mark.parametrize("row", ROWS, ids=[_id(r) for r in ROWS])
def test_case(row: dict[str, Any]) -> None:
    text = row["text"]
    claims = find_claims(text)
    got = [c.mention for c in claims]
    assert got == [c["mention"] for c in row["claims"]], f"mentions in {text!r}"
    for claim, want in zip(claims, row["claims"], strict=True):
        assert text[claim.start : claim.end] == claim.mention
        assert claim.value == pytest.approx(want["value"], rel=1e-3), claim.mention
        if want["value_high"] is None:
            assert claim.value_high is None, claim.mention
        else:
            assert claim.value_high == pytest.approx(want["value_high"], rel=1e-3)
        assert claim.qualifier.value == want["qualifier"], claim.mention
        assert claim.kind.value == want["kind"], claim.mention
        if "unit" in want:
            assert claim.unit == want["unit"], claim.mention
    for mention in row.get("not_claims", []):
        assert mention not in got, f"{mention!r} is not a claim in {text!r}"


def test_every_rule_has_positives_and_negatives() -> None:
    rules: dict[str, list[int]] = {}
    for row in ROWS:
        counts = rules.setdefault(row["rule"], [0, 0])
        counts[0 if row["claims"] else 1] += 1
    assert len(ROWS) >= 300
    exclusions = {"dates", "times", "identifiers", "ordinals", "one", "windows", "groups"}
    for rule in exclusions | {"idioms", "metadata"}:
        assert rules[rule][1] >= 3, f"rule {rule} needs negative cases"
