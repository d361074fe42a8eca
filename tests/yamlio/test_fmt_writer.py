"""The layout `commit fmt` writes: keys in the given order with their comments, blank lines
tidied."""

from __future__ import annotations

import pytest

from commit_cli.problems import YamlPath
from commit_cli.yamlio.fmt_source import Source
from commit_cli.yamlio.fmt_writer import BLANK, Writer, tidy_blank_lines
from commit_cli.yamlio.reader import compose


def written(text: str, fields: tuple[str, ...] = (), width: int = 100) -> list[str]:
    root = compose(text)
    assert root is not None

    def order(path: YamlPath) -> tuple[str, ...]:
        return fields if path == () else ()

    return Writer(Source(text, root), order, width).document()


def test_keys_take_the_given_order_and_their_comments_move_with_them() -> None:
    text = "b: 2  # bee\n# about a\na: {x: 1}\nc: [1, 2]\n"
    assert written(text, ("a", "b")) == ["# about a", "a: {x: 1}", "b: 2  # bee", "c: [1, 2]"]
    assert written(text) == ["b: 2  # bee", "# about a", "a: {x: 1}", "c: [1, 2]"]


def test_a_flow_collection_that_does_not_fit_is_written_as_a_block() -> None:
    assert written("a: [one, two]\n", width=10) == ["a:", "  - one", "  - two"]
    assert written("a: [one, two]\n", width=20) == ["a: [one, two]"]


@pytest.mark.parametrize(
    ("lines", "tidy"),
    [
        ([BLANK, "a", BLANK, BLANK, "b", BLANK], ["a", "", "b"]),
        (["a", "", "", "b"], ["a", "", "", "b"]),  # empty lines in folded text are text
        ([BLANK, BLANK], []),
        (["a"], ["a"]),
    ],
)
def test_blank_lines_at_most_one_in_a_row_and_none_at_the_ends(
    lines: list[str], tidy: list[str]
) -> None:
    assert tidy_blank_lines(lines) == tidy
