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


def split_articles(corpus: Path, limit: int) -> list[str]:
    text = corpus.read_text(encoding="utf-8")
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
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} is missing; this benchmark needs the shared timing corpus")

    articles = split_articles(args.corpus, args.articles)
    env = {**os.environ, "COLUMNS": "120"}

    from factcheck.extract import extract_claims
    from factcheck.ingest import load
    from factcheck.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, article in enumerate(articles):
            (folder / f"a{i:05d}.txt").write_text(article, encoding="utf-8")

        # 1. in-process, by stage; an article the extractor crashes on is a bug
        # to report, counted and left out of the end-to-end run
        paths = sorted(folder.iterdir())
        t_load = t_extract = t_store = 0.0
        n_claims = 0
        crashed: list[str] = []
        with Store.open(str(Path(tmp) / "lib.db")) as store:
            for path in paths:
                t0 = time.perf_counter()
                doc = load(str(path))
                t1 = time.perf_counter()
                try:
                    claims = extract_claims(doc.text)
                except Exception as exc:  # noqa: BLE001  (a benchmark reports and goes on)
                    crashed.append(f"{path.name}: {type(exc).__name__}: {exc}")
                    path.unlink()
                    continue
                t2 = time.perf_counter()
                store.add_document(doc, claims)
                t3 = time.perf_counter()
                t_load += t1 - t0
                t_extract += t2 - t1
                t_store += t3 - t2
                n_claims += len(claims)
        kept = sorted(folder.iterdir())
        mb = sum(p.stat().st_size for p in kept) / 1e6
        print(f"{len(kept):,} articles, {mb:.2f} MB of text ({args.corpus.name})")
        if crashed:
            print(f"left out: {len(crashed)} articles the extractor crashed on, e.g. {crashed[0]}")
        total = t_load + t_extract + t_store
        print(
            f"in-process: {total:.2f} s  {len(kept) / total:,.0f} articles/s  "
            f"{mb / total:.2f} MB/s  ({n_claims:,} claims)\n"
            f"  load {t_load:.2f} s, extract {t_extract:.2f} s, store {t_store:.2f} s "
            f"({1000 * t_store / len(kept):.2f} ms/article, {mb / t_store:.1f} MB/s)"
        )

        # 2. end to end through the command
        db = Path(tmp) / "cli.db"
        seconds = timed([str(FACTCHECK), "ingest", str(folder), "--db", str(db)], env)
        print(
            f"factcheck ingest FOLDER (subprocess): {seconds:.2f} s  "
            f"{len(kept) / seconds:,.0f} articles/s  {mb / seconds:.2f} MB/s"
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
