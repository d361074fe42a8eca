"""The quotes `validate` suggests are the ones `commit fmt` writes: a file fixed as the
message says passes both `validate` and `fmt --check` (fmt rejected the double quotes
validate suggested)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPC_1
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()
HINT = "put the text in quotes: "


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Activity 1", "title: Meeting: the first"),
        ("title: Activity 1", 'title: The "new" plan: review'),
        ("title: Activity 1", "title: It's a plan: review"),
        ("objective: Exchange information.", "context:\n  - Review: the first phase\nobjective: x"),
    ],
)
def test_the_suggested_quotes_pass_fmt(plan_dir: Path, old: str, new: str) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    path.write_text(PPC_1.replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(app, ["validate"])
    line = next(line for line in result.output.splitlines() if HINT in line)
    suggested = line.split(HINT, 1)[1]
    number = int(line.split(":")[1])
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text = (
        suggested.split(": ", 1)[1]
        if ": " in suggested and suggested[0] not in "'\""
        else suggested
    )
    indent = lines[number - 1][: len(lines[number - 1]) - len(lines[number - 1].lstrip())]
    head = lines[number - 1].lstrip()
    prefix = "- " if head.startswith("- ") else head.split(": ", 1)[0] + ": "
    lines[number - 1] = f"{indent}{prefix}{text}\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert runner.invoke(app, ["validate"]).exit_code == 0, path.read_text()
    checked = runner.invoke(app, ["fmt", "--check", "--diff"])
    assert checked.exit_code == 0, checked.output
