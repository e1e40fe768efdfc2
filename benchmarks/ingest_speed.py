"""How fast articles go into a tracker, and how fast claims come out again.

Splits ../shared/bench/news-10mb.txt (real news, articles separated by two blank
lines) into one file per article in a temporary folder, then measures:

1. `factcheck ingest FOLDER` into a fresh SQLite tracker, as a subprocess: end
   to end, start-up included (target: at least 1 MB of article text per second),
   then once more into the same tracker (all unchanged);
2. the same articles in-process, split into load / extract / store time;
3. `factcheck claims --status pending --limit 50` on the result (target: under
   0.5 s including start-up) and `factcheck --help` (target: under 0.3 s),
   medians of several runs.

    .venv/bin/python benchmarks/ingest_speed.py [--articles 2500] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "bench" / "news-10mb.txt"
FACTCHECK = Path(sys.executable).with_name("factcheck")


def split_articles(corpus: Path, limit: int) -> list[str]:
    text = corpus.read_text(encoding="utf-8")
    articles = [a.strip("\n") + "\n" for a in text.split("\n\n\n") if a.strip()]
    if len(articles) < limit:
        # repeat with a marker line so every copy has its own hash
        extra = [f"{a}(copy {i})\n" for i, a in enumerate(articles)]
        articles += extra
    return articles[:limit]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command; return its wall time and CPU time (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} is missing; this benchmark needs the shared timing corpus")

    articles = split_articles(args.corpus, args.articles)
    env = {**os.environ, "COLUMNS": "120"}

    from factcheck.extract import extract_claims
    from factcheck.ingest import load
    from factcheck.pipeline import BATCH
    from factcheck.store.writes import open_writer

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, article in enumerate(articles):
            (folder / f"a{i:05d}.txt").write_text(article, encoding="utf-8")

        # 1. in-process, by stage; an article the extractor crashes on is a bug
        # to report, counted and left out of the end-to-end run
        paths = sorted(folder.iterdir())
        # wall and CPU seconds: on a shared machine the CPU time is the better guide
        wall = {"load": 0.0, "extract": 0.0, "store": 0.0, "single": 0.0, "other": 0.0}
        cpu = dict(wall)
        clock = [time.perf_counter(), time.process_time()]

        def lap(stage: str) -> None:
            now = [time.perf_counter(), time.process_time()]
            wall[stage] += now[0] - clock[0]
            cpu[stage] += now[1] - clock[1]
            clock[:] = now

        n_claims = 0
        crashed: list[str] = []
        prepared = []
        for path in paths:
            lap("other")
            doc = load(str(path))
            lap("load")
            try:
                claims = extract_claims(doc.text)
            except Exception as exc:  # noqa: BLE001  (a benchmark reports and goes on)
                crashed.append(f"{path.name}: {type(exc).__name__}: {exc}")
                path.unlink()
                continue
            lap("extract")
            n_claims += len(claims)
            prepared.append((doc, claims))
        # storing as `factcheck ingest` does, in batches of pipeline.BATCH articles
        # a transaction ...
        with open_writer(str(Path(tmp) / "batched.db")) as writer:
            lap("other")
            for start in range(0, len(prepared), BATCH):
                batch = prepared[start : start + BATCH]
                writer.add_documents([item for item in batch if not writer.unchanged(item[0])])
            lap("store")
        # ... and one transaction an article, to show what batching saves
        with open_writer(str(Path(tmp) / "single.db")) as writer:
            lap("other")
            for doc, claims in prepared:
                writer.unchanged(doc) or writer.add_document(doc, claims)
            lap("single")
        kept = sorted(folder.iterdir())
        mb = sum(p.stat().st_size for p in kept) / 1e6
        print(f"{len(kept):,} articles, {mb:.2f} MB of text ({args.corpus.name})")
        if crashed:
            print(f"left out: {len(crashed)} articles the extractor crashed on, e.g. {crashed[0]}")
        total = wall["load"] + wall["extract"] + wall["store"]
        n = len(kept)
        print(
            f"in-process: {total:.2f} s  {n / total:,.0f} articles/s  "
            f"{mb / total:.2f} MB/s  ({n_claims:,} claims)\n"
            f"  load {wall['load']:.2f} s, extract {wall['extract']:.2f} s, "
            f"store {wall['store']:.2f} s ({1000 * wall['store'] / n:.2f} ms/article; "
            f"one transaction an article: {1000 * wall['single'] / n:.2f} ms/article)\n"
            f"  CPU: load {cpu['load']:.2f} s, extract {cpu['extract']:.2f} s, "
            f"store {cpu['store']:.2f} s (one transaction an article: {cpu['single']:.2f} s)"
        )

        # 2. end to end through the command
        db = Path(tmp) / "cli.db"
        seconds, cpu = timed([str(FACTCHECK), "ingest", str(folder), "--db", str(db)], env)
        print(
            f"factcheck ingest FOLDER (subprocess): {seconds:.2f} s  "
            f"{len(kept) / seconds:,.0f} articles/s  {mb / seconds:.2f} MB/s  ({cpu:.2f} s CPU)"
        )
        print(f"tracker file: {db.stat().st_size / 1e6:.1f} MB")
        # the same folder again: every article unchanged, into a tracker that exists
        # (no schema step, so no SQLAlchemy to import)
        seconds, cpu = timed([str(FACTCHECK), "ingest", str(folder), "--db", str(db)], env)
        print(f"factcheck ingest FOLDER again (all unchanged): {seconds:.2f} s, {cpu:.2f} s CPU")

        # 3. listing and start-up; on a shared machine the CPU time is the
        # better guide to what a quiet one would show
        listing = [
            timed(
                [str(FACTCHECK), "claims", "--status", "pending", "--limit", "50", "--db", str(db)],
                env,
            )
            for _ in range(args.runs)
        ]
        helping = [timed([str(FACTCHECK), "--help"], env) for _ in range(args.runs)]
        for name, runs, target in (
            ("factcheck claims --status pending --limit 50", listing, 0.5),
            ("factcheck --help", helping, 0.3),
        ):
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(
                f"{name}: median {wall:.3f} s wall (min {min(w for w, _ in runs):.3f}), "
                f"{cpu:.3f} s CPU; {len(runs)} runs; target < {target} s"
            )
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
