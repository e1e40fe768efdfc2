"""Verdicts, reopen, notes, undo, history and the CLI commands verify / dispute / reopen / history.

The sample tracker (``sample_tracker``) holds three invented articles with their
claims written out by hand, so these tests do not move when the extractor does.
Other tests/test_review_*.py files import it from here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import ConflictError, InputError, NotFoundError, ReviewError
from factcheck.models import Action, Claim, Document, Kind, Qualifier, Status
from factcheck.review import add_note, record_verdict, reopen, undo
from factcheck.review.ids import MAX_IDS, format_ids, parse_ids
from factcheck.review.reviewer import resolve_reviewer
from factcheck.store import Store

LEDGER = (
    "Customs seize 2,314 counterfeit phones at Port Alder\n"
    "\n"
    "PORT ALDER - Customs officers seized 2,314 counterfeit phones in March, the port "
    'director, Hamid Selassi, said on Tuesday. "We found 2,314 devices hidden in three '
    'containers," he told reporters.\n'
    "\n"
    "About 40% of the phones were bound for Lisbon, according to the customs report.\n"
    "\n"
    "The port handled 1,500 containers that week.\n"
)
COURIER = (
    "Fake phones seized in Port Alder raid\n"
    "\n"
    "Customs seized 2,300 counterfeit phones at Port Alder in March, officials said.\n"
    "\n"
    "Rotterdam received 1,500 containers of bananas from Ecuador in January.\n"
)
GAZETTE = (
    "Port Alder ferry fares rise\n"
    "\n"
    "Ferry fares to the islands will rise by 12.5% in June, the operator said.\n"
    "\n"
    "Customs seized 2,314 counterfeit phones at the port in March, a spokesman said.\n"
)


def claim_at(text: str, mention: str, after: str = "", **fields: object) -> Claim:
    """A claim of ``text``: the first ``mention`` after ``after``, in its sentence."""
    start = text.index(mention, text.index(after) if after else 0)
    # sentence: from the last line break or '. ' before, to the next '.' or line break after
    s_start = max(text.rfind("\n", 0, start) + 1, text.rfind(". ", 0, start) + 2)
    ends = [i for i in (text.find(". ", start), text.find(".\n", start)) if i >= 0]
    s_end = min(ends) + 1
    return Claim(
        start=start,
        end=start + len(mention),
        mention=mention,
        sentence=text[s_start:s_end],
        sentence_start=s_start,
        sentence_end=s_end,
        **fields,  # type: ignore[arg-type]
    )


def sample_documents() -> list[tuple[Document, list[Claim]]]:
    """Three articles: two state the 2,314 phones figure again, one an unrelated 1,500."""
    return [
        (
            Document(
                text=LEDGER,
                title="Customs seize 2,314 counterfeit phones at Port Alder",
                publisher="Daily Ledger",
                url="https://dailyledger.example/2026/03/phones",
            ),
            [
                claim_at(
                    LEDGER,
                    "2,314",
                    "PORT ALDER",
                    value=2314.0,
                    unit="phone",
                    speaker="Hamid Selassi",
                    speaker_role="port director",
                ),
                claim_at(
                    LEDGER,
                    "2,314",
                    "We found",
                    value=2314.0,
                    unit="device",
                    speaker="Hamid Selassi",
                    speaker_role="port director",
                    quote=True,
                ),
                claim_at(
                    LEDGER,
                    "three",
                    "We found",
                    value=3.0,
                    unit="container",
                    speaker="Hamid Selassi",
                    quote=True,
                ),
                claim_at(
                    LEDGER,
                    "40%",
                    "About",
                    value=40.0,
                    kind=Kind.PERCENT,
                    unit="percent",
                    qualifier=Qualifier.APPROXIMATELY,
                    qualifier_text="About",
                    speaker="customs report",
                ),
                claim_at(LEDGER, "1,500", "The port handled", value=1500.0, unit="container"),
            ],
        ),
        (
            Document(
                text=COURIER,
                title="Fake phones seized in Port Alder raid",
                publisher="Harbour Courier",
                url="https://courier.example/news/fake-phones",
            ),
            [
                claim_at(COURIER, "2,300", value=2300.0, unit="phone", speaker="officials"),
                claim_at(COURIER, "1,500", "Rotterdam", value=1500.0, unit="container"),
            ],
        ),
        (
            Document(
                text=GAZETTE,
                title="Port Alder ferry fares rise",
                publisher="Alder Gazette",
                url="https://gazette.example/ferry",
            ),
            [
                claim_at(
                    GAZETTE,
                    "12.5%",
                    value=12.5,
                    kind=Kind.PERCENT,
                    unit="percent",
                    speaker="the operator",
                ),
                claim_at(
                    GAZETTE, "2,314", "Customs", value=2314.0, unit="phone", speaker="a spokesman"
                ),
            ],
        ),
    ]


# claim ids in the sample tracker, in insertion order
PHONES, DEVICES, THREE, PERCENT40, CONTAINERS, COURIER_PHONES, BANANAS, FARES, GAZETTE_PHONES = (
    range(1, 10)
)


def fill(store: Store) -> None:
    """Put the sample articles into ``store``."""
    for doc, claims in sample_documents():
        store.add_document(doc, claims)


@pytest.fixture
def tracker() -> Iterator[Store]:
    """The sample tracker at FACTCHECK_DB (the test's own file, tests/conftest.py)."""
    with Store.open() as store:
        fill(store)
        yield store


@pytest.fixture
def pg_or_sqlite_tracker(db_url: str) -> Iterator[Store]:
    """The sample tracker on SQLite and on PostgreSQL."""
    with Store.open(db_url) as store:
        fill(store)
        yield store


# ---------------------------------------------------------------- ids


@pytest.mark.parametrize(
    "given, ids",
    [
        (["12"], [12]),
        (["12", "14", "20-25"], [12, 14, 20, 21, 22, 23, 24, 25]),
        (["12 14 20-22"], [12, 14, 20, 21, 22]),
        (["12,14"], [12, 14]),
        (["3", "1", "3", "2-4"], [3, 1, 2, 4]),  # order kept, each once
        (["20", "-", "22"], [20, 21, 22]),  # "20 - 22" typed with spaces
        (["7-7"], [7]),
        ("5 6", [5, 6]),
    ],
)
def test_parse_ids_reads_lists_and_ranges(given: list[str] | str, ids: list[int]) -> None:
    assert parse_ids(given) == ids


@pytest.mark.parametrize(
    "given, message",
    [
        (["x"], "bad claim id 'x'"),
        (["12a"], "bad claim id '12a'"),
        (["0"], "ids start at 1"),
        (["25-20"], "bad range '25-20': it runs backwards; write 20-25"),
        (["1-2-3"], "bad claim id '1-2-3'"),
        ([""], "no claim ids given"),
        ([f"1-{MAX_IDS + 1}"], "names too many claims"),
        (["1.5"], "bad claim id '1.5'"),
    ],
)
def test_parse_ids_refuses_bad_ids(given: list[str], message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_ids(given)


@pytest.mark.parametrize(
    "ids, text", [([12], "12"), ([14, 12, 20, 21, 22, 25], "12, 14, 20-22, 25"), ([], "")]
)
def test_format_ids(ids: list[int], text: str) -> None:
    assert format_ids(ids) == text


# ---------------------------------------------------------------- reviewer


@pytest.fixture
def no_reviewer_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("FACTCHECK_REVIEWER", raising=False)
    config = tmp_path / "gitconfig"
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)  # not inside a repository with its own user.name
    return config


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    "option, env, git_name, login, expected",
    [
        ("Ana Ruiz", "Env Name", "Git Name", "login", "Ana Ruiz"),
        (None, "Env Name", "Git Name", "login", "Env Name"),
        (None, None, "Git Name", "login", "Git Name"),
        (None, None, None, "login", "login"),
        ("  Ana   Ruiz ", None, None, "login", "Ana Ruiz"),
    ],
)
def test_reviewer_name_comes_from_option_env_git_then_login(
    no_reviewer_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    option: str | None,
    env: str | None,
    git_name: str | None,
    login: str,
    expected: str,
) -> None:
    if env:
        monkeypatch.setenv("FACTCHECK_REVIEWER", env)
    if git_name:
        subprocess.run(
            ["git", "config", "--file", str(no_reviewer_env), "user.name", git_name], check=True
        )
    monkeypatch.setenv("LOGNAME", login)
    monkeypatch.setenv("USER", login)
    assert resolve_reviewer(option) == expected


