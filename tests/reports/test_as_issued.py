"""A report rendered from a revision is the same bytes whenever it is rendered again from
that revision, whatever happened to the plan since (tag the commit a report was issued from)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.parametrize("kind", [["summary", "--period", "2006-H1"], ["final"]])
def test_a_report_from_a_tag_is_reproduced_byte_for_byte(
    demo_repo: Path, tmp_path: Path, kind: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(demo_repo, repo)
    monkeypatch.chdir(repo)
    git(repo, "tag", "report/issued")
    args = ["report", *kind, "--rev", "report/issued", "--format", "md"]
    issued = runner.invoke(app, args)
    assert issued.exit_code == 0, issued.output
    ppc = repo / "plan" / "ppcs" / "ppc-01.yaml"
    ppc.write_text(ppc.read_text(encoding="utf-8").replace("Regional", "Sub-regional", 1))
    git(repo, "commit", "-qam", "A later change")
    again = runner.invoke(app, args)
    assert again.stdout == issued.stdout
    now = runner.invoke(app, ["report", *kind, "--format", "md"])
    assert now.stdout != issued.stdout  # the working tree says something else now
