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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from commit_cli.problems import YamlPath
from commit_cli.yamlio.emit import KeyOrder, no_order
from commit_cli.yamlio.reader import YamlSyntaxError, compose, load_data, scalar_value
from commit_cli.yamlio.roundtrip import Encoding
from commit_cli.yamlio.scalars import WIDTH, key_text, scalar_lines

INDENT = 2
BLANK = "\x00"  # an author's blank line, until the blank lines are tidied
_HASHES = re.compile(r"^(#+)(\S)")
# Line ends YAML reads as one line feed: made line feeds before formatting (the same data).
_LINE_FEEDS = re.compile("\r\n|\r|\x85")
# What ends a line once those are line feeds (U+2028 and U+2029 end a line, and stay in text).
_BREAK = re.compile("[\n\u2028\u2029]")
_NEWLINE = re.compile("\r\n|\r|\n")


class FormatMismatch(RuntimeError):
    """The formatted text would not hold the same data and comments: a bug (nothing is
    written)."""


@dataclass
class Comment:
    line: int
    column: int
    text: str


Leading = list[Comment | None]  # None is a blank line


@dataclass(eq=False)
class Item:
    """A key and its value, or a list entry."""

    key: ScalarNode | None
    value: Node
    line: int
    column: int
    parent: Node
    depth: int
    leading: Leading = field(default_factory=list)
    trailing: Comment | None = None


def normalise_comment(text: str) -> str:
    """`#comment` gets the space yamllint asks for; the words are untouched."""
    return _HASHES.sub(lambda m: m[1] + " " + m[2], text.rstrip())


