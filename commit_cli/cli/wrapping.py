"""Text in terminal cells: how wide it is, and where rich breaks it into lines.

Shared by the tables (`tables`, for a title set beneath its row) and the plain renderer
(`plain`), which must break lines exactly where rich does.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells

_WORD = re.compile(r"\s*\S+\s*")  # a word and the spaces around it, as rich divides lines


def cells(text: str) -> int:
    """How many terminal cells `text` takes (wide characters take two)."""
    return len(text) if text.isascii() else cell_len(text)


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken between words where rich breaks
    them (a word longer than a line is folded), without trailing spaces."""
    if cells(text) <= width:
        return [text.rstrip(" ")]
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = cells(word.rstrip())
        if width - offset >= length:
            offset += cells(word)
        elif length > width:
            pieces = chop_cells(word, width)
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            offset = cells(pieces[-1])
        elif offset and start:
            breaks.append(start)
            offset = cells(word)
    ends = [*breaks, len(text)]
    return [text[a:b].rstrip(" ") for a, b in zip([0, *breaks], ends, strict=True)]
