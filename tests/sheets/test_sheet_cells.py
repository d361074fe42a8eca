"""The sheet reader that `sheet apply` uses (sheets/cells.py) gives, cell for cell, the values
openpyxl gives for the same sheet; it refuses entity declarations and stops at the last row
wanted."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from commit_cli.sheets.cells import UnsafeXml, raw_cells, value_of
from commit_cli.sheets.cells import Workbook as Book

VALUES = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12),
    st.dates(date(1901, 1, 1), date(2100, 12, 31)),
    st.datetimes(datetime(1901, 1, 1), datetime(2100, 12, 31)).map(
        lambda moment: moment.replace(microsecond=0)
    ),
    st.booleans(),
)


def ours(data: bytes, last: int, width: int) -> dict[tuple[int, int], Any]:
    """Every cell's value by our reader."""
    book: Any = load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    helper = Book(
        sheet._shared_strings,
        frozenset(book._date_formats),
        frozenset(book._timedelta_formats),
        book.epoch,
    )
    with book._archive.open(sheet._worksheet_path) as source:
        cells = raw_cells(source, last, width)
    book.close()
    return {where: value_of(cell, helper) for where, cell in cells.items()}


def theirs(data: bytes, last: int, width: int) -> dict[tuple[int, int], Any]:
    """Every cell's value by openpyxl (a formula's as last calculated)."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    found = {}
    rows = book.worksheets[0].iter_rows(max_row=last, max_col=width, values_only=True)
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            if value is not None:
                found[(number, column)] = value
    book.close()
    return found


def saved(grid: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in grid:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(VALUES, min_size=1, max_size=5), min_size=1, max_size=6))
def test_every_value_reads_as_openpyxl_reads_it(grid: list[list[Any]]) -> None:
    data = saved(grid)
    width = max(len(row) for row in grid)
    mine = {
        where: value for where, value in ours(data, len(grid), width).items() if value is not None
    }
    assert mine == theirs(data, len(grid), width)


def test_formulas_are_flagged_with_their_cached_value() -> None:
    data = saved([["=1+1", 3]])
    book: Any = load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    with book._archive.open(sheet._worksheet_path) as source:
        cells = raw_cells(source, 1, 2)
    book.close()
    assert cells[(1, 1)].formula
    assert not cells[(1, 1)].text  # openpyxl saves no cached value
    assert not cells[(1, 2)].formula


def test_reading_stops_at_the_last_row_wanted() -> None:
    data = saved([[n] for n in range(1, 2001)])
    assert ours(data, 3, 1) == {(1, 1): 1, (2, 1): 2, (3, 1): 3}


@pytest.mark.parametrize(
    "prologue",
    [
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
        b"<!DOCTYPE x>",
    ],
)
def test_a_document_type_is_refused(prologue: bytes) -> None:
    xml = (
        b'<?xml version="1.0"?>' + prologue + b'<worksheet xmlns="http://schemas.openxml'
        b'formats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="str">'
        b"<v>x</v></c></row></sheetData></worksheet>"
    )
    with pytest.raises(UnsafeXml):
        raw_cells(io.BytesIO(xml), 10, 10)
