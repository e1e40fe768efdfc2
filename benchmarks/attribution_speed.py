"""Throughput of extract_claims with and without speaker attribution, over real news text.

    python benchmarks/attribution_speed.py [--runs 3] [--whole] [--profile]

Reads ../shared/bench/news-10mb.txt (9,428 articles split at blank-line
pairs) and times extract_claims on each article, once with attribution and
once with ``speakers.attribute`` replaced by the identity, in the same run.
Prints MB/s for both (median of the runs), the share of time attribution
takes, and ``speakers.attribute`` alone on the claims found beforehand (its own
MB/s: with find_claims at F MB/s and attribution at A, the whole runs at
1 / (1/F + 1/A)). ``--whole`` also times the corpus as a single text (the worst case for
attribution's look-backs), with attribution and attribution alone (CPU). Skips with a
message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from factcheck.extract import _find_claims, extract_claims, speakers
from factcheck.extract.sentences import Splits
from factcheck.models import Claim

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "bench" / "news-10mb.txt"


def _identity(text: str, claims: list[Claim], **options: object) -> list[Claim]:
    return claims


def time_pass(docs: list[str], attribute: Callable[..., list[Claim]]) -> tuple[float, float]:
    """Return (wall, CPU) seconds extract_claims takes over ``docs`` with the given attribution.

    CPU time is printed too: on a shared machine it moves far less than wall time.
    """
    saved = speakers.attribute
    speakers.attribute = attribute
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        for doc in docs:
            extract_claims(doc)
        return time.perf_counter() - t0, time.process_time() - c0
    finally:
        speakers.attribute = saved


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="timed runs; the median is printed")
    ap.add_argument("--whole", action="store_true", help="also time the corpus as one text")
    ap.add_argument("--profile", action="store_true", help="profile attribution alone")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent", file=sys.stderr)
        return 0
    text = CORPUS.read_text(encoding="utf-8")
    docs = [d for d in text.split("\n\n\n") if d.strip()]
    mb = len(text.encode("utf-8")) / 1e6
    print(f"text: {CORPUS.name}, {len(docs):,} articles, {mb:.1f} MB")
    if args.profile:
        import cProfile
        import pstats

        pairs = [(d, extract_claims(d)) for d in docs]
        prof = cProfile.Profile()
        prof.enable()
        for d, claims in pairs:
            speakers.attribute(d, claims)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)
        return 0
    with_attr: list[tuple[float, float]] = []
    without: list[tuple[float, float]] = []
    for _ in range(args.runs):
        without.append(time_pass(docs, _identity))
        with_attr.append(time_pass(docs, speakers.attribute))
    # with the sentences find_claims split, handed on as extract_claims hands them (copied,
    # not filled in place as there: the same claims are attributed again in the next run)
    found: list[tuple[str, list[Claim], Splits]] = []
    for d in docs:
        splits = Splits()
        found.append((d, _find_claims(d, splits), splits))
    alone: list[float] = []
    for _ in range(args.runs):
        c0 = time.process_time()
        for d, claims, splits in found:
            speakers.attribute(d, claims, split=splits)
        alone.append(time.process_time() - c0)
    for i, clock in enumerate(("wall", "CPU")):
        t_on = statistics.median(t[i] for t in with_attr)
        t_off = statistics.median(t[i] for t in without)
        print(
            f"{clock:>4}: extract_claims without attribution {mb / t_off:.2f} MB/s ({t_off:.2f} s)"
        )
        print(f"{clock:>4}: extract_claims with attribution    {mb / t_on:.2f} MB/s ({t_on:.2f} s)")
        print(f"{clock:>4}: attribution share of the time {(t_on - t_off) / t_on:.0%}")
    t_alone = statistics.median(alone)
    print(f" CPU: speakers.attribute alone             {mb / t_alone:.2f} MB/s ({t_alone:.2f} s)")
    if args.whole:
        t0 = time.perf_counter()
        extract_claims(text)
        t_whole = time.perf_counter() - t0
        print(f"one 10 MB text, with attribution:  {mb / t_whole:.2f} MB/s ({t_whole:.2f} s)")
        # attribution alone on the text as one, as extract_claims runs it (CPU time)
        split = Splits()
        whole = _find_claims(text, split)
        cpu: list[float] = []
        for _ in range(args.runs):
            c0 = time.process_time()
            speakers.attribute(text, whole, split=split)
            cpu.append(time.process_time() - c0)
        t_attr = statistics.median(cpu)
        print(f" CPU: speakers.attribute alone, one text  {mb / t_attr:.2f} MB/s ({t_attr:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
