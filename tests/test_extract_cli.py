"""`factcheck extract` through the CLI: formats, standard input, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from factcheck.cli import app

SEED = (
    Path(__file__).resolve().parents[1] / "fixtures" / "docs" / "arabweekly_morocco_isis_2016.txt"
)


def test_json_on_the_seed_article(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)["claims"]
    text = SEED.read_text(encoding="utf-8")
    assert [c["mention"] for c in claims] == ["1,600", "half", "three"]
    first = claims[0]
    assert text[first["start"] : first["end"]] == "1,600"
    assert (first["value"], first["qualifier"], first["kind"], first["unit"]) == (
        1600.0,
        "lower_bound",
        "count",
        "jihadist",
    )
    assert first["qualifier_text"] == "more than"
    assert first["sentence"] == text[first["sentence_start"] : first["sentence_end"]]


def test_jsonl_from_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["extract", "-", "--format", "jsonl"], input="The fund grew 12% to $1.2bn.\n"
    )
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["mention"], r["kind"], r["unit"]) for r in rows] == [
        ("12%", "percent", "percent"),
        ("$1.2bn", "money", "usd"),
    ]


def test_csv_has_a_header_and_one_row_per_claim(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--format", "csv"], input="About 300 people.\n")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("start,end,mention,value,value_high,qualifier,kind,unit")
    assert lines[1].startswith("6,9,300,300.0,,approximately,count,person")
    assert len(lines) == 2


def test_table_says_when_nothing_was_found(tmp_path: Path, runner: CliRunner) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 0, result.stderr
    assert "no numeric claims found" in result.stdout


def test_a_missing_file_is_a_one_line_error(tmp_path: Path, runner: CliRunner) -> None:
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["extract", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {missing}")
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_an_unknown_format_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", str(SEED), "--format", "xml"])
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown format 'xml'; use table, json, jsonl or csv\n"


def test_csv_cells_that_start_a_formula_are_inert(runner: CliRunner) -> None:
    text = '=HYPERLINK("http://x") said 40 staff left.\n'
    result = runner.invoke(app, ["extract", "-", "--format", "csv"], input=text)
    assert result.exit_code == 0
    row = result.stdout.splitlines()[1]
    assert row.endswith(',"\'=HYPERLINK(""http://x"") said 40 staff left."')
