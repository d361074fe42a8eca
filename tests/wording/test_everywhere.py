"""The same value reads the same wherever it is shown: `commit status`, `commit show`, and
the Markdown and HTML reports all word numbers, ranges and statuses through one module."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from conftest import PPC_1, PPC_2, PPC_3, STATUS_HEADER, write_plan
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.wording import number, number_range

runner = CliRunner()

# An indicator whose figures need thousands separators and decimals.
LARGE = PPC_3.replace(
    "    baseline: 0\n    target: 40\n    values: {2005-H2: 10, 2006-H1: 25, 2007-H1: 45}\n",
    "    baseline: 1500.5\n    target: 12000\n    target_max: 18000\n"
    "    values: {2005-H2: 10, 2006-H1: 12345.6}\n",
)
AS_OF = "2006-06-30"


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    assert LARGE != PPC_3
    monkeypatch.chdir(tmp_path)
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COMMIT_PLAN"):
        monkeypatch.delenv(name, raising=False)
    plan_dir = write_plan(
        tmp_path, STATUS_HEADER, {"ppc-01": PPC_1, "ppc-02": PPC_2, "ppc-03": LARGE}
    )
    commands = {
        "status": ["status", "--as-of", AS_OF],
        "show": ["show", "ppc3-workers-trained", "--as-of", AS_OF],
        "show ppc": ["show", "ppc-3", "--as-of", AS_OF],
        "markdown": ["report", "ppc", "ppc-3", "--as-of", AS_OF, "--format", "md"],
        "html": ["report", "ppc", "ppc-3", "--as-of", AS_OF, "--format", "html"],
    }
    found = {}
    for name, args in commands.items():
        result = runner.invoke(app, [*args, "--plan", str(plan_dir)], env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
        found[name] = html.unescape(result.output) if name == "html" else result.output
    return found


def test_a_number_reads_the_same_in_the_terminal_and_in_reports(
    outputs: dict[str, str],
) -> None:
    latest, baseline = number(12345.6), number(1500.5)
    target = number_range(12000, 18000)
    assert (latest, baseline, target) == ("12,345.6", "1,500.5", "12,000 to 18,000")
    for name in ("status", "show", "markdown", "html"):
        text = outputs[name]
        assert latest in text, name
        assert target in text, name
        assert "1.235e+04" not in text, name
        assert "12345.6" not in text, name
    for name in ("show", "markdown", "html"):
        assert baseline in outputs[name], name


def test_a_status_reads_the_same_in_the_terminal_and_in_reports(
    outputs: dict[str, str],
) -> None:
    """ppc3-training is in progress on the day: its label, never its code."""
    for name in ("show ppc", "markdown", "html"):
        line = next(line for line in outputs[name].splitlines() if "ppc3-training" in line)
        assert "in progress" in line, name
        assert "in_progress" not in line.replace('class="status in_progress"', ""), name
