"""Reading a workbook back, refusing a hostile one in one line before it costs anything.

A workbook comes from anyone's e-mail. Before openpyxl parses a byte of it, the file must be
a small zip (`MAX_FILE_BYTES`), whose parts unpack to a bounded size (`MAX_UNPACKED_BYTES`,
each part at most `MAX_RATIO` times its packed size: a zip bomb declares more than that, and
Python's zip reader never unpacks past what a part declares), with no macros (a
`vbaProject.bin`, a macro-enabled content type) and no links to other workbooks. Its XML is
parsed by openpyxl through defusedxml (a dependency), and the data sheets' cells by
`sheets.cells` (one expat pass, far cheaper than openpyxl's), both refusing an entity or DTD,
never expanding or fetching it. Only the cells the hidden sheet lists are read, in rows up to
the last one it names (a sheet of a million rows costs nothing more), and each must hold a
value, not a formula: a formula's cached value is taken, a formula without one is refused.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.parsers import expat

from commit_cli.errors import UsageError
from commit_cli.safetext import one_line
from commit_cli.sheets.cells import (
    RawCell,
    UnsafeXml,
    Workbook,
    raw_cells,
    split_ref,
    value_of,
)
from commit_cli.sheets.layout import FORMAT, META_SHEET, Value, cell_value

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed size of one part; XML packs 10 to 50 times
MAX_PARTS = 1_000
MAX_CELLS = 1_000_000  # editable cells a workbook may list
MAX_RECORD_CHARS = 64 * 1024 * 1024  # the JSON text listing them
ODS = b"application/vnd.oasis.opendocument.spreadsheet"
SAVE_AS = "save it as Excel 2007-365 (.xlsx) (LibreOffice: File > Save As, file type .xlsx)"


class HostileWorkbook(UsageError):
    """A file that is not a workbook `sheet export` made, or one that is unsafe to read."""


@dataclass(frozen=True, slots=True)
class CellRecord:
    """One editable cell as the hidden sheet lists it: where, about what, and its value at
    export time."""

    sheet: str
    ref: str
    kind: str
    ident: str
    field: str
    exported: Value


@dataclass
class ReadWorkbook:
    """What a workbook says: what it was made from, and each editable cell's value at export
    time and now (`problems`: cells that cannot be read, as `Sheet!A1: what is wrong`)."""

    about: dict[str, Value]
    cells: list[CellRecord]
    now: dict[tuple[str, str], Value]
    ids: dict[tuple[str, int], Value] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _refuse(name: str, why: str) -> HostileWorkbook:
    return HostileWorkbook(f"{name}: {why}; nothing was read")


def check_container(name: str, data: bytes) -> None:
    """HostileWorkbook unless `data` is a plain .xlsx zip of bounded size, without macros
    or external links."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(name, f"the file is over {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse(name, f"not an .xlsx workbook (not a zip file); {SAVE_AS}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise _refuse(name, f"the workbook has over {MAX_PARTS} parts")
            names = {part.filename for part in parts}
            if "mimetype" in names and archive.read("mimetype")[: len(ODS)] == ODS:
                raise _refuse(name, f"an OpenDocument (.ods) spreadsheet; {SAVE_AS}")
            total = 0
            for part in parts:
                total += part.file_size
                if part.file_size > MAX_RATIO * max(part.compress_size, 1024):
                    raise _refuse(
                        name, f"{part.filename} unpacks over {MAX_RATIO} times (a zip bomb?)"
                    )
            if total > MAX_UNPACKED_BYTES:
                raise _refuse(name, f"it unpacks to over {MAX_UNPACKED_BYTES // (1024 * 1024)} MiB")
            lowered = {part.lower() for part in names}
            if "[content_types].xml" not in lowered or "xl/workbook.xml" not in lowered:
                raise _refuse(name, f"not an .xlsx workbook; {SAVE_AS}")
            if any(part.endswith("vbaproject.bin") for part in lowered) or (
                b"macroEnabled" in archive.read("[Content_Types].xml")
            ):
                raise _refuse(name, "it holds macros; save it as .xlsx (without macros)")
            if any(part.startswith("xl/externallinks/") for part in lowered):
                raise _refuse(
                    name, "it links to other workbooks; type the values in, without links"
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError) as exc:
        raise _refuse(name, f"a damaged workbook ({exc})") from None


def _open(data: bytes, values: bool) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), read_only=True, data_only=values, keep_links=False)