class _Source:
    """A parsed file: its items (keys and list entries, with comments attached) in order."""

    def __init__(self, text: str, root: Node) -> None:
        self.text = text
        self.root = root
        self.line_starts = [0] + [match.end() for match in _BREAK.finditer(text)]
        self.items: list[Item] = []
        self.owner: dict[int, Item] = {}  # id(collection node) -> the item holding it
        self.tails: dict[int, Leading] = {}
        self.head: Leading = []
        self.end: Leading = []
        self.spans: list[tuple[int, int]] = []
        self._walk(root, 0)
        self.items.sort(key=lambda item: (item.line, item.depth))
        self.spans.sort()
        self._attach(self._comments())

    def _line_end(self, start: int, missing: int) -> int:
        """Where the line holding `start` ends (its break), or `missing` at the end of text."""
        found = _BREAK.search(self.text, start)
        return found.start() if found else missing

    # --- the tree -------------------------------------------------------------------------

    def _dash(self, node: Node) -> tuple[int, int]:
        dash = self.text.rfind("-", 0, node.start_mark.index)
        line = bisect.bisect_right(self.line_starts, dash) - 1
        return line, dash - self.line_starts[line]

    def _walk(self, node: Node, depth: int) -> None:
        if isinstance(node, ScalarNode):
            start, end = node.start_mark.index, node.end_mark.index
            if node.style in (">", "|"):
                header_end = self._line_end(start, -1)
                header = self.text[start:header_end]
                start = end if header_end == -1 else header_end
                if "+" not in header.split("#")[0]:  # kept trailing lines are text
                    end = start + len(self.text[start:end].rstrip())
            self.spans.append((start, end))
            return
        if isinstance(node, MappingNode):
            for key, value in node.value:
                item = Item(key, value, key.start_mark.line, key.start_mark.column, node, depth)
                self.items.append(item)
                self._walk(key, depth + 1)
                self._hold(value, item, depth)
        elif isinstance(node, SequenceNode):
            for value in node.value:
                if node.flow_style:
                    line, column = value.start_mark.line, value.start_mark.column
                else:
                    line, column = self._dash(value)
                item = Item(None, value, line, column, node, depth)
                self.items.append(item)
                self._hold(value, item, depth)

    def _hold(self, value: Node, item: Item, depth: int) -> None:
        if not isinstance(value, ScalarNode):
            self.owner[id(value)] = item
        self._walk(value, depth + 1)

    # --- comments -------------------------------------------------------------------------

    def _inside_scalar(self, index: int) -> bool:
        at = bisect.bisect_right(self.spans, (index, float("inf"))) - 1
        return at >= 0 and self.spans[at][0] <= index < self.spans[at][1]

    def _comments(self) -> list[tuple[int, Comment | None, bool]]:
        """(line, comment or None for a blank line, whether code stands before it)."""
        found: list[tuple[int, Comment | None, bool]] = []
        for number, start in enumerate(self.line_starts):
            line = self.text[start : self._line_end(start, len(self.text))]
            if not line.strip():
                if start < len(self.text) and not self._inside_scalar(start):
                    found.append((number, None, False))
                continue
            column = line.find("#")
            while column != -1:
                index = start + column
                if (column == 0 or line[column - 1] in " \t") and not self._inside_scalar(index):
                    before = line[:column].strip()
                    text = normalise_comment(line[column:])
                    found.append((number, Comment(number, column, text), bool(before)))
                    break
                column = line.find("#", column + 1)
        return found

    def _chain(self, item: Item | None) -> list[Node]:
        """The collections holding `item`, innermost first."""
        chain: list[Node] = []
        while item is not None:
            chain.append(item.parent)
            item = self.owner.get(id(item.parent))
        return chain

    def _attach(self, comments: list[tuple[int, Comment | None, bool]]) -> None:
        lines = [item.line for item in self.items]
        blanks: list[int] = []  # lines of blank lines not yet placed
        on_line = {item.line: item for item in self.items}  # the deepest item starting there
        # A text that goes on over lines (quoted or plain) takes the comment after its end.
        ending_on = {
            item.value.end_mark.line: item
            for item in self.items
            if isinstance(item.value, ScalarNode)
            and item.value.style not in (">", "|")
            and item.value.end_mark.line != item.line
        }

        def following(number: int) -> int:
            return bisect.bisect_right(lines, number)

        def flush_blanks(before: int | None) -> None:
            """Blank lines go with what follows them: the next comment, if no item comes
            first, else the next item."""
            if blanks and (before is None or following(blanks[0]) != following(before)):
                at = following(blanks[0])
                target = self.items[at].leading if at < len(self.items) else self.end
                target.extend([None] * len(blanks))
                blanks.clear()

        for number, comment, after_code in comments:
            if comment is None:
                flush_blanks(number)
                blanks.append(number)
                continue
            flush_blanks(number)
            if after_code:
                owner = on_line.get(number) or ending_on.get(number)
                if owner is not None and owner.trailing is None:
                    owner.trailing = comment
                    continue
            at = following(number)
            block: Leading = [*([None] * len(blanks)), comment]
            blanks.clear()
            self._place(
                block,
                comment.column,
                self.items[at - 1] if at > 0 else None,
                self.items[at] if at < len(self.items) else None,
            )
        flush_blanks(None)
        self._split_head()

    def _place(
        self, block: Leading, column: int, previous: Item | None, following: Item | None
    ) -> None:
        if following is not None and column <= following.column:
            following.leading.extend(block)
            return
        enclosing = {id(node) for node in self._chain(following)}
        for collection in self._chain(previous):
            if id(collection) in enclosing:
                break
            if self._item_column(collection) <= column:
                self.tails.setdefault(id(collection), []).extend(block)
                return
        if following is not None:
            following.leading.extend(block)
        else:
            self.end.extend(block)

    def _item_column(self, collection: Node) -> int:
        return next(item.column for item in self.items if item.parent is collection)

    def _split_head(self) -> None:
        """Comments before the first key that a blank line separates from it describe the
        file: they stay at the top whatever key comes first."""
        if not self.items:
            return
        first = self.items[0]
        blanks = [i for i, entry in enumerate(first.leading) if entry is None]
        if blanks:
            self.head = first.leading[: blanks[-1] + 1]
            first.leading = first.leading[blanks[-1] + 1 :]


