"""Reference lookups: fetch a page, find the claim's number in any written form, judge it.

Pages are read as HTML (main text and tables), JSON, CSV, plain text (page.py)
or PDF (pdf.py, through pypdf).

    check_text(claim, text)                   -> (Outcome, passages)   pure
    lookup_claim(store, claim_id, urls, ...)  -> list[Checked]         fetches, stores
    lookup_all(store, source_id=None, ...)    -> list[Checked]         every attached reference
    add_references(store, claim_id, urls)     -> list[Reference]

A lookup only suggests: it records what the page says (``match``, ``conflict``,
``not_found`` or ``error``) and never changes a claim's review status.

Fetching is concurrent (async httpx through ``net.afetch``: http/https only,
size cap, redirect limit, retries with backoff for 429/503): a bounded number of
requests at once, a few per host with a short pause between two starts on one
host, a deadline per URL, and each URL fetched once however many claims cite
it. One failing URL becomes an ``error`` outcome; the others go on.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from factcheck.errors import FactcheckError, FetchError, InputError
from factcheck.lookup.page import page_text
from factcheck.lookup.passages import MAX_PASSAGES, judge
from factcheck.models import Claim, LookupResult, Outcome, Passage, Reference

if TYPE_CHECKING:
    import httpx

    from factcheck.net import Fetched
    from factcheck.store import Store

# A page looked up less than this long ago is read from the tracker (--refresh
# fetches it again): reference pages change seldom, and sites rate-limit.
DEFAULT_MAX_AGE = timedelta(hours=24)
# Requests in flight at once, and to any one host: a statistics office is not a
# CDN (browsers open 6 connections a host, Scrapy 8). 10 keeps 200 lookups of
# pages answering in 100 ms from one host near 2 s (benchmarks/lookup_speed.py).
DEFAULT_CONCURRENCY = 32
DEFAULT_PER_HOST = 10
# The shortest gap between two request starts on one host (at most 200 a second).
DEFAULT_HOST_DELAY = 0.005
# Pages being read (lxml) at once: a 10 MB page takes ~60 MB while
# parsed, so this, not the number of URLs, bounds memory.
DEFAULT_READERS = 2
# The most one URL may take, retries and Retry-After waits included.
DEFAULT_DEADLINE = 90.0


@dataclass(frozen=True, slots=True)
class LookupOptions:
    """How to fetch: limits, politeness, freshness."""

    refresh: bool = False
    max_age: timedelta = DEFAULT_MAX_AGE
    concurrency: int = DEFAULT_CONCURRENCY
    per_host: int = DEFAULT_PER_HOST
    host_delay: float = DEFAULT_HOST_DELAY
    deadline: float = DEFAULT_DEADLINE
    max_bytes: int | None = None  # None: the settings' FACTCHECK_MAX_BYTES
    retries: int = 2
    backoff: float = 1.0
    max_passages: int = MAX_PASSAGES


@dataclass(frozen=True, slots=True)
class Task:
    """One claim to check against one URL."""

    claim_id: int
    claim: Claim
    url: str


@dataclass(frozen=True, slots=True)
class Checked:
    """A lookup result, the claim it was for, and whether it came from the tracker."""

    result: LookupResult
    claim: Claim
    cached: bool = False


def check_text(
    claim: Claim,
    text: str,
    content_type: str = "text/plain",
    url: str = "",
    max_passages: int = MAX_PASSAGES,
) -> tuple[Outcome, tuple[Passage, ...]]:
    """Return the outcome and best passages for a claim on one page's text (no I/O)."""
    return judge(claim, page_text(text, content_type, url), max_passages)


def check_page(tasks: Sequence[Task], page: Fetched, max_passages: int) -> list[LookupResult]:
    """Return one result per task for a fetched page: its text is read once for all claims."""
    digest = hashlib.sha256(page.body).hexdigest()
    if page.pdf:
        from factcheck.lookup.pdf import pdf_text

        try:
            text = pdf_text(page.body, page.final_url)
        except InputError as exc:
            # the server answered; the PDF is what failed, so its status and hash are kept
            return [
                replace(
                    _error(task, str(exc), page.fetched_at, page.status),
                    final_url=page.final_url,
                    content_hash=digest,
                )
                for task in tasks
            ]
    else:
        text = page_text(page.text, page.content_type, page.final_url)
    results = []
    for task in tasks:
        outcome, passages = judge(task.claim, text, max_passages)
        results.append(
            LookupResult(
                claim_id=task.claim_id,
                url=task.url,
                outcome=outcome,
                fetched_at=page.fetched_at,
                final_url=page.final_url,
                http_status=page.status,
                content_hash=digest,
                passages=passages,
            )
        )
    return results


