"""Values that `validate` used to call valid while keeping the wrong one: period keys and
dates are ASCII and written exactly, and two keys for one period are an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPC_1
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ("{2006-H1: 1, ' 2006-H1': 5}", "the period 2006-H1 is given twice"),
        ("{2006: 1, '2006': 7}", "the period 2006 is given twice (as 2006 and '2006')"),
        ("{'٢٠٠٦-H1': 9}", "'٢٠٠٦-H1' is not a period"),
        ("{'２００６-H1': 9}", "is not a period"),
        ("{'2006-H1 ': 9}", "'2006-H1 ' has spaces around it; write '2006-H1'"),
    ],
)
def test_period_keys_name_one_period_exactly(plan_dir: Path, values: str, expected: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    target: 1\n", f"    target: 1\n    values: {values}\n"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.output.splitlines() if "error:" in line]
    assert line.startswith("plan/ppcs/ppc-01.yaml:30:")
    assert expected in line


@pytest.mark.parametrize(
    "window", ["'٢٠٠٦-H1'", "'２００６'", "{start: '٢٠٠٥', end: 2006}", "'2006-٠١-١٥'"]
)
def test_windows_in_other_digits_are_refused(plan_dir: Path, window: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    window: 2005-H2", f"    window: {window}"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.output.startswith("plan/ppcs/ppc-01.yaml:13:")


def test_as_of_in_other_digits_is_a_usage_error(plan_dir: Path) -> None:
    result = runner.invoke(app, ["status", "--as-of", "٢٠٠٦-٠١-٠١"])
    assert result.exit_code == 2
    assert "is not a date; write dates as YYYY-MM-DD" in result.output


@pytest.mark.parametrize("written", ["2006-W09-3", "'1141171200'", "'2006030100'", "1141171200"])
def test_dates_are_written_yyyy_mm_dd_or_refused(plan_dir: Path, written: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace(
            "    lead: uniap", f"    lead: uniap\n    status: done\n    actual: {{end: {written}}}"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1, result.output
    assert "is not a date; write dates as YYYY-MM-DD" in result.output


@pytest.mark.parametrize("field", ["title", "short_title", "label"])
def test_one_line_fields_hold_no_line_breaks(plan_dir: Path, field: str) -> None:
    old = {
        "title": "title: Regional seminar",
        "short_title": "short_title: Information exchange",
        "label": "label: PPC 1",
    }[field]
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace(old, f'{field}: "Regional\\n::error::forged"'), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "this text must be one line" in result.output
    assert "\n::error" not in result.output
