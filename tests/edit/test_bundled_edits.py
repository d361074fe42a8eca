"""Every milestone of the bundled plan, on a copy: `done`, `postpone` and `note` each change
exactly the lines they should, and the plan stays valid and formatted."""

from __future__ import annotations

import copy
import difflib
import shutil
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from commit_cli.core.fields import field_order
from commit_cli.core.model import PPC
from commit_cli.edit import operations
from commit_cli.edit.session import BLOCK_KEYS
from commit_cli.plan.formatting import format_files
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.yamlio.emit import Layout
from commit_cli.yamlio.roundtrip import Document

PLAN = REPO / "plan"
LAYOUT = Layout(order=lambda path: field_order(PPC, path), block_keys=BLOCK_KEYS)
Operation = Callable[[dict[str, Any]], str]


def milestones() -> list[tuple[Path, int, str]]:
    found = []
    for path in sorted((PLAN / "ppcs").glob("*.yaml")):
        document = Document(path.read_bytes())
        for i, milestone in enumerate(document.data["milestones"]):
            found.append((path, i, milestone["id"]))
    return found


MILESTONES = milestones()


@cache
def document_of(path: Path) -> Document:
    return Document(path.read_bytes())


def edited(path: Path, index: int, operation: Operation) -> tuple[str, str]:
    document = document_of(path)
    data = copy.deepcopy(document.data)
    operation(data["milestones"][index])
    return document.text, document.apply(data, LAYOUT)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and added (difflib without its "popular line" heuristic, which would
    misalign the many identical lines of a plan file)."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed.extend(old[i1:i2])
            added.extend(new[j1:j2])
    return removed, added


def test_the_bundled_plan_has_its_174_milestones() -> None:
    assert len(MILESTONES) == 174


@pytest.mark.parametrize(("path", "index", "ident"), MILESTONES, ids=[m[2] for m in MILESTONES])
def test_done_changes_the_status_line_and_adds_the_actual_line(
    path: Path, index: int, ident: str
) -> None:
    before, after = edited(path, index, partial(operations.done, on="2006-03-10"))
    assert changed_lines(before, after) == (
        ["    status: planned"],
        ["    status: done", "    actual: {end: 2006-03-10}"],
    )


@pytest.mark.parametrize(("path", "index", "ident"), MILESTONES, ids=[m[2] for m in MILESTONES])
def test_postpone_changes_window_and_status_and_adds_the_record(
    path: Path, index: int, ident: str
) -> None:
    old_window = document_of(path).data["milestones"][index]["window"]
    action = partial(
        operations.postpone, to="2007-12", reason="Funds arrived late.", on="2006-05-02"
    )
    before, after = edited(path, index, action)
    removed, added = changed_lines(before, after)
    old_line = next(line for line in removed if line.startswith("    window: "))
    assert removed == [old_line, "    status: planned"]
    written = old_line.removeprefix("    window: ")
    record = (
        f"    postponed: {{date: 2006-05-02, reason: Funds arrived late., from_window: {written}}}"
    )
    if len(record) > 100:  # too long for one line: the record is written in block style
        record_lines = [
            "    postponed:",
            "      date: 2006-05-02",
            "      reason: Funds arrived late.",
            f"      from_window: {written}",
        ]
    else:
        record_lines = [record]
    assert added == ["    window: 2007-12", "    status: postponed", *record_lines]
    assert old_window is not None


@pytest.mark.parametrize(("path", "index", "ident"), MILESTONES, ids=[m[2] for m in MILESTONES])
def test_note_adds_a_log_after_the_milestones_last_line(path: Path, index: int, ident: str) -> None:
    action = partial(
        operations.note, text="Venue booked: Vientiane #2.", on="2006-01-20", by="Dara"
    )
    before, after = edited(path, index, action)
    assert changed_lines(before, after) == (
        [],
        [
            "    log:",
            "      - date: 2006-01-20",
            "        by: Dara",
            "        text: 'Venue booked: Vientiane #2.'",
        ],
    )


@pytest.mark.parametrize("command", ["done", "postpone", "note"])
def test_the_plan_with_every_milestone_edited_is_valid_and_formatted(
    tmp_path: Path, command: str
) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(PLAN, plan)
    action: Operation = {
        "done": partial(operations.done, on="2007-06-10", attended=25),
        "postpone": partial(operations.postpone, to="2007-H2", reason="Funds.", on="2006-05-02"),
        "note": partial(operations.note, text="Checked.", on="2006-01-20", by="Dara"),
    }[command]
    for path in sorted((plan / "ppcs").glob("*.yaml")):
        document = Document(path.read_bytes())
        data = copy.deepcopy(document.data)
        for milestone in data["milestones"]:
            action(milestone)
        path.write_bytes(document.encode(document.apply(data, LAYOUT)))
    result = load_plan(FolderSource(plan))
    assert result.errors == (), [p.format() for p in result.errors[:5]]
    assert not [r.name for r in format_files(plan, []) if r.changed or r.problems]
