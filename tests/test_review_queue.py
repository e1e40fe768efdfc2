"""The review queue: its ordering (SQL and Python agree), its state machine against a fake
store, and the ``factcheck review`` command driven through CliRunner input."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from test_review import (
    BANANAS,
    CONTAINERS,
    COURIER_PHONES,
    DEVICES,
    FARES,
    GAZETTE_PHONES,
    PERCENT40,
    PHONES,
    THREE,
    fill,
)
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import ConflictError, NotFoundError
from factcheck.models import (
    Action,
    Claim,
    Document,
    Kind,
    LookupResult,
    Outcome,
    Qualifier,
    ReviewEvent,
    Source,
    Status,
    StoredClaim,
)
from factcheck.review.matches import Match
from factcheck.review.queue import ClaimView, QueueFilter, ReviewQueue, StoreFeed, paragraph_of
from factcheck.store import Store
from factcheck.store.matching import is_precise, priority, queue_order

NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)

# ---------------------------------------------------------------- ordering


def c(value: float, **fields: object) -> Claim:
    return Claim(start=0, end=1, mention="x", value=value, sentence="x", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value, precise",
    [
        (1623, True),
        (1600, False),
        (12.5, True),
        (4.5, False),
        (45, False),
        (125, True),
        (0.3, False),
        (0.6667, False),
        (3, False),
        (1.2e9, False),
        (4.37e9, True),
        (-1623, True),
        (2.5e16, False),  # beyond the ladder: no points rather than a wrong guess
    ],
)
def test_precise_means_three_significant_digits(value: float, precise: bool) -> None:
    assert is_precise(value) is precise


ORDERING_CASES = [
    # (claim, points): quoted speaker, big and precise numbers first
    (c(1623, quote=True, speaker="Khiam", unit="jihadist"), 3 + 1 + 2),
    (c(1623, speaker="the ministry", unit="jihadist"), 2 + 1 + 2),
    (c(1600, unit="jihadist", qualifier=Qualifier.APPROXIMATELY), 0 + 1 + 0 - 1),
    (c(1.2e9, kind=Kind.MONEY, unit="usd"), 2),
    (c(4.37e9, kind=Kind.MONEY, unit="usd"), 2 + 2),
    (c(45, kind=Kind.PERCENT, unit="percent", quote=True), 3),
    (c(12.5, kind=Kind.PERCENT, unit="percent"), 2),
    (c(0.5, kind=Kind.FRACTION, qualifier=Qualifier.APPROXIMATELY), -1),
    (c(0.6667, kind=Kind.FRACTION), 0),
    (c(3, unit="member"), 0),
    (c(137, kind=Kind.RANK), 0),
    (c(2_500_000, unit="person", speaker=""), 2),
    (c(34, kind=Kind.AGE, speaker="police"), 2),
]


@pytest.mark.parametrize("claim, points", ORDERING_CASES)
def test_priority_points(claim: Claim, points: int) -> None:
    assert priority(claim) == points


def test_the_store_orders_the_queue_by_the_rule(db_url: str) -> None:
    text = "x" * 10
    with Store.open(db_url) as store:
        store.add_document(Document(text=text, title="t"), [cl for cl, _ in ORDERING_CASES])
        stored = store.claims()
        assert len(stored) == len(ORDERING_CASES)
        expected = sorted(
            ((points, cl.id) for cl, (_, points) in zip(stored, ORDERING_CASES, strict=True)),
            key=lambda p: (-p[0], p[1]),
        )
        assert queue_order(store) == expected
        # pages of 3 through the feed: the same order, each claim once
        feed = StoreFeed(store, QueueFilter())
        paged: list[tuple[int, int]] = []
        after = None
        while page := feed.page(after, 3):
            paged.extend(page)
            after = page[-1]
        assert paged == expected and feed.count() == len(expected)
        # the filters are those of Store.claims()
        percent = queue_order(store, kind=Kind.PERCENT)
        assert [i for _, i in percent] == [
            i for _, i in expected if store.get_claim(i).claim.kind == Kind.PERCENT
        ]
        assert [i for _, i in queue_order(store, speaker="MINISTRY")] == [stored[1].id]


# ---------------------------------------------------------------- fake store


class FakeStore:
    """The store methods the queue uses, in memory, with the same version rule."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.source = Source(
            id=1,
            text="\n".join(cl.sentence for cl in claims),
            content_hash="h",
            ingested_at=NOW,
            title="Harbour Courier",
            url="https://courier.example/a",
        )
        self.claims: dict[int, StoredClaim] = {}
        offset = 0
        for i, cl in enumerate(claims, start=1):
            shifted = replace(
                cl,
                start=cl.start + offset,
                end=cl.end + offset,
                sentence_start=offset,
                sentence_end=offset + len(cl.sentence),
            )
            offset += len(cl.sentence) + 1
            self.claims[i] = StoredClaim(i, 1, shifted, Status.PENDING, 1, NOW, NOW)
        self.events: list[ReviewEvent] = []
        self.lookup_results: dict[int, list[LookupResult]] = {}

    def get_claim(self, claim_id: int) -> StoredClaim:
        if claim_id not in self.claims:
            raise NotFoundError(f"no claim with id {claim_id}")
        return self.claims[claim_id]

    def get_claims(self, ids: Sequence[int]) -> list[StoredClaim]:
        return [self.get_claim(i) for i in ids]

    def get_source(self, source_id: int) -> Source:
        return self.source

    def record_review(
        self,
        claim_id: int,
        *,
        action: Action,
        new_status: Status,
        reviewer: str,
        note: str | None = None,
        evidence_url: str | None = None,
        expected_version: int | None = None,
    ) -> ReviewEvent:
        claim = self.get_claim(claim_id)
        if expected_version is not None and expected_version != claim.version:
            raise ConflictError(f"claim {claim_id} changed")
        event = ReviewEvent(
            len(self.events) + 1,
            claim_id,
            reviewer,
            action,
            claim.status,
            new_status,
            NOW,
            note,
            evidence_url,
        )
        self.events.append(event)
        self.claims[claim_id] = replace(claim, status=new_status, version=claim.version + 1)
        return event

    def history(self, claim_id: int) -> list[ReviewEvent]:
        return [e for e in self.events if e.claim_id == claim_id]

    def lookups(self, claim_id: int) -> list[LookupResult]:
        return self.lookup_results.get(claim_id, [])