def _error(task: Task, message: str, when: datetime, status: int | None = None) -> LookupResult:
    return LookupResult(
        claim_id=task.claim_id,
        url=task.url,
        outcome=Outcome.ERROR,
        fetched_at=when,
        http_status=status,
        error=message,
    )


class _Politeness:
    """A global cap on requests in flight, a per-host cap, and a gap between starts per host."""

    def __init__(self, options: LookupOptions) -> None:
        self.all = asyncio.Semaphore(max(1, options.concurrency))
        self.per_host = max(1, options.per_host)
        self.delay = max(0.0, options.host_delay)
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.next_start: dict[str, float] = defaultdict(float)

    def host(self, name: str) -> asyncio.Semaphore:
        if name not in self.hosts:
            self.hosts[name] = asyncio.Semaphore(self.per_host)
        return self.hosts[name]

    async def gap(self, name: str) -> None:
        now = time.monotonic()
        start = max(now, self.next_start[name])
        self.next_start[name] = start + self.delay
        if start > now:
            await asyncio.sleep(start - now)


async def lookup_tasks(
    tasks: Sequence[Task],
    client: httpx.AsyncClient,
    options: LookupOptions | None = None,
    on_result: Callable[[LookupResult], None] | None = None,
) -> list[LookupResult]:
    """Return a result per task, in order; each URL fetched once, concurrently and politely."""
    from factcheck.config import load_settings
    from factcheck.net import afetch, check_url

    opts = options or LookupOptions()
    max_bytes = opts.max_bytes if opts.max_bytes is not None else load_settings().max_bytes
    by_url: dict[str, list[int]] = defaultdict(list)
    for i, task in enumerate(tasks):
        by_url[task.url].append(i)
    results: list[LookupResult | None] = [None] * len(tasks)
    gate = _Politeness(opts)
    readers = asyncio.Semaphore(DEFAULT_READERS)

    def done(indexes: list[int], found: list[LookupResult]) -> None:
        for i, result in zip(indexes, found, strict=True):
            results[i] = result
            if on_result is not None:
                on_result(result)

    async def one_url(url: str, indexes: list[int]) -> None:
        group = [tasks[i] for i in indexes]
        try:
            host = check_url(url).host
            async with gate.all, gate.host(host):
                await gate.gap(host)
                async with asyncio.timeout(opts.deadline):
                    page = await afetch(
                        client,
                        url,
                        max_bytes=max_bytes,
                        total_timeout=opts.deadline,
                        retries=opts.retries,
                        backoff=opts.backoff,
                        accept_pdf=True,
                    )
            # reading the page (trafilatura, lxml) is CPU work: off the event loop
            async with readers:
                found = await asyncio.to_thread(check_page, group, page, opts.max_passages)
            del page  # the body is not kept once read
        except FactcheckError as exc:
            when = datetime.now(UTC)
            status = exc.status if isinstance(exc, FetchError) else None
            found = [_error(t, str(exc), when, status) for t in group]
        except TimeoutError:
            when = datetime.now(UTC)
            message = (
                f"{url}: no complete answer within {opts.deadline:g}s (retries included); "
                "the server is too slow, try again later"
            )
            found = [_error(t, message, when) for t in group]
        done(indexes, found)

    await asyncio.gather(*(one_url(url, idx) for url, idx in by_url.items()))
    return [r for r in results if r is not None]


def run_tasks(
    tasks: Sequence[Task],
    options: LookupOptions | None = None,
    client: httpx.AsyncClient | None = None,
    on_result: Callable[[LookupResult], None] | None = None,
) -> list[LookupResult]:
    """Return lookup_tasks' results from synchronous code, with a client of net's if none given."""
    from factcheck.net import make_async_client

    opts = options or LookupOptions()

    async def main() -> list[LookupResult]:
        if client is not None:
            return await lookup_tasks(tasks, client, opts, on_result)
        import httpx

        limits = httpx.Limits(
            max_connections=max(1, opts.concurrency),
            max_keepalive_connections=max(1, opts.concurrency),
        )
        async with make_async_client(limits=limits) as own:
            return await lookup_tasks(tasks, own, opts, on_result)

    return asyncio.run(main())


