"""`commit changes`, `diff`, `log` and `show --provenance` through the command line, and
the bad input each must meet with one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PPC_1, GitRepo
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


def test_changes_text_grouped_by_ppc(history_repo: GitRepo) -> None:
    result = runner.invoke(app, ["changes", "--period", "2006-H1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "Changes to the plan after 2006-01-01 up to 2006-06-30: 8 changes in 3 commits"
    )
    assert "ppc-1 · PPC 1 · Information exchange" in lines
    assert "  2006-03-20 ppc1-seminar: planned → done on 2006-03-14  (" in result.output
    assert ", Sok Chan, #12)" in result.output
    assert "      why: Raise the seminar target — Ministries asked for a second seminar." in lines


def test_changes_markdown_and_json(history_repo: GitRepo) -> None:
    md = runner.invoke(app, ["changes", "--since", "report/2006-H1", "--format", "md"])
    assert md.exit_code == 0
    assert "### ppc-2 · PPC 2 · Bilateral agreements" in md.output
    assert "| Date | Change | Commit |" in md.output
    assert "`ppc2-bilateral-workshop` renamed from ppc2-workshop" in md.output
    assert "### Not readable at some commits" in md.output
    document = json.loads(runner.invoke(app, ["changes", "--format", "json"]).output)
    assert document["until"] == "HEAD"
    kinds = {change["kind"] for change in document["changes"]}
    assert {"status", "actual", "attended", "postponed", "window", "value", "target"} <= kinds
    assert {"renamed", "narrative", "added"} <= kinds
    target = next(c for c in document["changes"] if c["kind"] == "target")
    assert target["old"] == {"target": 1, "target_max": None}
    assert target["commit"]["author"] == "Malee Somchai"
    assert document["unreadable"][0]["file"].endswith(":plan/ppcs/ppc-02.yaml")


def test_changes_bad_ranges(history_repo: GitRepo) -> None:
    after = runner.invoke(app, ["changes", "--since", "2006-07-01", "--until", "2006-06-30"])
    assert after.exit_code == 2
    assert after.output == (
        "commit: error: --since 2006-07-01 is after --until 2006-06-30; swap them\n"
    )
    both = runner.invoke(app, ["changes", "--period", "2006-H1", "--since", "2006-01-01"])
    assert both.exit_code == 2
    assert runner.invoke(app, ["changes", "--period", "2006-H3"]).exit_code == 2
    assert runner.invoke(app, ["changes", "--since", "2006-02-30"]).exit_code == 2
    unknown = runner.invoke(app, ["changes", "--since", "report/2006-H2"])
    assert unknown.exit_code == 1
    assert unknown.output.startswith("commit: error: unknown revision 'report/2006-H2'")


def test_changes_outside_git_and_without_git(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["changes"])
    assert result.exit_code == 2
    assert "is not in a git repository" in result.output
    monkeypatch.setenv("PATH", str(plan_dir / "no-bin"))
    result = runner.invoke(app, ["changes"])
    assert result.exit_code == 2
    assert result.output.startswith("commit: error: git is not installed")


def test_a_commit_message_with_control_characters_stays_on_its_line(plan_repo: GitRepo) -> None:
    plan_repo.edit("plan/ppcs/ppc-01.yaml", "    target: 1\n", "    target: 2\n")
    plan_repo.write(".msg", "")
    (plan_repo.root / ".msg").unlink()
    plan_repo.git("add", "-A")
    plan_repo.git(
        "-c",
        "user.name=Evil\x1b[31m Name",
        "-c",
        "user.email=e@example.org",
        "commit",
        "-q",
        "--cleanup=verbatim",
        "-m",
        "Target\x1b[2J\rforged line\x07 *bold* @team",
    )
    text = runner.invoke(app, ["changes"])
    assert text.exit_code == 0
    assert "\x1b" not in text.output
    assert "\r" not in text.output
    assert "\x07" not in text.output
    assert "why: Target\\x1b[2J forged line\\x07 *bold* @team" in text.output
    md = runner.invoke(app, ["changes", "--format", "md"]).output
    assert "\x1b" not in md
    assert "\\*bold\\* &#64;team" in md
    document = json.loads(runner.invoke(app, ["changes", "--format", "json"]).output)
    assert document["changes"][-1]["commit"]["subject"].startswith("Target\x1b[2J\r")


def test_log_newest_first_through_a_rename(history_repo: GitRepo) -> None:
    result = runner.invoke(app, ["log", "ppc2-bilateral-workshop"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "History of ppc2-bilateral-workshop, newest first: 2 changes"
    assert "ppc2-bilateral-workshop: renamed from ppc2-workshop" in lines[1]
    assert "added: PPC 2 Bilateral agreements" in lines[2]
    ppc = runner.invoke(app, ["log", "ppc-1", "--format", "json"])
    ids = [change["id"] for change in json.loads(ppc.output)["changes"]]
    assert ids[0] == "ppc1-seminars-held"
    assert ids[-1] == "ppc-1"
    unknown = runner.invoke(app, ["log", "ppc1-seminr"])
    assert unknown.exit_code == 1
    assert "closest: ppc1-seminar" in unknown.output
    for name in ("PPC 1", "1", "ppc1", "ppc-01.yaml"):  # a PPC's names, as every command
        named = runner.invoke(app, ["log", name, "--format", "json"])
        assert named.exit_code == 0, named.output
        assert json.loads(named.output) == json.loads(ppc.output)


def test_provenance_names_the_commit_that_set_each_field(history_repo: GitRepo) -> None:
    history_repo.write(
        "plan/ppcs/ppc-01.yaml",
        (history_repo.root / "plan/ppcs/ppc-01.yaml")
        .read_text()
        .replace("activities: [act-1]", "activities:\n  - act-1"),
    )
    history_repo.commit("Reformat", when="2006-09-01")
    history_repo.edit("plan/ppcs/ppc-01.yaml", "title: Regional seminar", "title: The seminar")
    result = runner.invoke(app, ["show", "ppc1-seminar", "--provenance", "--json"])
    assert result.exit_code == 0, result.output
    origins = {o["field"]: o for o in json.loads(result.output)["provenance"]}
    assert origins["status"]["commit"]["subject"] == "Seminar held (#12)"
    assert origins["attended"]["commit"]["pr"] == 12
    assert origins["window"]["commit"]["subject"] == "Add the plan"
    assert origins["title"]["uncommitted"] is True
    text = runner.invoke(app, ["show", "ppc1-seminar", "--provenance"]).output
    assert "  status " in text
    assert "Sok Chan #12: Seminar held (#12)" in text
    indicator = runner.invoke(app, ["show", "ppc1-seminars-held", "--provenance", "--json"])
    fields = {o["field"]: o for o in json.loads(indicator.output)["provenance"]}
    assert fields["values.2006-H1"]["commit"]["subject"] == "Assessment postponed"
    assert fields["target"]["commit"]["author"] == "Malee Somchai"


@pytest.fixture
def pull_request(plan_repo: GitRepo) -> GitRepo:
    """A branch off main that records the seminar; main has moved on since."""
    plan_repo.git("checkout", "-q", "-b", "seminar")
    plan_repo.edit(
        "plan/ppcs/ppc-01.yaml",
        "    depends_on: [ppc1-assessment]\n",
        "    depends_on: [ppc1-assessment]\n    status: in_progress\n"
        "    actual: {start: 2006-03-13}\n",
    )
    plan_repo.commit("Seminar started", when="2006-03-13")
    return plan_repo


def test_diff_against_the_merge_base_as_markdown(pull_request: GitRepo) -> None:
    pull_request.edit("plan/ppcs/ppc-01.yaml", "    target: 1\n", "    target: 2\n")
    result = runner.invoke(app, ["diff"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## What this change does to the plan\n")
    assert "From `main (merge base " in result.output
    assert "- `ppc1-seminar` planned → in\\_progress on 2006-03-13" in result.output
    assert "- `ppc1-seminars-held` target revised: 1 → 2" in result.output
    assert (
        "⚠️ The plan is valid at the working tree: 0 error(s), 1 warning(s); the change adds a"
        " warning, which the pull request's check (`validate --new-since`) refuses."
    ) in result.output
    assert "'ppc1-assessment', which it depends on, is still planned" in result.output
    committed = runner.invoke(app, ["diff", "main", "HEAD", "--format", "json"])
    document = json.loads(committed.output)
    assert [c["kind"] for c in document["changes"]] == ["status", "actual"]
    assert document["valid"] is True


def test_diff_problems_introduced_and_fixed_exit_1(pull_request: GitRepo) -> None:
    pull_request.edit("plan/ppcs/ppc-01.yaml", "    lead: uniap", "    status: finished")
    result = runner.invoke(app, ["diff"])
    assert result.exit_code == 1
    assert "❌ The plan is invalid at the working tree: 1 error(s)" in result.output
    assert "**Problems introduced (1)**" in result.output
    assert "- `plan/ppcs/ppc-01.yaml:14:13` error: unknown status 'finished'" in result.output
    pull_request.commit("Break")
    pull_request.edit("plan/ppcs/ppc-01.yaml", "    status: finished", "    lead: uniap")
    fixed = runner.invoke(app, ["diff", "HEAD"])
    assert fixed.exit_code == 0
    assert "**Problems fixed (1)**" in fixed.output
    assert "- `HEAD:plan/ppcs/ppc-01.yaml:14:13` error: unknown status" in fixed.output


def test_diff_in_a_shallow_clone_says_fetch_depth_0(
    pull_request: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pull_request.git("checkout", "-q", "main")
    pull_request.write("NOTES.md", "main moved on\n")
    pull_request.commit("Notes", when="2006-03-14")
    pull_request.git("checkout", "-q", "seminar")
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    clone = tmp_path / "clone"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            f"file://{pull_request.root}",
            str(clone),
        ],
        check=True,
    )
    monkeypatch.chdir(clone)
    result = runner.invoke(app, ["diff"])
    assert result.exit_code == 2, result.output
    assert "shallow clone" in result.output
    assert "fetch-depth: 0" in result.output
    result = runner.invoke(app, ["diff", "HEAD~1"])
    assert result.exit_code == 2
    assert "fetch-depth: 0" in result.output


def test_diff_against_a_revision_without_the_plan(plan_repo: GitRepo) -> None:
    plan_repo.git("checkout", "-q", "--orphan", "bare")
    plan_repo.git("rm", "-rqf", ".")
    plan_repo.write("README.md", "no plan yet\n")
    plan_repo.commit("Nothing yet")
    plan_repo.git("checkout", "-q", "-f", "main")
    result = runner.invoke(app, ["diff", "bare"])
    assert result.exit_code == 2
    assert result.output.startswith("commit: error: revision bare has no plan")


def test_reformatting_shows_no_change(plan_repo: GitRepo) -> None:
    plan_repo.write("plan/ppcs/ppc-01.yaml", PPC_1.replace("# PPC 1 – a small test PPC\n", ""))
    result = runner.invoke(app, ["diff", "HEAD", "--format", "text"])
    assert result.exit_code == 0
    assert result.output.startswith("Changes from HEAD to the working tree: 0 changes")


def test_the_progress_bar_shows_only_on_a_terminal_after_a_second(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from commit_cli.cli import output

    with output.progress("Reading") as update:
        update(1, 2)
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with output.progress("Reading") as update:
        update(1, 2)  # under a second: nothing yet
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(output, "PROGRESS_AFTER_S", 0.0)
    with output.progress("Reading") as update:
        update(1, 2)
        update(2, 2)
    assert "Reading" in capsys.readouterr().err
