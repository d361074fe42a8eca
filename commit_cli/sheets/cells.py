"""A sheet's cells, read straight from its XML: the values openpyxl would give, at a fraction
of the cost.

openpyxl builds an element tree and a dictionary for every cell of every row it reads; a
workbook of 10,000 milestones holds some 45,000 cells in its Milestones sheet, and reading
them that way was most of `sheet apply`'s time. Here one expat parser walks the sheet's XML
and keeps, for the rows wanted, each cell's type, style, value and whether it holds a
formula; the values are then converted as openpyxl converts them (numbers, shared and inline
strings, booleans, ISO dates, and numbers in a date style as dates in the workbook's epoch),
with openpyxl's own helpers and the workbook's shared strings and date styles as openpyxl
read them. A formula gives its cached value (what a spreadsheet last calculated), and says it
was a formula. Parsing stops after the last row wanted, so a sheet of a million rows costs
no more than its first rows.

The XML comes from anyone's e-mail: a document type declaration (where entities are
declared, for XXE and billion-laughs payloads) is refused before anything in it is used,
as defusedxml refuses it for openpyxl.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from typing import IO, Any
from xml.parsers import expat

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHUNK = 1 << 16


class UnsafeXml(ValueError):
    """The sheet's XML declares a document type or entities."""


class _Done(Exception):
    """The last row wanted has been read."""


@dataclass(slots=True)
class RawCell:
    """A cell as written: its type (`t`), style index (`s`), value text (`v`, or the inline
    string's text) and whether it holds a formula."""

    kind: str
    style: int
    text: str | None
    formula: bool


@dataclass
class Workbook:
    """What converting a cell's text needs from the workbook, as openpyxl read it."""

    shared_strings: list[Any]
    date_styles: frozenset[int]
    timedelta_styles: frozenset[int]
    epoch: Any


CELL_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
C, ROW, V, F, IS, T, RPH = (
    f"{MAIN}}}{local}" for local in ("c", "row", "v", "f", "is", "t", "rPh")
)


@cache
def column_number(letters: str) -> int:
    """The column `letters` name (A is 1)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def split_ref(ref: str) -> tuple[int, int]:
    """The row and column of a cell reference such as `D7`; ValueError when it is not one."""
    found = CELL_REF.fullmatch(ref)
    if found is None:
        raise ValueError(ref)
    return int(found.group(2)), column_number(found.group(1))


class _Reader:
    """expat's handlers: the cells of rows up to `last`, by (row, column)."""

    def __init__(
        self, last: int, width: int, wanted: Mapping[int, Collection[int]] | None = None
    ) -> None:
        self.last, self.width, self.wanted = last, width, wanted
        self.cells: dict[tuple[int, int], RawCell] = {}
        self.row = 0
        self.column = 0
        self.cell: RawCell | None = None
        self.where = (0, 0)
        self.text: list[str] | None = None  # collecting a <v> or an inline <t>
        self.inline: list[str] | None = None
        self.phonetic = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == C:
            ref = attributes.get("r")
            row = self.row
            if ref:
                try:
                    row, self.column = split_ref(ref)
                except ValueError:
                    row, self.column = split_ref(ref.replace("$", "").upper())
            else:
                self.column += 1
            style = attributes.get("s")
            self.cell = RawCell(attributes.get("t", "n"), int(style) if style else 0, None, False)
            self.where = (row, self.column)
        elif name == ROW:
            number = attributes.get("r")
            self.row = int(float(number)) if number else self.row + 1
            if self.row > self.last:
                raise _Done
            self.column = 0
        elif self.cell is None:
            return
        elif name == V:
            self.text = []
        elif name == F:
            self.cell.formula = True
        elif name == IS:
            self.inline = []
        elif name == RPH:
            self.phonetic += 1
        elif name == T and self.inline is not None and not self.phonetic:
            self.text = []

    def end(self, name: str) -> None:
        if self.cell is None:
            return
        if name == V and self.text is not None:
            self.cell.text = "".join(self.text)
            self.text = None
        elif name == C:
            row, column = self.where
            if (
                row <= self.last
                and column <= self.width
                and (self.wanted is None or column == 1 or column in self.wanted.get(row, ()))
            ):
                self.cells[self.where] = self.cell
            self.cell = None
        elif name == T and self.text is not None and self.inline is not None:
            self.inline.append("".join(self.text))
            self.text = None
        elif name == RPH:
            self.phonetic -= 1
        elif name == IS and self.inline is not None:
            if self.cell.kind == "inlineStr":
                self.cell.text = "".join(self.inline)
            self.inline = None

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)


def _refuse(*_: object) -> None:
    raise UnsafeXml("the sheet declares a document type or entities")


def _refuse_external(*_: object) -> int:
    raise UnsafeXml("the sheet refers to an external entity")


def raw_cells(
    source: IO[bytes], last: int, width: int, wanted: Mapping[int, Collection[int]] | None = None
) -> dict[tuple[int, int], RawCell]:
    """The cells of rows 1 to `last`, columns 1 to `width`, of the sheet XML in `source`
    (with `wanted`, only the first column and the columns it names for each row: a large
    workbook's other cells are never held); UnsafeXml for a document type or entity
    declaration, ValueError (or expat's error) for XML that is not a sheet."""
    reader = _Reader(last, width, wanted)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse_external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    parser.buffer_text = True
    try:
        while chunk := source.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Done:
        pass
    return reader.cells


def value_of(cell: RawCell, book: Workbook) -> Any:
    """The cell's value as openpyxl reads it (a formula: its cached value, as openpyxl reads
    it with `data_only`)."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    text = cell.text
    if not text:
        return None
    kind = cell.kind
    if kind == "n":
        number = float(text) if "." in text or "E" in text or "e" in text else int(text)
        if cell.style in book.date_styles:
            try:
                return from_excel(number, book.epoch, timedelta=cell.style in book.timedelta_styles)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number
    if kind == "s":
        return book.shared_strings[int(text)]
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        return from_ISO8601(text)  # type: ignore[no-untyped-call]
    return text  # str (a formula's text result), e (an error value), inlineStr
