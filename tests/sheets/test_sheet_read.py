"""Reading a workbook's record of its editable cells: the JSON array is read an item at a
time, and reads exactly what `json.loads` reads, or refuses what it refuses."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sheet_helpers import export

from commit_cli.sheets.read import HostileWorkbook, _json_rows, _records, read_workbook

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner)
)
spaces = st.text(alphabet=" \t\n\r", max_size=3)


@given(st.lists(values, max_size=6), st.sampled_from([None, 0, 2]), spaces, spaces)
def test_items_are_those_json_reads(
    items: list[Any], indent: int | None, before: str, after: str
) -> None:
    text = before + json.dumps(items, indent=indent) + after
    assert list(_json_rows(text)) == json.loads(text)


@given(st.text(alphabet='[]{},:"0123456789 tnulraefs\\', max_size=24))
def test_what_json_refuses_is_refused(text: str) -> None:
    try:
        expected = json.loads(text)
    except ValueError:
        expected = ValueError
    try:
        found: Any = list(_json_rows(text))
    except ValueError:
        found = ValueError
    if not text:
        assert found == []  # an empty record: no cells
    elif not isinstance(expected, list):
        assert found is ValueError
    else:
        assert found == expected


@pytest.mark.parametrize("text", ["[1,2", "[1 2]", "[1,]", "[,1]", "[1]]", "[1] x", "{}", " "])
def test_a_broken_record_is_refused_as_damaged(text: str) -> None:
    with pytest.raises(HostileWorkbook, match="its record of what it was made from is damaged"):
        _records("kh.xlsx", text)


def test_a_record_reads_back_as_written() -> None:
    rows = [
        ["Milestones", "E2", "milestone", "p1-m1", "status", "planned", 0],
        ["Milestones", "G2", "milestone", "p1-m1", "actual_end", "2006-03-14", 1],
        ["Indicators", "D2", "indicator", "p1-i1", "value", 12.5, 0],
    ]
    read = _records("kh.xlsx", json.dumps(rows, indent=1))
    assert [(r.sheet, r.ref, r.kind, r.ident, r.field) for r in read] == [
        tuple(row[:5]) for row in rows
    ]
    assert [r.exported for r in read] == ["planned", date(2006, 3, 14), 12.5]
    assert read[0].sheet is read[1].sheet  # a repeated name is kept once


@pytest.mark.parametrize("number", ["inf", "1e400", "nan"])
def test_a_row_numbered_out_of_range_is_refused_on_one_line(tmp_path: Path, number: str) -> None:
    """A data sheet whose row says r="inf" (or a number no row has) is a hostile
    workbook: one line naming it, not an internal error."""
    book = export(tmp_path / "kh.xlsx", "--country", "KH", "--period", "2006-H2")
    with zipfile.ZipFile(book) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    parts[sheet] = parts[sheet].replace(b'<row r="2"', f'<row r="{number}"'.encode(), 1)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    with pytest.raises(HostileWorkbook, match=r"cannot be read|damaged"):
        read_workbook("hostile.xlsx", hostile.read_bytes())
