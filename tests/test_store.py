"""The Store facade, on SQLite and on PostgreSQL (db_url, tests/pg.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from factcheck.errors import ConflictError, NotFoundError, StoreError
from factcheck.models import (
    Action,
    Claim,
    Document,
    Kind,
    LookupResult,
    Outcome,
    Passage,
    Qualifier,
    Status,
)
from factcheck.store import Store, content_hash

# An invented article; its claims are written out by hand so these tests do not
# move when the extractor improves.
TEXT = (
    "Harbour town counts 1,240 new residents\n\n"
    "PORT ALDER - More than 1,240 people moved to Port Alder last year, "
    'the mayor, Ines Varga, said on Monday. "About 40% of them are under 30," she said.\n\n'
    "The council spent $3.5m on new housing, according to the budget office.\n"
)


def claims_of(text: str, money: str = "$3.5m", money_value: float = 3.5e6) -> list[Claim]:
    """The claims of TEXT-like articles: found by their mention text, fields by hand."""

    def at(mention: str, sentence_start: str, **fields: object) -> Claim:
        start = text.index(mention, text.index(sentence_start))
        s_start = text.index(sentence_start)
        after = start + len(mention)
        s_end = min(i for i in (text.find(".", after), text.find("\n", after)) if i >= 0) + 1
        return Claim(
            start=start,
            end=start + len(mention),
            mention=mention,
            sentence=text[s_start:s_end],
            sentence_start=s_start,
            sentence_end=s_end,
            **fields,  # type: ignore[arg-type]
        )

    return [
        at(
            "1,240",
            "PORT ALDER",
            value=1240.0,
            qualifier=Qualifier.LOWER_BOUND,
            qualifier_text="More than",
            unit="people",
            speaker="Ines Varga",
            speaker_role="mayor",
            cue="said",
        ),
        at(
            "40%",
            '"About',
            value=40.0,
            qualifier=Qualifier.APPROXIMATELY,
            kind=Kind.PERCENT,
            qualifier_text="About",
            speaker="Ines Varga",
            quote=True,
            cue="said",
        ),
        at("30", '"About', value=30.0, kind=Kind.AGE, qualifier=Qualifier.UPPER_BOUND),
        at(
            money,
            "The council",
            value=money_value,
            kind=Kind.MONEY,
            unit="USD",
            speaker="budget office",
            cue="according to",
        ),
    ]


def doc(text: str = TEXT, **meta: str) -> Document:
    fields = {"title": "Harbour town counts new residents", "publisher": "Alder Gazette"}
    fields.update(meta)
    return Document(text=text, **fields)  # type: ignore[arg-type]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s


# ---------------------------------------------------------------- ingest


def test_a_document_and_its_claims_come_back_field_for_field(store: Store) -> None:
    claims = claims_of(TEXT)
    result = store.add_document(
        doc(url="https://alder.example/news/1", author="R. Okafor", published="2024-03-04"),
        claims,
    )
    assert (result.status, result.claims_added, result.claims_kept) == ("ingested", 4, 0)
    source = store.get_source(result.source.id)
    assert source == result.source
    assert source.text == TEXT
    assert source.content_hash == content_hash(TEXT)
    assert (source.url, source.author, source.published) == (
        "https://alder.example/news/1",
        "R. Okafor",
        "2024-03-04",
    )
    assert source.counts == {"pending": 4}
    assert source.ingested_at.tzinfo is not None
    stored = store.claims(source_id=source.id)
    assert [s.claim for s in stored] == claims
    assert all(s.status is Status.PENDING and s.version == 1 for s in stored)
    # offsets index the stored text
    assert [source.text[s.claim.start : s.claim.end] for s in stored] == [c.mention for c in claims]


def test_the_same_text_again_is_unchanged_and_not_stored_twice(store: Store) -> None:
    first = store.add_document(doc(), claims_of(TEXT))
    again = store.add_document(doc(title="Another title"), claims_of(TEXT))
    assert again.status == "unchanged"
    assert again.source.id == first.source.id
    assert (again.claims_added, again.claims_kept) == (0, 0)
    assert len(store.sources()) == 1
    assert store.count_claims() == 4


def test_a_changed_article_at_the_same_url_is_a_new_version_keeping_unchanged_reviews(
    store: Store,
) -> None:
    url = "https://alder.example/news/1"
    first = store.add_document(doc(url=url), claims_of(TEXT))
    old = {s.claim.mention: s for s in store.claims(source_id=first.source.id)}
    store.record_review(
        old["1,240"].id,
        action=Action.VERIFY,
        new_status=Status.VERIFIED,
        reviewer="Ana",
        note="census office table 3",
    )
    store.add_references(old["1,240"].id, ["https://stats.example/t3"], "Ana")
    store.record_review(
        old["$3.5m"].id,
        action=Action.DISPUTE,
        new_status=Status.DISPUTED,
        reviewer="Ana",
        note="budget says 3.2m",
    )
    # the correction changes the money figure and adds a line; 1,240 and 40% keep their text
    edited = TEXT.replace("$3.5m", "$3.2m") + "Officials expect 300 more this year.\n"
    new_claims = claims_of(edited, money="$3.2m", money_value=3.2e6)
    second = store.add_document(doc(edited, url=url), new_claims)

    assert second.status == "new_version"
    assert (second.source.version, second.source.previous_id) == (2, first.source.id)
    assert (second.claims_kept, second.claims_added) == (3, 1)
    new = {s.claim.mention: s for s in store.claims(source_id=second.source.id)}
    assert new["1,240"].status is Status.VERIFIED
    assert [e.note for e in store.history(new["1,240"].id)] == ["census office table 3"]
    assert [r.url for r in store.references(new["1,240"].id)] == ["https://stats.example/t3"]
    assert new["40%"].status is Status.PENDING
    # the changed figure starts over
    assert new["$3.2m"].status is Status.PENDING
    assert store.history(new["$3.2m"].id) == []
    # the old version keeps its own claims and history
    assert store.get_claim(old["$3.5m"].id).status is Status.DISPUTED
    assert len(store.history(old["1,240"].id)) == 1
    # listings show the current version only, unless asked
    assert {s.source_id for s in store.claims()} == {second.source.id}
    assert store.count_claims() == 4
    assert store.count_claims(superseded=True) == 8
    assert [s.version for s in store.sources()] == [1, 2]
    assert store.next_version(first.source.id) == second.source.id
    assert store.next_version(second.source.id) is None


@pytest.mark.parametrize(
    "first, second, expected",
    [
        # a file edited in place: a new version of the same path
        ({"origin": "articles/a.txt"}, {"origin": "articles/a.txt"}, "new_version"),
        # another file: a new source
        ({"origin": "articles/a.txt"}, {"origin": "articles/b.txt"}, "ingested"),
        # standard input names no place: a new source
        ({"origin": "-"}, {"origin": "-"}, "ingested"),
        # a URL wins over the path it was saved to
        (
            {"url": "https://a.example/x", "origin": "a.html"},
            {"url": "https://a.example/y", "origin": "a.html"},
            "ingested",
        ),
    ],
)
def test_what_counts_as_the_same_article(
    store: Store, first: dict[str, str], second: dict[str, str], expected: str
) -> None:
    store.add_document(doc(**first), claims_of(TEXT))
    edited = TEXT.replace("last year", "in 2023")
    assert store.add_document(doc(edited, **second), claims_of(edited)).status == expected


def test_a_failure_half_way_through_the_claims_stores_nothing(store: Store) -> None:
    # more claims than one INSERT batch, the bad one in the second batch: the first
    # batch is already in the database when the failure comes
    good = claims_of(TEXT)
    many = [replace(good[i % 4], sentence=f"{good[i % 4].sentence} #{i}") for i in range(700)]
    many[650] = replace(many[650], mention=None)  # type: ignore[arg-type]
    with pytest.raises(Exception, match="(?i)null"):
        store.add_document(doc(), many)
    assert store.sources() == []
    assert store.count_claims(superseded=True) == 0
    # and the article can be stored afterwards
    assert store.add_document(doc(), many[:600]).claims_added == 600


def test_an_interrupt_while_storing_keeps_no_half_article(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.store.writes as writes

    real = writes.claim_fields
    calls = iter(range(10_000))

    def interrupted(*args: object) -> tuple[object, ...]:
        if next(calls) == 2:
            raise KeyboardInterrupt
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(writes, "claim_fields", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.add_document(doc(), claims_of(TEXT))
    assert store.sources() == []
    assert store.count_claims(superseded=True) == 0


# ---------------------------------------------------------------- finding claims


@pytest.fixture
def two_articles(store: Store) -> Store:
    store.add_document(doc(), claims_of(TEXT))
    other = TEXT.replace("Ines Varga", "Tomas Reyes").replace("Port Alder", "Brill")
    store.add_document(
        doc(other, title="Brill"),
        [
            replace(c, speaker="Tomas Reyes") if c.speaker == "Ines Varga" else c
            for c in claims_of(other)
        ],
    )
    first = store.claims(limit=1)[0]
    store.record_review(first.id, action=Action.VERIFY, new_status=Status.VERIFIED, reviewer="A")
    return store


@pytest.mark.parametrize(
    "filters, mentions",
    [
        ({}, ["1,240", "40%", "30", "$3.5m"] * 2),
        ({"status": Status.VERIFIED}, ["1,240"]),
        ({"status": Status.PENDING, "source_id": 1}, ["40%", "30", "$3.5m"]),
        ({"source_id": 2}, ["1,240", "40%", "30", "$3.5m"]),
        # speaker: any part, any case
        ({"speaker": "varga"}, ["1,240", "40%"]),
        ({"speaker": "REYES", "kind": Kind.PERCENT}, ["40%"]),
        ({"kind": Kind.MONEY}, ["$3.5m", "$3.5m"]),
        # search: the sentence or the mention
        ({"search": "housing"}, ["$3.5m", "$3.5m"]),
        ({"search": "40%"}, ["40%", "30", "40%", "30"]),
        # a % or _ in the search is a character, not a wildcard
        ({"search": "4_%"}, []),
        ({"search": "brill"}, ["1,240"]),
        ({"limit": 3}, ["1,240", "40%", "30"]),
        ({"limit": 2, "offset": 3}, ["$3.5m", "1,240"]),
        ({"status": Status.DISPUTED}, []),
    ],
)
def test_claim_filters(
    two_articles: Store, filters: dict[str, object], mentions: list[str]
) -> None:
    found = two_articles.claims(**filters)  # type: ignore[arg-type]
    assert [s.claim.mention for s in found] == mentions
    assert [s.id for s in found] == sorted(s.id for s in found)
    counting = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
    if "limit" not in filters:
        assert two_articles.count_claims(**counting) == len(mentions)  # type: ignore[arg-type]


def test_sources_count_claims_by_status(two_articles: Store) -> None:
    assert [(s.id, s.title, s.counts) for s in two_articles.sources()] == [
        (1, "Harbour town counts new residents", {"pending": 3, "verified": 1}),
        (2, "Brill", {"pending": 4}),
    ]


def test_get_claims_keeps_the_order_asked_and_names_missing_ids(two_articles: Store) -> None:
    assert [c.id for c in two_articles.get_claims([5, 2, 7])] == [5, 2, 7]
    with pytest.raises(NotFoundError, match=r"^no claims with ids 99, 100 in .*factcheck claims"):
        two_articles.get_claims([1, 99, 100])
    with pytest.raises(NotFoundError, match=r"^no claim with id 42 in "):
        two_articles.get_claim(42)
    with pytest.raises(NotFoundError, match=r"^no source with id 9 in .*factcheck sources"):
        two_articles.get_source(9)


# ---------------------------------------------------------------- review


def test_a_review_bumps_the_version_and_appends_an_event(two_articles: Store) -> None:
    store = two_articles
    claim = store.get_claim(2)
    event = store.record_review(
        2,
        action=Action.DISPUTE,
        new_status=Status.DISPUTED,
        reviewer="Bea",
        note="the survey says 35%",
        evidence_url="https://survey.example/2024",
        expected_version=claim.version,
    )
    assert (event.old_status, event.new_status, event.action) == (
        Status.PENDING,
        Status.DISPUTED,
        Action.DISPUTE,
    )
    after = store.get_claim(2)
    assert (after.status, after.version) == (Status.DISPUTED, claim.version + 1)
    assert after.updated_at >= claim.updated_at
    assert store.history(2) == [event]
    # somebody decided on the old version: refused, nothing written
    with pytest.raises(
        ConflictError, match=r"claim 2 changed since you saw it \(version 1, now 2\)"
    ):
        store.record_review(
            2,
            action=Action.VERIFY,
            new_status=Status.VERIFIED,
            reviewer="Cy",
            expected_version=claim.version,
        )
    assert store.get_claim(2).status is Status.DISPUTED
    assert len(store.history(2)) == 1
    with pytest.raises(NotFoundError, match="no claim with id 404"):
        store.record_review(404, action=Action.NOTE, new_status=Status.PENDING, reviewer="Cy")
    with pytest.raises(NotFoundError):
        store.history(404)


def test_events_since(two_articles: Store) -> None:
    store = two_articles
    [first] = store.events()
    later = store.record_review(
        3, action=Action.NOTE, new_status=Status.PENDING, reviewer="Bea", note="ask the office"
    )
    assert store.events() == [first, later]
    assert store.events(since=later.created_at) == [later]
    assert store.events(since=datetime.now(UTC) + timedelta(minutes=1)) == []


# ---------------------------------------------------------------- references and lookups


def test_references_are_kept_once_per_claim_and_url(two_articles: Store) -> None:
    store = two_articles
    refs = store.add_references(1, ["https://a.example/1", " https://b.example/2 "], "Ana")
    assert [r.url for r in refs] == ["https://a.example/1", "https://b.example/2"]
    again = store.add_references(1, ["https://b.example/2", "https://c.example/3"], "Bea")
    assert [r.url for r in again] == ["https://b.example/2", "https://c.example/3"]
    assert again[0] == refs[1]  # the existing one, not a copy
    store.add_references(6, ["https://a.example/1"], None)
    assert [r.url for r in store.references(claim_id=1)] == [
        "https://a.example/1",
        "https://b.example/2",
        "https://c.example/3",
    ]
    assert [(r.claim_id, r.url) for r in store.references(source_id=2)] == [
        (6, "https://a.example/1")
    ]
    with pytest.raises(NotFoundError):
        store.add_references(404, ["https://a.example/1"], None)


def test_lookups_round_trip_newest_first(two_articles: Store) -> None:
    store = two_articles
    t0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    passage = Passage(
        text="Arrivals: 1,240 (2023)",
        hl_start=10,
        hl_end=15,
        found="1,240",
        value=1240.0,
        score=0.9,
    )
    first = store.record_lookup(
        LookupResult(
            claim_id=1,
            url="https://stats.example/t3",
            outcome=Outcome.MATCH,
            fetched_at=t0,
            final_url="https://stats.example/t3?lang=en",
            http_status=200,
            content_hash="abc",
            passages=(passage,),
        )
    )
    assert first.id is not None
    failed = store.record_lookup(
        LookupResult(
            claim_id=1,
            url="https://stats.example/t3",
            outcome=Outcome.ERROR,
            fetched_at=t0 + timedelta(days=1),
            error="timed out after 20s",
        )
    )
    other = store.record_lookup(
        LookupResult(claim_id=1, url="https://x.example", outcome=Outcome.NOT_FOUND, fetched_at=t0)
    )
    assert store.lookups(1) == [failed, other, first] or store.lookups(1) == [
        failed,
        first,
        other,
    ]
    assert store.lookups(1)[0] == failed
    assert store.latest_lookup(1, "https://stats.example/t3") == failed
    assert store.latest_lookup(1, "https://nowhere.example") is None
    assert next(lk for lk in store.lookups(1) if lk.id == first.id).passages == (passage,)
    assert store.lookups(2) == []


def test_the_url_hides_the_password() -> None:
    from factcheck.store.engine import masked

    assert masked("postgresql+psycopg://ana:s3cret@db.example/fc") == (
        "postgresql+psycopg://ana:***@db.example/fc"
    )
    assert not re.search("s3cret", masked("postgresql+psycopg://ana:s3cret@db.example/fc"))


def test_the_same_text_stored_meanwhile_by_another_process_is_unchanged(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.store.tracker as tracker
    import factcheck.store.writes as writes

    first = store.add_document(doc(), claims_of(TEXT))
    # the look-up misses once, as it does when the other writer commits just after it
    real = writes.SOURCE_BY_HASH
    blind = real.replace("WHERE", "WHERE 1 = 0 AND")
    looked: list[int] = []

    def lookup() -> str:
        looked.append(1)
        return blind if len(looked) == 1 else real

    original_add = writes.add_article

    def add(*args: object) -> object:
        monkeypatch.setattr(writes, "SOURCE_BY_HASH", lookup())
        return original_add(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(tracker, "add_article", add)
    again = store.add_document(doc(), claims_of(TEXT))
    assert (again.status, again.source.id) == ("unchanged", first.source.id)
    assert len(looked) == 2
    assert store.count_claims() == 4


@pytest.mark.parametrize(
    "url, origin, extra, canonical",
    [
        # the page names its own address, fetched elsewhere (tracking parameters)
        (
            "https://alder.example/news/1",
            "https://alder.example/news/1?utm_source=feed",
            {"final_url": "https://alder.example/news/1?utm_source=feed"},
            "https://alder.example/news/1",
        ),
        # read where it says it lives: nothing to add
        ("https://alder.example/news/1", "https://alder.example/news/1", {}, None),
        # a file with no URL
        (None, "articles/a.txt", {}, None),
    ],
)
def test_the_canonical_url_is_kept_when_it_differs(
    store: Store, url: str | None, origin: str, extra: dict[str, str], canonical: str | None
) -> None:
    import sqlalchemy as sa

    source = store.add_document(
        Document(text=TEXT, url=url, origin=origin, extra=extra), claims_of(TEXT)
    ).source
    with store._engine.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT canonical_url FROM source WHERE id = :i"), {"i": source.id}
        ).scalar_one()
    assert stored == canonical


def _variant(i: int) -> str:
    return TEXT.replace("last year", f"in {2000 + i}")


@pytest.mark.parametrize(
    "stored_first, batch, expected",
    [
        # all new
        ([], [("a.txt", 1), ("b.txt", 2), ("c.txt", 3)], ["ingested"] * 3),
        # the same text twice in one batch: the second is unchanged
        ([], [("a.txt", 1), ("b.txt", 1)], ["ingested", "unchanged"]),
        # one already stored
        ([("a.txt", 1)], [("b.txt", 2), ("z.txt", 1)], ["ingested", "unchanged"]),
        # a file changed since it was stored, beside a new one
        ([("a.txt", 1)], [("b.txt", 2), ("a.txt", 3)], ["ingested", "new_version"]),
        # one file twice in a batch, changed in between
        ([], [("a.txt", 1), ("a.txt", 2)], ["ingested", "new_version"]),
    ],
)
def test_a_batch_stores_what_one_by_one_would(
    store: Store,
    stored_first: list[tuple[str, int]],
    batch: list[tuple[str, int]],
    expected: list[str],
) -> None:
    for origin, i in stored_first:
        store.add_document(doc(_variant(i), origin=origin), claims_of(_variant(i)))
    results = store.add_documents(
        [(doc(_variant(i), origin=origin), claims_of(_variant(i))) for origin, i in batch]
    )
    assert [r.status for r in results] == expected
    for (_, i), result in zip(batch, results, strict=True):
        assert result.source.text == _variant(i)
        assert store.get_source(result.source.id) == result.source
        assert [c.claim for c in store.claims(source_id=result.source.id)] == claims_of(_variant(i))
    assert len(store.sources()) == len({i for _, i in stored_first + batch})


# ---------------------------------------------------------------- ingest without SQLAlchemy


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tracker's tables, times replaced by their order of appearance."""
    import sqlite3

    times: dict[str, str] = {}
    out = {}
    with sqlite3.connect(path) as con:
        for table in ("source", "claim", "review_event", "reference", "lookup"):
            rows = []
            for row in con.execute(f"SELECT * FROM {table} ORDER BY id"):
                rows.append(
                    tuple(
                        times.setdefault(v, f"t{len(times)}")
                        if isinstance(v, str) and re.fullmatch(r"\d{4}-.*\.\d{6}", v)
                        else v
                        for v in row
                    )
                )
            out[table] = rows
    return out