class ListFeed:
    """Claims in the order of ``priority``, pages of ``limit``, of one status (None: all)."""

    def __init__(self, store: FakeStore, status: Status | None = Status.PENDING) -> None:
        self.store = store
        self.status = status

    def _all(self) -> list[tuple[int, int]]:
        pending = [c for c in self.store.claims.values() if self.status in (None, c.status)]
        return sorted(((priority(c.claim), c.id) for c in pending), key=lambda p: (-p[0], p[1]))

    def page(self, after: tuple[int, int] | None, limit: int) -> list[tuple[int, int]]:
        rows = self._all()
        if after is not None:
            rows = [r for r in rows if (-r[0], r[1]) > (-after[0], after[1])]
        return rows[:limit]

    def count(self) -> int:
        return len(self._all())


class ScriptUI:
    """Keys and lines from lists; a transcript of what was shown and said."""

    def __init__(
        self, keys: str, lines: Sequence[str] = (), before_key: Callable[[int], None] | None = None
    ) -> None:
        self.keys = list(keys)
        self.lines = list(lines)
        self.shown: list[ClaimView] = []
        self.said: list[str] = []
        self.prompts: list[str] = []
        self.before_key = before_key

    def show(self, view: ClaimView) -> None:
        self.shown.append(view)

    def key(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if self.before_key:
            self.before_key(len(self.prompts))
        return self.keys.pop(0) if self.keys else ""

    def ask(self, prompt: str) -> str | None:
        return self.lines.pop(0) if self.lines else None

    def say(self, message: str) -> None:
        self.said.append(message)


SENTENCES = [
    # id 1..4; priorities 6, 0, 4, 2
    c(2314, quote=True, speaker="Hamid Selassi", unit="phone"),
    c(3, unit="container"),
    c(12.5, kind=Kind.PERCENT, unit="percent", speaker="the operator"),
    c(1500, unit="container", speaker="port"),
]
TEXTS = [
    '"We found 2,314 devices," he said.',
    "Three containers were opened.",
    "Fares will rise by 12.5%, the operator said.",
    "The port handled 1,500 containers, the port said.",
]
MENTIONS = ["2,314", "Three", "12.5%", "1,500"]


def fake() -> FakeStore:
    claims = []
    for cl, text, mention in zip(SENTENCES, TEXTS, MENTIONS, strict=True):
        at = text.index(mention)
        claims.append(replace(cl, start=at, end=at + len(mention), mention=mention, sentence=text))
    return FakeStore(claims)


def run_queue(store: FakeStore, ui: ScriptUI, reviewer: str = "Ana") -> ReviewQueue:
    queue = ReviewQueue(
        store,  # type: ignore[arg-type]
        ListFeed(store),
        reviewer=reviewer,
        matcher=lambda s, cl: (),
        page_size=2,
    )
    queue.run(ui)
    return queue


def statuses(store: FakeStore) -> dict[int, str]:
    return {i: str(cl.status) for i, cl in store.claims.items()}


def test_keys_decide_in_priority_order_and_the_summary_counts() -> None:
    store = fake()
    ui = ScriptUI("vdsv", lines=["the report says 2,300"])
    queue = run_queue(store, ui)
    assert [v.claim.id for v in ui.shown] == [1, 3, 4, 2]
    assert statuses(store) == {1: "verified", 2: "verified", 3: "disputed", 4: "pending"}
    assert store.events[1].note == "the report says 2,300"
    # progress: position, decisions so far, claims not yet shown
    assert [(v.position, v.done, v.left) for v in ui.shown] == [
        (1, 0, 3),
        (2, 1, 2),
        (3, 2, 1),
        (4, 2, 0),
    ]
    s = queue.summary
    assert (s.verified, s.disputed, s.skipped, s.shown, s.left) == (2, 1, 1, 4, 0)
    assert s.line() == (
        "Reviewed 4 claims: 2 verified, 1 disputed, 1 skipped, 0 notes, 0 undone; "
        "0 left in the queue."
    )


def test_a_dispute_without_a_reason_records_nothing_and_asks_again() -> None:
    store = fake()
    ui = ScriptUI("ddq", lines=["   ", "the port says 2,300"])
    run_queue(store, ui)
    assert ui.said == ["A dispute needs a reason; nothing recorded."]
    assert [(e.claim_id, e.action, e.note) for e in store.events] == [
        (1, Action.DISPUTE, "the port says 2,300")
    ]


def test_back_shows_the_claim_again_and_a_new_decision_replaces_the_old() -> None:
    store = fake()
    ui = ScriptUI("vbdbq", lines=["wrong after all"])
    queue = run_queue(store, ui)
    assert [v.claim.id for v in ui.shown] == [1, 3, 1, 3, 1]
    assert ui.said == []
    assert [(e.claim_id, e.old_status, e.new_status) for e in store.events] == [
        (1, Status.PENDING, Status.VERIFIED),
        (1, Status.VERIFIED, Status.DISPUTED),
    ]
    assert ui.shown[2].claim.status == Status.VERIFIED  # read fresh, not remembered
    assert queue.summary.shown == 2


def test_back_at_the_first_claim_says_so() -> None:
    ui = ScriptUI("bq")
    run_queue(fake(), ui)
    assert ui.said == ["This is the first claim of the session."]


def test_undo_writes_a_new_event_and_returns_to_the_claim() -> None:
    store = fake()
    ui = ScriptUI("vuuq")
    queue = run_queue(store, ui)
    assert [v.claim.id for v in ui.shown] == [1, 3, 1]
    assert ui.said == ["Undone: claim 1 is pending again.", "Nothing to undo in this session."]
    assert [(e.action, e.new_status) for e in store.events] == [
        (Action.VERIFY, Status.VERIFIED),
        (Action.UNDO, Status.PENDING),
    ]
    assert (queue.summary.verified, queue.summary.undone) == (0, 1)


def test_a_conflict_names_who_changed_the_claim_and_asks_again() -> None:
    store = fake()

    def bob_decides_first(prompt_number: int) -> None:
        if prompt_number == 1:  # while claim 1 is on Ana's screen
            store.record_review(1, action=Action.VERIFY, new_status=Status.VERIFIED, reviewer="Bob")

    # one reason only: the conflict is found before the reason is asked for
    ui = ScriptUI("ddq", lines=["2,300 per the port"], before_key=bob_decides_first)
    queue = run_queue(store, ui)
    assert len(ui.said) == 1 and ui.lines == []
    assert ui.said[0].startswith(
        "Not recorded: claim 1 was changed by Bob since it was shown to you "
        "(pending → verified at 2026-03-14 09:30); it is now verified. Decide again."
    )
    # shown again as it is now, then Ana's dispute lands on Bob's version
    assert [(v.claim.id, v.claim.status) for v in ui.shown[:2]] == [
        (1, Status.PENDING),
        (1, Status.VERIFIED),
    ]
    assert [(e.reviewer, e.old_status, e.new_status) for e in store.events] == [
        ("Bob", Status.PENDING, Status.VERIFIED),
        ("Ana", Status.VERIFIED, Status.DISPUTED),
    ]
    assert queue.summary.conflicts == 1


def test_a_claim_decided_elsewhere_before_its_turn_is_skipped() -> None:
    store = fake()

    def bob_takes_claim_3(prompt_number: int) -> None:
        if prompt_number == 1:
            store.record_review(3, action=Action.VERIFY, new_status=Status.VERIFIED, reviewer="Bob")

    ui = ScriptUI("sq", before_key=bob_takes_claim_3)
    run_queue(store, ui)
    assert ui.said == ["Claim 3 was just marked verified by Bob; skipped."]
    assert [v.claim.id for v in ui.shown] == [1, 4]


def test_a_note_keeps_the_status_and_the_next_verdict_is_not_a_conflict() -> None:
    store = fake()
    ui = ScriptUI("nvq", lines=["called the port press office"])
    queue = run_queue(store, ui)
    assert ui.said == ["Note added."]
    assert [(e.action, e.new_status) for e in store.events] == [
        (Action.NOTE, Status.PENDING),
        (Action.VERIFY, Status.VERIFIED),
    ]
    assert queue.summary.notes == 1


def test_enter_takes_the_key_a_lookup_suggests() -> None:
    store = fake()
    store.lookup_results[1] = [
        LookupResult(1, "https://port.example/report", Outcome.CONFLICT, NOW)
    ]
    store.lookup_results[3] = [LookupResult(3, "https://ferry.example", Outcome.MATCH, NOW)]
    ui = ScriptUI("\r\r\n\rq", lines=["the report says 2,300"])
    run_queue(store, ui)
    assert [v.suggested for v in ui.shown[:3]] == ["d", "v", None]
    assert ui.prompts[0] == "[v/d/n/s/b/u/o/q] [Enter = d dispute] > "
    assert statuses(store) == {1: "disputed", 2: "pending", 3: "verified", 4: "pending"}


def test_o_prints_the_source_url_and_unknown_keys_print_help() -> None:
    ui = ScriptUI("ox?q")
    run_queue(fake(), ui)
    assert ui.said[0] == "https://courier.example/a"
    assert ui.said[1].startswith("Keys: v verify  d dispute  n note  s skip  b back  u undo")
    assert ui.said[1] == ui.said[2]


def test_the_end_of_the_queue_still_allows_undo() -> None:
    store = fake()
    ui = ScriptUI("vvvvuq")
    queue = run_queue(store, ui)
    assert "That was the last claim: u undo, b back, any other key finishes." in ui.said
    assert statuses(store) == {1: "verified", 2: "pending", 3: "verified", 4: "verified"}
    assert queue.summary.verified == 3 and queue.summary.undone == 1


def test_the_paragraph_holds_the_sentence_and_the_number() -> None:
    store = fake()
    ui = ScriptUI("q")
    run_queue(store, ui)
    view = ui.shown[0]
    assert view.paragraph[slice(*view.mention_at)] == "2,314"
    assert view.paragraph[slice(*view.sentence_at)] == TEXTS[0]


@pytest.mark.parametrize(
    "text, start, end, paragraph",
    [
        ("Title\n\nFirst one. Second 12.\n\nLast.", 18, 28, "First one. Second 12."),
        ("No breaks at all.", 0, 17, "No breaks at all."),
        ("a\nb", 5, 6, ""),
    ],
)
def test_paragraph_of(text: str, start: int, end: int, paragraph: str) -> None:
    assert paragraph_of(text, start, end)[0] == paragraph


def test_matches_are_shown_with_their_verdicts() -> None:
    store = fake()
    other = replace(store.claims[4], id=40, status=Status.DISPUTED)
    ui = ScriptUI("q")
    queue = ReviewQueue(
        store,  # type: ignore[arg-type]
        ListFeed(store),
        reviewer="Ana",
        matcher=lambda s, cl: [Match(other, 80.0, "Alder Gazette")],
    )
    queue.run(ui)
    assert ui.shown[0].matches_line == "disputed once before: #40 (Alder Gazette)"


# ---------------------------------------------------------------- the command


@pytest.fixture
def tracker() -> Iterator[Store]:
    with Store.open() as store:
        fill(store)
        yield store


def test_review_command_orders_decides_and_summarises(runner: CliRunner, tracker: Store) -> None:
    result = runner.invoke(app, ["review"], input="vdthe port says 2,300\nsq")
    assert result.exit_code == 0, result.output
    out = result.stdout
    headers = re.findall(r"claim (\d+) · (\d+) shown · (\d+) done · (\d+) left", out)
    assert headers == [
        (str(DEVICES), "1", "0", "8"),
        (str(PHONES), "2", "1", "7"),
        (str(GAZETTE_PHONES), "3", "2", "6"),
        (str(FARES), "4", "2", "5"),
    ]
    # the first claim: sentence, speaker, source, matches
    first = out.split("claim 1 · 2 shown")[0]
    assert '"We found 2,314 devices hidden in three containers," he told reporters.' in first
    assert "speaker  Hamid Selassi, port director (quoted)" in first
    assert "source  #1 Customs seize 2,314 counterfeit phones at Port Alder · Daily Ledger" in first
    assert "claim  2,314 · count · device · pending · priority 6" in first
    assert "matches  no matching claims in other sources" in first
    second = out.split("claim 1 · 2 shown")[1]
    assert (
        f"matches  2 pending: #{COURIER_PHONES} (Fake phones seized in Port Alder raid), "
        f"#{GAZETTE_PHONES} (Port Alder ferry fares rise)"
    ) in second
    assert "Why is it disputed? the port says 2,300" in out
    assert out.splitlines()[-1] == (
        "Reviewed 4 claims: 1 verified, 1 disputed, 1 skipped, 0 notes, 0 undone; "
        "5 left in the queue."
    )
    assert tracker.get_claim(DEVICES).status == Status.VERIFIED
    assert tracker.get_claim(PHONES).status == Status.DISPUTED
    assert tracker.get_claim(GAZETTE_PHONES).status == Status.PENDING
    # the next session shows the matches' verdicts and starts after the decided ones
    result = runner.invoke(app, ["review"], input="q")
    assert f"claim {GAZETTE_PHONES} · 1 shown · 0 done · 6 left" in result.stdout
    assert f"matches  disputed once before: #{PHONES}" in result.stdout


@pytest.mark.parametrize(
    "args, first, count",
    [
        (["--source", "2"], COURIER_PHONES, 2),
        (["--kind", "percent"], FARES, 2),
        (["--speaker", "selassi"], DEVICES, 3),
        (["--status", "all"], DEVICES, 9),
    ],
)
def test_review_filters(
    runner: CliRunner, tracker: Store, args: list[str], first: int, count: int
) -> None:
    result = runner.invoke(app, ["review", *args], input="q")
    assert result.exit_code == 0
    assert f"claim {first} · 1 shown · 0 done · {count - 1} left" in result.stdout


def test_review_of_an_empty_selection(runner: CliRunner, tracker: Store) -> None:
    result = runner.invoke(app, ["review", "--status", "verified"], input="q")
    assert result.exit_code == 0
    assert result.stdout.startswith("No claims to review here.")
    assert "Reviewed 0 claims" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--status", "done"],
            "Error: unknown status 'done'; use pending, verified, disputed or all",
        ),
        (["--kind", "weight"], "Error: unknown kind 'weight'; use one of count, percent"),
        (["--source", "42"], "Error: no source"),
    ],
)
def test_review_bad_options(
    runner: CliRunner, tracker: Store, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["review", *args], input="q")
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_order_of_the_sample_queue(tracker: Store) -> None:
    feed = StoreFeed(tracker, QueueFilter())
    assert [i for _, i in feed.page(None, 20)] == [
        DEVICES,
        PHONES,
        GAZETTE_PHONES,
        FARES,
        THREE,
        COURIER_PHONES,
        PERCENT40,
        CONTAINERS,
        BANANAS,
    ]
    assert feed.count() == 9