class _Writer:
    def __init__(self, source: _Source, order: KeyOrder, width: int) -> None:
        self.source = source
        self.order = order
        self.width = width
        self.children: dict[int, list[Item]] = {}
        for item in source.items:
            self.children.setdefault(id(item.parent), []).append(item)
        for items in self.children.values():
            items.sort(key=lambda item: self._source_position(item))

    def _source_position(self, item: Item) -> int:
        node = item.key if item.key is not None else item.value
        return int(node.start_mark.index)

    def document(self) -> list[str]:
        root = self.source.root
        lines = self._comment_lines(self.source.head, 0)
        if isinstance(root, ScalarNode):
            lines.extend(scalar_lines(scalar_value(root), 0, INDENT, width=self.width))
        elif self._items(root):
            lines.extend(self._block(root, (), 0))
        else:
            lines.append("{}" if isinstance(root, MappingNode) else "[]")
        lines.extend(self._comment_lines(self.source.end, 0))
        return _tidy_blank_lines(lines)

    def _items(self, node: Node) -> list[Item]:
        return self.children.get(id(node), [])

    def _ordered(self, node: Node, path: YamlPath) -> list[Item]:
        items = self._items(node)
        if not isinstance(node, MappingNode):
            return items
        fields = self.order(path)
        if not fields:
            return items
        rank = {name: i for i, name in enumerate(fields)}
        return sorted(
            items,
            key=lambda item: rank.get(str(scalar_value(item.key)) if item.key else "", len(rank)),
        )

    def _comment_lines(self, block: Leading, column: int) -> list[str]:
        return [BLANK if entry is None else " " * column + entry.text for entry in block]

    def _with_trailing(self, line: str, comment: Comment | None) -> str:
        if comment is None:
            return line
        gap = max(2, comment.column - len(line))
        return line + " " * gap + comment.text

    def _scalar_with_trailing(
        self, head: str, lines: list[str], comment: Comment | None
    ) -> list[str]:
        """A scalar's lines after `head`, with the comment that stood after it: after a
        block scalar's header (`>-`), else after its last line (a quoted text that goes on
        over several lines would take a comment on its first line in as text)."""
        if len(lines) == 1 or lines[0] in (">", ">-", ">+", "|", "|-", "|+"):
            return [self._with_trailing(head + lines[0], comment), *lines[1:]]
        moved = None if comment is None else Comment(comment.line, 0, comment.text)
        return [head + lines[0], *lines[1:-1], self._with_trailing(lines[-1], moved)]

    def _has_comments(self, node: Node) -> bool:
        for item in self._items(node):
            if item.leading or item.trailing or self.source.tails.get(id(item.value)):
                return True
            if not isinstance(item.value, ScalarNode) and self._has_comments(item.value):
                return True
        return bool(self.source.tails.get(id(node)))

    def _flow(self, node: Node, path: YamlPath) -> str:
        if isinstance(node, ScalarNode):
            return scalar_lines(scalar_value(node), 0, 0, flow=True)[0]
        if isinstance(node, MappingNode):
            parts = []
            for item in self._ordered(node, path):
                key = scalar_value(item.key) if item.key is not None else ""
                parts.append(f"{key_text(key)}: {self._flow(item.value, (*path, key))}")
            return "{" + ", ".join(parts) + "}"
        values = [self._flow(item.value, (*path, i)) for i, item in enumerate(self._items(node))]
        return "[" + ", ".join(values) + "]"

    def _inline(self, node: Node, path: YamlPath, column: int) -> str | None:
        """A collection's one-line text when it stays (or is) flow and fits."""
        if not self._items(node):
            return "{}" if isinstance(node, MappingNode) else "[]"
        if not getattr(node, "flow_style", False) or self._has_comments(node):
            return None
        text = self._flow(node, path)
        return text if column + len(text) <= self.width else None

    def _block(self, node: Node, path: YamlPath, indent: int) -> list[str]:
        lines: list[str] = []
        for i, item in enumerate(self._ordered(node, path)):
            lines.extend(self._comment_lines(item.leading, indent))
            if item.key is not None:
                key = scalar_value(item.key)
                lines.extend(self._pair(item, key, (*path, key), indent))
            else:
                lines.extend(self._entry(item, (*path, i), indent))
        lines.extend(self._comment_lines(self.source.tails.get(id(node), []), indent))
        return lines

    def _pair(self, item: Item, key: Any, path: YamlPath, indent: int) -> list[str]:
        head = " " * indent + key_text(key) + ":"
        value = item.value
        if isinstance(value, ScalarNode):
            lines = scalar_lines(
                scalar_value(value), len(head) + 1, indent + INDENT, width=self.width
            )
            return self._scalar_with_trailing(head + " ", lines, item.trailing)
        text = self._inline(value, path, len(head) + 1)
        if text is not None:
            return [self._with_trailing(head + " " + text, item.trailing)]
        return [
            self._with_trailing(head, item.trailing),
            *self._block(value, path, indent + INDENT),
        ]

    def _entry(self, item: Item, path: YamlPath, indent: int) -> list[str]:
        dash = " " * indent + "- "
        value = item.value
        if isinstance(value, ScalarNode):
            lines = scalar_lines(scalar_value(value), len(dash), indent + INDENT, width=self.width)
            return self._scalar_with_trailing(dash, lines, item.trailing)
        text = self._inline(value, path, len(dash))
        if text is not None:
            return [self._with_trailing(dash + text, item.trailing)]
        first = self._ordered(value, path)[0]
        hoisted = self._comment_lines(first.leading, indent)
        first.leading = []
        inner = self._block(value, path, indent + INDENT)
        head = dash + inner[0][indent + INDENT :]
        if item.trailing is not None and not self._takes_comment(first, indent + INDENT):
            # The comment after `- ` goes above the entry: the first line does not end there.
            return [*hoisted, " " * indent + item.trailing.text, head, *inner[1:]]
        return [*hoisted, self._with_trailing(head, item.trailing), *inner[1:]]

    def _takes_comment(self, first: Item, indent: int) -> bool:
        """Whether the first line `first` is written on (a key at `indent`) ends where a
        comment may follow: a key with a one-line value, or a block text's header, and no
        comment of its own."""
        if first.trailing is not None or first.key is None:
            return False
        if not isinstance(first.value, ScalarNode):
            return False
        column = indent + len(key_text(scalar_value(first.key))) + 2
        lines = scalar_lines(scalar_value(first.value), column, indent + INDENT, width=self.width)
        return len(lines) == 1 or lines[0] in (">", ">-", ">+", "|", "|-", "|+")


