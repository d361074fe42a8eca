"""`commit init`: a new plan repository that validates at once, committed to git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.scaffold.blank import PLAN_SCHEMA_LINE

runner = CliRunner()


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMIT_PLAN", raising=False)
    for kind in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{kind}_NAME", "Sok Chan")
        monkeypatch.setenv(f"GIT_{kind}_EMAIL", "sok@example.org")


def log(folder: Path) -> str:
    return subprocess.run(
        ["git", "log", "--format=%s", "--name-only"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.parametrize("blank", [False, True], ids=["bundled", "blank"])
def test_init_makes_a_repository_that_validates(
    git_identity: None, tmp_path: Path, blank: bool
) -> None:
    result = runner.invoke(app, ["init", "new", *(["--blank"] if blank else [])])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "new"
    committed = log(folder)
    assert committed.startswith("A new plan repository (commit init)")
    for expected in (
        "plan/plan.yaml",
        "plan/ppcs/ppc-01.yaml",
        ".github/workflows/plan.yml",
        ".pre-commit-config.yaml",
        ".yamllint.yaml",
        "schema/plan.schema.json",
        "schema/ppc.schema.json",
        "templates/.gitkeep",
        "README.md",
    ):
        assert expected in committed, expected
    assert (folder / "plan" / "plan.yaml").read_text().startswith(PLAN_SCHEMA_LINE)
    validated = runner.invoke(app, ["validate", "--strict", "--plan", str(folder / "plan")])
    assert validated.exit_code == 0, validated.output
    formatted = runner.invoke(app, ["fmt", "--check", "--plan", str(folder / "plan")])
    assert formatted.exit_code == 0, formatted.output
    ppcs = len(list((folder / "plan" / "ppcs").glob("*.yaml")))
    assert ppcs == (1 if blank else 12)


def test_init_refuses_a_folder_that_is_not_empty(git_identity: None, tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["init", "busy"])
    assert result.exit_code == 2
    assert "not an empty folder" in result.output
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]


def test_init_into_an_empty_folder(git_identity: None, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert runner.invoke(app, ["init", "--blank", "empty"]).exit_code == 0


def test_without_a_git_identity_the_files_stay_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("NAME", "EMAIL"):
        for kind in ("AUTHOR", "COMMITTER"):
            monkeypatch.delenv(f"GIT_{kind}_{name}", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)
    result = runner.invoke(app, ["init", "--blank", "new"])
    assert result.exit_code == 0, result.output
    assert "not committed" in result.output
    assert (tmp_path / "new" / ".git").is_dir()


def test_the_files_are_found_inside_the_package_first(tmp_path: Path) -> None:
    from commit_cli.scaffold.init import source_file

    inside = tmp_path / "commit_cli" / "scaffold" / "files" / ".yamllint.yaml"
    inside.parent.mkdir(parents=True)
    inside.write_text("extends: default\n")
    assert source_file(".yamllint.yaml", tmp_path / "commit_cli") == inside
