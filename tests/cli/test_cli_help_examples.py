"""Every example in every `--help` runs: each is taken from the command's help, run by a
shell in a fresh git repository holding the bundled plan (its first commit tagged
`report/2006-H1`, the second taken as `origin/main`, as the examples name them), and exits
0."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from commit_cli.cli import registry

EXAMPLE = re.compile(r"^\s*Examples?:\s*(.*)$")


def examples_in(help_text: str) -> list[str]:
    """The examples of one help text: after `Example:` or `Examples:` to the end of its
    paragraph; a line starting `commit ` starts the next one, others continue it."""
    found: list[str] = []
    inside = False
    for line in help_text.splitlines():
        start = EXAMPLE.match(line)
        if start:
            inside = True
            line = start.group(1)
        elif not line.strip():
            inside = False
        if not inside or not line.strip():
            continue
        if line.strip().startswith("commit ") or not found or start:
            found.append(line.strip())
        else:
            found[-1] += " " + line.strip()
    return found


def all_examples() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name in registry.COMMANDS:
        command = registry.build(name)
        commands = (
            {f"{name} {sub}": each for sub, each in command.commands.items()}
            if hasattr(command, "commands")
            else {name: command}
        )
        for label, each in commands.items():
            found.extend((label, example) for example in examples_in(each.help or ""))
    return found


EXAMPLES = all_examples()


def test_examples_are_found() -> None:
    assert len(EXAMPLES) >= len(registry.COMMANDS)
    assert all(example.startswith("commit ") for _, example in EXAMPLES), EXAMPLES
    assert ("timeline", "commit timeline --by quarter --ppc ppc-1") in EXAMPLES


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("examples") / "repo"
    folder.mkdir()
    shutil.copytree(REPO / "plan", folder / "plan")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "-c", "user.name=Sok", "-c", "user.email=s@example.org", "commit", "-qm", "Plan")
    git(folder, "tag", "report/2006-H1")
    (folder / "README.md").write_text("The plan.\n", encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "-c", "user.name=Sok", "-c", "user.email=s@example.org", "commit", "-qm", "Read me")
    git(folder, "update-ref", "refs/remotes/origin/main", "HEAD")
    return folder


def run_example(repository: Path, tmp_path: Path, example: str) -> subprocess.CompletedProcess[str]:
    """`example` run by a shell in a fresh copy of `repository`."""
    work = tmp_path / "work"
    shutil.copytree(repository, work, symlinks=True)
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GIT_AUTHOR_NAME": "Sok",
        "GIT_AUTHOR_EMAIL": "s@example.org",
        "GIT_COMMITTER_NAME": "Sok",
        "GIT_COMMITTER_EMAIL": "s@example.org",
    }
    env.pop("COMMIT_PLAN", None)
    return subprocess.run(
        ["bash", "-c", example], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
@pytest.mark.parametrize(("command", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_every_help_example_runs(
    repository: Path, tmp_path: Path, command: str, example: str
) -> None:
    if "pdf" in example:
        pytest.skip("needs a browser")
    result = run_example(repository, tmp_path, example)
    assert result.returncode == 0, f"{command}: {example}\n{result.stdout}\n{result.stderr}"
