"""Article in, claims stored: ``ingest.load`` -> ``extract_claims`` -> ``Store.add_document``.

The one module joining the first three stages. ``add`` stores one source;
``add_each`` goes through many, recording a failure and going on, so one bad
file does not stop a folder.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from factcheck.errors import FactcheckError, InputError
from factcheck.models import Claim, Document, IngestResult

if TYPE_CHECKING:
    import httpx

    from factcheck.store import Store
    from factcheck.store.writes import SqliteWriter

__all__ = [
    "Added",
    "Overrides",
    "add",
    "add_each",
    "apply_overrides",
    "expand",
    "load_article",
    "prepare",
]


@dataclass(frozen=True, slots=True)
class Overrides:
    """Metadata given on the command line; it wins over what the article says."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None

    def __post_init__(self) -> None:
        if self.published is not None:
            try:
                date.fromisoformat(self.published)
            except ValueError:
                raise InputError(
                    f"--published {self.published!r} is not a date; write it as YYYY-MM-DD"
                ) from None
        if self.url is not None and not self.url.startswith(("http://", "https://")):
            raise InputError(f"--url {self.url!r} is not an http(s) URL; write it in full")


@dataclass(frozen=True, slots=True)
class Added:
    """What happened to one source of a batch: its result, or why it failed."""

    source: str
    result: IngestResult | None = None
    error: str | None = None


def apply_overrides(doc: Document, overrides: Overrides | None) -> Document:
    """Return the document with every metadata field the overrides set replaced."""
    if overrides is None:
        return doc
    given = {
        name: getattr(overrides, name)
        for name in ("title", "publisher", "url", "published", "author")
        if getattr(overrides, name) is not None
    }
    return replace(doc, **given) if given else doc


def add(
    source: str,
    store: Store | SqliteWriter,
    client: httpx.Client | None = None,
    overrides: Overrides | None = None,
) -> IngestResult:
    """Load a file, folder entry, '-' or URL, extract its claims and store both."""
    return _store(load_article(source, client, overrides), store)


def _store(doc: Document, store: Store | SqliteWriter) -> IngestResult:
    found = _unchanged_or_claims(doc, store)
    return found if isinstance(found, IngestResult) else store.add_document(*found)


def _unchanged_or_claims(
    doc: Document, store: Store | SqliteWriter
) -> IngestResult | tuple[Document, list[Claim]]:
    """Return the ``unchanged`` result for a stored text, else the document and its claims."""
    # a text already in the tracker is unchanged whatever its claims: finding them
    # again was most of the time of re-ingesting a folder
    from factcheck.extract import extract_claims

    return store.unchanged(doc) or (doc, extract_claims(doc.text))


def load_article(
    source: str, client: httpx.Client | None = None, overrides: Overrides | None = None
) -> Document:
    """Return the loaded document, overrides applied; InputError if it has no text."""
    from factcheck.ingest import load

    doc = apply_overrides(load(source, client), overrides)
    if not doc.text.strip():
        raise InputError(f"{source}: no article text found; is it the right file?")
    return doc


def prepare(
    source: str, client: httpx.Client | None = None, overrides: Overrides | None = None
) -> tuple[Document, list[Claim]]:
    """Return the loaded document (overrides applied) and its claims, storing nothing."""
    from factcheck.extract import extract_claims

    doc = load_article(source, client, overrides)
    return doc, extract_claims(doc.text)


def expand(sources: Sequence[str], recursive: bool = False) -> list[str]:
    """Return the sources with folders replaced by their article files (see ingest.expand)."""
    from factcheck.ingest import expand as expand_folders

    return expand_folders(list(sources), recursive=recursive)


