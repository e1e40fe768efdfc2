"""Reviewer workflow: verdicts, reopening, notes and undo, each one appended review event.

Every change goes through ``Store.record_review`` with the version of the claim
that was read (or shown) just before, so a decision on a claim that somebody
else changed meanwhile is refused with a message naming who changed it
(``ConflictError``), never written over their decision. Events are never
updated or deleted: an undo is a new event that restores the old status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from factcheck.errors import ConflictError, InputError, ReviewError
from factcheck.models import Action, ReviewEvent, Source, Status, StoredClaim

__all__ = [
    "Decision",
    "ReviewStore",
    "add_note",
    "conflict_message",
    "record_verdict",
    "reopen",
    "undo",
]

VERDICTS = {Status.VERIFIED: Action.VERIFY, Status.DISPUTED: Action.DISPUTE}


class ReviewStore(Protocol):
    """The store methods the review workflow uses (factcheck.store.Store has them)."""

    def get_claim(self, claim_id: int) -> StoredClaim: ...

    def get_claims(self, ids: Sequence[int]) -> list[StoredClaim]: ...

    def get_source(self, source_id: int) -> Source: ...

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
    ) -> ReviewEvent: ...

    def history(self, claim_id: int) -> list[ReviewEvent]: ...


@dataclass(frozen=True, slots=True)
class Decision:
    """What one verify / dispute / reopen did: the events written and the claims left as is."""

    events: tuple[ReviewEvent, ...]
    unchanged: tuple[StoredClaim, ...] = ()
    # claim id -> the claim it was reached from, for claims added by --with-matches
    matched_from: tuple[tuple[int, int], ...] = ()


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def _evidence(url: str | None) -> str | None:
    url = _clean(url)
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise InputError(
            f"evidence {url!r} is not a web address; give an http(s) URL, "
            "e.g. --evidence https://example.org/report.pdf"
        )
    return url


def conflict_message(store: ReviewStore, claim_id: int, seen_version: int) -> str:
    """Return who changed claim ``claim_id`` since version ``seen_version`` was shown, and how."""
    events = store.history(claim_id)
    current = store.get_claim(claim_id)
    # the events after the shown version are the newest (version - seen) ones
    newer = events[len(events) - (current.version - seen_version) :] if events else []
    if current.version <= seen_version or not newer:
        newer = events[-1:]
    if not newer:
        return f"claim {claim_id} was changed by somebody else since it was shown to you"
    last = newer[-1]
    who = ", ".join(dict.fromkeys(e.reviewer for e in newer))
    when = last.created_at.strftime("%Y-%m-%d %H:%M")
    what = (
        "added a note" if last.action == Action.NOTE else f"{last.old_status} → {last.new_status}"
    )
    note = f': "{last.note}"' if last.note else ""
    return (
        f"claim {claim_id} was changed by {who} since it was shown to you "
        f"({what} at {when}{note}); it is now {current.status}"
    )


def _record(
    store: ReviewStore,
    claim: StoredClaim,
    action: Action,
    new_status: Status,
    reviewer: str,
    note: str | None,
    evidence_url: str | None,
    expected_version: int,
) -> ReviewEvent:
    try:
        return store.record_review(
            claim.id,
            action=action,
            new_status=new_status,
            reviewer=reviewer,
            note=note,
            evidence_url=evidence_url,
            expected_version=expected_version,
        )
    except ConflictError:
        raise ConflictError(conflict_message(store, claim.id, expected_version)) from None


def record_verdict(
    store: ReviewStore,
    claim_ids: Sequence[int],
    status: Status,
    *,
    reviewer: str,
    note: str | None = None,
    evidence_url: str | None = None,
    with_matches: bool = False,
    expected_versions: dict[int, int] | None = None,
) -> Decision:
    """Mark claims verified or disputed; return the events written and the claims already so.

    ``expected_versions`` maps a claim id to the version the reviewer saw; a claim
    changed since then raises ConflictError naming who changed it. Without it the
    version read here is used, which still refuses a change made while this runs.
    """
    if status not in VERDICTS:
        raise ReviewError(f"{status} is not a verdict; use verified or disputed (or reopen)")
    note = _clean(note)
    evidence_url = _evidence(evidence_url)
    if status == Status.DISPUTED and note is None:
        raise ReviewError(
            'a dispute needs a reason; add --note "why the figure is wrong" '
            "(and --evidence URL if you have one)"
        )
    claims = store.get_claims(list(claim_ids))
    matched_from: dict[int, int] = {}
    if with_matches:
        from factcheck.review.matches import find_matches

        named = {c.id for c in claims}
        for claim in list(claims):
            for match in find_matches(store, claim):
                if match.claim.id not in named and match.claim.id not in matched_from:
                    matched_from[match.claim.id] = claim.id
                    claims.append(match.claim)
    expected = expected_versions or {}
    events: list[ReviewEvent] = []
    unchanged: list[StoredClaim] = []
    for claim in claims:
        seen = expected.get(claim.id, claim.version)
        if claim.status == status and claim.version == seen:
            unchanged.append(claim)
            continue
        try:
            events.append(
                _record(
                    store,
                    claim,
                    VERDICTS[status],
                    status,
                    reviewer,
                    note,
                    evidence_url,
                    seen,
                )
            )
        except ConflictError as exc:
            if not events:
                raise
            done = ", ".join(str(e.claim_id) for e in events)
            raise ConflictError(f"{exc}; recorded claims {done} before it, not the rest") from None
    return Decision(tuple(events), tuple(unchanged), tuple(matched_from.items()))


def reopen(
    store: ReviewStore,
    claim_ids: Sequence[int],
    *,
    reviewer: str,
    note: str | None = None,
) -> Decision:
    """Put claims back to pending; return the events written and the claims already pending."""
    note = _clean(note)
    events: list[ReviewEvent] = []
    unchanged: list[StoredClaim] = []
    for claim in store.get_claims(list(claim_ids)):
        if claim.status == Status.PENDING:
            unchanged.append(claim)
            continue
        events.append(
            _record(
                store, claim, Action.REOPEN, Status.PENDING, reviewer, note, None, claim.version
            )
        )
    return Decision(tuple(events), tuple(unchanged))


def add_note(
    store: ReviewStore,
    claim_id: int,
    note: str,
    *,
    reviewer: str,
    evidence_url: str | None = None,
) -> ReviewEvent:
    """Append a note (and evidence) to a claim without changing its status; return the event."""
    text = _clean(note)
    if text is None:
        raise ReviewError("the note is empty; nothing was added")
    # A note keeps the status it reads; the version check makes sure that status
    # is still current when the note lands, so a note never undoes a verdict.
    for _ in range(3):
        claim = store.get_claim(claim_id)
        try:
            return store.record_review(
                claim_id,
                action=Action.NOTE,
                new_status=claim.status,
                reviewer=reviewer,
                note=text,
                evidence_url=_evidence(evidence_url),
                expected_version=claim.version,
            )
        except ConflictError:
            continue
    raise ConflictError(f"claim {claim_id} keeps changing under the note; try again")


def undo(store: ReviewStore, event: ReviewEvent, *, reviewer: str) -> ReviewEvent:
    """Undo ``event`` with a new event restoring its old status, if nothing happened since.

    Raises ConflictError naming who changed the claim if ``event`` is no longer the
    claim's latest event (undoing would overwrite their decision).
    """
    claim = store.get_claim(event.claim_id)
    events = store.history(event.claim_id)
    if not events or events[-1].id != event.id:
        later = [e for e in events if e.id > event.id]
        who = ", ".join(dict.fromkeys(e.reviewer for e in later)) or "somebody else"
        raise ConflictError(
            f"claim {event.claim_id} was changed by {who} after your decision; "
            f"not undone (it is now {claim.status})"
        )
    return _record(
        store,
        claim,
        Action.UNDO,
        event.old_status,
        reviewer,
        f"undo of event {event.id} ({event.old_status} → {event.new_status})",
        None,
        claim.version,
    )
