"""Throughput and peak memory of extract_claims over >= 10 MB of real news text.

    python benchmarks/extract_speed.py [--mb 10] [--runs 3] [--profile]

Reads ../shared/bench/news-10mb.txt (real articles, one paragraph a line);
without it, falls back to the fixtures repeated. Prints chars/second and MB/s
(median of the runs), the peak memory of one pass (tracemalloc), and a
reference: one pass of a single simple regex over the same text, measured in
the same run, for a ratio that holds when the machine is shared. Also the CPU
time of find_claims over the text cut into articles (at two blank lines, as
``factcheck ingest`` reads them, so fixed costs per call show), and of
importing the extractor in a fresh process (its regexes compile there).
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from factcheck.extract import extract_claims, find_claims

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "bench" / "news-10mb.txt"
FALLBACK = sorted((ROOT / "fixtures" / "docs").glob("*.txt"))


def load(mb: float) -> tuple[str, str]:
    """Return (text, where it came from), at least ``mb`` megabytes of UTF-8."""
    want = int(mb * 1_000_000)
    if CORPUS.exists():
        text = CORPUS.read_text(encoding="utf-8")
        where = str(CORPUS)
    else:
        print(f"{CORPUS} is absent: using the fixtures repeated", file=sys.stderr)
        text = "\n\n".join(p.read_text(encoding="utf-8") for p in FALLBACK)
        where = "fixtures/docs repeated"
    while len(text.encode("utf-8")) < want:
        text = text + "\n\n" + text
    return text, where


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="megabytes of text, at least")
    ap.add_argument("--runs", type=int, default=3, help="timed runs; the median is printed")
    ap.add_argument("--profile", action="store_true", help="print the top functions by time")
    args = ap.parse_args()
    text, where = load(args.mb)
    size_mb = len(text.encode("utf-8")) / 1e6
    print(f"text: {where}, {len(text):,} chars, {size_mb:.1f} MB")

    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx("find_claims(text)", globals(), {"text": text}, "/tmp/extract.prof")
        pstats.Stats("/tmp/extract.prof").sort_stats("tottime").print_stats(15)
        return 0

    articles = [a for a in text.split("\n\n\n") if a.strip()]
    reference = re.compile(r"\d[\d,.]*")
    ref_times = []
    times = []
    extract_cpu = []
    find_times = []
    cpu_times = []
    article_times = []
    claims = 0
    for _ in range(args.runs):
        c0 = time.process_time()
        for article in articles:
            find_claims(article)
        article_times.append(time.process_time() - c0)
        t0 = time.perf_counter()
        sum(1 for _ in reference.finditer(text))
        ref_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        c0 = time.process_time()
        claims = len(find_claims(text))
        cpu_times.append(time.process_time() - c0)
        find_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        c0 = time.process_time()
        try:
            extract_claims(text)
        except Exception as exc:  # noqa: BLE001 - the attribution step is timed when it runs
            print(f"attribution step failed, not timed: {exc!r}", file=sys.stderr)
            times.append(float("nan"))
            extract_cpu.append(float("nan"))
        else:
            times.append(time.perf_counter() - t0)
            extract_cpu.append(time.process_time() - c0)
    find_secs = statistics.median(find_times)
    secs = statistics.median(times)
    ref = statistics.median(ref_times)

    # peak memory of one pass on a tenth and on all of the text: flat means per-paragraph work
    tenth = text[: len(text) // 10]
    peaks = []
    for part in (tenth, text):
        tracemalloc.start()
        found = find_claims(part)
        kept, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # the claims themselves are output, not working memory: report both
        peaks.append((peak, kept, len(found)))
        del found

    print(f"claims: {claims:,}")
    fastest = min(find_times)
    print(
        f"find_claims (no attribution): {find_secs:.2f} s median of {args.runs}, "
        f"{len(text) / find_secs:,.0f} chars/s, {size_mb / find_secs:.2f} MB/s "
        f"(fastest run {size_mb / fastest:.2f} MB/s)"
    )
    # CPU time counts only this process: the figure for one free core when others share it
    cpu = statistics.median(cpu_times)
    best = min(cpu_times)
    print(
        f"find_claims CPU time (process_time): {cpu:.2f} s median of {args.runs}, "
        f"{size_mb / cpu:.2f} MB/s of one core (best run {size_mb / best:.2f} MB/s)"
    )
    cpu = statistics.median(article_times)
    print(
        f"find_claims CPU time over {len(articles):,} articles: {cpu:.2f} s median of "
        f"{args.runs}, {size_mb / cpu:.2f} MB/s of one core (best run "
        f"{size_mb / min(article_times):.2f} MB/s)"
    )
    imports = [_import_cpu() for _ in range(args.runs)]
    print(
        f"import factcheck.extract in a fresh process: {min(imports):.3f} s CPU "
        f"(best of {args.runs}; Python's own start-up included)"
    )
    print(
        f"extract_claims: {secs:.2f} s median of {args.runs}, "
        f"{len(text) / secs:,.0f} chars/s, {size_mb / secs:.2f} MB/s"
    )
    cpu = statistics.median(extract_cpu)
    print(
        f"extract_claims CPU time (process_time): {cpu:.2f} s median of {args.runs}, "
        f"{size_mb / cpu:.2f} MB/s of one core (best run {size_mb / min(extract_cpu):.2f} MB/s)"
    )
    print(
        f"reference (one pass of r'\\d[\\d,.]*'): {ref:.3f} s, {size_mb / ref:.1f} MB/s; "
        f"find_claims takes {find_secs / ref:.0f}x the reference"
    )
    for (peak, kept, n), label in zip(peaks, ("1/10 of the text", "all of the text"), strict=True):
        print(
            f"memory, {label}: peak {peak / 1e6:.1f} MB, of which {kept / 1e6:.1f} MB are the "
            f"{n:,} claims returned; working memory {(peak - kept) / 1e6:.2f} MB"
        )
    return 0


def _import_cpu() -> float:
    """Return the CPU time of a fresh Python importing the extractor (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", "import factcheck.extract"], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


if __name__ == "__main__":
    raise SystemExit(main())
