"""`commit sheet export`: the workbook a country task force fills in, as .xlsx bytes.

Every cell the plan decides (ids, titles, windows) is locked and the sheets are protected;
the cells a focal point fills are unlocked, and the spreadsheet itself refuses what it can:
statuses come from a drop-down of their reader labels, dates must be dates, counts whole
numbers. A hidden, protected sheet records what the workbook was made from (the plan's
digest, the tool's version, the selection) and the value of every editable cell at export
time, so `sheet apply` changes only what the person changed, and sees a conflict when the
plan changed the same value meanwhile.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from copy import copy
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation, DataValidationList
from openpyxl.worksheet.protection import SheetProtection

from commit_cli import __version__
from commit_cli.core.limits import MAX_PEOPLE
from commit_cli.core.periods import MAX_YEAR, MIN_YEAR
from commit_cli.errors import InvalidPlan
from commit_cli.safetext import unsafe_characters
from commit_cli.sheets.layout import (
    FORMAT,
    META_SHEET,
    README_SHEET,
    STATUS_LABELS,
    Column,
    Selection,
    Sheet,
    Value,
)

DATE_FORMAT = "yyyy-mm-dd"
EDITABLE_FILL = PatternFill("solid", fgColor="FFF6D5")  # pale yellow: fill these
HEADING_FONT = Font(bold=True)
UNLOCKED = Protection(locked=False)

README = (
    "How to fill in this workbook",
    "",
    "1. Fill in the pale yellow cells only; the others come from the plan and are locked.",
    "2. Milestones: choose the status from the drop-down. A milestone that started needs its"
    " actual start date; one that was held needs its actual end date, and may have the"
    " attendance (total, women, men), the outcome and a link to its report.",
    "3. Postponed: write the new window (e.g. 2007-H1) and the reason in the note column."
    " Cancelled: write the reason in the note column.",
    "4. Type dates as dates (2006-09-14); the spreadsheet checks them.",
    "5. Indicators: the value for the period shown; leave a cell empty when you have no figure.",
    "6. Updates: the progress made in the period, and obstacles and next steps, one per line.",
    "   Add new lines below those already there; what was recorded before stays.",
    "7. Save the workbook as .xlsx (Excel 2007-365) and send it back. Do not add sheets,"
    " rows or formulas: each value is read as typed.",
)


def plan_digest(files: Iterable[tuple[str, bytes]]) -> str:
    """A digest of the plan's files (names and bytes): which plan the workbook was made
    from, when it is not a git commit."""
    found = hashlib.sha256()
    for name, data in sorted(files):
        found.update(name.encode("utf-8", "surrogateescape") + b"\0")
        found.update(hashlib.sha256(data).digest())
    return "sha256:" + found.hexdigest()


def _cell(sheet: WriteOnlyWorksheet, value: Value, style: bool = True) -> Cell:
    """A cell holding `value` as data: text is text even when it starts with '='; a date
    formatted as one (unless not `style`: the caller copies a style that is)."""
    cell: Cell = WriteOnlyCell(sheet)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl takes text starting with '=' for a formula
    elif style and isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def _validation(column: Column) -> DataValidation | None:
    """What the spreadsheet itself refuses in a column's editable cells."""
    found: DataValidation | None = None
    if column.holds == "status":
        found = DataValidation(type="list", formula1='"' + ",".join(STATUS_LABELS) + '"')
        found.error = "Choose a status from the list."
    elif column.holds == "date":
        found = DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({MIN_YEAR},1,1)",
            formula2=f"DATE({MAX_YEAR},12,31)",
        )
        found.error = "Type a date, e.g. 2006-09-14."
    elif column.holds == "whole":
        found = DataValidation(
            type="whole", operator="between", formula1="0", formula2=str(MAX_PEOPLE)
        )
        found.error = "Type a whole number (0 or more)."
    elif column.holds == "number":
        found = DataValidation(
            type="decimal", operator="between", formula1="-1E+15", formula2="1E+15"
        )
        found.error = "Type a number."
    if found is not None:
        found.allow_blank = True
        found.showErrorMessage = True
        found.errorTitle = column.heading
    return found


def _protection(sheet: WriteOnlyWorksheet) -> SheetProtection:
    """The sheet's protection (a write-only sheet has one: openpyxl sets it up as for any
    sheet, though its type stubs do not say so)."""
    found: SheetProtection = sheet.protection  # type: ignore[attr-defined]
    return found


def _validations(sheet: WriteOnlyWorksheet) -> DataValidationList:
    """The sheet's data validations, written after its rows (set up as `_protection`)."""
    found: DataValidationList = sheet.data_validations  # type: ignore[attr-defined]
    return found


def _protect(sheet: WriteOnlyWorksheet) -> None:
    """Locked cells cannot change; columns and rows may still be resized."""
    protection = _protection(sheet)
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False


