"""The report from a real tracker: build_report over the Store, and `factcheck report`."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import InputError, NotFoundError
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
from factcheck.report import Filters, build_report, parse_since, parse_statuses, render
from factcheck.report.data import ClaimEntry
from factcheck.store import Store

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"

# Three short articles written for these tests (invented outlets, people and figures).
HARBOUR = (
    "Dockworkers walk out at Port Selwyn\n\n"
    "More than 1,600 dockworkers walked out on Monday, the Dockers Union said. "
    '"Wages rose only 2.5% last year," said Ana Silva, the union\'s treasurer. '
    "The port handled 4.2 million containers in 2025."
)
VALLEY = (
    "Strike halts Port Selwyn\n\n"
    "Some 1,600 dockworkers walked out at Port Selwyn on Monday. "
    "Port director Karl Brandt said the strike would cost 3 million euros a day."
)
HOSTILE = (
    "Council vote\n\n"
    f"Officials said {FORMULA} and {SCRIPT} were found in 12 of the 40 council files."
)


def _claims(text: str, specs: list[tuple[str, str, float, dict[str, object]]]) -> list[Claim]:
    """Claims by (sentence start words, mention, value, fields), offsets found in the text."""
    out = []
    for opening, mention, value, fields in specs:
        s_start = text.index(opening)
        ends = [text.find(p, s_start) for p in (". ", '." ', ".\n")] + [len(text) - 1]
        s_end = min(e for e in ends if e >= 0) + 1
        start = text.index(mention, s_start)
        out.append(
            Claim(
                start=start,
                end=start + len(mention),
                mention=mention,
                value=value,
                sentence=text[s_start:s_end],
                sentence_start=s_start,
                sentence_end=s_end,
                **fields,  # type: ignore[arg-type]
            )
        )
    return out


@dataclass
class Tracker:
    url: str
    ids: dict[str, int]  # claim name -> id


BASE = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _fix_times(url: str) -> None:
    """Give every stored timestamp a fixed value so the golden files do not change."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE source SET ingested_at = :t"), {"t": BASE})
        conn.execute(sa.text("UPDATE claim SET created_at = :t"), {"t": BASE})
        conn.execute(sa.text("UPDATE reference SET added_at = :t"), {"t": BASE})
        events = conn.execute(sa.text("SELECT id, claim_id FROM review_event ORDER BY id")).all()
        for n, (event_id, claim_id) in enumerate(events, 1):
            at = BASE + timedelta(days=1, hours=n)
            conn.execute(
                sa.text("UPDATE review_event SET created_at = :t WHERE id = :i"),
                {"t": at, "i": event_id},
            )
            conn.execute(
                sa.text("UPDATE claim SET updated_at = :t WHERE id = :i"), {"t": at, "i": claim_id}
            )
        conn.execute(
            sa.text(
                "UPDATE claim SET updated_at = created_at "
                "WHERE id NOT IN (SELECT claim_id FROM review_event)"
            )
        )
    engine.dispose()


def make_tracker(path: Path) -> Tracker:
    """Build the fixture tracker in a SQLite file."""
    return make_tracker_at(f"sqlite:///{path}")


