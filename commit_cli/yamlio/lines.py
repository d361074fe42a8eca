"""Line and column of a character offset, as editors count them.

libyaml also counts U+0085, U+2028, U+2029 and a lone CR as line breaks, which shifts every
later line number; here only LF (and so CRLF) ends a line. Offsets of the line ends are found
once per text, and each lookup is a binary search, so locating many problems stays linear.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property


class LineIndex:
    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _line_ends(self) -> list[int]:
        ends = []
        at = self.text.find("\n")
        while at != -1:
            ends.append(at)
            at = self.text.find("\n", at + 1)
        return ends

    def position(self, index: int) -> tuple[int, int]:
        """The 1-based (line, column) of the character at `index`."""
        index = max(0, min(index, len(self.text)))
        line = bisect_left(self._line_ends, index)  # line ends before the character
        start = self._line_ends[line - 1] + 1 if line else 0
        return line + 1, index - start + 1