def test_an_empty_reviewer_option_is_refused() -> None:
    with pytest.raises(ReviewError, match="--reviewer is empty"):
        resolve_reviewer("  ")


# ---------------------------------------------------------------- library


def test_verdicts_write_one_event_each(tracker: Store) -> None:
    done = record_verdict(tracker, [PHONES, FARES], Status.VERIFIED, reviewer="Ana", note="ok")
    assert [(e.claim_id, e.old_status, e.new_status, e.action) for e in done.events] == [
        (PHONES, Status.PENDING, Status.VERIFIED, Action.VERIFY),
        (FARES, Status.PENDING, Status.VERIFIED, Action.VERIFY),
    ]
    again = record_verdict(tracker, [PHONES], Status.VERIFIED, reviewer="Ana")
    assert again.events == () and [c.id for c in again.unchanged] == [PHONES]
    assert len(tracker.history(PHONES)) == 1


def test_a_dispute_needs_a_note(tracker: Store) -> None:
    with pytest.raises(ReviewError, match="a dispute needs a reason"):
        record_verdict(tracker, [PHONES], Status.DISPUTED, reviewer="Ana", note="   ")
    assert tracker.history(PHONES) == []


def test_unknown_ids_write_nothing(tracker: Store) -> None:
    with pytest.raises(NotFoundError, match="no claim with id 99"):
        record_verdict(tracker, [PHONES, 99], Status.VERIFIED, reviewer="Ana")
    assert tracker.get_claim(PHONES).status == Status.PENDING
    assert tracker.history(PHONES) == []


