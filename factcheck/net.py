"""HTTP for factcheck: the only builder of httpx clients, and a careful fetch.

Every page factcheck reads from the web (an article to ingest, a reference to
look up) comes through ``fetch`` or ``afetch``. They refuse what is not an
http(s) URL, stream the body and stop at a size cap (counting decompressed
bytes, so a gzip bomb stops too), stop a server that drips bytes forever at a
total deadline, refuse images, PDFs and downloads, retry 429/502/503/504 with
backoff (honouring Retry-After), and turn every httpx error into a one-line
``FetchError`` that names the URL and the next step (and carries the HTTP status
when a server refused). A caller that can read PDFs (lookup) passes
``accept_pdf=True`` and gets their bytes, with ``Fetched.pdf`` set and no text.
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from factcheck.config import Settings, load_settings
from factcheck.errors import FetchError

DEFAULT_MAX_BYTES = Settings.max_bytes
# Statuses worth asking again: rate limiting and a busy or restarting upstream.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# A Retry-After longer than this is not waited for: the error says so instead.
MAX_RETRY_WAIT = 30.0
# A read timeout bounds the gap between two bytes, not the whole download; a
# server dripping one byte a second would never trip it. The total deadline is
# this many read timeouts (at least MIN_TOTAL_TIMEOUT seconds).
TOTAL_TIMEOUT_FACTOR = 3.0
MIN_TOTAL_TIMEOUT = 60.0

ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,text/*;q=0.8,*/*;q=0.1"
# Only encodings fetch can decompress itself while counting bytes.
ACCEPT_ENCODING = "gzip, deflate"

_TEXT_TYPES = frozenset(
    {
        "application/xhtml+xml",
        "application/xml",
        "application/json",
        "application/ld+json",
        "application/rss+xml",
        "application/atom+xml",
        "application/javascript",
    }
)
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
# Servers send PDFs as downloads too; these are taken when the file name says .pdf.
_DOWNLOAD_TYPES = frozenset(
    {"application/octet-stream", "binary/octet-stream", "application/download"}
)
# ISO 32000-1 7.5.2 lets readers find "%PDF-" anywhere in the first 1024 bytes.
_PDF_SIGNATURE_WITHIN = 1024
_FILENAME = re.compile(r"""filename\*?\s*=\s*(?:[\w-]*'[\w-]*')?["']?([^"';]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# letters, digits, dots and hyphens (IDNA already applied by httpx), or an IPv6 literal
_HOST = re.compile(r"[A-Za-z0-9._-]+|[0-9A-Fa-f:.]+")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG Encoding: browsers read these labels as windows-1252, and so do pages
# that declare them while using curly quotes and euro signs.
_AS_CP1252 = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1"})


def make_client(
    settings: Settings | None = None, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """Return an httpx.Client with factcheck's timeouts, user agent and redirect limit."""
    s = settings or load_settings()
    return httpx.Client(
        timeout=httpx.Timeout(s.timeout),
        follow_redirects=True,
        max_redirects=s.max_redirects,
        headers=_headers(s),
        transport=transport,
    )


def make_async_client(
    settings: Settings | None = None,
    limits: httpx.Limits | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """Return an httpx.AsyncClient like make_client's, with connection limits for batches."""
    s = settings or load_settings()
    return httpx.AsyncClient(
        timeout=httpx.Timeout(s.timeout),
        follow_redirects=True,
        max_redirects=s.max_redirects,
        headers=_headers(s),
        limits=limits or httpx.Limits(max_connections=10, max_keepalive_connections=5),
        transport=transport,
    )


def _headers(s: Settings) -> dict[str, str]:
    return {"User-Agent": s.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page: where it ended up, what it said it is, its bytes and its text."""

    url: str
    final_url: str
    status: int
    content_type: str  # media type, lower case, no parameters; "" when the server sent none
    charset: str  # the encoding the text was decoded with
    body: bytes
    text: str  # "" for a PDF: its bytes are for a PDF reader
    declared_charset: str | None = None  # from the Content-Type header
    pdf: bool = False  # a PDF, fetched because the caller asked for accept_pdf
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def check_url(url: str) -> httpx.URL:
    """Return the parsed URL, or raise FetchError if it is malformed or not http(s)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"{url}: not a valid URL ({exc})") from None
    if not parsed.scheme:
        raise FetchError(f"{url}: not a URL; give one starting with http:// or https://")
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched, not {parsed.scheme}")
    host = parsed.raw_host.decode("ascii", "replace")
    if not host or not _HOST.fullmatch(host):
        raise FetchError(f"{url}: not a valid URL (bad or missing host name)")
    return parsed


def fetch(
    client: httpx.Client,
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    total_timeout: float | None = None,
    retries: int = 2,
    backoff: float = 1.0,
    accept_pdf: bool = False,
) -> Fetched:
    """Return the page at url, or raise FetchError saying why it could not be had.

    With accept_pdf a PDF is fetched too (as bytes, ``Fetched.pdf`` set, no text).
    """
    check_url(url)
    attempt = 0
    while True:
        try:
            with client.stream("GET", url) as response:
                wait = _retry_wait(response, attempt, retries, backoff)
                if wait is None:
                    reader = _Reader(
                        url, response, max_bytes, _deadline(client, total_timeout), accept_pdf
                    )
                    for chunk in reader.preloaded or response.iter_raw():
                        reader.feed(chunk)
                    return reader.result()
        except httpx.HTTPError as exc:
            raise _fetch_error(url, exc, client) from None
        time.sleep(wait)
        attempt += 1


async def afetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    total_timeout: float | None = None,
    retries: int = 2,
    backoff: float = 1.0,
    accept_pdf: bool = False,
) -> Fetched:
    """Return the page at url like fetch, through an AsyncClient."""
    check_url(url)
    attempt = 0
    while True:
        try:
            async with client.stream("GET", url) as response:
                wait = _retry_wait(response, attempt, retries, backoff)
                if wait is None:
                    reader = _Reader(
                        url, response, max_bytes, _deadline(client, total_timeout), accept_pdf
                    )
                    if reader.preloaded:
                        reader.feed(reader.preloaded[0])
                    else:
                        async for chunk in response.aiter_raw():
                            reader.feed(chunk)
                    return reader.result()
        except httpx.HTTPError as exc:
            raise _fetch_error(url, exc, client) from None
        await asyncio.sleep(wait)
        attempt += 1


def _deadline(client: httpx.Client | httpx.AsyncClient, total: float | None) -> float | None:
    if total is None:
        read = client.timeout.read
        if read is None:
            return None
        total = max(MIN_TOTAL_TIMEOUT, TOTAL_TIMEOUT_FACTOR * read)
    return time.monotonic() + total


def _retry_wait(
    response: httpx.Response, attempt: int, retries: int, backoff: float
) -> float | None:
    """Return seconds to wait before asking again, or None to use this response."""
    if response.status_code not in RETRY_STATUSES or attempt >= retries:
        return None
    after = _retry_after(response.headers.get("retry-after"))
    if after is None:
        return float(backoff * 2**attempt)
    if after > MAX_RETRY_WAIT:
        return None
    return after


def _retry_after(value: str | None) -> float | None:
    """Return the seconds a Retry-After header asks for (a number or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _check_head(url: str, response: httpx.Response, max_bytes: int, accept_pdf: bool) -> bool:
    """Refuse by status, content type or announced length; return whether it is a PDF."""
    status = response.status_code
    if status >= 400:
        raise FetchError(_status_message(url, response), status=status)
    ctype = _media_type(response)
    pdf = accept_pdf and _says_pdf(response, ctype)
    if ctype and not pdf and not _is_text_type(ctype):
        raise FetchError(
            f"{url}: is {ctype}, not a web page or text; factcheck reads articles, "
            "not images, PDFs or downloads"
        )
    length = response.headers.get("content-length", "")
    if (
        length.isdigit()
        and int(length) > max_bytes
        and not response.headers.get("content-encoding")
    ):
        raise FetchError(_too_big(url, max_bytes))
    return pdf


def _says_pdf(response: httpx.Response, ctype: str) -> bool:
    """Return True for a PDF type, or a download whose file name ends in .pdf."""
    if ctype in PDF_TYPES:
        return True
    if ctype not in _DOWNLOAD_TYPES:
        return False
    disposition = _FILENAME.search(response.headers.get("content-disposition", ""))
    name = disposition.group(1) if disposition else response.url.path
    return name.strip().lower().endswith(".pdf")


class _Reader:
    """Checks the head, then decompresses raw chunks itself so the cap counts decoded bytes."""

    def __init__(
        self,
        url: str,
        response: httpx.Response,
        max_bytes: int,
        deadline: float | None,
        accept_pdf: bool = False,
    ) -> None:
        self.pdf = _check_head(url, response, max_bytes, accept_pdf)
        self.url = url
        self.response = response
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.body = bytearray()
        encodings = [
            e.strip().lower()
            for e in response.headers.get("content-encoding", "").split(",")
            if e.strip() and e.strip().lower() != "identity"
        ]
        self.decoders: list[_Inflater] = []
        # A response built from bytes (httpx.MockTransport, a custom transport)
        # arrives already read and decoded by httpx; there is nothing to stream.
        self.preloaded = [response.content] if response.is_stream_consumed else []
        if self.preloaded:
            encodings = []
        for enc in reversed(encodings):  # applied in order, so undone in reverse
            if enc not in ("gzip", "x-gzip", "deflate"):
                raise FetchError(
                    f"{url}: the body is {enc}-compressed, which factcheck cannot read; "
                    "it asks servers for gzip or deflate"
                )
            self.decoders.append(_Inflater(url, gzip=enc != "deflate"))

    def feed(self, chunk: bytes) -> None:
        """Add one raw chunk; raise FetchError past the size cap or the deadline."""
        pieces = [chunk]
        for decoder in self.decoders:
            pieces = [out for piece in pieces for out in decoder.feed(piece)]
        self._add(pieces)
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise FetchError(
                f"{self.url}: still downloading when the time limit ran out; the server "
                "is sending very slowly, try again later"
            )

    def result(self) -> Fetched:
        """Return the page once the body has been read."""
        pieces: list[bytes] = []
        for decoder in self.decoders:
            pieces = [out for piece in pieces for out in decoder.feed(piece)]
            pieces.append(decoder.flush())
        self._add(pieces)
        return _result(self.url, self.response, bytes(self.body), self.pdf)

    def _add(self, pieces: list[bytes]) -> None:
        for piece in pieces:
            self.body += piece
            if len(self.body) > self.max_bytes:
                raise FetchError(_too_big(self.url, self.max_bytes))


class _Inflater:
    """zlib bounded per call: a 50 KB gzip bomb is stopped long before it becomes 5 GB."""

    STEP = 256 * 1024

    def __init__(self, url: str, gzip: bool) -> None:
        self.url = url
        self.obj: zlib._Decompress | None = (
            zlib.decompressobj(zlib.MAX_WBITS | 16) if gzip else None
        )

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.obj is None:
            # "deflate" comes zlib-wrapped (RFC 9110) or, from some servers, raw
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self.obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        try:
            while data and not self.obj.eof:
                yield self.obj.decompress(data, self.STEP)
                data = self.obj.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"{self.url}: the compressed body is damaged ({exc})") from None

    def flush(self) -> bytes:
        if self.obj is None:
            return b""
        try:
            return self.obj.flush()
        except zlib.error as exc:
            raise FetchError(f"{self.url}: the compressed body is damaged ({exc})") from None


def _result(url: str, response: httpx.Response, body: bytes, pdf: bool = False) -> Fetched:
    if pdf:
        if b"%PDF-" not in body[:_PDF_SIGNATURE_WITHIN]:
            raise FetchError(
                f"{url}: is sent as {_media_type(response)} but is not a PDF "
                "(no %PDF- signature); open it in a browser to see what the site sends"
            )
        return Fetched(
            url=url,
            final_url=str(response.url),
            status=response.status_code,
            content_type=_media_type(response),
            charset="",
            body=body,
            text="",
            declared_charset=response.charset_encoding,
            headers=dict(response.headers),
            pdf=True,
        )
    if b"\x00" in body[:8192] and not _utf16ish(body):
        raise FetchError(f"{url}: the body is binary, not text; factcheck reads web pages")
    declared = response.charset_encoding
    text, charset = decode_body(body, declared)
    return Fetched(
        url=url,
        final_url=str(response.url),
        status=response.status_code,
        content_type=_media_type(response),
        charset=charset,
        body=body,
        text=text,
        declared_charset=declared,
        headers=dict(response.headers),
    )


def decode_body(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding): BOM, then the declared charset, a <meta> charset, UTF-8, cp1252.

    The order is the HTML standard's: a byte-order mark beats the HTTP header,
    and the header beats the page's own <meta>. A declared charset that does not
    decode the bytes (a server that says UTF-8 and sends Windows-1252) is
    skipped rather than trusted into replacement characters.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    if candidates and _normalise(candidates[0]) == "cp1252" and not data.isascii():
        # A Latin-1 label on bytes that are valid UTF-8 is a misconfigured server
        # (the default of many): UTF-8 sequences almost never occur by chance.
        candidates.insert(0, "utf-8")
    candidates += ["utf-8", "cp1252"]
    for label in candidates:
        normalised = _normalise(label)
        if normalised is None:
            continue
        encoding = normalised
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _utf16ish(data: bytes) -> bool:
    sample = data[:4096]
    return sample[0::2].count(0) > len(sample) // 4 or sample[1::2].count(0) > len(sample) // 4


def _normalise(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _media_type(response: httpx.Response) -> str:
    header: str = response.headers.get("content-type", "")
    return header.split(";")[0].strip().lower()


def _is_text_type(ctype: str) -> bool:
    return ctype.startswith("text/") or ctype in _TEXT_TYPES or ctype.endswith(("+xml", "+json"))


def _too_big(url: str, max_bytes: int) -> str:
    return (
        f"{url}: the page is larger than the {max_bytes:,}-byte limit; "
        "raise FACTCHECK_MAX_BYTES if it really is an article"
    )


def _status_message(url: str, response: httpx.Response) -> str:
    status = response.status_code
    phrase = response.reason_phrase or httpx.codes.get_reason_phrase(status)
    head = f"{url}: HTTP {status} {phrase}".rstrip()
    if status == 404 or status == 410:
        return f"{head}; check the address"
    if status in (401, 403):
        return f"{head}; the site refuses access to this page"
    if status == 429:
        after = response.headers.get("retry-after")
        when = f" (it asks to wait {after}s)" if after and after.strip().isdigit() else ""
        return f"{head}; the site is rate-limiting requests{when}, try again later"
    if status >= 500:
        return f"{head}; the server failed, try again later"
    return f"{head}; the server refused the request"


def _fetch_error(
    url: str, exc: httpx.HTTPError, client: httpx.Client | httpx.AsyncClient
) -> FetchError:
    """Turn an httpx error into one line naming the URL and what to do."""
    if isinstance(exc, httpx.TimeoutException):
        timeout = client.timeout.connect if isinstance(exc, httpx.ConnectTimeout) else None
        timeout = timeout or client.timeout.read or client.timeout.connect
        after = f" after {timeout:g}s" if timeout else ""
        return FetchError(f"{url}: timed out{after}; try again or raise FACTCHECK_TIMEOUT")
    if isinstance(exc, httpx.TooManyRedirects):
        return FetchError(
            f"{url}: more than {client.max_redirects} redirects; the site may be in a "
            "redirect loop, open it in a browser to check"
        )
    if isinstance(exc, httpx.ConnectError):
        return FetchError(
            f"{url}: could not connect ({_reason(exc)}); check the address and the network"
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError(f"{url}: only http and https URLs can be fetched ({_reason(exc)})")
    if isinstance(exc, httpx.InvalidURL):
        return FetchError(f"{url}: not a valid URL ({_reason(exc)})")
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return FetchError(f"{url}: the connection broke off ({_reason(exc)}); try again later")
    if isinstance(exc, httpx.DecodingError):
        return FetchError(f"{url}: the response could not be decoded ({_reason(exc)})")
    return FetchError(f"{url}: {type(exc).__name__}: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


__all__: list[str] = [
    "Fetched",
    "check_url",
    "decode_body",
    "fetch",
    "afetch",
    "make_async_client",
    "make_client",
]
