"""Schema versions: the migrated schema equals the tables, old trackers open, newer ones refuse."""

from __future__ import annotations

import hashlib
import inspect
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pg import tracker_url

from factcheck.errors import SchemaError, StoreError
from factcheck.models import Action, Status
from factcheck.store import Store, migrations
from factcheck.store.engine import make_engine

FIRST_SCHEMA_DB = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "m001_initial.db"


def schema(url: str) -> dict[str, Any]:
    """Return tables, columns, indexes, unique constraints and foreign keys, comparable."""
    engine = sa.create_engine(url)
    try:
        insp = sa.inspect(engine)
        out: dict[str, Any] = {}
        for table in sorted(set(insp.get_table_names()) - {migrations.MIGRATIONS_TABLE}):
            out[table] = {
                "columns": sorted(
                    (
                        c["name"],
                        type(c["type"]).__name__,
                        getattr(c["type"], "timezone", None),
                        c["nullable"],
                    )
                    for c in insp.get_columns(table)
                ),
                "pk": insp.get_pk_constraint(table)["constrained_columns"],
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(table)
                ),
                "unique": sorted(
                    tuple(u["column_names"]) for u in insp.get_unique_constraints(table)
                ),
                "fks": sorted(
                    (
                        tuple(f["constrained_columns"]),
                        f["referred_table"],
                        tuple(f["referred_columns"]),
                    )
                    for f in insp.get_foreign_keys(table)
                ),
            }
        return out
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def two_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        tracker_url(request.param, tmp_path / "a") as a,
        tracker_url(request.param, tmp_path / "b") as b,
    ):
        yield a, b


def test_the_migrated_schema_is_the_tables_schema(two_urls: tuple[str, str]) -> None:
    from sqlmodel import SQLModel

    import factcheck.store.tables  # noqa: F401  (registers the tables)

    migrated, created = two_urls
    Store.open(migrated).close()
    engine = sa.create_engine(created)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    expected = schema(created)
    assert set(expected) == {"source", "claim", "review_event", "reference", "lookup"}
    assert schema(migrated) == expected


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name != ? ORDER BY name",
                (migrations.MIGRATIONS_TABLE,),
            )
        ]
        out = {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY id').fetchall() for t in tables}
    conn.close()
    return out


def test_a_tracker_of_the_first_schema_opens_with_nothing_lost(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIRST_SCHEMA_DB, path)
    before = _rows(path)
    assert all(before[t] for t in ("source", "claim", "review_event", "reference", "lookup"))
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM _factcheck_migrations")] == [
            "m001_initial"
        ]
    conn.close()

    with Store.open(str(path)) as store:
        assert _rows(path) == before
        # and the facade reads the old rows
        raw_claims = {r[0]: r for r in before["claim"]}
        for claim in store.claims():
            assert claim.claim.mention == raw_claims[claim.id][4]
            assert claim.status.value == raw_claims[claim.id][18]
        [source] = store.sources()
        assert source.text[store.get_claim(1).claim.start :].startswith(raw_claims[1][4])
        assert [e.note for e in store.history(1)] == [before["review_event"][0][6]]
        assert store.lookups(1)[0].passages[0].found == "2,104,000"
        assert [r.url for r in store.references(1)] == [before["reference"][0][2]]
        # and works on: a review, an ingest
        store.record_review(
            3, action=Action.VERIFY, new_status=Status.VERIFIED, reviewer="Bo", expected_version=1
        )
        assert store.get_claim(3).version == 2
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM _factcheck_migrations ORDER BY 1")]
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    conn.close()
    assert names == [name for name, _ in migrations.MIGRATIONS]
    assert {"ix_source_url", "ix_claim_source_id_char_start"} <= indexes


def test_opening_again_applies_nothing(db_url: str) -> None:
    Store.open(db_url).close()
    engine = make_engine(db_url)
    try:
        assert migrations.migrate(engine, "test") == []
    finally:
        engine.dispose()


def test_a_tracker_from_a_newer_release_is_refused(db_url: str) -> None:
    Store.open(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f"INSERT INTO {migrations.MIGRATIONS_TABLE} (name, applied_at) "
                "VALUES ('m900_future_column', CURRENT_TIMESTAMP)"
            )
        )
    engine.dispose()
    with pytest.raises(
        SchemaError, match=r"made by a newer factcheck .*m900_future_column.*upgrade"
    ):
        Store.open(db_url)


