"""Writing one scalar as YAML text, in the one style a value gets wherever it is written.

The style depends only on the value and where it starts, so `commit fmt` and the editing
commands write the same text for the same value:

- null, booleans and numbers: `null`, `true`/`false`, the number in decimal.
- Text: plain when plain reads back as the same text, both here and in YAML 1.1 tools
  (so `yes`, `no`, `null`, `3`, `1.5` as text are quoted; dates stay plain) and it fits the
  line; else, in block context, folded (`>-`) at the line width; else single-quoted; else
  (control characters, line breaks in flow context, text a folded block cannot hold)
  double-quoted with escapes. Long quoted text is folded at single spaces.

Every folded block is read back before it is used; one that would not read back exactly
falls back to double quotes.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml
from yaml.emitter import Emitter, ScalarAnalysis
from yaml.nodes import ScalarNode

from commit_cli.yamlio.resolve import plain_tag

WIDTH = 100  # the project's line width (ruff's too)
Scalar = str | int | float | bool | None

_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_BREAK_AT = re.compile(r"(?<=\S) (?=\S)")
_ESCAPES = {
    "\0": "0",
    "\x07": "a",
    "\x08": "b",
    "\t": "t",
    "\n": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\r": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\u2028": "L",
    "\u2029": "P",
}
_YAML11 = yaml.resolver.Resolver()


class _Analyser(Emitter):
    """PyYAML's own judgement of which styles can hold a text (its `analyze_scalar`)."""

    def __init__(self) -> None:
        super().__init__(stream=None, allow_unicode=True)  # type: ignore[arg-type]


_ANALYSER = _Analyser()


@lru_cache(maxsize=4096)
def analyse(text: str) -> ScalarAnalysis:
    return _ANALYSER.analyze_scalar(text)


def plain_reads_as_text(text: str) -> bool:
    """Whether `text`, written plain, is read as this same text here and by YAML 1.1
    tools (which also read `yes` and `on` as booleans; their dates are our dates)."""
    if plain_tag(text) != _STR_TAG:
        return False
    tag = _YAML11.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag in (_STR_TAG, _TIMESTAMP_TAG)


def can_be_plain(text: str, flow: bool) -> bool:
    if not text or not plain_reads_as_text(text):
        return False
    found = analyse(text)
    return bool(found.allow_flow_plain if flow else found.allow_block_plain)


def number_text(value: float) -> str:
    """A float as YAML 1.1 reads it back (which needs a '.' in `1.0e+16`, and writes
    infinities and not-a-number `.inf`, `-.inf` and `.nan`)."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _printable(char: str) -> bool:
    """Whether YAML lets `char` stand as itself (line breaks aside)."""
    return (
        "\x20" <= char <= "\x7e"
        or "\xa0" <= char <= "\ud7ff"
        or ("\ue000" <= char <= "\ufffd" and char != "\ufeff")
        or "\U00010000" <= char <= "\U0010ffff"
    ) and char not in "\u2028\u2029"


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return "\\" + _ESCAPES[char]
    code = ord(char)
    if _printable(char):
        return char
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def double_quoted(text: str) -> str:
    return '"' + "".join(_escape(char) for char in text) + '"'


def _fill(words: list[str], first_room: int, room: int) -> list[str]:
    """Words joined by single spaces into lines: the first at most `first_room` wide, the
    others at most `room`; a word longer than a line stands alone."""
    lines: list[str] = []
    current = ""
    limit = first_room
    for word in words:
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= limit:
            current += " " + word
        else:
            lines.append(current)
            current = word
            limit = room
    lines.append(current)
    return lines


def _folded_quoted(quoted: str, column: int, indent: int, width: int) -> list[str]:
    """A quoted scalar broken at single spaces (a line break inside quotes reads as one
    space), continuation lines indented by `indent`."""
    if column + len(quoted) <= width or " " not in quoted:
        return [quoted]
    words = _BREAK_AT.split(quoted)
    lines = _fill(words, max(width - column, 1), max(width - indent, 1))
    return [lines[0], *(" " * indent + line for line in lines[1:])]


def _folded_block(text: str, indent: int, width: int) -> list[str] | None:
    """`>-` (or `>`, `>+`) and the text's lines, filled to `width`; None when a folded
    block cannot hold the text exactly."""
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    if not body or body[0] == "\n":
        return None
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    lines = [">" + chomp]
    pad = " " * indent
    for part in re.split(r"(\n+)", body):
        if part.startswith("\n"):
            lines.extend([""] * len(part))
            continue
        if part[:1] in (" ", "\t") or part[-1:] in (" ", "\t"):
            return None
        if not all(char == "\t" or _printable(char) for char in part):
            return None
        room = width - indent
        lines.extend(pad + line for line in _fill(_BREAK_AT.split(part), room, room))
    if chomp == "+":
        lines.extend([""] * (trailing - 1))
    if indent < 1 or not _reads_back(lines, text):
        return None
    return lines


def _reads_back(lines: list[str], text: str) -> bool:
    """Whether the block scalar `lines` reads back as `text`. A block scalar is always text,
    so libyaml's safe loader reads it as the plan's reader does (importing the reader here
    would close a loop: reader → syntax_errors → scalars)."""
    document = "k: " + "\n".join(lines) + "\n"
    try:
        data = yaml.load(document, Loader=yaml.CSafeLoader)  # the safe loader: no tags run
    except yaml.YAMLError:
        return False
    return bool(data == {"k": text})


def scalar_lines(
    value: Scalar, column: int, indent: int, flow: bool = False, width: int = WIDTH
) -> list[str]:
    """`value` as YAML starting at `column` of a line; further lines are indented by
    `indent`. In flow context (inside `[...]` or `{...}`) the result is one line."""
    if value is None:
        return ["null"]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, int):
        return [str(value)]
    if isinstance(value, float):
        return [number_text(value)]
    return text_lines(value, column, indent, flow, width)


def text_lines(text: str, column: int, indent: int, flow: bool, width: int = WIDTH) -> list[str]:
    fits = column + len(text) <= width
    if can_be_plain(text, flow) and (fits or flow or " " not in text):
        return [text]
    if flow:
        found = analyse(text)
        if found.allow_single_quoted and not found.multiline:
            return [single_quoted(text)]
        return [double_quoted(text)]
    if (not fits and " " in text) or "\n" in text:
        folded = _folded_block(text, indent, width)
        if folded is not None:
            return folded
    found = analyse(text)
    if found.allow_single_quoted and not found.multiline:
        return _folded_quoted(single_quoted(text), column, indent, width)
    return _folded_quoted(double_quoted(text), column, indent, width)


def key_text(key: Scalar) -> str:
    """A mapping key, on one line."""
    return scalar_lines(key, 0, 0, flow=True)[0]
