"""Turning a problem's path (keys and indexes) into a line and column of its file.

Only problems that are about to be shown are located, so a valid plan never pays for it:
each affected file is composed once, with marks, and every path is walked down its tree.
A mapping's keys are indexed the first time a path goes through it, so locating many
problems in one large mapping stays linear.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, SequenceNode

from commit_cli.problems import Problem, YamlPath
from commit_cli.yamlio.lines import LineIndex
from commit_cli.yamlio.reader import compose


class _Tree:
    """One file's node tree with its keys indexed on demand."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}

    def _entries(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        entries = self._keys.get(id(node))
        if entries is None:
            entries = {}
            for key_node, value_node in node.value:
                entries.setdefault(str(key_node.value), (key_node, value_node))
            self._keys[id(node)] = entries
        return entries

    def _child(self, node: Node, step: str | int, at_key: bool) -> Node | None:
        if isinstance(node, MappingNode):
            found = self._entries(node).get(str(step))
            if found is None:
                return None
            return found[0] if at_key else found[1]
        if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            child: Node = node.value[step]
            return child
        return None

    def node_at(self, path: YamlPath, at_key: bool = False) -> Node:
        """The deepest node along `path`: the key itself when `at_key`, else its value."""
        node = self.root
        for index, step in enumerate(path):
            child = self._child(node, step, at_key and index == len(path) - 1)
            if child is None:
                break
            node = child
        return node


def locate_problems(problems: Iterable[Problem], texts: Mapping[str, str]) -> list[Problem]:
    """Fill in line and column of every problem that has a path but no line yet."""
    trees: dict[str, tuple[_Tree, LineIndex] | None] = {}
    located: list[Problem] = []
    for problem in problems:
        if problem.line or problem.file not in texts:
            located.append(problem)
            continue
        if problem.file not in trees:
            text = texts[problem.file]
            root = compose(text)
            trees[problem.file] = None if root is None else (_Tree(root), LineIndex(text))
        tree = trees[problem.file]
        if tree is None:
            located.append(replace(problem, line=1, column=1))
            continue
        mark = tree[0].node_at(problem.path, problem.at_key).start_mark
        line, column = tree[1].position(mark.index)
        located.append(replace(problem, line=line, column=column))
    return located


def line_of(path: Path, yaml_path: YamlPath) -> int | None:
    """The line (1-based) where `yaml_path` is written in the file at `path`; None when the
    file cannot be read or parsed."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    root = compose(text)
    if root is None:
        return None
    mark = _Tree(root).node_at(yaml_path).start_mark
    return LineIndex(text).position(mark.index)[0]