def test_the_sqlite_writer_stores_what_the_store_stores(tmp_path: Path) -> None:
    from factcheck.store.writes import SqliteWriter, open_writer

    def scenario(path: Path, writer: bool) -> list[tuple[str, int, int, int]]:
        Store.open(str(path)).close()
        with open_writer(str(path)) if writer else Store.open(str(path)) as ingest:
            assert isinstance(ingest, SqliteWriter) is writer
            results = [ingest.add_document(doc(origin="a.txt"), claims_of(TEXT))]
            with Store.open(str(path)) as store:
                store.record_review(
                    2, action=Action.VERIFY, new_status=Status.VERIFIED, reviewer="Ana"
                )
                store.add_references(2, ["https://stats.example/t3"], "Ana")
                store.record_lookup(
                    LookupResult(
                        claim_id=2,
                        url="https://stats.example/t3",
                        fetched_at=datetime(2024, 5, 1, tzinfo=UTC),
                        outcome=Outcome.MATCH,
                    )
                )
            changed = TEXT.replace("$3.5m", "$4m")
            results += [
                ingest.add_document(doc(origin="a.txt"), claims_of(TEXT)),
                ingest.add_document(doc(changed, origin="a.txt"), claims_of(changed, "$4m", 4e6)),
                ingest.add_document(
                    doc(_variant(5), url="https://alder.example/1"), claims_of(_variant(5))
                ),
            ]
        return [(r.status, r.source.id, r.claims_added, r.claims_kept) for r in results]

    by_store = scenario(tmp_path / "store.db", writer=False)
    by_writer = scenario(tmp_path / "writer.db", writer=True)
    assert (
        by_writer
        == by_store
        == [
            ("ingested", 1, 4, 0),
            ("unchanged", 1, 0, 0),
            ("new_version", 2, 1, 3),
            ("ingested", 3, 4, 0),
        ]
    )
    assert _dump(tmp_path / "writer.db") == _dump(tmp_path / "store.db")


