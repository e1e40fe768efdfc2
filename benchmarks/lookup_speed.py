"""How fast reference lookups run, and that memory stays flat with big pages.

Starts a local HTTP server in a child process (so the figures are the client's
alone) and measures, with factcheck's default lookup options:

1. 200 lookups of 200 different URLs on that one server, each answered after
   100 ms (target: under 3 s), concurrent under the per-host limit;
2. the same 200 URLs spread over 8 loopback host names (127.0.0.1-8), as
   references to several sites would be;
3. lookups of 10 MB pages, in rounds of 8: the resident memory after each
   round and the peak, which must stay flat however many pages have been read
   (bodies are streamed under a size cap, dropped once read, and at most 2
   pages are parsed at once; the peak is bounded by pages in flight x size).

    .venv/bin/python benchmarks/lookup_speed.py [--lookups 200] [--delay 0.1] [--big-mb 10]
        [--hosts 8] [--big-pages 8] [--rounds 4]
"""

from __future__ import annotations

import argparse
import http.server
import multiprocessing
import os
import resource
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.lookup import LookupOptions, Task, run_tasks  # noqa: E402
from factcheck.models import Claim, Kind, Outcome, Qualifier  # noqa: E402

SENTENCE = "The ministry deployed more than 1,600 health workers across the districts."
CLAIM = Claim(
    start=SENTENCE.index("1,600"),
    end=SENTENCE.index("1,600") + 5,
    mention="1,600",
    value=1600,
    qualifier=Qualifier.LOWER_BOUND,
    qualifier_text="more than",
    kind=Kind.COUNT,
    unit="worker",
    sentence=SENTENCE,
    sentence_end=len(SENTENCE),
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Measles campaign update {n}</title></head><body>"
    "<article><h1>Measles campaign update</h1><p>More than 1,650 health workers were "
    "deployed across 38 districts, the ministry said on Monday.</p><p>About 48% of the "
    "children vaccinated were under five years old.</p></article></body></html>"
)
FILLER = b"<p>" + b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 16 + b"</p>\n"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes; with Nagle on, the body waits for
    # the client's delayed ACK (40 ms on Linux), which real servers do not do
    disable_nagle_algorithm = True
    delay = 0.1
    big_bytes = 10 * 1024 * 1024

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/big/"):
            # streamed, never held whole: the server's memory is not what is measured
            head = PAGE.split("</article>")[0].format(n=self.path).encode()
            tail = b"</article></body></html>"
            count = (self.big_bytes - len(head) - len(tail)) // len(FILLER)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(head) + count * len(FILLER) + len(tail)))
            self.end_headers()
            self.wfile.write(head)
            for _ in range(count):
                self.wfile.write(FILLER)
            self.wfile.write(tail)
            return
        time.sleep(self.delay)
        body = PAGE.format(n=self.path).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default 5 drops connections under 32 at once


def serve(host: str, port: int, delay: float, big_bytes: int) -> None:
    Handler.delay = delay
    Handler.big_bytes = big_bytes
    # 0.0.0.0 would open the port to the network; each loopback address is bound alone
    Server((host, port), Handler).serve_forever()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(tasks: list[Task], options: LookupOptions) -> tuple[float, dict[str, int]]:
    start = time.perf_counter()
    results = run_tasks(tasks, options)
    elapsed = time.perf_counter() - start
    outcomes: dict[str, int] = {}
    for r in results:
        outcomes[r.outcome.value] = outcomes.get(r.outcome.value, 0) + 1
        if r.outcome is Outcome.ERROR:
            print("  error:", r.error)
    return elapsed, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.1, help="server answer time, seconds")
    parser.add_argument("--big-mb", type=int, default=10)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--big-pages", type=int, default=8, help="10 MB pages per round")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    port = free_port()
    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    ctx = multiprocessing.get_context("fork")
    servers = [
        ctx.Process(
            target=serve,
            args=(h, port, args.delay, args.big_mb * 1024 * 1024),
            daemon=True,
        )
        for h in hosts
    ]
    for p in servers:
        p.start()
    time.sleep(0.5)
    options = LookupOptions(refresh=True)
    print(
        f"defaults: {options.concurrency} requests at once, {options.per_host} per host, "
        f"{options.host_delay * 1000:g} ms between starts on one host"
    )
    try:
        # warm-up: imports, the thread pool, trafilatura's first call
        run_tasks([Task(1, CLAIM, f"http://127.0.0.1:{port}/warm")], options)

        one = [Task(1, CLAIM, f"http://127.0.0.1:{port}/p/{i}") for i in range(args.lookups)]
        elapsed, outcomes = timed(one, options)
        verdict = "ok" if elapsed < 3.0 else "SLOWER THAN TARGET"
        print(
            f"1. {args.lookups} lookups, one host, {args.delay * 1000:g} ms each: "
            f"{elapsed:.2f} s ({args.lookups / elapsed:.0f}/s) {outcomes}  target < 3 s: {verdict}"
        )

        spread = [
            Task(1, CLAIM, f"http://{hosts[i % len(hosts)]}:{port}/p/{i}")
            for i in range(args.lookups)
        ]
        elapsed, outcomes = timed(spread, options)
        print(
            f"2. {args.lookups} lookups over {len(hosts)} hosts: {elapsed:.2f} s "
            f"({args.lookups / elapsed:.0f}/s) {outcomes}"
        )

        big = LookupOptions(refresh=True, max_bytes=(args.big_mb + 1) * 1024 * 1024)
        before = rss_mb()
        print(
            f"3. {args.big_mb} MB pages, {args.rounds} rounds of {args.big_pages}; "
            f"resident memory before: {before:.0f} MB"
        )
        done = 0
        for round_no in range(1, args.rounds + 1):
            count = args.big_pages
            tasks = [
                Task(1, CLAIM, f"http://127.0.0.1:{port}/big/{done + i}") for i in range(count)
            ]
            done += count
            elapsed, outcomes = timed(tasks, big)
            print(
                f"   round {round_no}: {done:3d} pages ({done * args.big_mb} MB) so far, "
                f"this round {elapsed:.1f} s {outcomes}: resident {rss_mb():.0f} MB, "
                f"peak {peak_mb():.0f} MB"
            )
    finally:
        for p in servers:
            p.terminate()
        for p in servers:
            p.join()


if __name__ == "__main__":
    main()
