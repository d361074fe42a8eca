"""`commit init`: a new plan repository that validates at once, committed to git."""

from __future__ import annotations

import json
import subprocess
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.errors import EnvironmentFailure
from commit_cli.scaffold import requirement
from commit_cli.scaffold.blank import PLAN_SCHEMA_LINE
from commit_cli.scaffold.init import workflow_text, yaml_quoted
from commit_cli.scaffold.requirement import ToolRequirement

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


def fake_distribution(tmp_path: Path, direct_url: dict[str, object]) -> metadata.Distribution:
    info = tmp_path / "dist" / "commit_cli-0.14.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: commit-cli\nVersion: 0.14.0\n")
    (info / "direct_url.json").write_text(json.dumps(direct_url))
    return metadata.PathDistribution(info)


def requirement_written(folder: Path) -> str:
    workflow = yaml.safe_load((folder / ".github/workflows/plan.yml").read_text())
    return str(workflow["env"]["COMMIT_CLI_REQUIREMENT"])


def test_the_workflow_installs_the_commit_that_made_it(
    git_identity: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit = "0123456789abcdef0123456789abcdef01234567"
    made_by = fake_distribution(
        tmp_path,
        {
            "url": "https://github.com/example/commit",
            "vcs_info": {"vcs": "git", "commit_id": commit},
        },
    )
    monkeypatch.setattr(requirement, "installed_distribution", lambda: made_by)
    result = runner.invoke(app, ["init", "--blank", "new"])
    assert result.exit_code == 0, result.output
    expected = f"commit-cli @ git+https://github.com/example/commit@{commit}"
    assert requirement_written(tmp_path / "new") == expected
    said = [line for line in result.output.splitlines() if "the workflow installs" in line]
    assert said == [
        f"the workflow installs {expected} (the git commit installed here, version 0.14.0)"
    ]


def test_a_local_folder_is_written_and_said_to_be_out_of_ci_reach(
    git_identity: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_by = fake_distribution(
        tmp_path, {"url": "file:///src/commit", "dir_info": {"editable": True}}
    )
    monkeypatch.setattr(requirement, "installed_distribution", lambda: made_by)
    result = runner.invoke(app, ["init", "--blank", "new"])
    assert result.exit_code == 0, result.output
    assert requirement_written(tmp_path / "new") == "commit-cli @ file:///src/commit"
    warning = next(line for line in result.output.splitlines() if "workflow installs" in line)
    assert warning.startswith("commit: warning: the workflow installs commit-cli @ file://")
    assert "GitHub's runners cannot install it: set the repository variable COMMIT_CLI_SPEC" in (
        warning
    )


@settings(deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=60))
def test_any_requirement_reads_back_from_the_workflow_as_written(text: str) -> None:
    template = (REPO / ".github/workflows/plan.yml").read_text(encoding="utf-8")
    written = workflow_text(template, ToolRequirement(text, "a test"))
    assert yaml.safe_load(written)["env"]["COMMIT_CLI_REQUIREMENT"] == text
    assert written.replace(yaml_quoted(text), '"commit-cli"', 1) == template


def test_a_workflow_without_the_requirement_line_is_refused() -> None:
    with pytest.raises(EnvironmentFailure, match="does not say which commit-cli to install"):
        workflow_text("name: plan\n", ToolRequirement("commit-cli==1", "a test"))