def _fresh(store: Store, task: Task, opts: LookupOptions, now: datetime) -> LookupResult | None:
    """Return the stored lookup of this claim and URL if recent and not an error."""
    if opts.refresh:
        return None
    last = store.latest_lookup(task.claim_id, task.url)
    if last is None or last.outcome is Outcome.ERROR:
        return None
    return last if now - last.fetched_at <= opts.max_age else None


def _run_and_store(
    store: Store,
    tasks: Sequence[Task],
    options: LookupOptions | None,
    client: httpx.AsyncClient | None,
    on_result: Callable[[Checked], None] | None,
) -> list[Checked]:
    opts = options or LookupOptions()
    now = datetime.now(UTC)
    checked: dict[int, Checked] = {}
    pending: list[Task] = []
    pending_index: list[int] = []
    for i, task in enumerate(tasks):
        cached = _fresh(store, task, opts, now)
        if cached is not None:
            checked[i] = Checked(cached, task.claim, cached=True)
            if on_result is not None:
                on_result(checked[i])
        else:
            pending.append(task)
            pending_index.append(i)
    claims = {t.claim_id: t.claim for t in tasks}

    def record(result: LookupResult) -> None:
        # each result is stored as it arrives, so an interrupted batch keeps its work
        stored = store.record_lookup(result)
        item = Checked(stored, claims[stored.claim_id])
        if on_result is not None:
            on_result(item)
        fresh.append(item)

    fresh: list[Checked] = []
    run_tasks(pending, opts, client, record)
    by_key = {(c.result.claim_id, c.result.url): c for c in fresh}
    for i, task in zip(pending_index, pending, strict=True):
        checked[i] = by_key[(task.claim_id, task.url)]
    return [checked[i] for i in range(len(tasks))]


def _clean_urls(urls: Sequence[str]) -> list[str]:
    out = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    if not out:
        raise InputError("no URL given; name at least one http(s) URL")
    return out


def lookup_claim(
    store: Store,
    claim_id: int,
    urls: Sequence[str],
    options: LookupOptions | None = None,
    client: httpx.AsyncClient | None = None,
    on_result: Callable[[Checked], None] | None = None,
) -> list[Checked]:
    """Return the outcome of one claim against each URL, fetched or recent, stored."""
    claim = store.get_claim(claim_id).claim
    tasks = [Task(claim_id, claim, url) for url in _clean_urls(urls)]
    return _run_and_store(store, tasks, options, client, on_result)


def reference_tasks(store: Store, source_id: int | None = None) -> list[Task]:
    """Return one task per attached reference, of one source's claims or of all."""
    if source_id is not None:
        store.get_source(source_id)  # NotFoundError names the bad id
    refs = store.references(source_id=source_id)
    claims = {c.id: c.claim for c in store.get_claims(sorted({r.claim_id for r in refs}))}
    return [Task(r.claim_id, claims[r.claim_id], r.url) for r in refs]


def lookup_all(
    store: Store,
    source_id: int | None = None,
    options: LookupOptions | None = None,
    client: httpx.AsyncClient | None = None,
    on_result: Callable[[Checked], None] | None = None,
) -> list[Checked]:
    """Return the outcome of every attached reference (of one source if given), stored."""
    return _run_and_store(store, reference_tasks(store, source_id), options, client, on_result)


def add_references(
    store: Store, claim_id: int, urls: Sequence[str], added_by: str | None = None
) -> list[Reference]:
    """Attach http(s) URLs to a claim for later lookups; return its references for them."""
    from factcheck.net import check_url

    wanted = _clean_urls(urls)
    for url in wanted:
        try:
            check_url(url)
        except FetchError as exc:
            raise InputError(f"{exc}; nothing was attached") from None
    return store.add_references(claim_id, wanted, added_by)


__all__ = [
    "Checked",
    "LookupOptions",
    "Task",
    "add_references",
    "check_page",
    "check_text",
    "lookup_all",
    "lookup_claim",
    "lookup_tasks",
    "reference_tasks",
    "run_tasks",
]
