"""net: client settings, URL checks, fetch/afetch against a real local server and faults."""

from __future__ import annotations

import asyncio
import codecs
import gzip
import pickle
import time
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from httpserver import LocalServer

from factcheck.config import Settings
from factcheck.errors import FetchError
from factcheck.net import (
    _retry_after,
    afetch,
    check_url,
    decode_body,
    fetch,
    make_async_client,
    make_client,
)

FAST = Settings(timeout=2.0)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(FAST) as c:
        yield c


def mock_client(
    handler: Callable[[httpx.Request], httpx.Response], **settings: float
) -> httpx.Client:
    """A client made by make_client (so its limits are factcheck's) over a MockTransport."""
    return make_client(
        Settings(timeout=settings.get("timeout", 20.0)), httpx.MockTransport(handler)
    )


# --- URLs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, error",
    [
        ("https://example.org/news/1", None),
        ("http://127.0.0.1:8080/a?b=c", None),
        ("https://bücher.example/x", None),  # IDNA host
        ("ftp://example.org/file.txt", "only http and https URLs can be fetched, not ftp"),
        ("file:///etc/passwd", "only http and https URLs can be fetched, not file"),
        ("javascript:alert(1)", "not javascript"),
        ("example.org/news", "not a URL; give one starting with http:// or https://"),
        ("http://", "bad or missing host name"),
        ("https://exa mple.org/", "bad or missing host name"),
        ("https://[::1/", "not a valid URL"),
    ],
)
def test_check_url(url: str, error: str | None) -> None:
    if error is None:
        assert check_url(url).scheme in ("http", "https")
    else:
        with pytest.raises(FetchError, match=error.replace("?", r"\?")):
            check_url(url)


# --- against the local server -------------------------------------------------


@pytest.mark.parametrize(
    "path, error, status",
    [
        ("/status/404", "HTTP 404 Not Found; check the address", 404),
        ("/status/410", "HTTP 410 Gone; check the address", 410),
        ("/status/403", "HTTP 403 Forbidden; the site refuses access", 403),
        ("/status/500", "HTTP 500 Internal Server Error; the server failed, try again later", 500),
        ("/status/429?after=120", "HTTP 429 Too Many Requests; the site is rate-limiting", 429),
        ("/status/418", "HTTP 418", 418),
        # refusals of a page that did arrive, and failures without an answer: no status
        ("/binary", "is image/png, not a web page or text", None),
        ("/pdf", "is application/pdf, not a web page or text", None),
        ("/redirect-loop", "more than 5 redirects; the site may be in a redirect loop", None),
        ("/huge?mb=64", "larger than the 1,000,000-byte limit; raise FACTCHECK_MAX_BYTES", None),
        ("/huge?mb=64&length=1", "larger than the 1,000,000-byte limit", None),
        ("/gzip-bomb?mb=64", "larger than the 1,000,000-byte limit", None),
        ("/reset", "the connection broke off", None),
    ],
)
def test_fetch_refuses(
    http_server: LocalServer, client: httpx.Client, path: str, error: str, status: int | None
) -> None:
    url = http_server.url(path)
    with pytest.raises(FetchError) as caught:
        fetch(client, url, max_bytes=1_000_000, backoff=0)
    message = str(caught.value)
    assert message.startswith(url + ": ")
    assert error in message
    assert "\n" not in message
    assert caught.value.status == status


@pytest.mark.parametrize("status", [None, 404, 503])
def test_fetch_error_keeps_its_message_and_status(status: int | None) -> None:
    error = FetchError("https://news.example/a: HTTP 503", status=status)
    assert str(error) == "https://news.example/a: HTTP 503"
    assert error.args == ("https://news.example/a: HTTP 503",)
    assert error.status == status
    # pickling (a process pool, a logging handler) keeps the status too
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.status) == (str(error), status)


def test_the_status_survives_retries(http_server: LocalServer, client: httpx.Client) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(client, http_server.url("/flaky/status-kept?fail=5&status=502"), backoff=0)
    assert caught.value.status == 502


def test_fetch_a_page(http_server: LocalServer, client: httpx.Client) -> None:
    url = http_server.url("/harbourcourier_port_budget_2024.html")
    page = fetch(client, url)
    assert (page.status, page.content_type, page.charset) == (200, "text/html", "utf-8")
    assert page.final_url == url
    assert "£48 million plan" in page.text
    assert page.body.decode("utf-8") == page.text


