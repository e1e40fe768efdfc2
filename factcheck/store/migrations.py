"""Schema versions: ordered, frozen steps, each recorded in ``_factcheck_migrations``.

Rules (see ../shared/STYLE.md): a step is appended at the end, never renamed or
edited once committed, never imports ``tables.py`` (it is a snapshot of the
schema at its time, and the tables will move on), and declares tables with
SQLAlchemy Core so SQLite and PostgreSQL both work. ``Store.open()`` runs the
pending steps; ``tests/test_store_migrations.py`` checks that the result equals
the SQLModel tables.

Each step runs in one transaction with the row recording it (SQLite and
PostgreSQL both have transactional DDL), so a crash mid-step leaves the
tracker at the step before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from factcheck.errors import SchemaError, StoreError

Step = Callable[[Connection], None]

MIGRATIONS_TABLE = "_factcheck_migrations"
MIGRATIONS: list[tuple[str, Step]] = []

# any number; PostgreSQL advisory lock so two processes opening a new tracker
# at once do not both create its tables
_PG_LOCK_ID = 7_041_964


def migration(step: Step) -> Step:
    """Register a step; its function name (m001_...) is its permanent id."""
    name = step.__name__
    if MIGRATIONS and name <= MIGRATIONS[-1][0]:
        raise RuntimeError(f"migration {name} must sort after {MIGRATIONS[-1][0]}")
    MIGRATIONS.append((name, step))
    return step


# ---------------------------------------------------------------- the steps


@migration
def m001_initial(conn: Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "source",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String, nullable=True),
        sa.Column("canonical_url", sa.String, nullable=True),
        sa.Column("title", sa.String, nullable=True),
        sa.Column("publisher", sa.String, nullable=True),
        sa.Column("author", sa.String, nullable=True),
        sa.Column("published", sa.String, nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String, nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("format", sa.String, nullable=False),
        sa.Column("origin", sa.String, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("previous_id", sa.Integer, sa.ForeignKey("source.id"), nullable=True),
    )
    sa.Table(
        "claim",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("source.id"), nullable=False),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("mention", sa.String, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("value_high", sa.Float, nullable=True),
        sa.Column("qualifier", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("unit", sa.String, nullable=True),
        sa.Column("qualifier_text", sa.String, nullable=True),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("speaker", sa.String, nullable=True),
        sa.Column("speaker_role", sa.String, nullable=True),
        sa.Column("quote", sa.Boolean, nullable=False),
        sa.Column("cue", sa.String, nullable=True),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_claim_source_id", "source_id"),
        sa.Index("ix_claim_status", "status"),
        sa.Index("ix_claim_speaker", "speaker"),
        sa.Index("ix_claim_kind", "kind"),
        sa.Index("ix_claim_unit", "unit"),
    )
    sa.Table(
        "review_event",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claim.id"), nullable=False),
        sa.Column("reviewer", sa.String, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("old_status", sa.String, nullable=False),
        sa.Column("new_status", sa.String, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("evidence_url", sa.String, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_review_event_claim_id", "claim_id"),
    )
    sa.Table(
        "reference",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claim.id"), nullable=False),
        sa.Column("url", sa.String, nullable=False),
        sa.Column("added_by", sa.String, nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("claim_id", "url", name="uq_reference_claim_id_url"),
        sa.Index("ix_reference_claim_id", "claim_id"),
    )
    sa.Table(
        "lookup",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claim.id"), nullable=False),
        sa.Column("url", sa.String, nullable=False),
        sa.Column("final_url", sa.String, nullable=True),
        sa.Column("http_status", sa.Integer, nullable=True),
        sa.Column("content_hash", sa.String, nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("passages", sa.Text, nullable=False),
        sa.Index("ix_lookup_claim_id", "claim_id"),
    )
    md.create_all(conn)


@migration
def m002_version_and_order_indexes(conn: Connection) -> None:
    # a changed article is matched to its earlier version by URL, or by path for
    # files; `show` and new versions read a source's claims in text order;
    # reports ask for review events since a date
    md = sa.MetaData()
    source = sa.Table("source", md, sa.Column("url"), sa.Column("origin"))
    claim = sa.Table("claim", md, sa.Column("source_id"), sa.Column("char_start"))
    event = sa.Table("review_event", md, sa.Column("created_at"))
    for index in (
        sa.Index("ix_source_url", source.c.url),
        sa.Index("ix_source_origin", source.c.origin),
        sa.Index("ix_claim_source_id_char_start", claim.c.source_id, claim.c.char_start),
        sa.Index("ix_review_event_created_at", event.c.created_at),
    ):
        index.create(conn)


@migration
def m003_matching_and_version_indexes(conn: Connection) -> None:
    # matching claims across sources asks for the same kind and unit with a value
    # in a range (halves next-claim p95 in the review queue on 100,000 claims);
    # listings hide superseded versions by looking up previous_id
    md = sa.MetaData()
    source = sa.Table("source", md, sa.Column("previous_id"))
    claim = sa.Table("claim", md, sa.Column("kind"), sa.Column("unit"), sa.Column("value"))
    for index in (
        sa.Index("ix_claim_kind_unit_value", claim.c.kind, claim.c.unit, claim.c.value),
        sa.Index("ix_source_previous_id", source.c.previous_id),
    ):
        index.create(conn)


# ---------------------------------------------------------------- the runner

_md = sa.MetaData()
_applied = sa.Table(
    MIGRATIONS_TABLE,
    _md,
    sa.Column("name", sa.String, primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)


def applied(conn: Connection) -> list[str]:
    """Return the names of the steps already applied, in order."""
    rows = conn.execute(sa.select(_applied.c.name).order_by(_applied.c.name))
    return [r[0] for r in rows]


def check(conn: Connection, where: str) -> list[str]:
    """Return the pending step names; refuse a non-tracker or a tracker from a newer release."""
    try:
        # the usual case, a tracker: one query, and no reflection module to import
        with conn.begin_nested():
            done = applied(conn)
    except sa.exc.ProgrammingError:
        done = None
    except sa.exc.OperationalError as err:
        if "no such table" not in str(err.orig):
            raise
        done = None
    if done is None:
        tables = set(sa.inspect(conn).get_table_names())
        if tables - {MIGRATIONS_TABLE}:
            shown = ", ".join(sorted(tables)[:5])
            raise StoreError(
                f"{where} is a database but not a factcheck tracker (it has tables {shown} "
                f"and no {MIGRATIONS_TABLE}); give another --db"
            )
        return [name for name, _ in MIGRATIONS]
    known = {name for name, _ in MIGRATIONS}
    unknown = [name for name in done if name not in known]
    if unknown:
        raise SchemaError(
            f"{where} was made by a newer factcheck (schema step {unknown[-1]} is unknown "
            f"to this release); upgrade factcheck to open it"
        )
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(engine: Engine, where: str, upto: str | None = None) -> list[str]:
    """Apply the pending steps (up to and including ``upto``) and return their names."""
    with engine.connect() as conn:
        pending = check(conn, where)
    if upto is not None:
        pending = [name for name in pending if name <= upto]
    if not pending:
        return []
    done: list[str] = []
    steps = dict(MIGRATIONS)
    # one transaction per step; re-checked under the write lock because another
    # process may have migrated between the check and the lock
    for name in pending:
        with engine.connect().execution_options(factcheck_write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_ID})
            _applied.create(conn, checkfirst=True)
            if name not in check(conn, where):
                continue
            steps[name](conn)
            conn.execute(_applied.insert().values(name=name, applied_at=datetime.now(UTC)))
            done.append(name)
    return done