def test_a_stale_version_is_refused_naming_who_changed_it(tracker: Store) -> None:
    seen = tracker.get_claim(PHONES).version
    record_verdict(tracker, [PHONES], Status.VERIFIED, reviewer="Bob", note="checked")
    with pytest.raises(ConflictError) as caught:
        record_verdict(
            tracker,
            [PHONES],
            Status.DISPUTED,
            reviewer="Ana",
            note="wrong",
            expected_versions={PHONES: seen},
        )
    message = str(caught.value)
    assert message.startswith(f"claim {PHONES} was changed by Bob since it was shown to you")
    assert "pending → verified at" in message and ': "checked"' in message
    assert message.endswith("it is now verified")
    assert tracker.get_claim(PHONES).status == Status.VERIFIED
    assert [e.reviewer for e in tracker.history(PHONES)] == ["Bob"]


def test_reopen_note_and_undo_are_new_events(tracker: Store) -> None:
    verdict = record_verdict(tracker, [PHONES], Status.DISPUTED, reviewer="Ana", note="2,300")
    note = add_note(tracker, PHONES, "asked the port for the report", reviewer="Bob")
    assert (note.action, note.old_status, note.new_status) == (
        Action.NOTE,
        Status.DISPUTED,
        Status.DISPUTED,
    )
    with pytest.raises(ConflictError, match="was changed by Bob after your decision"):
        undo(tracker, verdict.events[0], reviewer="Ana")
    reopened = reopen(tracker, [PHONES, FARES], reviewer="Ana")
    assert [e.claim_id for e in reopened.events] == [PHONES]
    assert [c.id for c in reopened.unchanged] == [FARES]
    again = record_verdict(tracker, [PHONES], Status.VERIFIED, reviewer="Ana")
    back = undo(tracker, again.events[0], reviewer="Ana")
    assert (back.action, back.old_status, back.new_status) == (
        Action.UNDO,
        Status.VERIFIED,
        Status.PENDING,
    )
    assert [e.action for e in tracker.history(PHONES)] == [
        Action.DISPUTE,
        Action.NOTE,
        Action.REOPEN,
        Action.VERIFY,
        Action.UNDO,
    ]
    assert tracker.get_claim(PHONES).version == 6


