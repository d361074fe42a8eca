"""Each HTML report in a real browser (headless Chromium): it loads with no console message
(no script, no blocked request), shows its key figures, takes a screenshot and prints to PDF.

Skipped, with the reason shown, only when no Chromium can be had; `.ci/run` installs the
Debian package `chromium` when it is missing.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.reports.pdf import browser_command, find_browser, print_to_pdf, run_browser

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_browser() is None,
        reason="no headless Chromium here (apt-get install chromium; .ci/run does when it can)",
    ),
]
runner = CliRunner()
CONSOLE = re.compile(r":CONSOLE(?::\d+)?\]")


def browse(html: str, *arguments: str) -> tuple[str, str, Path]:
    """Open the page once with `arguments`: (stdout, console lines, the temporary folder)."""
    browser = find_browser()
    assert browser is not None
    folder = Path(tempfile.mkdtemp(prefix="commit-browser-"))
    page = folder / "report.html"
    page.write_text(html, encoding="utf-8")
    done = run_browser(
        browser_command(
            browser,
            folder / "profile",
            "--enable-logging=stderr",
            "--v=0",
            *arguments,
            page.as_uri(),
        ),
        folder,
    )
    console = "\n".join(line for line in done.stderr.splitlines() if CONSOLE.search(line))
    return done.stdout, console, folder


def html_of(plan_dir: Path, arguments: list[str]) -> str:
    result = runner.invoke(app, ["report", *arguments, "-f", "html", "--plan", str(plan_dir)])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_console_check_sees_a_script_and_a_blocked_request() -> None:
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy"'
        ' content="default-src \'none\'"></head><body><img src="http://example.invalid/x.png">'
        "<script>console.error('boom')</script></body></html>"
    )
    _, console, _ = browse(page, "--dump-dom")
    assert "example.invalid" in console
    assert "inline script" in console


CASES = {
    "bundled summary": (
        REPO / "plan",
        ["summary", "--period", "2006-H1", "--as-of", "2006-06-30"],
        ["174", "2006-H1", "Participation by country"],
    ),
    "bundled ppc": (
        REPO / "plan",
        ["ppc", "ppc-1", "--as-of", "2007-12-31"],
        ["Regional training programme", "Expected result 1"],
    ),
    "bundled final": (
        REPO / "plan",
        ["final", "--as-of", "2007-12-31"],
        ["1. Progress made", "6. External evaluation"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bundled_report_in_the_browser(name: str) -> None:
    plan_dir, arguments, figures = CASES[name]
    check_page(html_of(plan_dir, arguments), figures)


def test_the_demo_summary_in_the_browser(demo_at_period: Callable[[str], Path]) -> None:
    plan_dir = demo_at_period("2006-H1") / "plan"
    html = html_of(plan_dir, ["summary", "--period", "2006-H1"])
    done = re.search(r"<b>(\d+)</b><span>done on 2006-06-30", html)
    assert done is not None
    check_page(html, ["Illustrative data", f"{done.group(1)}\ndone on 2006-06-30", "KH"])


def check_page(html: str, figures: list[str]) -> None:
    dom, console, _ = browse(html, "--dump-dom")
    assert console == "", console
    text = re.sub(r"<[^>]+>", "\n", dom)
    text = re.sub(r"\n\s*\n+", "\n", text)
    for figure in figures:
        assert figure in text, figure
    _, console, folder = browse(html, "--window-size=1280,2000", f"--screenshot={Path('shot.png')}")
    shot = folder / "shot.png"
    assert console == ""
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
    pdf = print_to_pdf(html)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 10_000
    assert re.search(rb"/MediaBox ?\[0 0 59[45]\.\d+ 84[12]\.\d+\]", pdf)  # A4, in points
