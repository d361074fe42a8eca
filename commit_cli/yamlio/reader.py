"""Reading plan YAML: fast, safe, and strict about what YAML may hold.

The read path uses libyaml (PyYAML's C parser) and builds plain Python data; it keeps no
positions. `compose` re-reads a file into a node tree with line and column marks, and is only
called when a problem must be shown (see `yamlio.positions`). Both share one resolver set
(`yamlio.resolve`), so they agree on what every scalar is.

What is refused, each with its place in the file: every tag but the plain ones (so no Python
objects, sets, ordered maps or binary; only mappings, lists, text, numbers, booleans and null
are ever built), a plain tag on a value it does not fit (`!!int abc`), aliases (an "alias
bomb" would otherwise expand exponentially when validated or exported), merge keys,
duplicate keys, numbers longer than MAX_NUMBER_CHARS (Python would refuse or crawl), and
YAML 1.1's octal (`010` is 8) and base-60 (`1:30` is 90) numbers, which surprise authors.
A file that does not parse is explained by `yamlio.syntax_errors`.

This module is the reader's public face: what it builds on (the problems it reports, what a
plain scalar is) is exported from here too, so callers need not know how it is divided.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from commit_cli.safetext import one_line
from commit_cli.yamlio.issues import YamlIssue, YamlSyntaxError
from commit_cli.yamlio.lines import LineIndex
from commit_cli.yamlio.numbers import (
    FLOAT_TAG,
    INT_TAG,
    NUMBER_TAGS,
    number_problem,
)
from commit_cli.yamlio.resolve import (
    BOOL_TAG,
    MAP_TAG,
    SEQ_TAG,
    STR_TAG,
    ComposeLoader,
    plain_tag,
    plain_value,
    scalar_value,
)

__all__ = [
    "YamlIssue",
    "YamlSyntaxError",
    "compose",
    "load_data",
    "plain_tag",
    "plain_value",
    "scalar_value",
]


def _issue_at(lines: LineIndex, mark: Any, message: str, code: str) -> YamlIssue:
    line, column = lines.position(mark.index)
    return YamlIssue(line, column, message, code)


_YAML_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_NULL_TAG = "tag:yaml.org,2002:null"
_NULL_WORDS = ("", "~", "null", "Null", "NULL")
_TAG_WORDS = {
    INT_TAG: "a whole number",
    FLOAT_TAG: "a number",
    BOOL_TAG: "true or false",
    "tag:yaml.org,2002:seq": "a list",
    "tag:yaml.org,2002:map": "a mapping",
    "tag:yaml.org,2002:str": "text",
}


def _alias_error(lines: LineIndex, node: Node) -> YamlSyntaxError:
    return YamlSyntaxError(
        _issue_at(
            lines,
            node.start_mark,
            "this value is reused through an alias (*name); aliases are not allowed in"
            " plan files (one alias can stand for a huge text many times), write the value"
            " out in full",
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


# Collections nested deeper than this are built by PyYAML's construction, which does not
# recurse: the direct builder takes about two Python frames a level, and libyaml accepts up to
# 1,000 levels. Plan files nest six or seven deep.
DIRECT_DEPTH = 100


class _DataLoader(ComposeLoader):
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
        self.lines = LineIndex(stream)
        self.issues: list[YamlIssue] = []
        self._collections: set[int] = set()
        # An alias (*name) hands a parent the node it names again; scalars are checked for
        # that only in a text that could hold one, since checking every scalar costs time.
        self._claim_scalars = "*" in stream
        self._depth = 0  # collections `_build` is inside

    def _refuse(self, node: Node, message: str, code: str = "yaml-value") -> YamlSyntaxError:
        return YamlSyntaxError(_issue_at(self.lines, node.start_mark, message, code))

    def _claim(self, node: Node) -> None:
        if node.__class__ is not ScalarNode or self._claim_scalars:
            if id(node) in self._collections:
                raise _alias_error(self.lines, node)
            self._collections.add(id(node))

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        """Every plain constructor's failure (`!!int abc`, `!!bool maybe`) becomes a located
        problem, and numbers that would surprise or stall are refused before conversion."""
        if node.__class__ is ScalarNode and node.tag in NUMBER_TAGS:
            self._check_number(node)
        if node.tag == _NULL_TAG and node.value not in _NULL_WORDS:
            raise self._refuse(
                node,
                f"'{one_line(node.value)}' is tagged !!null but is not"
                " empty; remove the tag or the value",
            )
        try:
            return super().construct_object(node, deep=deep)
        except (YamlSyntaxError, yaml.YAMLError):
            raise
        except Exception:  # a plain constructor met content that does not fit its tag
            expected = _TAG_WORDS.get(node.tag, "plain data")
            found = "text" if node.__class__ is ScalarNode else "a list or mapping"
            shown = f"'{one_line(node.value)}'" if node.__class__ is ScalarNode else found
            raise self._refuse(
                node,
                f"{shown} is not {expected}, but it is tagged {node.tag.replace(_YAML_TAG, '!!')};"
                " remove the tag or fix the value",
            ) from None

    def _check_number(self, node: ScalarNode) -> None:
        found = number_problem(node.value, node.tag)
        if found is not None:
            raise self._refuse(node, *found)

    def construct_document(self, node: Node) -> Any:
        """Plain data built straight from the node tree. PyYAML's general construction
        (generators for self-referencing structures, bookkeeping per node) costs more than
        libyaml's parse itself, and a plan file has no such structures (aliases are refused).
        Nodes of any other kind or tag go through `construct_object`, which checks them;
        the collections it builds are filled in afterwards, as PyYAML does."""
        data = self._build(node)
        while self.state_generators:
            generators, self.state_generators = self.state_generators, []
            for generator in generators:
                for _ in generator:
                    pass
        self.constructed_objects = {}
        self.recursive_objects = {}
        return data

    def _build(self, node: Node) -> Any:
        kind = node.__class__
        if kind is ScalarNode:
            if node.tag == STR_TAG:
                return node.value
        elif self._depth >= DIRECT_DEPTH:
            pass  # deeper: see DIRECT_DEPTH
        elif kind is MappingNode:
            if node.tag == MAP_TAG:
                assert isinstance(node, MappingNode)
                self._depth += 1  # not restored on an error: the loader is then discarded
                mapping = self._mapping(node, self._build)
                self._depth -= 1
                return mapping
        elif kind is SequenceNode and node.tag == SEQ_TAG:
            for child in node.value:
                self._claim(child)
            self._depth += 1
            items = [self._build(child) for child in node.value]
            self._depth -= 1
            return items
        return self.construct_object(node)

    def construct_sequence(self, node: SequenceNode, deep: bool = False) -> list[Any]:
        if not isinstance(node, SequenceNode):
            raise self._refuse(node, "this value is tagged !!seq but is not a list; remove the tag")
        for child in node.value:
            self._claim(child)
        return [self.construct_object(child, deep=deep) for child in node.value]

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise self._refuse(
                node, "this value is tagged !!map but is not a mapping; remove the tag"
            )
        return self._mapping(node, lambda child: self.construct_object(child, deep=deep))

    def _mapping(self, node: MappingNode, build: Callable[[Node], Any]) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        first_seen: dict[Any, Node] | None = None  # key → its first node, once one repeats
        claim_scalars = self._claim_scalars
        for key_node, value_node in node.value:
            if key_node.__class__ is ScalarNode and key_node.tag == STR_TAG:
                key = key_node.value  # most keys: plain text
            else:
                if key_node.tag == _MERGE_TAG:
                    raise YamlSyntaxError(
                        _issue_at(
                            self.lines,
                            key_node.start_mark,
                            "merge keys ('<<') are not supported; write the keys out in full",
                            "yaml-merge",
                        )
                    )
                key = build(key_node)
                if not isinstance(key, str | int | float | bool):
                    raise self._refuse(key_node, "a key must be plain text", "yaml-key")
            if key in mapping:
                if first_seen is None:
                    first_seen = _first_nodes(node, key_node, build)
                self._duplicate(first_seen[key], key, key_node)
                continue
            if first_seen is not None:
                first_seen[key] = key_node
            if value_node.__class__ is not ScalarNode or claim_scalars:
                self._claim(value_node)
            mapping[key] = build(value_node)
        return mapping

    def _duplicate(self, first: Node, key: Any, again: Node) -> None:
        """Report a key written again, at its second place, naming the first."""
        first_line, _ = self.lines.position(first.start_mark.index)
        self.issues.append(
            _issue_at(
                self.lines,
                again.start_mark,
                f"duplicate key '{key}' (first written on line {first_line}); remove one of them",
                "duplicate-key",
            )
        )


def _first_nodes(node: MappingNode, upto: Node, build: Callable[[Node], Any]) -> dict[Any, Node]:
    """Each key written in `node` before `upto`, with the node it was first written at. Those
    keys were all accepted already, so building them again is safe; the table is built once,
    at a mapping's first repeated key, so many repeats stay linear."""
    seen: dict[Any, Node] = {}
    for key_node, _ in node.value:
        if key_node is upto:
            break
        plain = key_node.__class__ is ScalarNode and key_node.tag == STR_TAG
        seen.setdefault(key_node.value if plain else build(key_node), key_node)
    return seen


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
        from commit_cli.yamlio.syntax_errors import yaml_error_issue

        raise YamlSyntaxError(yaml_error_issue(exc, text)) from None
    finally:
        loader.dispose()
    return data, loader.issues


def compose(text: str) -> Node | None:
    """The file's node tree, with marks; None for an empty document."""
    loader = ComposeLoader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
