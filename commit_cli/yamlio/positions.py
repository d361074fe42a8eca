"""Turning a problem's path (keys and indexes) into a line and column of its file.

Only problems that are about to be shown are located, so a valid plan never pays for it:
each affected file is composed once, with marks, and every path is walked down its tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, SequenceNode

from commit_cli.problems import Problem, YamlPath
from commit_cli.yamlio.reader import compose


def _child(node: Node, step: str | int, at_key: bool) -> Node | None:
    if isinstance(node, MappingNode):
        wanted = str(step)
        for key_node, value_node in node.value:
            if str(key_node.value) == wanted:
                found: Node = key_node if at_key else value_node
                return found
        return None
    if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        child: Node = node.value[step]
        return child
    return None


def node_at(root: Node, path: YamlPath, at_key: bool = False) -> Node:
    """The deepest node along `path`: the key itself when `at_key`, else its value."""
    node = root
    for index, step in enumerate(path):
        child = _child(node, step, at_key and index == len(path) - 1)
        if child is None:
            break
        node = child
    return node


def locate_problems(problems: Iterable[Problem], texts: Mapping[str, str]) -> list[Problem]:
    """Fill in line and column of every problem that has a path but no line yet."""
    trees: dict[str, Node | None] = {}
    located: list[Problem] = []
    for problem in problems:
        if problem.line or problem.file not in texts:
            located.append(problem)
            continue
        if problem.file not in trees:
            trees[problem.file] = compose(texts[problem.file])
        root = trees[problem.file]
        if root is None:
            located.append(replace(problem, line=1, column=1))
            continue
        mark = node_at(root, problem.path, problem.at_key).start_mark
        located.append(replace(problem, line=mark.line + 1, column=mark.column + 1))
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
    line: int = node_at(root, yaml_path).start_mark.line + 1
    return line
