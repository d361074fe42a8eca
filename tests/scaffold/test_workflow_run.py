"""The workflow `commit init` writes, run here: each shell step of its `check` job in order, in
a fresh `init` repository, with commit-cli installed by the workflow's own install step into
a new virtual environment. A pull request that keeps the plan green passes; one that adds an
error fails at the validation step, with the error annotated as new."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from typer.testing import CliRunner
from workflow_steps import JobRun, run_job

from commit_cli.cli.app import app

pytestmark = pytest.mark.slow  # about 15 s: a virtual environment, three runs of the job

runner = CliRunner()
WORKFLOW = Path(".github/workflows/plan.yml")
ZEROS = "0" * 40  # github.event.before for a branch pushed for the first time


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def tool_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment that sees this one's packages (pip, and commit-cli's
    dependencies) through a .pth file, so that installing commit-cli into it needs no
    download of them; commit-cli itself is not in it until the workflow installs it."""
    venv = tmp_path_factory.mktemp("tool") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = sysconfig.get_path("purelib")
    Path(purelib, "_test_packages.pth").write_text(f"import site; site.addsitedir({ours!r})\n")
    return venv


def search_path(venv: Path) -> str:
    """PATH with the new environment first and without this one's scripts (so `commit`
    is found only once the workflow installed it)."""
    ours = str(Path(sys.executable).parent)
    rest = [d for d in os.environ.get("PATH", "").split(os.pathsep) if d and d != ours]
    return os.pathsep.join([str(venv / "bin"), *rest])


