"""``factcheck lookup`` and ``factcheck refs``: check claims against reference pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import typer

from factcheck.cli.app import DB_OPTION, app, user_errors
from factcheck.cli.output import OUTCOME_STYLE, Col, ListTable, plural, print_table, to_json
from factcheck.errors import InputError

if TYPE_CHECKING:
    from factcheck.lookup import Checked, LookupOptions
    from factcheck.models import Passage, Reference
    from factcheck.store import Store

FORMATS = ("table", "json")
ARGS_ARGUMENT = typer.Argument(
    None,
    metavar="CLAIM_ID [URL]...",
    help="A claim id, then URLs; without URLs, the claim's attached references.",
)
URLS_ARGUMENT = typer.Argument(..., help="http(s) URLs of reference pages.")

refs_app = typer.Typer(
    help="Reference URLs attached to claims, for 'factcheck lookup'.",
    no_args_is_help=True,
)
app.add_typer(refs_app, name="refs")


def _open(db: str | None) -> Store:
    from factcheck.store import Store

    return Store.open(db, create=False)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use {' or '.join(FORMATS)}")


def _claim_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise InputError(
            f"{text!r} is not a claim id; run 'factcheck claims' to see ids "
            "(usage: factcheck lookup CLAIM_ID URL...)"
        ) from None
    if value < 1:
        raise InputError(f"{text!r} is not a claim id; ids start at 1")
    return value


@app.command()
def lookup(
    args: list[str] = ARGS_ARGUMENT,
    all_refs: bool = typer.Option(
        False, "--all", help="Look up every attached reference of every claim."
    ),
    source: int | None = typer.Option(None, "--source", help="With --all: one source's claims."),
    refresh: bool = typer.Option(
        False, "--refresh", help="Fetch again even if looked up recently."
    ),
    max_age: float = typer.Option(
        24.0, "--max-age", help="Hours a lookup stays fresh before it is fetched again."
    ),
    concurrency: int = typer.Option(32, "--concurrency", help="Requests in flight at once."),
    per_host: int = typer.Option(10, "--per-host", help="Requests in flight to one host."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    db: str | None = DB_OPTION,
) -> None:
    """Fetch reference pages and show whether each backs the claim's number.

    match: the value, with its unit or subject nearby.
    conflict: the same unit and subject with another value (shown).
    not_found: neither. error: the page could not be fetched or read.

    A lookup suggests; the reviewer decides ('factcheck verify' / 'dispute').

    Example: factcheck lookup 12 https://stats.example.org/labour-q2.html
    Example: factcheck lookup --all --source 3
    """
    from datetime import timedelta

    from factcheck.lookup import LookupOptions, lookup_all, lookup_claim

    with user_errors():
        _check_format(fmt)
        args = args or []
        if max_age < 0 or concurrency < 1 or per_host < 1:
            raise InputError("--max-age must be >= 0 and --concurrency, --per-host >= 1")
        options = LookupOptions(
            refresh=refresh,
            max_age=timedelta(hours=max_age),
            concurrency=concurrency,
            per_host=per_host,
        )
        store = _open(db)
        with store:
            if all_refs:
                if args:
                    raise InputError(
                        "--all looks up every attached reference; give no CLAIM_ID or URL with it"
                    )
                total = len(store.references(source_id=source))
                with _Progress(total) as tick:
                    checked = lookup_all(store, source, options, on_result=tick)
                if not checked:
                    raise InputError(
                        "no references attached yet; run 'factcheck refs add CLAIM_ID URL' first"
                    )
            else:
                if source is not None:
                    raise InputError("--source goes with --all")
                if not args:
                    raise InputError(
                        "give a CLAIM_ID and URLs, or --all; e.g. factcheck lookup 12 https://..."
                    )
                claim_id = _claim_id(args[0])
                urls = args[1:] or [r.url for r in store.references(claim_id)]
                if not urls:
                    store.get_claim(claim_id)  # a missing claim says so first
                    raise InputError(
                        f"claim {claim_id} has no references; give URLs or run "
                        f"'factcheck refs add {claim_id} URL'"
                    )
                with _Progress(len(urls) if len(urls) > 1 else None) as tick:
                    checked = lookup_claim(store, claim_id, urls, options, on_result=tick)
    _print_checked(checked, fmt, options)
    failed = sum(1 for c in checked if c.result.outcome.value == "error")
    if failed:
        typer.echo(
            f"Error: {failed} of {plural(len(checked), 'URL')} could not be checked; "
            "the table says why (outcome 'error')",
            err=True,
        )
        raise typer.Exit(1)


class _Progress:
    """A rich progress bar on stderr while lookups arrive (nothing when total is None)."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Callable[[Checked], None]:
        from rich.console import Console

        console = Console(stderr=True)
        # a bar only for a person watching: pipes and logs get the results alone
        if self.total and console.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(
                TextColumn("looking up"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("lookup", total=self.total)
        return self.tick

    def tick(self, item: Checked) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _highlight(p: Passage, width: int = 150) -> str:
    """Return the passage with its number in bold reverse, cut to about width characters."""
    from rich.markup import escape

    start, end = p.hl_start, p.hl_end
    # from the passage's start when the number is in view there: a table row's label
    left = 0 if end <= width - 20 else max(0, start - (width - (end - start)) // 2)
    right = min(len(p.text), left + width)
    left = max(0, min(left, right - width))
    lead = "…" if left > 0 else ""
    tail = "…" if right < len(p.text) else ""
    return (
        lead
        + escape(p.text[left:start])
        # brackets too, so the number stands out where styles are not shown (a pipe, a file)
        + "[bold reverse]"
        + escape("[" + p.text[start:end] + "]")
        + "[/]"
        + escape(p.text[end:right])
        + tail
    )


def _print_checked(checked: list[Checked], fmt: str, options: LookupOptions) -> None:
    if fmt == "json":
        typer.echo(to_json({"lookups": [_record(c) for c in checked]}))
        return
    from rich.text import Text

    table = ListTable(
        [
            Col("claim"),
            Col("url", text=True, wrap=True),
            Col("outcome"),
            Col("what the page says", text=True, wrap=True),
        ],
        caption=f"{plural(len(checked), 'URL')} looked up. "
        "A lookup suggests; the reviewer decides (factcheck verify / dispute).",
    )
    for c in checked:
        r = c.result
        outcome = Text(r.outcome.value, style=OUTCOME_STYLE.get(r.outcome.value, ""))
        if c.cached:
            # a stored result, not fetched now: say from when
            outcome.append(f"\nstored\n{r.fetched_at:%Y-%m-%d %H:%M}", style="dim")
        if r.outcome.value == "error":
            # the URL is in its own column: the error need not repeat it
            said = Text(_without_prefix(r.error or "", f"{r.url}: "))
        elif r.passages:
            said = Text("\n").join(Text.from_markup(_highlight(p)) for p in r.passages[:2])
        else:
            said = Text(f"no {c.claim.mention!r} or its other forms near the claim's words")
        url = r.url if not r.final_url or r.final_url == r.url else f"{r.url}\n→ {r.final_url}"
        table.add(f"{r.claim_id}: {_short(c.claim.mention, 16)}", url, outcome, said)
    table.print()


def _without_prefix(text: str, prefix: str) -> str:
    return text[len(prefix) :] if text.startswith(prefix) else text


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _record(c: Checked) -> dict[str, Any]:
    r = c.result
    return {
        "claim_id": r.claim_id,
        "mention": c.claim.mention,
        "url": r.url,
        "outcome": r.outcome.value,
        "cached": c.cached,
        "final_url": r.final_url,
        "http_status": r.http_status,
        "content_hash": r.content_hash,
        "fetched_at": r.fetched_at.isoformat(timespec="seconds"),
        "error": r.error,
        "passages": [asdict(p) for p in r.passages],
    }


@refs_app.command("add")
def refs_add(
    claim_id: int = typer.Argument(..., help="The claim the pages should back."),
    urls: list[str] = URLS_ARGUMENT,
    by: str | None = typer.Option(
        None, "--by", envvar="FACTCHECK_REVIEWER", help="Who attached them."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Attach reference URLs to a claim, to look up later with 'factcheck lookup'.

    Example: factcheck refs add 12 https://stats.example.org/labour-q2.html
    """
    from factcheck.lookup import add_references

    with user_errors():
        with _open(db) as store:
            refs = add_references(store, claim_id, urls, by)
    for r in refs:
        typer.echo(f"claim {r.claim_id}: {r.url}")
    typer.echo(
        f"{plural(len(refs), 'reference')} attached; run 'factcheck lookup {claim_id}' to check"
    )


@refs_app.command("list")
def refs_list(
    claim_id: int | None = typer.Argument(None, help="One claim's references (default: all)."),
    source: int | None = typer.Option(None, "--source", help="Only this source's claims."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    db: str | None = DB_OPTION,
) -> None:
    """List attached reference URLs with the latest lookup outcome of each.

    Example: factcheck refs list 12
    """
    with user_errors():
        _check_format(fmt)
        with _open(db) as store:
            if claim_id is not None:
                store.get_claim(claim_id)
            elif source is not None:
                store.get_source(source)
            refs = store.references(claim_id=claim_id, source_id=source)
            rows = [_ref_row(store, r) for r in refs]
    if fmt == "json":
        typer.echo(to_json({"references": rows}))
        return
    print_table(
        [_short_times(r) for r in rows],
        [
            Col("claim", "claim_id", numeric=True),
            Col("added (UTC)", "added_at"),
            Col("added by", "added_by"),
            Col("last outcome", "outcome"),
            Col("looked up (UTC)", "looked_up"),
            Col("url", "url", text=True, wrap=True),
        ],
        caption=plural(len(rows), "reference"),
        empty="no references attached yet; add one with 'factcheck refs add CLAIM_ID URL'",
    )


def _ref_row(store: Store, r: Reference) -> dict[str, Any]:
    last = store.latest_lookup(r.claim_id, r.url)
    return {
        "claim_id": r.claim_id,
        "url": r.url,
        "added_by": r.added_by,
        "added_at": r.added_at.isoformat(timespec="seconds"),
        "outcome": last.outcome.value if last else None,
        "looked_up": last.fetched_at.isoformat(timespec="seconds") if last else None,
    }


def _short_times(row: dict[str, Any]) -> dict[str, Any]:
    """Return the row with its times as 'YYYY-MM-DD HH:MM' for a table."""
    out = dict(row)
    for key in ("added_at", "looked_up"):
        if out.get(key):
            out[key] = str(out[key])[:16].replace("T", " ")
    return out
