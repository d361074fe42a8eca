"""A month of ordinary work on a fresh `commit init` repository keeps the generated gate green.

Each week is a pull request (done with dependencies still planned, postpone, cancel twice,
record by country, review, unset): edits made with the commands, committed on a branch, judged by
the workflow's own gate steps (the base, then `validate --new-since`) against origin/main,
then merged and judged again as a push against the commit before it. When an edit adds a
warning, the officer runs the command its notice names, as the notice says, before
committing: recording a course held while the meetings it depends on are still planned."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner
from workflow_steps import run_job

from commit_cli.cli import command_context
from commit_cli.cli.app import app

pytestmark = pytest.mark.slow  # about 12 s: the gate runs twice for each of seven merges

runner = CliRunner()
WORKFLOW = Path(".github/workflows/plan.yml")
GATE = ("The base to compare with", "Validate")
FIRST_COMMAND = re.compile(r"`(commit [^`]*)`")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


class Officer:
    """Someone recording progress in a plan repository, one pull request a week."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.monkeypatch = monkeypatch
        self.followed: list[str] = []
        self.replaced: list[str] = []  # what the edits said they replaced

    def on(self, day: str) -> None:
        today = date.fromisoformat(day)
        self.monkeypatch.setattr(command_context, "system_date", lambda: today)

    def run(self, *args: str) -> None:
        """An edit; when it adds warnings, the first command its notice names for each,
        placeholders filled, until no edit adds one."""
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.output
        said = ("replaced: ", "removed: ")
        self.replaced.extend(line for line in result.output.splitlines() if line.startswith(said))
        for line in result.output.splitlines()[1:]:
            if line.startswith(said):
                continue
            assert line.startswith("commit: warning: this adds"), result.output
            for fix in line.split("; to clear: ", 1)[1].split("; "):
                command = FIRST_COMMAND.search(fix)
                assert command is not None, line
                words = [w.replace("TEXT", "Not needed") for w in shlex.split(command[1])]
                self.followed.append(" ".join(words))
                self.run(*words[1:])

    def gate(self, base_ref: str = "", before: str = "") -> str:
        """The workflow's gate steps, as a pull request (`base_ref`) or a push (`before`)
        runs them; the validation's summary line."""
        context = {
            "vars.COMMIT_CLI_SPEC": "",
            "github.base_ref": base_ref,
            "github.event.before": before,
        }
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        job = run_job(self.folder / WORKFLOW, "check", self.folder, context, path, only=GATE)
        validation = job.step("Validate")
        assert job.passed, validation.stdout + validation.stderr
        assert [step.name for step in job.steps][:1] == [GATE[0]]
        return validation.stdout.splitlines()[-1]

    def pull_request(self, name: str) -> None:
        """Commit the week's work on a branch, judge it as a pull request, merge it into
        main and judge the push."""
        git(self.folder, "checkout", "-q", "-b", name)
        git(self.folder, "commit", "-qam", name)
        assert self.gate(base_ref="main").startswith("valid: ")
        before = git(self.folder, "rev-parse", "main")
        git(self.folder, "checkout", "-q", "main")
        git(self.folder, "merge", "-q", "--ff-only", name)
        git(self.folder, "update-ref", "refs/remotes/origin/main", "main")
        assert self.gate(before=before).startswith("valid: ")


@pytest.fixture
def officer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Officer:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMIT_PLAN", raising=False)
    for kind in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{kind}_NAME", "Sok Chan")
        monkeypatch.setenv(f"GIT_{kind}_EMAIL", "sok@example.org")
    assert runner.invoke(app, ["init", "plan-repo"]).exit_code == 0
    folder = tmp_path / "plan-repo"
    git(folder, "branch", "-M", "main")
    git(folder, "update-ref", "refs/remotes/origin/main", "main")
    monkeypatch.chdir(folder)
    return Officer(folder, monkeypatch)


def test_a_month_of_work_keeps_the_gate_green(officer: Officer) -> None:
    officer.on("2006-03-03")
    officer.run("done", "ppc1-training-course-1", "--from", "2006-02-27", "--on", "2006-03-03")
    # its two dependencies were planned; the notice's commands recorded them (and the one
    # the review meeting depends on in turn)
    assert officer.followed == [
        "commit done ppc1-assessment-review-meeting",
        "commit done ppc1-needs-assessments",
        "commit done ppc1-training-mechanism",
    ]
    officer.pull_request("course-1-held")

    officer.on("2006-03-10")
    officer.run("postpone", "ppc1-training-course-2", "--to", "2007-H1", "--reason", "No venue yet")
    officer.pull_request("course-2-postponed")

    officer.on("2006-03-17")
    officer.run("cancel", "ppc1-clearing-house", "--reason", "No funds")
    officer.pull_request("clearing-house-cancelled")
    officer.run("cancel", "ppc1-clearing-house", "--reason", "The donor withdrew")
    assert officer.replaced == [
        "replaced: the cancellation reason 'No funds' (recorded 2006-03-17)"
    ]
    officer.pull_request("clearing-house-cancelled-again")

    officer.on("2006-03-24")
    officer.run("record", "ppc1-ind-curriculums", "1", "--period", "2006-H1", "--country", "KH")
    officer.run("record", "ppc1-ind-curriculums", "1", "--period", "2006-H1", "--country", "TH")
    officer.pull_request("curriculums-by-country")

    # the lessons for the final report, one typed by mistake and removed again
    officer.run(
        "review",
        "PPC 1",
        "--lesson",
        "Ask the task forces before fixing dates.",
        "--recommendation",
        "Hold course 2 where course 1 was held.",
    )
    officer.run(
        "record", "ppc1-ind-curriculums", "9", "--period", "2006-H1", "--country", "Lao PDR"
    )
    officer.run("unset", "ppc1-ind-curriculums", "values.2006-H1.LA")
    assert officer.replaced[-1] == "removed: the value for LA in 2006-H1 9"
    officer.pull_request("lessons-and-a-typo")
    ppc = (officer.folder / "plan" / "ppcs" / "ppc-01.yaml").read_text(encoding="utf-8")
    assert "  lessons:\n    - Ask the task forces before fixing dates.\n" in ppc
    assert "2006-H1: {KH: 1, TH: 1}" in ppc

    # a warning that reached main some other way (a hand edit, a commit without hooks) is
    # left alone by every later pull request, where `validate --strict` failed them all
    officer.on("2006-03-31")
    officer.run("note", "ppc1-training-course-1", "Evaluation forms collected")
    ppc_file = officer.folder / "plan" / "ppcs" / "ppc-01.yaml"
    text = ppc_file.read_text(encoding="utf-8")
    planned = "    depends_on: [ppc1-curriculums]\n    status: planned\n"
    held = "    depends_on: [ppc1-curriculums]\n    status: done\n    actual: {end: 2006-03-30}\n"
    ppc_file.write_text(text.replace(planned, held, 1), encoding="utf-8")
    git(officer.folder, "commit", "-qam", "Curriculum piloted (by hand)")
    git(officer.folder, "update-ref", "refs/remotes/origin/main", "main")
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 1
    officer.run("note", "ppc1-training-course-1", "Report sent to the ministries")
    officer.pull_request("course-1-report")
    assert officer.gate(base_ref="main") == (
        "valid: 0 error(s), 0 new warning(s) since origin/main, 1 older warning(s) left alone,"
        " in 13 file(s)"
    )
