"""`commit fmt`: one canonical layout for plan files, with every comment kept.

The layout: keys in the model's field order (keys the model does not name, such as periods
and country codes, in the order written); two spaces per level, list items two spaces under
their key; scalars in the one style of `yamlio.scalars` (plain where it reads back the same,
else single quotes, double quotes only for escapes), text folded at the line width (100);
flow collections (`[a, b]`, `{start: …, end: …}`) stay flow while they fit on their line and
hold no comment, block collections stay block; at most one blank line in a row, none at the
start or end, one final newline. The byte-order mark and line ends are the file's own.

Comments stay with what they stand before: a comment line (and blank lines) before a key or
list item moves with it when keys are reordered and is indented like it; a comment after the
last item of a deeper block stays at its end; a comment after a value on the same line stays
after it. Formatting is idempotent.

Lines are what YAML says they are: a carriage return alone, CR LF, a line feed and NEL each
end a line (and are read as one line feed, so they are made line feeds before formatting);
U+2028 and U+2029 end a line too, though text keeps them. The formatter's own view of lines
must be the parser's, or a comment would swallow the keys after a line end it did not see.

The formatter's safety check: the formatted bytes are read back as the plan's reader reads
them and compared with the original's: the same data (the same types, `1` is not `1.0` or
`true`, and the same keys), no duplicate key or other problem, the same comments. On any
difference `FormatMismatch` is raised and nothing is written.

`fmt_source` reads a file (its items, and the comments each keeps), `fmt_writer` writes it in
the layout; this module formats whole files and checks the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from commit_cli.yamlio.emit import KeyOrder, no_order
from commit_cli.yamlio.fmt_source import (
    LINE_BREAK,
    Source,
    bare_comments,
    comment_texts,
    normalise_comment,
)
from commit_cli.yamlio.fmt_writer import BLANK, Writer, tidy_blank_lines
from commit_cli.yamlio.reader import YamlSyntaxError, compose, load_data
from commit_cli.yamlio.roundtrip import Encoding
from commit_cli.yamlio.scalars import WIDTH

# Line ends YAML reads as one line feed: made line feeds before formatting (the same data).
_LINE_FEEDS = re.compile("\r\n|\r|\x85")
_NEWLINE = re.compile("\r\n|\r|\n")


class FormatMismatch(RuntimeError):
    """The formatted text would not hold the same data and comments: a bug (nothing is
    written)."""


@dataclass(frozen=True)
class Formatted:
    """A file's bytes in the canonical layout, and whether that changed anything."""

    original: bytes
    formatted: bytes

    @property
    def changed(self) -> bool:
        return self.original != self.formatted


MODELINE = "# yaml-language-server:"


def format_text(text: str, order: KeyOrder = no_order, width: int = WIDTH) -> str:
    """`text` (one YAML document, no byte-order mark, line feeds for line ends) in the
    canonical layout; raises YamlSyntaxError when it does not parse, FormatMismatch when the
    result would not hold the same data and comments. A first line for the editor (`# yaml-
    language-server: $schema=…`) stays the first line, whatever key follows it."""
    result, data = _format_document(text, order, width)
    _verify(text, data, result)
    return result


def _format_document(text: str, order: KeyOrder, width: int) -> tuple[str, Any]:
    """The formatted text, and the data of `text` (checked by the caller)."""
    end = LINE_BREAK.search(text)
    modeline, rest = (text[: end.start()], text[end.end() :]) if end else (text, "")
    if normalise_comment(modeline).startswith(MODELINE):
        # A blank line in its place keeps the line numbers of any syntax error.
        formatted, data = _format_text("\n" + rest, order, width)
        formatted = formatted.lstrip("\n")
        # A blank line after it stays, as one after any comment at the top does.
        blank = formatted and LINE_BREAK.match(rest.lstrip(" \t")) is not None
        return modeline + "\n" + ("\n" if blank else "") + formatted, data
    return _format_text(text, order, width)


def _read(text: str) -> Any:
    """The data of `text`; YamlSyntaxError for any problem (a duplicate key too)."""
    data, issues = load_data(text)
    if issues:
        raise YamlSyntaxError(issues[0])
    return data


def _format_text(text: str, order: KeyOrder, width: int) -> tuple[str, Any]:
    data = _read(text)
    root = compose(text)
    if root is None:  # no content: the comments alone, if any
        lines = tidy_blank_lines([comment or BLANK for comment in bare_comments(text)])
        return "".join(line + "\n" for line in lines), data
    source = Source(text, root)
    lines = Writer(source, order, width).document()
    return "\n".join(lines) + "\n", data


def _verify(original: str, data: Any, result: str) -> None:
    """FormatMismatch unless `result` (as the plan's reader would read it, whatever its line
    ends) reads back cleanly as `data`, with the comments of `original` (line feeds for line
    ends)."""
    try:
        again, issues = load_data(result)
    except YamlSyntaxError as exc:
        raise FormatMismatch(f"the formatted text does not parse: {exc.issue.message}") from None
    if issues:
        raise FormatMismatch(f"the formatted text would not read cleanly: {issues[0].message}")
    if not identical(data, again):
        raise FormatMismatch("the formatted text does not hold the same data")
    if comment_texts(original) != comment_texts(_LINE_FEEDS.sub("\n", result)):
        raise FormatMismatch("the formatted text does not hold the same comments")


def identical(a: Any, b: Any) -> bool:
    """The same data, strictly: the same types all the way down (`1`, `1.0` and `true`
    differ, and so do keys `1` and `'1'`), scalars that print the same (`.nan` is `.nan`,
    `-0.0` is not `0.0`); the order of a mapping's keys is the file's business."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        keyed = {(type(key), repr(key)): value for key, value in b.items()}
        return len(a) == len(b) == len(keyed) and all(
            (type(key), repr(key)) in keyed and identical(value, keyed[(type(key), repr(key))])
            for key, value in a.items()
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    return repr(a) == repr(b)


def format_bytes(raw: bytes, order: KeyOrder = no_order, width: int = WIDTH) -> Formatted:
    """A file's bytes formatted, keeping its byte-order mark and line ends (those of its
    first line); raises UnicodeDecodeError or YamlSyntaxError when it cannot be read, and
    FormatMismatch when the formatted bytes, read as the plan's reader reads them, would not
    hold the same data and comments (see the module docs)."""
    encoding, text = Encoding.of(raw)
    newline = _NEWLINE.search(text)
    plain = _LINE_FEEDS.sub("\n", text)
    result, data = _format_document(plain, order, width)
    if plain != text:  # the data is that of the file as written, not as made plain
        data = _read(text)
    if newline is not None and newline.group() != "\n":
        result = result.replace("\n", newline.group())
    formatted = encoding.encode(result)
    _verify(plain, data, formatted.decode("utf-8-sig"))  # as the plan's reader decodes it
    return Formatted(raw, formatted)