def make_tracker_at(url: str) -> Tracker:
    """Build the fixture tracker: three sources, every status, notes, evidence, a lookup."""
    ids: dict[str, int] = {}
    with Store.open(url) as store:
        docs = [
            (
                Document(
                    text=HARBOUR,
                    title="Dockworkers walk out at Port Selwyn",
                    publisher="The Harbour Gazette",
                    author="Lena Ortiz",
                    published="2026-10-30",
                    url="https://harbour-gazette.example/strike",
                ),
                [
                    (
                        "walkout",
                        "More than 1,600",
                        "1,600",
                        1600.0,
                        {
                            "qualifier": Qualifier.LOWER_BOUND,
                            "qualifier_text": "More than",
                            "unit": "dockworkers",
                            "speaker": "Dockers Union",
                        },
                    ),
                    (
                        "wages",
                        '"Wages rose',
                        "2.5%",
                        2.5,
                        {
                            "kind": Kind.PERCENT,
                            "unit": "%",
                            "speaker": "Ana Silva",
                            "speaker_role": "the union's treasurer",
                            "quote": True,
                        },
                    ),
                    (
                        "containers",
                        "The port handled",
                        "4.2 million",
                        4.2e6,
                        {"unit": "containers"},
                    ),
                ],
            ),
            (
                Document(
                    text=VALLEY,
                    title="Strike halts Port Selwyn",
                    publisher="Valley Post",
                    published="2026-10-31",
                    url="https://valley-post.example/news/port",
                ),
                [
                    (
                        "valley_walkout",
                        "Some 1,600",
                        "1,600",
                        1600.0,
                        {"qualifier": Qualifier.APPROXIMATELY, "unit": "dockworkers"},
                    ),
                    (
                        "cost",
                        "Port director",
                        "3 million",
                        3e6,
                        {
                            "kind": Kind.MONEY,
                            "unit": "EUR",
                            "speaker": "Karl Brandt",
                            "speaker_role": "Port director",
                        },
                    ),
                ],
            ),
            (
                Document(text=HOSTILE, title=f"Council {SCRIPT}", origin="council.txt"),
                [("files", "Officials said", "12", 12.0, {"unit": "files"})],
            ),
        ]
        for doc, specs in docs:
            claims = _claims(doc.text, [(o, m, v, f) for _, o, m, v, f in specs])
            result = store.add_document(doc, claims)
            stored = store.claims(source_id=result.source.id)
            for (name, *_), claim in zip(specs, stored, strict=True):
                ids[name] = claim.id
        store.record_review(
            ids["walkout"],
            action=Action.DISPUTE,
            new_status=Status.DISPUTED,
            reviewer="Amira Haddad",
            note="Port authority counted 1,400 strikers",
            evidence_url="https://port-selwyn.example/notice?id=7&lang=en",
        )
        store.record_review(
            ids["wages"], action=Action.VERIFY, new_status=Status.VERIFIED, reviewer="Jonas Berg"
        )
        store.record_review(
            ids["wages"],
            action=Action.NOTE,
            new_status=Status.VERIFIED,
            reviewer="Amira Haddad",
            note="Pay deal of 2025 confirms 2.5%",
        )
        store.record_review(
            ids["valley_walkout"],
            action=Action.VERIFY,
            new_status=Status.VERIFIED,
            reviewer="Jonas Berg",
            note=f"{FORMULA} {SCRIPT}",
        )
        store.record_review(
            ids["cost"], action=Action.VERIFY, new_status=Status.VERIFIED, reviewer="Jonas Berg"
        )
        store.record_review(
            ids["cost"],
            action=Action.REOPEN,
            new_status=Status.PENDING,
            reviewer="Amira Haddad",
            note="Figure is per week, not per day",
        )
        store.add_references(ids["walkout"], ["https://port-selwyn.example/notice"], "Amira Haddad")
        text = "The port authority counted 1,400 strikers at the gates on Monday."
        store.record_lookup(
            LookupResult(
                claim_id=ids["walkout"],
                url="https://port-selwyn.example/notice",
                outcome=Outcome.CONFLICT,
                fetched_at=datetime(2026, 11, 3, 10, 0, tzinfo=UTC),
                final_url="https://port-selwyn.example/notice.html",
                http_status=200,
                passages=(
                    Passage(text[:20], 0, 3, "The", None, 0.1),
                    Passage(text, 27, 32, "1,400", 1400.0, 0.8),
                ),
            )
        )
    _fix_times(url)
    return Tracker(url, ids)


@pytest.fixture
def tracker(tmp_path: Path) -> Iterator[Tracker]:
    yield make_tracker(tmp_path / "report.db")


NOW = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)


def _build(tracker: Tracker, filters: Filters | None = None) -> object:
    with Store.open(tracker.url) as store:
        return build_report(store, filters, now=NOW, report_url="https://checks.example/r.html")


# --- golden files through the command -------------------------------------

EXT = {"markdown": "md", "html": "html", "json": "json", "csv": "csv", "claimreview": "jsonld"}


def _normalise(text: str) -> str:
    # the one time the report takes from the clock: when it was generated
    import re

    text = re.sub(r"Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", "Generated <now> UTC", text)
    return re.sub(r'"generated_at": "[^"]+"', '"generated_at": "<now>"', text)


