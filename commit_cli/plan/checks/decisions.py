"""Decisions: the meetings' decisions (`decisions.yaml`) name what exists, supersede only an
earlier decision that exists, and every decision a postponement, cancellation or target cites
is one of them.

The decisions file's own rules run on every check (`check_progress`), never kept, and only
for a plan that has decisions; a PPC file's citations are checked with its own rules
(`check_file`), which read the decisions' ids among the header's facts.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from commit_cli.core.model import PPC, Decision
from commit_cli.plan.checks.context import (
    UNKNOWN_REFERENCE,
    FileContext,
    Place,
    PlanContext,
    Rule,
)
from commit_cli.plan.checks.ids import DUPLICATE_ID
from commit_cli.plan.sources import DECISIONS_FILE
from commit_cli.problems import Severity

BAD_SUPERSEDES = Rule(
    "bad-supersedes",
    Severity.error,
    "a decision supersedes another decision that exists and was taken before it",
)
RULES = (BAD_SUPERSEDES,)


def decisions_file(context: PlanContext) -> str:
    """The name the decisions file is shown by: beside the header."""
    return str(PurePosixPath(context.header_file).with_name(DECISIONS_FILE))


def _ids(context: PlanContext) -> dict[str, set[str]]:
    ppcs = context.plan.ppcs
    return {
        "milestones": {ident for progress in context.view.progress() for ident in progress.ids},
        "indicators": {i.id for ppc in ppcs for i in ppc.indicators},
        "ppcs": {ppc.id for ppc in ppcs},
    }


def _affected(
    context: PlanContext, file: str, i: int, decision: Decision, known: dict[str, set[str]]
) -> None:
    for field, ids in known.items():
        for j, ident in enumerate(getattr(decision, field)):
            if ident not in ids:
                context.report(
                    UNKNOWN_REFERENCE,
                    Place(file, ("decisions", i, field, j)),
                    f"decision '{decision.id}': {field}: unknown id '{ident}'",
                )


def _supersedes(
    context: PlanContext, file: str, i: int, decision: Decision, by_id: dict[str, Decision]
) -> None:
    earlier = decision.supersedes
    if earlier is None:
        return
    place = Place(file, ("decisions", i, "supersedes"))
    found = by_id.get(earlier)
    if found is None:
        context.report(
            BAD_SUPERSEDES,
            place,
            f"decision '{decision.id}' supersedes '{earlier}', which is not a decision of"
            f" {DECISIONS_FILE}",
        )
    elif found is decision or found.date > decision.date:
        context.report(
            BAD_SUPERSEDES,
            place,
            f"decision '{decision.id}' ({decision.date}) supersedes '{earlier}'"
            f" ({found.date}), which was taken after it; a decision supersedes an earlier one",
        )


def check_file(context: FileContext, ppc: PPC) -> None:
    """Every decision a postponement, cancellation or target of `ppc` cites exists (the
    decisions' ids are among the header facts a file's rules read, so this is kept per
    file)."""
    for m, milestone in enumerate(ppc.milestones):
        for field, record in (
            ("postponed", milestone.postponed),
            ("cancelled", milestone.cancelled),
        ):
            cited = record.decision if record is not None else None
            if cited is not None and cited not in context.decisions:
                context.report(
                    UNKNOWN_REFERENCE,
                    context.at("milestones", m, field, "decision"),
                    f"{field}: unknown decision '{cited}'; add it (`commit decide`)",
                )
    for n, indicator in enumerate(ppc.indicators):
        cited = indicator.target_decision
        if cited is not None and cited not in context.decisions:
            context.report(
                UNKNOWN_REFERENCE,
                context.at("indicators", n, "target_decision"),
                f"target_decision: unknown decision '{cited}'; add it (`commit decide`)",
            )


def check_progress(context: PlanContext) -> None:
    if not context.plan.decisions:
        return
    file = decisions_file(context)
    by_id: dict[str, Decision] = {}
    for i, decision in enumerate(context.plan.decisions):
        if decision.id in by_id:
            context.report(
                DUPLICATE_ID,
                Place(file, ("decisions", i, "id")),
                f"the decision id '{decision.id}' is used twice; ids are unique",
            )
        by_id.setdefault(decision.id, decision)
    known = _ids(context)
    for i, decision in enumerate(context.plan.decisions):
        _affected(context, file, i, decision, known)
        _supersedes(context, file, i, decision, by_id)
