"""The interactive review queue as a state machine: claims in, keys in, events out.

``ReviewQueue.run(ui)`` shows one claim at a time through a ``QueueUI`` (the
terminal in ``factcheck review``, a list of keys in tests) and turns each key
into a store call. It never loads the whole queue: ``ClaimFeed`` hands out
claim ids a page at a time, best first (``factcheck.store.matching.priority``),
and each claim is read fresh just before it is shown, so the version a
decision names is the version the reviewer saw.

Keys: v verify, d dispute (asks for a reason), n note, s skip, b back,
u undo the last decision, o print the source URL, q quit; Enter takes the
suggested key when a lookup suggests one.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from factcheck.errors import ConflictError, ReviewError
from factcheck.models import (
    Kind,
    LookupResult,
    Outcome,
    ReviewEvent,
    Source,
    Status,
    StoredClaim,
)
from factcheck.review import ReviewStore, add_note, conflict_message, record_verdict, undo
from factcheck.review.matches import Match, verdict_summary

__all__ = [
    "KEYS",
    "ClaimFeed",
    "ClaimView",
    "QueueFilter",
    "QueueUI",
    "ReviewQueue",
    "StoreFeed",
    "Summary",
    "paragraph_of",
]

KEYS = {
    "v": "verify",
    "d": "dispute",
    "n": "note",
    "s": "skip",
    "b": "back",
    "u": "undo",
    "o": "open source URL",
    "q": "quit",
}
KEY_HELP = "  ".join(f"{k} {v}" for k, v in KEYS.items())
# what a lookup outcome suggests, taken with Enter
SUGGESTED = {Outcome.MATCH: "v", Outcome.CONFLICT: "d"}
QUIT_KEYS = {"q", "Q", "", "\x03", "\x04"}  # q, end of input, Ctrl-C, Ctrl-D
# a paragraph longer than this is cut around the sentence
MAX_PARAGRAPH = 1200


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which claims the queue holds."""

    status: Status | None = Status.PENDING
    source_id: int | None = None
    speaker: str | None = None
    kind: Kind | None = None


class ClaimFeed(Protocol):
    """Claim ids in queue order, a page at a time, and how many there are."""

    def page(self, after: tuple[int, int] | None, limit: int) -> list[tuple[int, int]]: ...

    def count(self) -> int: ...


class StoreFeed:
    """A ``ClaimFeed`` over a real Store: the queue's order read once, pages from memory.

    The order is a snapshot taken when the queue opens (one pass over five columns,
    ``factcheck.store.matching.queue_order``); claims decided by somebody else
    afterwards are skipped when their turn comes, since each is read again then.
    """

    def __init__(self, store: object, where: QueueFilter) -> None:
        self.store = store
        self.where = where
        self._order: list[tuple[int, int]] | None = None

    def _all(self) -> list[tuple[int, int]]:
        if self._order is None:
            from factcheck.store.matching import queue_order
            from factcheck.store.reads import Reads

            assert isinstance(self.store, Reads)
            w = self.where
            self._order = queue_order(
                self.store, status=w.status, source_id=w.source_id, speaker=w.speaker, kind=w.kind
            )
        return self._order

    def page(self, after: tuple[int, int] | None, limit: int) -> list[tuple[int, int]]:
        """Return the next (priority, id) pairs after the cursor."""
        order = self._all()
        start = 0
        if after is not None:
            # the order is sorted by (-priority, id): find the cursor by bisection
            start = bisect.bisect_right(order, (-after[0], after[1]), key=lambda p: (-p[0], p[1]))
        return order[start : start + limit]

    def count(self) -> int:
        """Return how many claims the queue holds."""
        return len(self._all())


@dataclass(frozen=True, slots=True)
class ClaimView:
    """Everything the reviewer sees for one claim."""

    claim: StoredClaim
    source: Source
    priority: int | None
    paragraph: str
    # where the sentence and the number sit inside ``paragraph`` (-1 when not found)
    sentence_at: tuple[int, int]
    mention_at: tuple[int, int]
    matches: tuple[Match, ...]
    matches_line: str
    lookup: LookupResult | None
    suggested: str | None
    position: int  # 1-based place of this claim in this session
    done: int
    left: int


