"""The files that plug commit into CI: the GitHub workflow (linted by actionlint) and the
pre-commit hooks (run by `pre-commit try-repo` on a throwaway repository)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import PPC_1, REPO, write_plan

from commit_cli.scaffold.init import init_repository
from commit_cli.scaffold.requirement import ToolRequirement

WORKFLOW = REPO / ".github" / "workflows" / "plan.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent


def tool(name: str) -> str | None:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name)


def test_workflow_runs_the_checks_and_reports() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert set(workflow["jobs"]) == {"check", "release", "pages", "owed"}
    for needed in (
        'commit validate --new-since "$COMMIT_BASE" --format github',
        "commit fmt --check",
        '>> "$GITHUB_STEP_SUMMARY"',
        "actions/upload-artifact",
        "commit report summary --period",
        "gh release create",
        'commit sheet export --all-countries --period "${TAG#report/}" -o workbooks/',
        "gh release upload",
        "commit site -o public/",
        "actions/upload-pages-artifact",
        "commit due --markdown",
        "gh issue edit",
    ):
        assert needed in text, needed
    assert "--strict" not in text  # warnings a pull request inherits never fail it
    assert workflow[True]["push"]["tags"] == ["report/*"]  # `on:` reads as True in YAML 1.1
    assert workflow[True]["schedule"] == [{"cron": "0 6 * 6,12 1"}]  # June and December
    for name, job in workflow["jobs"].items():
        if name == "pages":  # it deploys what `check` built, and reads no file
            assert [s["uses"] for s in job["steps"]] == ["actions/deploy-pages@v5"]
            continue
        checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout")]
        assert checkouts
        assert all(s["with"]["persist-credentials"] is False for s in checkouts)


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """actionlint (from the `test` extra: the wheel carries the binary) on `paths`; a missing
    actionlint fails the test, never skips it."""
    found = tool("actionlint")
    assert found is not None, "actionlint is missing: pip install -e '.[test]'"
    return subprocess.run(
        [found, "-no-color", *map(str, paths)], capture_output=True, text=True, check=False
    )


def initialised(tmp_path: Path, requirement: ToolRequirement) -> Path:
    """The workflow `commit init` writes for `requirement`."""
    folder = tmp_path / "new"
    init_repository(folder, blank=True, today=date(2006, 1, 1), requirement=requirement)
    return folder / ".github" / "workflows" / "plan.yml"


def test_actionlint_passes_every_workflow_we_ship_or_write(tmp_path: Path) -> None:
    shipped = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
    assert shipped == [WORKFLOW]
    written = initialised(
        tmp_path, ToolRequirement('commit-cli @ https://example.org/a "b" #c.tar.gz', "a test")
    )
    completed = actionlint(*shipped, written)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_actionlint_fails_an_action_on_a_deprecated_node(tmp_path: Path) -> None:
    """What keeps the workflow's actions current: actionlint knows each action's runtime,
    and refuses one whose Node GitHub removes (node20: actions/checkout@v4)."""
    old = tmp_path / ".github" / "workflows" / "plan.yml"
    old.parent.mkdir(parents=True)
    old.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("actions/checkout@v7", "actions/checkout@v4"),
        encoding="utf-8",
    )
    completed = actionlint(old)
    assert completed.returncode == 1
    assert 'runtime "node20" is deprecated' in completed.stdout
    assert completed.stdout.count('update the version of action "actions/checkout@v4"') == 3


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    found = tool(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return subprocess.run([found, *args], capture_output=True, text=True, check=False)


def test_the_workflow_matches_the_github_workflow_schema() -> None:
    """Offline, where actionlint cannot be installed: check-jsonschema's bundled copy of
    SchemaStore's workflow schema, and its rule that every job has a timeout."""
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        completed = run_tool("check-jsonschema", "--builtin-schema", schema, str(WORKFLOW))
        assert completed.returncode == 0, completed.stdout + completed.stderr


