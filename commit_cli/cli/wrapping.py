"""Text in terminal cells: how wide it is, and where rich breaks it into lines.

Shared by the tables (`tables`, for a title set beneath its row) and the plain renderer
(`plain`), which must break lines exactly where rich does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.cells import cell_len, chop_cells

_WORD = re.compile(r"\s*\S+\s*")  # a word and the spaces around it, as rich divides lines


def cells(text: str) -> int:
    """How many terminal cells `text` takes (wide characters take two)."""
    return len(text) if text.isascii() else cell_len(text)


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken between words where rich breaks
    them (a word longer than a line is folded), without trailing spaces."""
    if text.isascii():
        words = text.split(" ")
        # Most titles: words of ASCII (a cell a character) between single spaces, none
        # longer than a line. Lines are filled word by word, as `wrap_any` fills them.
        if " ".join(text.split()) == text and max(map(len, words)) <= width:
            return _fill(words, width)
    return wrap_any(text, width)


def _fill(words: list[str], width: int) -> list[str]:
    lines: list[str] = []
    line: list[str] = []
    offset = 0
    for word in words:
        if width - offset < len(word):
            lines.append(" ".join(line))
            line, offset = [], 0
        line.append(word)
        offset += len(word) + 1
    lines.append(" ".join(line))
    return lines


def wrap_any(text: str, width: int) -> list[str]:
    """`wrap` for any text."""
    # ASCII text takes a cell a character: its words are measured by `len` itself, not
    # through `cells` (titles wrapped beneath 100,000 rows make a million calls).
    size: Callable[[str], int] = len if text.isascii() else cells
    if size(text) <= width:
        return [text.rstrip(" ")]
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = size(word.rstrip())
        if width - offset >= length:
            offset += size(word)
        elif length > width:
            pieces = chop_cells(word, width)
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            offset = size(pieces[-1])
        elif offset and start:
            breaks.append(start)
            offset = size(word)
    ends = [*breaks, len(text)]
    return [text[a:b].rstrip(" ") for a, b in zip([0, *breaks], ends, strict=True)]
