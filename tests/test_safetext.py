"""safetext: the printable fast path of `flat` never lets an unsafe character through."""

from __future__ import annotations

import sys

from commit_cli.safetext import UNSAFE, flat, one_line


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