def test_pre_commit_accepts_the_hook_manifest_and_the_init_config(tmp_path: Path) -> None:
    from commit_cli.scaffold.init import PRE_COMMIT_CONFIG

    completed = run_tool("pre-commit", "validate-manifest", str(HOOKS))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(PRE_COMMIT_CONFIG, encoding="utf-8")
    completed = run_tool("pre-commit", "validate-config", str(config))
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_hooks_are_declared_alike_in_the_manifest_and_the_init_config() -> None:
    from commit_cli.scaffold.init import PRE_COMMIT_CONFIG

    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert set(hooks) == {"commit-validate", "commit-fmt"}
    assert hooks["commit-validate"]["entry"] == "commit validate --new-since HEAD"
    assert hooks["commit-fmt"]["entry"] == "commit fmt"
    local = yaml.safe_load(PRE_COMMIT_CONFIG)["repos"][0]["hooks"]
    assert {hook["id"]: hook["entry"] for hook in local} == {
        name: hook["entry"] for name, hook in hooks.items()
    }


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def hook_repo(tmp_path: Path) -> Path:
    """A repository holding this repository's hook definitions, committed (try-repo reads
    committed files; the hooks run the `commit` on PATH, so no other file is needed)."""
    folder = tmp_path / "hooks"
    folder.mkdir()
    shutil.copy(HOOKS, folder / HOOKS.name)
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "hooks")
    return folder


def try_repo(folder: Path, hook: str, home: Path, hooks: Path) -> subprocess.CompletedProcess[str]:
    pre_commit = tool("pre-commit")
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    environment = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(home),
        "COMMIT_NO_CACHE": "1",
        "NO_COLOR": "1",
    }
    environment.pop("COMMIT_PLAN", None)
    return subprocess.run(
        [pre_commit, "try-repo", str(hooks), hook, "--all-files"],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow  # ~6 s: pre-commit starts six times
def test_pre_commit_hooks_pass_a_good_plan_and_stop_a_bad_one(tmp_path: Path) -> None:
    home = tmp_path / "pre-commit-home"
    hooks = hook_repo(tmp_path)
    good = tmp_path / "good"
    write_plan(good)
    git(good, "init", "-q")
    git(good, "add", ".")
    git(good, "commit", "-qm", "plan")
    for hook in ("commit-validate", "commit-fmt"):
        result = try_repo(good, hook, home, hooks)
        assert result.returncode == 0, (hook, result.stdout, result.stderr)

    # a warning the last commit has is left alone; one the commit adds stops it
    ppc = good / "plan" / "ppcs" / "ppc-01.yaml"
    ppc.write_text(PPC_1.replace("    window: 2005-H2\n", ""), encoding="utf-8")
    git(good, "commit", "-qam", "no window")
    assert try_repo(good, "commit-validate", home, hooks).returncode == 0
    ppc.write_text(
        PPC_1.replace("    window: 2005-H2\n", "").replace(
            "    window: {start: 2006-H1, end: 2006}\n", ""
        ),
        encoding="utf-8",
    )
    git(good, "add", ".")
    result = try_repo(good, "commit-validate", home, hooks)
    assert result.returncode == 1
    assert "milestone 'ppc1-seminar' has no planned window" in result.stdout
    assert "(new since HEAD)" in result.stdout

    bad = tmp_path / "bad"
    write_plan(bad, ppcs={"ppc-01": PPC_1.replace("    lead: uniap", "    status: finished")})
    messy = bad / "plan" / "ppcs" / "ppc-01.yaml"
    git(bad, "init", "-q")
    git(bad, "add", ".")
    git(bad, "commit", "-qm", "plan")
    result = try_repo(bad, "commit-validate", home, hooks)
    assert result.returncode == 1
    assert "unknown status 'finished'" in result.stdout

    messy.write_text(PPC_1.replace("label: PPC 1", "label:    'PPC 1'"), encoding="utf-8")
    git(bad, "add", ".")
    result = try_repo(bad, "commit-fmt", home, hooks)
    assert result.returncode == 1
    assert "files were modified by this hook" in result.stdout
    assert "label: PPC 1\n" in messy.read_text(encoding="utf-8")
