"""What a plain scalar is in a plan file: YAML 1.1's resolvers, less two surprises for plan
authors (dates stay text; only true/false are booleans).

`ComposeLoader` is libyaml's parser with these resolvers; the reader builds its data loader
on it and composes node trees with it, so reading data and finding positions agree on what
every scalar is. `plain_tag`, `scalar_value` and `plain_value` answer the same question for
one value: for the writers (a text that would read back as something else is quoted) and for
values typed on the command line."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from yaml.nodes import ScalarNode, SequenceNode

from commit_cli.yamlio.issues import YamlIssue, YamlSyntaxError
from commit_cli.yamlio.numbers import NUMBER_TAGS, number_problem

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
BOOL_TAG = "tag:yaml.org,2002:bool"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_STRICT_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _plan_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """YAML 1.1's resolvers, less two surprises for plan authors.

    Dates stay strings so that the model reports an impossible date such as 2006-13-45 with
    its place, instead of the parser failing; and only true/false are booleans, so that a
    country code such as NO or a value such as `on` stays the text the author wrote.
    """
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if tag not in (_TIMESTAMP_TAG, BOOL_TAG)]
        if first in "tTfF":
            kept.append((BOOL_TAG, _STRICT_BOOL))
        if kept:
            resolvers[first] = kept
    return resolvers


_PLAN_RESOLVERS = _plan_resolvers()


class ComposeLoader(yaml.CSafeLoader):
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
            return plain_tag(value) if implicit[0] else STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


_BY_FIRST_CHAR = ComposeLoader._by_first_char


def plain_tag(value: str) -> str:
    """The tag a plain (unquoted) scalar written as `value` gets in plan files: a table
    lookup by first character, remembered for short values (statuses, kinds, dates and
    country codes repeat thousands of times in a large plan)."""
    tag = _TAGS_SEEN.get(value)
    if tag is not None:
        return tag
    tag = STR_TAG
    for candidate, regexp in _BY_FIRST_CHAR.get(value[:1], ()):
        if regexp.match(value):
            tag = candidate
            break
    if len(value) <= 24 and len(_TAGS_SEEN) < 50_000:
        _TAGS_SEEN[value] = tag
    return tag


_TAGS_SEEN: dict[str, str] = {}


_SAFE_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def scalar_value(node: ScalarNode) -> Any:
    """What a scalar node holds, as the plan reader builds it (dates stay text)."""
    constructor = _SAFE_CONSTRUCTOR.yaml_constructors.get(node.tag)
    if constructor is None:
        return node.value
    return constructor(_SAFE_CONSTRUCTOR, node)


def plain_value(text: str) -> Any:
    """The value `text` has when written plain in a plan file: `3` a number, `true` a
    boolean, `2006-H1` and `2006-03-14` text. A number a plan file would refuse (`010`,
    `1:30`, `0x10`, 41 digits) raises YamlSyntaxError, as it does in a file."""
    tag = plain_tag(text)
    if tag in NUMBER_TAGS:
        found = number_problem(text, tag, in_file=False)
        if found is not None:
            raise YamlSyntaxError(YamlIssue(1, 1, *found))
    return scalar_value(ScalarNode(tag, text))