def test_fetch_follows_up_to_five_redirects(http_server: LocalServer, client: httpx.Client) -> None:
    page = fetch(client, http_server.url("/redirect?n=5&to=/gzip"))
    assert page.final_url == http_server.url("/gzip")
    assert "14 new bus routes" in page.text  # decompressed by fetch itself
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(client, http_server.url("/redirect?n=6&to=/gzip"))


def test_read_timeout_names_the_setting(http_server: LocalServer) -> None:
    with make_client(Settings(timeout=0.3)) as slow_client:
        url = http_server.url("/slow?interval=1.5&count=2")
        start = time.monotonic()
        with pytest.raises(FetchError) as caught:
            fetch(slow_client, url)
    assert str(caught.value) == f"{url}: timed out after 0.3s; try again or raise FACTCHECK_TIMEOUT"
    assert time.monotonic() - start < 1.4


def test_a_slow_drip_stops_at_the_total_deadline(
    http_server: LocalServer, client: httpx.Client
) -> None:
    # each byte comes well inside the read timeout, so only the total deadline stops it
    url = http_server.url("/slow?interval=0.05&count=200")
    start = time.monotonic()
    with pytest.raises(FetchError, match="still downloading when the time limit ran out"):
        fetch(client, url, total_timeout=0.5)
    assert time.monotonic() - start < 3


def test_user_agent_and_accept_headers_are_sent(http_server: LocalServer) -> None:
    settings = Settings(user_agent="factcheck-test/9.9")
    with make_client(settings) as c:
        headers = fetch(c, http_server.url("/echo-headers")).text.lower()
    assert "user-agent: factcheck-test/9.9" in headers
    assert "accept-encoding: gzip, deflate" in headers


@pytest.mark.parametrize(
    "query, text, charset",
    [
        # header beats <meta>; the bytes are what the header says
        ("header=windows-1252&meta=utf-8&bytes=cp1252", "café rose 45% – the “biggest”", "cp1252"),
        # no header: the <meta> decides
        ("header=none&meta=windows-1252&bytes=cp1252", "café rose 45% – the “biggest”", "cp1252"),
        ("header=none&meta=utf-8&bytes=utf-8", "café rose 45% – the “biggest”", "utf-8"),
        # a Latin-1 label on UTF-8 bytes: a misconfigured server, read as UTF-8
        ("header=iso-8859-1&meta=none&bytes=utf-8", "café rose 45% – the “biggest”", "utf-8"),
        # nothing declared: UTF-8, then Windows-1252
        ("header=none&meta=none&bytes=cp1252", "café rose 45% – the “biggest”", "cp1252"),
    ],
)
def test_charset_from_header_then_meta(
    http_server: LocalServer, client: httpx.Client, query: str, text: str, charset: str
) -> None:
    page = fetch(client, http_server.url(f"/charset?{query}"))
    assert text in page.text
    assert page.charset == charset


def test_a_wrong_charset_label_does_not_garble(
    http_server: LocalServer, client: httpx.Client
) -> None:
    page = fetch(client, http_server.url("/wrong-charset"))
    assert page.declared_charset == "utf-8"
    assert page.charset == "cp1252"
    assert "“biggest”" in page.text and "\ufffd" not in page.text


def test_no_content_type_is_sniffed(http_server: LocalServer, client: httpx.Client) -> None:
    page = fetch(client, http_server.url("/no-type"))
    assert page.content_type == ""
    assert "14 new bus routes" in page.text


@pytest.mark.parametrize(
    "fail, retries, outcome, hits",
    [
        (1, 2, "ok", 2),
        (2, 2, "ok", 3),
        (3, 2, "HTTP 503 Service Unavailable", 3),
        (1, 0, "HTTP 503 Service Unavailable", 1),
    ],
)
def test_retries_on_503(
    http_server: LocalServer, client: httpx.Client, fail: int, retries: int, outcome: str, hits: int
) -> None:
    key = f"/flaky/retry-{fail}-{retries}"
    url = http_server.url(f"{key}?fail={fail}")
    if outcome == "ok":
        assert "14 new bus routes" in fetch(client, url, retries=retries, backoff=0).text
    else:
        with pytest.raises(FetchError, match=outcome):
            fetch(client, url, retries=retries, backoff=0)
    assert http_server.hits[key] == hits