@dataclass(slots=True)
class Summary:
    """What a queue session did."""

    verified: int = 0
    disputed: int = 0
    notes: int = 0
    skipped: int = 0
    undone: int = 0
    conflicts: int = 0
    shown: int = 0
    left: int = 0
    events: list[ReviewEvent] = field(default_factory=list)

    @property
    def decided(self) -> int:
        """Verdicts that stand (verified + disputed, undone ones taken off)."""
        return self.verified + self.disputed

    def line(self) -> str:
        """Return the one-line summary printed when the queue ends."""
        return (
            f"Reviewed {self.shown} claim{'s' if self.shown != 1 else ''}: "
            f"{self.verified} verified, {self.disputed} disputed, {self.skipped} skipped, "
            f"{self.notes} note{'s' if self.notes != 1 else ''}, {self.undone} undone"
            + (
                f", {self.conflicts} conflict{'s' if self.conflicts != 1 else ''}"
                if self.conflicts
                else ""
            )
            + f"; {self.left} left in the queue."
        )


class QueueUI(Protocol):
    """The terminal side of the queue."""

    def show(self, view: ClaimView) -> None:
        """Display one claim."""

    def key(self, prompt: str) -> str:
        """Return one key press ('' at end of input)."""

    def ask(self, prompt: str) -> str | None:
        """Return one line of text, None at end of input."""

    def say(self, message: str) -> None:
        """Print a message."""


