"""``factcheck ingest / sources / claims / show`` through typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from httpserver import LocalServer
from typer.testing import CliRunner

import factcheck.cli.tracker  # noqa: F401  (registers the commands)
from factcheck.cli import app
from factcheck.extract import extract_claims
from factcheck.models import Action, Status
from factcheck.store import Store

# Invented articles in the shape of real news.
BRIDGE = (
    "Kessel bridge repairs to cost $48m\n\n"
    "LINDHOLM - Repairs to the Kessel bridge will cost about $48m and close two of its "
    "four lanes for 18 months, the regional roads agency said on Thursday.\n\n"
    '"More than 60,000 vehicles cross it every day," said agency spokesman Piet Brandt.\n'
)
CLINIC = (
    "Rural clinics lose 120 nurses\n\n"
    "ASKERBY - At least 120 nurses left rural clinics in the county last year, "
    "a union survey found, and one in five posts is now vacant.\n"
)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    (folder / "older").mkdir(parents=True)
    (folder / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (folder / "older" / "clinic.txt").write_text(CLINIC, encoding="utf-8")
    return folder


def ok(result: object) -> None:
    assert getattr(result, "exit_code") == 0, (  # noqa: B009
        getattr(result, "stdout") + getattr(result, "stderr")  # noqa: B009
    )


def error(result: object) -> str:
    """Return the one-line error; fail unless the command exited 1 with exactly that."""
    assert getattr(result, "exit_code") == 1, getattr(result, "stdout")  # noqa: B009
    lines = getattr(result, "stderr").splitlines()  # noqa: B009
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    return str(lines[0])


def n_claims(text: str) -> int:
    return len(extract_claims(text))


# ---------------------------------------------------------------- ingest


def test_ingest_one_file_then_again(runner: CliRunner, articles: Path) -> None:
    path = str(articles / "bridge.txt")
    first = runner.invoke(app, ["ingest", path])
    ok(first)
    assert "ingested" in first.stdout and "1 ingested" in first.stdout
    again = runner.invoke(app, ["ingest", path])
    ok(again)
    assert "unchanged" in again.stdout and "already in the tracker" in again.stdout
    with Store.open() as store:
        [source] = store.sources()
        assert source.text == BRIDGE
        assert source.title == "Kessel bridge repairs to cost $48m"
        assert store.count_claims() == n_claims(BRIDGE) > 0


def test_ingest_many_keeps_going_past_bad_files_and_fails_at_the_end(
    runner: CliRunner, articles: Path, tmp_path: Path
) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    missing = tmp_path / "missing.txt"
    copy = tmp_path / "bridge-copy.txt"
    copy.write_text(BRIDGE, encoding="utf-8")
    result = runner.invoke(
        app,
        ["ingest", str(missing), str(articles / "bridge.txt"), str(binary), str(copy)],
    )
    assert result.exit_code == 1
    out = result.stdout
    assert "1 ingested, 1 unchanged, 2 failed" in out
    assert result.stderr.splitlines() == [
        f"Error: {missing}: no such file; check the path",
        f"Error: {binary}: looks like a binary file, not text; give a .txt, .md or .html article",
    ]
    with Store.open() as store:
        assert [s.text for s in store.sources()] == [BRIDGE]


def test_ingest_a_folder_recursively(runner: CliRunner, articles: Path) -> None:
    result = runner.invoke(app, ["ingest", str(articles), "--recursive"])
    ok(result)
    assert "2 ingested" in result.stdout
    with Store.open() as store:
        assert sorted(s.text for s in store.sources()) == sorted([BRIDGE, CLINIC])
        assert store.count_claims() == n_claims(BRIDGE) + n_claims(CLINIC)


def test_ingest_options_override_the_article(runner: CliRunner, articles: Path) -> None:
    result = runner.invoke(
        app,
        [
            "ingest",
            str(articles / "bridge.txt"),
            "--title",
            "Bridge repairs",
            "--publisher",
            "Lindholm Post",
            "--published",
            "2024-06-13",
            "--url",
            "https://lindholmpost.example/bridge",
        ],
    )
    ok(result)
    with Store.open() as store:
        [s] = store.sources()
        assert (s.title, s.publisher, s.published, s.url) == (
            "Bridge repairs",
            "Lindholm Post",
            "2024-06-13",
            "https://lindholmpost.example/bridge",
        )


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--published", "13/06/2024"],
            "Error: --published '13/06/2024' is not a date; write it as YYYY-MM-DD",
        ),
        (
            ["--url", "lindholmpost.example"],
            "Error: --url 'lindholmpost.example' is not an http(s) URL",
        ),
    ],
)
def test_bad_options_are_one_line_errors(
    runner: CliRunner, articles: Path, args: list[str], message: str
) -> None:
    assert error(runner.invoke(app, ["ingest", str(articles / "bridge.txt"), *args])).startswith(
        message
    )


def test_url_names_one_article(runner: CliRunner, articles: Path) -> None:
    line = error(
        runner.invoke(
            app,
            ["ingest", str(articles), "-r", "--url", "https://lindholmpost.example/bridge"],
        )
    )
    assert line == (
        "Error: --url names one article but 2 sources were given; ingest them one at a time"
    )


def test_one_bad_source_is_a_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    line = error(runner.invoke(app, ["ingest", str(tmp_path / "nope.txt")]))
    assert line == f"Error: {tmp_path / 'nope.txt'}: no such file; check the path"


def test_ingest_standard_input(runner: CliRunner) -> None:
    ok(runner.invoke(app, ["ingest", "-", "--title", "Clinics"], input=CLINIC))
    with Store.open() as store:
        [s] = store.sources()
        assert (s.text, s.title, s.origin) == (CLINIC, "Clinics", "-")


def test_an_edited_file_becomes_a_new_version_keeping_reviews(
    runner: CliRunner, articles: Path
) -> None:
    path = articles / "bridge.txt"
    ok(runner.invoke(app, ["ingest", str(path)]))
    with Store.open() as store:
        first = store.claims()[0]
        store.record_review(
            first.id, action=Action.VERIFY, new_status=Status.VERIFIED, reviewer="Test Reviewer"
        )
    path.write_text(BRIDGE + "Work starts in March.\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path)])
    ok(result)
    assert "new version" in result.stdout
    assert "version 2 of source 1" in result.stdout
    with Store.open() as store:
        kept = store.claims(status=Status.VERIFIED)
        assert [(c.source_id, c.claim.mention) for c in kept] == [(2, first.claim.mention)]
    old = runner.invoke(app, ["show", str(first.id)])
    ok(old)
    assert "A newer version of this article is source 2" in old.stdout
    data = json.loads(runner.invoke(app, ["show", str(first.id), "-f", "json"]).stdout)
    assert data["source"]["next_version_id"] == 2


# ---------------------------------------------------------------- sources


def test_sources_in_every_format(runner: CliRunner, articles: Path) -> None:
    ok(runner.invoke(app, ["ingest", str(articles), "-r", "--publisher", "Lindholm Post"]))
    table = runner.invoke(app, ["sources"])
    ok(table)
    assert "Kessel bridge repairs to cost $48m" in table.stdout
    assert "Lindholm Post" in table.stdout and "2 sources" in table.stdout
    as_json = json.loads(runner.invoke(app, ["sources", "--format", "json"]).stdout)
    rows = {r["title"]: r for r in as_json["sources"]}
    assert rows["Rural clinics lose 120 nurses"]["claims"] == n_claims(CLINIC)
    assert rows["Rural clinics lose 120 nurses"]["pending"] == n_claims(CLINIC)
    assert "text" not in rows["Rural clinics lose 120 nurses"]
    as_csv = list(csv.DictReader(io.StringIO(runner.invoke(app, ["sources", "-f", "csv"]).stdout)))
    assert [r["publisher"] for r in as_csv] == ["Lindholm Post", "Lindholm Post"]
    assert {r["claims"] for r in as_csv} == {str(n_claims(BRIDGE)), str(n_claims(CLINIC))}


def _row_of(table: str, first: str) -> list[str]:
    """Return the cells of the table line that starts with ``first`` (split on 2+ spaces)."""
    import re

    for line in table.splitlines():
        if line.strip().startswith(first + " "):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no row starting {first!r} in:\n{table}")


@pytest.mark.parametrize("columns", ["80", "160"])
def test_sources_keeps_its_narrow_columns_whole(
    runner: CliRunner, articles: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    long_title = "A very long headline about the Kessel bridge repairs " * 3
    ok(
        runner.invoke(
            app,
            [
                "ingest",
                str(articles / "bridge.txt"),
                "--title",
                long_title,
                "--publisher",
                "Lindholm Post",
                "--published",
                "2024-06-13",
            ],
        )
    )
    ok(runner.invoke(app, ["ingest", str(articles / "older" / "clinic.txt")]))
    result = runner.invoke(app, ["sources"])
    ok(result)
    lines = result.stdout.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    assert lines[0].split() == [
        "id",
        "v",
        "published",
        "publisher",
        "claims",
        "pending",
        "verified",
        "disputed",
        "title",
    ]
    n = n_claims(BRIDGE)
    first = _row_of(result.stdout, "1")
    # the publisher is cut shorter on a narrow terminal, so the title keeps room
    publisher = "Lindholm Post" if columns == "160" else "Lindholm Po…"
    assert first[:8] == ["1", "1", "2024-06-13", publisher, str(n), str(n), "0", "0"]
    # the long title gives way, with an ellipsis
    assert first[8].endswith("…") and long_title.startswith(first[8][:-1])
    # no published date: the column stays empty (the ingest date is not a publication date)
    m = n_claims(CLINIC)
    assert _row_of(result.stdout, "2")[:4] == ["2", "1", str(m), str(m)]
    assert lines[-1].rstrip() == "2 sources"


@pytest.mark.parametrize("columns", ["80", "160"])
def test_history_keeps_its_narrow_columns_whole(
    runner: CliRunner, articles: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    import re

    import factcheck.cli.review  # noqa: F401  (registers the commands)

    monkeypatch.setenv("COLUMNS", columns)
    ok(runner.invoke(app, ["ingest", str(articles / "bridge.txt")]))
    note = "The agency's own traffic count for March gives 52,000 vehicles a day " * 2
    evidence = "https://roads.example.org/counts/2024/kessel-bridge-march.pdf"
    ok(
        runner.invoke(
            app,
            [
                "dispute",
                "1",
                "--note",
                note,
                "--evidence",
                evidence,
                "--reviewer",
                "Margarethe Vanderbilt-Oyelaran",
            ],
        )
    )
    ok(runner.invoke(app, ["reopen", "1", "--reviewer", "Bob"]))
    result = runner.invoke(app, ["history", "1"])
    ok(result)
    lines = result.stdout.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    header = next(line for line in lines if "when (UTC)" in line)
    for name in ("event", "when (UTC)", "reviewer", "action", "status"):
        assert name in header
    when = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
    # a long name is cut on a narrow terminal (it is whole in --format json)
    name = "Margarethe Vanderbilt-Oyelaran" if columns == "160" else "Margarethe Vand…"
    pattern = rf"\s*1  {when}  {name}  dispute  pending → disputed  The "
    assert any(re.match(pattern, line) for line in lines), result.stdout
    assert any(
        re.match(rf"\s*2  {when}  Bob\s+reopen\s+disputed → pending", line) for line in lines
    )
    # the note and the evidence URL wrap within their column: nothing of them is lost
    row = next(line for line in lines if "pending → disputed" in line)
    at = row.index("pending → disputed") + len("pending → disputed  ")
    text_column = "".join(line[at:].strip() for line in lines[1:-1] if len(line) > at)
    assert note.replace(" ", "") in text_column.replace(" ", "")
    assert evidence in text_column
    assert lines[-1].rstrip() == "2 events"


# ---------------------------------------------------------------- claims


@pytest.fixture
def tracker(runner: CliRunner, articles: Path) -> Path:
    ok(runner.invoke(app, ["ingest", str(articles), "-r"]))
    with Store.open() as store:
        claim = store.claims(search="60,000")[0]
        store.record_review(
            claim.id,
            action=Action.DISPUTE,
            new_status=Status.DISPUTED,
            reviewer="Test Reviewer",
            note="agency count is 52,000",
        )
    return articles


def test_claims_lists_them_all(runner: CliRunner, tracker: Path) -> None:
    result = runner.invoke(app, ["claims"])
    ok(result)
    total = n_claims(BRIDGE) + n_claims(CLINIC)
    assert f"{total} claims" in result.stdout
    for c in extract_claims(BRIDGE) + extract_claims(CLINIC):
        assert c.mention in result.stdout


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--status", "disputed"], ["60,000"]),
        (["--search", "nurses", "--limit", "1"], ["120"]),
        (["--search", "NO SUCH WORDS"], []),
    ],
)
def test_claims_filters_as_json(
    runner: CliRunner, tracker: Path, args: list[str], expected: list[str]
) -> None:
    result = runner.invoke(app, ["claims", *args, "--format", "json"])
    ok(result)
    data = json.loads(result.stdout)
    assert [c["mention"] for c in data["claims"]] == expected
    for c in data["claims"]:
        assert {"id", "source_id", "status", "start", "end", "sentence", "value"} <= set(c)


def test_claims_csv_has_a_header_and_one_row_per_claim(runner: CliRunner, tracker: Path) -> None:
    result = runner.invoke(app, ["claims", "--source", "1", "--format", "csv"])
    ok(result)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == n_claims(BRIDGE)
    assert {r["source_id"] for r in rows} == {"1"}


def test_claims_table_says_how_many_of_how_many(runner: CliRunner, tracker: Path) -> None:
    result = runner.invoke(app, ["claims", "--limit", "1"])
    ok(result)
    assert f"1 of {n_claims(BRIDGE) + n_claims(CLINIC)} claims" in result.stdout
    none = runner.invoke(app, ["claims", "--kind", "age"])
    ok(none)
    # no empty table: one line saying what to do
    assert none.stdout == (
        "no claims match these filters; run 'factcheck claims' without them to see all\n"
    )


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["claims", "--status", "maybe"], 2, "Invalid value for '--status'"),
        (["claims", "--format", "xml"], 1, "Error: unknown format 'xml'; use table, json, csv"),
        (["claims", "--source", "99"], 1, "Error: no source with id 99 in "),
        (["show", "999"], 1, "Error: no claim with id 999 in "),
        (["show", "1", "--format", "csv"], 1, "Error: unknown format 'csv'; use text, json"),
    ],
)
def test_bad_requests(
    runner: CliRunner, tracker: Path, args: list[str], code: int, message: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- show


def test_show_prints_the_sentence_fields_source_and_history(
    runner: CliRunner, tracker: Path
) -> None:
    with Store.open() as store:
        claim = store.claims(status=Status.DISPUTED)[0]
    result = runner.invoke(app, ["show", str(claim.id)])
    ok(result)
    out = result.stdout
    assert f"Claim {claim.id}  disputed  (version 2)" in out
    assert "More than 60,000 vehicles cross it every day" in out
    assert "Kessel bridge repairs to cost $48m" in out
    assert str(tracker / "bridge.txt") in out
    assert "agency count is 52,000" in out and "pending → disputed" in out
    for field in ("mention", "value", "qualifier", "kind", "speaker", "offsets"):
        assert field in out


def test_show_json_has_every_field_the_source_and_history(runner: CliRunner, tracker: Path) -> None:
    with Store.open() as store:
        claim = store.claims(status=Status.DISPUTED)[0]
    result = runner.invoke(app, ["show", str(claim.id), "--format", "json"])
    ok(result)
    data = json.loads(result.stdout)
    assert data["mention"] == claim.claim.mention == "60,000"
    assert BRIDGE[data["start"] : data["end"]] == "60,000"
    assert "60,000" in data["paragraph"]
    assert data["source"]["title"] == "Kessel bridge repairs to cost $48m"
    assert [e["note"] for e in data["history"]] == ["agency count is 52,000"]
    assert data["references"] == [] and data["lookups"] == []


# ---------------------------------------------------------------- trackers that cannot be used


@pytest.mark.parametrize("command", [["claims"], ["sources"], ["show", "1"]])
def test_an_empty_tracker(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    Store.open(str(tmp_path / "empty.db")).close()
    line = error(runner.invoke(app, [*command, "--db", str(tmp_path / "empty.db")]))
    assert "yet in sqlite:///" in line and "run 'factcheck ingest FILE' first" in line


@pytest.mark.parametrize("command", [["claims"], ["sources"], ["show", "1"]])
def test_no_tracker_there(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    where = tmp_path / "typo.db"
    line = error(runner.invoke(app, [*command, "--db", str(where)]))
    assert line.startswith(f"Error: no tracker at {where}; run 'factcheck ingest FILE'")
    assert not where.exists()


@pytest.mark.parametrize("command", [["claims"], ["ingest", "-"], ["show", "1"]])
def test_a_file_that_is_not_a_tracker(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(CLINIC * 50, encoding="utf-8")
    line = error(runner.invoke(app, [*command, "--db", str(notes)], input=BRIDGE))
    assert line.endswith("is not a SQLite database (or is damaged); give a factcheck tracker file")
    assert notes.read_text(encoding="utf-8") == CLINIC * 50


def test_a_locked_tracker(
    runner: CliRunner, articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.store import where as engine

    db = tmp_path / "shared.db"
    Store.open(str(db)).close()
    monkeypatch.setattr(engine, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = runner.invoke(app, ["ingest", str(articles / "bridge.txt"), "--db", str(db)])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert error(result) == (
        f"Error: sqlite:///{db} is locked by another command (waited 0.2 s); "
        "try again when it has finished"
    )


def test_help_lists_the_tracker_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    ok(result)
    for command in ("ingest", "sources", "claims", "show"):
        assert command in result.stdout


def test_ctrl_c_during_ingest_keeps_the_articles_before_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.extract

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(5):
        (folder / f"a{i}.txt").write_text(BRIDGE.replace("$48m", f"${40 + i}m"), "utf-8")
    real = factcheck.extract.extract_claims

    def interrupted(text: str) -> object:
        if "$43m" in text:  # a3's claims are being looked for
            raise KeyboardInterrupt
        return real(text)

    monkeypatch.setattr(factcheck.extract, "extract_claims", interrupted)
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 130
    assert result.stderr == "Interrupted; nothing half-written was kept.\n"
    with Store.open() as store:
        names = [Path(s.origin or "").name for s in store.sources()]
    assert names == ["a0.txt", "a1.txt", "a2.txt"]


# ---------------------------------------------------------------- URLs and PostgreSQL


def test_ingest_urls_from_a_local_server(runner: CliRunner, http_server: LocalServer) -> None:
    page = http_server.url("/harbourcourier_port_budget_2024.html")
    gone = http_server.url("/status/404")
    result = runner.invoke(app, ["ingest", page, gone])
    assert result.exit_code == 1
    assert "1 ingested, 1 failed" in result.stdout
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {gone}: HTTP 404")
    again = runner.invoke(app, ["ingest", page])
    ok(again)
    assert "unchanged" in again.stdout
    with Store.open() as store:
        [source] = store.sources()
        assert source.format == "html"
        assert source.publisher == "The Harbour Courier"
        assert store.count_claims() == len(extract_claims(source.text)) > 0


def test_the_commands_on_postgresql(runner: CliRunner, articles: Path, tmp_path: Path) -> None:
    from pg import tracker_url

    with tracker_url("postgresql", tmp_path) as url:
        ok(runner.invoke(app, ["ingest", str(articles), "-r", "--db", url]))
        listed = runner.invoke(app, ["claims", "--search", "nurses", "-f", "json", "--db", url])
        ok(listed)
        found = json.loads(listed.stdout)["claims"]
        assert {c["source_id"] for c in found} == {2}
        [claim] = [c for c in found if c["mention"] == "120" and "At least" in c["sentence"]]
        shown = runner.invoke(app, ["show", str(claim["id"]), "--db", url])
        ok(shown)
        assert "At least 120 nurses left rural clinics" in shown.stdout
        sources = runner.invoke(app, ["sources", "--db", url])
        ok(sources)
        assert "2 sources" in sources.stdout


def test_a_big_batch_lists_only_what_needs_a_look(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.cli.tracker as tracker

    monkeypatch.setattr(tracker, "SUMMARY_ROWS", 3)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(5):
        (folder / f"a{i}.txt").write_text(BRIDGE.replace("$48m", f"${40 + i}m"), "utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 1
    assert "5 ingested, 1 failed" in result.stdout
    assert "bad.txt" in result.stdout
    assert "a0.txt" not in result.stdout
    (folder / "bad.txt").unlink()
    quiet = runner.invoke(app, ["ingest", str(folder)])
    ok(quiet)
    assert quiet.stdout.strip() == "5 unchanged"
