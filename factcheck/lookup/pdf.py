"""A PDF reference page as plain lines of text, through pypdf.

Statistics offices and ministries publish their figures as PDF reports as often
as web pages. pypdf is pure Python (no system libraries, wheels everywhere),
actively maintained, and bounds its own decompression (ZLIB_MAX_OUTPUT_LENGTH
and friends), so a hostile stream cannot blow memory up. It is imported only
when a PDF is read.

Text is taken page by page, at most MAX_PAGES pages and MAX_SECONDS seconds;
the rest of a longer report is not read. Lines that a page's layout wrapped in
mid-sentence are joined again, because passages.py wants a number and the
words saying what it measures on one line.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import time
import zlib

from factcheck.errors import InputError

# A reference cited for one figure sits in the report's first pages. 300 dense
# pages (45 lines each, a standard font) took 1.7-2.5 s with pypdf 7.1 here,
# with a peak of 7 MB; embedded fonts are slower, which MAX_SECONDS bounds.
MAX_PAGES = 300
# The most a PDF may take to read, pages after that are skipped: a page of a
# hand-crafted PDF can be slow to lay out, and lookups share two readers.
MAX_SECONDS = 20.0
# Text past this is not read (characters): a 10 MB page of HTML yields less.
MAX_CHARS = 5_000_000

# pypdf raises its own errors for what it understands to be broken, and plain
# Python ones from deep inside its parser for what it does not (a damaged
# object stream, a bad number, a cycle); on a page from the web all of them
# mean "unreadable", never a bug of factcheck's.
_BROKEN: tuple[type[BaseException], ...] = (
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    AssertionError,
    ArithmeticError,
    RecursionError,
    NotImplementedError,
    zlib.error,
    struct.error,
)
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")


def pdf_text(
    data: bytes, url: str = "", max_pages: int = MAX_PAGES, max_seconds: float = MAX_SECONDS
) -> str:
    """Return the text of a PDF's pages, or raise InputError for a broken or locked one."""
    import pypdf
    from pypdf.errors import DependencyError, PyPdfError

    where = f"{url}: " if url else ""
    broken: tuple[type[BaseException], ...] = (PyPdfError, *_BROKEN)
    # pypdf logs each repair it makes ("EOF marker not found"); with no handler,
    # Python would print them on the user's terminal
    logging.getLogger("pypdf").addHandler(_QUIET)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(
                f"{where}the PDF is password-protected; factcheck cannot read it, "
                "open it and check the figure by hand"
            )
        pages = reader.pages
        count = len(pages)
    except DependencyError:
        raise InputError(
            f"{where}the PDF is AES-encrypted; install 'cryptography' to read it, "
            "or check the figure by hand"
        ) from None
    except broken as exc:
        raise InputError(
            f"{where}the PDF is damaged and cannot be read ({_reason(exc)}); "
            "open it in a PDF viewer to check"
        ) from None
    deadline = time.monotonic() + max_seconds
    texts: list[str] = []
    size = 0
    failed = 0
    for index in range(min(count, max_pages)):
        if time.monotonic() > deadline or size > MAX_CHARS:
            break
        try:
            text = pages[index].extract_text()
        except broken:
            failed += 1  # one bad page does not hide the others
            continue
        text = _reflow(text)
        texts.append(text)
        size += len(text)
    if failed and not any(texts):
        raise InputError(
            f"{where}no page of the PDF could be read ({failed} damaged); "
            "open it in a PDF viewer to check"
        )
    return "\n\n".join(t for t in texts if t)


def _reflow(text: str) -> str:
    """Return a page's lines with those the layout wrapped in mid-sentence joined."""
    out: list[str] = []
    for raw in text.splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if not line or not out or not out[-1] or not _goes_on(out[-1], line):
            out.append(line)
        elif out[-1].endswith("-") and out[-1][-2:-1].isalpha() and line[0].islower():
            out[-1] = out[-1][:-1] + line  # "unemploy-" + "ment": hyphenated by the layout
        else:
            out[-1] += " " + line
    return "\n".join(out)


def _goes_on(previous: str, line: str) -> bool:
    """Return True when line continues previous's sentence rather than starting anew.

    A lower-case word goes on a line that ends without a stop ("in 2024," +
    "down from"); a number goes on one that ends in a word ("stood at" + "4.2 per
    cent"). A capital or a number after a number starts a new line, as the rows
    of a table do.
    """
    last, first = previous[-1], line[0]
    if first.islower():
        return last.isalnum() or last in ",%)-"
    if first.isdigit() or first in "$£€":
        return last.isalpha()
    return False


def _reason(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:120] if lines else type(exc).__name__


_QUIET = logging.NullHandler()

__all__ = ["MAX_PAGES", "MAX_SECONDS", "pdf_text"]
