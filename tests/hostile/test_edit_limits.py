"""Read limits bound writes too: an edit that would leave a file over the size every read
keeps to (16 MiB, after which every command refuses the file) is refused, nothing written,
whichever command grows the file. The new bytes are read as any file is, so this holds for
every limit a read keeps: the size here, the length of numbers in test_edit_numbers (no edit
can nest values deeper than the model's fields, the only other bound of a read)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EVALUATION, PPC_1
from hostile_helpers import assert_refused_in_lines, plan_unchanged, run_commit
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.plan import sources

runner = CliRunner()
GROWING = [
    ["note", "ppc1-seminar", "A note of a few words.", "--by", "x"],
    ["done", "ppc1-seminar", "--outcome", "Held, with a long outcome to tell."],
    ["set", "ppc1-seminar", "outcome", "Held, with a long outcome to tell."],
    ["update", "ppc-1", "--period", "2006-H1", "--progress", "Going well, on the whole."],
    ["record", "ppc1-seminars-held", "1", "--period", "2006-H1"],
    ["postpone", "ppc1-seminar", "--to", "2007-H1", "--reason", "Late.", "--on", "2006-05-02"],
    [
        "add",
        "milestone",
        "ppc-1",
        "--id",
        "ppc1-x",
        "--title",
        "X",
        "--kind",
        "seminar",
        "--phase",
        "core",
    ],
]


@pytest.mark.parametrize("command", GROWING, ids=[" ".join(c[:2]) for c in GROWING])
def test_an_edit_that_would_pass_the_size_limit_is_refused(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", len(path.read_bytes()) + 20)
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    first, last = result.output.splitlines()
    assert first.startswith("plan/ppcs/ppc-01.yaml:1:1: error: not read: it is larger than")
    assert last.startswith("commit: error: nothing written: this would add 1 error(s)")


@pytest.mark.parametrize("command", GROWING, ids=[" ".join(c[:2]) for c in GROWING])
def test_an_edit_that_stays_within_the_limit_is_written(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", len(path.read_bytes()) + 200)
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_a_file_just_under_16_mib_is_not_pushed_over_it(plan_dir: Path) -> None:
    """As a real process, at the real limit."""
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    start = PPC_1.removesuffix(EVALUATION) + "    notes: "
    room = sources.MAX_FILE_BYTES - len(start.encode()) - 1 - 40
    path.write_text(start + "x" * room + "\n", encoding="utf-8")
    with plan_unchanged(plan_dir):
        run = run_commit(*GROWING[0], cwd=plan_dir.parent)
    assert_refused_in_lines(run, 1, "nothing written: this would add 1 error(s)")
    assert "not read: it is larger than 16 MiB" in run.stderr
    assert run_commit("validate", cwd=plan_dir.parent).code == 0
