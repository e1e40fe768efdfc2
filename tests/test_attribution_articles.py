"""Attribution on whole articles: three styles written for these tests, and the dev set.

The fixtures (fixtures/docs/) are a wire story with quotes and reported speech,
a feature with a quotation running over three paragraphs, and a speech
transcript. Each expected row follows ../shared/eval/ANNOTATION.md ("Speakers").
Attribution is checked on claims built from the mentions (independent of the
number extractor), and again through extract_claims for the claims it finds.

The last test scores attribution on the gold spans of ../shared/eval/dev with
scripts/score_speakers.py and fails below pinned floors (skipped without the set).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from factcheck.cli.app import app
from factcheck.extract import extract_claims
from factcheck.extract.speakers import attribute
from factcheck.models import Claim

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "fixtures" / "docs"
EVAL_DEV = ROOT.parent / "shared" / "eval" / "dev"

# (mention, or mention#n for its n-th occurrence) -> (speaker, quote)
WIRE = {
    "2,400": (None, False),
    "94%": ("Harbour Workers' Union", False),
    "81%": ("Harbour Workers' Union", False),
    "one pay rise": ("Marta Kowalczyk", True),
    "six years": ("Marta Kowalczyk", True),
    "7%": ("Calder Terminals", False),
    "\u00a312m": ("Calder Terminals", False),
    "1.8 million": ("Owen Pryce", True),
    "3%": ("Marta Kowalczyk", False),
    "40 ships": ("Regional Freight Council", False),
    "two weeks": ("Regional Freight Council", False),
    "60 containers": (None, False),
    "two men": ("Police", False),
    "34": (None, False),
    "6,000": (None, False),
    "\u00a331bn": (None, False),
    "nine days": (None, False),
    "120 shops": (None, False),
}

FEATURE = {
    "300 homes": (None, False),
    "11,000": ("Helen Oduya", True),
    "40 minutes": ("Helen Oduya", True),
    "15 minutes": ("Helen Oduya", True),
    "18 miles": ("Helen Oduya", True),
    "\u00a345m": ("Helen Oduya", True),
    "\u00a312m": ("Helen Oduya", True),
    "\u00a330m": ("county council", False),
    "eight months": ("county council", False),
    "a third": ("Tom Ashby", False),
    "400 customers": ("Tom Ashby", True),
    "250": ("Tom Ashby", True),
    "5.2 metres": ("Environment Agency", False),
    "1 in 200": ("Environment Agency", False),
    "Two Hundred": ("University of Marchfield", False),
    "four times": ("University of Marchfield", False),
    "five years": ("Helen Oduya", True),
    "14,000": (None, False),
    "900 pupils": (None, False),
}

TRANSCRIPT = {
    "14 reservoirs": ("Elena Marsh", False),
    "$2.3 billion": ("Elena Marsh", False),
    "600 miles": ("Elena Marsh", False),
    "18 percent": ("Elena Marsh", False),
    "9 of our 12": ("State Water Board", False),
    "7 percent": ("State Water Board", False),
    "1.5 million": ("Elena Marsh", False),
    "$850 million": ("Elena Marsh", False),
    "2,000 jobs": ("Elena Marsh", False),
    "$300 million": ("farm lobby", False),
    "a third": ("Elena Marsh", False),
    "six months": ("Elena Marsh", False),
}

ARTICLES = [
    ("wire_harbour_strike_2025.txt", WIRE),
    ("feature_river_towns_2024.txt", FEATURE),
    ("transcript_governor_water_2025.txt", TRANSCRIPT),
]


def _claim(text: str, mention: str) -> Claim:
    word, _, nth = mention.partition("#")
    start = -1
    for _ in range(int(nth or 1)):
        start = text.index(word, start + 1)
    return Claim(start=start, end=start + len(word), mention=word, value=1.0)


def _rows() -> list[tuple[str, str, str | None, bool]]:
    return [(name, m, sp, q) for name, table in ARTICLES for m, (sp, q) in table.items()]


@pytest.mark.parametrize("name, mention, speaker, quote", _rows())
def test_article_attribution(name: str, mention: str, speaker: str | None, quote: bool) -> None:
    text = (DOCS / name).read_text(encoding="utf-8")
    claims = sorted((_claim(text, m) for m in dict(ARTICLES)[name]), key=lambda c: c.start)
    got = {c.start: c for c in attribute(text, claims)}
    claim = got[_claim(text, mention).start]
    assert (claim.speaker, claim.quote) == (speaker, quote)


@pytest.mark.parametrize("name, table", ARTICLES, ids=[a[0] for a in ARTICLES])
def test_article_through_extract_claims(
    name: str, table: dict[str, tuple[str | None, bool]]
) -> None:
    """Every expected claim the extractor finds carries the expected speaker and quote flag."""
    text = (DOCS / name).read_text(encoding="utf-8")
    found = extract_claims(text)
    checked = 0
    for mention, (speaker, quote) in table.items():
        span = _claim(text, mention)
        hits = [c for c in found if c.start < span.end and span.start < c.end]
        if not hits:
            continue
        checked += 1
        assert (hits[0].speaker, hits[0].quote) == (speaker, quote), mention
    assert checked >= len(table) // 2, f"the extractor found only {checked} of {len(table)}"


def test_transcript_roles_and_cues() -> None:
    text = (DOCS / "transcript_governor_water_2025.txt").read_text(encoding="utf-8")
    (claim,) = attribute(text, [_claim(text, "$850 million")])
    assert (claim.speaker, claim.speaker_role, claim.cue) == (
        "Elena Marsh",
        "Governor",
        "THE GOVERNOR:",
    )


# --- the dev set, gold spans ----------------------------------------------------------

# pinned a little under the figures measured on 2026-11-29 (0.997 speaker, 1.000 quote)
SPEAKER_FLOOR = 0.97
QUOTE_FLOOR = 0.99


def _scorer() -> ModuleType:
    path = ROOT / "scripts" / "score_speakers.py"
    spec = importlib.util.spec_from_file_location("score_speakers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not any(EVAL_DEV.glob("*.gold.json")), reason="../shared/eval/dev is absent")
def test_dev_set_speaker_and_quote_floors() -> None:
    total, lines = _scorer().score_dir(EVAL_DEV)
    assert total.claims > 0
    assert total.speaker_accuracy >= SPEAKER_FLOOR, "\n".join(lines)
    assert total.quote_accuracy >= QUOTE_FLOOR, "\n".join(lines)


def test_cli_prints_speaker_role_quote_and_cue(runner: CliRunner) -> None:
    path = DOCS / "feature_river_towns_2024.txt"
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    claims = {c["mention"]: c for c in json.loads(result.stdout)["claims"]}
    got = {k: claims["11,000"][k] for k in ("speaker", "speaker_role", "quote", "cue")}
    assert got == {
        "speaker": "Helen Oduya",
        "speaker_role": "Mayor",
        "quote": True,
        "cue": "she said",
    }
    table = runner.invoke(app, ["extract", str(path)])
    assert table.exit_code == 0
    assert "speaker" in table.stdout and "Helen Oduya" in table.stdout


PIECES = [
    "said",
    "says",
    " ",
    "\n",
    "\n\n",
    '"',
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    "\u00ab",
    "\u00bb",
    ",",
    ".",
    ":",
    "The",
    "bank",
    "Mr",
    "Smith",
    "he",
    "it",
    "according to",
    "40",
    "3%",
    "(WLS-TV, 8/25/25)",
    "THE PRESIDENT:",
    "Q ",
    "told",
    "that",
    "figures from",
    "'s",
    "-year-old",
    ", 41,",
    "which",
    "\u2014",
    "report by",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_attribution_never_fails_and_keeps_spans(pieces: list[str]) -> None:
    text = " ".join(pieces)
    claims = [
        Claim(start=m.start(), end=m.end(), mention=m.group(), value=1.0)
        for m in re.finditer(r"\d+", text)
    ]
    out = attribute(text, claims)
    assert [(c.start, c.end) for c in out] == [(c.start, c.end) for c in claims]
    assert all(c.speaker is None or c.speaker.strip() for c in out)
