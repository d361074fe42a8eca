"""`--rev` on every command that reads the plan: the plan as committed at a revision."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import GitRepo
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()

COMMANDS = [
    ["validate"],
    ["export"],
    ["export", "--format", "ics"],
    ["status", "--json"],
    ["show", "ppc1-seminar", "--json"],
    ["list", "milestones", "--json"],
    ["timeline", "--json"],
]
NAMES = [command[0] for command in COMMANDS]


@pytest.fixture
def two_revisions(plan_repo: GitRepo) -> GitRepo:
    """The plan, then a commit that marks the seminar done; the working tree then retitles it
    (uncommitted)."""
    plan_repo.git("tag", "report/2005-H2")
    plan_repo.edit(
        "plan/ppcs/ppc-01.yaml",
        "    depends_on: [ppc1-assessment]\n",
        "    depends_on: [ppc1-assessment]\n    status: done\n"
        "    actual: {start: 2006-03-06, end: 2006-03-08}\n",
    )
    plan_repo.commit("Seminar held", when="2006-03-20")
    plan_repo.edit("plan/ppcs/ppc-01.yaml", "title: Regional seminar", "title: The seminar")
    return plan_repo


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_every_command_reads_a_revision(two_revisions: GitRepo, command: list[str]) -> None:
    at_tag = runner.invoke(app, [*command, "--rev", "report/2005-H2"])
    at_head = runner.invoke(app, [*command, "--rev", "HEAD"])
    here = runner.invoke(
        app,
        [*command, "--as-of", "2006-03-20"]
        if command[0] in ("status", "show", "list", "timeline")
        else command,
    )
    assert at_tag.exit_code == at_head.exit_code == here.exit_code == 0, at_tag.output
    if command[0] != "validate":
        assert at_tag.output != at_head.output
    if command[0] not in ("validate", "status"):  # the status screen shows no such title
        assert here.output != at_head.output


def test_a_revision_reports_as_of_its_commit_date(two_revisions: GitRepo) -> None:
    result = runner.invoke(app, ["status", "--json", "--rev", "HEAD"])
    assert json.loads(result.output)["as_of"] == "2006-03-20"
    result = runner.invoke(app, ["status", "--json", "--rev", "HEAD", "--as-of", "2007-01-01"])
    assert json.loads(result.output)["as_of"] == "2007-01-01"
    result = runner.invoke(app, ["show", "ppc1-seminar", "--json", "--rev", "report/2005-H2"])
    assert json.loads(result.output)["fields"]["status"] == "planned"


def test_output_from_a_tag_is_byte_identical_after_the_plan_changes(
    two_revisions: GitRepo,
) -> None:
    """What was issued from a tag is reproduced from it: render, tag, change the plan,
    render from the tag again, compare bytes."""
    two_revisions.git("tag", "report/2006-H1")
    issued = {
        name: runner.invoke(app, [*command, "--rev", "report/2006-H1"]).stdout_bytes
        for name, command in zip(NAMES, COMMANDS, strict=True)
    }
    two_revisions.edit("plan/plan.yaml", "title: Test plan", "title: A later title")
    two_revisions.commit("Retitle", when="2006-09-01")
    again = {
        name: runner.invoke(app, [*command, "--rev", "report/2006-H1"]).stdout_bytes
        for name, command in zip(NAMES, COMMANDS, strict=True)
    }
    uncached = {
        name: runner.invoke(app, ["--no-cache", *command, "--rev", "report/2006-H1"]).stdout_bytes
        for name, command in zip(NAMES, COMMANDS, strict=True)
    }
    assert issued == again == uncached


def test_an_invalid_revision_shows_its_problems_located_there(plan_repo: GitRepo) -> None:
    plan_repo.edit("plan/ppcs/ppc-01.yaml", "    lead: uniap", "    status: finished")
    plan_repo.commit("Break it")
    plan_repo.edit("plan/ppcs/ppc-01.yaml", "    status: finished", "    lead: uniap")
    plan_repo.commit("Fix it")
    result = runner.invoke(app, ["validate", "--rev", "HEAD~1"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "HEAD~1:plan/ppcs/ppc-01.yaml:14:13: error: unknown status 'finished'"
    )
    shown = runner.invoke(app, ["status", "--rev", "HEAD~1"])  # what the valid files say
    assert shown.exit_code == 1
    assert "(HEAD~1:plan/ppcs/ppc-01.yaml left out)" in shown.output
    refused = runner.invoke(app, ["status", "--rev", "HEAD~1", "--strict"])
    assert refused.exit_code == 1
    assert refused.output.startswith(
        "HEAD~1:plan/ppcs/ppc-01.yaml:14:13: error: unknown status 'finished'"
    )
    assert runner.invoke(app, ["validate", "--rev", "HEAD"]).exit_code == 0


def test_the_working_tree_is_untouched(two_revisions: GitRepo) -> None:
    before = two_revisions.git("status", "--porcelain")
    files = {p: p.read_bytes() for p in two_revisions.root.rglob("*") if p.is_file()}
    assert runner.invoke(app, ["status", "--rev", "report/2005-H2"]).exit_code == 0
    assert two_revisions.git("status", "--porcelain") == before
    assert files == {p: p.read_bytes() for p in two_revisions.root.rglob("*") if p.is_file()}


def test_unknown_revision_exits_1(plan_repo: GitRepo) -> None:
    result = runner.invoke(app, ["status", "--rev", "mian"])
    assert result.exit_code == 1
    assert result.output == (
        "commit: error: unknown revision 'mian' (no commit, branch or tag of that name);"
        " closest: main\n"
    )


def test_not_a_git_repository_exits_2(plan_dir: Path) -> None:
    result = runner.invoke(app, ["status", "--rev", "HEAD"])
    assert result.exit_code == 2
    assert "is not in a git repository" in result.output
    assert "Traceback" not in result.output


def test_git_not_installed_exits_2(plan_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(plan_repo.root / "no-bin"))
    result = runner.invoke(app, ["validate", "--rev", "HEAD"])
    assert result.exit_code == 2
    assert result.output.startswith("commit: error: git is not installed")


def test_a_revision_without_a_plan_exits_2(plan_repo: GitRepo) -> None:
    first = plan_repo.git("rev-list", "--max-parents=0", "HEAD")
    plan_repo.git("checkout", "-q", "--orphan", "other")
    plan_repo.git("rm", "-rqf", ".")
    plan_repo.write("README.md", "no plan here\n")
    plan_repo.commit("Unrelated")
    plan_repo.git("checkout", "-q", first)
    result = runner.invoke(app, ["validate", "--rev", "other"])
    assert result.exit_code == 2
    assert result.output == (
        "commit: error: revision other has no plan: no plan/plan.yaml in that commit (the plan"
        " was added later, or is kept elsewhere there)\n"
    )


def test_a_moved_plan_folder_is_read_where_it_was(plan_repo: GitRepo) -> None:
    plan_repo.git("mv", "plan", "data")
    plan_repo.commit("Move the plan")
    plan_repo.git("mv", "data", "plan")
    plan_repo.commit("Move it back")
    result = runner.invoke(app, ["validate", "--rev", "HEAD~1"])
    assert result.exit_code == 0
    assert "note: at HEAD~1 the plan is in data/, not plan/ (the plan folder moved" in (
        result.output
    )


def test_a_shallow_clone_exits_2_and_says_fetch_depth_0(
    two_revisions: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{two_revisions.root}", str(clone)],
        check=True,
    )
    monkeypatch.chdir(clone)
    result = runner.invoke(app, ["status", "--rev", "HEAD~1"])
    assert result.exit_code == 2
    assert "shallow clone" in result.output
    assert "fetch-depth: 0" in result.output
