"""The pull-request gate: judge the plan by what a change adds, not by what it inherited.

`commit validate --new-since REV` fails on every error, old or new (an error is never left
alone: the plan cannot be read as the model says), and on a warning only when REV does not
have it. Problems are matched as `commit diff` matches them (`review.only_in`: by file
inside the plan folder, code and message, so lines that moved do not make a problem new).
With `strict`, every warning fails, as with plain `validate --strict`.

A week of ordinary work leaves warnings a reviewer wants to see (a course held while the
assessment it depends on is still recorded as planned): the gate shows them on the pull
request that adds them, and no later pull request inherits the failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from commit_cli.history.review import only_in
from commit_cli.problems import Problem, Severity


@dataclass(frozen=True)
class Verdict:
    """Each problem of the plan judged against `base`: whether it is new there, and
    whether the plan fails the gate."""

    base: str
    strict: bool
    judged: tuple[tuple[Problem, bool], ...]  # each problem, and whether it is new

    def fails(self, problem: Problem, new: bool) -> bool:
        return problem.severity == Severity.error or new or self.strict

    @property
    def failing(self) -> list[Problem]:
        return [problem for problem, new in self.judged if self.fails(problem, new)]

    @property
    def left_alone(self) -> list[Problem]:
        """The warnings `base` has too (none with `strict`: then every warning fails)."""
        return [problem for problem, new in self.judged if not self.fails(problem, new)]

    @property
    def failed(self) -> bool:
        return any(self.fails(problem, new) for problem, new in self.judged)

    def count(self, severity: Severity, new: bool | None = None) -> int:
        """How many problems of `severity` (only the new ones, or only the old ones, when
        `new` says), counting those a summary line stands for."""
        return sum(
            problem.count
            for problem, is_new in self.judged
            if problem.severity == severity and (new is None or is_new == new)
        )


def judge(
    base: Sequence[Problem], head: Sequence[Problem], base_label: str, strict: bool = False
) -> Verdict:
    """The problems of the plan judged (`head`) against those of `base`."""
    new = {id(problem) for problem in only_in(head, base)}
    return Verdict(base_label, strict, tuple((problem, id(problem) in new) for problem in head))