@pytest.mark.parametrize("fmt", list(EXT))
def test_report_command_golden(fmt: str, tracker: Tracker, runner: CliRunner, golden) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app,
        [
            "report",
            "--format",
            fmt,
            "--db",
            tracker.url,
            "--report-url",
            "https://checks.example/r.html",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(f"report.{EXT[fmt]}", _normalise(result.stdout))


# --- what build_report gathers --------------------------------------------


def test_claims_are_ordered_disputed_verified_pending(tracker: Tracker) -> None:
    data = _build(tracker)
    harbour = data.sources[0]  # type: ignore[attr-defined]
    assert [(c.id, c.status) for c in harbour.claims] == [
        (tracker.ids["walkout"], Status.DISPUTED),
        (tracker.ids["wages"], Status.VERIFIED),
        (tracker.ids["containers"], Status.PENDING),
    ]


def test_claim_entry_has_reviewer_note_evidence_and_best_passage(tracker: Tracker) -> None:
    data = _build(tracker)
    claims = {c.id: c for s in data.sources for c in s.claims}  # type: ignore[attr-defined]
    walkout = claims[tracker.ids["walkout"]]
    assert (walkout.reviewer, walkout.note) == (
        "Amira Haddad",
        "Port authority counted 1,400 strikers",
    )
    assert walkout.evidence_urls == ("https://port-selwyn.example/notice?id=7&lang=en",)
    assert walkout.references == ("https://port-selwyn.example/notice",)
    assert walkout.highlighted == "1,600"
    (lookup,) = walkout.lookups
    assert lookup.outcome == Outcome.CONFLICT and lookup.passage is not None
    assert lookup.passage.found == "1,400"  # the best-scored passage
    wages = claims[tracker.ids["wages"]]
    # the verdict's reviewer, and the latest note (from somebody else)
    assert (wages.reviewer, wages.note) == ("Jonas Berg", "Pay deal of 2025 confirms 2.5%")
    cost = claims[tracker.ids["cost"]]
    assert (cost.status, cost.reviewer, cost.note) == (
        Status.PENDING,
        None,
        "Figure is per week, not per day",
    )


def test_summary_over_the_tracker(tracker: Tracker) -> None:
    summary = _build(tracker).summary  # type: ignore[attr-defined]
    assert (summary.sources, summary.claims, summary.checked) == (3, 6, 3)
    assert summary.by_status == {"disputed": 1, "verified": 2, "pending": 3}
    assert [(r.name, r.events) for r in summary.reviewers] == [
        ("Amira Haddad", 3),
        ("Jonas Berg", 3),
    ]


def test_the_same_figure_in_two_sources_is_a_match_group(tracker: Tracker) -> None:
    data = _build(tracker)
    (group,) = data.matches  # type: ignore[attr-defined]
    assert [m.claim_id for m in group.members] == [
        tracker.ids["walkout"],
        tracker.ids["valley_walkout"],
    ]
    assert group.verdict == "conflicting"  # disputed in one source, verified in the other


@pytest.mark.parametrize(
    "filters, names",
    [
        (Filters(statuses=(Status.DISPUTED,)), ["walkout"]),
        (
            Filters(statuses=(Status.VERIFIED, Status.DISPUTED)),
            ["walkout", "wages", "valley_walkout"],
        ),
        (Filters(speaker="union"), ["walkout"]),
        (Filters(speaker="r"), ["walkout", "cost"]),
        (Filters(source_ids=(3,)), ["files"]),
        (Filters(source_ids=(2,), statuses=(Status.PENDING,)), ["cost"]),
        (Filters(since=date(2026, 11, 3)), ["walkout", "wages", "valley_walkout", "cost"]),
        (Filters(since=date(2026, 11, 4)), []),
    ],
)
def test_filters_select_claims(tracker: Tracker, filters: Filters, names: list[str]) -> None:
    data = _build(tracker, filters)
    found = [c.id for s in data.sources for c in s.claims]  # type: ignore[attr-defined]
    assert found == [tracker.ids[n] for n in names]


def test_unknown_source_is_named(tracker: Tracker) -> None:
    with pytest.raises(
        NotFoundError, match="no source with id 99 in sqlite:///.*factcheck sources"
    ):
        _build(tracker, Filters(source_ids=(99,)))


def test_a_replaced_version_is_left_out(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    with Store.open(url) as store:
        old = Document(text="Old text with 5 boats.", url="https://x.example/a", title="A")
        new = Document(text="New text with 6 boats.", url="https://x.example/a", title="A")
        store.add_document(old, _claims(old.text, [("Old", "5", 5.0, {})]))
        result = store.add_document(new, _claims(new.text, [("New", "6", 6.0, {})]))
        assert result.status == "new_version"
        data = build_report(store)
        assert [s.id for s in data.sources] == [result.source.id]
        # asked for by id, the old version is reported
        assert [s.version for s in build_report(store, Filters(source_ids=(1,))).sources] == [1]


@pytest.mark.parametrize(
    "text, day",
    [
        ("2026-11-01", date(2026, 11, 1)),
        (" 2026-11-01 ", date(2026, 11, 1)),
        ("2026-11-01T10:00:00", date(2026, 11, 1)),
        ("2026-11-01T10:00:00+02:00", date(2026, 11, 1)),
        (None, None),
        ("", None),
    ],
)
def test_parse_since(text: str | None, day: date | None) -> None:
    assert parse_since(text) == day


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01", "01/11/2026", "2026-11"])
def test_parse_since_refuses(text: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_since(text)


@pytest.mark.parametrize(
    "values, statuses",
    [
        (["disputed"], (Status.DISPUTED,)),
        (["Verified", "disputed"], (Status.VERIFIED, Status.DISPUTED)),
        (["verified,pending"], (Status.VERIFIED, Status.PENDING)),
        (["pending", "pending"], (Status.PENDING,)),
        ([], ()),
    ],
)
def test_parse_statuses(values: list[str], statuses: tuple[Status, ...]) -> None:
    assert parse_statuses(values) == statuses


# --- hostile article text -------------------------------------------------


def test_script_and_formula_are_inert_in_html_and_csv(tracker: Tracker) -> None:
    data = _build(tracker)
    html = render(data, "html")  # type: ignore[arg-type]
    assert SCRIPT not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 4  # title twice, sentence, note
    assert "<script" not in html.lower()
    rows = list(csv.reader(io.StringIO(render(data, "csv"))))  # type: ignore[arg-type]
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert "'" + FORMULA + " " + SCRIPT in cells  # the note, neutralised but kept
    assert any(FORMULA in c for c in cells)


# --- the command: options, output file, errors ----------------------------


def test_output_file_is_written_whole(tracker: Tracker, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["report", "-f", "json", "-o", str(out), "--db", tracker.url])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Wrote the json report of 6 claims (3 reviewed) from 3 sources to {out}\n"
    )
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["claims"] == 6
    assert os.stat(out).st_mode & 0o044  # readable by others, as a report should be
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.json")] == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--source", "99"], "Error: no source with id 99 in sqlite:///"),
        (["--since", "yesterday"], "Error: bad --since date 'yesterday'; give a day as YYYY-MM-DD"),
        (["--status", "done"], "Error: unknown status 'done'; use pending, verified or disputed"),
        (
            ["--format", "pdf"],
            "Error: unknown format 'pdf'; use markdown, html, json, csv or claimreview",
        ),
        (
            ["--output", "/nonexistent-dir/r.md"],
            "Error: cannot write /nonexistent-dir/r.md: No such file or directory",
        ),
    ],
)
def test_errors_are_one_line(
    tracker: Tracker, runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["report", "--db", tracker.url, *args])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1


