"""Tables that fit the terminal without cutting what people copy or compare.

Ids, dates, numbers and statuses are never cut. When a table is too wide, it gives way in
this order: titles shrink (to `TITLE_FLOOR` characters, cut with "…"); optional columns of
little weight are left out (`drop` below `WRAP_AT`, lowest first); cells of several words
(a status, a window) wrap between words; the other optional columns are left out; titles
shrink further and disappear. A title that would be narrower than `STACK_BELOW` and names a
column to go `under` (an indicator's title under its id) is instead shown whole, on a line of
its own beneath that cell, wrapped between words. If the table is still too wide, its lines
are left longer than the terminal (which wraps them) rather than cut.

Rich's own shrinking cuts any column once wrapping is not enough, so each column's width is
decided here (`fit_widths`) and handed to rich fixed; long and piped tables are written
without rich (`cli/plain.py`), with widths from the same function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal, cast

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.control import strip_control_codes
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text

from commit_cli.cli.wrapping import wrap
from commit_cli.safetext import flat

TITLE_FLOOR = 12  # titles shrink to this before optional columns go
WRAP_AT = 10  # optional columns with a lower `drop` go before cells wrap; the others after
TITLE_HIDDEN_BELOW = 6  # a title narrower than this says nothing: the column goes
STACK_BELOW = 30  # a title with `under` cut narrower than this goes beneath its row instead
INDENT = "  "  # before each line of a title set beneath its row


class Fit(Enum):
    keep = "keep"  # never cut or wrapped: ids, dates, numbers, status words
    wrap = "wrap"  # wraps between words, never inside one
    title = "title"  # shrinks first, cut with an ellipsis
    prose = "prose"  # shrinks first, wraps (titles and outcomes in `show`)


@dataclass
class Column:
    name: str
    fit: Fit = Fit.keep
    justify: Literal["left", "right"] = "left"
    drop: int | None = None  # optional: left out when too wide, lowest first (see WRAP_AT)
    footer: str | Text = ""
    under: str | None = None  # a title's fallback: the column it goes beneath (STACK_BELOW)


class Styled(str):
    """A cell of one style: plain text everywhere but in a rich table, so a table of
    100,000 rows makes no rich `Text` per cell, and its columns are all text (measured and
    joined in one call each)."""

    __slots__ = ()
    style: str | Style = ""


class Dim(Styled):
    """A dim cell (a title set beneath its row): as small as a str."""

    __slots__ = ()
    style = "dim"


class _OwnStyle(Styled):
    """A cell of any one style (rows share the few a column repeats, as statuses)."""

    def __new__(cls, text: str, style: str | Style) -> _OwnStyle:
        made = super().__new__(cls, text)
        made.style = style
        return made


def styled(text: Text) -> Cell:
    """`text` as a `Styled` cell when it is of one style throughout, else itself."""
    return text if text.spans else _OwnStyle(text.plain, text.style)


Cell = str | Text


def _text(cell: Cell) -> Text:
    if isinstance(cell, Text):
        return cell
    if isinstance(cell, Styled):
        return Text(str(cell), style=cell.style)
    return Text(cell)


def _longest_line(cell: Cell) -> int:
    return max((cell_len(line) for line in _text(cell).plain.split("\n")), default=0)


def _longest_word(cell: Cell) -> int:
    return max((cell_len(word) for word in _text(cell).plain.split()), default=0)


def plain_texts(cells: Sequence[Cell]) -> tuple[Sequence[str], str]:
    """The cells' texts, and all of them joined: a column of strings is itself, joined in
    one call (a column with a rich `Text` is read cell by cell)."""
    try:
        return cast("Sequence[str]", cells), "".join(cells)  # type: ignore[arg-type]
    except TypeError:  # a Text among them
        texts = [cell if isinstance(cell, str) else cell.plain for cell in cells]
        return texts, "".join(texts)


def _widest(cells: Sequence[Cell], measure: Callable[[Cell], int], words: bool = False) -> int:
    """`measure` of the widest of `cells`; a column of printable ASCII (a character a cell,
    one line each) is measured by length alone, which a table of 10,000 rows needs. The
    measure of a column is the largest of its parts' measures (`FitTable._stacked`)."""
    return _measured(cells, measure, words)[0]


def _measured(
    cells: Sequence[Cell], measure: Callable[[Cell], int], words: bool = False
) -> tuple[int, bool]:
    """`_widest`, and whether `cells` are all strings of printable ASCII (then each is its
    own plain text, one line, a cell a character: `cli.plain` lays them out as they are)."""
    texts, joined = plain_texts(cells)
    if joined.isascii() and joined.isprintable():
        # Rows repeat words (a status, a window): each text is split once.
        split = " ".join(dict.fromkeys(texts)).split() if words else texts
        widest = max(map(len, split), default=0)
        return widest, texts is cells  # else some are rich `Text`s
    return max(map(measure, cells), default=0), False


