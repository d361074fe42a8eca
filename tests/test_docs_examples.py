"""The README's walkthrough and the examples of the reference in docs/ run, as the
examples of `--help` do: the walkthrough's commands in order in a fresh folder (it makes
the demo and works in it); each shell block of docs/ as one script in a fresh git
repository of the bundled plan (tagged `report/2005-H2` and `report/2006-H1`), exiting 0."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow  # the walkthrough makes the demo (about 10 s)

DOCS = sorted((REPO / "docs").glob("*.md"))
BLOCK = re.compile(r"^```(?:sh|bash|console|shell)\n(.*?)^```", re.M | re.S)
NOT_RUN = (
    "pip install",  # the set-up commands of the Quick start
    "--install-completion",  # changes the user's shell
    "pdf",  # needs a browser
    "benchmarks/",  # minutes of work
    "jq ",  # not installed everywhere
)


def examples(text: str, only_commit: bool = True) -> list[str]:
    """The shell blocks of a page, each one script: its lines, or only those starting
    `$ ` when it has any (the rest being output); a line ending `|` or `\\` goes on. Blocks
    of no `commit` command, and those running what a test cannot, are left out."""
    found: list[str] = []
    for block in BLOCK.findall(text):
        prompted = any(line.startswith("$ ") for line in block.splitlines())
        lines: list[str] = []
        going_on = False
        for line in block.splitlines():
            if going_on or not prompted:
                lines.append(line)
            elif line.startswith("$ "):
                lines.append(line[2:])
            else:
                continue
            going_on = line.rstrip().endswith(("|", "\\"))
        script = "\n".join(lines).strip()
        if (not only_commit or "commit " in script) and not any(s in script for s in NOT_RUN):
            found.append(script)
    return found


def environment(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "GIT_AUTHOR_NAME": "Sok",
        "GIT_AUTHOR_EMAIL": "s@example.org",
        "GIT_COMMITTER_NAME": "Sok",
        "GIT_COMMITTER_EMAIL": "s@example.org",
        "HOME": str(tmp_path),
    }
    env.pop("COMMIT_PLAN", None)
    return env


def shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f"set -e -o pipefail\n{script}"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def walkthrough() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Ten minutes", 1)[1].split("\n## ", 1)[0]
    return examples(section, only_commit=False)


def test_the_walkthrough_is_found() -> None:
    commands = "\n".join(walkthrough()).splitlines()
    assert commands[0].startswith("commit demo ")
    assert any(command.startswith("git switch") for command in commands)
    for verb in ("status", "done", "validate --new-since", "diff", "report summary"):
        assert any(f"commit {verb}" in command for command in commands), verb


def test_the_readme_walkthrough_runs_in_order(tmp_path: Path) -> None:
    env = environment(tmp_path)
    folder = tmp_path / "work"
    folder.mkdir()
    script = "\n".join(walkthrough())
    result = shell(script, folder, env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = next(folder.glob("*/summary-2007-H2.md")).read_text(encoding="utf-8")
    assert "Follow-on seminar" in summary


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository of the bundled plan, as the `--help` examples run in: two commits,
    tagged `report/2005-H2` and `report/2006-H1`."""
    folder = tmp_path_factory.mktemp("docs") / "repo"
    shutil.copytree(REPO / "plan", folder / "plan")
    env = environment(folder.parent)
    script = (
        "git init -q -b main && git add -A && git commit -qm Plan && git tag report/2005-H2"
        " && echo notes > NOTES.md && git add -A && git commit -qm Notes"
        " && git tag report/2006-H1"
    )
    made = shell(script, folder, env)
    assert made.returncode == 0, made.stderr
    return folder


CASES = [(page.name, example) for page in DOCS for example in examples(page.read_text("utf-8"))]


@pytest.mark.parametrize(("page", "example"), CASES, ids=[f"{p}: {e[:60]}" for p, e in CASES])
def test_every_docs_example_runs(repository: Path, tmp_path: Path, page: str, example: str) -> None:
    work = tmp_path / "repo"
    shutil.copytree(repository, work, symlinks=True)
    result = shell(example, work, environment(tmp_path))
    assert result.returncode == 0, (
        f"{page}: {example}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    )
