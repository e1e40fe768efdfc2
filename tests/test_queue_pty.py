"""The review queue and the dispute prompt in a real pseudo-terminal (pexpect), including two
reviewers at once on one tracker (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_review import COURIER_PHONES, DEVICES, GAZETTE_PHONES, PHONES, fill

from factcheck.models import Action, Status
from factcheck.store import Store

pexpect = pytest.importorskip("pexpect")

FACTCHECK = Path(sys.executable).parent / "factcheck"
TIMEOUT = 20
PROMPT = r"\[v/d/n/s/b/u/o/q\][^>]*> "


@pytest.fixture
def db(db_url: str) -> Iterator[str]:
    with Store.open(db_url) as store:
        fill(store)
    yield db_url


def spawn(args: list[str], reviewer: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "FACTCHECK_REVIEWER": reviewer,
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
    }
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        str(FACTCHECK), args, env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 120)
    )
    return child


def header(child: pexpect.spawn, claim_id: int) -> None:
    child.expect(rf"claim {claim_id} · \d+ shown")
    child.expect(PROMPT)


def test_queue_in_a_terminal(db: str) -> None:
    child = spawn(["review", "--db", db], "Ana")
    child.expect(rf"claim {DEVICES} · 1 shown · 0 done · 8 left")
    child.expect(PROMPT)
    screen = child.before
    # the number is highlighted with an escape sequence, the words are plain text
    assert re.search(r"\x1b\[[0-9;]*m2,314\x1b\[", screen)
    assert "Hamid Selassi" in screen
    child.send("v")
    header(child, PHONES)
    child.send("d")
    child.expect("Why is it disputed\\? ")
    child.sendline("the port says 2,300")
    header(child, GAZETTE_PHONES)
    child.send("o")
    child.expect("https://gazette.example/ferry")
    child.expect(PROMPT)
    child.send("u")
    child.expect(f"Undone: claim {PHONES} is pending again.")
    header(child, PHONES)
    child.send("q")
    child.expect("Reviewed 3 claims: 1 verified, 0 disputed, 0 skipped, 0 notes, 1 undone")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with Store.open(db) as store:
        assert store.get_claim(DEVICES).status == Status.VERIFIED
        assert [e.action for e in store.history(PHONES)] == [Action.DISPUTE, Action.UNDO]


def test_ctrl_c_in_the_queue_ends_it_with_the_summary(db: str) -> None:
    child = spawn(["review", "--db", db], "Ana")
    child.expect(PROMPT)
    child.send("\x03")
    child.expect("Reviewed 1 claim: 0 verified")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_dispute_asks_for_the_reason_on_a_terminal(db: str) -> None:
    child = spawn(["dispute", str(PHONES), "--db", db], "Ana")
    child.expect("Why is it disputed\\?")
    child.sendline("Ledger rounded the customs figure")
    child.expect(f"claim {PHONES}: pending → disputed, by Ana")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with Store.open(db) as store:
        assert store.history(PHONES)[0].note == "Ledger rounded the customs figure"


def test_two_reviewers_on_one_tracker(db: str) -> None:
    """Ana and Bob see the same claim; Ana decides first; Bob is told and asked again."""
    ana = spawn(["review", "--db", db], "Ana")
    bob = spawn(["review", "--db", db], "Bob")
    for child in (ana, bob):
        child.expect(rf"claim {DEVICES} · 1 shown")
        child.expect(PROMPT)
    ana.send("v")
    header(ana, PHONES)
    bob.send("d")
    bob.expect(
        rf"Not recorded: claim {DEVICES} was changed by Ana since it was shown to you "
        r"\(pending → verified at [\d-]+ [\d:]+\); it is now verified\. Decide again\."
    )
    # shown again as it is now: verified, still Bob's to decide
    bob.expect(rf"claim {DEVICES} · 1 shown")
    bob.expect("· verified ·")
    bob.expect(PROMPT)
    bob.send("d")
    bob.expect("Why is it disputed\\? ")
    bob.sendline("the quote says devices, not phones")
    header(bob, PHONES)
    # now Bob is ahead on PHONES too; Ana decides it from her stale screen
    bob.send("v")
    header(bob, GAZETTE_PHONES)
    ana.send("v")
    ana.expect(rf"Not recorded: claim {PHONES} was changed by Bob since it was shown to you")
    ana.expect(PROMPT)
    for child in (ana, bob):
        child.send("q")
        child.expect("Reviewed")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    with Store.open(db) as store:
        assert [(e.reviewer, e.old_status, e.new_status) for e in store.history(DEVICES)] == [
            ("Ana", Status.PENDING, Status.VERIFIED),
            ("Bob", Status.VERIFIED, Status.DISPUTED),
        ]
        assert [e.reviewer for e in store.history(PHONES)] == ["Bob"]
        assert store.history(COURIER_PHONES) == []
