"""Every kind of HTML report passes axe-core (in headless Chromium) and html-validate with
nothing found: the bundled plan's summary, PPC and final reports, and the same three for a
plan whose text is in the six countries' scripts and holds markup. Header cells have their
scope, tables their caption, a region that scrolls can be reached by keyboard and is named,
the page has a language and a short title."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from six_scripts import six_script_plan
from typer.testing import CliRunner
from webtools import axe_violations, html_validate_errors, needs_axe, needs_html_validate

from commit_cli.cli.app import app

pytestmark = pytest.mark.slow
runner = CliRunner()

REPORTS = {
    "summary": ["summary", "--period", "2006-H1", "--as-of", "2006-06-30"],
    "ppc": ["ppc", "ppc-1", "--as-of", "2007-12-31"],
    "final": ["final", "--as-of", "2007-12-31"],
}
CASES = [(plan, kind) for plan in ("bundled", "six scripts") for kind in REPORTS]


@cache
def _plan_dir(plan: str, scratch: Path) -> Path:
    return REPO / "plan" if plan == "bundled" else six_script_plan(scratch / "six")


def html_report(plan: str, kind: str, scratch: Path) -> str:
    result = runner.invoke(
        app, ["report", *REPORTS[kind], "-f", "html", "--plan", str(_plan_dir(plan, scratch))]
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("a11y")


@needs_axe
@pytest.mark.parametrize(("plan", "kind"), CASES)
def test_axe_finds_no_violation(plan: str, kind: str, scratch: Path) -> None:
    found = axe_violations(html_report(plan, kind, scratch))
    assert [str(violation) for violation in found] == []


@needs_html_validate
@pytest.mark.parametrize(("plan", "kind"), CASES)
def test_html_validate_finds_no_error(plan: str, kind: str, scratch: Path) -> None:
    assert html_validate_errors(html_report(plan, kind, scratch)) == []


@pytest.mark.parametrize(("plan", "kind"), CASES)
def test_the_page_has_a_language_a_short_title_and_every_table_a_caption(
    plan: str, kind: str, scratch: Path
) -> None:
    html = html_report(plan, kind, scratch)
    assert re.search(r'<html lang="[a-z]{2}', html)
    (title,) = re.findall(r"<title>(.*?)</title>", html.split("</head>")[0], re.DOTALL)
    assert 0 < len(title) < 70
    assert html.count("<table") == html.count("<caption") > 0
    assert "<th>" not in html
    assert html.count('class="scroll"') == html.count('class="scroll" tabindex="0" aria-label=')


def test_a_long_title_is_cut_for_the_page_title_and_kept_whole_in_the_heading(
    tmp_path: Path,
) -> None:
    from conftest import HEADER, PPC_1, PPC_2, write_plan

    long_title = "A sub-regional plan of action whose title runs on " * 3
    plan_dir = write_plan(
        tmp_path,
        HEADER.replace("title: Test plan", f"title: {long_title.strip()}"),
        {
            "ppc-01": PPC_1.replace(
                "short_title: Information exchange", f"short_title: {long_title.strip()}"
            ),
            "ppc-02": PPC_2,
        },
    )
    result = runner.invoke(app, ["report", "ppc", "ppc-1", "-f", "html", "--plan", str(plan_dir)])
    assert result.exit_code == 0, result.output
    (title,) = re.findall(r"<title>(.*?)</title>", result.output.split("</head>")[0])
    assert len(title) < 70
    assert title.endswith("…")
    assert long_title.strip() in result.output


@needs_axe
@needs_html_validate
def test_the_demo_summary_with_its_record_of_changes_passes_both(demo_at_period: Any) -> None:
    """The demo's history fills the record of changes, the obstacles and every section."""
    plan_dir = demo_at_period("2006-H1") / "plan"
    result = runner.invoke(
        app, ["report", *REPORTS["summary"], "-f", "html", "--plan", str(plan_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "Recorded on 2006-06-27" in result.output
    assert html_validate_errors(result.output) == []
    assert [str(violation) for violation in axe_violations(result.output)] == []
