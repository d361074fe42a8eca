"""safetext: the printable fast path of `flat` never lets an unsafe character through."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from commit_cli.safetext import UNSAFE, UNSAFE_IN_BLOCK, escape_char, flat, one_line, visible


def test_no_unsafe_character_is_printable() -> None:
    unsafe = [chr(code) for code in range(sys.maxunicode + 1) if UNSAFE.match(chr(code))]
    assert len(unsafe) > 2000  # controls, separators, bidi marks and lone surrogates
    assert [c for c in unsafe if c.isprintable()] == []


def test_flat_escapes_every_unsafe_character_and_keeps_the_rest() -> None:
    assert flat("Seminar \x1b[31m\u202e\r\n\tend") == "Seminar \\x1b[31m\\u202e\\r\\n\\tend"
    assert flat("ក្រុង\u200b\u00a0ok") == "ក្រុង\u200b\u00a0ok"  # not printable, yet safe
    text = "a title"
    assert flat(text) is text
    assert one_line("x" * 70) == "x" * 59 + "…"


def test_visible_escapes_every_unsafe_character_of_any_plane() -> None:
    """`visible`'s table covers every character UNSAFE_IN_BLOCK matches: none lies above the
    Basic Multilingual Plane, which the table is made from."""
    matched = [code for code in range(sys.maxunicode + 1) if UNSAFE_IN_BLOCK.match(chr(code))]
    assert max(matched) < 0x10000
    for code in matched:
        assert visible(chr(code)) == escape_char(chr(code))
    assert visible("\t\n") == "\t\n"  # a block keeps its tabs and line breaks


@given(st.text(alphabet=st.sampled_from("ab\t\n\x1b\x9b\u202e\u2028\ud800ក\u200b😀")))
def test_visible_is_the_escape_of_each_unsafe_character(text: str) -> None:
    assert visible(text) == UNSAFE_IN_BLOCK.sub(lambda m: escape_char(m.group()), text)
