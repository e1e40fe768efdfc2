"""The html report in a real headless Chromium: no console errors, content there, not blank.

.ci/run installs Debian's chromium; without a chromium binary these tests skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (.ci/run installs it)")

# console.log/error, uncaught exceptions and CSP violations, as --enable-logging prints them
CONSOLE = re.compile(r":CONSOLE[:(]\d*\)?\] (.*)")


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local file, offline, with console messages on stderr."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
        page.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_messages(stderr: str) -> list[str]:
    """Return the page's console messages in Chromium's log."""
    return [m.group(1) for m in CONSOLE.finditer(stderr)]


@pytest.fixture
def report_html(tmp_path: Path, runner: CliRunner) -> Path:
    from test_report import make_tracker

    tracker = make_tracker(tmp_path / "browser.db")
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "-f", "html", "-o", str(out), "--db", tracker.url])
    assert result.exit_code == 0, result.stderr
    return out


def test_the_console_check_sees_a_page_error(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><p>x</p><script>console.error('boom'); undefinedCall();</script>",
        encoding="utf-8",
    )
    run = chromium(page, tmp_path / "profile", "--dump-dom")
    messages = console_messages(run.stderr)
    assert any('"boom"' in m for m in messages), run.stderr
    assert any("undefinedCall" in m for m in messages), run.stderr


def test_report_renders_without_console_errors(report_html: Path, tmp_path: Path) -> None:
    run = chromium(report_html, tmp_path / "profile", "--dump-dom")
    assert run.returncode == 0, run.stderr
    assert console_messages(run.stderr) == []
    dom = run.stdout
    assert '<article class="claim disputed" id="claim-1">' in dom
    assert "<mark>1,600</mark>" in dom
    # the article's script is text on the page, not an element
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<script" not in dom.lower()


def test_report_screenshot_is_not_blank(report_html: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "report.png"
    run = chromium(
        report_html,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1200,1600",
    )
    assert shot.exists(), run.stderr
    with Image.open(shot) as image:
        assert image.size == (1200, 1600)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None
    assert len(colours) > 100  # text, badges, chart: a blank page has one colour
    present = {rgb for _, rgb in colours}
    # the status chart's disputed red and verified green were painted
    assert (0xC0, 0x39, 0x2B) in present and (0x1E, 0x84, 0x49) in present