def test_a_failing_step_leaves_the_schema_as_it_was(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_url).close()

    def m999_half_done(conn: sa.Connection) -> None:
        conn.execute(sa.text("CREATE TABLE half_done (id INTEGER PRIMARY KEY)"))
        conn.execute(sa.text("ALTER TABLE claim ADD COLUMN half_column VARCHAR"))
        raise RuntimeError("disk gone")

    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("m999", m999_half_done)]
    )
    with pytest.raises(RuntimeError, match="disk gone"):
        Store.open(db_url)
    monkeypatch.undo()
    engine = sa.create_engine(db_url)
    insp = sa.inspect(engine)
    assert "half_done" not in insp.get_table_names()
    assert "half_column" not in {c["name"] for c in insp.get_columns("claim")}
    engine.dispose()
    Store.open(db_url).close()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"Ferry line carries 2.1 million passengers\n" * 100, "is not a SQLite database"),
        (b"\x00\x01binary" * 500, "is not a SQLite database"),
    ],
)
def test_a_file_that_is_not_a_database(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        Store.open(str(path))
    assert path.read_bytes() == content


def test_a_database_that_is_not_a_tracker(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.close()
    with pytest.raises(
        StoreError, match=r"is a database but not a factcheck tracker \(it has tables invoices"
    ):
        Store.open(str(path))


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open .*check that its folder exists"):
        Store.open(str(tmp_path / "nowhere" / "t.db"))


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql+nosuchdriver://x/y", "unknown database type"),
        ("http://[bad", "not a database URL|unknown database type"),
        # nothing listens on port 1: refused at once, no network beyond 127.0.0.1
        (
            "postgresql+psycopg://ana:s3cret@127.0.0.1:1/test",
            r"^cannot use postgresql\+psycopg://ana:\*\*\*@127.0.0.1:1/test: .*refused",
        ),
    ],
)
def test_unusable_urls(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        Store.open(url)


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "t.db")) as store:
        engine = store._engine
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_a_locked_tracker_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.models import Document
    from factcheck.store import where as engine_module

    path = tmp_path / "t.db"
    Store.open(str(path)).close()
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another terminal in the middle of a write
    try:
        with Store.open(str(path)) as store:
            # reading goes on beside the writer (WAL)
            assert store.sources() == []
            with pytest.raises(StoreError, match=r"is locked by another command .*try again"):
                store.add_document(Document(text="Ferry fares rose 4%."), [])
    finally:
        other.execute("ROLLBACK")
        other.close()


# Once committed, a step is frozen: a tracker out there has run it as it was.
# Add a new step instead of editing one; this pins what each one is.
FROZEN = {
    "m001_initial": "58a44dabd5bcbb15",
    "m002_version_and_order_indexes": "b918086b71c7fb7f",
    "m003_matching_and_version_indexes": "7345d607469981bb",
}


def test_committed_steps_are_never_edited() -> None:
    names = [name for name, _ in migrations.MIGRATIONS]
    assert names == sorted(names) and len(set(names)) == len(names)
    assert names[: len(FROZEN)] == list(FROZEN)
    for name, step in migrations.MIGRATIONS:
        if name in FROZEN:
            digest = hashlib.sha256(inspect.getsource(step).encode()).hexdigest()[:16]
            assert digest == FROZEN[name], f"{name} was edited; add a new step instead"


def test_the_query_columns_are_the_tables_columns() -> None:
    from sqlmodel import SQLModel

    import factcheck.store.tables  # noqa: F401  (registers the tables)
    from factcheck.store import columns

    for light in columns.ALL:
        declared = SQLModel.metadata.tables[light.name]

        def family(column: sa.Column[Any]) -> tuple[str, bool]:
            kind = column.type
            if isinstance(kind, sa.TypeDecorator):  # SQLModel's AutoString, UTCDateTime
                kind = kind.impl_instance
            return kind.python_type.__name__, bool(getattr(kind, "timezone", False))

        assert {c.name: family(c) for c in light.c} == {c.name: family(c) for c in declared.c}, (
            light.name
        )


def test_two_writers_on_one_sqlite_tracker_both_get_through(tmp_path: Path) -> None:
    import threading

    from factcheck.models import Claim, Document

    path = str(tmp_path / "shared.db")
    Store.open(path).close()
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            with Store.open(path) as store:
                for i in range(40):
                    text = f"{name} report {i}: turnout rose to {i + 40}% on Sunday."
                    at = text.index(f"{i + 40}%")
                    claim = Claim(
                        start=at,
                        end=at + len(f"{i + 40}%"),
                        mention=f"{i + 40}%",
                        value=float(i + 40),
                        sentence=text,
                    )
                    store.add_document(Document(text=text, origin=f"{name}-{i}.txt"), [claim])
        except BaseException as exc:  # noqa: BLE001  (reported by the main thread)
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in ("north", "south")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store.open(path) as store:
        assert len(store.sources()) == 80
        assert store.count_claims() == 80


def test_opening_without_migrating_refuses_an_old_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(FIRST_SCHEMA_DB, path)
    with pytest.raises(SchemaError, match="needs schema steps m002_version_and_order_indexes"):
        Store.open(str(path), migrate=False)
    Store.open(str(path)).close()
    Store.open(str(path), migrate=False).close()
