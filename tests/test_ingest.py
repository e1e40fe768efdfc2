"""ingest.load and ingest.expand: files, Markdown, standard input, URLs, folders, encodings."""

from __future__ import annotations

import codecs
import io
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from conftest import FIXTURES, SEED
from httpserver import LocalServer

from factcheck.config import Settings
from factcheck.errors import FetchError, InputError
from factcheck.ingest import expand, load
from factcheck.net import make_client

DOCS = FIXTURES / "docs"
ARTICLE = (
    "Bus fares to rise 8% in April\n"
    "\n"
    "Fares on the city's 42 bus routes will rise by 8% from April, the transport board said.\n"
)


# --- text files -----------------------------------------------------------------


def test_seed_text_is_kept_exactly() -> None:
    doc = load(str(SEED))
    assert doc.text == SEED.read_text(encoding="utf-8")
    assert doc.format == "text"
    assert doc.title == "Pre-emptive measures thwart ISIS attempts to target Morocco"
    assert doc.origin == str(SEED)


@pytest.mark.parametrize(
    "data, encoding",
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16"),
        (ARTICLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: told by its zero bytes
        (ARTICLE.replace("8%", "8% – “up”").encode("cp1252"), "cp1252"),
        (ARTICLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),  # CRLF kept as is
    ],
)
def test_text_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "fares.txt"
    path.write_bytes(data)
    doc = load(str(path))
    assert doc.extra["encoding"] == encoding
    assert doc.title is not None and doc.title.startswith("Bus fares to rise 8%")
    assert doc.title.endswith(" in April")
    assert "42 bus routes" in doc.text
    if b"\r\n" in data:
        assert "\r\n" in doc.text  # offsets stay true to the bytes


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("missing.txt", None, "no such file; check the path"),
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
            "looks like a binary file",
        ),
        ("folder", "dir", "is a directory"),
    ],
)
def test_unreadable_files(
    tmp_path: Path, name: str, data: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if data == "dir":
        path.mkdir()
    elif isinstance(data, bytes):
        path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        load(str(path))


def test_read_bytes_names_the_path_and_what_is_wrong(tmp_path: Path) -> None:
    from factcheck.ingest.text import read_bytes

    article = tmp_path / "a.txt"
    article.write_bytes(b"Fares rose 8%.\n")
    assert read_bytes(article) == b"Fares rose 8%.\n"
    assert read_bytes(article, limit=15) == b"Fares rose 8%.\n"
    with pytest.raises(InputError) as over:
        read_bytes(article, limit=14)
    assert str(over.value) == f"{article}: 15 bytes is over the 14-byte limit for one article"
    # a path that goes through a file is as missing as any other
    with pytest.raises(InputError) as under:
        read_bytes(article / "b.txt")
    assert str(under.value) == f"{article / 'b.txt'}: no such file; check the path"
    with pytest.raises(InputError) as folder:
        read_bytes(tmp_path)
    assert str(folder.value) == (
        f"{tmp_path}: is a directory; give a file (or use 'factcheck ingest --recursive')"
    )


def test_a_long_first_line_is_cut_into_a_title(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 100 + "\nsecond line\n", encoding="utf-8")
    title = load(str(path)).title
    assert title is not None and title.endswith("…") and len(title) <= 201


# --- Markdown -------------------------------------------------------------------

MARKDOWN = """---
title: "Reservoir levels fall to 38%"
author: Hana Kowalczyk
publisher: The Upland Echo
date: 2023-08-14T09:00:00Z
url: https://uplandecho.example/2023/08/14/reservoirs
---
# Reservoir levels fall to 38%

Water stocks in the **Upland** reservoirs fell to *38%* of capacity, the
[water board](https://uplandecho.example/tags/water-board-2019) said.

![A dry reservoir bed in 2022](/img/2022/08/dry-1600.jpg)

- Harrow Lake: 29%
- Kestle Water: 51%

| Reservoir | Capacity |
|-----------|----------|
| Harrow    | 4.2bn litres |

```
code 12345 is left out
```

Rationing of 120 litres a day is possible.<br>
"""

MARKDOWN_TEXT = """Reservoir levels fall to 38%
Water stocks in the Upland reservoirs fell to 38% of capacity, the water board said.
A dry reservoir bed in 2022
Harrow Lake: 29%
Kestle Water: 51%
Reservoir | Capacity
Harrow | 4.2bn litres
Rationing of 120 litres a day is possible."""


def test_markdown_is_plain_text_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "reservoirs.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = load(str(path))
    assert doc.format == "markdown"
    assert doc.text == MARKDOWN_TEXT
    assert (doc.title, doc.author, doc.publisher, doc.published, doc.url) == (
        "Reservoir levels fall to 38%",
        "Hana Kowalczyk",
        "The Upland Echo",
        "2023-08-14",
        "https://uplandecho.example/2023/08/14/reservoirs",
    )


@pytest.mark.parametrize(
    "source, title",
    [
        ("Intro line\n\n## Budget gap of $3m\n\nText.\n", "Budget gap of $3m"),
        ("No heading here, 14 words.\n\nSecond.\n", "No heading here, 14 words."),
        ("---\ntitle: From front matter\n---\n# Heading\n", "From front matter"),
    ],
)
def test_markdown_titles(tmp_path: Path, source: str, title: str) -> None:
    path = tmp_path / "a.markdown"
    path.write_text(source, encoding="utf-8")
    assert load(str(path)).title == title


# --- HTML by suffix and by content ------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["harbourcourier_port_budget_2024.html", "valleytimes_school_meals_2022.htm"],
)
def test_html_by_suffix(name: str) -> None:
    doc = load(str(DOCS / name))
    assert doc.format == "html"
    assert doc.extra["extractor"] == "trafilatura"