@pytest.fixture
def plan_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new plan repository made by `commit init` on branch main, its main also known as
    origin/main (as the checkout of a pull request fetches it), and a branch `pr`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMIT_PLAN", raising=False)
    for kind in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{kind}_NAME", "Sok Chan")
        monkeypatch.setenv(f"GIT_{kind}_EMAIL", "sok@example.org")
    result = runner.invoke(app, ["init", "plan-repo"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "plan-repo"
    git(folder, "branch", "-M", "main")
    git(folder, "update-ref", "refs/remotes/origin/main", "main")
    git(folder, "checkout", "-q", "-b", "pr")
    monkeypatch.chdir(folder)
    return folder


def context(folder: Path, base_ref: str, before: str) -> dict[str, str]:
    """The expressions of the workflow, as GitHub would fill them."""
    written = yaml.safe_load((folder / WORKFLOW).read_text())["env"]["COMMIT_CLI_REQUIREMENT"]
    # The requirement `init` wrote installs this checkout when the tests run from one
    # (an editable install); else the repository variable names it.
    override = (
        "" if str(written).startswith("commit-cli @ file:") else f"commit-cli @ {REPO.as_uri()}"
    )
    return {
        "vars.COMMIT_CLI_SPEC": override,
        "github.base_ref": base_ref,
        "github.event.before": before,
    }


def run_check(folder: Path, venv: Path, base_ref: str = "main", before: str = "") -> JobRun:
    environment = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    old = {key: os.environ.get(key) for key in environment}
    os.environ.update(environment)
    try:
        return run_job(
            folder / WORKFLOW, "check", folder, context(folder, base_ref, before), search_path(venv)
        )
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def describe(job: JobRun) -> str:
    return "\n".join(f"{s.name}: {s.code}\n{s.stdout}{s.stderr}" for s in job.steps)


def test_a_pull_request_that_keeps_the_plan_green_passes(
    plan_repository: Path, tool_venv: Path
) -> None:
    folder = plan_repository
    edit = runner.invoke(
        app,
        [
            "postpone",
            "ppc1-training-course-2",
            "--to",
            "2007-H1",
            "--reason",
            "No venue yet",
            "--on",
            "2006-03-10",
        ],
    )
    assert edit.exit_code == 0, edit.output
    git(folder, "commit", "-qam", "Postpone the second course")
    job = run_check(folder, tool_venv)
    assert job.passed, describe(job)
    assert [step.name for step in job.steps] == [
        "Install commit",
        "The base to compare with",
        "Validate what the change adds (problems appear on the lines of the diff)",
        "Layout",
        "Semantic diff to the job summary",
        "Render the reports",
        "Build the site",
    ]
    assert (tool_venv / "bin" / "commit").exists()  # the install step put it there
    assert (folder / "public" / "index.html").is_file()  # what the Pages artifact uploads
    assert job.step("Validate").stdout.startswith("valid: 0 error(s), 0 new warning(s) since")
    assert "ppc1-training-course-2" in job.summary  # the semantic diff
    assert sorted(p.suffix for p in (folder / "reports").iterdir()) == [".html", ".md"]


def test_a_pull_request_that_adds_an_error_fails_at_validation(
    plan_repository: Path, tool_venv: Path
) -> None:
    folder = plan_repository
    ppc = folder / "plan" / "ppcs" / "ppc-02.yaml"
    text = ppc.read_text(encoding="utf-8")
    ppc.write_text(text.replace("    status: planned\n", "    status: finished\n", 1))
    git(folder, "commit", "-qam", "A typo")
    job = run_check(folder, tool_venv)
    validation = job.step("Validate")
    assert validation.code == 1, describe(job)
    assert validation.stdout.startswith("::error file=plan/ppcs/ppc-02.yaml,line=")
    assert "(new since origin/main)" in validation.stdout.splitlines()[0]
    assert job.step("Layout").code == 0  # runs even so
    assert job.step("Render the reports").code is None  # skipped after a failure


def test_a_first_push_of_a_branch_has_no_base_and_fails_only_on_errors(
    plan_repository: Path, tool_venv: Path
) -> None:
    folder = plan_repository
    ppc = folder / "plan" / "ppcs" / "ppc-01.yaml"
    done = runner.invoke(app, ["done", "ppc1-training-course-1", "--on", "2006-03-01"])
    assert done.exit_code == 0, done.output  # two warnings: its dependencies are planned
    assert ppc.read_text(encoding="utf-8").count("status: done") == 1
    git(folder, "commit", "-qam", "The first course was held")
    job = run_check(folder, tool_venv, base_ref="", before=ZEROS)
    assert "no earlier commit to compare with" in job.step("The base to compare with").stdout
    assert job.step("Validate").stdout.splitlines()[-1] == (
        "valid: 0 error(s), 2 warning(s) in 13 file(s)"
    )
    assert job.step("Semantic diff").code is None
    pushed = run_check(folder, tool_venv, base_ref="", before=git(folder, "rev-parse", "HEAD~1"))
    assert pushed.step("Validate").code == 1  # a push judged against the commit before it


def test_a_report_tag_renders_the_period_s_reports(plan_repository: Path, tool_venv: Path) -> None:
    """The release job up to the release itself (`gh` talks to GitHub)."""
    folder = plan_repository
    tag = "report/2006-H1"
    git(folder, "tag", tag)
    filled = {**context(folder, "", ""), "github.ref_name": tag}
    job = run_job(
        folder / WORKFLOW,
        "release",
        folder,
        filled,
        search_path(tool_venv),
        only=("Install", "Validate", "Render"),
    )
    assert job.passed, describe(job)
    assert len(job.steps) == 3
    assert sorted(p.suffix for p in (folder / "reports").iterdir()) == [".html", ".md"]


FAKE_GH = """#!/bin/sh
echo "$*" >> "$GH_LOG"
case "$1 $2" in
  "issue list") cat "$GH_ISSUES" ;;
esac
"""


def test_the_scheduled_job_keeps_one_issue_per_period(
    plan_repository: Path, tool_venv: Path, tmp_path: Path
) -> None:
    """The owed job in a fresh `init` repository: the first run opens the period's issue with
    `commit due`'s Markdown, the next one edits that issue (a fake `gh` stands for GitHub)."""
    folder = plan_repository
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH)
    gh.chmod(0o755)
    log, issues = tmp_path / "gh.log", tmp_path / "issues"
    issues.write_text("")
    os.environ.update(GH_LOG=str(log), GH_ISSUES=str(issues))
    try:
        filled = {**context(folder, "", ""), "github.token": "token"}
        path = os.pathsep.join([str(bin_dir), search_path(tool_venv)])
        first = run_job(folder / WORKFLOW, "owed", folder, filled, path, only=("What", "Keep"))
        assert first.passed, describe(first)
        assert log.read_text().splitlines()[-1] == (
            "issue create --title Reports owed for 2007-H2 --body-file owed.md"
        )
        body = (folder / "owed.md").read_text(encoding="utf-8")
        assert body.startswith("# Reports owed for 2007-H2\n")
        assert "| PPC 1 |" in body
        issues.write_text("7\n")
        again = run_job(folder / WORKFLOW, "owed", folder, filled, path, only=("What", "Keep"))
        assert again.passed, describe(again)
        assert log.read_text().splitlines()[-1] == "issue edit 7 --body-file owed.md"
    finally:
        for key in ("GH_LOG", "GH_ISSUES"):
            os.environ.pop(key, None)
