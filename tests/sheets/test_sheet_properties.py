"""Invariants of the workbook loop, over generated plans and generated edits:

- written and read back with no change, a workbook makes no edit and finds no problem;
- random edits made in a workbook, and the same edits made with the commands on a copy of
  the plan, leave the plan files byte-identical (the issue's "same change either way").
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import HEADER, PPC_1, PPC_2, write_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sheet_helpers import cli, fill

from commit_cli.core.vocabulary import Status
from commit_cli.edit.authors import author
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.query.index import PlanIndex
from commit_cli.sheets.changes import Planner
from commit_cli.sheets.layout import PlanValues, plain_number, sheets
from commit_cli.sheets.read import read_workbook
from commit_cli.sheets.selection import recorded_selection, selection
from commit_cli.sheets.write import workbook_bytes

DAYS = st.dates(date(2005, 1, 1), date(2007, 12, 31))
WORDS = st.text(
    st.characters(categories=("L", "N"), exclude_characters="\x85"), min_size=1, max_size=12
)
TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join).filter(lambda t: t[0].isalpha())
COUNT = st.integers(0, 500)
NUMBER = st.one_of(st.integers(0, 10_000), st.decimals(0, 1000, places=2).map(float))


@st.composite
def milestone_states(draw: st.DrawFn) -> dict[str, Any]:
    status = draw(st.sampled_from(list(Status)))
    state: dict[str, Any] = {"status": status.value}
    if status in (Status.in_progress, Status.done):
        start = draw(DAYS)
        actual = {"start": start}
        if status is Status.done:
            actual["end"] = start + timedelta(days=draw(st.integers(0, 30)))
            women, men = draw(COUNT), draw(COUNT)
            state["attended"] = {"total": women + men, "women": women, "men": men}
            state["outcome"] = draw(TEXT)
        state["actual"] = actual
    if status is Status.postponed:
        state["postponed"] = {"date": draw(DAYS), "reason": draw(TEXT)}
    if status is Status.cancelled:
        state["cancelled"] = {"date": draw(DAYS), "reason": draw(TEXT)}
    return state


@st.composite
def plans(draw: st.DrawFn) -> dict[str, str]:
    """The test plan with its milestones, values and updates in generated states."""
    files = {}
    for name, text in (("ppc-01", PPC_1), ("ppc-02", PPC_2)):
        data = yaml.safe_load(text)
        for milestone in data["milestones"]:
            milestone.update(draw(milestone_states()))
        for indicator in data["indicators"]:
            values = draw(st.dictionaries(st.sampled_from(["2006-H2", "2007-H1"]), NUMBER))
            if values:
                indicator["values"] = values
        if draw(st.booleans()):
            data["updates"] = {
                "2007-H1": {"progress": draw(TEXT), "obstacles": draw(st.lists(TEXT, max_size=2))}
            }
        files[name] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return files


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=plans(), country=st.sampled_from([None, "KH", "TH"]), narrow=st.booleans())
def test_an_unchanged_workbook_makes_no_edit(
    files: dict[str, str], country: str | None, narrow: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan_dir = write_plan(Path(folder), HEADER, files)
        loaded = load_plan(FolderSource(plan_dir), None)
        assert loaded.plan is not None, [problem.format() for problem in loaded.errors]
        index = PlanIndex(loaded.plan, dict(loaded.ppc_file_of))
        period = "2007-H1" if narrow else None
        chosen = selection(loaded.plan, index, country, [], period, date(2007, 3, 1))
        data = workbook_bytes(sheets(loaded.plan, index, chosen), chosen, "x", date(2007, 3, 1))
        book = read_workbook("book.xlsx", data)
        assert recorded_selection(loaded.plan, book.about, "book.xlsx") == chosen
        assert book.problems == []
        planner = Planner(
            book, PlanValues(loaded.plan, chosen), chosen, date(2007, 3, 1), lambda: "nobody"
        )
        outcome = planner.plan_edits()
        assert (outcome.planned, outcome.conflicts, outcome.problems) == ([], [], [])


@dataclass(frozen=True)
class Change:
    """One edit, as workbook cells and as the command that makes it."""

    cells: dict[tuple[str, str], Any]
    command: list[str]


def start_change(ident: str, day: date) -> Change:
    cells = {(ident, "status"): "in progress", (ident, "start"): day}
    return Change(cells, ["start", ident, "--on", day.isoformat()])


@st.composite
def done_change(draw: st.DrawFn, ident: str) -> Change:
    start = draw(DAYS)
    end = start + timedelta(days=draw(st.integers(0, 20)))
    cells: dict[tuple[str, str], Any] = {(ident, "status"): "done", (ident, "end"): end}
    command = ["done", ident, "--on", end.isoformat()]
    if draw(st.booleans()):
        cells[(ident, "start")] = start
        command += ["--from", start.isoformat()]
    if draw(st.booleans()):
        women, men = draw(COUNT), draw(COUNT)
        cells.update({(ident, "attended"): women + men, (ident, "women"): women})
        cells[(ident, "men")] = men
        command += ["--attended", str(women + men), "--women", str(women), "--men", str(men)]
    if draw(st.booleans()):
        outcome = draw(TEXT)
        cells[(ident, "outcome")] = outcome
        command += ["--outcome", outcome]
    return Change(cells, command)


@st.composite
def changes(draw: st.DrawFn) -> list[Change]:
    """Edits to the test plan (every milestone planned), in the order a workbook makes
    them: milestones, indicators, updates."""
    found: list[Change] = []
    for ident in ("ppc1-assessment", "ppc1-seminar", "ppc2-workshop"):
        kind = draw(st.sampled_from(["none", "start", "done", "note", "done and note"]))
        if kind == "start":
            found.append(start_change(ident, draw(DAYS)))
        elif kind in ("done", "done and note"):  # done first, then the note, as the sheet
            found.append(draw(done_change(ident)))
        if kind in ("note", "done and note"):
            text = draw(TEXT)
            found.append(Change({(ident, "note"): text}, ["note", ident, text]))
    for ident in ("ppc1-seminars-held", "ppc2-workshops-held"):
        if draw(st.booleans()):
            value = draw(NUMBER)
            typed = str(plain_number(value))  # a spreadsheet holds 2.0 as 2: the command says 2
            found.append(
                Change({(ident, "value"): value}, ["record", ident, typed, "--period", "2007-H1"])
            )
    for ident in ("ppc-1", "ppc-2"):
        progress = draw(st.none() | TEXT)
        obstacles = draw(st.lists(TEXT, max_size=2))
        if progress is None and not obstacles:
            continue
        cells: dict[tuple[str, str], Any] = {}
        command = ["update", ident, "--period", "2007-H1"]
        if progress is not None:
            cells[(ident, "progress")] = progress
            command += ["--progress", progress]
        if obstacles:
            cells[(ident, "obstacles")] = "\n".join(obstacles)
            command += [word for text in obstacles for word in ("--obstacle", text)]
        found.append(Change(cells, command))
    return found


def files_of(plan_dir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(plan_dir)): path.read_bytes()
        for path in sorted(plan_dir.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow  # a whole export, apply and the commands for each example
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=changes())
def test_the_same_change_either_way(edits: list[Change]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        by_sheet = write_plan(root / "sheet")
        by_commands = root / "commands" / "plan"
        shutil.copytree(by_sheet, by_commands)
        book = root / "book.xlsx"
        made = cli(
            "sheet", "export", "-o", str(book), "--period", "2007-H1", "--plan", str(by_sheet)
        )
        assert made.exit_code == 0, made.output
        cells = {key: value for change in edits for key, value in change.cells.items()}
        fill(book, cells)
        applied = cli("sheet", "apply", str(book), "--plan", str(by_sheet))
        by = author(by_commands)
        codes = []
        for change in edits:
            words = [*change.command, "--plan", str(by_commands)]
            if words[0] == "note":
                words += ["--by", by]
            codes.append(cli(*words).exit_code)
        if applied.exit_code != 0:  # refused as a whole: the commands refused one too
            assert any(codes), applied.output
            assert files_of(by_sheet) == files_of(write_plan(root / "fresh"))
            return
        assert not any(codes)
        assert files_of(by_sheet) == files_of(by_commands)
