"""`commit validate --new-since REV`: a pull request is judged by what it adds. Errors always
fail, a warning only when REV does not have it, matched as `commit diff` matches problems."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import SEMINAR_DONE, GitRepo
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()
PPC1 = "plan/ppcs/ppc-01.yaml"
NEW = " (new since main)"


def seminar_done(repo: GitRepo) -> None:
    """The seminar recorded as held while the assessment it depends on is still planned:
    one warning (dependency-still-planned)."""
    repo.edit(PPC1, "    depends_on: [ppc1-assessment]\n", SEMINAR_DONE)


def test_a_warning_the_base_has_is_left_alone(plan_repo: GitRepo) -> None:
    seminar_done(plan_repo)
    plan_repo.commit("Seminar held")
    plan_repo.git("checkout", "-q", "-b", "pr")
    # a later pull request changes something else
    plan_repo.edit(PPC1, "title: Regional seminar", "title: The regional seminar")
    strict = runner.invoke(app, ["validate", "--strict"])
    assert strict.exit_code == 1  # --strict keeps its meaning: a clean plan
    result = runner.invoke(app, ["validate", "--new-since", "main"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "valid: 0 error(s), 0 new warning(s) since main, 1 older warning(s) left alone,"
        " in 3 file(s)\n"
    )


def test_a_new_warning_fails_and_says_it_is_new(plan_repo: GitRepo) -> None:
    seminar_done(plan_repo)
    result = runner.invoke(app, ["validate", "--new-since", "main"])
    assert result.exit_code == 1
    problem, summary = result.output.splitlines()
    assert problem.startswith(f"{PPC1}:23:18: warning: 'ppc1-seminar' is done but")
    assert problem.endswith(NEW)
    assert summary == (
        "invalid: 0 error(s), 1 new warning(s) since main, 0 older warning(s) left alone,"
        " in 3 file(s)"
    )
    assert runner.invoke(app, ["validate"]).exit_code == 0  # plain validate: warnings pass


def test_an_error_fails_even_when_the_base_has_it(plan_repo: GitRepo) -> None:
    plan_repo.edit(PPC1, "    lead: uniap\n", "    lead: uniap\n    status: finished\n")
    plan_repo.commit("A mistake that reached main")
    plan_repo.git("checkout", "-q", "-b", "pr")
    plan_repo.edit(PPC1, "title: Regional seminar", "title: The regional seminar")
    result = runner.invoke(app, ["validate", "--new-since", "main"])
    assert result.exit_code == 1
    problem, summary = result.output.splitlines()
    assert "unknown status 'finished'" in problem
    assert NEW not in problem
    assert summary.startswith("invalid: 1 error(s) (0 new), 0 new warning(s) since main")


def test_a_new_error_says_it_is_new(plan_repo: GitRepo) -> None:
    plan_repo.edit(PPC1, "    lead: uniap\n", "    lead: uniap\n    status: finished\n")
    result = runner.invoke(app, ["validate", "--new-since", "HEAD"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith("did you mean 'done'? (new since HEAD)")
    assert "1 error(s) (1 new)" in result.output


def test_a_warning_whose_line_moved_is_not_new(plan_repo: GitRepo) -> None:
    seminar_done(plan_repo)
    plan_repo.commit("Seminar held")
    plan_repo.edit(
        PPC1, "objective: Exchange information.\n", "objective: >-\n  Exchange\n  information.\n"
    )
    warning = runner.invoke(app, ["validate"]).output.splitlines()[0]
    assert warning.startswith(f"{PPC1}:25:18: warning:")  # two lines lower than at HEAD
    result = runner.invoke(app, ["validate", "--new-since", "HEAD"])
    assert result.exit_code == 0, result.output


def test_fixing_the_base_warning_and_adding_another_fails(plan_repo: GitRepo) -> None:
    """Counts matter: a warning of the same code and message elsewhere is new."""
    seminar_done(plan_repo)
    plan_repo.commit("Seminar held")
    plan_repo.edit(PPC1, "    window: 2005-H2\n", "")  # no-window: a new warning
    result = runner.invoke(app, ["validate", "--new-since", "HEAD", "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["valid"] is False
    assert [(p["code"], p["new"]) for p in document["problems"]] == [
        ("no-window", True),
        ("dependency-still-planned", False),
    ]
    assert document["new_since"] == {
        "base": "HEAD",
        "new_errors": 0,
        "new_warnings": 1,
        "warnings_left_alone": 1,
    }
    assert (
        json.loads(runner.invoke(app, ["validate", "--new-since", "HEAD", "--json"]).output)[
            "new_since"
        ]
        == document["new_since"]
    )


def test_github_annotates_only_what_fails(plan_repo: GitRepo) -> None:
    seminar_done(plan_repo)
    plan_repo.commit("Seminar held")
    plan_repo.edit(PPC1, "    window: 2005-H2\n", "")
    result = runner.invoke(app, ["validate", "--new-since", "HEAD", "--format", "github"])
    assert result.exit_code == 1
    annotation, summary = result.output.splitlines()
    assert annotation.startswith(f"::warning file={PPC1},line=9,col=9,title=commit no-window::")
    assert annotation.endswith(" (new since HEAD)")
    assert "1 older warning(s) left alone" in summary


def test_strict_with_new_since_fails_on_every_warning(plan_repo: GitRepo) -> None:
    seminar_done(plan_repo)
    plan_repo.commit("Seminar held")
    result = runner.invoke(app, ["validate", "--new-since", "HEAD", "--strict"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "invalid: 0 error(s), 0 new warning(s) since HEAD, 1 older warning(s) failing too"
        " (--strict), in 3 file(s)"
    )


def test_rev_judges_a_revision_against_another(plan_repo: GitRepo) -> None:
    seminar_done(plan_repo)
    plan_repo.commit("Seminar held")
    result = runner.invoke(app, ["validate", "--rev", "HEAD", "--new-since", "HEAD~1"])
    assert result.exit_code == 1
    assert result.output.startswith(f"HEAD:{PPC1}:23:18: warning:")


def test_an_unknown_base_is_one_line_and_exit_2(plan_repo: GitRepo) -> None:
    result = runner.invoke(app, ["validate", "--new-since", "mian"])
    assert result.exit_code == 2
    assert result.output == (
        "commit: error: --new-since: unknown revision 'mian' (no commit, branch or tag of that"
        " name); closest: main\n"
    )


def test_a_shallow_clone_without_the_base_is_one_line_and_exit_2(
    plan_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seminar_done(plan_repo)
    plan_repo.commit("Seminar held")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{plan_repo.root}", str(clone)],
        check=True,
    )
    monkeypatch.chdir(clone)
    result = runner.invoke(app, ["validate", "--new-since", "HEAD~1"])
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1
    assert "shallow clone" in result.output
    assert "fetch-depth: 0" in result.output


def test_not_a_git_repository_is_exit_2(plan_dir: Path) -> None:
    result = runner.invoke(app, ["validate", "--new-since", "main"])
    assert result.exit_code == 2
    assert "is not in a git repository" in result.output
