"""``factcheck verify / dispute / reopen / history / review``: reviewer decisions and the queue."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from factcheck.cli.app import DB_OPTION, app, user_errors
from factcheck.cli.tracker import show_section
from factcheck.errors import InputError, ReviewError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from factcheck.models import ReviewEvent, Status, StoredClaim
    from factcheck.review import Decision
    from factcheck.review.queue import ClaimView
    from factcheck.store import Reads

IDS_ARGUMENT = typer.Argument(
    ..., metavar="CLAIM_ID...", help="Ids, lists and ranges: 12 14 20-25."
)
NOTE_OPTION = typer.Option(None, "--note", "-m", help="Why: what the reviewer checked or found.")
EVIDENCE_OPTION = typer.Option(None, "--evidence", help="URL of the evidence.")
REVIEWER_OPTION = typer.Option(
    None,
    "--reviewer",
    help="Your name (default: FACTCHECK_REVIEWER, else git's user.name, else your login).",
    show_default=False,
)
MATCHES_OPTION = typer.Option(
    False, "--with-matches", help="Apply the verdict to the matching claims of other sources too."
)


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _print_decision(decision: Decision, verb: str) -> None:
    matched = dict(decision.matched_from)
    for event in decision.events:
        why = f" (match of claim {matched[event.claim_id]})" if event.claim_id in matched else ""
        typer.echo(
            f"claim {event.claim_id}: {event.old_status} → {event.new_status}{why}, "
            f"by {event.reviewer}"
        )
    for claim in decision.unchanged:
        typer.echo(f"claim {claim.id}: already {claim.status}; left as is")
    if not decision.events and not decision.unchanged:
        typer.echo(f"nothing to {verb}")


def _verdict(
    status: Status,
    claim_ids: list[str],
    note: str | None,
    evidence: str | None,
    reviewer: str | None,
    with_matches: bool,
    db: str | None,
) -> None:
    from factcheck.models import Status
    from factcheck.review import record_verdict
    from factcheck.review.ids import parse_ids
    from factcheck.review.reviewer import resolve_reviewer
    from factcheck.store import Store

    with user_errors():
        ids = parse_ids(claim_ids)
        name = resolve_reviewer(reviewer)
        if status == Status.DISPUTED and not (note or "").strip():
            if not _stdin_is_terminal():
                raise ReviewError(
                    'a dispute needs a reason: add --note "why the figure is wrong" '
                    "(standard input is not a terminal, so factcheck cannot ask)"
                )
            note = typer.prompt("Why is it disputed? (the reason is stored with the verdict)")
        with Store.open(db, create=False) as store:
            decision = record_verdict(
                store,
                ids,
                status,
                reviewer=name,
                note=note,
                evidence_url=evidence,
                with_matches=with_matches,
            )
    _print_decision(decision, str(status))


@app.command()
def verify(
    claim_ids: list[str] = IDS_ARGUMENT,
    note: str | None = NOTE_OPTION,
    evidence: str | None = EVIDENCE_OPTION,
    reviewer: str | None = REVIEWER_OPTION,
    with_matches: bool = MATCHES_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Mark claims verified: the figure checks out.

    Example: factcheck verify 12 14 20-25 --note "Matches the ministry's 2016 report"
    """
    from factcheck.models import Status

    _verdict(Status.VERIFIED, claim_ids, note, evidence, reviewer, with_matches, db)


