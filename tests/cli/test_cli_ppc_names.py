"""A PPC is named the same way in every command: its id, its label in any case and
spacing, its number, its file name. PPC 4 is `ppc-4`, `ppc4`, `4`, `PPC 4`, `PPC4` or
`ppc-04.yaml`; PP 12 (id `pp-12`, file `ppc-12.yaml`) is `pp-12`, `ppc-12`, `12` or `PP 12`.
Every command that takes a PPC is run on a copy of the bundled plan with each name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.cli.completion import complete_ppc

runner = CliRunner()

NAMES = {
    "ppc-4": ["ppc-4", "ppc4", "4", "PPC 4", "PPC4", "ppc-04.yaml", "plan/ppcs/ppc-04.yaml"],
    "pp-12": ["pp-12", "ppc-12", "12", "PP 12", "ppc-12.yaml"],
}
CASES = [(ident, name) for ident, names in NAMES.items() for name in names]


def commands(name: str) -> list[list[str]]:
    """Every command that takes a PPC, given `name`."""
    return [
        ["show", name],
        ["status", "--ppc", name],
        ["list", "milestones", "--ppc", name],
        ["timeline", "--ppc", name],
        ["report", "ppc", name, "--period", "2006-H1"],
        ["update", name, "--period", "2006-H1", "--progress", "Under way.", "--dry-run"],
        ["review", name, "--lesson", "Start early.", "--dry-run"],
        ["set", name, "short_title", "Short", "--dry-run"],
        ["unset", name, "linkages", "--dry-run"],
        [
            "add", "milestone", name, "--id", "extra-meeting", "--title", "Extra meeting",
            "--kind", "meeting", "--phase", "core", "--window", "2007-H1", "--dry-run",
        ],
    ]  # fmt: skip


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "plan", tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMIT_PLAN", raising=False)
    return tmp_path / "plan"


@pytest.mark.parametrize(("ident", "name"), CASES)
def test_every_command_takes_every_name_of_a_ppc(bundled: Path, ident: str, name: str) -> None:
    for command in commands(name):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
        if "--dry-run" in command:
            file = "ppc-04.yaml" if ident == "ppc-4" else "ppc-12.yaml"
            assert f"plan/ppcs/{file}" in result.output, (command, result.output)


@pytest.mark.parametrize(("ident", "name"), CASES)
def test_completion_answers_a_name_with_the_id(bundled: Path, ident: str, name: str) -> None:
    assert ident in complete_ppc(None, name)


def test_completion_still_completes_ids(bundled: Path) -> None:
    assert complete_ppc(None, "ppc-1") == ["ppc-1", "ppc-10", "ppc-11"]


def test_a_name_that_is_no_ppc_is_refused_with_the_closest(bundled: Path) -> None:
    result = runner.invoke(app, ["update", "PPC 40", "--period", "2006-H1", "--progress", "x"])
    assert result.exit_code == 1
    assert "unknown ppc 'PPC 40'" in result.output
