"""Every command against the one exit-code table (cli/exits.py): 1 when the plan has
problems or an id or filter names nothing in it, 2 when the command line is malformed or the
environment fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PPC_1
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.cli.exits import EXIT_CODES, exit_code_for
from commit_cli.errors import (
    BrokenTemplate,
    EnvironmentFailure,
    InvalidPlan,
    NotFound,
    UsageError,
)

runner = CliRunner()

COMMANDS = [
    ["validate"],
    ["export"],
    ["status"],
    ["show", "ppc-1"],
    ["list", "milestones"],
    ["list", "indicators"],
    ["timeline"],
    ["report", "summary", "--period", "2006-H1"],
    ["report", "ppc", "ppc-1"],
    ["report", "final"],
]
NAMES = [" ".join(command) for command in COMMANDS]


def test_the_table_covers_every_error_kind() -> None:
    kinds = {InvalidPlan: 1, NotFound: 1, BrokenTemplate: 1, UsageError: 2, EnvironmentFailure: 2}
    assert kinds == EXIT_CODES
    assert exit_code_for(InvalidPlan("x", 1)) == 1
    assert exit_code_for(NotFound("x")) == 1
    assert exit_code_for(BrokenTemplate("templates/x.md.j2:1: broken")) == 1
    assert exit_code_for(UsageError("x")) == 2
    assert exit_code_for(EnvironmentFailure("x")) == 2


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_a_valid_plan_exits_0(plan_dir: Path, command: list[str]) -> None:
    takes_as_of = command[0] not in ("validate", "export")
    result = runner.invoke(app, [*command, "--as-of", "2006-01-01"] if takes_as_of else command)
    assert result.exit_code == 0, result.output


READ_COMMANDS = [c for c in COMMANDS if c[0] not in ("validate", "export", "report")]


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_a_plan_with_errors_exits_1(plan_dir: Path, command: list[str]) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    lead: uniap", "    status: finished"), encoding="utf-8"
    )
    strict = ["--strict"] if command in READ_COMMANDS else []
    result = runner.invoke(app, [*command, *strict])
    assert result.exit_code == 1, result.output
    assert "unknown status 'finished'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "command", [c if c[0] != "show" else ["show", "ppc-2"] for c in READ_COMMANDS], ids=" ".join
)
def test_a_plan_with_errors_still_shows_its_valid_files_and_exits_1(
    plan_dir: Path, command: list[str]
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    lead: uniap", "    status: finished"), encoding="utf-8"
    )
    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    assert (
        "commit: warning: the plan has 1 error(s) in plan/ppcs/ppc-01.yaml; showing what the"
        " other files say (plan/ppcs/ppc-01.yaml left out); run `commit validate`"
    ) in result.output
    assert "ppc-2" in result.output or "ppc2-" in result.output  # the valid file's data
    assert "Traceback" not in result.output


def test_show_of_an_id_in_a_file_left_out_says_where_it_is(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    lead: uniap", "    status: finished"), encoding="utf-8"
    )
    result = runner.invoke(app, ["show", "ppc1-seminar"])
    assert result.exit_code == 1
    assert (
        "commit: error: 'ppc1-seminar' is written in plan/ppcs/ppc-01.yaml, which has errors;"
        " run `commit validate`"
    ) in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_no_plan_folder_exits_2(tmp_path: Path, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--plan", str(tmp_path / "nowhere")])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("commit: error: plan folder")
    assert len(result.output.splitlines()) == 1


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_an_unknown_option_exits_2(plan_dir: Path, command: list[str]) -> None:
    assert runner.invoke(app, [*command, "--no-such-option"]).exit_code == 2


@pytest.mark.parametrize(
    "command",
    [
        ["status", "--as-of", "2006-02-30"],
        ["show", "ppc-1", "--as-of", "someday"],
        ["list", "milestones", "--status", "finished"],
        ["list", "milestones", "--kind", "party"],
        ["list", "milestones", "--sort", "dew"],
        ["list", "milestones", "--due-before", "30/06/2006"],
        ["list", "indicators", "--overdue"],
        ["timeline", "--by", "week"],
        ["validate", "--format", "xml"],
        ["export", "--format", "xml"],
        ["report", "summary", "--period", "2006-H3"],
        ["report", "summary", "--period", "2006-H1", "--format", "docx"],
        ["report", "final", "--format", "pdf"],
        ["report", "final", "--format", "md", "--format", "html"],
        ["report", "final", "--templates", "no-such-folder"],
    ],
    ids=" ".join,
)
def test_a_malformed_command_line_exits_2(plan_dir: Path, command: list[str]) -> None:
    assert runner.invoke(app, command).exit_code == 2


@pytest.mark.parametrize(
    "command",
    [
        ["show", "ppc-9"],
        ["status", "--ppc", "ppc-9"],
        ["status", "--area", "9"],
        ["status", "--country", "XX"],
        ["list", "milestones", "--ppc", "ppc-9"],
        ["list", "indicators", "--country", "XX"],
        ["timeline", "--area", "area-9"],
        ["report", "ppc", "ppc-9"],
        ["report", "summary", "--period", "2009-H1"],
    ],
    ids=" ".join,
)
def test_an_id_or_filter_naming_nothing_exits_1(plan_dir: Path, command: list[str]) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("commit: error: unknown ")


def test_an_output_file_that_cannot_be_written_exits_2(plan_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "missing" / "plan.json")])
    assert result.exit_code == 2
    assert result.output.startswith("commit: error: cannot write")


def test_json_of_a_plan_with_errors_is_the_valid_files_with_the_banner_on_stderr(
    plan_dir: Path,
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["status", "--json", "--as-of", "2006-01-01"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [row["id"] for row in document["ppcs"]] == ["ppc-2"]
    assert "commit: warning: the plan has 1 error(s) in plan/ppcs/ppc-01.yaml" in result.stderr
    strict = runner.invoke(app, ["status", "--json", "--strict"])
    assert strict.exit_code == 1
    assert strict.stdout == ""


def test_a_broken_header_still_refuses(plan_dir: Path) -> None:
    (plan_dir / "plan.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert "commit: error: the plan has 1 error(s); run `commit validate`" in result.output


@pytest.mark.parametrize(
    "command",
    [["status", "--ppc", "ppc-1"], ["list", "milestones", "--ppc", "ppc-1"], ["show", "ppc-1"]],
    ids=" ".join,
)
def test_a_ppc_in_a_file_left_out_says_why_it_cannot_be_shown(
    plan_dir: Path, command: list[str]
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    lead: uniap", "    status: finished"), encoding="utf-8"
    )
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    assert (
        "commit: error: 'ppc-1' is written in plan/ppcs/ppc-01.yaml, which has errors"
    ) in result.output
