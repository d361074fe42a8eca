"""Every argument error of every edit speaks the user's words: each option (and each value
argument) of each editing command is given wrong values, and no message names the model's
internals (pydantic's type names and phrases), nor shows a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from commit_cli.cli import registry
from commit_cli.cli.app import app

runner = CliRunner()

# A valid command for each editing command; each option is then given a wrong value.
VALID = {
    "start": ["start", "ppc1-assessment"],
    "done": ["done", "ppc1-seminar", "--attended", "9"],
    "postpone": ["postpone", "ppc1-seminar", "--to", "2007-H1", "--reason", "x"],
    "cancel": ["cancel", "ppc1-seminar", "--reason", "x"],
    "record": ["record", "ppc1-seminars-held", "1", "--period", "2006-H1"],
    "update": ["update", "ppc-1", "--period", "2006-H1", "--progress", "x"],
    "note": ["note", "ppc1-seminar", "A note"],
    "set": ["set", "ppc1-seminar", "outcome", "x"],
    "unset": ["unset", "ppc1-seminar", "outcome"],
    "review": ["review", "ppc-1", "--lesson", "x"],
    "fund": [
        "fund", "ppc-1", "--source", "Sida", "--status", "pledged", "--amount", "10",
        "--currency", "USD",
    ],
    "decide": ["decide", "som1-d1", "--meeting", "SOM 1", "--on", "2005-06-01", "--text", "T"],
    "spend": ["spend", "ppc-1", "--period", "2006-H1", "--amount", "0", "--currency", "USD"],
    "add": [
        "add", "milestone", "ppc-1", "--id", "ppc1-new", "--title", "T", "--kind", "seminar",
        "--phase", "core", "--window", "2006-H2",
    ],
}  # fmt: skip
WRONG = ["1,000", "2006-13-45", "{a: b}", "[x", "-1", "", "LAO=x"]
INTERNAL = (
    "constrained-",
    "dict[",
    "list[",
    "[key]",
    "pydantic",
    "Input should be",
    "function-after",
    "Traceback",
    "ValidationError",
    "NoneType",
    "_type",
    "_parsing",
)
SET_FIELDS = ["participants.max", "window.end", "status", "actual.end", "depends_on.0", "kind"]


def options_of(name: str) -> list[str]:
    command = registry.build(name)
    if hasattr(command, "commands"):
        command = command.commands["milestone"]
    return [
        param.opts[0]
        for param in command.params
        if param.param_type_name == "option"
        and not getattr(param, "is_flag", False)
        and param.opts[0] not in ("--plan", "--help")
    ]


def cases() -> list[list[str]]:
    found: list[list[str]] = []
    for name, valid in VALID.items():
        for option in options_of(name):
            found.extend([*valid, option, wrong] for wrong in WRONG)
    found.extend(["record", "ppc1-seminars-held", wrong, "--period", "2006-H1"] for wrong in WRONG)
    found.extend(
        ["set", ident, field, wrong]
        for ident in ("ppc1-seminar", "ppc1-seminars-held", "ppc-1")
        for field in (*SET_FIELDS, "target", "values.2006-H1", "title")
        for wrong in WRONG
    )
    return found


def test_every_edit_option_is_swept() -> None:
    # `sheet apply` edits from a workbook's cells, not from options: its wrong cells are
    # swept in tests/sheets and tests/hostile/test_workbooks.py
    edits = {name for name in registry.COMMANDS if "--dry-run" in _usage(name)} - {"sheet"}
    assert set(VALID) == edits, "add the new editing command to VALID"


def _usage(name: str) -> str:
    command = registry.build(name)
    commands = list(command.commands.values()) if hasattr(command, "commands") else [command]
    return " ".join(opt for each in commands for param in each.params for opt in param.opts)


@pytest.mark.slow
def test_no_wrong_value_is_answered_in_the_model_s_words(plan_dir: Path) -> None:
    leaks = []
    for command in cases():
        result = runner.invoke(app, [*command, "--dry-run"])
        said = result.output + (str(result.exception) if result.exit_code not in (0, 1, 2) else "")
        if result.exit_code not in (0, 1, 2) or any(name in said for name in INTERNAL):
            leaks.append(f"{command}: exit {result.exit_code}: {said.strip()[:300]}")
    assert not leaks, "\n".join(leaks[:20]) + f"\n({len(leaks)} in all)"


@pytest.mark.parametrize(
    "command",
    [
        ["done", "ppc1-seminar", "--on", "2006-13-45"],
        ["done", "ppc1-seminar", "--on", "2006-03-10", "--from", "10/03/2006"],
        ["start", "ppc1-seminar", "--on", "2006-02-30"],
        ["cancel", "ppc1-seminar", "--reason", "x", "--on", "soon"],
        ["postpone", "ppc1-seminar", "--to", "2007-H1", "--reason", "x", "--on", "2006-3-1"],
        ["note", "ppc1-seminar", "A note", "--on", "yesterday"],
    ],
    ids=" ".join,
)
def test_a_bad_date_in_an_edit_is_a_usage_error(plan_dir: Path, command: list[str]) -> None:
    before = (plan_dir / "ppcs" / "ppc-01.yaml").read_bytes()
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("commit: error: --"), result.output
    assert (plan_dir / "ppcs" / "ppc-01.yaml").read_bytes() == before
