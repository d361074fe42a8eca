"""`commit unset ID FIELD` removes a typed value: with the same checks as every edit (a
field the object must have is refused, located), what it removed said, and only the
lines of that value changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPC_1
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


def ppc1(plan_dir: Path) -> str:
    return (plan_dir / "ppcs" / "ppc-01.yaml").read_text(encoding="utf-8")


def test_unset_removes_a_value_and_says_what_it_was(plan_dir: Path) -> None:
    result = runner.invoke(app, ["unset", "ppc1-seminar", "participants.max"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "recorded: ppc1-seminar participants.max removed in plan/ppcs/ppc-01.yaml",
        "removed: participants.max 30",
    ]
    assert ppc1(plan_dir) == PPC_1.replace(
        "participants: {min: 20, max: 30}", "participants: {min: 20}"
    )


def test_unset_removes_a_mapping_it_leaves_empty(plan_dir: Path) -> None:
    assert runner.invoke(app, ["start", "ppc1-assessment", "--on", "2005-08-01"]).exit_code == 0
    assert runner.invoke(app, ["unset", "ppc1-assessment", "actual.start"]).exit_code == 0
    assert "actual" not in ppc1(plan_dir)
    runner.invoke(app, ["record", "ppc1-seminars-held", "1", "--period", "2006-H1"])
    result = runner.invoke(app, ["unset", "ppc1-seminars-held", "values.2006-H1"])
    assert result.exit_code == 0, result.output
    assert "removed: the value for 2006-H1 1" in result.output
    assert "values" not in ppc1(plan_dir)


def test_unset_of_a_value_not_there_changes_nothing(plan_dir: Path) -> None:
    result = runner.invoke(app, ["unset", "ppc1-seminar", "outcome"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("nothing to record")
    assert ppc1(plan_dir) == PPC_1


@pytest.mark.parametrize(
    ("command", "code", "message"),
    [
        (["unset", "ppc1-seminar", "title"], 1, "missing required key 'title'"),
        (
            ["unset", "ppc1-seminar", "titel"],
            2,
            "milestone has no field 'titel'; did you mean 'title'?",
        ),
        (
            ["unset", "ppc1-seminr", "outcome"],
            1,
            "unknown milestone or indicator or ppc 'ppc1-seminr'",
        ),
    ],
)
def test_unset_is_refused_where_the_plan_needs_the_value(
    plan_dir: Path, command: list[str], code: int, message: str
) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert ppc1(plan_dir) == PPC_1
