"""Numbers: over-long ones are refused before conversion, every integer field has a bound,
and YAML 1.1's octal and base-60 forms are refused with what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPC_1
from hostile_helpers import plan_unchanged
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    target: " + "9" * 5000, "a number of 5000 characters is too long"),
        ("    target: 0x" + "f" * 5000, "a number of 5002 characters is too long"),
        ("    target: 1:59:59:59:59:59:59:59:59:59:59", "would be read as a base-60 number"),
        ("    target: 1:30", "'1:30' would be read as a base-60 number; put it in quotes"),
        ("    target: 010", "'010' would be read as an octal number; write 10"),
        ("    target: 1.0e+400", "target must be a finite number"),
        ("    target: 10000000000000000", "target must be at most"),
        ("    target: 1\n    target_max: -1.0e+16", "target_max must be at least"),
    ],
)
def test_a_number_that_would_crash_or_surprise_is_a_located_problem(
    plan_dir: Path, line: str, expected: str
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    target: 1", line), encoding="utf-8"
    )
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("plan/ppcs/ppc-01.yaml:")
    assert expected in result.output.splitlines()[0]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    min_duration_days: 2", "    min_duration_days: 99999999", "at most 36600"),
        ("{min: 20, max: 30}", "{min: 20, max: 99999999999}", "at most 10000000"),
        ("{min: 20, max: 30}", "{min: -1, max: 30}", "at least 0"),
    ],
)
def test_every_integer_field_has_a_sane_bound(
    plan_dir: Path, old: str, new: str, expected: str
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(PPC_1.replace(old, new), encoding="utf-8")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert expected in result.output


@pytest.mark.parametrize("command", [["export"], ["status"], ["show", "ppc1-seminars-held"]])
def test_numbers_that_validate_never_crash_later_commands(
    plan_dir: Path, command: list[str]
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    target: 1", "    target: 999999999999999.5"), encoding="utf-8"
    )
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "window",
    ["0x7D6", "2_006", "+2006", "{start: 0x7D5, end: 2006}", '!!int "٢٠٠٦"', "!!int 0o17"],
)
def test_a_number_not_written_in_plain_decimal_is_refused(plan_dir: Path, window: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    window: 2005-H2", f"    window: {window}"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "is not written as a plain decimal number" in result.output


@pytest.mark.parametrize(
    ("old", "new"),
    [("    target: 1", "    target: true"), ("min_duration_days: 2", "min_duration_days: true")],
)
def test_true_is_not_a_number(plan_dir: Path, old: str, new: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(PPC_1.replace(old, new), encoding="utf-8")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "found 'true'" in result.output