def test_html_in_a_txt_file_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_bytes((DOCS / "midlandledger_hospital_waits_2023.html").read_bytes())
    doc = load(str(path))
    assert doc.format == "html"
    assert doc.title == "ER wait times at county hospitals hit record, state data show"


def test_html_meta_charset_decides_without_a_bom() -> None:
    doc = load(str(DOCS / "valleytimes_school_meals_2022.htm"))
    assert doc.extra["encoding"] == "cp1252"
    assert "said Siân Morgan, who runs the breakfast club at Ysgol y Café" in doc.text


# --- standard input ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, fmt, title",
    [
        (ARTICLE.encode(), "text", "Bus fares to rise 8% in April"),
        (
            (DOCS / "harbourcourier_port_budget_2024.html").read_bytes(),
            "html",
            "Port authority approves £48m dredging plan as cargo slumps",
        ),
    ],
)
def test_standard_input(monkeypatch: pytest.MonkeyPatch, data: bytes, fmt: str, title: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = load("-")
    assert (doc.format, doc.title, doc.origin) == (fmt, title, "-")


def test_binary_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02" * 100)))
    with pytest.raises(InputError, match="standard input: looks like a binary file"):
        load("-")


# --- URLs through the local server ------------------------------------------------


def test_url_html_page(http_server: LocalServer) -> None:
    url = http_server.url("/harbourcourier_port_budget_2024.html")
    with make_client() as client:
        doc = load(url, client)
    assert doc.format == "html"
    assert doc.origin == url
    # the page's canonical URL, not the address it was served from
    assert (
        doc.url == "https://www.harbourcourier.example/news/2024/03/14/port-authority-dredging-plan"
    )
    assert doc.extra["final_url"] == url
    assert doc.extra["http_status"] == 200
    assert doc.text == load(str(DOCS / "harbourcourier_port_budget_2024.html")).text


def test_url_without_a_client_makes_its_own(http_server: LocalServer) -> None:
    doc = load(http_server.url("/arabweekly_morocco_isis_2016.txt"))
    assert doc.format == "text"
    assert doc.text == SEED.read_text(encoding="utf-8")
    assert doc.url == http_server.url("/arabweekly_morocco_isis_2016.txt")


def test_url_after_redirects_keeps_the_final_address(http_server: LocalServer) -> None:
    with make_client() as client:
        doc = load(http_server.url("/redirect?n=2&to=/gzip"), client)
    assert doc.extra["final_url"] == http_server.url("/gzip")
    assert "14 new bus routes" in doc.text


def test_url_markdown(http_server: LocalServer) -> None:
    url = http_server.route("/notes.md", MARKDOWN, content_type="text/markdown; charset=utf-8")
    doc = load(url)
    assert doc.format == "markdown" and doc.text == MARKDOWN_TEXT


def test_url_charset_header(http_server: LocalServer) -> None:
    doc = load(http_server.url("/wrong-charset"))
    assert "Prices at the café rose 45% – the “biggest” jump in 12 years" in doc.text


@pytest.mark.parametrize(
    "path, message",
    [
        ("/status/404", "HTTP 404 Not Found; check the address"),
        ("/binary", "is image/png, not a web page or text"),
        ("/redirect-loop", "more than 5 redirects"),
    ],
)
def test_url_errors(http_server: LocalServer, path: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        load(http_server.url(path))


def test_url_size_cap_comes_from_the_settings(
    http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_MAX_BYTES", "100000")
    with pytest.raises(FetchError, match="100,000-byte limit"):
        load(http_server.url("/huge?mb=1"))


def test_url_timeout_through_a_mock_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read")

    with make_client(Settings(timeout=7), httpx.MockTransport(handler)) as client:
        with pytest.raises(FetchError) as caught:
            load("https://news.example/story", client)
    assert str(caught.value) == (
        "https://news.example/story: timed out after 7s; try again or raise FACTCHECK_TIMEOUT"
    )


@pytest.mark.parametrize("source", ["ftp://news.example/a.txt", "file:///etc/hostname"])
def test_other_schemes_are_refused(source: str) -> None:
    with pytest.raises(FetchError, match="only http and https URLs can be fetched"):
        load(source)


# --- expand ---------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in [
        "b.txt",
        "a.md",
        "c.html",
        "d.htm",
        "e.markdown",
        "notes.pdf",
        "image.png",
        ".hidden.txt",
        "sub/f.txt",
        "sub/deeper/g.html",
        ".git/h.txt",
    ]:
        path = tmp_path / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "recursive, names",
    [
        (False, ["a.md", "b.txt", "c.html", "d.htm", "e.markdown"]),
        (
            True,
            ["a.md", "b.txt", "c.html", "d.htm", "e.markdown", "sub/deeper/g.html", "sub/f.txt"],
        ),
    ],
)
def test_expand_folders(tree: Path, recursive: bool, names: list[str]) -> None:
    folder = tree / "articles"
    assert expand([str(folder)], recursive=recursive) == [str(folder / n) for n in names]


def test_expand_follows_file_links_not_folder_links_and_sorts_by_folder(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    for name in ["a.txt", "B.TXT", "sub/f.txt", "sub-a/k.txt", "folder.txt/in.txt"]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "link.md").symlink_to(folder / "a.txt")
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    (folder / "sub" / "up").symlink_to(folder)
    found = expand([str(folder)], recursive=True)
    # folder by folder ("sub" before "sub-a"), not by the whole path's text
    names = ["B.TXT", "a.txt", "folder.txt/in.txt", "link.md", "sub/f.txt", "sub-a/k.txt"]
    assert found == [str(folder / n) for n in names]
    assert expand([str(folder)]) == [str(folder / n) for n in ["B.TXT", "a.txt", "link.md"]]


def test_expand_passes_files_urls_and_stdin_through_once(tree: Path) -> None:
    folder = tree / "articles"
    sources = ["-", "https://news.example/a", str(folder / "notes.pdf"), "missing.txt"]
    assert expand(sources + [str(folder / "b.txt"), str(folder)], recursive=False) == [
        *sources,
        str(folder / "b.txt"),
        str(folder / "a.md"),
        str(folder / "c.html"),
        str(folder / "d.htm"),
        str(folder / "e.markdown"),
    ]


@pytest.mark.parametrize(
    "recursive, message",
    [
        (False, "no article files .* in this folder; add --recursive to look in its subfolders"),
        (True, r"no article files \(.txt, .md, .html, .htm\) in this folder$"),
    ],
)
def test_expand_an_empty_folder(tree: Path, recursive: bool, message: str) -> None:
    with pytest.raises(InputError, match=message):
        expand([str(tree / "empty")], recursive=recursive)


# --- start-up cost ------------------------------------------------------------------------


def test_importing_ingest_loads_no_heavy_modules() -> None:
    # `factcheck --help` must start fast: trafilatura, lxml and httpx load only when used
    code = (
        "import sys, factcheck.ingest, factcheck.ingest.text; "
        "heavy = ('httpx', 'trafilatura', 'lxml', 'markdown_it'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