def test_a_long_retry_after_is_not_waited_for(
    http_server: LocalServer, client: httpx.Client
) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"\(it asks to wait 120s\)"):
        fetch(client, http_server.url("/status/429?after=120"))
    assert time.monotonic() - start < 1
    assert http_server.hits["/status/429"] >= 1


def test_retry_after_is_honoured() -> None:
    calls: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "1"})
        return httpx.Response(200, text="<p>ok</p>", headers={"Content-Type": "text/html"})

    with mock_client(handler) as c:
        assert fetch(c, "https://news.example/a", backoff=0).status == 200
    assert calls[1] - calls[0] >= 0.95


@pytest.mark.parametrize(
    "value, low, high",
    [
        ("0", 0, 0),
        ("7", 7, 7),
        (" 30 ", 30, 30),
        (timedelta(seconds=90), 85, 91),  # an HTTP date, made when the test runs
        (timedelta(seconds=-90), 0, 0),  # a date in the past: ask again now
        ("soon", None, None),
        ("", None, None),
    ],
)
def test_retry_after_values(value: str | timedelta, low: float | None, high: float | None) -> None:
    if isinstance(value, timedelta):
        value = format_datetime(datetime.now(UTC) + value, usegmt=True)
    got = _retry_after(value)
    if low is None or high is None:
        assert got is None
    else:
        assert got is not None and low <= got <= high


# --- faults through MockTransport ----------------------------------------------


@pytest.mark.parametrize(
    "exc, message",
    [
        (httpx.ReadTimeout("read"), "timed out after 20s; try again or raise FACTCHECK_TIMEOUT"),
        (
            httpx.ConnectTimeout("connect"),
            "timed out after 20s; try again or raise FACTCHECK_TIMEOUT",
        ),
        (httpx.ConnectError("[Errno 111] Connection refused"), "could not connect ([Errno 111]"),
        (httpx.ReadError("[Errno 104] Connection reset by peer"), "the connection broke off"),
        (httpx.RemoteProtocolError("peer closed connection"), "the connection broke off"),
        (httpx.DecodingError("bad gzip"), "could not be decoded"),
    ],
)
def test_transport_errors_become_one_line(exc: Exception, message: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    with mock_client(handler) as c, pytest.raises(FetchError) as caught:
        fetch(c, "https://news.example/story")
    assert str(caught.value).startswith("https://news.example/story: ")
    assert message in str(caught.value)


def test_a_redirect_loop_stops_after_five() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(301, headers={"Location": "/loop"})

    with mock_client(handler) as c, pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(c, "https://news.example/loop")
    assert len(seen) == 6


def test_an_endless_body_is_cut_at_the_cap() -> None:
    sent = 0

    def endless() -> Iterator[bytes]:
        nonlocal sent
        for _ in range(100_000):  # bounded: 6.5 GB if nobody stopped reading
            sent += 65536
            yield b"a" * 65536

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=endless())

    with mock_client(handler) as c, pytest.raises(FetchError, match="2,000,000-byte limit"):
        fetch(c, "https://news.example/endless", max_bytes=2_000_000)
    assert sent <= 2_000_000 + 65536


@pytest.mark.parametrize("encoding", ["gzip", "deflate-zlib", "deflate-raw"])
def test_compressed_bodies(encoding: str) -> None:
    page = b"<html><body><p>Turnout was 61.4% in 2024.</p></body></html>"
    if encoding == "gzip":
        body = gzip.compress(page)
    elif encoding == "deflate-zlib":
        body = zlib.compress(page)
    else:
        c = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = c.compress(page) + c.flush()
    header = encoding.split("-")[0]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Type": "text/html", "Content-Encoding": header},
            content=iter([body[:7], body[7:]]),  # streamed, as from a socket
        )

    with mock_client(handler) as c:
        assert fetch(c, "https://news.example/c").text == page.decode()


