"""How fast the review commands are on a SQLite tracker of 100,000 claims.

Builds the tracker with ``report_speed.make_tracker`` (bulk insert: 2,000 sources x
50 claims, with review events, lookups and figures repeated across sources, so
the queue finds matches), then times:

* opening the queue and showing the first claim, in-process (``ReviewQueue`` with
  the real terminal rendering into a buffer), target < 0.5 s;
* each next claim after ``s`` (skip), 300 claims so that several pages are read,
  target < 50 ms;
* ``factcheck review`` as a subprocess reading ``q`` (start-up included);
* ``factcheck history ID`` and ``factcheck show ID`` as subprocesses, start-up
  included, target < 0.3 s.

    .venv/bin/python benchmarks/review_speed.py [--sources 2000] [--claims-per-source 50]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_speed import make_tracker  # noqa: E402  (the sibling benchmark's tracker)

FACTCHECK = Path(sys.executable).parent / "factcheck"


class TimedUI:
    """The real terminal rendering into a buffer; keys from a script, timed."""

    def __init__(self, keys: str) -> None:
        from rich.console import Console

        from factcheck.cli.review import TerminalUI

        self.inner = TerminalUI(Console(file=io.StringIO(), width=120, force_terminal=True))
        self.keys = list(keys)
        self.stamps: list[float] = []

    def show(self, view: object) -> None:
        self.inner.show(view)  # type: ignore[arg-type]

    def key(self, prompt: str) -> str:
        self.stamps.append(time.perf_counter())
        return self.keys.pop(0) if self.keys else "q"

    def ask(self, prompt: str) -> str | None:
        return "benchmark note"

    def say(self, message: str) -> None:
        self.inner.say(message)


def time_queue(url: str, steps: int, **where: object) -> tuple[float, list[float]]:
    """Return seconds to the first claim and the seconds of each next claim."""
    from factcheck.review.queue import QueueFilter, ReviewQueue, StoreFeed
    from factcheck.store import Store

    ui = TimedUI("s" * steps + "q")
    start = time.perf_counter()
    store = Store.open(url)
    filt = QueueFilter(**where)  # type: ignore[arg-type]
    queue = ReviewQueue(store, StoreFeed(store, filt), reviewer="bench", where=filt)
    queue.run(ui)
    store.close()
    if not ui.stamps:
        raise SystemExit(f"the queue {where} is empty; nothing to time")
    first = ui.stamps[0] - start
    steps_s = [b - a for a, b in zip(ui.stamps, ui.stamps[1:], strict=False)]
    return first, steps_s


def run(args: list[str], stdin: str | None = None) -> tuple[float, float]:
    """Return the wall time and the CPU time (user + system) of one factcheck run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(FACTCHECK), *args], input=stdin, capture_output=True, text=True, check=False
    )
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"factcheck {' '.join(args)} failed: {done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, cpu


def first_prompt(args: list[str]) -> tuple[float, float]:
    """Return the wall and CPU seconds until ``factcheck review`` shows its first prompt.

    The CPU time is read from /proc at that moment (Linux), before the reviewer's
    first key: what the reviewer waits for, start-up included.
    """
    start = time.perf_counter()
    child = subprocess.Popen(
        [str(FACTCHECK), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
    )
    assert child.stdout is not None and child.stdin is not None
    seen = b""
    while b"[v/d/n/s/b/u/o/q]" not in seen:
        chunk = child.stdout.read(1)
        if not chunk:
            raise SystemExit(f"factcheck {' '.join(args)} ended before its prompt")
        seen += chunk
    wall = time.perf_counter() - start
    with open(f"/proc/{child.pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    child.stdin.write(b"q")
    child.stdin.close()
    child.stdout.read()
    child.wait()
    return wall, cpu


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--claims-per-source", type=int, default=50)
    parser.add_argument("--steps", type=int, default=300)
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.db"
        start = time.perf_counter()
        total = make_tracker(path, opts.sources, opts.claims_per_source)
        url = f"sqlite:///{path}"
        print(f"tracker: {total:,} claims, built in {time.perf_counter() - start:.1f} s")

        from factcheck.models import Status
        from factcheck.store import Store

        with Store.open(url) as store:
            pending = store.count_claims(status=Status.PENDING)
            decided = store.claims(status=Status.DISPUTED, limit=1)[0].id
            pending_claims = store.claims(status=Status.PENDING, limit=50)
            speaker = next(c.claim.speaker for c in pending_claims if c.claim.speaker)
        print(f"pending: {pending:,}")

        def queue_rows() -> list[tuple[str, float, float, float, float]]:
            rows = []
            for label, where in (
                ("pending", {}),
                ("all statuses", {"status": None}),
                (f"--speaker {speaker!r}", {"speaker": speaker}),
            ):
                first, steps = time_queue(url, opts.steps, **where)
                steps.sort()
                rows.append(
                    (
                        label,
                        first,
                        statistics.median(steps),
                        steps[int(len(steps) * 0.95)],
                        steps[-1],
                    )
                )
            return rows

        def print_rows(title: str, rows: list[tuple[str, float, float, float, float]]) -> None:
            print()
            print(f"{title:<31} first claim   next: median      p95      max")
            for label, first, med, p95, top in rows:
                print(f"  {label:<28} {ms(first)}     {ms(med)} {ms(p95)} {ms(top)}")

        print_rows(f"queue ({opts.steps} next claims)", queue_rows())
        # what the composite index proposed for a store migration would change:
        # matching reads a value range of one kind and unit instead of every claim
        # of that unit
        with sqlite3.connect(path) as raw:
            raw.execute("CREATE INDEX ix_bench_claim_kind_unit_value ON claim (kind, unit, value)")
        print_rows("with index (kind, unit, value)", queue_rows())
        print("  targets: first claim < 500 ms, each next claim < 50 ms")

        print()
        # on a busy machine the wall time waits for a CPU; the CPU time does not
        print("subprocesses, start-up included, 5 runs: wall median / max, CPU median")
        for label, args, stdin in (
            ("factcheck --help", ["--help"], None),
            (f"factcheck history {decided}", ["history", str(decided), "--db", url], None),
            (f"factcheck show {decided}", ["show", str(decided), "--db", url], None),
            ("factcheck review (q)", ["review", "--db", url, "--reviewer", "bench"], "q"),
        ):
            runs = [run(args, stdin) for _ in range(5)]
            walls = sorted(w for w, _ in runs)
            cpus = sorted(c for _, c in runs)
            print(
                f"  {label:<28} {ms(statistics.median(walls))} / {ms(walls[-1])}"
                f"   CPU {ms(statistics.median(cpus))}"
            )
        firsts = [first_prompt(["review", "--db", url, "--reviewer", "bench"]) for _ in range(5)]
        walls = sorted(w for w, _ in firsts)
        cpus = sorted(c for _, c in firsts)
        print(
            f"  {'review: first claim shown':<28} {ms(statistics.median(walls))} / {ms(walls[-1])}"
            f"   CPU {ms(statistics.median(cpus))}"
        )
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print("  targets: history and show < 300 ms; the queue's first claim < 500 ms")


if __name__ == "__main__":
    main()
