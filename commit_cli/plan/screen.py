"""Loading, stage 2: decoding a plan file and screening it.

`screen` takes a file's bytes and returns a `Screened`: its text, or the located problem
that the bytes are not UTF-8, and the problems of git merge-conflict markers left in it (a
file with either is not parsed). `hostile_text` takes the text and the data parsed from it
and returns a warning for every key or text that holds control characters, bidi overrides
or line separators (the hostile-text scan)."""

from __future__ import annotations

import codecs
import re
from typing import Any, NamedTuple

from commit_cli.problems import Problem, Severity, YamlPath
from commit_cli.safetext import UNSAFE_IN_BLOCK, unsafe_characters
from commit_cli.yamlio.lines import LineIndex

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_MARKERS = ("<" * 7, "=" * 7, ">" * 7, "|" * 7)


class Screened(NamedTuple):
    """A file's text (None when its bytes are not UTF-8) and why it is not to be parsed
    (not UTF-8, merge-conflict markers): nothing when it is."""

    text: str | None
    problems: tuple[Problem, ...] = ()


def screen(name: str, raw: bytes) -> Screened:
    """The text of the file `name` from its bytes, screened for encoding and conflict
    markers."""
    text, problems = decode(name, raw)
    if text is None:
        return Screened(None, problems)
    return Screened(text, tuple(conflict_markers(name, text)))


def decode(name: str, raw: bytes) -> tuple[str | None, tuple[Problem, ...]]:
    """The text of `raw` (UTF-8, a byte-order mark dropped), or None and the problem at the
    first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        # The decoder counts from after a byte-order mark; the file's bytes count it.
        at = exc.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
        line = raw.count(b"\n", 0, at) + 1
        column = at - (raw.rfind(b"\n", 0, at) + 1) + 1
        message = f"the file is not valid UTF-8 (byte 0x{raw[at]:02x}); save it with UTF-8 encoding"
        return None, (Problem(name, message, "encoding", line=line, column=column),)


def conflict_markers(name: str, text: str) -> list[Problem]:
    """A problem for every git merge-conflict marker line in `text`."""
    if not any(marker in text for marker in _MARKERS):  # a substring search: no regex scan
        return []
    lines = LineIndex(text)
    return [
        Problem(
            name,
            "git merge-conflict marker left in the file; resolve the conflict and delete"
            " the marker lines",
            "merge-conflict",
            line=lines.position(match.start())[0],
            column=1,
        )
        for match in _CONFLICT_MARKER.finditer(text)
    ]


def hostile_text(name: str, text: str, data: Any) -> list[Problem]:
    """The warnings of `unsafe_text_problems` for the data read from `text`; none without
    walking the data when the text holds no such character and no escape that could write
    one."""
    if "\\" in text or UNSAFE_IN_BLOCK.search(text):
        return unsafe_text_problems(name, data)
    return []


def unsafe_text_problems(file: str, data: Any) -> list[Problem]:
    """A warning for every key or text that holds control characters, bidi overrides or line
    separators: they are shown escaped, but a reviewer should see that they are there (a
    pasted terminal sequence, text reversed on screen). Paths are kept as links to their
    parent and spelt out only for a finding, so deep nesting costs no memory."""
    found: list[Problem] = []
    Link = tuple[Any, Any] | None  # (parent link, step)
    stack: list[tuple[Link, Any]] = [(None, data)]
    while stack:
        link, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                child = (link, key)
                if isinstance(key, str) and UNSAFE_IN_BLOCK.search(key):
                    found.append(_unsafe_text(file, _spelt(child), key, at_key=True))
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend(((link, i), item) for i, item in enumerate(value))
        elif isinstance(value, str) and UNSAFE_IN_BLOCK.search(value):
            found.append(_unsafe_text(file, _spelt(link), value, at_key=False))
    return found


def _spelt(link: tuple[Any, Any] | None) -> YamlPath:
    steps: list[Any] = []
    while link is not None:
        link, step = link
        steps.append(step)
    return tuple(reversed(steps))


def _unsafe_text(file: str, path: YamlPath, text: str, at_key: bool) -> Problem:
    characters = ", ".join(unsafe_characters(text))
    what = (
        "this key"
        if at_key
        else str(path[-1])
        if path and isinstance(path[-1], str)
        else "this text"
    )
    return Problem(
        file,
        f"{what} holds invisible control characters ({characters}); they are shown escaped,"
        " delete them",
        "control-character",
        Severity.warning,
        path,
        at_key,
    )
