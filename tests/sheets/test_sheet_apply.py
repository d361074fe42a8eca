"""`commit sheet apply`: the cells a person changed become the commands' edits, the same
bytes; a bad cell is named (`file:Sheet!A1: …`) and nothing is written; a value changed in
both the workbook and the plan is a conflict, never overwritten."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sheet_helpers import DAY, cli, export, fill, snapshot

from commit_cli.cli import command_context
from commit_cli.cli.app import app


@pytest.fixture
def book(plan_dir: Path, tmp_path: Path) -> Path:
    return export(tmp_path / "all.xlsx", "--period", "2007-H1")


def with_commands(plan_dir: Path, tmp_path: Path, *commands: list[str]) -> dict[Path, bytes]:
    """The plan files after `commands` run on a copy of the plan as it is now."""
    from typer.testing import CliRunner

    copy = tmp_path / "by-commands" / "plan"
    shutil.copytree(plan_dir, copy)
    for words in commands:
        result = CliRunner().invoke(app, [*words, "--plan", str(copy)])
        assert result.exit_code == 0, result.output
    return {
        plan_dir / path.relative_to(copy): path.read_bytes()
        for path in copy.rglob("*")
        if path.is_file()
    }


def test_an_unchanged_workbook_changes_nothing(plan_dir: Path, book: Path) -> None:
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 0, result.output
    assert "changes nothing" in result.output
    assert snapshot(plan_dir) == before


def test_changed_cells_make_the_same_bytes_as_the_commands(
    plan_dir: Path, book: Path, tmp_path: Path
) -> None:
    fill(
        book,
        {
            ("ppc1-assessment", "status"): "done",
            ("ppc1-assessment", "start"): date(2005, 8, 1),
            ("ppc1-assessment", "end"): DAY,
            ("ppc1-assessment", "attended"): 27,
            ("ppc1-assessment", "women"): 12,
            ("ppc1-assessment", "men"): 15,
            ("ppc1-assessment", "outcome"): "Agreed a list of contact points.",
            ("ppc1-seminar", "status"): "in progress",
            ("ppc1-seminar", "start"): "2006-09-01",
            ("ppc1-seminars-held", "value"): 1,
            ("ppc-2", "progress"): "Workshop being prepared.",
            ("ppc-2", "obstacles"): "Funds late\nVenue",
        },
    )
    expected = with_commands(
        plan_dir,
        tmp_path,
        [
            "done",
            "ppc1-assessment",
            "--on",
            "2006-09-14",
            "--from",
            "2005-08-01",
            "--attended",
            "27",
            "--women",
            "12",
            "--men",
            "15",
            "--outcome",
            "Agreed a list of contact points.",
        ],
        ["start", "ppc1-seminar", "--on", "2006-09-01"],
        ["record", "ppc1-seminars-held", "1", "--period", "2007-H1"],
        [
            "update",
            "ppc-2",
            "--period",
            "2007-H1",
            "--progress",
            "Workshop being prepared.",
            "--obstacle",
            "Funds late",
            "--obstacle",
            "Venue",
        ],
    )
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 0, result.output
    assert snapshot(plan_dir) == expected
    said = [line for line in result.output.splitlines() if line.startswith("recorded:")]
    assert said[0].startswith(
        "recorded: commit done ppc1-assessment --on 2006-09-14 --from 2005-08-01 --attended 27"
    )
    assert len(said) == 4
    # applied twice: the plan already says so (the export-time values now differ from the
    # sheet's, but the plan holds the sheet's values: nothing to do, no conflict)
    again = cli("sheet", "apply", str(book))
    assert again.exit_code == 0, again.output
    assert snapshot(plan_dir) == expected


def test_every_bad_cell_is_named_and_nothing_is_written(plan_dir: Path, book: Path) -> None:
    fill(
        book,
        {
            ("ppc1-assessment", "status"): "finished",
            ("ppc1-seminar", "status"): "done",
            ("ppc1-seminar", "end"): "14/09/2006",
            ("ppc2-workshop", "status"): "in progress",  # no start date
            ("ppc1-seminars-held", "value"): "lots",
            ("ppc-1", "progress"): "Fine.",  # good, but not written: others are bad
        },
    )
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(book))]
    assert lines == [
        f"{book}:Milestones!E2: 'finished' is not a status; choose one of: planned, in"
        " progress, done, postponed, cancelled",
        f"{book}:Milestones!G3: '14/09/2006' is not a date; write dates as YYYY-MM-DD"
        " (2006-09-14), or type it as a date",
        f"{book}:Milestones!F4: a milestone in progress needs its actual start date",
        f"{book}:Indicators!G2: 'lots' is not a number; type a number, e.g. 12",
    ]
    assert "nothing written" in result.output
    assert snapshot(plan_dir) == before


def test_an_edit_the_plan_refuses_writes_nothing_at_all(plan_dir: Path, book: Path) -> None:
    fill(
        book,
        {
            ("ppc1-assessment", "status"): "in progress",  # fine on its own
            ("ppc1-assessment", "start"): date(2005, 8, 1),
            ("ppc1-seminar", "status"): "done",  # ends before it starts: an error
            ("ppc1-seminar", "start"): date(2006, 9, 20),
            ("ppc1-seminar", "end"): date(2006, 9, 1),
        },
    )
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 1, result.output
    assert f"{book}:Milestones!E3: nothing written" in result.output
    assert snapshot(plan_dir) == before
    assert "commit-sheet-" not in result.output  # problems name the plan's files, not a copy


def test_a_value_changed_in_both_is_a_conflict(plan_dir: Path, book: Path) -> None:
    moved = cli("start", "ppc1-assessment", "--on", "2005-08-01")
    assert moved.exit_code == 0, moved.output
    fill(
        book,
        {
            ("ppc1-assessment", "status"): "done",
            ("ppc1-assessment", "end"): DAY,
        },
    )
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 1
    assert (
        f"{book}:Milestones!E2: conflict: the workbook says 'done', the plan now says 'in"
        " progress' (both were 'planned' at export); keep one with --take-sheet or --take-plan"
    ) in result.output
    assert snapshot(plan_dir) == before
    kept = cli("sheet", "apply", str(book), "--take-plan")
    assert kept.exit_code == 1  # the end date alone, on a milestone in progress
    assert "recorded when it is done" in kept.output
    assert snapshot(plan_dir) == before
    taken = cli("sheet", "apply", str(book), "--take-sheet")
    assert taken.exit_code == 0, taken.output
    assert "status: done" in (plan_dir / "ppcs" / "ppc-01.yaml").read_text()


def test_a_dry_run_lists_the_commands_and_writes_nothing(plan_dir: Path, book: Path) -> None:
    fill(book, {("ppc1-seminars-held", "value"): 2.5})
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(book), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would run: commit record ppc1-seminars-held 2.5 --period 2007-H1" in result.output
    assert snapshot(plan_dir) == before
    document = json.loads(cli("sheet", "apply", str(book), "--dry-run", "--json").stdout)
    assert document["written"] is False
    [edit] = document["edits"]
    assert edit["cell"] == "Indicators!G2"
    assert edit["command_line"] == "commit record ppc1-seminars-held 2.5 --period 2007-H1"
    assert edit["file"] == "plan/ppcs/ppc-01.yaml"
    [changed] = document["files"]
    assert "+    values: {2007-H1: 2.5}" in changed["diff"]
    assert snapshot(plan_dir) == before


def test_postponed_and_cancelled_need_a_reason(
    plan_dir: Path, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # decided on a day of the plan period: a postponement to a window already ended is refused
    monkeypatch.setattr(command_context, "system_date", lambda: date(2006, 5, 2))
    fill(book, {("ppc1-seminar", "status"): "postponed", ("ppc2-workshop", "status"): "cancelled"})
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 1
    assert f"{book}:Milestones!M3: a postponed milestone needs its new window" in result.output
    assert f"{book}:Milestones!N4: say why it was cancelled in the note" in result.output
    fill(
        book,
        {
            ("ppc1-seminar", "postpone_to"): "2007-H1",
            ("ppc1-seminar", "note"): "Funds arrived late.",
            ("ppc2-workshop", "note"): "No longer needed.",
        },
    )
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 0, result.output
    text = (plan_dir / "ppcs" / "ppc-01.yaml").read_text()
    assert "reason: Funds arrived late." in text
    assert "status: cancelled" in (plan_dir / "ppcs" / "ppc-02.yaml").read_text()


def test_a_new_note_is_logged(plan_dir: Path, book: Path) -> None:
    fill(book, {("ppc1-seminar", "note"): "Venue booked."})
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 0, result.output
    assert "text: Venue booked." in (plan_dir / "ppcs" / "ppc-01.yaml").read_text()


def test_recorded_lines_are_kept_and_cleared_values_refused(
    plan_dir: Path, book: Path, tmp_path: Path
) -> None:
    fill(book, {("ppc-1", "obstacles"): "Funds late"})
    assert cli("sheet", "apply", str(book)).exit_code == 0
    second = export(tmp_path / "second.xlsx", "--period", "2007-H1")
    fill(second, {("ppc-1", "obstacles"): "Something else"})
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(second))
    assert result.exit_code == 1
    assert f"{second}:Updates!E2: the lines recorded before cannot be changed" in result.output
    fill(second, {("ppc-1", "obstacles"): "Funds late\nStaff left"})
    assert cli("sheet", "apply", str(second)).exit_code == 0
    text = (plan_dir / "ppcs" / "ppc-01.yaml").read_text()
    assert "- Funds late\n" in text
    assert "- Staff left\n" in text
    third = export(tmp_path / "third.xlsx", "--period", "2007-H1")
    fill(third, {("ppc-1", "obstacles"): None})
    before = snapshot(plan_dir)
    result = cli("sheet", "apply", str(third))
    assert result.exit_code == 1
    assert snapshot(plan_dir) == before


def test_a_sorted_sheet_is_refused(plan_dir: Path, book: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    sheet = workbook["Milestones"]
    sheet["A2"], sheet["A3"] = sheet["A3"].value, sheet["A2"].value
    sheet["E2"] = "done"
    workbook.save(book)
    result = cli("sheet", "apply", str(book))
    assert result.exit_code == 1
    assert "rows cannot be moved or sorted" in result.output
