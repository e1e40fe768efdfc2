"""How fast articles go into a tracker, and how fast claims come out again.

Splits ../shared/bench/news-10mb.txt (real news, articles separated by two blank
lines) into one file per article in a temporary folder, then measures:

1. `factcheck ingest FOLDER` into a fresh SQLite tracker, as a subprocess: end
   to end, start-up included (target: at least 1 MB of article text per second);
2. the same articles in-process, split into load / extract / store time;
3. `factcheck claims --status pending --limit 50` on the result (target: under
   0.5 s including start-up) and `factcheck --help` (target: under 0.3 s),
   medians of several runs.

    .venv/bin/python benchmarks/ingest_speed.py [--articles 2500] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "bench" / "news-10mb.txt"
FACTCHECK = Path(sys.executable).with_name("factcheck")


def split_articles(limit: int) -> list[str]:
    text = CORPUS.read_text(encoding="utf-8")
    articles = [a.strip("\n") + "\n" for a in text.split("\n\n\n") if a.strip()]
    if len(articles) < limit:
        # repeat with a marker line so every copy has its own hash
        extra = [f"{a}(copy {i})\n" for i, a in enumerate(articles)]
        articles += extra
    return articles[:limit]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is missing; this benchmark needs the shared timing corpus")

    articles = split_articles(args.articles)
    size = sum(len(a.encode("utf-8")) for a in articles)
    mb = size / 1e6
    env = {**os.environ, "COLUMNS": "120"}
    print(f"{len(articles):,} articles, {mb:.2f} MB of text ({CORPUS.name})")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, article in enumerate(articles):
            (folder / f"a{i:05d}.txt").write_text(article, encoding="utf-8")

        # 1. end to end through the command
        db = Path(tmp) / "cli.db"
        seconds = timed([str(FACTCHECK), "ingest", str(folder), "--db", str(db)], env)
        print(
            f"factcheck ingest (subprocess): {seconds:.2f} s  "
            f"{len(articles) / seconds:,.0f} articles/s  {mb / seconds:.2f} MB/s"
        )

        # 2. in-process, by stage
        from factcheck.extract import extract_claims
        from factcheck.ingest import load
        from factcheck.store import Store

        paths = sorted(str(p) for p in folder.iterdir())
        t_load = t_extract = t_store = 0.0
        n_claims = 0
        with Store.open(str(Path(tmp) / "lib.db")) as store:
            for path in paths:
                t0 = time.perf_counter()
                doc = load(path)
                t1 = time.perf_counter()
                claims = extract_claims(doc.text)
                t2 = time.perf_counter()
                store.add_document(doc, claims)
                t3 = time.perf_counter()
                t_load += t1 - t0
                t_extract += t2 - t1
                t_store += t3 - t2
                n_claims += len(claims)
        total = t_load + t_extract + t_store
        print(
            f"in-process: {total:.2f} s  {mb / total:.2f} MB/s  ({n_claims:,} claims)  "
            f"load {t_load:.2f} s, extract {t_extract:.2f} s, store {t_store:.2f} s "
            f"({1000 * t_store / len(paths):.2f} ms/article)"
        )
        print(f"tracker file: {db.stat().st_size / 1e6:.1f} MB")

        # 3. listing and start-up
        listing = [
            timed(
                [str(FACTCHECK), "claims", "--status", "pending", "--limit", "50", "--db", str(db)],
                env,
            )
            for _ in range(args.runs)
        ]
        helping = [timed([str(FACTCHECK), "--help"], env) for _ in range(args.runs)]
        print(
            "factcheck claims --status pending --limit 50: "
            f"median {statistics.median(listing):.3f} s"
            f" (min {min(listing):.3f}, {args.runs} runs; target < 0.5 s)"
        )
        print(
            f"factcheck --help: median {statistics.median(helping):.3f} s"
            f" (min {min(helping):.3f}; target < 0.3 s)"
        )


if __name__ == "__main__":
    main()
