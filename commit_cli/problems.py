"""One type for everything that can be wrong with a plan's files: `Problem`, with its place."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum

from commit_cli.safetext import github_data, github_property, one_line

PathStep = str | int
YamlPath = tuple[PathStep, ...]


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem in a plan file.

    Checks name the place by `path` (the keys and indexes from the file's top); `line` and
    `column` (1-based) are filled in by `yamlio.positions.locate_problems` only when the problem is
    about to be shown, so a valid plan never pays for position tracking.
    """

    file: str
    message: str
    code: str
    severity: Severity = Severity.error
    path: YamlPath = ()
    at_key: bool = False
    line: int = 0
    column: int = 0
    # A line that sums up this many further problems of the same code (see
    # `plan.load.summarise_repeats`); 0 for an ordinary problem.
    more: int = 0

    @property
    def count(self) -> int:
        """How many problems this line stands for."""
        return self.more or 1

    def format(self) -> str:
        message = one_line(self.message, limit=10_000)
        return f"{one_line(self.file, 1_000)}:{self.line}:{self.column}: {self.severity}: {message}"

    def github(self) -> str:
        """The problem as a GitHub Actions annotation, shown on its line in a pull request's
        diff: `::error file=…,line=…,col=…,title=…::message`. A problem with no line (a file
        that cannot be read at all) is an annotation on the file."""
        properties = [f"file={github_property(self.file)}"]
        if self.line:
            properties += [f"line={self.line}", f"col={max(self.column, 1)}"]
        properties.append(f"title={github_property(f'commit {self.code}')}")
        return f"::{self.severity} {','.join(properties)}::{github_data(self.message)}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.message)

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


def problems_to_json(problems: list[Problem]) -> bytes:
    """Problems, path and all, for the cache (see `cache`)."""
    return json.dumps([asdict(problem) for problem in problems]).encode()


def problems_from_json(data: bytes) -> list[Problem]:
    return [
        Problem(**{**entry, "path": tuple(entry["path"]), "severity": Severity(entry["severity"])})
        for entry in json.loads(data)
    ]
