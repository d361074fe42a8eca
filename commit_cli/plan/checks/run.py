"""How the check families run: every family registered in `FAMILIES`, each rule by its code
in `RULES`, and the parts of `check_plan` (the package's docstring says what each part reads).
What depends on the day is `plan.checks.today`, apart, so that a warm command, which runs only
that, imports none of the other families."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from typing import Protocol

from commit_cli.core.model import PPC, Plan
from commit_cli.plan.checks import (
    dates,
    decisions,
    dependencies,
    evaluation,
    funding,
    ids,
    indicators,
    progress,
    references,
    series,
    translations,
)
from commit_cli.plan.checks.context import (
    AcrossContext,
    FileContext,
    PlanContext,
    PlanView,
    RecordsView,
    Rule,
    Unreadable,
)
from commit_cli.plan.checks.facts import HeaderFileFacts, PlanFacts, header_file_facts, plan_facts
from commit_cli.problems import Problem, problems_from_data, summarise_repeats

FAMILIES = (
    ids,
    references,
    dates,
    series,
    dependencies,
    indicators,
    evaluation,
    funding,
    decisions,
    progress,
    translations,
)
RULES: dict[str, Rule] = {rule.code: rule for family in FAMILIES for rule in family.RULES}


@dataclass(frozen=True)
class Across:
    """What the rules across files found: their problems (summed up), and each indicator
    that counts milestones which all exist (PPC index, indicator index)."""

    problems: list[Problem]
    counting: list[tuple[int, int]]

    def to_json(self) -> bytes:
        problems = [asdict(problem) for problem in self.problems]
        return json.dumps({"problems": problems, "counting": self.counting}).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Across:
        """Raises ValueError (or TypeError, KeyError) for data that is not one."""
        entry = json.loads(data)
        counting = [(p, i) for p, i in entry["counting"]]
        if not all(type(p) is int and type(i) is int for p, i in counting):
            raise ValueError("counting holds something other than indexes")
        return cls(problems_from_data(entry["problems"]), counting)


class Memo(Protocol):
    """Where `check_plan` may find a part found before. `across` answers only with what
    `compute` gave for the same facts projection and file names; `file` only with what it
    gave for the same file name, PPC record and header facts."""

    def across(self, compute: Callable[[], Across]) -> Across: ...

    def file(
        self, index: int, header: HeaderFileFacts, compute: Callable[[], list[Problem]]
    ) -> list[Problem]: ...


class NoMemo:
    """Every part computed afresh."""

    def across(self, compute: Callable[[], Across]) -> Across:
        return compute()

    def file(
        self, index: int, header: HeaderFileFacts, compute: Callable[[], list[Problem]]
    ) -> list[Problem]:
        return compute()


def check_file(header: HeaderFileFacts, file: str, ppc: PPC) -> list[Problem]:
    """The problems of one PPC file's own rules."""
    context = FileContext(header, file)
    for family in FAMILIES:
        check = getattr(family, "check_file", None)
        if check is not None:
            check(context, ppc)
    return summarise_repeats(context.problems)


def check_across(
    facts: PlanFacts, header_file: str, ppc_files: Sequence[str], unreadable: Unreadable = ()
) -> Across:
    """The problems of the rules that compare files, from the facts projection alone."""
    context = AcrossContext(facts, header_file, ppc_files, unreadable)
    for family in FAMILIES:
        check = getattr(family, "check_across", None)
        if check is not None:
            check(context)
    return Across(summarise_repeats(context.problems), context.counting)


def check_progress(
    plan: Plan,
    ppc_files: Sequence[str],
    across: Across,
    unreadable: Unreadable = (),
    header_file: str = "plan.yaml",
    view: PlanView | None = None,
) -> list[Problem]:
    """The problems of the rules that compare recorded progress across files (and of the
    decisions file)."""
    context = PlanContext(plan, ppc_files, unreadable, across.counting, header_file, view)
    for family in FAMILIES:
        check = getattr(family, "check_progress", None)
        if check is not None:
            check(context)
    return context.problems


def check_plan(
    plan: Plan,
    header_file: str,
    ppc_files: list[str],
    unreadable: Unreadable = (),
    memo: Memo | None = None,
    view: PlanView | None = None,
) -> list[Problem]:
    """Every cross-object problem of a plan whose header and `ppc_files` are schema-valid;
    `unreadable` holds (file, raw data) of the PPC files that are not (what the rules across
    files find then is never memoised). With `view`, `plan`'s PPCs may come without their
    milestones: a PPC is read whole through the view only when a part not in `memo` needs it."""
    memo = memo or NoMemo()
    view = RecordsView(plan) if view is None else view

    def across() -> Across:
        whole = view.whole()
        return check_across(plan_facts(whole, whole.ppcs), header_file, ppc_files, unreadable)

    def file_part(index: int, file: str) -> list[Problem]:
        return check_file(header, file, view.ppc(index))

    found = across() if unreadable else memo.across(across)
    header = header_file_facts(plan)
    parts = [found.problems]
    for index, file in enumerate(ppc_files):
        parts.append(memo.file(index, header, partial(file_part, index, file)))
    parts.append(check_progress(plan, ppc_files, found, unreadable, header_file, view))
    return summarise_repeats([problem for part in parts for problem in part])
