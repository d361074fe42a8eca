"""A unified diff of two versions of a file, as `git diff` shows it (line ends aside)."""

from __future__ import annotations

import difflib


def _text(value: str | bytes) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return value.replace("\r\n", "\n")


def unified_diff(name: str, before: str | bytes, after: str | bytes) -> str:
    lines = difflib.unified_diff(
        _text(before).splitlines(keepends=True),
        _text(after).splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
