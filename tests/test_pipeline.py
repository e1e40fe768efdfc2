"""pipeline.add / add_each: load -> extract -> store, one transaction per source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from factcheck.errors import InputError
from factcheck.extract import extract_claims
from factcheck.pipeline import Overrides, add, add_each, apply_overrides, expand
from factcheck.store import Store

ARTICLE = (
    "Grain harvest falls 8%\n\n"
    "OSTRAVEN - The grain harvest fell 8% to 2.4 million tonnes this year, "
    "the farmers' federation said, after the driest summer in 40 years.\n"
)
PAGE = """<!doctype html><html><head><title>Ferry fares up 6% | Bay Herald</title>
<meta property="og:title" content="Ferry fares up 6%">
<meta property="og:site_name" content="Bay Herald">
<meta property="article:published_time" content="2024-04-02T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry fares up 6%</h1>
<p>Fares on the Bay ferries will rise by 6% from May, the operator said on Tuesday,
the second increase in 12 months.</p>
<p>About 9,000 commuters use the service daily, according to the harbour board.</p>
</article><footer>Cookies help us deliver our services.</footer></body></html>"""


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


def test_a_text_file_is_stored_with_its_claims(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "grain.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = add(str(path), store)
    assert result.status == "ingested"
    assert result.source.text == ARTICLE
    assert result.source.origin == str(path)
    expected = extract_claims(ARTICLE)
    assert result.claims_added == len(expected) > 0
    assert [c.claim for c in store.claims()] == expected
    assert add(str(path), store).status == "unchanged"


def test_overrides_win_over_the_article(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "grain.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    meta = Overrides(title="Harvest", publisher="Ostraven Daily", published="2024-09-30")
    source = add(str(path), store, overrides=meta).source
    assert (source.title, source.publisher, source.published) == (
        "Harvest",
        "Ostraven Daily",
        "2024-09-30",
    )


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"published": "30 September"}, "--published '30 September' is not a date"),
        ({"published": "2024-13-01"}, "--published '2024-13-01' is not a date"),
        ({"url": "ftp://x.example/a"}, "--url 'ftp://x.example/a' is not an http(s) URL"),
    ],
)
def test_bad_overrides(fields: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        Overrides(**fields)


def test_apply_overrides_only_touches_what_is_given(tmp_path: Path) -> None:
    from factcheck.models import Document

    doc = Document(text="x", title="T", publisher="P", url="https://a.example/1")
    assert apply_overrides(doc, None) is doc
    assert apply_overrides(doc, Overrides()) is doc
    changed = apply_overrides(doc, Overrides(publisher="Q"))
    assert (changed.title, changed.publisher, changed.url) == ("T", "Q", "https://a.example/1")


def test_an_empty_file_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(InputError, match="no article text found"):
        add(str(path), store)
    assert store.sources() == []


def test_add_each_goes_past_failures_and_fetches_urls_through_the_client(
    store: Store, tmp_path: Path
) -> None:
    good = tmp_path / "grain.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.path == "/ferry":
            return httpx.Response(200, text=PAGE, headers={"content-type": "text/html"})
        return httpx.Response(404, text="not here")

    client = httpx.Client(transport=httpx.MockTransport(handler))
    sources = [
        str(tmp_path / "missing.txt"),
        str(good),
        "https://bayherald.example/ferry",
        "https://bayherald.example/gone",
    ]
    done = list(add_each(sources, store, client))
    client.close()
    assert [a.source for a in done] == sources
    assert [a.result.status if a.result else "failed" for a in done] == [
        "failed",
        "ingested",
        "ingested",
        "failed",
    ]
    assert done[0].error is not None and "no such file" in done[0].error
    assert done[3].error is not None and "404" in done[3].error
    assert asked == ["https://bayherald.example/ferry", "https://bayherald.example/gone"]
    page = done[2].result
    assert page is not None
    assert page.source.url == "https://bayherald.example/ferry"
    assert "9,000 commuters" in page.source.text
    assert "Cookies" not in page.source.text
    assert page.claims_added == len(extract_claims(page.source.text))


def test_a_changed_page_at_the_same_url_is_a_new_version(store: Store) -> None:
    pages = [PAGE, PAGE.replace("About 9,000", "About 9,500")]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=pages[0], headers={"content-type": "text/html"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        first = add("https://bayherald.example/ferry", store, client)
        pages.pop(0)
        second = add("https://bayherald.example/ferry", store, client)
    assert (first.status, second.status) == ("ingested", "new_version")
    assert second.source.previous_id == first.source.id
    assert second.claims_kept + second.claims_added == len(extract_claims(second.source.text))


def test_expand_takes_folder_articles(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF")
    assert expand([str(tmp_path / "a")]) == [str(tmp_path / "a" / "one.txt")]
    assert expand([str(tmp_path / "a")], recursive=True) == [
        str(tmp_path / "a" / "b" / "two.html"),
        str(tmp_path / "a" / "one.txt"),
    ]


def _articles(tmp_path: Path, n: int) -> list[str]:
    paths = []
    for i in range(n):
        path = tmp_path / f"a{i}.txt"
        path.write_text(ARTICLE.replace("8%", f"{i + 2}%"), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_an_interrupt_while_claims_are_found_keeps_every_article_found_before_it(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.extract

    paths = _articles(tmp_path, 5)
    real = factcheck.extract.extract_claims

    def interrupted(text: str) -> object:
        if "5%" in text:  # a3's claims are being looked for; a0-a2 wait in the batch
            raise KeyboardInterrupt
        return real(text)

    monkeypatch.setattr(factcheck.extract, "extract_claims", interrupted)
    with pytest.raises(KeyboardInterrupt):
        list(add_each(paths, store))
    assert [s.origin for s in store.sources()] == paths[:3]
    assert store.count_claims() == 3 * len(extract_claims(ARTICLE))
    monkeypatch.undo()
    done = list(add_each(paths, store))
    assert [a.result.status for a in done if a.result] == ["unchanged"] * 3 + ["ingested"] * 2


def test_an_interrupt_while_a_batch_is_stored_keeps_no_half_article(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.store.writes as writes

    paths = _articles(tmp_path, 5)
    real_insert = writes.insert_claims
    calls: list[int] = []

    def insert_claims(*args: object) -> object:
        calls.append(1)
        if len(calls) == 4:
            # a3's source row is in, its claims not yet
            raise KeyboardInterrupt
        return real_insert(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(writes, "insert_claims", insert_claims)
    with pytest.raises(KeyboardInterrupt):
        list(add_each(paths, store))
    # the batch was one transaction: rolled back whole, a3's source row with it
    assert store.sources() == []
    assert store.count_claims() == 0
    monkeypatch.undo()
    assert [a.result.status for a in add_each(paths, store) if a.result] == ["ingested"] * 5


def test_outcomes_are_yielded_once_their_batch_is_committed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.pipeline as pipeline

    paths = _articles(tmp_path, 5)
    monkeypatch.setattr(pipeline, "BATCH", 2)
    stored_when_seen = []
    for _ in add_each(paths, store):
        stored_when_seen.append(len(store.sources()))
    assert stored_when_seen == [2, 2, 4, 4, 5]


def test_a_batch_is_cut_after_batch_seconds(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.pipeline as pipeline

    paths = _articles(tmp_path, 3)
    monkeypatch.setattr(pipeline, "BATCH_SECONDS", 0.0)
    assert [len(store.sources()) for _ in add_each(paths, store)] == [1, 2, 3]


def test_a_batch_the_store_refuses_fails_its_articles_and_the_next_goes_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.pipeline as pipeline
    from factcheck.errors import StoreError
    from factcheck.models import Document

    paths = _articles(tmp_path, 5)
    real_add = Store.add_documents

    def add_documents(self: Store, items: list[tuple[Document, list[object]]]) -> object:
        if any(doc.origin == paths[2] for doc, _ in items):
            raise StoreError("database is locked")
        return real_add(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "BATCH", 2)
    monkeypatch.setattr(Store, "add_documents", add_documents)
    done = list(add_each(paths, store))
    assert [(a.source, a.error) for a in done] == [
        (paths[0], None),
        (paths[1], None),
        (paths[2], "database is locked"),
        (paths[3], "database is locked"),
        (paths[4], None),
    ]
    assert [s.origin for s in store.sources()] == [paths[0], paths[1], paths[4]]


def test_a_batch_is_all_or_nothing(store: Store) -> None:
    from dataclasses import replace

    from factcheck.models import Document

    good = Document(text=ARTICLE, origin="a.txt")
    claims = extract_claims(ARTICLE)
    broken = [replace(claims[0], mention=None)]  # type: ignore[arg-type]
    with pytest.raises(Exception, match="(?i)null"):
        store.add_documents([(good, claims), (Document(text="Other 5%.", origin="b"), broken)])
    assert store.sources() == []


def test_an_unchanged_article_is_not_read_for_claims_again(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.extract

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    first = add(str(path), store)
    found: list[str] = []
    real = factcheck.extract.extract_claims

    def counted(text: str) -> object:
        found.append(text)
        return real(text)

    monkeypatch.setattr(factcheck.extract, "extract_claims", counted)
    [again] = add_each([str(path)], store)
    assert again.result is not None and again.result.status == "unchanged"
    assert again.result.source == first.source
    assert found == []
    # a changed text is read, and is a new version
    path.write_text(ARTICLE.replace("8%", "9%"), encoding="utf-8")
    [changed] = add_each([str(path)], store)
    assert changed.result is not None and changed.result.status == "new_version"
    assert len(found) == 1


def test_files_are_read_ahead_of_their_extraction(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.extract
    import factcheck.pipeline as pipeline

    paths = []
    for i in range(5):
        path = tmp_path / f"a{i}.txt"
        path.write_text(ARTICLE.replace("8%", f"{i + 2}%"), encoding="utf-8")
        paths.append(str(path))
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    sources = [paths[0], str(tmp_path / "empty.txt"), *paths[1:], str(tmp_path / "gone.txt")]
    events: list[str] = []
    real_load, real_extract = pipeline.load_article, factcheck.extract.extract_claims

    def load(source: str, *args: object) -> object:
        events.append("read " + Path(source).name)
        return real_load(source, *args)  # type: ignore[arg-type]

    def extract(text: str) -> object:
        events.append(f"extract {len(store.sources())} stored")
        return real_extract(text)

    monkeypatch.setattr(pipeline, "READ_AHEAD", 3)
    monkeypatch.setattr(pipeline, "BATCH", 1)  # each stored before the next is extracted
    monkeypatch.setattr(pipeline, "load_article", load)
    monkeypatch.setattr(factcheck.extract, "extract_claims", extract)
    done = list(add_each(sources, store))
    assert events == [
        "read a0.txt", "read empty.txt", "read a1.txt",
        "extract 0 stored", "extract 1 stored",
        "read a2.txt", "read a3.txt", "read a4.txt",
        "extract 2 stored", "extract 3 stored", "extract 4 stored",
        "read gone.txt",
    ]  # fmt: skip
    assert [Path(a.source).name for a in done] == [Path(s).name for s in sources]
    assert [a.error is None for a in done] == [True, False, True, True, True, True, False]
    assert "no article text" in str(done[1].error) and "no such file" in str(done[-1].error)
