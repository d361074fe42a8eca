"""Loading, stage 3: parsing a plan file's text into plain data.

`parse` takes a screened text and returns a `FileData`: the mapping the file holds, or the
located problems of why it holds none (YAML syntax, tags, aliases, duplicate keys, an empty
file, a list or a single value at the top). Given the previous version of the file as it
was read, only what differs is read again (`yamlio.splice`). The YAML reader is imported
here, when a file is parsed: a run that finds every file in the cache never imports it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from commit_cli.problems import Problem

if TYPE_CHECKING:
    from commit_cli.yamlio.reader import YamlIssue
    from commit_cli.yamlio.splice import Parsed


class FileData(NamedTuple):
    """The mapping a file holds (None when it holds none), the problems found reading it,
    and, when asked for, the version read (its text and data) for re-reading the next one
    (None when it did not read cleanly)."""

    data: dict[str, Any] | None
    problems: tuple[Problem, ...] = ()
    parsed: Parsed | None = None


def parse(
    name: str, text: str, what: str, previous: Parsed | None = None, keep: bool = False
) -> FileData:
    """The data of the file `name` from its `text`, which should hold `what` (for the
    message when it does not): spliced from `previous` where that is safe, else read whole;
    with `keep`, the version read comes back for the next one."""
    from commit_cli.yamlio.reader import YamlSyntaxError, load_data

    parsed: Parsed | None = None
    issues: list[YamlIssue] = []
    try:
        spliced = None
        if previous is not None or keep:  # reading a history (the splicer: 1.7 ms to import)
            from commit_cli.yamlio.splice import Parsed, splice_parsed

            spliced = splice_parsed(previous, text) if previous is not None else None
        if spliced is not None:
            data: Any = spliced.data
            parsed = spliced if keep else None
        else:
            data, issues = load_data(text)
            if keep and isinstance(data, dict) and not issues:
                parsed = Parsed.of(text, data)
    except YamlSyntaxError as exc:
        return FileData(None, (_problem(name, exc.issue),))
    problems = tuple(_problem(name, issue) for issue in issues)
    if data is None:
        message = f"the file is empty; it should hold {what}"
        return FileData(None, (*problems, Problem(name, message, "empty-file", line=1, column=1)))
    if not isinstance(data, dict):
        found = _kind_of_value(data)
        message = f"the file should hold {what} (key: value lines), but holds {found}"
        problem = Problem(name, message, "not-a-mapping", line=1, column=1)
        return FileData(None, (*problems, problem))
    return FileData(data, problems, parsed)


def _problem(name: str, issue: YamlIssue) -> Problem:
    return Problem(name, issue.message, issue.code, line=issue.line, column=issue.column)


def _kind_of_value(data: object) -> str:
    """What a file holds instead of a mapping, without quoting it: the file may be a link to
    a secret, and its content must not reach a CI log."""
    if isinstance(data, list):
        return "a list"
    if isinstance(data, bool):
        return "true or false"
    if isinstance(data, int | float):
        return "a number"
    return "a single line of text"
