"""A real HTTP server on 127.0.0.1 for tests: files from a folder, canned routes, faults.

    with LocalServer(FIXTURES / "docs") as server:
        server.url("/harbourcourier_port_budget_2024.html")  # a file from the folder
        server.route("/page", b"<html>...", content_type="text/html; charset=utf-8")
        server.url("/status/404")                       # a fault endpoint

Fault endpoints (all bounded in time and size, so a test cannot hang the run):

    /slow?interval=S&count=N   headers at once, then one byte every S seconds, N times
    /huge?mb=N[&length=1]      an endless-looking body: N MB (default 256), no length
                               announced unless length=1
    /redirect-loop             302 to itself
    /redirect?to=PATH&n=N      N redirects, then PATH
    /status/CODE[?after=S]     that status; 429 and 503 carry Retry-After: S (default 1)
    /flaky/KEY?fail=N&status=C C (503) for the first N requests with that KEY, then a page
    /binary                    a small PNG, image/png
    /pdf                       application/pdf: a PDF header and nothing more (damaged)
    /gzip-bomb?mb=N            N MB (default 64) of zeros, gzip-compressed to a few KB
    /gzip                      a small gzip-compressed HTML page
    /wrong-charset             says UTF-8 in the header, sends Windows-1252 bytes
    /charset?header=X&meta=Y   a page with "café – 45%" in cp1252 or utf-8 bytes, labelled
                               X in the header and Y in a <meta> (either may be "none")
    /no-type                   an HTML page with no Content-Type header
    /echo-headers              the request headers as text/plain
    /reset                     closes the connection without answering

``server.hits[path]`` counts requests per path (without the query).
``make_pdf(lines, ...)`` writes a small valid PDF (one page per list of lines) to serve.
The ``http_server`` fixture (registered in conftest.py) serves fixtures/docs.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

import pytest

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "docs"

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
CHARSET_PAGE = (
    "<!DOCTYPE html><html><head>{meta}<title>Caf\u00e9 prices</title></head><body>"
    "<article><h1>Caf\u00e9 prices rise</h1><p>Prices at the caf\u00e9 rose 45% \u2013 "
    "the \u201cbiggest\u201d jump in 12 years, the owners said on Monday in a statement "
    "to the town council, which meets again next week.</p></article></body></html>"
)
SMALL_PAGE = (
    "<!DOCTYPE html><html><head><title>Flaky page</title></head><body><article>"
    "<p>The council approved 14 new bus routes on Tuesday, adding 230 stops across the "
    "eastern districts and 31 more drivers to the city's transport payroll.</p>"
    "</article></body></html>"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep pytest's output clean

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        path = parts.path
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        owner = self.server.owner
        with owner.lock:
            owner.hits[path] += 1
            hits = owner.hits[path]
        try:
            self._dispatch(path, query, hits)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the client gave up (a size cap or a timeout): that is the point

    def _dispatch(self, path: str, query: dict[str, str], hits: int) -> None:
        owner = self.server.owner
        if path in owner.routes:
            status, body, headers = owner.routes[path]
            return self._send(status, body, headers)
        if path == "/slow":
            interval = float(query.get("interval", "0.5"))
            count = int(query.get("count", "20"))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(count))
            self.end_headers()
            self.wfile.flush()
            for _ in range(count):
                time.sleep(interval)
                self.wfile.write(b"x")
                self.wfile.flush()
            return
        if path == "/huge":
            total = int(float(query.get("mb", "256")) * 1024 * 1024)
            chunk = (b"<p>" + b"lorem ipsum dolor " * 3640 + b"</p>\n")[: 64 * 1024]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if query.get("length"):
                self.send_header("Content-Length", str(total))
            else:
                # no length: the body runs until the server closes, as a stream would
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            sent = 0
            while sent < total:
                piece = chunk[: total - sent]
                self.wfile.write(piece)
                sent += len(piece)
            return
        if path == "/redirect-loop":
            return self._send(302, b"", {"Location": "/redirect-loop"})
        if path == "/redirect":
            n = int(query.get("n", "1"))
            to = query.get("to", "/status/200")
            target = to if n <= 1 else f"/redirect?n={n - 1}&to={to}"
            return self._send(302, b"", {"Location": target})
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            headers = {"Content-Type": "text/html; charset=utf-8"}
            if code in (429, 503):
                headers["Retry-After"] = query.get("after", "1")
            body = f"<html><body><h1>{code}</h1><p>Status page</p></body></html>".encode()
            return self._send(code, body, headers)
        if path.startswith("/flaky/"):
            fail = int(query.get("fail", "1"))
            if hits <= fail:
                code = int(query.get("status", "503"))
                headers = {"Content-Type": "text/plain", "Retry-After": query.get("after", "0")}
                return self._send(code, b"busy, come back later", headers)
            return self._send(200, SMALL_PAGE.encode(), {"Content-Type": "text/html"})
        if path == "/binary":
            return self._send(200, PNG, {"Content-Type": "image/png"})
        if path == "/pdf":
            return self._send(
                200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", {"Content-Type": "application/pdf"}
            )
        if path == "/gzip-bomb":
            mb = int(query.get("mb", "64"))
            body = owner.bomb(mb)
            return self._send(
                200, body, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
            )
        if path == "/gzip":
            return self._send(
                200,
                gzip.compress(SMALL_PAGE.encode()),
                {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
            )
        if path == "/wrong-charset":
            body = CHARSET_PAGE.format(meta="").encode("cp1252")
            return self._send(200, body, {"Content-Type": "text/html; charset=utf-8"})
        if path == "/charset":
            header = query.get("header", "none")
            meta = query.get("meta", "none")
            encoding = query.get("bytes", "cp1252")
            meta_tag = "" if meta == "none" else f'<meta charset="{meta}">'
            body = CHARSET_PAGE.format(meta=meta_tag).encode(encoding)
            ctype = "text/html" if header == "none" else f"text/html; charset={header}"
            return self._send(200, body, {"Content-Type": ctype})
        if path == "/no-type":
            return self._send(200, SMALL_PAGE.encode(), {})
        if path == "/echo-headers":
            text = "".join(f"{k}: {v}\n" for k, v in self.headers.items())
            return self._send(200, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})
        if path == "/reset":
            # SO_LINGER 0: close with RST, as a crashing or hostile server would
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            self.close_connection = True
            self.connection.close()
            return
        self._file(path)

    def _file(self, path: str) -> None:
        root = self.server.owner.root
        if root is None:
            return self._send(404, b"not found", {"Content-Type": "text/plain"})
        target = (root / path.lstrip("/")).resolve()
        if root not in target.parents or not target.is_file():
            return self._send(
                404, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"}
            )
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/"):
            ctype += "; charset=utf-8"
        return self._send(200, target.read_bytes(), {"Content-Type": ctype})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up (caps, timeouts, resets) are what the faults test


class LocalServer:
    """An HTTP server on 127.0.0.1 (port chosen by the system) running in a thread."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root.resolve() if root is not None else None
        self.routes: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self._bombs: dict[int, bytes] = {}
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """Return http://127.0.0.1:PORT."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        """Return the full URL of a path on this server."""
        return self.base + (path if path.startswith("/") else "/" + path)

    def route(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve body at path from now on; return its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, data, {"Content-Type": content_type, **(headers or {})})
        return self.url(path)

    def bomb(self, mb: int) -> bytes:
        """Return (and cache) mb megabytes of zeros gzip-compressed."""
        if mb not in self._bombs:
            self._bombs[mb] = gzip.compress(b"\0" * (mb * 1024 * 1024), compresslevel=9)
        return self._bombs[mb]

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@pytest.fixture(scope="session")
def http_server() -> Iterator[LocalServer]:
    """A LocalServer serving fixtures/docs, shared by the whole test run."""
    with LocalServer(DOCS) as server:
        yield server


def make_pdf(*pages: list[str]) -> bytes:
    """Return a small valid PDF: one page per list, each string a line of Helvetica text.

    Written by hand (objects, a cross-reference table with true byte offsets, a
    trailer), as a PDF library would, so tests serve a real PDF without a writer.
    """

    def literal(line: str) -> str:
        return "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    font = 3 + 2 * len(pages)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [{}] /Count {} >>".format(
            " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages))), len(pages)
        ),
    ]
    for i, lines in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {4 + 2 * i} 0 R >>"
        )
        shown = " T* ".join(f"{literal(line)} Tj" for line in lines)
        stream = f"BT /F1 11 Tf 14 TL 72 720 Td {shown} ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
