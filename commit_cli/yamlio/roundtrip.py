"""Editing a YAML file by splicing text at the parser's positions, so that every byte an edit
does not have to change stays as it was: comments, key order, quoting, folded text, flow
lists, blank lines, a byte-order mark, CRLF line ends, a missing final newline.

`Document.apply(new_data)` compares the file's data with the data the edit wants and
changes only what differs: a changed scalar is replaced where it stands (its own line, or
lines for a folded block); a new key is written where the key order puts it, in the file's
own indentation; a new list item after the list's last one (or where it belongs); a changed
flow collection (`{…}` or `[…]`, one line) is written again whole. The result is read back
and compared with the wanted data before anyone sees it.

Why not ruamel.yaml's round trip: measured on the bundled plan (benchmarks/RESULTS.md), it
reproduces unedited files exactly, but puts a new key after the comment that introduces the
next item, re-quotes dates, and needs its pure-Python parser (its C extension serves only
the safe loader): ~50 ms per file against ~2 ms here.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from commit_cli.problems import YamlPath
from commit_cli.yamlio.emit import (
    Layout,
    block_lines,
    inline,
    is_scalar,
    item_lines,
    ordered_items,
    pair_lines,
    value_lines,
)
from commit_cli.yamlio.reader import YamlSyntaxError, compose, load_data
from commit_cli.yamlio.scalars import scalar_lines

BOM = "\ufeff"
# What YAML (and libyaml) takes for a line break; a file may use any of them.
BREAKS = "\r\n\x85\u2028\u2029"
_BREAK = re.compile("[" + BREAKS + "]")
_FIRST_BREAK = re.compile("\r\n|[\r\n]")  # the line end new lines are written with


class RoundTripMismatch(RuntimeError):
    """The edited text would not read back as the wanted data: a bug, never shown as a
    plan problem (nothing is written)."""


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (`1`, `1.0` and `true` differ); the
    order of a mapping's keys is the file's business, not the data's."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@dataclass(frozen=True)
class Encoding:
    """What a file's bytes say beyond its text: a byte-order mark and its line ends."""

    bom: bool
    newline: str

    @classmethod
    def of(cls, raw: bytes) -> tuple[Encoding, str]:
        """The encoding and the text (without the mark); UnicodeDecodeError when not UTF-8."""
        text = raw.decode("utf-8")
        bom = text.startswith(BOM)
        if bom:
            text = text[1:]
        first = _FIRST_BREAK.search(text)
        newline = first.group() if first is not None else "\n"
        return cls(bom, newline), text

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


@dataclass
class Splice:
    start: int
    end: int
    text: str


def _pairs(node: MappingNode) -> Iterator[tuple[Node, Node]]:
    yield from node.value


