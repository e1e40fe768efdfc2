"""``factcheck ingest / sources / claims / show``: articles into the tracker, claims out again."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from factcheck.cli.app import DB_OPTION, app, user_errors
from factcheck.cli.output import (
    CLAIM_FIELDS,
    OUTCOME_STYLE,
    STATUS_STYLE,
    Col,
    ListTable,
    plural,
    to_csv,
    to_json,
)
from factcheck.errors import InputError, NotFoundError
from factcheck.models import Kind, Status

if TYPE_CHECKING:
    from rich.console import RenderableType

    from factcheck.models import Source, StoredClaim
    from factcheck.pipeline import Added
    from factcheck.store import Reads

LIST_FORMATS = ("table", "json", "csv")
EMPTY = "no claims yet in {url}; run 'factcheck ingest FILE' first"

CLAIM_CSV = ("id", "source_id", "status", "version", *CLAIM_FIELDS, "created_at", "updated_at")
SOURCE_CSV = (
    "id",
    "title",
    "publisher",
    "author",
    "published",
    "url",
    "origin",
    "format",
    "version",
    "previous_id",
    "ingested_at",
    "claims",
    "pending",
    "verified",
    "disputed",
)


SOURCES_ARGUMENT = typer.Argument(
    ...,
    metavar="SOURCE...",
    help="Text, Markdown or HTML files, folders, - for standard input, or http(s) URLs.",
)
STATUS_OPTION = typer.Option(None, "--status", help="Only claims with this review status.")
KIND_OPTION = typer.Option(None, "--kind", help="Only claims of this kind.")


def _check_format(fmt: str, allowed: tuple[str, ...] = LIST_FORMATS) -> None:
    if fmt not in allowed:
        raise InputError(f"unknown format {fmt!r}; use {', '.join(allowed)}")


def _open(db: str | None) -> Reads:
    # every command here but ingest only reads: on a SQLite file that skips
    # importing SQLAlchemy (store/lite.py)
    from factcheck.store.lite import open_reader

    return open_reader(db)


# ---------------------------------------------------------------- ingest


@app.command()
def ingest(
    sources: list[str] = SOURCES_ARGUMENT,
    title: str | None = typer.Option(None, "--title", help="Title, instead of the article's."),
    publisher: str | None = typer.Option(None, "--publisher", help="Publisher or site name."),
    url: str | None = typer.Option(None, "--url", help="The article's URL (one source only)."),
    published: str | None = typer.Option(None, "--published", help="Date, YYYY-MM-DD."),
    recursive: bool = typer.Option(
        False, "--recursive", "-r", help="Take the articles in subfolders too."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Store articles and their numeric claims in the tracker; unchanged ones are skipped.

    Example: factcheck ingest articles/ --recursive --publisher "The Arab Weekly"
    """
    from factcheck.pipeline import Overrides, add_each, expand

    with user_errors():
        overrides = Overrides(title=title, publisher=publisher, url=url, published=published)
        items = expand(sources, recursive=recursive)
        # sqlite3 alone for a current SQLite tracker: no SQLAlchemy to import
        from factcheck.store.writes import open_writer

        store = open_writer(db)
        with store:
            done = _run_with_progress(add_each(items, store, overrides=overrides), len(items))
    failed = [a for a in done if a.error is not None]
    if len(done) == 1 and failed:
        typer.echo(f"Error: {failed[0].error}", err=True)
        raise typer.Exit(1)
    _print_ingest_summary(done)
    if failed:
        # the reasons again, whole and unwrapped, where scripts look for errors
        for item in failed:
            typer.echo(f"Error: {item.error}", err=True)
        raise typer.Exit(1)


def _run_with_progress(added: Any, total: int) -> list[Added]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    done: list[Added] = []
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[current]}", style="dim"),
        console=console,
        transient=True,
        # a bar for one file only flickers; in a pipe it would be noise
        disable=total < 2 or not console.is_terminal,
    ) as progress:
        task = progress.add_task("ingesting", total=total, current="")
        for item in added:
            done.append(item)
            progress.update(task, advance=1, current=item.source[-50:])
    return done


# more sources than this: the summary lists only the failed ones and new versions
SUMMARY_ROWS = 20
_STATUS_WORDS = {"ingested": "ingested", "unchanged": "unchanged", "new_version": "new version"}