def fit_widths(
    columns: Sequence[Column],
    longest: Sequence[int],
    longest_word: Sequence[int] | Callable[[], Sequence[int]],
    width: int,
) -> list[int]:
    """Each column's width within `width` characters (0: left out), by the rules above,
    from its measures alone: `longest`, the widest line of any of its cells (header and
    footer included), and, for the columns that wrap, `longest_word` (or a function that
    measures them, called only when a wrapping column must give way). Rich tables and
    plain ones (`cli/plain.py`) both take their widths from here."""
    count = len(columns)
    widths = list(longest)
    shown = [True] * count

    def excess() -> int:
        gaps = 2 * (sum(shown) - 1)
        return sum(w for w, s in zip(widths, shown, strict=True) if s) + gaps - width

    def shrink(indexes: Sequence[int], floors: Sequence[int]) -> None:
        floor_of = dict(zip(indexes, floors, strict=True))
        while excess() > 0:
            wide = [i for i in indexes if shown[i] and widths[i] > floor_of[i]]
            if not wide:
                return
            widest = max(wide, key=lambda i: widths[i])
            widths[widest] -= 1

    def drop(early: bool) -> None:
        optional = sorted(
            (c.drop, i)
            for i, c in enumerate(columns)
            if c.drop is not None and (c.drop < WRAP_AT) == early
        )
        for _, index in optional:
            if excess() <= 0:
                return
            shown[index] = False

    titles = [i for i, c in enumerate(columns) if c.fit in (Fit.title, Fit.prose)]
    shrink(titles, [min(TITLE_FLOOR, longest[i]) for i in titles])
    drop(early=True)
    wrapping = [i for i, c in enumerate(columns) if c.fit is Fit.wrap]
    if excess() > 0:  # else `shrink` would change nothing: the words need no measuring
        words = longest_word() if callable(longest_word) else longest_word
        shrink(wrapping, [words[i] for i in wrapping])
    drop(early=False)
    shrink(titles, [0] * len(titles))
    while excess() < 0:  # room freed by the columns left out goes back to the titles
        short = [i for i in titles if shown[i] and widths[i] < longest[i]]
        if not short:
            break
        widths[min(short, key=lambda i: widths[i])] += 1
    for i in titles:
        if widths[i] < min(TITLE_HIDDEN_BELOW, longest[i]):
            shown[i] = False
    return [w if s else 0 for w, s in zip(widths, shown, strict=True)]


def _safe(cell: Cell) -> str:
    """The cell's text as rich holds it (`Text` strips a few control codes), made safe."""
    if isinstance(cell, str):
        return cell if cell.isprintable() else flat(strip_control_codes(cell))
    return flat(cell.plain)


