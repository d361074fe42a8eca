"""The canonical layout `commit fmt` writes (see `fmt`): a file read by `fmt_source`, its
keys in the model's order, its scalars in the one style of `yamlio.scalars`, its comments
where they stood."""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from commit_cli.problems import YamlPath
from commit_cli.yamlio.emit import KeyOrder
from commit_cli.yamlio.fmt_source import Comment, Item, Leading, Source
from commit_cli.yamlio.reader import scalar_value
from commit_cli.yamlio.scalars import key_text, scalar_lines

INDENT = 2
BLANK = "\x00"  # an author's blank line, until the blank lines are tidied


class Writer:
    def __init__(self, source: Source, order: KeyOrder, width: int) -> None:
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
        return tidy_blank_lines(lines)

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


def tidy_blank_lines(lines: list[str]) -> list[str]:
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