def _print_ingest_summary(done: list[Added]) -> None:
    from rich.text import Text

    from factcheck.cli.output import stdout_console

    tally: dict[str, int] = {}
    rows: list[list[Any]] = []
    # the end of a long path names the file: keep it, cut the front; the rest of
    # the line (about 50 characters) goes to the result, id, claims and note
    width = max(20, min(60, stdout_console().width - 50))
    for item in done:
        source = item.source if len(item.source) <= width else "…" + item.source[-width + 1 :]
        if item.result is None:
            word = "failed"
            row: list[Any] = [Text(word, style="red"), None, None, source, item.error or ""]
        else:
            r = item.result
            word = _STATUS_WORDS.get(r.status, r.status)
            note = ""
            if r.status == "new_version":
                note = (
                    f"version {r.source.version} of source {r.source.previous_id}; "
                    f"{r.claims_kept} claims kept their review"
                )
            elif r.status == "unchanged":
                note = "already in the tracker"
            style = {"ingested": "green", "new version": "cyan"}.get(word, "dim")
            claims = sum(r.source.counts.values())
            row = [Text(word, style=style), r.source.id, claims, source, note]
        tally[word] = tally.get(word, 0) + 1
        # a big batch lists what needs a look (failures, new versions), not every file
        if len(done) <= SUMMARY_ROWS or word in ("failed", "new version"):
            rows.append(row)
    order = ("ingested", "new version", "unchanged", "failed")
    caption = ", ".join(f"{tally[w]} {w}" for w in order if w in tally)
    table = ListTable(
        [
            Col("result"),
            Col("id", numeric=True),
            Col("claims", numeric=True),
            Col("source"),
            Col("note", text=True),
        ],
        caption=caption,
    )
    for row in rows:
        table.add(*row)
    table.print(empty=caption)


# ---------------------------------------------------------------- sources


@app.command()
def sources(
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    db: str | None = DB_OPTION,
) -> None:
    """List the sources in the tracker with their claims by status.

    Example: factcheck sources --format csv > sources.csv
    """
    with user_errors():
        _check_format(fmt)
        with _open(db) as store:
            found = store.sources()
            if not found:
                raise NotFoundError(
                    f"no sources yet in {store.url}; run 'factcheck ingest FILE' first"
                )
    rows = [_source_row(s) for s in found]
    if fmt == "json":
        typer.echo(to_json({"sources": rows}))
    elif fmt == "csv":
        typer.echo(to_csv(rows, SOURCE_CSV), nl=False)
    else:
        _print_sources(rows)


def _print_sources(rows: list[dict[str, Any]]) -> None:
    """One line per source; the title is cut to fit."""
    from factcheck.cli.output import stdout_console

    # on a narrow terminal the publisher is cut shorter, so the title keeps some room
    publisher_width = 20 if stdout_console().width >= 100 else 12
    table = ListTable(
        [
            Col("id", numeric=True),
            Col("v", numeric=True),
            # the article's own date: the ingest date would read as a publication date
            Col("published"),
            Col("publisher"),
            Col("claims", numeric=True),
            Col("pending", numeric=True),
            Col("verified", numeric=True),
            Col("disputed", numeric=True),
            Col("title", text=True),
        ],
        caption=plural(len(rows), "source"),
    )
    for r in rows:
        table.add(
            r["id"],
            r["version"],
            r["published"],
            _short(r["publisher"], publisher_width),
            r["claims"],
            r["pending"],
            r["verified"],
            r["disputed"],
            r["title"] or "(no title)",
        )
    table.print()


def _source_row(s: Source, with_text: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "author": s.author,
        "published": s.published,
        "url": s.url,
        "origin": s.origin,
        "format": s.format,
        "version": s.version,
        "previous_id": s.previous_id,
        "ingested_at": s.ingested_at.isoformat(timespec="seconds"),
        "content_hash": s.content_hash,
        "claims": sum(s.counts.values()),
        **{status.value: s.counts.get(status.value, 0) for status in Status},
    }
    if with_text:
        row["text"] = s.text
    return row


# ---------------------------------------------------------------- claims


