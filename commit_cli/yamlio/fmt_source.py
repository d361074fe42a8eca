"""A YAML file as `commit fmt` reads it: its keys and list entries in the order written,
each with the comments that stand before it or after it on its line (see `fmt`). The
formatter's view of lines must be the parser's (`LINE_BREAK`), or a comment would swallow
the keys after a line end it did not see."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from commit_cli.yamlio.reader import compose

_HASHES = re.compile(r"^(#+)(\S)")
# What ends a line once those are line feeds (U+2028 and U+2029 end a line, and stay in text).
LINE_BREAK = re.compile("[\n\u2028\u2029]")


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


class Source:
    """A parsed file: its items (keys and list entries, with comments attached) in order."""

    def __init__(self, text: str, root: Node) -> None:
        self.text = text
        self.root = root
        self.line_starts = [0] + [match.end() for match in LINE_BREAK.finditer(text)]
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
        found = LINE_BREAK.search(self.text, start)
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


def bare_comments(text: str) -> list[str]:
    """The comments of a text with no content, line by line ('' for a blank line)."""
    lines = (line.strip() for line in LINE_BREAK.split(text))
    return [normalise_comment(line) if line.startswith("#") else "" for line in lines]


def comment_texts(text: str) -> list[str]:
    root = compose(text)
    if root is None:
        return sorted(comment for comment in bare_comments(text) if comment)
    return sorted(c.text for _, c, _ in Source(text, root)._comments() if c is not None)
