"""A table's layout worked out from its columns' measures (`tables.FitTable`) is the layout the
whole table gives, and `--json` written in pieces is the document written whole."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.control import strip_control_codes
from rich.text import Text

from commit_cli.cli import output
from commit_cli.cli.tables import INDENT, Cell, Column, Dim, Fit, FitTable, Styled, styled
from commit_cli.cli.wrapping import wrap
from commit_cli.export.json_document import json_text
from commit_cli.query.json_values import JsonItems
from commit_cli.safetext import flat

# Plan text as it comes: ASCII, wide characters, controls rich strips, others it does not.
TEXT = st.text(alphabet=st.sampled_from("ab cd-ef\u00e9\u4e2d\x07\r\n\t\x1b\u202e"), max_size=24)
CELL = st.one_of(TEXT, TEXT.map(lambda text: Text(text, style="bold")))
TITLE = st.text(
    alphabet=st.sampled_from("ab cd ef gh\u00e9\u4e2d\x07\r\n\x1b"), min_size=35, max_size=70
)
TITLE_CELL = st.one_of(TITLE, TITLE.map(lambda text: Text(text, style="bold")))


def _trial_room(table: FitTable, index: int, under: str, width: int) -> int:
    """The room for a title beneath its row as the stacking worked it out before it was
    worked out from measures: from a table of the rows and of the titles each on a row."""
    target = next(i for i, c in enumerate(table.columns) if c.name == under)
    kept = [i for i in range(len(table.columns)) if i != index]
    position = kept.index(target)
    titles = [
        flat((cell if isinstance(cell, Text) else Text(cell)).plain)
        for cell in (row[index] for row in table.rows)
    ]
    trial = FitTable(*(table.columns[i] for i in kept), show_footer=table.show_footer)
    trial.columns[position] = Column(table.columns[target].name, Fit.wrap)
    for row, title in zip(table.rows, titles, strict=True):
        trial.add_row(*(row[i] for i in kept))
        trial.add_row(*("" if i != target else INDENT + title for i in kept))
    return max(trial.widths(width)[position] - len(INDENT), 1)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(TEXT, CELL, CELL, TITLE_CELL), min_size=1, max_size=8),
    width=st.integers(min_value=20, max_value=50),
)
def test_a_title_beneath_its_row_is_wrapped_as_the_whole_table_says(
    rows: list[tuple[str, Cell, Cell, Cell]], width: int
) -> None:
    table = FitTable(
        Column("Id"),
        Column("Status", Fit.wrap),
        Column("Note", drop=1),
        Column("Title", Fit.title, under="Id"),
    )
    for row in rows:
        table.add_row(*row)
    fitted = table.fitted(width)
    assume(fitted is not table)
    room = _trial_room(table, 3, "Id", width)
    expected: list[list[str]] = []
    for row in rows:
        expected.append(
            [row[0] if isinstance(row[0], str) else row[0].plain, *map(_plain, row[1:3])]
        )
        title = flat(strip_control_codes(_plain(row[3])))
        expected.extend([INDENT + line, "", ""] for line in (wrap(title, room) if title else []))
    assert [list(map(_plain, row)) for row in fitted.rows] == expected


def _plain(cell: Cell) -> str:
    return str(cell) if isinstance(cell, str) else cell.plain


def test_one_style_cells_look_in_rich_as_the_text_they_came_from() -> None:
    console = Console(width=40, force_terminal=True, color_system="standard")
    for text in (Text("planned (overdue)", style="bold red"), Text("done", style="green")):
        cell = styled(text)
        assert isinstance(cell, Styled)
        assert cell == text.plain
        table = FitTable(Column("Status"))
        table.add_row(cell)
        other = FitTable(Column("Status"))
        other.add_row(text)
        with console.capture() as first:
            console.print(table)
        with console.capture() as second:
            console.print(other)
        assert first.get() == second.get()
    assert Dim("x").style == "dim"
    assert not hasattr(Dim("x"), "__dict__")  # 100,000 of them cost no more than strings


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=100, deadline=None)
@given(document=JSON, pieces=st.integers(min_value=1, max_value=5))
def test_json_written_in_pieces_is_the_document_written_whole(document: Any, pieces: int) -> None:
    stream = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(stream):
        patch.setattr(output, "JSON_PIECES", pieces)
        output.print_json(document)
    written = stream.getvalue()
    assert written == json_text(document)
    assert json.loads(written) == document


@settings(max_examples=50, deadline=None)
@given(items=st.lists(JSON, max_size=6))
def test_rows_made_as_they_are_written_are_the_rows_of_a_list(items: list[Any]) -> None:
    def make(item: Any) -> dict[str, Any]:
        return {"item": item}

    stream = io.StringIO()
    with redirect_stdout(stream):
        output.print_json({"rows": JsonItems(items, make), "after": 1})
    assert stream.getvalue() == json_text({"rows": [make(item) for item in items], "after": 1})


def test_streamed_items_are_written_whole_by_either_encoder() -> None:
    """A JsonItems gives its items to the indented and the unindented encoder alike, and
    equals no list by accident (its own storage holds a placeholder, not the items)."""
    import json

    items = JsonItems([1, 2], lambda n: {"n": n})
    made = [{"n": 1}, {"n": 2}]
    assert list(items) == made
    assert json.dumps(items, indent=2) == json.dumps(made, indent=2)
    assert json.dumps(items) == json.dumps(made)
    assert items != made
    assert items != []


# Titles as plans hold them: mostly words of ASCII, often with wide CJK, combining marks,
# Thai, emoji (a joined family), controls and bidi marks (shown escaped), tabs.
WORDS = st.sampled_from(
    [
        "ab",
        "cd",
        "seminar",
        "regional",
        "(3)",
        "e\u0301t\u00e9",
        "\u4e2d\u6587",
        "\u0e01\u0e34\u0e08",
        "\U0001f469\u200d\U0001f467",
        "\U0001f389",
        "\x07",
        "\x1b[31m",
        "\u202e",
        "\t",
        "x" * 31,
        " ",
    ]
)
ANY_TITLE = st.lists(WORDS, max_size=14).map(" ".join)
ASCII_TITLE = st.text(alphabet=st.sampled_from("abc de fgh ij (1)"), max_size=70)
PADDED_TITLE = st.builds(lambda title, pad: title + " " * pad, ASCII_TITLE, st.integers(1, 9))
ASCII_TITLES = st.one_of(ASCII_TITLE, PADDED_TITLE)  # a table of them: titles on one line
TITLES = st.one_of(ASCII_TITLES, ANY_TITLE)
SHORT = st.one_of(st.sampled_from(["done", "planned (overdue)", "2006-H2 to 2007", ""]), TEXT)


def _whole(table: FitTable) -> FitTable:
    """A copy of `table` with its rows added one by one: measured whole when laid out."""
    copy = FitTable(
        *table.columns, title=table.title, show_footer=table.show_footer, notes=table.notes
    )
    for row in table.rows:
        copy.add_row(*row)
    return copy


def _milestone_like(rows: list[tuple[str, Cell, str, Cell]], by_columns: bool) -> FitTable:
    table = FitTable(
        Column("Milestone"),
        Column("Status", Fit.wrap),
        Column("Window", Fit.wrap, drop=3),
        Column("Title", Fit.title, under="Milestone"),
        Column("Note", drop=1, footer="n"),
        show_footer=True,
    )
    cells: list[tuple[Cell, ...]] = [(*row, "x") for row in rows]
    if by_columns:
        table.set_body([list(column) for column in zip(*cells, strict=True)])
    else:
        for row in cells:
            table.add_row(*row)
    return table


@settings(max_examples=300, deadline=None)
@given(
    rows=st.one_of(
        *(
            st.lists(
                st.tuples(
                    st.sampled_from(["p1-m1", "ppc12-long-id", "\u4e2d-1"]), SHORT, SHORT, titles
                ),
                min_size=1,
                max_size=8,
            )
            for titles in (ASCII_TITLES, TITLES)
        )
    ),
    width=st.integers(min_value=10, max_value=220),
    by_columns=st.booleans(),
    styled_title=st.booleans(),
)
def test_a_table_is_laid_out_from_measures_taken_once_as_if_measured_whole(
    rows: list[tuple[str, Cell, str, Cell]], width: int, by_columns: bool, styled_title: bool
) -> None:
    """The measures a table takes while fitting (those of its rows, and of the titles set
    beneath them) are those the fitted table gives measured whole, cell by cell; and the
    plain and rich layouts made from them are the layouts of that table measured whole."""
    from commit_cli.cli.plain import table_lines

    if styled_title:
        rows = [(a, b, c, Text(str(d), style="bold")) for a, b, c, d in rows]
    table = _milestone_like(rows, by_columns)
    fitted = table.fitted(width)
    whole = _whole(fitted)
    assert [list(map(_plain, row)) for row in fitted.rows] == [
        list(map(_plain, row)) for row in whole.rows
    ]
    assert fitted.widths(width) == whole.widths(width)
    known = fitted.known_measures()
    if known is not None:
        longest, simple, words = known
        assert (longest, simple) == (whole._longest(), whole._ascii())
        if words is not None:
            assert words == whole._words()
    assert list(table_lines(table, width)) == list(table_lines(whole, width))
    console = Console(width=width, force_terminal=True, color_system="standard")
    with console.capture() as fitted_once:
        console.print(table)
    with console.capture() as measured_whole:
        console.print(_whole(fitted))
    assert fitted_once.get() == measured_whole.get()


def test_a_table_given_its_columns_is_the_table_given_its_rows() -> None:
    rows: list[tuple[str, Cell, str, Cell]] = [
        ("p1-m1", "done", "2006", "A seminar on regional cooperation (1)"),
        ("p1-m2", Text("planned (overdue)", style="red"), "", "\u4e2d\u6587 workshop"),
    ]
    by_rows, by_columns = _milestone_like(rows, False), _milestone_like(rows, True)
    assert by_columns.row_count() == 2
    assert by_columns.rows == by_rows.rows
    for width in (20, 60, 200):
        assert by_columns.widths(width) == by_rows.widths(width)
    with pytest.raises(ValueError, match="one column of cells"):
        by_rows.set_body([["a"], ["b"]])


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        st.lists(st.text(alphabet="abcdefgh-()1", min_size=1, max_size=14), max_size=12).map(
            " ".join
        ),
        st.text(alphabet=st.sampled_from("ab cd  ef\t\x1c-\u4e2d"), max_size=40),
    ),
    width=st.integers(min_value=1, max_value=40),
)
def test_titles_of_single_spaced_ascii_words_wrap_as_any_text_wraps(text: str, width: int) -> None:
    """The short way `wrap` fills lines with words of ASCII between single spaces breaks
    them where the way for any text (rich's, `wrap_any`) does."""
    from commit_cli.cli.wrapping import wrap_any

    assert wrap(text, width) == wrap_any(text, width)