@app.command()
def dispute(
    claim_ids: list[str] = IDS_ARGUMENT,
    note: str | None = NOTE_OPTION,
    evidence: str | None = EVIDENCE_OPTION,
    reviewer: str | None = REVIEWER_OPTION,
    with_matches: bool = MATCHES_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Mark claims disputed, with the reason (asked for on a terminal if --note is missing).

    Example: factcheck dispute 12 --note "Ministry figure is 1,400" --evidence https://example.org/r
    """
    from factcheck.models import Status

    _verdict(Status.DISPUTED, claim_ids, note, evidence, reviewer, with_matches, db)


@app.command()
def reopen(
    claim_ids: list[str] = IDS_ARGUMENT,
    note: str | None = NOTE_OPTION,
    reviewer: str | None = REVIEWER_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Put claims back to pending, keeping their history.

    Example: factcheck reopen 12 --note "New figures published"
    """
    from factcheck.review import reopen as reopen_claims
    from factcheck.review.ids import parse_ids
    from factcheck.review.reviewer import resolve_reviewer
    from factcheck.store import Store

    with user_errors():
        ids = parse_ids(claim_ids)
        name = resolve_reviewer(reviewer)
        with Store.open(db, create=False) as store:
            decision = reopen_claims(store, ids, reviewer=name, note=note)
    _print_decision(decision, "reopen")


def event_rows(events: list[ReviewEvent]) -> list[dict[str, Any]]:
    """Return review events as plain rows for tables and JSON."""
    return [
        {
            "id": e.id,
            "claim_id": e.claim_id,
            "when": e.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            "reviewer": e.reviewer,
            "action": str(e.action),
            "old_status": str(e.old_status),
            "new_status": str(e.new_status),
            "change": f"{e.old_status} → {e.new_status}",
            "note": e.note,
            "evidence_url": e.evidence_url,
        }
        for e in events
    ]


@app.command()
def history(
    claim_id: int = typer.Argument(..., metavar="CLAIM_ID", help="The claim's id."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    db: str | None = DB_OPTION,
) -> None:
    """Show every review event of a claim, oldest first (times in UTC).

    Example: factcheck history 12
    """
    from factcheck.cli.output import to_json
    from factcheck.store.lite import open_reader

    with user_errors():
        if fmt not in ("table", "json"):
            raise InputError(f"unknown format {fmt!r}; use table or json")
        with open_reader(db) as store:
            events = store.history(claim_id)
            claim = store.get_claim(claim_id)
    rows = event_rows(events)
    if fmt == "json":
        for row in rows:
            row.pop("change")
        typer.echo(to_json({"claim_id": claim_id, "status": str(claim.status), "events": rows}))
        return
    if not rows:
        typer.echo(
            f"claim {claim_id} has no review events yet; it is {claim.status} "
            f"(decide with 'factcheck verify {claim_id}' or 'factcheck dispute {claim_id}')"
        )
        return
    _print_history(rows, f"claim {claim_id} ({claim.claim.mention!r}): {claim.status}")


def _print_history(rows: list[dict[str, Any]], title: str) -> None:
    from factcheck.cli.output import Col, ListTable, plural, stdout_console

    console = stdout_console()
    # a long name is cut on a narrow terminal, so the note keeps some room
    cut = 30 if console.width >= 100 else 16
    table = ListTable(
        [
            Col("event", numeric=True),
            Col("when (UTC)"),
            Col("reviewer"),
            Col("action"),
            Col("status"),
            # the evidence URL under the note: one wide column reads better than two narrow
            Col("note / evidence", text=True, wrap=True),
        ],
        caption=plural(len(rows), "event"),
    )
    for row in rows:
        why = "\n".join(part for part in (row["note"], row["evidence_url"]) if part)
        reviewer = row["reviewer"]
        if len(reviewer) > cut:
            reviewer = reviewer[: cut - 1] + "…"
        table.add(row["id"], row["when"], reviewer, row["action"], row["change"], why)
    console.print(title, markup=False, soft_wrap=True)
    table.print()


# ---------------------------------------------------------------- the queue


class TerminalUI:
    """The queue's terminal: rich output, one key at a time, a line for notes."""

    def __init__(self, console: Console, idle: Callable[[], None] | None = None) -> None:
        self.console = console
        self.tty = _stdin_is_terminal()
        # called once, when the first claim is on screen and the reviewer reads it
        self._idle = idle

    def show(self, view: ClaimView) -> None:
        """Print one claim."""
        from rich.rule import Rule

        c = view.claim.claim
        s = view.source
        con = self.console
        con.print()
        con.print(
            Rule(
                f"claim {view.claim.id} · {view.position} shown · {view.done} done · "
                f"{view.left} left",
                style="cyan",
            )
        )
        con.print(_sentence_text(view), soft_wrap=False)
        con.print()
        who = c.speaker or "the article (no speaker)"
        if c.speaker_role:
            who += f", {c.speaker_role}"
        if c.quote:
            who += " (quoted)"
        facts = [
            ("speaker", who),
            (
                "source",
                f"#{s.id} {s.title or '(untitled)'}"
                + (f" · {s.publisher}" if s.publisher else "")
                + (f" · {s.published}" if s.published else ""),
            ),
            (
                "claim",
                f"{c.mention} · {c.kind}"
                + (f" · {c.unit}" if c.unit else "")
                + (f" · {c.qualifier_text or c.qualifier}" if str(c.qualifier) != "none" else "")
                + f" · {view.claim.status}"
                + (f" · priority {view.priority}" if view.priority is not None else ""),
            ),
            ("matches", view.matches_line),
        ]
        if view.lookup is not None:
            lk = view.lookup
            line = f"{lk.outcome} at {lk.final_url or lk.url}"
            if lk.passages:
                line += f': "{lk.passages[0].text.strip()}"'
            elif lk.error:
                line += f" ({lk.error})"
            facts.append(("lookup", line))
        for label, value in facts:
            con.print(f"[bold]{label:>8}[/bold]  ", end="")
            con.print(value, markup=False, highlight=False)

    def key(self, prompt: str) -> str:
        """Return one key press."""
        self.console.print(prompt, end="", markup=False, highlight=False)
        self.console.file.flush()
        if self._idle is not None:
            idle, self._idle = self._idle, None
            idle()
        if self.tty:
            try:
                ch = typer.getchar()
            except (KeyboardInterrupt, EOFError):
                ch = "q"
        else:
            ch = sys.stdin.read(1)
        shown = {"\r": "Enter", "\n": "Enter", "": "end of input"}.get(ch, ch)
        self.console.print(shown, markup=False, highlight=False)
        return ch

    def ask(self, prompt: str) -> str | None:
        """Return a line of text, None at end of input."""
        if self.tty:
            try:
                return input(prompt)
            except EOFError:
                return None
        self.console.print(prompt, end="", markup=False, highlight=False)
        line = sys.stdin.readline()
        if not line:
            self.console.print()
            return None
        line = line.rstrip("\r\n")
        self.console.print(line, markup=False, highlight=False)
        return line

    def say(self, message: str) -> None:
        """Print a message."""
        # soft_wrap: the terminal wraps a long message, so it stays one line to copy
        self.console.print(message, markup=False, highlight=False, soft_wrap=True)


def _sentence_text(view: ClaimView) -> Text:
    from rich.text import Text

    text = Text(view.paragraph, style="dim")
    s0, s1 = view.sentence_at
    if 0 <= s0 < s1 <= len(view.paragraph):
        text.stylize("not dim", s0, s1)
        text.stylize("bold", s0, s1)
    m0, m1 = view.mention_at
    if 0 <= m0 < m1 <= len(view.paragraph):
        text.stylize("bold reverse yellow", m0, m1)
    return text


@app.command()
def review(
    source: int | None = typer.Option(None, "--source", help="Only claims of this source id."),
    speaker: str | None = typer.Option(
        None, "--speaker", help="Only claims whose speaker contains this (any case)."
    ),
    kind: str | None = typer.Option(
        None, "--kind", help="Only claims of this kind: count, percent, money, measure, ..."
    ),
    status: str = typer.Option(
        "pending", "--status", help="Claims with this status: pending, verified, disputed or all."
    ),
    reviewer: str | None = REVIEWER_OPTION,
    db: str | None = DB_OPTION,
) -> None:
    """Review claims one by one in the terminal, the ones most worth checking first.

    Keys: v verify, d dispute (asks for the reason), n add a note, s skip, b back,
    u undo your last decision, o print the source URL, q quit.

    Example: factcheck review --source 3
    """
    from rich.console import Console

    from factcheck.models import Kind, Status
    from factcheck.review.queue import QueueFilter, ReviewQueue, StoreFeed
    from factcheck.review.reviewer import resolve_reviewer
    from factcheck.store.lite import ReviewTracker, open_reviewer

    console = Console(file=sys.stdout, highlight=False)
    with user_errors():
        name = resolve_reviewer(reviewer)
        try:
            wanted = None if status == "all" else Status(status)
        except ValueError:
            raise InputError(
                f"unknown status {status!r}; use pending, verified, disputed or all"
            ) from None
        try:
            kind_wanted = Kind(kind) if kind else None
        except ValueError:
            raise InputError(
                f"unknown kind {kind!r}; use one of {', '.join(k.value for k in Kind)}"
            ) from None
        where = QueueFilter(status=wanted, source_id=source, speaker=speaker, kind=kind_wanted)
        # on a SQLite file the queue reads without SQLAlchemy; its import for the
        # first decision starts once the first claim is on screen (store/lite.py)
        with open_reviewer(db) as store:
            if source is not None:
                store.get_source(source)
            queue = ReviewQueue(store, StoreFeed(store, where), reviewer=name, where=where)
            warm = store.prepare_writes if isinstance(store, ReviewTracker) else None
            summary = queue.run(TerminalUI(console, idle=warm))
    console.print()
    console.print(summary.line(), markup=False, soft_wrap=True)


# ---------------------------------------------------------------- `show`: matching claims


@show_section("matches")
def _matches_section(store: Reads, claim: StoredClaim) -> tuple[str, Any, Any]:
    """The matching claims of other sources, with their verdicts, for ``factcheck show``."""
    from rich.console import Group
    from rich.text import Text

    from factcheck.cli.output import STATUS_STYLE, Col, ListTable
    from factcheck.review.matches import find_matches, verdict_summary

    found = find_matches(store, claim)
    data = [
        {
            "id": m.claim.id,
            "status": str(m.claim.status),
            "mention": m.claim.claim.mention,
            "value": m.claim.claim.value,
            "source_id": m.claim.source_id,
            "source_title": m.source_title,
            "source_url": m.source_url,
            "wording_score": m.score,
        }
        for m in found
    ]
    if not found:
        return "Matching claims", None, data
    table = ListTable(
        [
            Col("id", numeric=True),
            Col("status"),
            Col("mention"),
            Col("wording", numeric=True),
            Col("source", text=True),
        ]
    )
    for m in found:
        status = str(m.claim.status)
        table.add(
            m.claim.id,
            Text(status, style=STATUS_STYLE.get(status, "")),
            m.claim.claim.mention,
            f"{m.score:.0f}",
            f"#{m.claim.source_id} {m.source_title or ''}".strip(),
        )
    # the summary on a line of its own: a table title would wrap at the table's width
    return "Matching claims", Group(Text(verdict_summary(found), no_wrap=True), table.table), data