def test_a_gzip_bomb_stops_at_the_cap_in_small_steps() -> None:
    bomb = gzip.compress(b" " * (60 * 1024 * 1024), compresslevel=9)  # 60 MB -> ~60 KB

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
            content=iter([bomb[i : i + 65536] for i in range(0, len(bomb), 65536)]),
        )

    with mock_client(handler) as c, pytest.raises(FetchError, match="5,000,000-byte limit"):
        fetch(c, "https://news.example/bomb", max_bytes=5_000_000)


@pytest.mark.parametrize(
    "encoding, message",
    [
        ("br", "the body is br-compressed, which factcheck cannot read"),
        ("gzip", "the compressed body is damaged"),
    ],
)
def test_unreadable_compression(encoding: str, message: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Type": "text/html", "Content-Encoding": encoding},
            content=iter([b"this is not compressed at all"]),
        )

    with mock_client(handler) as c, pytest.raises(FetchError, match=message):
        fetch(c, "https://news.example/z")


@pytest.mark.parametrize(
    "content_type, ok",
    [
        ("text/html; charset=utf-8", True),
        ("text/plain", True),
        ("text/markdown", True),
        ("application/xhtml+xml", True),
        ("application/rss+xml", True),
        ("application/json", True),
        ("", True),
        ("image/jpeg", False),
        ("application/pdf", False),
        ("application/octet-stream", False),
        ("video/mp4", False),
        ("application/zip", False),
    ],
)
def test_content_types(content_type: str, ok: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": content_type} if content_type else {}
        return httpx.Response(200, headers=headers, content=b"<p>Some 12 words</p>")

    with mock_client(handler) as c:
        if ok:
            assert fetch(c, "https://news.example/t").text == "<p>Some 12 words</p>"
        else:
            with pytest.raises(FetchError, match=f"is {content_type}, not a web page or text"):
                fetch(c, "https://news.example/t")


PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.mark.parametrize(
    "content_type, path, headers, body, error",
    [
        ("application/pdf", "/report", {}, PDF_BYTES, None),
        ("application/x-pdf", "/report", {}, PDF_BYTES, None),
        # a BOM or blank line before the signature is allowed (the first 1024 bytes)
        ("application/pdf", "/report", {}, b"\r\n" + PDF_BYTES, None),
        # servers send PDFs as downloads; the name says what it is
        ("application/octet-stream", "/files/labour-2024.PDF", {}, PDF_BYTES, None),
        (
            "application/octet-stream",
            "/download?id=7",
            {"Content-Disposition": 'attachment; filename="labour 2024.pdf"'},
            PDF_BYTES,
            None,
        ),
        ("application/octet-stream", "/download?id=7", {}, PDF_BYTES, "is application/octet-"),
        ("application/octet-stream", "/files/a.pdf", {}, b"PK\x03\x04zip", "not a PDF"),
        # an error page sent as a PDF
        ("application/pdf", "/report", {}, b"<html><p>Not found</p></html>", "not a PDF"),
        ("image/png", "/chart.pdf", {}, b"\x89PNG", "is image/png"),
    ],
)
def test_pdfs_are_fetched_as_bytes_when_asked(
    content_type: str, path: str, headers: dict[str, str], body: bytes, error: str | None
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": content_type, **headers}, content=body)

    url = f"https://stats.example{path}"
    with mock_client(handler) as c:
        if error is None:
            page = fetch(c, url, accept_pdf=True)
            assert (page.pdf, page.body, page.text, page.status) == (True, body, "", 200)
        else:
            with pytest.raises(FetchError, match=error) as caught:
                fetch(c, url, accept_pdf=True)
            assert caught.value.status is None
        # without accept_pdf, a PDF is refused as before
        with pytest.raises(FetchError, match="not a web page or text"):
            fetch(c, url)


def test_afetch_reads_a_pdf_from_the_local_server(http_server: LocalServer) -> None:
    async def run() -> tuple[bool, bytes, str]:
        async with make_async_client(FAST) as c:
            page = await afetch(c, http_server.url("/pdf"), accept_pdf=True)
            html = await afetch(c, http_server.url("/gzip"), accept_pdf=True)
            return page.pdf, page.body, f"{html.pdf} {html.text}"

    pdf, body, html = asyncio.run(run())
    assert pdf and body.startswith(b"%PDF-1.4")
    assert html.startswith("False <!DOCTYPE html>")  # other pages are read as always


def test_binary_bytes_under_a_text_type_are_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Type": "text/html"},
            content=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        )

    with mock_client(handler) as c, pytest.raises(FetchError, match="the body is binary"):
        fetch(c, "https://news.example/bin")


# --- decoding --------------------------------------------------------------------

TEXT = "Caf\u00e9 sales rose 45% \u2013 \u201crecord\u201d \u20ac1.2m"


@pytest.mark.parametrize(
    "data, declared, encoding",
    [
        (TEXT.encode("utf-8"), None, "utf-8"),
        (TEXT.encode("utf-8"), "utf-8", "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "windows-1252", "utf-8-sig"),  # BOM wins
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-8", "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), None, "utf-16"),
        (TEXT.encode("cp1252"), None, "cp1252"),  # not UTF-8: Windows-1252
        (TEXT.encode("cp1252"), "utf-8", "cp1252"),  # a wrong label is skipped
        (TEXT.encode("cp1252"), "iso-8859-1", "cp1252"),  # WHATWG: latin-1 means cp1252
        (TEXT.encode("utf-8"), "iso-8859-1", "utf-8"),  # valid UTF-8 beats a latin-1 label
        (TEXT.encode("utf-8"), "no-such-charset", "utf-8"),
        (b'<meta charset="windows-1252">' + TEXT.encode("cp1252"), None, "cp1252"),
        (
            b"<meta http-equiv='Content-Type' content='text/html; charset=utf-8'>" + TEXT.encode(),
            None,
            "utf-8",
        ),
    ],
)
def test_decode_body(data: bytes, declared: str | None, encoding: str) -> None:
    text, used = decode_body(data, declared)
    assert used == encoding
    assert text.lstrip("\ufeff").endswith(TEXT)


