"""The README shows every command at work: a console session per command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from factcheck.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CONSOLE_BLOCKS = re.findall(r"```console\n(.*?)```", README, flags=re.S)


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    names: list[str] = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        names.extend(f"{name} {s}" for s in sub) if sub else names.append(name)
    return sorted(names)


@pytest.mark.parametrize("command", _commands())
def test_readme_shows_a_terminal_session_for(command: str) -> None:
    assert any(f"factcheck {command}" in block for block in CONSOLE_BLOCKS), (
        f"README.md has no ```console block running 'factcheck {command}'"
    )


def test_readme_gives_the_two_fresh_machine_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", quick, flags=re.S)
    assert len(blocks) == 2
    assert "pip install" in blocks[0] and "factcheck" in blocks[0]
    assert "scripts/check" in blocks[1]
