"""One type for everything that can be wrong with a plan's files: `Problem`, with its place."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

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
    # `summarise_repeats`); 0 for an ordinary problem.
    more: int = 0
    # The command that clears it, when the rule knows one (`commit done ppc1-assessment`):
    # what an edit that adds the problem says after "recorded".
    fix: str = ""

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


def of_file(problems: tuple[Problem, ...], file: str) -> tuple[Problem, ...]:
    """A file's own `problems`, read back from a cache entry keyed by its bytes alone, as
    problems of `file`, its name in this run: the run that stored them may have named it
    otherwise (from another folder, before a rename, in another checkout)."""
    return tuple(p if p.file == file else replace(p, file=file) for p in problems)


def problems_to_json(problems: list[Problem]) -> bytes:
    """Problems, path and all, for the cache (see `cache`)."""
    return json.dumps([asdict(problem) for problem in problems]).encode()


def problems_from_json(data: bytes) -> list[Problem]:
    return problems_from_data(json.loads(data))


def problems_from_data(entries: list[dict[str, Any]]) -> list[Problem]:
    """Problems from `problems_to_json`'s data, read back (raises ValueError, TypeError or
    KeyError for data that is not)."""
    return [
        Problem(**{**entry, "path": tuple(entry["path"]), "severity": Severity(entry["severity"])})
        for entry in entries
    ]


MAX_ALIKE = 100  # problems of one code shown per file; the rest are summed up in one line


def summarise_repeats(problems: list[Problem], limit: int = MAX_ALIKE) -> list[Problem]:
    """At most `limit` problems of one code per file, then one line saying how many more:
    a broken generator or a bad merge can produce thousands of one mistake, and a reader
    needs the first few and the count, not megabytes. Summing up twice gives the same."""
    totals: dict[tuple[str, str], int] = {}
    shown: dict[tuple[str, str], int] = {}
    anchors: dict[tuple[str, str], Problem] = {}
    kept: list[Problem] = []
    for problem in problems:
        key = (problem.file, problem.code)
        totals[key] = totals.get(key, 0) + problem.count
        if problem.more or shown.get(key, 0) >= limit:
            anchors.setdefault(key, problem)
            continue
        kept.append(problem)
        shown[key] = shown.get(key, 0) + 1
        anchors[key] = problem
    for key, total in totals.items():
        hidden = total - shown.get(key, 0)
        if hidden > 0:
            kept.append(
                replace(
                    anchors[key],
                    message=f"… and {hidden:,} more problems like this ({key[1]}) in this file",
                    more=hidden,
                )
            )
    return kept