@app.command()
def claims(
    status: Status | None = STATUS_OPTION,
    source: int | None = typer.Option(None, "--source", help="Only this source id."),
    speaker: str | None = typer.Option(None, "--speaker", help="Speaker name contains this."),
    kind: Kind | None = KIND_OPTION,
    search: str | None = typer.Option(
        None, "--search", "-s", help="Sentence or mention contains this text."
    ),
    limit: int | None = typer.Option(None, "--limit", "-n", min=0, help="At most this many."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many first."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    similar: int | None = typer.Option(
        None,
        "--similar",
        metavar="CLAIM_ID",
        help="The claims of other sources stating the same figure as this one, most alike first.",
    ),
    db: str | None = DB_OPTION,
) -> None:
    """List the claims in the tracker, oldest first, filtered.

    Example: factcheck claims --status pending --speaker minister --limit 20
    """
    with user_errors():
        _check_format(fmt)
        with _open(db) as store:
            filters: dict[str, Any] = {
                "status": status,
                "source_id": source,
                "speaker": speaker,
                "kind": kind,
                "search": search,
            }
            if similar is not None:
                from factcheck.review.matches import similar_claims

                found = [m.claim for m in similar_claims(store, similar)]
                found = [c for c in found if status is None or c.status == status]
                total = len(found)
            else:
                found = store.claims(**filters, limit=limit, offset=offset)
                if offset == 0 and (limit is None or len(found) < limit):
                    total = len(found)  # all of them: no need to count
                else:
                    total = store.count_claims(**filters)
            if not found and store.count_claims(superseded=True) == 0:
                raise NotFoundError(EMPTY.format(url=store.url))
            if source is not None and not found:
                store.get_source(source)  # NotFoundError for an unknown source id
    if fmt == "json":
        typer.echo(to_json({"claims": [_claim_record(c) for c in found], "total": total}))
    elif fmt == "csv":
        typer.echo(to_csv([_claim_record(c) for c in found], CLAIM_CSV), nl=False)
    else:
        if similar is not None:
            empty = f"no claim of another source states the same figure as claim {similar}"
            empty += f" with status {status.value}" if status is not None else ""
        else:
            empty = "no claims match these filters; run 'factcheck claims' without them to see all"
        _print_claims(found, plural(len(found), "claim", total), empty)


def _print_claims(found: list[StoredClaim], caption: str, empty: str) -> None:
    """One line per claim: the sentence is cut around the number to fit, never wrapped."""
    from rich.text import Text

    from factcheck.cli.output import stdout_console

    console_width = stdout_console().width
    # on a narrow terminal mention and speaker are cut shorter, so the sentence keeps room
    cut = 16 if console_width >= 100 else 12
    rows = [
        [
            str(c.id),
            c.status.value,
            str(c.source_id),
            _short(c.claim.mention, cut) or "",
            _number(c.claim.value, c.claim.value_high),
            c.claim.kind.value,
            _short(c.claim.speaker, cut) or "",
        ]
        for c in found
    ]
    headers = ["id", "status", "src", "mention", "value", "kind", "speaker"]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    # each column takes its text plus 2 of padding; the sentence gets the rest
    room = max(12, console_width - sum(w + 2 for w in widths))
    table = ListTable(
        [
            Col("id", numeric=True),
            Col("status"),
            Col("src", numeric=True),
            Col("mention"),
            Col("value", numeric=True),
            Col("kind"),
            Col("speaker"),
            Col("sentence", text=True),
        ],
        caption=caption,
    )
    for c, cells in zip(found, rows, strict=True):
        cl = c.claim
        context = _context(cl.sentence, cl.start - cl.sentence_start, len(cl.mention), room)
        sentence = Text(context)
        at = context.find(cl.mention)
        if at >= 0:
            sentence.stylize("bold", at, at + len(cl.mention))
        status = Text(cells[1], style=STATUS_STYLE.get(cells[1], ""))
        table.add(*cells[:1], status, *cells[2:], sentence)
    table.print(empty=empty)


def _number(value: float, high: float | None) -> str:
    def one(v: float) -> str:
        return f"{int(v):,}" if v == int(v) else f"{v:,.4f}".rstrip("0").rstrip(".")

    return one(value) if high is None else f"{one(value)}–{one(high)}"


def _claim_record(c: StoredClaim) -> dict[str, Any]:
    return {
        "id": c.id,
        "source_id": c.source_id,
        "status": c.status.value,
        "version": c.version,
        **c.claim.to_dict(),
        "created_at": c.created_at.isoformat(timespec="seconds"),
        "updated_at": c.updated_at.isoformat(timespec="seconds"),
    }


