"""YAML mistakes, explained: libyaml's errors as problems a plan author can fix.

libyaml names what its parser expected, often on the line after the mistake. These
explain the mistakes plan authors make, in plain words with the likely fix, at the line
they wrote wrong (a line and column, 1-based): a ': ' inside a value, a missing space after
a colon, a key or list item out of line, an unclosed quote or bracket; and, before those,
control characters, tags and tabs. Anything else is reported in libyaml's own words.

Only a file that does not parse needs this module: the reader imports it then.
"""

from __future__ import annotations

import re

import yaml

from commit_cli.safetext import escape_char
from commit_cli.yamlio.issues import YamlIssue
from commit_cli.yamlio.lines import LineIndex

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
    """`text` quoted as `commit fmt` writes it, so that the fix a message suggests is the
    layout `fmt --check` accepts."""
    from commit_cli.yamlio.scalars import text_lines

    return text_lines(text, 0, 0, flow=True)[0]


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


def yaml_error_issue(exc: yaml.YAMLError, text: str) -> YamlIssue:
    """The problem behind libyaml's error `exc` in `text`, at its place, explained where we can."""
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