def _load(name: str, data: bytes, values: bool = False) -> Any:
    """The workbook as written (a formula as its text), or with `values` as a spreadsheet
    last calculated it (a formula as its cached value)."""
    from openpyxl import xml as openpyxl_xml

    if not openpyxl_xml.DEFUSEDXML:  # pragma: no cover - a dependency
        raise _refuse(name, "defusedxml is not installed, so it cannot be read safely")
    try:
        return _open(data, values)
    except Exception as exc:  # openpyxl raises many kinds for damaged or hostile XML
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise _refuse(name, f"it cannot be read as a workbook ({detail})") from None


CONTROL = {chr(code) for code in (*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160))}


SPREADSHEET_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA"}
)


def _checked(value: Any, formula: Any) -> tuple[Value, str | None]:
    """A cell's value, or why it cannot be taken."""
    if formula is not None and value is None:  # else the cached value of a formula is taken
        return None, "a formula without a value; type the value instead"
    if isinstance(value, str):
        bad = next((char for char in value if char in CONTROL), None)
        if bad is not None:
            return None, f"holds a control character (U+{ord(bad):04X}); delete it"
        if value.startswith("#") and value.rstrip("!?/0").upper() in (
            "#N/A",
            "#REF",
            "#VALUE",
            "#DIV",
            "#NAME",
            "#NUM",
            "#NULL",
        ):
            return None, f"holds the error {value}; type a value"
    if isinstance(value, float | int | date | str | None):
        return cell_value(value), None
    return None, f"holds {type(value).__name__}, not a value; type it again"


_SPACES = re.compile(r"[ \t\n\r]*")  # JSON's whitespace


def _skip(text: str, at: int = 0) -> int:
    """Where the JSON whitespace from `at` ends (one regex scan, not a loop per character)."""
    found = _SPACES.match(text, at)
    return found.end() if found else at


def _json_rows(text: str) -> Iterator[Any]:
    """The items of the JSON array `text`, one at a time (ValueError when it is not one): a
    large workbook's record is never held as a whole tree of lists next to its records."""
    if not text:
        return
    decoder = json.JSONDecoder()
    end = len(text)
    at = _skip(text)
    if at == end:
        raise ValueError("no array")
    if text[at] != "[":
        raise ValueError("not an array")
    at = _skip(text, at + 1)
    if at < end and text[at] == "]":
        at += 1
    else:
        while True:
            item, at = decoder.raw_decode(text, at)
            yield item
            at = _skip(text, at)
            if at < end and text[at] == ",":
                at = _skip(text, at + 1)
            elif at < end and text[at] == "]":
                at += 1
                break
            else:
                raise ValueError("not an array")
    if _skip(text, at) != end:
        raise ValueError("text after the array")


def _records(name: str, text: str) -> list[CellRecord]:
    """The editable cells the record lists; HostileWorkbook when it is not one. The names
    that repeat (sheet, kind, field) are kept once each."""
    damaged = _refuse(name, "its record of what it was made from is damaged; export it again")
    names: dict[str, str] = {}
    cells: list[CellRecord] = []
    try:
        for row in _json_rows(text):
            if type(row) is not list or len(row) != 7 or len(cells) >= MAX_CELLS:
                raise damaged
            sheet, ref, kind, ident, field_name, value, is_date = row
            if not (
                type(sheet) is str
                and type(ref) is str
                and type(kind) is str
                and type(ident) is str
                and type(field_name) is str
                and (value is None or type(value) in (str, int, float))
            ):
                raise damaged
            if is_date == 1:
                value = date.fromisoformat(str(value))  # ValueError: damaged
            sheet = names.setdefault(sheet, sheet)
            kind = names.setdefault(kind, kind)
            field_name = names.setdefault(field_name, field_name)
            cells.append(CellRecord(sheet, ref, kind, ident, field_name, cell_value(value)))
    except (ValueError, RecursionError):
        raise damaged from None
    return cells