class FitTable:
    """A table of `Column`s whose widths are decided when it is rendered (see the module)."""

    def __init__(
        self,
        *columns: Column,
        title: str | None = None,
        show_footer: bool = False,
        notes: dict[str, Text] | None = None,
    ) -> None:
        self.columns = list(columns)
        self.title = title
        self.show_footer = show_footer
        self.notes = notes or {}  # column name → a line beneath the table, when it is shown
        self._rows: list[list[Cell]] | None = []  # None: made from `_body` when read
        # (rows, `_longest`, `_ascii`): measured once for the rows the table has
        self._measured: tuple[int, list[int], list[bool]] | None = None
        self._worded: tuple[int, list[int]] | None = None  # (rows, `_words`)
        self._body: tuple[int, list[Sequence[Cell]]] | None = None  # (rows, `body`)

    @property
    def rows(self) -> list[list[Cell]]:
        """The table's rows; for a table given its columns (`set_body`), made from them
        when first read (a plain table is laid out from its columns, and makes none)."""
        if self._rows is None:
            assert self._body is not None  # `set_body` set them both
            self._rows = list(map(list, zip(*self._body[1], strict=True)))
        return self._rows

    def row_count(self) -> int:
        """How many rows the table has (without making them: see `rows`)."""
        if self._rows is None and self._body is not None:
            return self._body[0]
        return len(self.rows)

    def add_row(self, *cells: Cell) -> None:
        self.rows.append(list(cells))

    def set_body(self, body: list[Sequence[Cell]]) -> None:
        """Gives the table all its rows at once, as columns (one for each of `columns`, all
        as long): a long table is made a column at a time, with no list per row."""
        if len(body) != len(self.columns) or len({len(cells) for cells in body}) > 1:
            raise ValueError("a table's body is one column of cells for each of its columns")
        count = len(body[0]) if body else 0
        self._rows = None if count else []
        self._body = (count, body)
        self._measured = self._worded = None

    def _cells(self, index: int) -> list[Cell]:
        """Column `index`'s cells, header and footer included."""
        column = self.columns[index]
        cells: list[Cell] = [column.name, *self.body(index)]
        if self.show_footer:
            cells.append(column.footer)
        return cells

    def body(self, index: int) -> Sequence[Cell]:
        """Column `index`'s cells in the rows (the rows turned into columns in one pass,
        once for the rows the table has)."""
        if self._body is None or self._body[0] != self.row_count():
            count = len(self.columns)
            rows = self.rows
            found: list[Sequence[Cell]] = list(zip(*rows, strict=False)) if rows else [()] * count
            self._body = (len(rows), found)
        return self._body[1][index]

    def _measure(self) -> tuple[int, list[int], list[bool]]:
        """(rows, `_longest`, `_ascii`), measured once for the rows the table has."""
        if self._measured is None or self._measured[0] != self.row_count():
            measures = [_measured(self._cells(i), _longest_line) for i in range(len(self.columns))]
            self._measured = (
                self.row_count(),
                [longest for longest, _ in measures],
                [simple for _, simple in measures],
            )
        return self._measured

    def _longest(self) -> list[int]:
        """Each column's widest line (header and footer included), measured once for the
        rows the table has (`fitted` and `widths` both need it)."""
        return self._measure()[1]

    def _ascii(self) -> list[bool]:
        """For each column, whether all its cells are strings of printable ASCII."""
        return self._measure()[2]

    def _words(self) -> list[int]:
        """Each wrapping column's longest word (0 for the others), measured once for the
        rows the table has."""
        if self._worded is None or self._worded[0] != self.row_count():
            words = [
                _widest(self._cells(i), _longest_word, words=True) if c.fit is Fit.wrap else 0
                for i, c in enumerate(self.columns)
            ]
            self._worded = (self.row_count(), words)
        return self._worded[1]

    def known_measures(self) -> tuple[list[int], list[bool], list[int] | None] | None:
        """The measures of the table taken for its rows while fitting it, if any were:
        each column's widest line, whether it is all printable ASCII (then its cells are
        their own plain text, measured as `cli.plain` measures them), and each wrapping
        column's longest word (None: not measured). `cli.plain` takes them rather than
        measure the table again."""
        count = self.row_count()
        if self._measured is None or self._measured[0] != count:
            return None
        words = self._worded[1] if self._worded and self._worded[0] == count else None
        return self._measured[1], self._measured[2], words

    def widths(self, width: int) -> list[int]:
        """Each column's width within `width` characters (0: left out). The longest words
        are measured only when the table is too wide (`fit_widths` reads them only then)."""
        return fit_widths(self.columns, self._longest(), self._words, width)

    def fitted(self, width: int) -> FitTable:
        """The table as shown `width` characters wide: itself, or, when a title with `under`
        would be cut below `STACK_BELOW` characters, a table without that column in which
        each row is followed by its title, whole, in the `under` column: wrapped to that
        column's width, indented, on rows of their own (see `_stacked`)."""
        if all(column.under is None for column in self.columns):
            return self
        widths = self.widths(width)
        longest = self._longest()
        for index, column in enumerate(self.columns):
            if column.under is not None and widths[index] < min(STACK_BELOW, longest[index]):
                return self._stacked(index, column.under, width).fitted(width)
        return self

    def _stacked(self, index: int, under: str, width: int) -> FitTable:
        """This table with column `index` beneath column `under`. The titles, made safe
        and measured as `plain` shows them, are wrapped at the width the `under` column
        gets when its cells may wrap, so rich and plain lay out the same rows. That width
        is the one a table of the rows and the titles each on a row of its own would give
        it, worked out from the columns' measures and the titles' (a column's measure is
        the largest of its parts'), without making that table."""
        target = next(i for i, c in enumerate(self.columns) if c.name == under)
        kept = [i for i in range(len(self.columns)) if i != index]
        position = kept.index(target)
        if self._ascii()[index]:  # known from measuring the table: safe as they are
            titles: list[str] = list(map(str, self.body(index)))
            ascii_titles = True
        else:
            texts, joined = plain_texts(self.body(index))
            printable = joined.isprintable()  # then every title is safe as it is (`_safe`)
            titles = list(texts) if printable else [_safe(row[index]) for row in self.rows]
            ascii_titles = printable and joined.isascii()
        columns = [self.columns[i] for i in kept]
        columns[position] = replace(self.columns[target], fit=Fit.wrap)
        widest_title = 0
        if ascii_titles:  # measured as `_widest` measures them, without indented copies
            widest_title = max(map(len, titles), default=0)
            title_line = len(INDENT) + widest_title if titles else 0
        else:
            indented = [INDENT + title for title in titles]
            title_line = _widest(indented, _longest_line)

        def title_word() -> int:
            if ascii_titles:
                return max(map(len, " ".join(titles).split()), default=0)
            return _widest(indented, _longest_word, words=True)

        def words() -> list[int]:
            """The columns' longest words (measured only when they must give way)."""
            words_all = self._words()
            found = [words_all[i] for i in kept]
            target_words = _widest(self._cells(target), _longest_word, words=True)
            found[position] = max(target_words, title_word())
            return found

        longest_all = self._longest()
        longest = [longest_all[i] for i in kept]
        longest[position] = max(longest[position], title_line)
        room = max(fit_widths(columns, longest, words, width)[position] - len(INDENT), 1)
        stacked = FitTable(
            *(self.columns[i] for i in kept),
            title=self.title,
            show_footer=self.show_footer,
            notes=self.notes,
        )
        if ascii_titles and all(titles) and widest_title <= room:
            # Most tables: every title on one line beneath its row. The columns are made
            # whole, each cell of the rows followed by a blank or the title's line, and
            # the rows from them, with no Python call per row.
            dims = list(map(Dim, map(INDENT.__add__, map(str.rstrip, titles))))
            body: list[Sequence[Cell]] = []
            for i in kept:
                column: list[Cell] = [""] * (2 * len(titles))
                column[0::2] = self.body(i)
                if i == target:
                    column[1::2] = dims
                body.append(column)
            stacked.set_body(body)
            # Its measures are those of its parts, the rows and the titles' lines (printable
            # ASCII, of a cell a character), so the table is not measured again.
            measured = [longest_all[i] for i in kept]
            measured[position] = max(measured[position], max(map(len, dims), default=0))
            count = stacked.row_count()
            stacked._measured = (count, measured, [self._ascii()[i] for i in kept])
            words_all = self._words()  # the titles' only when they may wrap: seldom
            stacked_words = [words_all[i] for i in kept]
            if self.columns[target].fit is Fit.wrap:
                stacked_words[position] = max(stacked_words[position], title_word())
            stacked._worded = (count, stacked_words)
            return stacked
        rows = stacked.rows
        blank: list[Cell] = [""] * len(kept)
        for row, title in zip(self.rows, titles, strict=True):
            rows.append([row[i] for i in kept])
            for line in wrap(title, room) if title else []:
                cells = blank.copy()
                cells[position] = Dim(INDENT + line)
                rows.append(cells)
        return stacked

    def table(self, width: int) -> Table:
        """The rich table for `width` characters."""
        return self.fitted(width)._table(width)

    def _table(self, width: int) -> Table:
        widths = self.widths(width)
        table = Table(
            box=box.SIMPLE,
            title=self.title,
            title_justify="left",
            title_style="bold",
            show_edge=False,
            pad_edge=False,
            collapse_padding=True,
            header_style="bold",
            footer_style="bold",
            show_footer=self.show_footer,
        )
        kept = [i for i, w in enumerate(widths) if w > 0]
        for i in kept:
            column = self.columns[i]
            table.add_column(
                column.name,
                footer=column.footer,
                justify=column.justify,
                width=widths[i],
                no_wrap=column.fit in (Fit.keep, Fit.title),
                overflow="ellipsis" if column.fit is Fit.title else "fold",
            )
        for row in self.rows:
            table.add_row(*(self._cell(row[i], self.columns[i]) for i in kept))
        return table

    @staticmethod
    def _cell(cell: Cell, column: Column) -> Text:
        text = _text(cell).copy()
        if column.fit is Fit.title:
            text.no_wrap = True
            text.overflow = "ellipsis"
        elif column.fit is Fit.keep:
            text.no_wrap = True  # the column is as wide as its widest cell
        return text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table(options.max_width)
        needed = Measurement.get(console, options.update_width(1_000_000), table).maximum
        yield from console.render(table, options.update_width(max(options.max_width, needed)))
        shown = {column.header for column in table.columns}
        for name, note in self.notes.items():
            if name in shown:
                yield from console.render(note, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table(options.max_width))