def test_decode_body_reads_koi8_from_meta() -> None:
    data = '<meta charset="koi8-r"><p>Выросло на 12%</p>'.encode("koi8-r")
    text, used = decode_body(data)
    assert used == "koi8-r" and "Выросло на 12%" in text


# --- async ---------------------------------------------------------------------


def test_afetch_against_the_local_server(http_server: LocalServer) -> None:
    async def run() -> list[str]:
        async with make_async_client(FAST) as c:
            ok = await afetch(c, http_server.url("/midlandledger_hospital_waits_2023.html"))
            flaky = await afetch(c, http_server.url("/flaky/async?fail=1"), backoff=0)
            try:
                await afetch(c, http_server.url("/status/404"))
            except FetchError as exc:
                missing = f"{exc.status} {exc}"
            return [ok.text, flaky.text, missing]

    page, flaky, missing = asyncio.run(run())
    assert "412 beds" in page
    assert "14 new bus routes" in flaky
    assert missing.startswith("404 http://")
    assert missing.endswith("/status/404: HTTP 404 Not Found; check the address")


def test_afetch_faults_through_a_mock_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/timeout":
            raise httpx.ReadTimeout("read")
        return httpx.Response(200, headers={"Content-Type": "image/gif"}, content=b"GIF89a")

    async def run(path: str) -> str:
        transport = httpx.MockTransport(handler)
        async with make_async_client(Settings(timeout=5), transport=transport) as c:
            try:
                await afetch(c, f"https://news.example{path}")
            except FetchError as exc:
                return str(exc)
        return "no error"

    assert asyncio.run(run("/timeout")).endswith(
        "timed out after 5s; try again or raise FACTCHECK_TIMEOUT"
    )
    assert "is image/gif, not a web page or text" in asyncio.run(run("/img"))


def test_make_client_settings() -> None:
    settings = Settings(timeout=12.5, user_agent="ua/1", max_redirects=3)
    with make_client(settings) as c:
        assert (c.timeout.connect, c.timeout.read) == (12.5, 12.5)
        assert c.max_redirects == 3 and c.follow_redirects
        assert c.headers["user-agent"] == "ua/1"
        assert c.headers["accept-encoding"] == "gzip, deflate"

    async def check() -> tuple[float | None, int]:
        async with make_async_client(settings, limits=httpx.Limits(max_connections=2)) as ac:
            return ac.timeout.read, ac.max_redirects

    assert asyncio.run(check()) == (12.5, 3)
