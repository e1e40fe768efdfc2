"""How well HTML ingestion keeps the article and drops the rest, on real pages.

Reads ../shared/eval/html/NAME.html and NAME.expected.txt (the article text a
person marked as the page's main content) and prints, per page and overall:

* recall: the share of the marked text's word tokens that the extracted text
  keeps (multiset overlap, case-folded);
* precision: the share of the extracted text's tokens that are in the marked
  text, so 1 - precision is the boilerplate let in (menus, captions, related
  links, comments);
* the time per page.

The first row is factcheck's own ingest (``factcheck.ingest.load``, with the
title line it puts first, which the marked text leaves out; the second row
without it). The other rows are alternatives measured on the same pages when
they are installed: trafilatura's defaults and its precision / recall modes,
jusText, readability-lxml, resiliparse, and the plain "<p> outside nav/footer"
baseline that ingest falls back on.

Run by hand: .venv/bin/python benchmarks/html_extraction.py [--pages] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL_HTML = ROOT.parent / "shared" / "eval" / "html"
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    """Return the multiset of case-folded word tokens of a text."""
    return Counter(_TOKEN.findall(text.casefold()))


def overlap(expected: Counter[str], got: Counter[str]) -> int:
    """Return how many tokens the two multisets share."""
    return sum((expected & got).values())


def pages() -> list[tuple[str, Path, Path]]:
    """Return (name, html path, expected text path) for every page with its marked text."""
    out = []
    for html in sorted(EVAL_HTML.glob("*.html")):
        expected = html.with_name(html.stem + ".expected.txt")
        if expected.exists():
            out.append((html.stem, html, expected))
    return out


def _read(path: Path) -> str:
    from factcheck.net import decode_body

    return decode_body(path.read_bytes())[0]


def ours(path: Path) -> str:
    from factcheck.ingest import load

    return load(str(path)).text


def ours_body_only(path: Path) -> str:
    from factcheck.ingest.html import parse_html

    return parse_html(_read(path), origin=str(path), title_line=False).text


def trafilatura_mode(**options: bool) -> Callable[[Path], str]:
    def run(path: Path) -> str:
        import trafilatura

        return trafilatura.extract(_read(path), **options) or ""

    return run


def justext_paragraphs(path: Path) -> str:
    import justext

    paragraphs = justext.justext(path.read_bytes(), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def readability_lxml(path: Path) -> str:
    import lxml.html
    from readability import Document

    summary = Document(_read(path)).summary(html_partial=True)
    return str(lxml.html.fromstring(summary).text_content())


def resiliparse_main(path: Path) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return str(extract_plain_text(_read(path), main_content=True))


def paragraphs_fallback(path: Path) -> str:
    from factcheck.ingest.html import _paragraphs, _parse

    return str(_paragraphs(_parse(_read(path), str(path))))


EXTRACTORS: dict[str, tuple[Callable[[Path], str], str | None]] = {
    # name: (function, module that must be importable)
    "factcheck ingest": (ours, None),
    "factcheck, no title line": (ours_body_only, None),
    "trafilatura default": (trafilatura_mode(), "trafilatura"),
    "trafilatura no comments": (trafilatura_mode(include_comments=False), "trafilatura"),
    "trafilatura precision": (
        trafilatura_mode(include_comments=False, favor_precision=True),
        "trafilatura",
    ),
    "trafilatura recall": (
        trafilatura_mode(include_comments=False, favor_recall=True),
        "trafilatura",
    ),
    "jusText": (justext_paragraphs, "justext"),
    "readability-lxml": (readability_lxml, "readability"),
    "resiliparse": (resiliparse_main, "resiliparse"),
    "<p> fallback": (paragraphs_fallback, None),
}


def measure(run: Callable[[Path], str]) -> dict[str, object]:
    """Return per-page and overall recall, precision and milliseconds for one extractor."""
    rows = []
    kept = total_expected = total_got = 0
    elapsed = 0.0
    run(pages()[0][1])  # warm up: imports and caches are not per-page costs
    for name, html, expected_path in pages():
        expected = tokens(expected_path.read_text(encoding="utf-8"))
        start = time.perf_counter()
        got = tokens(run(html))
        ms = (time.perf_counter() - start) * 1000
        shared = overlap(expected, got)
        n_expected, n_got = sum(expected.values()), sum(got.values())
        rows.append(
            {
                "page": name,
                "recall": shared / n_expected if n_expected else 1.0,
                "precision": shared / n_got if n_got else 0.0,
                "ms": ms,
            }
        )
        kept += shared
        total_expected += n_expected
        total_got += n_got
        elapsed += ms
    n = len(rows) or 1
    return {
        "pages": rows,
        "recall": kept / total_expected if total_expected else 0.0,
        "precision": kept / total_got if total_got else 0.0,
        "macro_recall": sum(float(r["recall"]) for r in rows) / n,  # type: ignore[arg-type]
        "macro_precision": sum(float(r["precision"]) for r in rows) / n,  # type: ignore[arg-type]
        "ms_per_page": elapsed / n,
    }


def _available(module: str | None) -> bool:
    if module is None:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", action="store_true", help="print every page's figures")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not pages():
        print(f"no pages in {EVAL_HTML}", file=sys.stderr)
        return 1
    results = {}
    for name, (run, module) in EXTRACTORS.items():
        if _available(module):
            results[name] = measure(run)
        else:
            print(f"skipped {name}: {module} is not installed", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{len(pages())} pages from {EVAL_HTML}; token recall / precision, micro (macro)\n")
    print(f"{'extractor':26} {'recall':>15} {'precision':>15} {'ms/page':>8}")
    for name, r in results.items():
        print(
            f"{name:26} {r['recall']:7.3f} ({r['macro_recall']:.3f})"
            f" {r['precision']:7.3f} ({r['macro_precision']:.3f}) {r['ms_per_page']:8.1f}"
        )
    if args.pages:
        print("\nfactcheck ingest, per page:")
        print(f"{'page':42} {'recall':>7} {'precision':>9} {'ms':>6}")
        for row in results["factcheck ingest"]["pages"]:  # type: ignore[attr-defined]
            print(f"{row['page']:42} {row['recall']:7.3f} {row['precision']:9.3f} {row['ms']:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