def test_events_are_never_updated_or_deleted(pg_or_sqlite_tracker: Store) -> None:
    store = pg_or_sqlite_tracker
    statements: list[str] = []

    def spy(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(" ".join(statement.split()).lower())

    engine = store._engine
    sa.event.listen(engine, "before_cursor_execute", spy)
    try:
        snapshots = []
        first = record_verdict(store, [PHONES], Status.VERIFIED, reviewer="Ana")
        snapshots.append(store.history(PHONES))
        add_note(store, PHONES, "source: customs report", reviewer="Bob")
        snapshots.append(store.history(PHONES))
        undo_failed = None
        try:
            undo(store, first.events[0], reviewer="Ana")
        except ConflictError as exc:
            undo_failed = str(exc)
        reopen(store, [PHONES], reviewer="Ana", note="new figures")
        snapshots.append(store.history(PHONES))
        record_verdict(store, [PHONES], Status.DISPUTED, reviewer="Bob", note="2,300")
        final = store.history(PHONES)
    finally:
        sa.event.remove(engine, "before_cursor_execute", spy)
    assert undo_failed is not None  # Bob's note came after Ana's verdict
    # each earlier history is an unchanged prefix of the later ones
    for earlier in snapshots:
        assert final[: len(earlier)] == earlier
    assert [e.action for e in final] == [Action.VERIFY, Action.NOTE, Action.REOPEN, Action.DISPUTE]
    touched = [s for s in statements if re.match(r"(update|delete from) review_event\b", s)]
    assert touched == []
    assert any(s.startswith("insert into review_event") for s in statements)


# ---------------------------------------------------------------- CLI


def run(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_verify_dispute_reopen_on_the_command_line(runner: CliRunner, tracker: Store) -> None:
    code, out, err = run(runner, "verify", "1", "2", "8", "--note", "customs report p. 4")
    assert (code, err) == (0, "")
    assert out == (
        "claim 1: pending → verified, by Test Reviewer\n"
        "claim 2: pending → verified, by Test Reviewer\n"
        "claim 8: pending → verified, by Test Reviewer\n"
    )
    code, out, _ = run(runner, "verify", "1-2", "--reviewer", "Ana")
    assert out == "claim 1: already verified; left as is\nclaim 2: already verified; left as is\n"
    code, out, err = run(
        runner, "dispute", "2", "-m", "it was 2,300", "--evidence", "https://x.example/r"
    )
    assert (code, out) == (0, "claim 2: verified → disputed, by Test Reviewer\n")
    event = tracker.history(2)[-1]
    assert (event.note, event.evidence_url) == ("it was 2,300", "https://x.example/r")
    code, out, _ = run(runner, "reopen", "1", "2", "3")
    assert out == (
        "claim 1: verified → pending, by Test Reviewer\n"
        "claim 2: disputed → pending, by Test Reviewer\n"
        "claim 3: already pending; left as is\n"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["verify", "abc"], "Error: bad claim id 'abc'; give numbers like 12"),
        (["verify", "5-2"], "Error: bad range '5-2': it runs backwards; write 2-5"),
        (["verify", "1", "99"], "Error: no claim with id 99 in sqlite:///"),
        (["reopen", "40-41"], "Error: no claims with ids 40, 41 in sqlite:///"),
        (["verify", "1", "--reviewer", ""], "Error: --reviewer is empty"),
        (["history", "77"], "Error: no claim with id 77 in sqlite:///"),
        (["history", "1", "--format", "xml"], "Error: unknown format 'xml'; use table or json"),
        (
            ["verify", "1", "--evidence", "ministry report"],
            "Error: evidence 'ministry report' is not a web address; give an http(s) URL",
        ),
        (
            ["dispute", "1"],
            'Error: a dispute needs a reason: add --note "why the figure is wrong" '
            "(standard input is not a terminal, so factcheck cannot ask)",
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    runner: CliRunner, tracker: Store, args: list[str], message: str
) -> None:
    code, out, err = run(runner, *args)
    assert code == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert tracker.events() == []


def test_history_lists_every_event(runner: CliRunner, tracker: Store) -> None:
    code, out, _ = run(runner, "history", "1")
    assert (code, out) == (
        0,
        "claim 1 has no review events yet; it is pending "
        "(decide with 'factcheck verify 1' or 'factcheck dispute 1')\n",
    )
    run(runner, "dispute", "1", "--note", "Ledger says 2,314, Courier 2,300", "--reviewer", "Ana")
    run(runner, "reopen", "1", "--reviewer", "Bob")
    code, out, _ = run(runner, "history", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].rstrip() == "claim 1 ('2,314'): pending"
    rows = [line for line in lines if re.match(r"\s*\d+  \d{4}-", line)]
    assert len(rows) == 2
    assert re.match(
        r"\s*1  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  Ana\s+dispute  pending → disputed  "
        r"Ledger says 2,314, Courier 2,300",
        rows[0],
    )
    assert re.search(r"  Bob\s+reopen\s+disputed → pending  ", rows[1])
    assert lines[-1].rstrip() == "2 events"
    code, out, _ = run(runner, "history", "1", "--format", "json")
    import json

    data = json.loads(out)
    assert data["status"] == "pending"
    assert [(e["action"], e["reviewer"]) for e in data["events"]] == [
        ("dispute", "Ana"),
        ("reopen", "Bob"),
    ]


def test_verify_with_matches_applies_the_verdict_to_matching_claims(
    runner: CliRunner, tracker: Store
) -> None:
    code, out, _ = run(runner, "verify", str(PHONES), "--with-matches", "--note", "report p. 4")
    assert code == 0
    assert out == (
        f"claim {PHONES}: pending → verified, by Test Reviewer\n"
        f"claim {COURIER_PHONES}: pending → verified (match of claim {PHONES}), by Test Reviewer\n"
        f"claim {GAZETTE_PHONES}: pending → verified (match of claim {PHONES}), by Test Reviewer\n"
    )
    assert tracker.get_claim(CONTAINERS).status == Status.PENDING


def test_reviewer_env_is_used_by_the_commands(
    runner: CliRunner, tracker: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_REVIEWER", "Desk Two")
    code, out, _ = run(runner, "verify", "3")
    assert (code, out) == (0, "claim 3: pending → verified, by Desk Two\n")
    assert os.environ["FACTCHECK_REVIEWER"] == "Desk Two"


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "1"],
        ["dispute", "1", "--note", "x"],
        ["reopen", "1"],
        ["history", "1"],
        ["review"],
    ],
)
def test_no_tracker_is_an_error_not_a_new_file(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    missing = tmp_path / "elsewhere.db"
    result = runner.invoke(app, [*args, "--db", str(missing)], input="q")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no tracker at {missing}; run 'factcheck ingest FILE' to start one there, "
        "or point --db / FACTCHECK_DB at yours\n"
    )
    assert not missing.exists()


def test_dispute_with_matches_gives_each_the_reason(runner: CliRunner, tracker: Store) -> None:
    code, out, _ = run(
        runner, "dispute", str(COURIER_PHONES), "--with-matches", "-m", "customs say 2,314"
    )
    assert code == 0
    assert out.splitlines() == [
        f"claim {COURIER_PHONES}: pending → disputed, by Test Reviewer",
        f"claim {PHONES}: pending → disputed (match of claim {COURIER_PHONES}), by Test Reviewer",
        f"claim {GAZETTE_PHONES}: pending → disputed (match of claim {COURIER_PHONES}), "
        "by Test Reviewer",
    ]
    assert {e.note for e in tracker.events()} == {"customs say 2,314"}
