"""Writing new YAML content (a value an edit adds) in the layout `commit fmt` keeps.

A mapping or list is written in flow style (`{start: 2006-03-06, end: 2006-03-10}`,
`[act-5]`) when it holds only scalars (or mappings of them), is not an item of a list of
mappings, is not under a key the caller wants in block style, and fits the line; otherwise in
block style, `indent` spaces per level and list items `seq_indent` spaces under their key.
Keys follow the model's field order when the caller gives one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from commit_cli.problems import YamlPath
from commit_cli.yamlio.scalars import WIDTH, key_text, scalar_lines

KeyOrder = Callable[[YamlPath], Sequence[str] | None]


def no_order(path: YamlPath) -> Sequence[str] | None:
    return None


def is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


@dataclass(frozen=True)
class Layout:
    """How a file is laid out: spaces per level, where list items stand under their key, the
    line width, the key order, and keys whose new values are always written in block style."""

    indent: int = 2
    seq_indent: int = 2
    width: int = WIDTH
    order: KeyOrder = no_order
    block_keys: frozenset[str] = field(default_factory=frozenset)


def ordered_items(mapping: dict[Any, Any], path: YamlPath, order: KeyOrder) -> list[Any]:
    """The mapping's keys: the model's fields in field order first, then the rest as given."""
    fields = order(path)
    keys = list(mapping)
    if not fields:
        return keys
    rank = {name: i for i, name in enumerate(fields)}
    return sorted(keys, key=lambda key: (rank.get(str(key), len(rank)), keys.index(key)))


def flow_text(value: Any, path: YamlPath, layout: Layout) -> str:
    """`value` on one line, in flow style."""
    if isinstance(value, dict):
        parts = [
            f"{key_text(key)}: {flow_text(value[key], (*path, key), layout)}"
            for key in ordered_items(value, path, layout.order)
        ]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        return (
            "["
            + ", ".join(flow_text(item, (*path, i), layout) for i, item in enumerate(value))
            + "]"
        )
    return scalar_lines(value, 0, 0, flow=True)[0]


def flow_eligible(value: Any) -> bool:
    """A new collection may be written in flow style: only scalars, lists of scalars, and
    mappings of those."""
    if isinstance(value, dict):
        return all(flow_eligible(item) for item in value.values())
    if isinstance(value, list):
        return all(is_scalar(item) for item in value)
    return True


def _wants_block(path: YamlPath, layout: Layout) -> bool:
    return any(isinstance(step, str) and step in layout.block_keys for step in path)


def inline(value: Any, path: YamlPath, column: int, layout: Layout, new: bool = True) -> str | None:
    """The one-line text of a collection starting at `column`, or None when it goes in
    block style. `new` applies the rules for new content; an existing flow collection only
    needs to fit."""
    if not value:
        return "{}" if isinstance(value, dict) else "[]"
    if new and (not flow_eligible(value) or _wants_block(path, layout)):
        return None
    text = flow_text(value, path, layout)
    return text if column + len(text) <= layout.width else None


def pair_lines(key: Any, value: Any, path: YamlPath, indent: int, layout: Layout) -> list[str]:
    """`key: value` at `indent`, as lines (the first one indented too)."""
    head = " " * indent + key_text(key) + ":"
    return [
        head + rest if i == 0 else rest
        for i, rest in enumerate(value_lines(value, path, len(head), indent, layout))
    ]


def value_lines(value: Any, path: YamlPath, column: int, indent: int, layout: Layout) -> list[str]:
    """What follows `key:` (written at `column`, key at `indent`): the first element is
    appended to the key's line (it starts with a space, or is empty when a block collection
    follows), the rest are whole lines."""
    if is_scalar(value):
        lines = scalar_lines(value, column + 1, indent + layout.indent, width=layout.width)
        return [" " + lines[0], *lines[1:]]
    flow = inline(value, path, column + 1, layout)
    if flow is not None:
        return [" " + flow]
    if isinstance(value, dict):
        return ["", *block_lines(value, path, indent + layout.indent, layout)]
    return ["", *block_lines(value, path, indent + layout.seq_indent, layout)]


def block_lines(value: Any, path: YamlPath, indent: int, layout: Layout) -> list[str]:
    """A non-empty mapping or list in block style, every line indented by `indent`."""
    lines: list[str] = []
    if isinstance(value, dict):
        for key in ordered_items(value, path, layout.order):
            lines.extend(pair_lines(key, value[key], (*path, key), indent, layout))
        return lines
    for i, item in enumerate(value):
        lines.extend(item_lines(item, (*path, i), indent, layout))
    return lines


def item_lines(item: Any, path: YamlPath, indent: int, layout: Layout) -> list[str]:
    """One list item, `- …`, with its dash at `indent`."""
    dash = " " * indent + "- "
    if is_scalar(item):
        lines = scalar_lines(item, len(dash), len(dash), width=layout.width)
        return [dash + lines[0], *lines[1:]]
    if not isinstance(item, dict):
        flow = inline(item, path, len(dash), layout)
        if flow is not None:
            return [dash + flow]
    elif not item:
        return [dash + "{}"]
    inner = block_lines(item, path, indent + 2, layout)
    return [dash + inner[0][indent + 2 :], *inner[1:]]