def add_each(
    sources: Sequence[str],
    store: Store | SqliteWriter,
    client: httpx.Client | None = None,
    overrides: Overrides | None = None,
) -> Iterator[Added]:
    """Store each source, yielding its outcome in order; a FactcheckError fails that one only.

    Articles are stored in batches, each batch one transaction (BATCH articles or
    BATCH_SECONDS of work, whichever comes first), and their outcomes are yielded
    once it is committed. An exception while claims are being found, Ctrl-C
    included, first stores the articles whose claims were found before it: an
    interruption keeps every finished article and never half of one. Only a
    process killed outright loses the batch it was working on (at most
    BATCH_SECONDS of work), which the same command run again redoes.
    """
    if overrides is not None and overrides.url is not None and len(sources) > 1:
        raise InputError(
            f"--url names one article but {len(sources)} sources were given; "
            "ingest them one at a time"
        )
    own = None
    if client is None and any(s.startswith(("http://", "https://")) for s in sources):
        from factcheck.net import make_client

        own = client = make_client()
    waiting: list[tuple[str, _Outcome]] = []
    started = time.monotonic()
    try:
        for source, loaded in _read_ahead(sources, client, overrides):
            waiting.append((source, _found(loaded, store)))
            if len(waiting) >= BATCH or time.monotonic() - started >= BATCH_SECONDS:
                batch, waiting = waiting, []
                yield from _store_batch(batch, store)
                started = time.monotonic()
    except BaseException:
        # Ctrl-C or a bug while claims were being found: what was found is kept
        _store_batch(waiting, store)
        raise
    finally:
        if own is not None:
            own.close()
    yield from _store_batch(waiting, store)


# Articles stored in one transaction, at most: a commit writes each index page
# the article touched to the WAL again (~21 pages, 87 KB an article), so storing
# 2,500 articles one a transaction took 0.66-0.73 s CPU against 0.30 s in one
BATCH = 50
# ... or the articles whose claims were found in this much time: the progress
# bar moves at least this often, and a killed process loses no more work
BATCH_SECONDS = 0.5

# what became of a source before its batch is stored: its document and claims
# to store, its result already (a text stored before), or why it failed
_Outcome = tuple[Document, list[Claim]] | IngestResult | FactcheckError


def _found(loaded: Document | FactcheckError, store: Store | SqliteWriter) -> _Outcome:
    if isinstance(loaded, FactcheckError):
        return loaded
    try:
        return _unchanged_or_claims(loaded, store)
    except FactcheckError as exc:
        return exc


def _store_batch(batch: list[tuple[str, _Outcome]], store: Store | SqliteWriter) -> list[Added]:
    """Store the batch's new articles in one transaction; return every source's outcome."""
    new = [outcome for _, outcome in batch if isinstance(outcome, tuple)]
    results: list[IngestResult] = []
    refused = None
    if new:
        try:
            results = store.add_documents(new)
        except FactcheckError as exc:
            # the database refused the batch (locked, full): each of its articles failed
            refused = str(exc)
    stored = iter(results)
    done = []
    for source, outcome in batch:
        if isinstance(outcome, FactcheckError):
            done.append(Added(source, error=str(outcome)))
        elif isinstance(outcome, IngestResult):
            done.append(Added(source, result=outcome))
        elif refused is not None:
            done.append(Added(source, error=refused))
        else:
            done.append(Added(source, result=next(stored)))
    return done


# files read ahead of their extraction, this many at a time: reading each one
# between two extractions cost ~0.1 s more CPU for 2,500 articles (the caches
# of one task evicted by the other); reading stores nothing, so an interruption
# still keeps every article stored before it
READ_AHEAD = 50


def _read_ahead(
    sources: Sequence[str], client: httpx.Client | None, overrides: Overrides | None
) -> Iterator[tuple[str, Document | FactcheckError]]:
    """Yield each source with its document, or the error loading it, in order.

    Files are read READ_AHEAD at a time; a URL or standard input is read when its
    turn comes.
    """
    from factcheck.ingest import STDIN, is_url

    def read(source: str) -> Document | FactcheckError:
        try:
            return load_article(source, client, overrides)
        except FactcheckError as exc:
            return exc

    for start in range(0, len(sources), READ_AHEAD):
        chunk = sources[start : start + READ_AHEAD]
        early = [None if s == STDIN or is_url(s) else read(s) for s in chunk]
        for source, loaded in zip(chunk, early, strict=True):
            yield source, loaded if loaded is not None else read(source)