class Document:
    """One YAML file, its node tree (with positions) and its data."""

    def __init__(self, raw: bytes) -> None:
        self.encoding, self.text = Encoding.of(raw)
        self.data, issues = load_data(self.text)
        if issues:
            raise YamlSyntaxError(issues[0])
        root = compose(self.text)
        if root is None:
            raise ValueError("an empty document cannot be edited")
        self.root: Node = root
        self.newline = self.encoding.newline
        self.layout = self._detect_layout()
        self._splices: list[Splice] = []

    # --- reading positions ------------------------------------------------------------------

    def _detect_layout(self) -> Layout:
        indent = seq_indent = 0
        stack: list[Node] = [self.root]
        while stack and not (indent and seq_indent):
            node = stack.pop()
            if isinstance(node, MappingNode) and not node.flow_style:
                for key, value in _pairs(node):
                    if getattr(value, "flow_style", None) is False and value.value:
                        if isinstance(value, MappingNode) and not indent:
                            indent = value.start_mark.column - key.start_mark.column
                        if isinstance(value, SequenceNode) and not seq_indent:
                            seq_indent = self._dash_column(value.value[0]) - key.start_mark.column
                    stack.append(value)
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)
        return Layout(indent=indent if indent > 0 else 2, seq_indent=max(seq_indent, 0) or 2)

    def _line_start(self, index: int) -> int:
        """Where the line holding `index` starts (after any kind of line break)."""
        return max(self.text.rfind(mark, 0, index) for mark in BREAKS) + 1

    def _line_end(self, index: int) -> int:
        """Where the line holding `index` ends (before its line break, of any kind)."""
        found = _BREAK.search(self.text, index)
        return len(self.text) if found is None else found.start()

    def _break_after(self, index: int) -> int:
        """Where the text after the line break at `index` starts (`index` when none is)."""
        if self.text.startswith("\r\n", index):
            return index + 2
        return index + 1 if index < len(self.text) and self.text[index] in BREAKS else index

    def _column(self, index: int) -> int:
        return index - self._line_start(index)

    def _dash_column(self, item: Node) -> int:
        dash = self.text.rfind("-", 0, item.start_mark.index)
        return self._column(dash)

    def _colon_end(self, key: Node) -> int:
        """Just after the `:` that follows a key: on its line, or, after an explicit key
        (`? key`), on a later one (blank lines and comments between)."""
        index = key.end_mark.index
        while index < len(self.text):
            char = self.text[index]
            if char == "#":
                index = self._line_end(index)
            elif char in " \t" or char in BREAKS:
                index += 1
            else:
                break
        return index + 1 if self.text.startswith(":", index) else int(key.end_mark.index)

    def _pair_start(self, key: Node) -> int:
        """Where a key's pair starts: its `?` for an explicit key, else the key itself."""
        index = key.start_mark.index
        before = self.text[self._line_start(index) : index].rstrip(" \t")
        return self._line_start(index) + len(before) - 1 if before.endswith("?") else index

    def _content_end(self, node: Node, key: Node | None = None) -> int:
        """Where the node's own text ends: no trailing blank lines or comments."""
        if isinstance(node, ScalarNode):
            if node.style in (">", "|"):
                return self._block_scalar_end(node)
            if node.start_mark.index == node.end_mark.index and key is not None:
                return self._colon_end(key)
            return int(node.end_mark.index)
        if getattr(node, "flow_style", False) or not node.value:
            return int(node.end_mark.index)
        if isinstance(node, MappingNode):
            last_key, last_value = node.value[-1]
            return self._content_end(last_value, last_key)
        return self._content_end(node.value[-1])

    def _block_scalar_end(self, node: ScalarNode) -> int:
        """Where a block scalar's text ends: after its last line of text, or, when it keeps
        its final line breaks (`|+`, `>+`), at the last of them, which are its own."""
        start, end = node.start_mark.index, node.end_mark.index
        header = self.text[start + 1 : start + 3]
        keep = "+" in header.split("#")[0] and node.value[-1:] in ("\n", "\u2028", "\u2029")
        if keep and end > start and self.text[end - 1] in BREAKS:
            return end - 2 if self.text.startswith("\r\n", end - 2) else end - 1
        return start + len(self.text[start:end].rstrip(" \t" + BREAKS))

    def _trailing_comment(self, end: int) -> tuple[int, int] | None:
        """The span of a comment that follows `end` on its line."""
        line_end = self._line_end(end)
        rest = self.text[end:line_end]
        stripped = rest.lstrip(" \t")
        if stripped.startswith("#"):
            return line_end - len(stripped), line_end
        return None

    # --- editing ----------------------------------------------------------------------------

    def apply(self, new_data: Any, layout: Layout | None = None) -> str:
        """The text with `new_data` written in, changing only what differs; raises
        RoundTripMismatch when that text would not read back as `new_data`."""
        if layout is not None:
            self.layout = Layout(
                indent=self.layout.indent,
                seq_indent=self.layout.seq_indent,
                width=layout.width,
                order=layout.order,
                block_keys=layout.block_keys,
            )
        self._splices = []
        self._apply(self.root, self.data, new_data, (), None)
        text = self.text
        # From the end back, so earlier offsets stay valid; of two insertions at one place
        # (an item added to the last mapping and a key added after it) the later one is made
        # first, so the text keeps the order in which they were made.
        ordered = sorted(
            enumerate(self._splices), key=lambda p: (p[1].start, p[1].end, p[0]), reverse=True
        )
        for _, splice in ordered:
            text = text[: splice.start] + splice.text + text[splice.end :]
        self._verify(text, new_data)
        return text

    def encode(self, text: str) -> bytes:
        return self.encoding.encode(text)

    def _verify(self, text: str, wanted: Any) -> None:
        try:
            data, issues = load_data(text)
        except YamlSyntaxError as exc:
            raise RoundTripMismatch(f"the edited text does not parse: {exc.issue}") from None
        if issues or not same(data, wanted):
            raise RoundTripMismatch("the edited text does not read back as the edit's data")

    def _splice(self, start: int, end: int, text: str) -> None:
        self._splices.append(Splice(start, end, text.replace("\n", self.newline)))

    def _apply(self, node: Node, old: Any, new: Any, path: YamlPath, key: Node | None) -> None:
        if same(old, new):
            return
        block = not getattr(node, "flow_style", True)
        maps = isinstance(node, MappingNode) and isinstance(old, dict) and isinstance(new, dict)
        lists = isinstance(node, SequenceNode) and isinstance(old, list) and isinstance(new, list)
        if block and maps and node.value and self._apply_mapping(node, old, new, path):  # type: ignore[arg-type]
            return
        if block and lists and new and self._apply_sequence(node, old, new, path):  # type: ignore[arg-type]
            return
        self._replace(node, new, path, key, keep_flow=not block and not is_scalar(old))

    def _apply_mapping(
        self, node: MappingNode, old: dict[Any, Any], new: dict[Any, Any], path: YamlPath
    ) -> bool:
        """Change a block mapping key by key; False when it must be written again whole."""
        by_text: dict[str, Any] = {}
        for key in old:
            by_text.setdefault(str(key), key)
        nodes: dict[Any, tuple[Node, Node]] = {}
        for key_node, value_node in _pairs(node):
            found = by_text.get(key_node.value) if isinstance(key_node, ScalarNode) else None
            if found is not None and found not in nodes:
                nodes[found] = (key_node, value_node)
        if len(nodes) != len(old):
            return False
        kept = [key for key in old if key in new]
        if not kept:
            return False
        for key in old:
            if key not in new and not self._delete_pair(*nodes[key]):
                return False
        for key in kept:
            key_node, value_node = nodes[key]
            self._apply(value_node, old[key], new[key], (*path, key), key_node)
        added = [key for key in new if key not in old]
        if added:
            self._insert_pairs(node, nodes, kept, new, added, path)
        return True

    def _insert_pairs(
        self,
        node: MappingNode,
        nodes: dict[Any, tuple[Node, Node]],
        kept: list[Any],
        new: dict[Any, Any],
        added: list[Any],
        path: YamlPath,
    ) -> None:
        """Write each added key after the kept key that comes last before it in the key
        order (model fields in field order; other keys, such as periods, sorted), or before
        the first key when none does."""
        fields = self.layout.order(path)
        ranked = ordered_items(new, path, self.layout.order)
        sortable = all(str(a) <= str(b) for a, b in itertools.pairwise(kept))

        def anchor_of(key: Any) -> Any:
            if fields:
                before = [k for k in kept if ranked.index(k) < ranked.index(key)]
                return max(before, key=ranked.index) if before else None
            if sortable:
                before = [k for k in kept if str(k) < str(key)]
                return before[-1] if before else None
            return kept[-1]

        groups: dict[Any, list[Any]] = {}
        for key in sorted(added, key=ranked.index if fields else str):
            groups.setdefault(anchor_of(key), []).append(key)
        first = self._pair_start(node.value[0][0])
        column = self._column(first)
        for anchor, keys in groups.items():
            lines = [
                line
                for key in keys
                for line in pair_lines(key, new[key], (*path, key), column, self.layout)
            ]
            if anchor is None:
                text = "\n".join([lines[0][column:], *lines[1:]]) + "\n" + " " * column
                self._splice(first, first, text)
            else:
                anchor_key, anchor_value = nodes[anchor]
                at = self._line_end(self._content_end(anchor_value, anchor_key))
                self._splice(at, at, "\n" + "\n".join(lines))

    def _delete_pair(self, key: Node, value: Node) -> bool:
        """Remove a key and its value (whole lines; their comments stay, on lines of their
        own); False when it shares its first line with a list item's dash (then the caller
        writes the mapping again)."""
        pair_start = self._pair_start(key)
        start = self._line_start(pair_start)
        if self.text[start:pair_start].strip(" \t"):
            return False
        end = self._break_after(self._line_end(self._content_end(value, key)))
        holder = MappingNode("tag:yaml.org,2002:map", [(key, value)])
        comments = self._comments_in(holder, start, end)
        indent = " " * (pair_start - start)
        self._splice(start, end, "".join(indent + text + "\n" for text in comments))
        return True

    def _apply_sequence(
        self, node: SequenceNode, old: list[Any], new: list[Any], path: YamlPath
    ) -> bool:
        """Change a block list item by item, or add items; False when it must be written
        again whole."""
        items = node.value
        if len(items) != len(old):
            return False
        if len(new) >= len(old) and all(same(a, b) for a, b in zip(old, new, strict=False)):
            self._insert_items(node, len(old), new[len(old) :], path)
            return True
        if len(new) == len(old):
            for i, (before, after) in enumerate(zip(old, new, strict=True)):
                self._apply(items[i], before, after, (*path, i), None)
            return True
        if len(new) == len(old) + 1:
            for j in range(len(new)):
                if all(same(a, b) for a, b in zip(old[:j], new[:j], strict=True)) and all(
                    same(a, b) for a, b in zip(old[j:], new[j + 1 :], strict=True)
                ):
                    self._insert_items(node, j, [new[j]], path)
                    return True
        return False

    def _insert_items(self, node: SequenceNode, at: int, values: list[Any], path: YamlPath) -> None:
        items = node.value
        dash = self._dash_column(items[0])
        lines = [
            line
            for offset, value in enumerate(values)
            for line in item_lines(value, (*path, at + offset), dash, self.layout)
        ]
        if at == 0:
            position = self.text.rfind("-", 0, items[0].start_mark.index)
            text = "\n".join([lines[0][dash:], *lines[1:]]) + "\n" + " " * dash
            self._splice(position, position, text)
            return
        end = self._line_end(self._content_end(items[at - 1]))
        self._splice(end, end, "\n" + "\n".join(lines))

    def _replace(
        self, node: Node, new: Any, path: YamlPath, key: Node | None, keep_flow: bool
    ) -> None:
        """Write `new` in place of the node's value. Every comment survives: one between the
        key and its value (`key:  # why` with the value on the next line) stays where it is,
        with the new value written where the old one stood; one inside the old value (in a
        flow collection, on a block scalar's first line, between the items of a collection
        written again) or after a value that now takes several lines goes with the new value
        (`comments_kept`)."""
        end = self._content_end(node, key)
        comment = self._trailing_comment(end)
        pair_start = node.start_mark.index
        if key is not None:
            pair_start = self._pair_start(key)
            start = self._colon_end(key)
            indent = key.start_mark.column
            if "#" in self.text[start : node.start_mark.index]:
                # a comment between the key and its value: the value is written where it was
                start = node.start_mark.index
                parts = self._value_text(new, path, self._column(start) - 1, indent, keep_flow)
                if parts[0]:
                    parts = [parts[0][1:], *parts[1:]]
                else:  # a block collection: its lines take the place of the old value's lines
                    start = self._line_start(start)
                    parts = parts[1:]
            else:
                parts = self._value_text(new, path, self._column(start), indent, keep_flow)
        elif path and isinstance(path[-1], int):
            start = node.start_mark.index
            dash = self._dash_column(node)
            pair_start = self._line_start(start) + dash
            lines = item_lines(new, path, dash, self.layout)
            parts = [lines[0][dash + 2 :], *lines[1:]]
        else:  # the whole document (a flow one): what comes before and after it stays
            start = node.start_mark.index
            parts = (
                block_lines(new, path, 0, self.layout)
                if not is_scalar(new)
                else [scalar_lines(new, 0, self.layout.indent)[0]]
            )
            if self._column(start) > 0 and not is_scalar(new):  # after `--- ` on its line
                parts = ["", *parts]
        moved = self._comments_in(node, start, end)
        if comment is not None and len(parts) > 1:
            moved.append(self.text[comment[0] : comment[1]])
            self._splice(end, comment[1], "")
        parts = self._comments_kept(parts, moved, pair_start)
        self._splice(start, end, "\n".join(parts))

    def _comments_kept(self, parts: list[str], comments: list[str], pair_start: int) -> list[str]:
        """The value's lines `parts` with `comments` kept: one comment after the first line
        when nothing is left open there (the value is one line, a block scalar's header, or
        the key of a block collection), else on their own lines before the pair's line."""
        if not comments:
            return parts
        first = parts[0].strip()
        if len(comments) == 1 and (len(parts) == 1 or not first or first[0] in ">|"):
            return [parts[0] + "  " + comments[0], *parts[1:]]
        column = self._column(pair_start)
        at = self._line_start(pair_start)
        self._splice(at, at, "".join(" " * column + text + "\n" for text in comments))
        return parts

    def _comments_in(self, node: Node, start: int, end: int) -> list[str]:
        """The comments written in text[start:end], a span that holds `node`: every `#`
        outside the node's scalars (a block scalar's header line is not its text) to the
        end of its line."""
        if "#" not in self.text[start:end]:
            return []
        texts: list[tuple[int, int]] = []
        stack: list[Node] = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, ScalarNode):
                first = current.start_mark.index
                if current.style in (">", "|"):
                    first = self._line_end(first)
                texts.append((first, current.end_mark.index))
            elif isinstance(current, MappingNode):
                stack.extend(part for pair in current.value for part in pair)
            elif isinstance(current, SequenceNode):
                stack.extend(current.value)
        texts.sort()
        found: list[str] = []
        index = start
        spans = iter(texts)
        span = next(spans, None)
        while (index := self.text.find("#", index, end)) != -1:
            while span is not None and span[1] <= index:
                span = next(spans, None)
            if span is not None and span[0] <= index:
                index = span[1]
                continue
            line_end = min(self._line_end(index), end)
            found.append(self.text[index:line_end].rstrip(" \t"))
            index = line_end
        return found

    def _value_text(
        self, new: Any, path: YamlPath, column: int, indent: int, keep_flow: bool
    ) -> list[str]:
        if keep_flow and not is_scalar(new):
            flow = inline(new, path, column + 1, self.layout, new=False)
            if flow is not None:
                return [" " + flow]
        return value_lines(new, path, column, indent, self.layout)