def test_output_to_a_directory_is_refused(
    tracker: Tracker, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["report", "--db", tracker.url, "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: --output {tmp_path} is a directory; give a file name, e.g. {tmp_path}/report\n"
    )


def test_a_failed_report_keeps_the_old_file(
    tracker: Tracker, runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    old = folder / "r.md"
    old.write_text("old report\n", encoding="utf-8")
    # the unknown source is found after the temporary file beside r.md was made
    result = runner.invoke(app, ["report", "--db", tracker.url, "-o", str(old), "--source", "9"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no source with id 9")
    assert old.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in folder.iterdir()] == ["r.md"]


def test_output_under_a_file_is_refused(
    tracker: Tracker, runner: CliRunner, tmp_path: Path
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["report", "--db", tracker.url, "-o", str(blocker / "r.md")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {blocker / 'r.md'}: Not a directory; choose another --output path\n"
    )


def test_status_and_speaker_options(tracker: Tracker, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "report",
            "-f",
            "csv",
            "--db",
            tracker.url,
            "--status",
            "verified,disputed",
            "--speaker",
            "SILVA",
        ],
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["claim_id"], r["speaker"], r["status"]) for r in rows] == [
        (str(tracker.ids["wages"]), "Ana Silva", "verified")
    ]


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_postgresql_tracker_gives_the_same_report(fmt: str, tmp_path: Path) -> None:
    from pg import tracker_url

    reports = []
    for kind in ("sqlite", "postgresql"):
        with tracker_url(kind, tmp_path) as url:
            make_tracker_at(url)
            with Store.open(url) as store:
                data = build_report(store, now=NOW)
            reports.append(render(data, fmt))
    assert reports[0] == reports[1]


def test_export_names_each_phase(tracker: Tracker, tmp_path: Path) -> None:
    from factcheck.report import export

    heard: list[str] = []
    with Store.open(tracker.url) as store:
        done = export(store, "csv", output=tmp_path / "r.csv", on_phase=heard.append)
    assert heard == [
        "reading sources and claims",
        "reading reviews, references and lookups",
        "matching claims across sources",
        "writing the csv report",
    ]
    assert (done.claims, done.reviewed, done.sources) == (6, 3, 3)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_report_rows_hold_what_the_store_reads(kind: str, tmp_path: Path) -> None:
    from pg import tracker_url

    from factcheck.store.lite import open_reader
    from factcheck.store.report_rows import CLAIM_FIELDS, SOURCE_FIELDS, read_report_rows

    with tracker_url(kind, tmp_path) as url:
        make_tracker_at(url)
        with Store.open(url) as store:
            rows = read_report_rows(store)
            claims = store.claims(superseded=True)
            events = store.events()
            sources = store.sources()
            # each claim's lookups, newest first; claims without one left out
            lookups = {c.id: found for c in claims if (found := store.lookups(c.id))}
            disputed = read_report_rows(store, status=Status.DISPUTED, speaker="UNION")
            one_source = read_report_rows(store, source_ids=[sources[1].id])
        with open_reader(url) as reader:
            # on SQLite the sqlite3 reader, without SQLAlchemy; elsewhere a Store again
            assert read_report_rows(reader) == rows
    assert [dict(zip(SOURCE_FIELDS, r, strict=True)) for r in rows.sources] == [
        {name: getattr(s, name) for name in SOURCE_FIELDS} for s in sources
    ]
    stored = []
    for c in claims:
        fields = {"char_start": c.claim.start, "char_end": c.claim.end}
        for name in CLAIM_FIELDS:
            if name not in fields:
                owner = c if hasattr(c, name) else c.claim
                fields[name] = getattr(owner, name)
        stored.append(fields)
    assert [dict(zip(CLAIM_FIELDS, r, strict=True)) for r in rows.claims] == stored
    assert [e for found in rows.events.values() for e in found] == sorted(
        events, key=lambda e: (e.claim_id, e.id)
    )
    assert rows.lookups == lookups
    assert disputed.claims and [r[0] for r in disputed.claims] == [
        c.id
        for c in claims
        if c.status == Status.DISPUTED and "union" in (c.claim.speaker or "").lower()
    ]
    assert {r[1] for r in one_source.claims} == {sources[1].id}


def value_claims(*figures: tuple[int, float, str]) -> list[SimpleNamespace]:
    """Sources holding claims (source id, value, unit), numbered in order from 1."""
    moment = datetime(2026, 11, 3, tzinfo=UTC)
    sources: dict[int, list[ClaimEntry]] = {}
    for claim_id, (source_id, value, unit) in enumerate(figures, 1):
        mention = f"{value:,g}"
        sources.setdefault(source_id, []).append(
            ClaimEntry(
                claim_id,
                source_id,
                Status.PENDING,
                mention,
                value,
                mention,
                0,
                len(mention),
                0,
                len(mention),
                1,
                moment,
                moment,
                unit=unit,
            )
        )
    return [SimpleNamespace(id=i, claims=claims) for i, claims in sources.items()]


@pytest.mark.parametrize(
    "figures, live",
    [
        # the coarser figure finds the finer one: 1,600 (hundreds) states 1,623
        ([(1, 1600.0, "homes"), (2, 1623.0, "homes")], {1, 2}),
        ([(1, 1623.0, "homes"), (2, 1680.0, "homes")], set()),
        # one source repeating a figure is no match; a third source's is
        ([(1, 5.0, "homes"), (1, 5.0, "homes")], set()),
        ([(1, 5.0, "homes"), (1, 5.0, "homes"), (2, 5.0, "homes")], {1, 2, 3}),
        # another unit
        ([(1, 40.0, "homes"), (2, 40.0, "schools")], set()),
        ([(1, 0.0, "homes"), (2, 0.0, "homes"), (2, 0.4, "homes")], {1, 2}),
        # every finer figure a rounder one covers, not only the first in its window
        ([(1, 1623.0, "homes"), (2, 1600.0, "homes"), (3, 1600.0, "homes")], {1, 2, 3}),
        ([(1, 1600.0, "homes"), (2, 1623.0, "homes"), (2, 1649.0, "homes")], {1, 2, 3}),
        # 1,623 and 1,649 are not one figure, 1,600 and 1,623 one source
        ([(1, 1600.0, "homes"), (1, 1623.0, "homes"), (2, 1649.0, "homes")], {1, 3}),
        ([(1, 1612.0, "homes"), (2, 1600.0, "homes"), (3, 1623.0, "homes")], {1, 2, 3}),
        # 5% of the larger figure: 105.2 states 100, 105.3 does not
        ([(1, 100.0, "homes"), (2, 105.2, "homes")], {1, 2}),
        ([(1, 100.0, "homes"), (2, 105.3, "homes")], set()),
        ([(1, -100.0, "homes"), (2, -105.2, "homes")], {1, 2}),
    ],
)
def test_value_partners_are_the_claims_with_a_figure_in_another_source(
    figures: list[tuple[int, float, str]], live: set[int]
) -> None:
    from factcheck.report.build import _value_partners

    assert {c.id for c in _value_partners(value_claims(*figures))} == live  # type: ignore[arg-type]


# Claims in small articles written for these tests: (article, sentence, mention, value,
# unit); the expected groups name each claim as "mention@article".
COUNCIL = "The council spent {} on new housing last year, according to the budget office."
COUNCIL_2 = "Port Alder's council put {} into new housing last year."
HARBOUR_MASTER = "Harbour master Ilse Varga of Port Selwyn said {} on Monday."
JIHADISTS = [
    "Some {} Moroccan jihadists are fighting in Syria and Iraq, the interior ministry said.",
    "More than {} Moroccan jihadists have joined Islamic State in Syria and Iraq.",
    "About {} Moroccan jihadists fight in Syria and Iraq, officials say.",
]


def _jihadists(*figures: tuple[int, str]) -> list[tuple[int, str, str, float, str]]:
    return [
        (n, JIHADISTS[n - 1].format(m), m, float(m.replace(",", "")), "jihadist")
        for n, m in figures
    ]


@pytest.mark.parametrize(
    "claims, groups",
    [
        # a finer figure that only rounder ones state joins their group
        (
            _jihadists((1, "1,623"), (2, "1,600"), (3, "1,600")),
            [["1,600@2", "1,600@3", "1,623@1"]],
        ),
        (_jihadists((1, "1,623"), (2, "1,600")), [["1,600@2", "1,623@1"]]),
        # two finer figures meet through the rounder one
        (
            _jihadists((1, "1,623"), (2, "1,600"), (3, "1,612")),
            [["1,600@2", "1,612@3", "1,623@1"]],
        ),
        # two finer figures of one article, both within the other article's rounding
        (
            _jihadists((1, "1,623"), (1, "1,649"), (2, "1,600")),
            [["1,600@2", "1,623@1", "1,649@1"]],
        ),
        # 1,680 is not 1,600 (hundreds), 1,623 and 1,629 are not one figure
        (_jihadists((1, "1,680"), (2, "1,600")), []),
        (_jihadists((1, "1,623"), (2, "1,629")), []),
        # one article repeating a figure is no match
        (_jihadists((1, "1,600"), (1, "1,623")), []),
        # the 5% is of the larger figure: $105.2 million states $100 million, $106m does not
        (
            [
                (1, COUNCIL.format("$100 million"), "$100 million", 1e8, "USD"),
                (2, COUNCIL_2.format("$105.2 million"), "$105.2 million", 1.052e8, "USD"),
            ],
            [["$100 million@1", "$105.2 million@2"]],
        ),
        (
            [
                (1, COUNCIL.format("$100 million"), "$100 million", 1e8, "USD"),
                (2, COUNCIL_2.format("$106 million"), "$106 million", 1.06e8, "USD"),
            ],
            [],
        ),
        # an article naming one official in two claims: her name is shared by no other
        # article, so it does not stand for what the claims share with other articles
        (
            [
                (
                    1,
                    HARBOUR_MASTER.format("1,600 dockworkers walked out"),
                    "1,600",
                    1600.0,
                    "dockworker",
                ),
                (1, HARBOUR_MASTER.format("12 cranes stood idle"), "12", 12.0, "crane"),
                (
                    2,
                    "Some 1,600 dockworkers walked out at the port on Monday, the union said.",
                    "1,600",
                    1600.0,
                    "dockworker",
                ),
                (
                    3,
                    "At the container terminal 12 cranes stood idle, the operator said.",
                    "12",
                    12.0,
                    "crane",
                ),
            ],
            [["1,600@1", "1,600@2"], ["12@1", "12@3"]],
        ),
        # the same figure in another story: the wording keeps it out of the group
        (
            [
                *_jihadists((1, "1,623"), (2, "1,600")),
                (
                    3,
                    "Police in Lyon fined 1,620 jihadist sympathisers for rioting.",
                    "1,620",
                    1620.0,
                    "jihadist",
                ),
            ],
            [["1,600@2", "1,623@1"]],
        ),
    ],
)
def test_match_groups_are_the_claims_find_matches_joins(
    claims: list[tuple[int, str, str, float, str]], groups: list[list[str]]
) -> None:
    from factcheck.review.matches import find_matches

    names: dict[int, str] = {}
    with Store.open() as store:
        for article in sorted({n for n, *_ in claims}):
            mine = [c for c in claims if c[0] == article]
            text = " ".join(sentence for _, sentence, *_ in mine)
            found = []
            for _, sentence, mention, value, unit in mine:
                s_start = text.index(sentence)
                start = text.index(mention, s_start)
                kind = Kind.MONEY if unit == "USD" else Kind.COUNT
                found.append(
                    Claim(
                        start=start,
                        end=start + len(mention),
                        mention=mention,
                        value=value,
                        kind=kind,
                        unit=unit,
                        sentence=sentence,
                        sentence_start=s_start,
                        sentence_end=s_start + len(sentence),
                    )
                )
            url = f"https://news{article}.example/story"
            source = store.add_document(Document(text=text, url=url), found).source
            for claim, (_, _, mention, *_) in zip(
                store.claims(source_id=source.id), mine, strict=True
            ):
                names[claim.id] = f"{mention}@{article}"
        report = build_report(store)
        shown = sorted(sorted(names[m.claim_id] for m in g.members) for g in report.matches)
        assert shown == groups
        # the groups join the claims find_matches pairs (shown, review), and only those
        pairs = {
            frozenset((names[c.id], names[m.claim.id]))
            for c in store.claims()
            for m in find_matches(store, c)
        }
    in_group = {name: i for i, group in enumerate(groups) for name in group}
    assert all(in_group.get(a) == in_group.get(b) is not None for a, b in pairs)
    assert {name for pair in pairs for name in pair} == set(in_group)