def paragraph_of(text: str, start: int, end: int) -> tuple[str, int]:
    """Return the paragraph (line) of ``text`` holding [start, end) and its offset in ``text``."""
    if not text or not 0 <= start <= end <= len(text):
        return "", 0
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    if right - left > MAX_PARAGRAPH:
        # a text without line breaks: keep a window around the sentence
        room = max(0, (MAX_PARAGRAPH - (end - start)) // 2)
        left, right = max(left, start - room), min(right, end + room)
    return text[left:right], left


Matcher = Callable[[ReviewStore, StoredClaim], Sequence[Match]]


def _no_matches(store: ReviewStore, claim: StoredClaim) -> Sequence[Match]:
    return ()


class ReviewQueue:
    """One reviewer's pass over a queue of claims; ``run(ui)`` returns the summary."""

    def __init__(
        self,
        store: ReviewStore,
        feed: ClaimFeed,
        *,
        reviewer: str,
        where: QueueFilter | None = None,
        matcher: Matcher | None = None,
        page_size: int = 50,
    ) -> None:
        self.store = store
        self.feed = feed
        self.reviewer = reviewer
        self.where = where or QueueFilter()
        if matcher is None:
            from factcheck.review.matches import find_matches

            matcher = find_matches
        self.matcher: Matcher = matcher
        self.page_size = page_size
        self.summary = Summary()
        self._cursor: tuple[int, int] | None = None
        self._upcoming: deque[tuple[int, int]] = deque()
        self._exhausted = False
        self._trail: list[int] = []  # claim ids shown, in order
        self._priority: dict[int, int] = {}
        self._pos = -1
        self._decisions: list[ReviewEvent] = []  # undo stack, this session only
        self._sources: OrderedDict[int, Source] = OrderedDict()
        self._total = 0
        self._quitting = False

    # ------------------------------------------------------------ moving

    def _next_id(self) -> int | None:
        while True:
            if not self._upcoming and not self._exhausted:
                page = self.feed.page(self._cursor, self.page_size)
                if len(page) < self.page_size:
                    self._exhausted = True
                if page:
                    self._cursor = page[-1]
                self._upcoming.extend(page)
            if not self._upcoming:
                return None
            score, claim_id = self._upcoming.popleft()
            if claim_id in self._priority:
                continue
            self._priority[claim_id] = score
            return claim_id

    def _forward(self, ui: QueueUI) -> StoredClaim | None:
        """Move to the next claim: one shown before (after going back) or a new one."""
        if self._pos + 1 < len(self._trail):
            self._pos += 1
            return self.store.get_claim(self._trail[self._pos])
        while True:
            claim_id = self._next_id()
            if claim_id is None:
                return None
            claim = self.store.get_claim(claim_id)
            wanted = self.where.status
            if wanted is not None and claim.status != wanted:
                # decided by somebody else after the page was read
                events = self.store.history(claim_id)
                who = events[-1].reviewer if events else "somebody else"
                ui.say(f"Claim {claim_id} was just marked {claim.status} by {who}; skipped.")
                continue
            self._trail.append(claim_id)
            self._pos = len(self._trail) - 1
            self.summary.shown += 1
            return claim

    # ------------------------------------------------------------ showing

    def _source(self, source_id: int) -> Source:
        if source_id in self._sources:
            self._sources.move_to_end(source_id)
            return self._sources[source_id]
        source = self.store.get_source(source_id)
        self._sources[source_id] = source
        if len(self._sources) > 32:
            self._sources.popitem(last=False)
        return source

    def _lookup(self, claim_id: int) -> LookupResult | None:
        lookups = getattr(self.store, "lookups", None)
        if lookups is None:
            return None
        results = lookups(claim_id)
        return results[0] if results else None

    def view(self, claim: StoredClaim) -> ClaimView:
        """Return what to show for ``claim`` now."""
        c = claim.claim
        source = self._source(claim.source_id)
        paragraph, offset = paragraph_of(source.text, c.sentence_start, c.sentence_end)
        if paragraph and source.text[c.start : c.end] == c.mention:
            sentence_at = (c.sentence_start - offset, c.sentence_end - offset)
            mention_at = (c.start - offset, c.end - offset)
        else:
            paragraph, sentence_at = c.sentence, (0, len(c.sentence))
            at = c.start - c.sentence_start
            ok = c.sentence[at : at + len(c.mention)] == c.mention
            mention_at = (at, at + len(c.mention)) if ok else (-1, -1)
        matches = tuple(self.matcher(self.store, claim))
        lookup = self._lookup(claim.id)
        return ClaimView(
            claim=claim,
            source=source,
            priority=self._priority.get(claim.id),
            paragraph=paragraph,
            sentence_at=sentence_at,
            mention_at=mention_at,
            matches=matches,
            matches_line=verdict_summary(matches),
            lookup=lookup,
            suggested=SUGGESTED.get(lookup.outcome) if lookup else None,
            position=self._pos + 1,
            done=self.summary.decided,
            left=max(self._total - len(self._trail), 0),
        )

    # ------------------------------------------------------------ the loop

    def run(self, ui: QueueUI) -> Summary:
        """Show claims and act on keys until the reviewer quits or leaves the end of the queue."""
        self._total = self.feed.count()
        self._quitting = False
        claim = self._forward(ui)
        if claim is None:
            ui.say("No claims to review here.")
        while claim is not None:
            view = self.view(claim)
            ui.show(view)
            claim = self._decide(ui, view)
            if claim is None and not self._quitting:
                claim = self._at_end(ui)
        self.summary.left = max(self._total - len(self._trail), 0)
        return self.summary

    def _at_end(self, ui: QueueUI) -> StoredClaim | None:
        """After the last claim: allow undo and back before finishing; None finishes."""
        ui.say("That was the last claim: u undo, b back, any other key finishes.")
        while True:
            key = ui.key("[u/b/q] > ")
            if key == "u":
                back = self._undo(ui)
                if back is not None:
                    return back
                continue
            if key == "b" and self._trail:
                self._pos = len(self._trail) - 1
                return self.store.get_claim(self._trail[self._pos])
            if key in ("\r", "\n"):
                continue
            return None

    def _prompt(self, view: ClaimView) -> str:
        default = f" [Enter = {view.suggested} {KEYS[view.suggested]}]" if view.suggested else ""
        return f"[v/d/n/s/b/u/o/q]{default} > "

    def _decide(self, ui: QueueUI, view: ClaimView) -> StoredClaim | None:
        """Read keys for the claim shown until one moves on; return the next claim or None."""
        claim = view.claim
        while True:
            key = ui.key(self._prompt(view))
            if key in ("\r", "\n"):
                if not view.suggested:
                    continue
                key = view.suggested
            key = key.lower() if key not in QUIT_KEYS else key
            if key in QUIT_KEYS:
                self._quitting = True
                return None
            if key in ("v", "d"):
                moved = self._verdict(ui, claim, Status.VERIFIED if key == "v" else Status.DISPUTED)
                if moved is None:
                    continue
                if moved is False:
                    # conflict: show the claim as it is now and ask again
                    return self.store.get_claim(claim.id)
                return self._forward(ui)
            if key == "n":
                claim, changed = self._note(ui, claim)
                if changed:
                    return claim
                continue
            if key == "s":
                self.summary.skipped += 1
                return self._forward(ui)
            if key == "b":
                if self._pos <= 0:
                    ui.say("This is the first claim of the session.")
                    continue
                self._pos -= 1
                return self.store.get_claim(self._trail[self._pos])
            if key == "u":
                back = self._undo(ui)
                if back is not None:
                    return back
                continue
            if key == "o":
                ui.say(view.source.url or f"No URL; read from {view.source.origin or 'unknown'}.")
                continue
            ui.say(f"Keys: {KEY_HELP}")

    def _verdict(self, ui: QueueUI, claim: StoredClaim, status: Status) -> bool | None:
        """Record a verdict: True when done, False on a conflict, None when nothing happened."""
        note = None
        if claim.status == status:
            ui.say(f"Claim {claim.id} is already {status}; n adds a note, s moves on.")
            return None
        if status == Status.DISPUTED:
            # no point typing a reason for a claim somebody else has just changed
            if self.store.get_claim(claim.id).version != claim.version:
                self.summary.conflicts += 1
                message = conflict_message(self.store, claim.id, claim.version)
                ui.say(f"Not recorded: {message}. Decide again.")
                return False
            note = ui.ask("Why is it disputed? ")
            if note is None or not note.strip():
                ui.say("A dispute needs a reason; nothing recorded.")
                return None
        try:
            decision = record_verdict(
                self.store,
                [claim.id],
                status,
                reviewer=self.reviewer,
                note=note,
                expected_versions={claim.id: claim.version},
            )
        except ConflictError as exc:
            self.summary.conflicts += 1
            ui.say(f"Not recorded: {exc}. Decide again.")
            return False
        for event in decision.events:
            self._tally(event, +1)
            self._decisions.append(event)
            self.summary.events.append(event)
        if decision.unchanged:
            ui.say(f"Claim {claim.id} is already {status}.")
        return True

    def _tally(self, event: ReviewEvent, sign: int) -> None:
        if event.new_status == Status.VERIFIED:
            self.summary.verified += sign
        elif event.new_status == Status.DISPUTED:
            self.summary.disputed += sign

    def _note(self, ui: QueueUI, claim: StoredClaim) -> tuple[StoredClaim, bool]:
        """Add a note; return the claim as it is now and whether somebody else changed it."""
        text = ui.ask("Note: ")
        if text is None or not text.strip():
            ui.say("Empty note; nothing added.")
            return claim, False
        try:
            event = add_note(self.store, claim.id, text, reviewer=self.reviewer)
        except ReviewError as exc:
            ui.say(f"Not recorded: {exc}.")
            return claim, False
        self.summary.notes += 1
        self.summary.events.append(event)
        fresh = self.store.get_claim(claim.id)
        # our note bumped the version by one; any more is somebody else's change
        if fresh.version != claim.version + 1:
            ui.say(
                f"Note added. {conflict_message(self.store, claim.id, claim.version)}; "
                "showing it again."
            )
            return fresh, True
        ui.say("Note added.")
        return fresh, False

    def _undo(self, ui: QueueUI) -> StoredClaim | None:
        """Undo the last decision of this session; return that claim to show again."""
        if not self._decisions:
            ui.say("Nothing to undo in this session.")
            return None
        event = self._decisions[-1]
        try:
            reverted = undo(self.store, event, reviewer=self.reviewer)
        except ConflictError as exc:
            self.summary.conflicts += 1
            ui.say(f"Not undone: {exc}.")
            return None
        self._decisions.pop()
        self._tally(event, -1)
        self.summary.undone += 1
        self.summary.events.append(reverted)
        ui.say(f"Undone: claim {event.claim_id} is {reverted.new_status} again.")
        if event.claim_id in self._trail:
            self._pos = self._trail.index(event.claim_id)
        return self.store.get_claim(event.claim_id)