def _short(text: str | None, width: int) -> str | None:
    if text is None or len(text) <= width:
        return text
    return text[: width - 1] + "…"


def _context(sentence: str, at: int, length: int, width: int = 70) -> str:
    """Return about ``width`` characters of the sentence around the mention, on one line."""
    flat = " ".join(sentence.split()) if "\n" in sentence else sentence
    if len(flat) <= width:
        return flat
    at = max(0, min(at, len(flat)))
    start = max(0, min(at - (width - length) // 2, len(flat) - width))
    piece = flat[start : start + width]
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(flat) else "")


# ---------------------------------------------------------------- show

# What `factcheck show` prints after the claim itself, in order. Each section
# takes the store and the claim and returns a title and a renderable (or None to
# print nothing), and adds its data under its key in `--format json`. Later
# features add their section here (one line) rather than editing `show`.
Section = Callable[["Reads", "StoredClaim"], tuple[str, "RenderableType | None", Any]]
SHOW_SECTIONS: dict[str, Section] = {}


def show_section(key: str) -> Callable[[Section], Section]:
    """Register a section of `factcheck show` under ``key`` (its JSON field)."""

    def register(section: Section) -> Section:
        SHOW_SECTIONS[key] = section
        return section

    return register


@app.command()
def show(
    claim_id: int = typer.Argument(..., help="The claim's id (see 'factcheck claims')."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    db: str | None = DB_OPTION,
) -> None:
    """Show one claim: its sentence with the number marked, the paragraph, every field, the source.

    Example: factcheck show 12
    """
    with user_errors():
        _check_format(fmt, ("text", "json"))
        with _open(db) as store:
            try:
                claim = store.get_claim(claim_id)
            except NotFoundError:
                if store.count_claims(superseded=True) == 0:
                    raise NotFoundError(EMPTY.format(url=store.url)) from None
                raise
            source = store.get_source(claim.source_id)
            newer = store.next_version(source.id)
            sections = {key: section(store, claim) for key, section in SHOW_SECTIONS.items()}
    if fmt == "json":
        record = _claim_record(claim)
        record["paragraph"] = _paragraph(source.text, claim.claim.start, claim.claim.end)[0]
        record["source"] = _source_row(source)
        record["source"]["next_version_id"] = newer
        for key, (_, _, data) in sections.items():
            record[key] = data
        typer.echo(to_json(record))
        return
    _print_claim(claim, source, newer, sections)


def _paragraph(text: str, start: int, end: int) -> tuple[str, int]:
    """Return the paragraph around text[start:end] and where it starts."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    # a line-wrapped text file: widen to the blank lines around it
    if "\n\n" in text and hi - lo < 200:
        wide_lo = text.rfind("\n\n", 0, start)
        wide_hi = text.find("\n\n", end)
        lo = 0 if wide_lo < 0 else wide_lo + 2
        hi = len(text) if wide_hi < 0 else wide_hi
    return text[lo:hi], lo


def _print_claim(
    claim: StoredClaim,
    source: Source,
    newer: int | None,
    sections: dict[str, tuple[str, RenderableType | None, Any]],
) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=sys.stdout, soft_wrap=False)
    cl = claim.claim
    head = Text()
    head.append(f"Claim {claim.id}", style="bold")
    head.append(f"  {claim.status.value}", style=STATUS_STYLE.get(claim.status.value, ""))
    head.append(f"  (version {claim.version})", style="dim")
    console.print(head)

    if cl.sentence:
        body, offset = cl.sentence, cl.sentence_start
    else:
        body, offset = _paragraph(source.text, cl.start, cl.end)
    sentence = Text(body)
    sentence.stylize("bold reverse", cl.start - offset, cl.end - offset)
    console.print(sentence)

    paragraph, p_start = _paragraph(source.text, cl.start, cl.end)
    if paragraph.strip() != body.strip():
        around = Text(paragraph, style="dim")
        around.stylize("bold reverse", cl.start - p_start, cl.end - p_start)
        console.print()
        console.print(around)

    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column()
    for name, value in (
        ("mention", cl.mention),
        (
            "value",
            f"{cl.value:g}" + (f" to {cl.value_high:g}" if cl.value_high is not None else ""),
        ),
        (
            "qualifier",
            cl.qualifier.value + (f" ({cl.qualifier_text!r})" if cl.qualifier_text else ""),
        ),
        ("kind", cl.kind.value),
        ("unit", cl.unit),
        ("speaker", cl.speaker),
        ("role", cl.speaker_role),
        ("quote", "yes" if cl.quote else "no"),
        ("cue", cl.cue),
        ("offsets", f"{cl.start}-{cl.end} (sentence {cl.sentence_start}-{cl.sentence_end})"),
        ("created", claim.created_at.isoformat(timespec="seconds")),
        ("updated", claim.updated_at.isoformat(timespec="seconds")),
    ):
        fields.add_row(name, Text("" if value is None else str(value)))
    console.print()
    console.print(fields)

    console.print()
    src = Text()
    src.append(f"Source {source.id}", style="bold")
    src.append(f"  {source.title or '(no title)'}")
    meta = [m for m in (source.publisher, source.author, source.published) if m]
    if source.version > 1:
        meta.append(f"version {source.version}, after source {source.previous_id}")
    if meta:
        src.append("  " + " · ".join(meta), style="dim")
    console.print(src)
    console.print(Text(source.url or source.origin or "(no URL)", style="underline"))
    if newer is not None:
        console.print(
            Text(
                f"A newer version of this article is source {newer}; "
                f"its claims: factcheck claims --source {newer}",
                style="yellow",
            )
        )

    for title, renderable, _ in sections.values():
        if renderable is None:
            continue
        console.print()
        console.print(Text(title, style="bold"))
        console.print(renderable)


@show_section("history")
def _history(store: Reads, claim: StoredClaim) -> tuple[str, RenderableType | None, Any]:
    events = store.history(claim.id)
    data = [
        {
            "id": e.id,
            "at": e.created_at.isoformat(timespec="seconds"),
            "reviewer": e.reviewer,
            "action": e.action.value,
            "old_status": e.old_status.value,
            "new_status": e.new_status.value,
            "note": e.note,
            "evidence_url": e.evidence_url,
        }
        for e in events
    ]
    if not events:
        return (
            "Review history",
            f"no review yet; decide with 'factcheck verify {claim.id}' or "
            f"'factcheck dispute {claim.id}'",
            data,
        )
    table = ListTable(
        [
            Col("when (UTC)"),
            Col("reviewer"),
            Col("action"),
            Col("status"),
            # the evidence URL under the note: one wide column reads better than two narrow
            Col("note / evidence", text=True, wrap=True),
        ]
    )
    for e in events:
        table.add(
            e.created_at.strftime("%Y-%m-%d %H:%M"),
            e.reviewer,
            e.action.value,
            f"{e.old_status.value} → {e.new_status.value}",
            "\n".join(part for part in (e.note, e.evidence_url) if part),
        )
    return "Review history", table.table, data


@show_section("references")
def _references(store: Reads, claim: StoredClaim) -> tuple[str, RenderableType | None, Any]:
    refs = store.references(claim.id)
    data = [{"url": r.url, "added_by": r.added_by} for r in refs]
    if not refs:
        return "References", None, data
    return "References", "\n".join(r.url for r in refs), data


@show_section("lookups")
def _lookups(store: Reads, claim: StoredClaim) -> tuple[str, RenderableType | None, Any]:
    from rich.text import Text

    found = store.lookups(claim.id)
    data = [
        {
            "url": lk.url,
            "outcome": lk.outcome.value,
            "fetched_at": lk.fetched_at.isoformat(timespec="seconds"),
            "http_status": lk.http_status,
            "final_url": lk.final_url,
            "error": lk.error,
            "passages": [
                {"text": p.text, "found": p.found, "value": p.value, "score": p.score}
                for p in lk.passages
            ],
        }
        for lk in found
    ]
    if not found:
        return "Lookups", None, data
    table = ListTable(
        [
            Col("when (UTC)"),
            Col("outcome"),
            Col("url / what the page says", text=True, wrap=True),
        ]
    )
    for lk in found:
        error = lk.error or ""
        # the URL is on the line above: the error need not repeat it
        error = error[len(lk.url) + 2 :] if error.startswith(f"{lk.url}: ") else error
        best = lk.passages[0].found if lk.passages else error
        table.add(
            lk.fetched_at.strftime("%Y-%m-%d %H:%M"),
            Text(lk.outcome.value, style=OUTCOME_STYLE.get(lk.outcome.value, "")),
            "\n".join(part for part in (lk.url, best) if part),
        )
    return "Lookups", table.table, data
