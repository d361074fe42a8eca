"""What reading YAML finds wrong: a `YamlIssue` at a 1-based line and column, and the
`YamlSyntaxError` that carries one when it stops the file from being read.

The reader's refusals (`yamlio.reader`) and its explanations of libyaml's errors
(`yamlio.syntax_errors`) both speak in these terms."""

from __future__ import annotations

from dataclasses import dataclass


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