def test_open_writer_has_the_store_create_or_migrate_a_sqlite_file_first(
    tmp_path: Path, db_url: str
) -> None:
    import shutil
    import sqlite3

    from factcheck.store.lite import SCHEMA_STEPS
    from factcheck.store.writes import SqliteWriter, open_writer

    def steps(path: Path) -> tuple[str, ...]:
        with sqlite3.connect(path) as con:
            return tuple(
                sorted(r[0] for r in con.execute("SELECT name FROM _factcheck_migrations"))
            )

    # a new file: created by the Store, written by the writer
    with open_writer(str(tmp_path / "new.db")) as new:
        assert isinstance(new, SqliteWriter)
        assert new.url == f"sqlite:///{tmp_path / 'new.db'}"
    assert steps(tmp_path / "new.db") == SCHEMA_STEPS
    # an older tracker: migrated first
    shutil.copy(
        Path(__file__).parents[1] / "fixtures" / "db" / "m001_initial.db", tmp_path / "old.db"
    )
    assert steps(tmp_path / "old.db") != SCHEMA_STEPS
    with open_writer(str(tmp_path / "old.db")) as old:
        assert isinstance(old, SqliteWriter)
    assert steps(tmp_path / "old.db") == SCHEMA_STEPS
    # not a tracker: the Store's error
    (tmp_path / "notes.db").write_bytes(b"not a database at all" * 10)
    with pytest.raises(StoreError, match="is not a SQLite database"):
        open_writer(str(tmp_path / "notes.db"))
    # any other database
    if not db_url.startswith("sqlite"):
        with open_writer(db_url) as other:
            assert isinstance(other, Store)


def test_ingesting_into_a_current_tracker_does_not_import_sqlalchemy(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    Store.open(str(folder / "t.db")).close()
    code = (
        "import sys\n"
        "from factcheck.cli import app\n"
        "try:\n"
        f"    app(['ingest', {str(folder / 'a.txt')!r}, '--db', {str(folder / 't.db')!r}])\n"
        "except SystemExit as done:\n"
        "    print(done.code, 'sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["0", "False"]
    with Store.open(str(folder / "t.db")) as store:
        assert [s.origin for s in store.sources()] == [str(folder / "a.txt")]
