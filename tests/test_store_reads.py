"""The read path: reads.py's SQL on both runners, and open_reader's choice of runner.

``open_reader`` serves the commands that only read. On an up-to-date SQLite file it
reads through sqlite3 (no SQLAlchemy import); in every other case it is
``Store.open``. Both must give the same answers, field for field.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from test_store import TEXT, claims_of, doc

from factcheck.errors import NotFoundError, StoreError
from factcheck.models import Action, Kind, LookupResult, Outcome, Passage, Status
from factcheck.store import Reads, Store, open_reader
from factcheck.store.lite import SCHEMA_STEPS, SqliteReads
from factcheck.store.reads import CLAIM_COLUMNS

ROOT = Path(__file__).resolve().parents[1]

# another article, and a corrected version of the first at its URL
OTHER = TEXT + "\nMore on this story to come.\n"
CORRECTED = TEXT.replace("Monday", "Tuesday")


def test_the_column_lists_follow_the_core_tables() -> None:
    from factcheck.store import columns
    from factcheck.store import reads as r

    for names, table in (
        (r.SOURCE_COLUMNS, columns.SOURCE),
        (r.CLAIM_COLUMNS, columns.CLAIM),
        (r.EVENT_COLUMNS, columns.EVENT),
        (r.REFERENCE_COLUMNS, columns.REFERENCE),
        (r.LOOKUP_COLUMNS, columns.LOOKUP),
    ):
        assert names == tuple(c.name for c in table.c), table.name


def test_the_schema_steps_are_the_migrations() -> None:
    from factcheck.store import migrations

    assert SCHEMA_STEPS == tuple(name for name, _ in migrations.MIGRATIONS)


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[Path]:
    """A SQLite tracker with two articles (one a new version), reviews, references, lookups."""
    path = tmp_path / "t.db"
    with Store.open(str(path)) as store:
        first = store.add_document(doc(url="https://alder.example/1"), claims_of(TEXT))
        ids = [c.id for c in store.claims(source_id=first.source.id)]
        store.record_review(
            ids[0], action=Action.VERIFY, new_status=Status.VERIFIED, reviewer="ana", note="ok"
        )
        store.record_review(
            ids[1], action=Action.DISPUTE, new_status=Status.DISPUTED, reviewer="ben", note="50%"
        )
        store.add_references(ids[1], ["https://stats.example/a", "https://stats.example/b"], "ana")
        store.record_lookup(
            LookupResult(
                claim_id=ids[1],
                url="https://stats.example/a",
                outcome=Outcome.CONFLICT,
                fetched_at=store.get_claim(ids[1]).created_at,
                passages=(
                    Passage(
                        text="about 50% of them",
                        found="50%",
                        value=50.0,
                        score=3.0,
                        hl_start=6,
                        hl_end=9,
                    ),
                ),
            )
        )
        store.add_document(doc(OTHER, url="https://other.example/2"), claims_of(OTHER))
        new = store.add_document(
            doc(CORRECTED, url="https://alder.example/1"), claims_of(CORRECTED)
        )
        assert new.status == "new_version"
    yield path


# every read, with arguments that reach each branch of its SQL
READS: list[tuple[str, Callable[[Reads], Any]]] = [
    ("sources", lambda s: s.sources()),
    ("get_source", lambda s: s.get_source(1)),
    ("next_version", lambda s: s.next_version(1)),
    ("counts of one", lambda s: s.counts([2])),
    ("get_claims in the order asked", lambda s: s.get_claims([3, 1, 2])),
    ("claims", lambda s: s.claims()),
    ("claims by status", lambda s: s.claims(status=Status.DISPUTED)),
    ("claims by kind", lambda s: s.claims(kind=Kind.PERCENT)),
    ("claims by speaker", lambda s: s.claims(speaker="VARGA")),
    ("claims by search", lambda s: s.claims(search="council")),
    ("a search for a wildcard is literal", lambda s: s.claims(search="4_%")),
    ("claims of a source", lambda s: s.claims(source_id=2)),
    ("a page", lambda s: s.claims(limit=2, offset=1)),
    ("an offset alone", lambda s: s.claims(offset=3)),
    ("count", lambda s: s.count_claims()),
    ("count pending", lambda s: s.count_claims(status=Status.PENDING)),
    ("history", lambda s: s.history(2)),
    ("history of an undecided claim", lambda s: s.history(3)),
    ("references of a claim", lambda s: s.references(claim_id=2)),
    ("references of a source", lambda s: s.references(source_id=1)),
    ("lookups", lambda s: s.lookups(2)),
]


@pytest.mark.parametrize("name,read", READS, ids=[name for name, _ in READS])
def test_sqlite3_and_sqlalchemy_read_the_same(
    filled: Path, name: str, read: Callable[[Reads], Any]
) -> None:
    with open_reader(str(filled)) as lite, Store.open(str(filled)) as full:
        assert isinstance(lite, SqliteReads)
        assert read(lite) == read(full)


def test_the_reads_find_what_was_stored(filled: Path) -> None:
    with open_reader(str(filled)) as store:
        assert [s.counts for s in store.sources()] == [
            {"verified": 1, "disputed": 1, "pending": 2},
            {"pending": 4},
            # the first claim's sentence changed: it starts again as pending
            {"disputed": 1, "pending": 3},
        ]
        assert store.next_version(1) == 3
        # the replaced version's claims are left out of listings unless asked for
        assert {c.source_id for c in store.claims()} == {2, 3}
        assert store.count_claims() == 8
        assert [c.claim.mention for c in store.claims(search="4_%")] == []
        assert [c.claim.speaker for c in store.claims(speaker="varga")] == ["Ines Varga"] * 4
        assert [c.claim.mention for c in store.claims(search="$3.5M")] == ["$3.5m"] * 2
        assert [e.note for e in store.history(2)] == ["50%"]
        assert store.lookups(2)[0].passages[0].found == "50%"
        assert store.get_claim(1).created_at.tzinfo is not None


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda s: s.get_claim(99), "no claim with id 99 in sqlite:///"),
        (lambda s: s.get_claims([1, 98, 99]), "no claims with ids 98, 99 in sqlite:///"),
        (lambda s: s.history(99), "no claim with id 99 in sqlite:///"),
        (lambda s: s.get_source(7), "no source with id 7 in sqlite:///"),
    ],
)
def test_unknown_ids_are_named(filled: Path, call: Callable[[Reads], Any], message: str) -> None:
    with open_reader(str(filled)) as store, pytest.raises(NotFoundError, match=message):
        call(store)


def test_a_reader_cannot_write(filled: Path) -> None:
    with open_reader(str(filled)) as store:
        assert isinstance(store, SqliteReads)
        with pytest.raises(StoreError, match="cannot use sqlite:///.*readonly|read-only"):
            store.rows("DELETE FROM claim")
    with open_reader(str(filled)) as store:
        assert store.count_claims(superseded=True) == 12


def test_reading_a_tracker_does_not_import_sqlalchemy(filled: Path) -> None:
    code = (
        "import sys\n"
        "from factcheck.store import open_reader\n"
        f"with open_reader({str(filled)!r}) as s:\n"
        "    s.get_claim(1); s.history(1); s.claims(limit=5); s.sources()\n"
        "print(type(s).__name__, 'sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == ["SqliteReads", "False"]


def test_an_older_tracker_is_migrated_by_the_full_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(ROOT / "fixtures" / "db" / "m001_initial.db", path)
    with open_reader(str(path)) as store:
        assert isinstance(store, Store)
        kept = store.count_claims(superseded=True)
    with open_reader(str(path)) as store:
        assert isinstance(store, SqliteReads)
        assert store.count_claims(superseded=True) == kept > 0


def test_a_tracker_from_a_newer_release_is_refused(filled: Path) -> None:
    with sqlite3.connect(filled) as con:
        con.execute(
            "INSERT INTO _factcheck_migrations (name, applied_at) "
            "VALUES ('m999_future', '2030-01-01 00:00:00')"
        )
    with pytest.raises(StoreError, match="made by a newer factcheck"):
        open_reader(str(filled))


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda p: None, r"no tracker at .*missing\.db; run 'factcheck ingest FILE'"),
        (lambda p: p.write_bytes(b"\x00\x01 not sqlite " * 100), "is not a SQLite database"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE notes (x)").connection.commit(),
            "is a database but not a factcheck tracker",
        ),
    ],
    ids=["missing", "not sqlite", "another database"],
)
def test_what_is_not_a_tracker_gets_one_line(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    path = tmp_path / "missing.db"
    make(path)
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(StoreError, match=message):
        open_reader(str(path))
    assert (path.read_bytes() if path.exists() else None) == before


def test_claims_written_by_sqlite3_keep_sqlalchemys_time_text(tmp_path: Path) -> None:
    # a batch of new articles goes to sqlite3's executemany; the source rows of the
    # same batch, with the same time, go through SQLAlchemy: the texts must agree
    from factcheck.store.tracker import _claim_row

    path = tmp_path / "t.db"
    with Store.open(str(path)) as store:
        store.add_documents([(doc(), claims_of(TEXT)), (doc(OTHER), claims_of(OTHER))])
        assert list(_claim_row(1, claims_of(TEXT)[0], datetime.now(UTC))) == list(CLAIM_COLUMNS[1:])
    with sqlite3.connect(path) as con:
        ingested = {r[0] for r in con.execute("SELECT ingested_at FROM source")}
        created = {r[0] for r in con.execute("SELECT created_at FROM claim")}
        updated = {r[0] for r in con.execute("SELECT updated_at FROM claim")}
        quotes = {r[0] for r in con.execute("SELECT quote FROM claim")}
    assert len(ingested) == 1
    assert created == updated == ingested
    assert quotes == {0, 1}


def test_the_review_tracker_reads_light_and_writes_through_the_store(filled: Path) -> None:
    from factcheck.errors import ConflictError
    from factcheck.store.lite import ReviewTracker, open_reviewer

    with open_reviewer(str(filled)) as store:
        assert isinstance(store, ReviewTracker)
        claim = store.get_claim(4)
        store.prepare_writes()
        event = store.record_review(
            4,
            action=Action.VERIFY,
            new_status=Status.VERIFIED,
            reviewer="ana",
            expected_version=claim.version,
        )
        # the sqlite3 reader sees the decision the Store committed
        assert store.get_claim(4).status is Status.VERIFIED
        assert store.history(4) == [event]
        with pytest.raises(ConflictError, match="claim 4 changed since you saw it"):
            store.record_review(
                4,
                action=Action.DISPUTE,
                new_status=Status.DISPUTED,
                reviewer="ben",
                note="stale",
                expected_version=claim.version,
            )


def test_the_review_tracker_on_postgresql_is_the_store(db_url: str) -> None:
    from factcheck.store.lite import open_reviewer

    Store.open(db_url).close()
    with open_reviewer(db_url) as store:
        assert isinstance(store, Store) == db_url.startswith("postgresql")
