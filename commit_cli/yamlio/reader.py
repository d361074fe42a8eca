"""Reading plan YAML: fast, safe, and strict about what YAML may hold.

The read path uses libyaml (PyYAML's C parser) and builds plain Python data; it keeps no
positions. `compose` re-reads a file into a node tree with line and column marks, and is only
called when a problem must be shown (see `yamlio.positions`). Both share one resolver set, so they
agree on what every scalar is.

What is refused, each with its place in the file: every tag but the plain ones (so no Python
objects, sets, ordered maps or binary; only mappings, lists, text, numbers, booleans and null
are ever built), aliases to mappings or lists (an "alias bomb" would
otherwise expand exponentially when validated), merge keys, and duplicate keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STRICT_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """A problem found while reading YAML, at a 1-based line and column."""

    line: int
    column: int
    message: str
    code: str


class YamlSyntaxError(Exception):
    def __init__(self, issue: YamlIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def _issue_at(mark: Any, message: str, code: str) -> YamlIssue:
    return YamlIssue(mark.line + 1, mark.column + 1, message, code)


def _plan_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """YAML 1.1's resolvers, less two surprises for plan authors.

    Dates stay strings so that the model reports an impossible date such as 2006-13-45 with
    its place, instead of the parser failing; and only true/false are booleans, so that a
    country code such as NO or a value such as `on` stays the text the author wrote.
    """
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if tag not in (_TIMESTAMP_TAG, _BOOL_TAG)]
        if first in "tTfF":
            kept.append((_BOOL_TAG, _STRICT_BOOL))
        if kept:
            resolvers[first] = kept
    return resolvers


_PLAN_RESOLVERS = _plan_resolvers()
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


class _ComposeLoader(yaml.CSafeLoader):
    """libyaml's parser with our resolvers; `resolve` is called for every node, so it is a
    table lookup by first character (PyYAML's version also handles path resolvers, which
    plan files never use)."""

    yaml_implicit_resolvers = _PLAN_RESOLVERS
    _by_first_char: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [*entries, *_PLAN_RESOLVERS.get(None, [])]
        for first, entries in _PLAN_RESOLVERS.items()
        if first is not None
    }

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first_char.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def _alias_error(node: Node) -> YamlSyntaxError:
    return YamlSyntaxError(
        _issue_at(
            node.start_mark,
            "this value is reused through an alias (*name); aliases to mappings"
            " or lists are not allowed in plan files, write the value out in full",
            "yaml-alias",
        )
    )


_PLAIN_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _DataLoader(_ComposeLoader):
    """Builds plain data, refusing what plan files must not hold (see the module docs).

    An alias makes libyaml hand the same node to two parents, so a mapping or list node met
    twice as a child is an alias; checking children per collection costs far less than
    checking every node."""

    # Only plain data: !!set, !!omap, !!pairs, !!binary, !!timestamp and every other tag
    # fall to the "undefined" constructor, which refuses them.
    yaml_constructors: ClassVar[dict[Any, Any]] = {
        tag: constructor
        for tag, constructor in yaml.CSafeLoader.yaml_constructors.items()
        if tag in _PLAIN_TAGS or tag is None
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.issues: list[YamlIssue] = []
        self._collections: set[int] = set()

    def _claim(self, node: Node) -> None:
        if node.__class__ is not ScalarNode:
            if id(node) in self._collections:
                raise _alias_error(node)
            self._collections.add(id(node))

    def construct_sequence(self, node: SequenceNode, deep: bool = False) -> list[Any]:
        for child in node.value:
            self._claim(child)
        return [self.construct_object(child, deep=deep) for child in node.value]

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        first_seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                raise YamlSyntaxError(
                    _issue_at(
                        key_node.start_mark,
                        "merge keys ('<<') are not supported; write the keys out in full",
                        "yaml-merge",
                    )
                )
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool):
                raise YamlSyntaxError(
                    _issue_at(key_node.start_mark, "a key must be plain text", "yaml-key")
                )
            if key in mapping:
                first_line = first_seen[key].start_mark.line + 1
                self.issues.append(
                    _issue_at(
                        key_node.start_mark,
                        f"duplicate key '{key}' (first written on line {first_line});"
                        " remove one of them",
                        "duplicate-key",
                    )
                )
                continue
            first_seen[key] = key_node
            self._claim(value_node)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


# --- YAML mistakes, explained -------------------------------------------------------------
#
# libyaml names what its parser expected, often on the line after the mistake. These
# explain the mistakes plan authors make, in plain words with the likely fix, at the line
# they wrote wrong (a line and column, 1-based).

_KEY_VALUE = re.compile(r"^(\s*)(-\s+)?([^\s:#'\"\[\]{},][^:#]*?):(\s+)(.*)$")
_KEY_NO_SPACE = re.compile(r"^(\s*)(-\s+)?([A-Za-z_][\w.\-]*):(\S.*)$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_before(lines: list[str], index: int) -> int | None:
    """The index of the nearest line before `index` that holds more than a comment."""
    for i in range(index - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _quoted(text: str) -> str:
    if '"' not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def _colon_in_value(lines: list[str], index: int, column: int) -> YamlIssue | None:
    """`title: Meeting: the first`: a ': ' inside a value; or a line indented more than
    the line above, so that it reads as part of that line's text."""
    line = lines[index]
    match = _KEY_VALUE.match(line)
    if match is not None and match.end(4) <= column:
        key, value = match.group(3), match.group(5).rstrip()
        return YamlIssue(
            index + 1,
            match.start(5) + 1,
            f"a ': ' inside a value starts a new key; put the text in quotes:"
            f" {key}: {_quoted(value)}",
            "yaml-colon-in-value",
        )
    above = _content_before(lines, index)
    if above is None:
        return None
    expected = _indent(lines[above]) + (2 if lines[above].lstrip().startswith("- ") else 0)
    found = _indent(line)
    if found <= expected:
        return None
    return YamlIssue(
        index + 1,
        1,
        f"this line is indented {_spaces(found)}, more than the key above it on line"
        f" {above + 1} ({_spaces(expected)}), so it reads as part of that value; indent it"
        f" by {_spaces(expected)}",
        "yaml-indentation",
    )


