"""Tables and charts as plain aligned text, for output that is piped and for long ones.

Rich lays a table out at about 0.65 ms a row: 7 s for 10,000 milestones, over a minute for
100,000, far more than the work behind the table. So a table or chart is written here,
as plain lines, when stdout is not a terminal, or when it has more than `PLAIN_ABOVE` rows
(a screen of hundreds of rows is read with a pager or grep, not at a glance); rich keeps
the short ones on a terminal, where its colours help.

The columns' widths come from the same rules as rich's (`tables.fit_widths`), measured in
one pass over the cells, and the lines are written in chunks as they are made
(`output.write_lines`). What this shows is what rich shows piped, byte for byte (the tests
compare the two): the same columns, headers, cells and footers; ids, dates, numbers and
statuses never cut; a title cut with "…" and a status or window wrapped between words only
when the width is known (a terminal, or COLUMNS) and too narrow; piped without COLUMNS,
nothing is cut or wrapped. Only two things differ. There is no colour, on a terminal too.
And the unsafe characters of plan text (controls, bidi marks, line breaks; see
`safetext`) are shown as escapes and measured as such, so a row is always one line and
stays aligned, where rich strips some of them and escapes the others after measuring.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from rich.cells import set_cell_size

from commit_cli.cli import output
from commit_cli.cli.tables import Cell, Column, Fit, FitTable, fit_widths, plain_texts
from commit_cli.cli.wrapping import cells, wrap
from commit_cli.safetext import flat

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

PLAIN_ABOVE = 200  # rows: a longer table or chart is written plain even on a terminal
GAP = "  "  # between columns, as in the rich tables (`tables.FitTable.table`)
RULE = "─"  # the line under the header and above the footer


def is_wanted(on_terminal: bool, rows: int) -> bool:
    """Whether a table or chart of `rows` rows is written plain (see the module)."""
    return not on_terminal or rows > PLAIN_ABOVE


def _flat_text(text: str | Text) -> str:
    return flat(text if isinstance(text, str) else text.plain)


def text_lines(text: str | Text, width: int) -> list[str]:
    """A line of text (a heading, a count, a note) as rich wraps it at `width`."""
    return wrap(_flat_text(text), width)


def _cut(text: str, width: int) -> str:
    """A title in `width` cells: whole when it fits, else cut with an ellipsis."""
    if cells(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - cells(text))
    return space + text if right else text + space


def _texts(cells_: list[Cell]) -> list[str]:
    """A column's cells as text on one line each, their unsafe characters escaped."""
    texts, joined = plain_texts(cells_)
    return list(texts) if joined.isprintable() else list(map(flat, texts))


def _longest(texts: list[str]) -> int:
    if "".join(texts).isascii():
        return max(map(len, texts), default=0)
    return max(map(cells, texts), default=0)


def _longest_word(texts: list[str]) -> int:
    return _longest(" ".join(texts).split())


