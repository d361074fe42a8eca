"""An edit that adds a warning says so in one line after "recorded", naming the command that
clears it; running that command clears it (a pull request's check refuses new warnings)."""

from __future__ import annotations

import json
import re
import shlex
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commit_cli.cli import command_context
from commit_cli.cli.app import app
from commit_cli.cli.editing import warning_notice
from commit_cli.problems import Problem, Severity

runner = CliRunner()
ASSESSMENT_DONE = ["done", "ppc1-assessment", "--from", "2005-09-01", "--on", "2005-09-02"]
NOTICE = re.compile(r"^commit: warning: this adds (a warning|\d+ warnings) \(([^)]*)\), which")


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def warning_codes() -> list[str]:
    document = json.loads(run("validate", "--format", "json"))
    return [p["code"] for p in document["problems"] if p["severity"] == "warning"]


def notice_of(output: str) -> tuple[str, list[str]]:
    """The notice line of an edit's output (the line after "recorded"), and the first
    command it names for each warning."""
    recorded, notice, *rest = output.splitlines()
    assert recorded.startswith("recorded: "), output
    assert not rest, output
    assert NOTICE.match(notice), notice
    fixes = notice.split("; to clear: ", 1)[1].split("; ")
    return notice, [re.findall(r"`(commit [^`]*)`", fix)[0] for fix in fixes]


SCENARIOS = {
    # code: (edits before, the edit that adds the warning, what to put in the placeholders)
    "dependency-still-planned": (
        [],
        ["done", "ppc1-seminar", "--from", "2006-03-09", "--on", "2006-03-10"],
        {},
    ),
    "done-without-date": (
        [ASSESSMENT_DONE],
        ["set", "ppc1-seminar", "status", "done"],
        {"YYYY-MM-DD": "2006-03-10"},
    ),
    "shorter-than-minimum": (
        [ASSESSMENT_DONE],
        ["done", "ppc1-seminar", "--from", "2006-03-10", "--on", "2006-03-10"],
        {"YYYY-MM-DD": "2006-03-09"},
    ),
    "attendance-outside-range": (
        [ASSESSMENT_DONE],
        ["done", "ppc1-seminar", "--from", "2006-03-09", "--on", "2006-03-10", "--attended", "40"],
        {"N": "25"},
    ),
    "decision-unrecorded": (
        [],
        ["set", "ppc1-seminar", "status", "postponed"],
        {"WINDOW": "2007-H1", "TEXT": "no funds"},
    ),
    "actual-outside-period": (
        [ASSESSMENT_DONE],
        ["done", "ppc1-seminar", "--from", "2007-12-30", "--on", "2008-01-02"],
        {"YYYY-MM-DD": "2007-12-31"},
    ),
    "no-evaluation": (
        [["set", "ppc-1", "evaluation", ""]],  # none, and nothing started: no warning yet
        ["start", "ppc1-assessment", "--on", "2005-08-01"],
        {"TEXT": "Reviewed by the Evaluation Officer against its indicators."},
    ),
    "inferred-target-unexplained": (
        [],
        ["set", "ppc1-seminars-held", "target_inferred", "true"],
        {"TEXT": "Inferred: one seminar, as planned."},
    ),
    # No command sets a window where there is none (`set` takes single values), nor the
    # values of an indicator: those notices say where to edit (see the last test). Edits
    # are checked without today's date, so `actual-in-future` shows in `validate` only.
}


@pytest.mark.parametrize("code", list(SCENARIOS))
def test_the_notice_names_a_command_that_clears_the_warning(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    today = date(2008, 6, 1) if code == "actual-outside-period" else date(2006, 6, 1)
    monkeypatch.setattr(command_context, "system_date", lambda: today)
    before, edit, values = SCENARIOS[code]
    for args in before:
        run(*args)
    assert warning_codes() == []
    notice, fixes = notice_of(run(*edit))
    assert NOTICE.match(notice)[2] == code  # type: ignore[index]
    assert warning_codes() == [code]
    words = shlex.split(fixes[0])
    assert words[0] == "commit"
    run(*[values.get(word, word) for word in words[1:]])
    assert warning_codes() == []


def test_done_with_a_dependency_still_planned_suggests_its_done_or_cancel(
    plan_dir: Path,
) -> None:
    output = run("done", "ppc1-seminar", "--on", "2006-03-10", "--from", "2006-03-09")
    notice, _ = notice_of(output)
    assert notice.endswith(
        "to clear: `commit done ppc1-assessment` or `commit cancel ppc1-assessment --reason TEXT`"
    )
    run("cancel", "ppc1-assessment", "--reason", "Done by the ministry itself")
    assert warning_codes() == []


def test_in_progress_work_may_also_start_its_dependency(plan_dir: Path) -> None:
    notice, fixes = notice_of(run("start", "ppc1-seminar", "--on", "2006-03-09"))
    assert fixes == ["commit start ppc1-assessment"]
    assert "`commit done ppc1-assessment` or `commit cancel ppc1-assessment --reason TEXT`" in (
        notice
    )


def test_validate_says_the_same_commands(plan_dir: Path) -> None:
    run("done", "ppc1-seminar", "--on", "2006-03-10", "--from", "2006-03-09")
    line = runner.invoke(app, ["validate"]).output.splitlines()[0]
    assert line.endswith(
        "warning: 'ppc1-seminar' is done but 'ppc1-assessment', which it depends on, is still"
        " planned; record its progress (`commit done ppc1-assessment` or `commit cancel"
        " ppc1-assessment --reason TEXT`), or remove the dependency"
    )


def test_a_dry_run_says_it_would_add_the_warning(plan_dir: Path) -> None:
    result = runner.invoke(app, ["done", "ppc1-seminar", "--on", "2006-03-10", "--dry-run"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].startswith(
        "commit: warning: this would add a warning (dependency-still-planned)"
    )


def test_an_edit_without_new_warnings_prints_one_line(plan_dir: Path) -> None:
    run(*ASSESSMENT_DONE)
    output = run("done", "ppc1-seminar", "--from", "2006-03-09", "--on", "2006-03-10")
    assert output.splitlines() == [
        "recorded: ppc1-seminar done on 2006-03-10 in plan/ppcs/ppc-01.yaml"
    ]


def test_json_carries_the_warnings_and_no_notice(plan_dir: Path) -> None:
    result = runner.invoke(app, ["done", "ppc1-seminar", "--on", "2006-03-10", "--json"])
    document = json.loads(result.output)
    assert [w["code"] for w in document["warnings"]] == ["dependency-still-planned"]


def test_a_warning_no_command_clears_says_where_to_edit(plan_dir: Path) -> None:
    output = run(
        "add", "milestone", "ppc-1", "--id", "ppc1-extra", "--title", "Extra meeting",
        "--kind", "meeting", "--phase", "core",
    )  # fmt: skip
    assert output.splitlines()[1] == (
        "commit: warning: this adds a warning (no-window), which a pull request's check"
        " refuses; to clear: edit plan/ppcs/ppc-01.yaml:24 (`commit validate` says how)"
    )


def test_the_notice_of_warnings_from_a_list() -> None:
    problem = Problem(
        "plan/ppcs/ppc-01.yaml", "values disagree", "value-contradicts-milestones",
        Severity.warning, line=40, column=7,
    )  # fmt: skip
    assert warning_notice([problem]) == (
        "commit: warning: this adds a warning (value-contradicts-milestones), which a pull"
        " request's check refuses; to clear: edit plan/ppcs/ppc-01.yaml:40 (`commit validate`"
        " says how)"
    )