def _meta(name: str, book: Any) -> tuple[dict[str, Value], list[CellRecord]]:
    if META_SHEET not in book.sheetnames:
        raise _refuse(
            name, "not made by `commit sheet export` (no record of what it was made from)"
        )
    sheet = book[META_SHEET]
    about: dict[str, Value] = {}
    chunks: list[str] = []
    size = 0
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        if number == 1:
            if not row or row[0] != FORMAT:
                raise _refuse(name, "not made by this version of `commit sheet export`")
            continue
        kind = row[0] if row else None
        if kind == "about" and len(row) >= 2 and isinstance(row[1], str):
            about[row[1]] = cell_value(row[2]) if len(row) > 2 else None  # empty: not written
        elif kind == "cells" and len(row) >= 2 and isinstance(row[1], str):
            size += len(row[1])
            if size > MAX_RECORD_CHARS:
                raise _refuse(name, "its record of what it was made from is too large")
            chunks.append(row[1])
        elif any(value is not None for value in row or ()):
            raise _refuse(name, f"its record of what it was made from is damaged (row {number})")
    return about, _records(name, "".join(chunks))


def _book(written: Any, sheet_name: str) -> Workbook:
    """What converting the sheet's cells needs from the workbook, as openpyxl read it (in
    read-only mode, the shared strings are handed to each sheet)."""
    return Workbook(
        written[sheet_name]._shared_strings,
        frozenset(written._date_formats),
        frozenset(written._timedelta_formats),
        written.epoch,
    )


def _sheet_cells(
    name: str, written: Any, sheet_name: str, rows: Mapping[int, Collection[int]]
) -> dict[tuple[int, int], RawCell]:
    """The first cell of each of the sheet's rows up to the last of `rows`, and the cells
    `rows` names, from its XML."""
    last = max(rows)
    width = max(column for columns in rows.values() for column in columns)
    try:
        with written._archive.open(written[sheet_name]._worksheet_path) as source:
            return raw_cells(source, last, width, rows)
    except UnsafeXml:
        raise _refuse(name, "its XML declares entities (unsafe to read)") from None
    except (
        ValueError,
        OverflowError,
        expat.ExpatError,
        KeyError,
        OSError,
        zipfile.BadZipFile,
    ) as exc:
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise _refuse(name, f"the sheet '{sheet_name}' cannot be read ({detail})") from None


def _converted(name: str, cell: RawCell, book: Workbook) -> Any:
    try:
        return value_of(cell, book)
    except (ValueError, IndexError, OverflowError, TypeError):
        shown = one_line(cell.text or "", 40)
        raise _refuse(name, f"a cell holds '{shown}' as type '{cell.kind}'") from None


def read_workbook(name: str, data: bytes) -> ReadWorkbook:
    """The workbook in `data` (named `name` in messages); HostileWorkbook when it cannot or
    must not be read."""
    check_container(name, data)
    written = _load(name, data)
    try:
        about, cells = _meta(name, written)
        wanted: dict[str, dict[int, dict[int, CellRecord]]] = {}
        for record in cells:
            try:
                row, column = split_ref(record.ref)
            except ValueError:
                raise _refuse(name, f"its record names no cell '{record.ref}'") from None
            wanted.setdefault(record.sheet, {}).setdefault(row, {})[column] = record
        result = ReadWorkbook(about, cells, {})
        for sheet_name, rows in wanted.items():
            if sheet_name not in written.sheetnames:
                raise _refuse(name, f"the sheet '{sheet_name}' is missing; export it again")
            found = _sheet_cells(name, written, sheet_name, rows)
            book = _book(written, sheet_name)
            for number in range(2, max(rows) + 1):
                first = found.get((number, 1))
                result.ids[(sheet_name, number)] = (
                    None if first is None else cell_value(_converted(name, first, book))
                )
            for number, columns in rows.items():
                for column, record in columns.items():
                    cell = found.get((number, column))
                    value = None if cell is None else _converted(name, cell, book)
                    formula = cell is not None and cell.formula
                    checked, problem = _checked(value, "formula" if formula else None)
                    if problem is not None:
                        result.problems.append(f"{sheet_name}!{record.ref}: {problem}")
                    result.now[(sheet_name, record.ref)] = checked
        return result
    finally:
        written.close()
