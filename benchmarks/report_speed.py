"""How fast `factcheck report` is on a big tracker, and how much memory it takes.

Builds a SQLite tracker of 100,000 claims over 2,000 sources (bulk insert, with
review events, notes, evidence, references and lookups), then runs
`factcheck report --format F --output FILE` for every format in a subprocess and
prints its wall time and peak resident memory. Targets: under 5 s and 500 MB each.

    .venv/bin/python benchmarks/report_speed.py [--sources 2000] [--claims-per-source 50]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

FORMATS = ("markdown", "html", "json", "csv", "claimreview")
LIMIT_SECONDS = 5.0
LIMIT_MB = 500.0

LETTERS = "etaoinshrdlcumwfgypbvkjxqz"
CUM_LETTER_WEIGHTS = list(itertools.accumulate(range(len(LETTERS), 0, -1)))
UNITS = [None, "people", "workers", "homes", "%", "USD", "EUR", "tonnes", "km", "schools"]
KINDS = ["count", "count", "count", "percent", "money", "measure"]
QUALIFIERS = ["none", "none", "approximately", "lower_bound", "upper_bound"]
TEMPLATES = [
    "The {topic} in {place} reached {mention} {unit} {filler}, {speaker} said.",
    "{speaker} told reporters that {mention} {unit} {filler} in {place}.",
    "According to {speaker}, {filler} {topic} rose to {mention} {unit}.",
    "In {place}, {mention} {unit} were recorded as {filler} {topic}.",
]


def word(rng: random.Random) -> str:
    # letters weighted as in English, so word stems are as varied as in news text
    return "".join(rng.choices(LETTERS, cum_weights=CUM_LETTER_WEIGHTS, k=rng.randint(4, 10)))


def stamp(moment: datetime) -> str:
    # how the store keeps times in SQLite: naive UTC text
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def make_tracker(path: Path, n_sources: int, per_source: int, seed: int = 7) -> int:
    """Create the tracker through the store (migrations), then bulk-insert rows; return claims."""
    from factcheck.store import Store

    Store.open(f"sqlite:///{path}").close()
    rng = random.Random(seed)
    # news wording: a few words are everywhere, most are rare (Zipf-like weights)
    vocabulary = list(dict.fromkeys(word(rng) for _ in range(20000)))
    cum_weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(vocabulary))))
    names = [f"{word(rng).title()} {word(rng).title()}" for _ in range(4000)]
    orgs = [f"{word(rng).title()} Ministry" for _ in range(300)]
    reviewers = ["Amira Haddad", "Jonas Berg", "Lena Ortiz", "Karl Brandt", "Ana Silva"]
    # figures that several outlets report: the cross-source matches
    stories = [
        (
            rng.choice(vocabulary),
            rng.choice(vocabulary),
            float(rng.randint(2, 900) * 100),
            " ".join(rng.choices(vocabulary, k=6)),
        )
        for _ in range(400)
    ]
    base = datetime(2026, 1, 1, tzinfo=UTC)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = MEMORY")
    sources, claims, events, references, lookups = [], [], [], [], []
    claim_id = event_id = 0
    for sid in range(1, n_sources + 1):
        published = base + timedelta(hours=sid)
        sentences = []
        offset = 0
        for _ in range(per_source):
            claim_id += 1
            kind = rng.choice(KINDS)
            unit = (
                rng.choice(UNITS)
                if kind == "count"
                else {"percent": "%", "money": "USD"}.get(kind, "km")
            )
            if rng.random() < 0.05:
                topic, place, value, filler = rng.choice(stories)
                kind, unit = "count", "people"
            else:
                topic, place = rng.choice(vocabulary), rng.choice(vocabulary)
                value = float(rng.choice([rng.randint(1, 20), rng.randint(21, 999_999)]))
                filler = " ".join(
                    rng.choices(vocabulary, cum_weights=cum_weights, k=rng.randint(6, 14))
                )
            mention = f"{value:,.0f}"
            speaker = None
            r = rng.random()
            if r < 0.4:
                speaker = rng.choice(names)
            elif r < 0.5:
                speaker = rng.choice(orgs)
            sentence = rng.choice(TEMPLATES).format(
                topic=topic,
                place=place,
                mention=mention,
                unit=unit or "",
                filler=filler,
                speaker=speaker or "officials",
            )
            start = offset + sentence.index(mention)
            status = rng.choices(["pending", "verified", "disputed"], [55, 30, 15])[0]
            created = published + timedelta(minutes=5)
            updated = created
            if status != "pending":
                for step in range(rng.choice([1, 1, 2])):
                    event_id += 1
                    updated = created + timedelta(hours=1 + step)
                    action = "verify" if status == "verified" else "dispute"
                    note = None if action == "verify" and rng.random() < 0.5 else filler[:80]
                    evidence = (
                        f"https://stats.example/{word(rng)}/{claim_id}" if step == 0 else None
                    )
                    events.append(
                        (
                            event_id,
                            claim_id,
                            rng.choice(reviewers),
                            action if step == 0 else "note",
                            "pending" if step == 0 else status,
                            status,
                            note,
                            evidence,
                            stamp(updated),
                        )
                    )
            if rng.random() < 0.05:
                url = f"https://reference.example/{word(rng)}/{claim_id}"
                references.append((claim_id, url, "Amira Haddad", stamp(created)))
                text = f"The registry lists {mention} {unit or 'cases'} for {place} this year."
                at = text.index(mention)
                passages = [
                    {
                        "text": text,
                        "hl_start": at,
                        "hl_end": at + len(mention),
                        "found": mention,
                        "value": value,
                        "score": 0.9,
                    }
                ]
                lookups.append(
                    (
                        claim_id,
                        url,
                        url,
                        200,
                        None,
                        stamp(updated),
                        rng.choice(["match", "conflict", "not_found"]),
                        None,
                        json.dumps(passages),
                    )
                )
            claims.append(
                (
                    claim_id,
                    sid,
                    start,
                    start + len(mention),
                    mention,
                    value,
                    None,
                    rng.choice(QUALIFIERS),
                    kind,
                    unit,
                    None,
                    sentence,
                    offset,
                    offset + len(sentence),
                    speaker,
                    "spokesperson" if speaker and rng.random() < 0.3 else None,
                    speaker is not None and rng.random() < 0.3,
                    None,
                    status,
                    1 + sum(1 for e in events[-2:] if e[1] == claim_id),
                    stamp(created),
                    stamp(updated),
                )
            )
            sentences.append(sentence)
            offset += len(sentence) + 1
        text = " ".join(sentences)
        sources.append(
            (
                sid,
                f"https://news{sid % 40}.example/{sid}",
                f"{word(rng).title()} {word(rng)} {word(rng)} ({sid})",
                f"The {word(rng).title()} Times",
                None,
                published.date().isoformat(),
                stamp(published),
                f"{sid:064x}",
                text,
                "text",
                None,
                1,
                None,
            )
        )
    db.executemany(
        "INSERT INTO source (id, url, title, publisher, author, published, ingested_at, "
        "content_hash, text, format, origin, version, previous_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        sources,
    )
    db.executemany(
        "INSERT INTO claim (id, source_id, char_start, char_end, mention, value, value_high, "
        "qualifier, kind, unit, qualifier_text, sentence, sentence_start, sentence_end, "
        "speaker, speaker_role, quote, cue, status, version, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        claims,
    )
    db.executemany(
        "INSERT INTO review_event (id, claim_id, reviewer, action, old_status, new_status, "
        "note, evidence_url, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        events,
    )
    db.executemany(
        "INSERT INTO reference (claim_id, url, added_by, added_at) VALUES (?,?,?,?)", references
    )
    db.executemany(
        "INSERT INTO lookup (claim_id, url, final_url, http_status, content_hash, fetched_at, "
        "outcome, error, passages) VALUES (?,?,?,?,?,?,?,?,?)",
        lookups,
    )
    db.commit()
    db.close()
    return len(claims)


def run_report(db: Path, fmt: str, out: Path) -> tuple[float, float, float]:
    """Run `factcheck report` in a subprocess; return (wall s, CPU s, peak RSS in MB)."""
    command = [
        sys.executable,
        "-m",
        "factcheck",
        "report",
        "--format",
        fmt,
        "--output",
        str(out),
        "--db",
        f"sqlite:///{db}",
    ]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        assert child.stderr is not None
        sys.exit(f"report --format {fmt} failed: {child.stderr.read().decode()}")
    # CPU time too: on a shared, busy machine wall time says more about the neighbours
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def breakdown(db: Path) -> None:
    """Print where the time goes, in this process: reading, building, matching, rendering."""
    from factcheck.report import build as report_build
    from factcheck.report.render import FORMATS as RENDERERS
    from factcheck.store import report_rows
    from factcheck.store.lite import open_reader

    spent: dict[str, list[float]] = {}

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                times = spent.setdefault(name, [0.0, 0.0])
                times[0] += time.perf_counter() - wall
                times[1] += time.process_time() - cpu

        return wrapper

    # as the command reads: through sqlite3, without SQLAlchemy
    store = open_reader(f"sqlite:///{db}")
    report_rows.read_report_rows = timed("read_report_rows", report_rows.read_report_rows)
    report_build.match_groups = timed("match_groups", report_build.match_groups)
    data = timed("build_report (all)", report_build.build_report)(store)
    for fmt, renderer in RENDERERS.items():
        # as export() renders: with the cycle collector paused
        with report_build.paused_gc():
            timed(f"render {fmt}", lambda r=renderer: sum(len(c) for c in r(data)))()
    store.close()
    print(f"{'phase (in process)':<22} {'wall s':>7} {'cpu s':>7}")
    for name, (wall, cpu) in spent.items():
        print(f"{name:<22} {wall:>7.2f} {cpu:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--claims-per-source", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="build the tracker here and keep it")
    parser.add_argument(
        "--breakdown", action="store_true", help="also time the phases in this process"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "bench.db"
        if db.exists():
            db.unlink()
        started = time.perf_counter()
        n = make_tracker(db, args.sources, args.claims_per_source)
        print(
            f"tracker: {n:,} claims over {args.sources:,} sources, "
            f"built in {time.perf_counter() - started:.1f} s ({db.stat().st_size / 1e6:.0f} MB)"
        )
        if args.breakdown:
            breakdown(db)
        print(
            f"{'format':<12} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'output MB':>10}  verdict"
        )
        failed = False
        for fmt in FORMATS:
            out = Path(tmp) / f"report.{fmt}"
            seconds, cpu, peak = run_report(db, fmt, out)
            ok = seconds < LIMIT_SECONDS and peak < LIMIT_MB
            failed |= not ok
            print(
                f"{fmt:<12} {seconds:>8.2f} {cpu:>8.2f} {peak:>8.0f} "
                f"{out.stat().st_size / 1e6:>10.1f}  "
                f"{'ok' if ok else 'OVER'}"
            )
        print(f"targets: under {LIMIT_SECONDS:.0f} s and {LIMIT_MB:.0f} MB per format")
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
