"""PDF reference pages: hand-written PDFs served by a real local server, read with pypdf."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from httpserver import LocalServer, make_pdf
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import InputError
from factcheck.lookup import LookupOptions, Task, run_tasks
from factcheck.lookup.pdf import _reflow, pdf_text
from factcheck.models import Claim, Document, Kind, LookupResult, Outcome
from factcheck.store import Store

SENTENCE = "Unemployment stood at 4.2 per cent in 2024, the statistics office said."
JOBLESS = Claim(
    start=SENTENCE.index("4.2"),
    end=SENTENCE.index("4.2") + len("4.2 per cent"),
    mention="4.2 per cent",
    value=4.2,
    kind=Kind.PERCENT,
    unit="percent",
    sentence=SENTENCE,
    sentence_end=len(SENTENCE),
)
BULLETIN = [
    "Office for Labour Statistics - Quarterly bulletin",
    "Labour market overview, fourth quarter",
    "Unemployment stood at 4.2 per cent in 2024, down from",
    "4.6 per cent a year earlier, as 31,000 more people found work.",
]
# the same figures, the sentence wrapped by the layout before its number
WRAPPED = [
    "Labour market overview, fourth quarter",
    "Across the year unemployment stood at",
    "4.2 per cent, the lowest rate since the series began.",
]
DISPUTED = [
    "Labour market overview, fourth quarter",
    "Unemployment stood at 4.6 per cent in 2024.",
]
COVER = ["Office for Labour Statistics", "Annual report 2024"]
FAST = LookupOptions(retries=0, backoff=0.01, deadline=5.0, host_delay=0.0)


def encrypted(data: bytes, user_password: str) -> bytes:
    """Return data encrypted with RC4 (which pypdf reads without extra packages)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    good = make_pdf(BULLETIN)
    with LocalServer() as srv:
        srv.route("/bulletin.pdf", good, content_type="application/pdf")
        srv.route("/wrapped.pdf", make_pdf(WRAPPED), content_type="application/pdf")
        srv.route("/disputed.pdf", make_pdf(DISPUTED), content_type="application/pdf")
        srv.route("/report.pdf", make_pdf(COVER, BULLETIN), content_type="application/pdf")
        srv.route("/download.pdf", good, content_type="application/octet-stream")
        srv.route("/open.pdf", encrypted(good, ""), content_type="application/pdf")
        srv.route("/locked.pdf", encrypted(good, "s3cret"), content_type="application/pdf")
        srv.route("/truncated.pdf", good[: len(good) // 2], content_type="application/pdf")
        srv.route(
            "/header-only.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", content_type="application/pdf"
        )
        srv.route("/html.pdf", "<html><p>Moved</p></html>", content_type="application/pdf")
        yield srv


@pytest.mark.parametrize(
    "path, outcome, found",
    [
        ("/bulletin.pdf", Outcome.MATCH, "4.2 per cent"),
        # a number wrapped onto the next line still stands with its subject
        ("/wrapped.pdf", Outcome.MATCH, "4.2 per cent"),
        # the same subject with another value: a possible dispute
        ("/disputed.pdf", Outcome.CONFLICT, "4.6 per cent"),
        # the figure on the second page
        ("/report.pdf", Outcome.MATCH, "4.2 per cent"),
        # sent as a download whose name says .pdf
        ("/download.pdf", Outcome.MATCH, "4.2 per cent"),
        # encrypted with an empty user password: any reader opens it
        ("/open.pdf", Outcome.MATCH, "4.2 per cent"),
    ],
)
def test_a_pdf_reference_is_read(
    server: LocalServer, path: str, outcome: Outcome, found: str
) -> None:
    [result] = run_tasks([Task(1, JOBLESS, server.url(path))], FAST)
    assert result.outcome is outcome, result.error
    assert result.http_status == 200 and result.error is None
    assert result.passages[0].found == found
    assert result.content_hash and len(result.content_hash) == 64


@pytest.mark.parametrize(
    "path, status, words",
    [
        ("/locked.pdf", 200, "the PDF is password-protected; factcheck cannot read it"),
        ("/truncated.pdf", 200, "the PDF is damaged and cannot be read"),
        ("/header-only.pdf", 200, "the PDF is damaged and cannot be read"),
        # refused by net before any PDF reader sees it
        ("/html.pdf", None, "is sent as application/pdf but is not a PDF"),
    ],
)
def test_a_broken_or_locked_pdf_is_an_error_outcome(
    server: LocalServer, path: str, status: int | None, words: str
) -> None:
    ok = server.url("/bulletin.pdf")
    results = run_tasks([Task(1, JOBLESS, server.url(path)), Task(1, JOBLESS, ok)], FAST)
    bad = results[0]
    assert bad.outcome is Outcome.ERROR and bad.passages == ()
    assert bad.http_status == status
    assert bad.error and bad.error.startswith(server.url(path) + ": ") and words in bad.error
    assert "\n" not in bad.error
    assert results[1].outcome is Outcome.MATCH  # the other URL goes on


# --- pdf_text -------------------------------------------------------------------


def test_pdf_text_reads_every_page_in_order() -> None:
    text = pdf_text(make_pdf(COVER, BULLETIN, ["Annex: 1,650 health workers"]))
    assert text.index("Annual report 2024") < text.index("4.2 per cent") < text.index("1,650")
    assert "down from 4.6 per cent a year earlier" in text  # the wrapped line joined


@pytest.mark.parametrize(
    "max_pages, max_seconds, pages_read",
    [
        (2, 20.0, 2),
        (10, 20.0, 5),
        # the time limit is checked before each page; a spent one reads none
        (10, -1.0, 0),
    ],
)
def test_pdf_text_stops_at_the_page_and_time_caps(
    max_pages: int, max_seconds: float, pages_read: int
) -> None:
    data = make_pdf(*[[f"Page {n}: 1{n},000 visitors"] for n in range(1, 6)])
    text = pdf_text(data, max_pages=max_pages, max_seconds=max_seconds)
    assert [f"Page {n}:" in text for n in range(1, 6)] == [n <= pages_read for n in range(1, 6)]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, "damaged"),
        (make_pdf(BULLETIN).replace(b"xref", b"xxxx"), "damaged"),
        (b"", "damaged"),
        (encrypted(make_pdf(BULLETIN), "s3cret"), "password-protected"),
    ],
)
def test_pdf_text_refuses_broken_and_locked_pdfs(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        pdf_text(data, "https://stats.example/q4.pdf")
    assert str(caught.value).startswith("https://stats.example/q4.pdf: the PDF is ")


@pytest.mark.parametrize(
    "bad_pages, kept, error",
    [
        ({0}, ["Page two"], None),  # one damaged page does not hide the others
        ({0, 1}, [], "no page of the PDF could be read (2 damaged)"),
    ],
)
def test_a_page_pypdf_fails_on_is_skipped(
    monkeypatch: pytest.MonkeyPatch, bad_pages: set[int], kept: list[str], error: str | None
) -> None:
    # pypdf repairs what it can itself; for what it cannot, it raises from deep
    # inside its parser, which this stands for
    original = pypdf.PageObject.extract_text
    seen: list[int] = []

    def extract_text(page: pypdf.PageObject, *args: object, **kwargs: object) -> str:
        seen.append(len(seen))
        if seen[-1] in bad_pages:
            raise KeyError("/Font")
        return original(page)

    monkeypatch.setattr(pypdf.PageObject, "extract_text", extract_text)
    data = make_pdf(["Page one: 1,650 health workers"], ["Page two: 4.2 per cent"])
    if error is None:
        text = pdf_text(data)
        assert [p for p in ("Page one", "Page two") if p in text] == kept
    else:
        with pytest.raises(InputError, match=re.escape(error)):
            pdf_text(data)


def test_pypdf_repair_notes_do_not_reach_the_terminal() -> None:
    # pytest installs logging handlers of its own, so only a fresh process shows
    # what a user would see: Python prints records of a logger without handlers
    code = (
        "from factcheck.lookup.pdf import pdf_text\n"
        "try:\n"
        "    pdf_text(b'%PDF-1.4\\n%\\xe2\\xe3\\xcf\\xd3\\n')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("InputError\n", "")


@pytest.mark.parametrize(
    "lines, expected",
    [
        # a sentence wrapped before its number, after a comma, inside a word
        (["Unemployment stood at", "4.2 per cent."], ["Unemployment stood at 4.2 per cent."]),
        (["in 2024,", "down from 4.6%"], ["in 2024, down from 4.6%"]),
        (["The unemploy-", "ment rate fell"], ["The unemployment rate fell"]),
        (["costs rose to", "£48 million"], ["costs rose to £48 million"]),
        # table rows and headings stay lines of their own
        (["Tanger 1,600", "Rabat 1,200"], ["Tanger 1,600", "Rabat 1,200"]),
        (["2023 4.6", "2024 4.2"], ["2023 4.6", "2024 4.2"]),
        (
            ["Labour market overview", "Unemployment fell"],
            ["Labour market overview", "Unemployment fell"],
        ),
        (["It fell.", "then rose"], ["It fell.", "then rose"]),
        (["Wages", "", "rose 3%"], ["Wages", "", "rose 3%"]),  # a blank line ends a paragraph
        (["  spaced   out\t text "], ["spaced out text"]),
    ],
)
def test_reflow(lines: list[str], expected: list[str]) -> None:
    assert _reflow("\n".join(lines)).split("\n") == expected


# --- the command ----------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Iterator[str]:
    with Store.open(str(tmp_path / "pdf.db")) as store:
        store.add_document(Document(text=SENTENCE, title="Jobs"), [JOBLESS])
        yield store.url


def test_cli_lookup_of_a_pdf(runner: CliRunner, db: str, server: LocalServer) -> None:
    urls = [server.url("/bulletin.pdf"), server.url("/locked.pdf")]
    result = runner.invoke(app, ["lookup", "1", *urls, "--format", "json", "--db", db])
    assert result.exit_code == 1
    data = json.loads(result.stdout)["lookups"]
    assert [(d["outcome"], d["http_status"]) for d in data] == [("match", 200), ("error", 200)]
    assert data[0]["passages"][0]["found"] == "4.2 per cent"
    assert "password-protected" in data[1]["error"]
    assert result.stderr == (
        "Error: 1 of 2 URLs could not be checked; the table says why (outcome 'error')\n"
    )


def test_results_keep_the_pdf_pages_final_url(server: LocalServer) -> None:
    result: LookupResult = run_tasks([Task(1, JOBLESS, server.url("/truncated.pdf"))], FAST)[0]
    assert result.final_url == server.url("/truncated.pdf")
    assert result.content_hash and len(result.content_hash) == 64
