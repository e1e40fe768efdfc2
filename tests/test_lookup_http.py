"""Lookups over HTTP: a real local server with saved pages and fault endpoints, mock
transports for what a server cannot do, the tracker, and the lookup / refs commands."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from httpserver import LocalServer
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import FetchError, NotFoundError
from factcheck.lookup import LookupOptions, Task, lookup_all, lookup_claim, run_tasks
from factcheck.models import Claim, Document, Kind, LookupResult, Outcome, Qualifier
from factcheck.store import Store

HTTP = Path(__file__).resolve().parents[1] / "fixtures" / "http"

SENTENCE = (
    "The ministry deployed more than 1,600 health workers, and about half of the "
    "children vaccinated were under five."
)
WORKERS = Claim(
    start=SENTENCE.index("1,600"),
    end=SENTENCE.index("1,600") + 5,
    mention="1,600",
    value=1600,
    qualifier=Qualifier.LOWER_BOUND,
    qualifier_text="more than",
    unit="worker",
    sentence=SENTENCE,
    sentence_end=len(SENTENCE),
)
HALF = Claim(
    start=SENTENCE.index("half"),
    end=SENTENCE.index("half") + 4,
    mention="half",
    value=0.5,
    kind=Kind.FRACTION,
    qualifier=Qualifier.APPROXIMATELY,
    qualifier_text="about",
    unit="child",
    sentence=SENTENCE,
    sentence_end=len(SENTENCE),
)
PRICES = Claim(start=0, end=3, mention="45%", value=45, kind=Kind.PERCENT, unit="percent",
               sentence="45% rise in prices at the café", sentence_end=30)  # fmt: skip
# fast retries and short deadlines, so fault tests take fractions of a second
FAST = LookupOptions(retries=1, backoff=0.01, deadline=5.0, host_delay=0.0)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(HTTP) as srv:
        yield srv


def run(tasks: list[Task], options: LookupOptions = FAST) -> list[LookupResult]:
    return run_tasks(tasks, options)


@pytest.mark.parametrize(
    "path, claim, outcome, found",
    [
        ("/press_release.html", WORKERS, Outcome.MATCH, "1,650"),
        ("/press_release.html", HALF, Outcome.MATCH, "48%"),
        ("/stats_table.html", WORKERS, Outcome.NOT_FOUND, None),
        # redirects are followed (3 of at most 5) and the final URL kept
        ("/redirect?n=3&to=/press_release.html", WORKERS, Outcome.MATCH, "1,650"),
        # gzip-compressed bodies are read
        ("/gzip", WORKERS, Outcome.NOT_FOUND, None),
        # a server that says UTF-8 and sends Windows-1252 bytes is still read
        ("/wrong-charset", PRICES, Outcome.MATCH, "45%"),
        ("/charset?header=iso-8859-1&meta=none", PRICES, Outcome.MATCH, "45%"),
        # 503 once, then the page: retried after Retry-After
        ("/flaky/once?fail=1&after=0", WORKERS, Outcome.NOT_FOUND, None),
    ],
)
def test_lookup_pages_on_a_local_server(
    server: LocalServer, path: str, claim: Claim, outcome: Outcome, found: str | None
) -> None:
    [result] = run([Task(1, claim, server.url(path))])
    assert result.outcome is outcome, result.error
    assert result.http_status == 200
    assert result.content_hash and len(result.content_hash) == 64
    assert result.final_url and result.final_url.startswith(server.base)
    if found:
        assert result.passages[0].found == found
    if path.startswith("/redirect"):
        assert result.final_url == server.url("/press_release.html")


@pytest.mark.parametrize(
    "path, status, words",
    [
        ("/status/404", 404, "HTTP 404"),
        ("/status/500", 500, "HTTP 500"),
        # 429 and 503 are retried, then reported with the status
        ("/status/429?after=0", 429, "rate-limiting"),
        ("/status/503?after=0", 503, "HTTP 503"),
        ("/redirect-loop", None, "redirects"),
        ("/redirect?n=6&to=/press_release.html", None, "redirects"),
        ("/binary", None, "image/png"),
        # a PDF is read (test_lookup_pdf.py); this one is only a header: damaged
        ("/pdf", 200, "the PDF is damaged"),
        ("/huge?mb=3", None, "limit"),
        ("/huge?mb=3&length=1", None, "limit"),
        ("/gzip-bomb?mb=8", None, "limit"),
        ("/reset", None, "connection"),
    ],
)
def test_faults_give_an_error_outcome_with_the_reason(
    server: LocalServer, path: str, status: int | None, words: str
) -> None:
    options = LookupOptions(retries=1, backoff=0.01, deadline=10.0, max_bytes=1024 * 1024)
    [result] = run([Task(1, WORKERS, server.url(path))], options)
    assert result.outcome is Outcome.ERROR
    assert result.http_status == status
    assert result.error and words in result.error
    assert result.passages == ()


@pytest.mark.parametrize(
    "error, status",
    [
        (FetchError("http://stats.test/t: HTTP 410 Gone; check the address", status=410), 410),
        # the status comes from the error, never from its wording: an address that
        # reads like a status line is not one
        (FetchError("http://stats.test/a: HTTP 404: could not connect (refused)"), None),
        (FetchError("http://stats.test/t: the server said no", status=451), 451),
    ],
)
def test_the_http_status_of_an_error_comes_from_the_fetch_error(
    monkeypatch: pytest.MonkeyPatch, error: FetchError, status: int | None
) -> None:
    async def failing(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("factcheck.net.afetch", failing)
    [result] = run([Task(1, WORKERS, "http://stats.test/t")])
    assert result.outcome is Outcome.ERROR
    assert (result.http_status, result.error) == (status, str(error))


def test_429_is_retried_the_configured_number_of_times(server: LocalServer) -> None:
    before = server.hits["/status/429"]
    run([Task(1, WORKERS, server.url("/status/429?after=0"))], FAST)
    assert server.hits["/status/429"] - before == 2  # the first try and one retry


def test_a_slow_drip_server_is_cut_at_the_deadline(server: LocalServer) -> None:
    options = LookupOptions(retries=0, deadline=1.0)
    [result] = run([Task(1, WORKERS, server.url("/slow?interval=0.2&count=50"))], options)
    assert result.outcome is Outcome.ERROR
    assert result.error and ("slow" in result.error or "time" in result.error)


def test_bad_urls_are_error_outcomes(server: LocalServer) -> None:
    urls = ["ftp://example.org/file.txt", "file:///etc/passwd", "not a url", "http://"]
    results = run([Task(1, WORKERS, u) for u in urls])
    assert [r.outcome for r in results] == [Outcome.ERROR] * 4
    assert "http and https" in (results[0].error or "")
    assert "http and https" in (results[1].error or "")


def test_one_failing_url_never_stops_the_others(server: LocalServer) -> None:
    paths = ["/status/500", "/press_release.html", "/reset", "/binary", "/stats_table.html"]
    results = run([Task(1, WORKERS, server.url(p)) for p in paths])
    assert [r.url for r in results] == [server.url(p) for p in paths]
    assert [r.outcome for r in results] == [
        Outcome.ERROR,
        Outcome.MATCH,
        Outcome.ERROR,
        Outcome.ERROR,
        Outcome.NOT_FOUND,
    ]


def test_a_url_cited_by_several_claims_is_fetched_once(server: LocalServer) -> None:
    url = server.url("/press_release.html")
    before = server.hits["/press_release.html"]
    results = run([Task(1, WORKERS, url), Task(2, HALF, url)])
    assert server.hits["/press_release.html"] - before == 1
    assert [(r.claim_id, r.outcome) for r in results] == [(1, Outcome.MATCH), (2, Outcome.MATCH)]


# --- what a real server cannot be made to do: mock transports ---------------------


def _mock_client(handler: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))  # type: ignore[arg-type]


def test_per_host_and_total_limits_hold() -> None:
    in_flight: Counter[str] = Counter()
    peak: Counter[str] = Counter()
    total = {"now": 0, "peak": 0}

    async def handler(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        in_flight[host] += 1
        total["now"] += 1
        peak[host] = max(peak[host], in_flight[host])
        total["peak"] = max(total["peak"], total["now"])
        await asyncio.sleep(0.02)
        in_flight[host] -= 1
        total["now"] -= 1
        page = "<p>1,650 health workers</p>"
        return httpx.Response(200, text=page, headers={"content-type": "text/html"})

    tasks = [Task(1, WORKERS, f"http://h{i % 3}.test/p{i}") for i in range(30)]
    options = LookupOptions(concurrency=5, per_host=2, host_delay=0.0)

    async def main() -> list[LookupResult]:
        async with _mock_client(handler) as client:
            from factcheck.lookup import lookup_tasks

            return await lookup_tasks(tasks, client, options)

    results = asyncio.run(main())
    assert all(r.outcome is Outcome.MATCH for r in results)
    assert max(peak.values()) <= 2 and total["peak"] <= 5
    assert total["peak"] >= 3  # several hosts really were fetched at once


def test_a_host_is_not_asked_twice_within_the_politeness_gap() -> None:
    starts: list[float] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        starts.append(asyncio.get_running_loop().time())
        return httpx.Response(200, text="x", headers={"content-type": "text/plain"})

    tasks = [Task(1, WORKERS, f"http://one.test/p{i}") for i in range(4)]
    options = LookupOptions(per_host=4, host_delay=0.05)
    run_tasks(tasks, options, client=_mock_client(handler))
    gaps = [b - a for a, b in zip(sorted(starts), sorted(starts)[1:], strict=False)]
    assert len(starts) == 4 and min(gaps) >= 0.04


def test_a_long_retry_after_is_not_waited_for() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        return httpx.Response(503, headers={"Retry-After": "3600"})

    [result] = run_tasks([Task(1, WORKERS, "http://busy.test/")], FAST, _mock_client(handler))
    assert result.outcome is Outcome.ERROR and result.http_status == 503
    assert len(calls) == 1


def test_connection_errors_are_outcomes() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("name or service not known", request=request)

    [result] = run_tasks([Task(1, WORKERS, "http://nowhere.test/")], FAST, _mock_client(handler))
    assert result.outcome is Outcome.ERROR and "could not connect" in (result.error or "")


def test_a_read_timeout_is_an_outcome() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    [result] = run_tasks([Task(1, WORKERS, "http://slow.test/")], FAST, _mock_client(handler))
    assert result.outcome is Outcome.ERROR and "timed out" in (result.error or "")


# --- the tracker --------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(str(tmp_path / "lookup.db")) as st:
        st.add_document(Document(text=SENTENCE, title="Health workers"), [WORKERS, HALF])
        yield st


def test_results_are_stored_and_reused_until_refresh(store: Store, server: LocalServer) -> None:
    url = server.url("/press_release.html")
    hits = server.hits["/press_release.html"]
    [first] = lookup_claim(store, 1, [url], FAST)
    assert not first.cached and first.result.id is not None
    stored = store.latest_lookup(1, url)
    assert stored is not None and stored.outcome is Outcome.MATCH
    assert stored.passages == first.result.passages
    assert stored.content_hash == first.result.content_hash

    [again] = lookup_claim(store, 1, [url], FAST)
    assert again.cached and again.result.id == first.result.id
    assert server.hits["/press_release.html"] - hits == 1

    refreshed = LookupOptions(refresh=True, retries=1, backoff=0.01, deadline=5.0)
    [third] = lookup_claim(store, 1, [url], refreshed)
    assert not third.cached and server.hits["/press_release.html"] - hits == 2
    assert len(store.lookups(1)) == 2


def test_stale_and_failed_lookups_are_fetched_again(store: Store, server: LocalServer) -> None:
    url = server.url("/press_release.html")
    old = datetime.now(UTC) - timedelta(hours=30)
    store.record_lookup(LookupResult(claim_id=1, url=url, outcome=Outcome.MATCH, fetched_at=old))
    [checked] = lookup_claim(store, 1, [url], FAST)
    assert not checked.cached

    bad = server.url("/status/500")
    lookup_claim(store, 1, [bad], FAST)
    [retried] = lookup_claim(store, 1, [bad], FAST)
    assert not retried.cached and retried.result.outcome is Outcome.ERROR


def test_a_lookup_never_changes_the_review_status(store: Store, server: LocalServer) -> None:
    before = store.get_claim(1)
    lookup_claim(store, 1, [server.url("/press_release.html")], FAST)
    after = store.get_claim(1)
    assert (after.status, after.version) == (before.status, before.version)


def test_lookup_all_checks_every_attached_reference(store: Store, server: LocalServer) -> None:
    store.add_references(1, [server.url("/press_release.html"), server.url("/binary")], None)
    store.add_references(2, [server.url("/press_release.html")], None)
    seen = []
    checked = lookup_all(store, options=FAST, on_result=seen.append)
    assert [(c.result.claim_id, c.result.outcome) for c in checked] == [
        (1, Outcome.MATCH),
        (1, Outcome.ERROR),
        (2, Outcome.MATCH),
    ]
    assert len(seen) == 3 and len(store.lookups(1)) == 2


# --- the commands -------------------------------------------------------------------


@pytest.fixture
def db(store: Store) -> str:
    return store.url


def test_cli_lookup_table(runner: CliRunner, db: str, server: LocalServer) -> None:
    url = server.url("/press_release.html")
    result = runner.invoke(app, ["lookup", "1", url, "--db", db])
    assert result.exit_code == 0, result.stderr
    assert "match" in result.stdout
    assert "More than [1,650] health workers" in result.stdout
    assert result.stderr == ""


def test_cli_lookup_json_and_error_exit(runner: CliRunner, db: str, server: LocalServer) -> None:
    urls = [server.url("/press_release.html"), server.url("/status/404")]
    result = runner.invoke(app, ["lookup", "2", *urls, "--format", "json", "--db", db])
    assert result.exit_code == 1
    data = json.loads(result.stdout)["lookups"]
    assert [(d["url"], d["outcome"]) for d in data] == [(urls[0], "match"), (urls[1], "error")]
    assert data[0]["passages"][0]["found"] == "48%"
    assert data[1]["http_status"] == 404
    assert result.stderr == (
        "Error: 1 of 2 URLs could not be checked; the table says why (outcome 'error')\n"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["lookup"], "Error: give a CLAIM_ID and URLs, or --all"),
        (["lookup", "abc", "http://x.test/"], "Error: 'abc' is not a claim id"),
        (["lookup", "99", "http://x.test/"], "Error: no claim with id 99"),
        (["lookup", "1"], "Error: claim 1 has no references; give URLs or run"),
        (["lookup", "--all"], "Error: no references attached yet"),
        (["lookup", "--all", "1"], "Error: --all looks up every attached reference"),
        (["lookup", "1", "http://x.test/", "--format", "xml"], "Error: unknown format 'xml'"),
        (["refs", "add", "1", "ftp://x.test/a"], "Error: ftp://x.test/a: only http and https"),
        (["refs", "add", "99", "http://x.test/"], "Error: no claim with id 99"),
        (["refs", "list", "99"], "Error: no claim with id 99"),
    ],
)
def test_cli_bad_input_is_one_line(
    runner: CliRunner, db: str, args: list[str], message: str
) -> None:
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_cli_refs_add_list_then_lookup_all(
    runner: CliRunner, db: str, server: LocalServer, store: Store
) -> None:
    url = server.url("/press_release.html")
    added = runner.invoke(app, ["refs", "add", "1", url, "--by", "Ana", "--db", db])
    assert added.exit_code == 0, added.stderr
    assert added.stdout == (
        f"claim 1: {url}\n1 reference attached; run 'factcheck lookup 1' to check\n"
    )
    again = runner.invoke(app, ["refs", "add", "1", url, "--db", db])
    assert again.exit_code == 0 and len(store.references(1)) == 1  # idempotent

    listed = runner.invoke(app, ["refs", "list", "1", "--format", "json", "--db", db])
    [row] = json.loads(listed.stdout)["references"]
    assert (row["url"], row["added_by"], row["outcome"]) == (url, "Ana", None)

    looked = runner.invoke(app, ["lookup", "--all", "--db", db])
    assert looked.exit_code == 0, looked.stderr
    assert "match" in looked.stdout
    listed = runner.invoke(app, ["refs", "list", "--db", db])
    assert "match" in listed.stdout and "1 reference" in listed.stdout.splitlines()[-1]

    own = runner.invoke(app, ["lookup", "1", "--db", db])  # its references, from the store
    assert own.exit_code == 0 and "stored" in own.stdout


def test_lookup_all_of_one_source(store: Store, server: LocalServer) -> None:
    other = "A second article: more than 1,600 health workers, the ministry said."
    claim = replace(
        WORKERS, sentence=other, start=other.index("1,600"), end=other.index("1,600") + 5
    )
    added = store.add_document(Document(text=other, title="Other"), [claim])
    [second] = store.claims(source_id=added.source.id)
    store.add_references(1, [server.url("/press_release.html")], None)
    store.add_references(second.id, [server.url("/stats_table.html")], None)
    checked = lookup_all(store, source_id=added.source.id, options=FAST)
    assert [(c.result.claim_id, c.result.url) for c in checked] == [
        (second.id, server.url("/stats_table.html"))
    ]
    with pytest.raises(NotFoundError):
        lookup_all(store, source_id=999, options=FAST)
