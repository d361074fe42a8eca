"""Reading plan YAML: fast, safe, and strict about what YAML may hold.

The read path uses libyaml (PyYAML's C parser) and builds plain Python data; it keeps no
positions. `compose` re-reads a file into a node tree with line and column marks, and is only
called when a problem must be shown (see `yamlio.positions`). Both share one resolver set, so they
agree on what every scalar is.

What is refused, each with its place in the file: every tag but the plain ones (so no Python
objects, sets, ordered maps or binary; only mappings, lists, text, numbers, booleans and null
are ever built), a plain tag on a value it does not fit (`!!int abc`), aliases (an "alias
bomb" would otherwise expand exponentially when validated or exported), merge keys,
duplicate keys, numbers longer than MAX_NUMBER_CHARS (Python would refuse or crawl), and
YAML 1.1's octal (`010` is 8) and base-60 (`1:30` is 90) numbers, which surprise authors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from commit_cli.safetext import escape_char, one_line
from commit_cli.yamlio.lines import LineIndex

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


MAX_NUMBER_CHARS = 40
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
# What plan numbers may look like: plain ASCII decimal. YAML 1.1 also reads hex, binary,
# underscores and a leading '+', and Python's int() reads other scripts' digits: each would
# let `0x7D6` or `٢٠٠٦` stand for the year 2006.
_PLAIN_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$", re.ASCII)
_PLAIN_FLOAT = re.compile(
    r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$"
    r"|^\.(?:nan|NaN|NAN)$",
    re.ASCII,
)


def number_problem(text: str, tag: str, in_file: bool = True) -> tuple[str, str] | None:
    """What is wrong with a number written `text` (that YAML would tag `tag`), as a message
    and a code, or None when it may stand: the one reading of numbers, for plan files and
    for values given on the command line (`in_file` False: no advice to quote it)."""
    if len(text) > MAX_NUMBER_CHARS:
        quote = " (put it in quotes if it is text)" if in_file else ""
        return (
            f"a number of {len(text)} characters is too long; numbers in a plan have at most"
            f" {MAX_NUMBER_CHARS} characters{quote}",
            "number-too-long",
        )
    shown = one_line(text)
    if ":" in text:
        quote = f"put it in quotes ('{shown}') if it is text, or " if in_file else ""
        return (
            f"'{shown}' would be read as a base-60 number; {quote}write the number itself",
            "yaml-base-60",
        )
    if tag == _INT_TAG and _OCTAL.match(text):
        plain = text.lstrip("+-0") or "0"
        quote = f", or put it in quotes ('{text}') if it is text" if in_file else ""
        return (f"'{text}' would be read as an octal number; write {plain}{quote}", "yaml-octal")
    plain_form = _PLAIN_INT if tag == _INT_TAG else _PLAIN_FLOAT
    looks_numeric = any(c.isdigit() for c in text)  # else the tag message says more
    if looks_numeric and not plain_form.match(text):
        quote = ", or put it in quotes if it is text" if in_file else ""
        return (
            f"'{shown}' is not written as a plain decimal number; write it with the digits"
            f" 0-9 only (no 0x, 0b, '_' or '+'){quote}",
            "yaml-number-form",
        )
    return None


def _issue_at(lines: LineIndex, mark: Any, message: str, code: str) -> YamlIssue:
    line, column = lines.position(mark.index)
    return YamlIssue(line, column, message, code)


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
_YAML_TAG = "tag:yaml.org,2002:"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_NULL_TAG = "tag:yaml.org,2002:null"
_NUMBER_TAGS = (_INT_TAG, _FLOAT_TAG)
_NULL_WORDS = ("", "~", "null", "Null", "NULL")
_TAG_WORDS = {
    _INT_TAG: "a whole number",
    _FLOAT_TAG: "a number",
    _BOOL_TAG: "true or false",
    "tag:yaml.org,2002:seq": "a list",
    "tag:yaml.org,2002:map": "a mapping",
    "tag:yaml.org,2002:str": "text",
}
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
            return plain_tag(value) if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


_BY_FIRST_CHAR = _ComposeLoader._by_first_char


def plain_tag(value: str) -> str:
    """The tag a plain (unquoted) scalar written as `value` gets in plan files: a table
    lookup by first character, remembered for short values (statuses, kinds, dates and
    country codes repeat thousands of times in a large plan)."""
    tag = _TAGS_SEEN.get(value)
    if tag is not None:
        return tag
    tag = _STR_TAG
    for candidate, regexp in _BY_FIRST_CHAR.get(value[:1], ()):
        if regexp.match(value):
            tag = candidate
            break
    if len(value) <= 24 and len(_TAGS_SEEN) < 50_000:
        _TAGS_SEEN[value] = tag
    return tag


_TAGS_SEEN: dict[str, str] = {}


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
        if node.__class__ is ScalarNode and node.tag in _NUMBER_TAGS:
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
            if node.tag == _STR_TAG:
                return node.value
        elif self._depth >= DIRECT_DEPTH:
            pass  # deeper: see DIRECT_DEPTH
        elif kind is MappingNode:
            if node.tag == _MAP_TAG:
                assert isinstance(node, MappingNode)
                self._depth += 1  # not restored on an error: the loader is then discarded
                mapping = self._mapping(node, self._build)
                self._depth -= 1
                return mapping
        elif kind is SequenceNode and node.tag == _SEQ_TAG:
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
            if key_node.__class__ is ScalarNode and key_node.tag == _STR_TAG:
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
        plain = key_node.__class__ is ScalarNode and key_node.tag == _STR_TAG
        seen.setdefault(key_node.value if plain else build(key_node), key_node)
    return seen


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
    lines = LineIndex(text)
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml gives this one as a byte offset into the UTF-8 text, not a character index
        index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        line, column = lines.position(index)
        character = escape_char(chr(exc.character)) if isinstance(exc.character, int) else "?"
        return YamlIssue(
            line,
            column,
            f"a control character ({character}) is not allowed in a plan file; delete it"
            " (it often comes with text copied from a PDF)",
            "control-character",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = lines.position(mark.index) if mark is not None else (1, 1)
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc.problem):
        tag = str(exc.problem).split("'")[1] if "'" in str(exc.problem) else "?"
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return YamlIssue(
            line,
            column,
            f"tag '{tag}' is not allowed: plan files hold plain data only (remove the tag)",
            "yaml-tag",
        )
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
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
    if tag in _NUMBER_TAGS:
        found = number_problem(text, tag, in_file=False)
        if found is not None:
            raise YamlSyntaxError(YamlIssue(1, 1, *found))
    return scalar_value(ScalarNode(tag, text))
