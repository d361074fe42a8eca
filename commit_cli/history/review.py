"""What a pull request does to the plan: the semantic diff between two loaded states, and
whether it leaves the plan valid (problems introduced, problems fixed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from commit_cli.core.model import PPC
from commit_cli.history.changes import Change, JsonDict, citing
from commit_cli.history.diff import HEADER, FileModel, diff_states
from commit_cli.plan.load import LoadResult
from commit_cli.plan.sources import PPC_DIR
from commit_cli.problems import Problem

ProblemKey = tuple[str, str, str]


def relative_name(name: str) -> str:
    """A plan file's name inside the plan folder, whatever source named it
    (`REV:plan/ppcs/ppc-02.yaml` and `plan/ppcs/ppc-02.yaml` are both `ppcs/ppc-02.yaml`)."""
    path = PurePosixPath(name.replace("\\", "/"))
    return HEADER if path.name == HEADER else f"{PPC_DIR}/{path.name}"


def state_of(result: LoadResult) -> dict[str, FileModel]:
    """Each file of a loaded plan by its name inside the plan folder: its model, or None
    when it could not be read or validated."""
    state: dict[str, FileModel] = {}
    for index, source in enumerate(result.files):
        if index == 0:
            state[HEADER] = result.header
        else:
            state[relative_name(source.name)] = result.ppc_files.get(source.name)
    return state


def _key(problem: Problem) -> ProblemKey:
    """What identifies a problem across two states: its file, code and message (lines move
    when text is added above)."""
    return (relative_name(problem.file), problem.code, problem.message)


def only_in(problems: Sequence[Problem], others: Sequence[Problem]) -> list[Problem]:
    """The problems of `problems` that `others` does not have, matched by file (inside the
    plan folder), code and message, each match used once: what `commit diff` calls
    introduced (head against base) or fixed (base against head)."""
    left = Counter(_key(p) for p in others)
    found = []
    for problem in problems:
        key = _key(problem)
        if left[key] > 0:
            left[key] -= 1
        else:
            found.append(problem)
    return found


@dataclass
class PlanReview:
    """The semantic diff from `base` to `head`, and the head plan's validity."""

    base: str
    head: str
    changes: list[Change]
    errors: int
    warnings: int
    introduced: list[Problem] = field(default_factory=list)
    fixed: list[Problem] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    ppc_titles: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    def to_json(self) -> JsonDict:
        return {
            "base": self.base,
            "head": self.head,
            "valid": self.valid,
            "errors": self.errors,
            "warnings": self.warnings,
            "changes": [change.to_json() for change in self.changes],
            "introduced": [problem.to_json() for problem in self.introduced],
            "fixed": [problem.to_json() for problem in self.fixed],
            "unreadable": self.unreadable,
        }


def review(base: LoadResult, head: LoadResult, base_label: str, head_label: str) -> PlanReview:
    """Compare two loaded states of the plan."""
    old, new = state_of(base), state_of(head)
    return PlanReview(
        base=base_label,
        head=head_label,
        changes=citing(diff_states(old, new), head.plan.decisions if head.plan else []),
        errors=len(head.errors),
        warnings=len(head.warnings),
        introduced=only_in(head.problems, base.problems),
        fixed=only_in(base.problems, head.problems),
        unreadable=sorted(
            {name for name, model in new.items() if model is None}
            | {name for name, model in old.items() if model is None}
        ),
        ppc_titles={
            model.id: f"{model.label} · {model.short_title}"
            for state in (old, new)
            for model in state.values()
            if isinstance(model, PPC)
        },
    )