class _Layout:
    """A table's texts, column by column (header first, footer last), the columns kept and
    their widths. Lines are made `BLOCK` rows at a time, a column at a time: padding a
    column of ASCII text is one `str.ljust` a cell, with no Python call of ours; only a
    block with a cell that wraps onto more lines is made row by row. A column's measures
    already known (`known`, `known_words`: None where not) are taken as they are."""

    def __init__(
        self,
        columns: Sequence[Column],
        texts: list[list[str]],
        width: int,
        known: Sequence[int | None] = (),
        known_words: Sequence[int | None] = (),
    ) -> None:
        known = list(known) or [None] * len(columns)
        longest = [
            _longest(column_texts) if measure is None else measure
            for column_texts, measure in zip(texts, known, strict=True)
        ]
        words = [0] * len(columns)  # needed only when some column must give way
        if sum(longest) + len(GAP) * (len(columns) - 1) > width:
            known_words = list(known_words) or [None] * len(columns)
            words = [
                (_longest_word(column_texts) if measure is None else measure)
                if column.fit is Fit.wrap
                else 0
                for column_texts, column, measure in zip(texts, columns, known_words, strict=True)
            ]
        widths = fit_widths(columns, longest, words, width)
        kept = [i for i, w in enumerate(widths) if w > 0]
        self.texts = [texts[i] for i in kept]
        self.ascii = [known[i] is not None for i in kept]  # known: of printable ASCII
        self.columns = [columns[i] for i in kept]
        self.widths = [widths[i] for i in kept]
        self.right = [column.justify == "right" for column in self.columns]
        self.tight = [longest[i] > widths[i] and columns[i].fit is not Fit.keep for i in kept]
        self.width = sum(self.widths) + len(GAP) * (len(kept) - 1)

    def lines(self, start: int, stop: int) -> list[str]:
        """The lines of rows `start` to `stop` (0 is the header)."""
        padded: list[list[str]] = []
        for texts, column, width, right, tight, known_ascii in zip(
            self.texts, self.columns, self.widths, self.right, self.tight, self.ascii, strict=True
        ):
            part = texts[start:stop]
            ascii_only = known_ascii or "".join(part).isascii()
            if tight and column.fit is Fit.title:
                size = len if ascii_only else cells
                part = [text if size(text) <= width else _cut(text, width) for text in part]
            elif tight and _longest(part) > width:
                return self._wrapped(start, stop)
            if ascii_only:  # a title cut with "…" still takes a cell a character
                padded.append(list(map(str.rjust if right else str.ljust, part, repeat(width))))
            else:
                padded.append([_pad(text, width, right) for text in part])
        return [line.rstrip(" ") for line in map(GAP.join, zip(*padded, strict=True))]

    def _wrapped(self, start: int, stop: int) -> list[str]:
        """Rows some of whose cells take several lines, the others standing on the first."""
        lines: list[str] = []
        for row in range(start, stop):
            parts = [
                self._fitted(texts[row], column, width)
                for texts, column, width in zip(self.texts, self.columns, self.widths, strict=True)
            ]
            lines.extend(
                GAP.join(
                    _pad(part[k] if k < len(part) else "", width, right)
                    for part, width, right in zip(parts, self.widths, self.right, strict=True)
                ).rstrip(" ")
                for k in range(max(map(len, parts)))
            )
        return lines

    @staticmethod
    def _fitted(text: str, column: Column, width: int) -> list[str]:
        if column.fit is Fit.keep or cells(text) <= width:  # keep columns are wide enough
            return [text]
        if column.fit is Fit.title:
            return [_cut(text, width)]
        return wrap(text, width)


BLOCK = 1024  # rows laid out at a time


def table_lines(table: FitTable, width: int) -> Iterator[str]:
    """The lines of `table` fitted to `width` cells (see the module): the cells measured
    column by column, then the lines made a block of rows at a time, as they are read."""
    table = table.fitted(width)
    columns = table.columns
    # A column of printable ASCII measured while fitting the table is its own text, of
    # the measures taken then; the others are made safe and measured here.
    measured = table.known_measures()
    known: list[int | None] = [None] * len(columns)
    known_words: list[int | None] = [None] * len(columns)
    if measured is not None:
        longest, simple, words = measured
        known = [size if plain else None for size, plain in zip(longest, simple, strict=True)]
        if words is not None:
            known_words = [
                size if plain else None for size, plain in zip(words, simple, strict=True)
            ]
    texts = []
    for i, column in enumerate(columns):
        column_cells: list[Cell] = [column.name, *table.body(i)]
        if table.show_footer:
            column_cells.append(column.footer)
        texts.append(_texts(column_cells) if known[i] is None else cast("list[str]", column_cells))
    layout = _Layout(columns, texts, width, known, known_words)
    body_end = 1 + table.row_count()
    if table.title:
        yield from wrap(flat(table.title), layout.width)
    yield from layout.lines(0, 1)
    yield RULE * layout.width
    for start in range(1, body_end, BLOCK):
        yield from layout.lines(start, min(start + BLOCK, body_end))
    if table.show_footer:
        yield RULE * layout.width
        yield from layout.lines(body_end, body_end + 1)
    shown = {column.name for column in layout.columns}
    for name, note in table.notes.items():
        if name in shown:
            yield from text_lines(note, width)


@runtime_checkable
class PlainLines(Protocol):
    """A part of a view with a plain rendering of its own (the timeline's rows)."""

    def plain_lines(self, width: int) -> Iterable[str]: ...


def lines_of(parts: Iterable[RenderableType], width: int) -> Iterator[str]:
    """The lines of a view made of tables, lines of text and parts that have plain lines."""
    from rich.text import Text

    for part in parts:
        if isinstance(part, FitTable):
            yield from table_lines(part, width)
        elif isinstance(part, str | Text):
            yield from text_lines(part, width)
        elif isinstance(part, PlainLines):
            yield from part.plain_lines(width)
        else:
            raise TypeError(f"no plain rendering for {type(part).__name__}")


def show(console: Console, parts: Sequence[RenderableType], rows: int) -> None:
    """A view on stdout: as plain lines when they are wanted (`is_wanted`: piped, or more
    than PLAIN_ABOVE `rows`), else through rich."""
    if is_wanted(console.is_terminal, rows):
        output.write_lines(lines_of(parts, console.width))
        return
    from rich.console import Group

    output.emit(console, Group(*parts))
