"""`commit sheet apply` is all or nothing even when another program (an editor, a `git
checkout`, anything that does not take the plan lock) writes the plan while it runs: between
the trial in memory and the writes, or between two writes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sheet_helpers import cli, export, fill, snapshot

from commit_cli.atomic import write_atomically
from commit_cli.edit.session import Prepared
from commit_cli.sheets import apply as sheet_apply

CHANGED = "changed while the workbook was applied"


@pytest.fixture
def book(plan_dir: Path, tmp_path: Path) -> Path:
    """A workbook that changes both PPC files (ppc-01.yaml and ppc-02.yaml)."""
    path = export(tmp_path / "all.xlsx", "--period", "2007-H1")
    return fill(
        path,
        {
            ("ppc1-seminars-held", "value"): 2,
            ("ppc-2", "progress"): "Workshop being prepared.",
        },
    )


def meanwhile(plan_dir: Path, name: str) -> None:
    """Another program's write: a comment added to a file, or a new file."""
    path = plan_dir / name
    old = path.read_bytes() if path.exists() else b"id: ppc-9\n"
    path.write_bytes(old + b"# written by another program\n")


@pytest.mark.parametrize(
    "name", ["ppcs/ppc-02.yaml", "ppcs/ppc-01.yaml", "plan.yaml", "ppcs/x.yaml"]
)
def test_a_write_between_the_trial_and_the_writes_is_noticed(
    plan_dir: Path, book: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    real_trial = sheet_apply.trial

    def trial_then_write(*args: Any) -> list[Prepared]:
        made = real_trial(*args)
        meanwhile(plan_dir, name)
        return made

    monkeypatch.setattr(sheet_apply, "trial", trial_then_write)
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(book))
    assert result.exit_code != 0
    [line] = result.output.strip().splitlines()
    assert CHANGED in line
    assert "nothing written" in line
    after = snapshot(plan_dir)
    touched = plan_dir / name
    assert {path: data for path, data in after.items() if path != touched} == {
        path: data for path, data in before.items() if path != touched
    }
    assert after[touched].endswith(b"# written by another program\n")  # theirs, kept
    assert after[touched].removesuffix(b"# written by another program\n") == before.get(
        touched, b"id: ppc-9\n"
    )


def test_a_write_between_two_writes_puts_the_first_back(
    plan_dir: Path, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def write_then_meddle(path: Path, data: bytes, **kwargs: Any) -> None:
        write_atomically(path, data, **kwargs)
        calls.append(path)
        if len(calls) == 1:
            meanwhile(plan_dir, "ppcs/ppc-02.yaml")

    monkeypatch.setattr(sheet_apply, "write_atomically", write_then_meddle)
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(book))
    assert result.exit_code != 0
    assert CHANGED in result.output
    after = snapshot(plan_dir)
    first = plan_dir / "ppcs" / "ppc-01.yaml"
    assert calls == [first, first]  # written, then put back
    assert after[first] == before[first]
    assert after[plan_dir / "ppcs" / "ppc-02.yaml"].endswith(b"# written by another program\n")


def test_without_another_writer_both_files_are_written(plan_dir: Path, book: Path) -> None:
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 0, result.output
    after = snapshot(plan_dir)
    changed: Sequence[Path] = sorted(path for path in after if after[path] != before.get(path))
    assert [path.name for path in changed] == ["ppc-01.yaml", "ppc-02.yaml"]
