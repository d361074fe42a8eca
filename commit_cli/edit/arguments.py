"""Values typed on the command line, read as a plan file reads them.

A number argument follows the rules of numbers in plan files (`yamlio.reader`): `3`, `-1`
and `2.5` are numbers; `010` (octal to YAML 1.1), `1:30` (base 60), `0x10`, `1_000`, `+5`,
digits of other scripts and numbers over 40 characters are refused, as they are in a file,
rather than read as something other than what was typed. Text is judged by the model
afterwards, with its place in the file.
"""

from __future__ import annotations

from typing import Any

from commit_cli.errors import UsageError
from commit_cli.safetext import one_line
from commit_cli.yamlio.reader import YamlSyntaxError, plain_value


def plain(option: str, text: str, typed: str | None = None) -> Any:
    """`text` as a plain value in a plan file: a number, true/false, or text; UsageError
    naming `option` and what was typed (`text`, unless `typed` says otherwise) for a number
    that a plan file would refuse."""
    try:
        return plain_value(text)
    except YamlSyntaxError as exc:
        shown = one_line(text if typed is None else typed)
        raise UsageError(f"{option} {shown}: {exc.issue.message}") from None


def whole_number(option: str, text: str, typed: str | None = None) -> int:
    """`text` as a whole number written as plan files write one; UsageError otherwise."""
    value = plain(option, text.strip(), text if typed is None else typed)
    if not isinstance(value, int) or isinstance(value, bool):
        shown = one_line(text if typed is None else typed)
        raise UsageError(f"{option} {shown}: write a whole number, e.g. 12")
    return value