def _missing_space(lines: list[str], index: int) -> YamlIssue | None:
    """`status:done`: no space after the colon, so the line is text, not `key: value`."""
    line = lines[index]
    match = _KEY_NO_SPACE.match(line)
    if match is not None:
        key, value = match.group(3), match.group(4)
        return YamlIssue(
            index + 1,
            match.end(3) + 1,
            f"a space is needed after ':'; write {key}: {value}",
            "yaml-colon-space",
        )
    return YamlIssue(
        index + 1,
        _indent(line) + 1,
        "this line is not `key: value` (no ': ' in it); add the key, or, if it continues"
        " the text above, indent it more than that key",
        "yaml-no-key",
    )


def _misindented(lines: list[str], index: int) -> YamlIssue | None:
    """A list item or key that is not in line with those before it."""
    line = lines[index]
    found = _indent(line)
    if line.lstrip().startswith("- "):
        for i in range(index - 1, -1, -1):
            if lines[i].lstrip().startswith("- ") and _indent(lines[i]) != found:
                expected = _indent(lines[i])
                return YamlIssue(
                    index + 1,
                    found + 1,
                    f"this list item is indented {_spaces(found)}, but the item before it"
                    f" (line {i + 1}) is indented {_spaces(expected)}; indent it by"
                    f" {_spaces(expected)}",
                    "yaml-indentation",
                )
        return None
    above = _content_before(lines, index)
    if above is None:
        return None
    expected = _indent(lines[above]) + (2 if lines[above].lstrip().startswith("- ") else 0)
    if expected == found:
        return None
    return YamlIssue(
        index + 1,
        found + 1,
        f"this key is indented {_spaces(found)}, but the key before it (line {above + 1}) is"
        f" indented {_spaces(expected)}; indent it by {_spaces(expected)}",
        "yaml-indentation",
    )


def _unclosed(lines: list[str], index: int, column: int, problem: str) -> YamlIssue | None:
    """A quote, `{` or `[` that is opened and never closed."""
    opened = lines[index][column : column + 1] if index < len(lines) else ""
    if "quoted scalar" in problem:
        if opened not in ("'", '"'):
            return None
        inner = "''" if opened == "'" else '\\"'
        return YamlIssue(
            index + 1,
            column + 1,
            f"this quote ({opened}) is never closed; end the text with {opened} (a {opened}"
            f" inside the text is written {inner})",
            "yaml-unclosed",
        )
    closing = {"{": "}", "[": "]"}.get(opened)
    if closing is None:
        return None
    return YamlIssue(
        index + 1,
        column + 1,
        f"this '{opened}' is not closed; end it with '{closing}' on the same line (text"
        f" holding ',', ':', '{{' or '[' must be put in quotes)",
        "yaml-unclosed",
    )


def _explain(exc: yaml.YAMLError, text: str) -> YamlIssue | None:
    """The mistake behind a libyaml error, explained, or None when it is not one of those
    we know."""
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    lines = text.splitlines()
    if mark is None or not lines:
        return None
    index = min(mark.line, len(lines) - 1)
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_value(lines, index, mark.column)
    if problem.startswith("could not find expected ':'") and context_mark is not None:
        return _missing_space(lines, min(context_mark.line, len(lines) - 1))
    if problem in ("did not find expected '-' indicator", "did not find expected key"):
        return _misindented(lines, index)
    if context_mark is not None and (
        "quoted scalar" in context or problem.startswith("did not find expected ','")
    ):
        return _unclosed(lines, context_mark.line, context_mark.column, context)
    return None


def _yaml_error_issue(exc: yaml.YAMLError, text: str) -> YamlIssue:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc.problem):
        tag = str(exc.problem).split("'")[1] if "'" in str(exc.problem) else "?"
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return YamlIssue(
            line,
            column,
            f"tag '{tag}' is not allowed: plan files hold plain data only (remove the tag)",
            "yaml-tag",
        )
    if _char_at(text, line, column) == "\t":
        message = "a tab character in the indentation; YAML must be indented with spaces, not tabs"
        return YamlIssue(line, column, message, "yaml-syntax")
    explained = _explain(exc, text)
    if explained is not None:
        return explained
    problem = str(getattr(exc, "problem", None) or exc).strip()
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    if context:
        message += f" ({context})"
    return YamlIssue(line, column, message, "yaml-syntax")


def load_data(text: str) -> tuple[Any, list[YamlIssue]]:
    """Parse one YAML document into plain data.

    Returns the data and the problems that still let it be read (duplicate keys, where the
    first value is kept); raises YamlSyntaxError for those that stop reading.
    """
    loader = _DataLoader(text)
    try:
        data = loader.get_single_data()
    except YamlSyntaxError:
        raise
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(_yaml_error_issue(exc, text)) from None
    finally:
        loader.dispose()
    return data, loader.issues


def compose(text: str) -> Node | None:
    """The file's node tree, with marks; None for an empty document."""
    loader = _ComposeLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