def _tidy_blank_lines(lines: list[str]) -> list[str]:
    """The author's blank lines (`BLANK`), at most one in a row and none at either end;
    empty lines inside folded text are text, and stay."""
    tidy: list[str] = []
    for line in lines:
        if line == BLANK and (not tidy or tidy[-1] == BLANK):
            continue
        tidy.append(line)
    while tidy and tidy[-1] == BLANK:
        tidy.pop()
    return ["" if line == BLANK else line for line in tidy]


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
    end = _BREAK.search(text)
    modeline, rest = (text[: end.start()], text[end.end() :]) if end else (text, "")
    if normalise_comment(modeline).startswith(MODELINE):
        # A blank line in its place keeps the line numbers of any syntax error.
        formatted, data = _format_text("\n" + rest, order, width)
        formatted = formatted.lstrip("\n")
        # A blank line after it stays, as one after any comment at the top does.
        blank = formatted and _BREAK.match(rest.lstrip(" \t")) is not None
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
        lines = _tidy_blank_lines([comment or BLANK for comment in _bare_comments(text)])
        return "".join(line + "\n" for line in lines), data
    source = _Source(text, root)
    lines = _Writer(source, order, width).document()
    return "\n".join(lines) + "\n", data


def _bare_comments(text: str) -> list[str]:
    """The comments of a text with no content, line by line ('' for a blank line)."""
    lines = (line.strip() for line in _BREAK.split(text))
    return [normalise_comment(line) if line.startswith("#") else "" for line in lines]


def _comment_texts(text: str) -> list[str]:
    root = compose(text)
    if root is None:
        return sorted(comment for comment in _bare_comments(text) if comment)
    return sorted(c.text for _, c, _ in _Source(text, root)._comments() if c is not None)


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
    if _comment_texts(original) != _comment_texts(_LINE_FEEDS.sub("\n", result)):
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
