"""Golden files: every report of the bundled plan and of the demo history, byte for byte.

A change to a report shows here as a diff. When it is meant, refresh the files with
`pytest tests/reports/test_golden.py --update-golden` and review the diff like code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app

GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()

REPORTS = {
    "summary-2006-H1": ["summary", "--period", "2006-H1", "--as-of", "2006-06-30"],
    "ppc-1": ["ppc", "ppc-1", "--as-of", "2007-12-31"],
    "final": ["final", "--as-of", "2007-12-31"],
}


def report(plan_dir: Path, args: list[str], output_format: str) -> str:
    result = runner.invoke(
        app, ["report", *args, "--format", output_format, "--plan", str(plan_dir)]
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("output_format", ["md", "html"])
@pytest.mark.parametrize("name", list(REPORTS))
def test_bundled_plan_reports(name: str, output_format: str, golden: Callable[..., None]) -> None:
    text = report(REPO / "plan", REPORTS[name], output_format)
    golden(GOLDEN / f"bundled-{name}.{output_format}", text)


@pytest.mark.parametrize("output_format", ["md", "html", "json"])
def test_demo_summary_as_issued_for_its_period(
    output_format: str, demo_at_period: Callable[[str], Path], golden: Callable[..., None]
) -> None:
    """The 2006-H1 summary, from the plan as committed for 2006-H1."""
    text = report(demo_at_period("2006-H1") / "plan", REPORTS["summary-2006-H1"], output_format)
    golden(GOLDEN / f"demo-summary-2006-H1.{output_format}", text)


@pytest.mark.parametrize("output_format", ["md", "html"])
@pytest.mark.parametrize("name", ["ppc-1", "final"])
def test_demo_reports_at_the_end(
    name: str, output_format: str, demo_repo: Path, golden: Callable[..., None]
) -> None:
    text = report(demo_repo / "plan", REPORTS[name], output_format)
    golden(GOLDEN / f"demo-{name}.{output_format}", text)


def test_the_readme_excerpt_is_what_the_demo_summary_says() -> None:
    readme = (REPO / "docs" / "reports.md").read_text(encoding="utf-8")
    excerpt = readme.split("```markdown\n", 1)[1].split("\n```", 1)[0]
    report = (GOLDEN / "demo-summary-2006-H1.md").read_text(encoding="utf-8").splitlines()
    missing = [line for line in excerpt.splitlines() if line and line not in report]
    assert missing == []
