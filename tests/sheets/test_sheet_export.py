"""`commit sheet export`: what a focal point's workbook holds, and what the spreadsheet
itself refuses."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import HEADER, PPC_1, PPC_2, write_plan
from openpyxl import load_workbook
from sheet_helpers import cells_of, cli, export

from commit_cli.core.vocabulary import Status
from commit_cli.sheets.layout import META_SHEET
from commit_cli.wording import labels

DONE_PPC_1 = PPC_1.replace(
    "    lead: uniap\n",
    "    lead: uniap\n"
    "    status: done\n"
    "    actual: {start: 2005-08-01, end: 2005-09-14}\n"
    "    attended: {total: 27, women: 12, men: 15}\n",
).replace("    countries: [KH, TH]\n", "    countries: [TH]\n")


def test_the_sheets_a_focal_point_fills(plan_dir: Path, tmp_path: Path) -> None:
    book = load_workbook(export(tmp_path / "all.xlsx"))
    assert book.sheetnames == ["Read me", "Milestones", "Indicators", "Updates", META_SHEET]
    milestones = book["Milestones"]
    headings = [cell.value for cell in milestones[1]]
    assert headings[:7] == [
        "Milestone id",
        "PPC",
        "Title",
        "Planned window",
        "Status",
        "Actual start",
        "Actual end",
    ]
    ids = [row[0] for row in milestones.iter_rows(min_row=2, values_only=True)]
    assert ids == ["ppc1-assessment", "ppc1-seminar", "ppc2-workshop"]
    assert [row[0] for row in book["Updates"].iter_rows(min_row=2, values_only=True)] == [
        "ppc-1",
        "ppc-2",
    ]


def test_ids_titles_and_windows_are_locked_the_rest_open(plan_dir: Path, tmp_path: Path) -> None:
    path = export(tmp_path / "all.xlsx")
    book = load_workbook(path)
    sheet = book["Milestones"]
    assert sheet.protection.sheet
    for ref in ("A2", "B2", "C2", "D2"):
        assert sheet[ref].protection.locked, ref
    for (ident, field), (name, ref) in cells_of(path).items():
        assert not book[name][ref].protection.locked, (ident, field)
    assert book.security is not None
    assert book.security.lockStructure


def test_the_record_sheet_is_hidden_and_protected(plan_dir: Path, tmp_path: Path) -> None:
    book = load_workbook(export(tmp_path / "all.xlsx"))
    record = book[META_SHEET]
    assert record.sheet_state == "hidden"
    assert record.protection.sheet
    about = {row[1]: row[2] for row in record.iter_rows(values_only=True) if row[0] == "about"}
    assert str(about["plan revision"]).startswith("sha256:")
    assert about["tool version"]
    assert about["period"]


def test_statuses_are_a_drop_down_of_their_reader_labels(plan_dir: Path, tmp_path: Path) -> None:
    path = export(tmp_path / "all.xlsx")
    sheet = load_workbook(path)["Milestones"]
    status_cells = {ref for (_, field), (_, ref) in cells_of(path).items() if field == "status"}
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    choices = lists[0].formula1.strip('"').split(",")
    assert choices == [labels.STATUS[status] for status in Status]
    assert "in progress" in choices  # the label, never the code in_progress
    assert all(ref in lists[0].sqref for ref in status_cells)
    assert "E1" not in lists[0].sqref
    assert "F2" not in lists[0].sqref


def test_dates_and_counts_are_real_and_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_plan(tmp_path, HEADER, {"ppc-01": DONE_PPC_1, "ppc-02": PPC_2})
    path = export(tmp_path / "all.xlsx")
    where = cells_of(path)
    sheet = load_workbook(path)["Milestones"]
    start = sheet[where[("ppc1-assessment", "start")][1]]
    assert start.value == datetime(2005, 8, 1)
    assert start.is_date
    assert start.number_format == "yyyy-mm-dd"
    assert sheet[where[("ppc1-assessment", "attended")][1]].value == 27
    kinds = {dv.type for dv in sheet.data_validations.dataValidation}
    assert {"list", "date", "whole"} <= kinds


def test_a_country_gets_what_it_reports_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_plan(tmp_path, HEADER, {"ppc-01": DONE_PPC_1, "ppc-02": PPC_2})
    path = export(tmp_path / "kh.xlsx", "--country", "kh")
    book = load_workbook(path)
    ids = [row[0] for row in book["Milestones"].iter_rows(min_row=2, values_only=True)]
    assert "ppc1-seminar" not in ids  # Thailand's only
    assert "ppc1-assessment" in ids
    assert book["Indicators"]["H1"].value == "Value for KH"


def test_a_period_narrows_the_milestones(plan_dir: Path, tmp_path: Path) -> None:
    path = export(tmp_path / "h2.xlsx", "--period", "2007-H1")
    sheet = load_workbook(path)["Milestones"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # the 2005-H2 assessment is still open; the 2007 workshop is planned in the period
    assert ids == ["ppc1-assessment", "ppc1-seminar", "ppc2-workshop"]
    path = export(tmp_path / "h1.xlsx", "--period", "2005-H1")
    sheet = load_workbook(path)["Milestones"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == []


def test_plan_text_stays_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ppc = PPC_1.replace("title: Regional seminar", "title: \"=HYPERLINK('x')\"")
    write_plan(tmp_path, HEADER, {"ppc-01": ppc, "ppc-02": PPC_2})
    sheet = load_workbook(export(tmp_path / "all.xlsx"))["Milestones"]
    cell = sheet["C3"]
    assert cell.value == "=HYPERLINK('x')"
    assert cell.data_type == "s"  # not a formula


def test_refused_options(plan_dir: Path, tmp_path: Path) -> None:
    result = cli("sheet", "export", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2
    assert "FILE.xlsx" in result.output
    result = cli("sheet", "export", "-o", str(tmp_path / "x.xlsx"), "--country", "KX")
    assert result.exit_code == 1
    assert "unknown country 'KX'" in result.output
    result = cli("sheet", "export", "-o", str(tmp_path / "x.xlsx"), "--period", "2010-H1")
    assert result.exit_code == 2
    assert "outside the plan period" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_the_bundled_plan_exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import REPO

    monkeypatch.chdir(tmp_path)
    path = export(tmp_path / "kh.xlsx", "--plan", str(REPO / "plan"), "--country", "KH")
    assert load_workbook(path)["Milestones"].max_row > 10


def test_one_workbook_per_country(plan_dir: Path, tmp_path: Path) -> None:
    result = cli(
        "sheet", "export", "--all-countries", "-o", str(tmp_path / "out"), "--period", "2007-H1"
    )
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names == ["kh-2007-H1.xlsx", "th-2007-H1.xlsx"]
    about = {
        row[1]: row[2]
        for row in load_workbook(tmp_path / "out" / "th-2007-H1.xlsx")[META_SHEET].iter_rows(
            values_only=True
        )
        if row[0] == "about"
    }
    assert about["country"] == "TH"
    refused = cli("sheet", "export", "--all-countries", "--country", "KH", "-o", str(tmp_path))
    assert refused.exit_code == 2


@pytest.mark.parametrize(
    ("args", "made"),
    [
        (["-o", "plan/kh.xlsx"], "plan/kh.xlsx"),
        (["-o", "plan/ppcs/../kh.xlsx"], "plan/kh.xlsx"),
        (["--all-countries", "-o", "plan/sheets"], "plan/sheets"),
    ],
)
def test_a_workbook_is_never_written_into_the_plan(
    plan_dir: Path, args: list[str], made: str
) -> None:
    before = sorted(str(path) for path in plan_dir.rglob("*"))
    result = cli("sheet", "export", *args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "inside the plan folder" in lines[0]
    assert "write the output elsewhere" in lines[0]
    assert not (plan_dir.parent / made).exists()
    assert sorted(str(path) for path in plan_dir.rglob("*")) == before


def test_a_workbook_beside_the_plan_is_written(plan_dir: Path) -> None:
    assert cli("sheet", "export", "-o", "kh.xlsx", "--country", "KH").exit_code == 0
    assert cli("sheet", "export", "--all-countries", "-o", "sheets").exit_code == 0
    assert (plan_dir.parent / "kh.xlsx").is_file()
    assert sorted(path.suffix for path in (plan_dir.parent / "sheets").iterdir()) == [".xlsx"] * 2
