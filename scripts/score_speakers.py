#!/usr/bin/env python3
"""Score attribution alone: gold claim spans in, speakers and quote flags out.

    scripts/score_speakers.py [GOLD_DIR] [--show]

For every GOLD_DIR/*.gold.json (default ../shared/eval/dev) it builds Claim
objects from the gold spans, runs ``factcheck.extract.speakers.attribute`` on
the text and compares speaker and quote with the same functions as
``shared/eval/score.py`` (loaded from GOLD_DIR/../score.py). Independent of
the number extractor: every gold claim is "found".
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "dev"


@dataclass
class Score:
    """Counts over gold claims: how many, speaker right, quote right."""

    claims: int = 0
    speaker: int = 0
    quote: int = 0

    def add(self, other: Score) -> None:
        self.claims += other.claims
        self.speaker += other.speaker
        self.quote += other.quote

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker / self.claims if self.claims else 0.0

    @property
    def quote_accuracy(self) -> float:
        return self.quote / self.claims if self.claims else 0.0


def load_scorer(gold_dir: Path) -> ModuleType:
    """Return shared/eval/score.py as a module (its same_speaker is the reference)."""
    path = gold_dir.parent / "score.py"
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}; pass the dev folder that sits beside score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_document(
    gold_path: Path, scorer: ModuleType, show: bool = False, out: list[str] | None = None
) -> Score:
    """Attribute the gold spans of one document and count right speakers and quote flags."""
    from factcheck.extract.speakers import attribute
    from factcheck.models import Claim

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(
        encoding="utf-8"
    )
    entries = sorted(gold["claims"], key=lambda g: g["start"])
    claims = [
        Claim(start=g["start"], end=g["end"], mention=g["mention"], value=float(g["value"]))
        for g in entries
    ]
    got = attribute(text, claims)
    score = Score()
    for g, c in zip(entries, got, strict=True):
        score.claims += 1
        ok_speaker = scorer.same_speaker(g.get("speaker"), c.speaker)
        ok_quote = bool(g.get("quote")) == c.quote
        score.speaker += ok_speaker
        score.quote += ok_quote
        if show and out is not None and not (ok_speaker and ok_quote):
            ctx = text[max(0, g["start"] - 70) : g["end"] + 40].replace("\n", " | ")
            out.append(
                f"  {g['mention']!r} @{g['start']}: speaker gold={g.get('speaker')!r} "
                f"got={c.speaker!r} (cue {c.cue!r}) quote gold={bool(g.get('quote'))} "
                f"got={c.quote}\n      ...{ctx}..."
            )
    return score


def score_dir(gold_dir: Path, show: bool = False) -> tuple[Score, list[str]]:
    """Return the total score over a folder of gold files and the report lines."""
    scorer = load_scorer(gold_dir)
    total = Score()
    lines: list[str] = []
    for path in sorted(gold_dir.glob("*.gold.json")):
        misses: list[str] = []
        s = score_document(path, scorer, show, misses)
        total.add(s)
        lines.append(
            f"{path.name.replace('.gold.json', '')}: claims {s.claims} "
            f"speaker {s.speaker_accuracy:.3f} quote {s.quote_accuracy:.3f}"
        )
        lines.extend(misses)
    lines.append(
        f"TOTAL claims {total.claims} speaker {total.speaker_accuracy:.3f} "
        f"quote {total.quote_accuracy:.3f}"
    )
    return total, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("gold_dir", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument("--show", action="store_true", help="print every wrong claim in context")
    args = ap.parse_args()
    gold_dir = Path(args.gold_dir)
    if not any(gold_dir.glob("*.gold.json")):
        print(f"no *.gold.json in {gold_dir}", file=sys.stderr)
        return 2
    _, lines = score_dir(gold_dir, args.show)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