def test_the_queue_offers_the_latest_lookup_outcome(runner: CliRunner, tracker: Store) -> None:
    from factcheck.models import Passage

    text = "Customs figures show 2,300 phones were seized in March."
    tracker.record_lookup(
        LookupResult(
            claim_id=DEVICES,
            url="https://customs.example/march",
            outcome=Outcome.CONFLICT,
            fetched_at=NOW,
            http_status=200,
            passages=(Passage(text, 21, 26, "2,300", 2300.0, 0.9),),
        )
    )
    result = runner.invoke(app, ["review"], input="\rthe customs page says 2,300\nq")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        '  lookup  conflict at https://customs.example/march: "Customs figures show 2,300 '
        'phones were seized in March."'
    ) in out
    assert "[v/d/n/s/b/u/o/q] [Enter = d dispute] > Enter" in out
    event = tracker.history(DEVICES)[-1]
    assert (event.action, event.note) == (Action.DISPUTE, "the customs page says 2,300")


def test_a_verdict_the_claim_already_has_asks_for_nothing() -> None:
    store = fake()
    store.record_review(1, action=Action.DISPUTE, new_status=Status.DISPUTED, reviewer="Bob")
    ui = ScriptUI("dnq", lines=["Ana agrees with Bob"])
    queue = ReviewQueue(
        store,  # type: ignore[arg-type]
        ListFeed(store, status=None),
        reviewer="Ana",
        where=QueueFilter(status=None),
        matcher=lambda s, cl: (),
    )
    queue.run(ui)
    assert ui.said == ["Claim 1 is already disputed; n adds a note, s moves on.", "Note added."]
    assert [(e.reviewer, e.action) for e in store.events] == [
        ("Bob", Action.DISPUTE),
        ("Ana", Action.NOTE),
    ]


@pytest.mark.parametrize(
    "speaker, found",
    [
        ("O'Brien", [1]),
        ("o'b", [1]),
        ("100%", [2]),
        ("x'; DROP TABLE claim; --", []),
        ("_", []),  # LIKE wildcards are literal characters here
    ],
)
def test_queue_filters_take_any_text_safely(db_url: str, speaker: str, found: list[int]) -> None:
    with Store.open(db_url) as store:
        store.add_document(
            Document(text="x" * 10, title="t"),
            [c(1623, speaker="Sean O'Brien"), c(5, speaker="100% Sure Ltd"), c(7)],
        )
        assert [i for _, i in queue_order(store, speaker=speaker)] == found
        assert store.count_claims() == 3