def _data_sheet(book: Workbook, spec: Sheet, records: list[Record]) -> None:
    """A sheet of rows, streamed: each row is written to the file as it is made and its
    cells let go (a workbook held whole took ~300 MB at 100,000 milestones). What goes
    before the rows in the file (column widths, the frozen header) is set first."""
    sheet = book.create_sheet(spec.name)
    headings = []
    for number, column in enumerate(spec.columns, 1):
        heading = _cell(sheet, column.heading)
        heading.font = HEADING_FONT
        heading.alignment = Alignment(wrap_text=True, vertical="top")
        headings.append(heading)
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "B2"
    sheet.append(headings)
    validations = {number: _validation(column) for number, column in enumerate(spec.columns, 1)}
    # A cell's style is a few indexes into the workbook's lists of fonts, fills, formats...;
    # setting each part looks it up by hash, which is most of an export's time. Each kind of
    # cell is styled once, and the others of its kind take a copy of its indexes (as
    # openpyxl's own worksheet copy does).
    styled: dict[tuple[bool, str, bool], StyleArray] = {}
    letters = [get_column_letter(number) for number in range(1, len(spec.columns) + 1)]
    for row_number, row in enumerate(spec.rows, 2):
        shown = iter(row.shown)
        cells = []
        for number, column in enumerate(spec.columns, 1):
            value = next(shown) if column.field is None else row.editable.get(column.field)
            editable = column.field is not None and column.field not in row.locked_fields
            kind = (editable, column.holds, isinstance(value, date))
            style = styled.get(kind)
            cell = _cell(sheet, value, style is None)
            if style is not None:
                cell._style = copy(style)  # type: ignore[attr-defined]
            elif editable:
                cell.protection = UNLOCKED
                cell.fill = EDITABLE_FILL
                if column.holds == "date":
                    cell.number_format = DATE_FORMAT  # what is typed reads back as a date
                if column.holds in ("text", "lines"):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            if style is None:
                styled[kind] = copy(cell._style)  # type: ignore[attr-defined]
            cells.append(cell)
            if editable:
                assert column.field is not None
                ref = f"{letters[number - 1]}{row_number}"
                records.append(record(spec.name, ref, row.kind, row.ident, column.field, value))
        sheet.append(cells)
    last = len(spec.rows) + 1
    for number, validation in validations.items():
        if validation is not None and spec.rows:  # one range a column: adding cell by cell is
            letter = get_column_letter(number)  # quadratic in openpyxl
            validation.add(f"{letter}2:{letter}{last}")
            _validations(sheet).append(validation)
    _protect(sheet)


CHUNK = 30_000  # characters of the record a cell holds (a cell holds at most 32,767)


Record = tuple[str, str, str, str, str, str | int | float | None, int]


def record(sheet: str, ref: str, kind: str, ident: str, field: str, value: Value) -> Record:
    """An editable cell's entry in the workbook's record: where it is, what it holds, and
    its value (a date as its ISO text, flagged 1)."""
    if isinstance(value, date):
        return (sheet, ref, kind, ident, field, value.isoformat(), 1)
    return (sheet, ref, kind, ident, field, value, 0)


def record_text(records: list[Record]) -> str:
    """The editable cells' record as JSON text (ASCII: no character a cell may not hold):
    one text for the whole workbook, not a row of cells each, because writing cells is what
    an export spends its time on."""
    return json.dumps(records, ensure_ascii=True, separators=(",", ":"))


def _meta_sheet(book: Workbook, about: list[tuple[str, Value]], records: list[Record]) -> None:
    sheet = book.create_sheet(META_SHEET)
    sheet.append([_cell(sheet, FORMAT)])
    for key, value in about:
        sheet.append([_cell(sheet, "about"), _cell(sheet, key), _cell(sheet, value)])
    text = record_text(records)
    for start in range(0, len(text), CHUNK):
        sheet.append([_cell(sheet, "cells"), _cell(sheet, text[start : start + CHUNK])])
    sheet.sheet_state = "hidden"
    _protection(sheet).sheet = True


def _check_writable(sheets: list[Sheet]) -> None:
    """Refuse, before anything is made, plan text holding a control character a workbook
    cannot hold (XML 1.0 has no place for them; openpyxl raised midway, a traceback): one
    line naming the rows and the characters. `validate` warns of them, with their place."""
    rows: list[str] = []
    characters: set[str] = set()
    for spec in sheets:
        for row in spec.rows:
            texts = [v for v in (*row.shown, *row.editable.values()) if isinstance(v, str)]
            bad = [t for t in texts if ILLEGAL_CHARACTERS_RE.search(t)]
            if bad:
                rows.append(f"{row.kind} {row.ident}")
                characters.update(c for t in bad for c in unsafe_characters(t))
    if rows:
        named = ", ".join(rows[:5]) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
        raise InvalidPlan(
            f"{named}: plan text holds control characters a workbook cannot hold"
            f" ({', '.join(sorted(characters))}); delete them (`commit validate` shows where)",
            len(rows),
        )


def workbook_bytes(sheets: list[Sheet], selection: Selection, revision: str, today: date) -> bytes:
    """The workbook for `selection` (its data `sheets` as `layout.sheets` gives them), as
    the bytes of an .xlsx file."""
    _check_writable(sheets)
    book = Workbook(write_only=True)
    readme = book.create_sheet(README_SHEET)
    readme.column_dimensions["A"].width = 110
    for number, text in enumerate(README, 1):
        cell = _cell(readme, text)
        cell.alignment = Alignment(wrap_text=True)
        if number == 1:
            cell.font = Font(bold=True, size=14)
        readme.append([cell])
    what = [
        f"Made on {today.isoformat()} for"
        f" {selection.country or 'every country'}, reporting period {selection.period.label}.",
    ]
    if selection.missing_only:
        what.append(
            "Only what is still owed for the period (as `commit due` lists it)"
            + ("." if any(spec.rows for spec in sheets) else ": nothing is owed.")
        )
    readme.append([])
    for text in what:
        readme.append([_cell(readme, text)])
    _protect(readme)
    records: list[Record] = []
    for spec in sheets:
        _data_sheet(book, spec, records)
    about: list[tuple[str, Value]] = [
        ("plan revision", revision),
        ("tool version", __version__),
        ("country", selection.country),
        ("ppcs", ",".join(selection.ppcs) or None),
        ("period", selection.period.label),
        ("narrowed to period", "yes" if selection.narrow_to_period else "no"),
        *([("missing only", "yes")] if selection.missing_only else []),
        ("made on", today),
    ]
    _meta_sheet(book, about, records)
    book.security = WorkbookProtection(lockStructure=True)
    book.active = 1  # open on the milestones
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
