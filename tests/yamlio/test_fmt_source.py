"""How `commit fmt` reads a file: each key and list entry with the comments it keeps."""

from __future__ import annotations

import pytest

from commit_cli.yamlio.fmt_source import Item, Source, bare_comments, normalise_comment
from commit_cli.yamlio.reader import compose, scalar_value


def read(text: str) -> Source:
    root = compose(text)
    assert root is not None
    return Source(text, root)


def keyed(source: Source, key: str) -> Item:
    return next(i for i in source.items if i.key is not None and scalar_value(i.key) == key)


def test_a_comment_goes_with_the_key_after_it_and_one_after_a_value_with_that_value() -> None:
    source = read("a: 1  # one\n# about b\nb:\n  - x\n  - y  # why\n")
    assert [scalar_value(i.key) if i.key else None for i in source.items] == ["a", "b", None, None]
    after_a = keyed(source, "a").trailing
    assert after_a is not None
    assert after_a.text == "# one"
    assert [c.text for c in keyed(source, "b").leading if c] == ["# about b"]
    last = source.items[-1]
    assert last.trailing is not None
    assert last.trailing.text == "# why"


def test_comments_a_blank_line_parts_from_the_first_key_describe_the_file() -> None:
    source = read("# the file\n\n# about id\nid: x\n")
    assert [c.text if c else None for c in source.head] == ["# the file", None]
    assert [c.text if c else None for c in source.items[0].leading] == ["# about id"]


def test_a_comment_after_the_last_entry_of_a_deeper_block_stays_at_its_end() -> None:
    source = read("a:\n  - x\n  # still about a's list\nb: 2\n")
    tails = [c.text for block in source.tails.values() for c in block if c]
    assert tails == ["# still about a's list"]
    assert keyed(source, "b").leading == []


@pytest.mark.parametrize(
    "text",
    [
        "a: 'no # comment'\n",
        'a: "no # comment"\n',
        "a: |\n  no # comment\n",
        "a: no#comment\n",
    ],
)
def test_a_hash_inside_a_value_is_no_comment(text: str) -> None:
    source = read(text)
    assert source.items[0].trailing is None
    assert source.head == source.end == []


def test_comments_of_a_file_without_content() -> None:
    assert bare_comments("#one\n\n# two\n") == ["# one", "", "# two", ""]


@pytest.mark.parametrize(
    ("text", "normal"),
    [("#x", "# x"), ("##x  ", "## x"), ("# x", "# x"), ("#", "#"), ("#  x", "#  x")],
)
def test_a_comment_gets_the_space_yamllint_asks_for_and_keeps_its_words(
    text: str, normal: str
) -> None:
    assert normalise_comment(text) == normal
