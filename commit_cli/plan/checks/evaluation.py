"""Evaluation: how a PPC is to be judged. The plan asks that "Provisions for evaluation will be
included in each Project Proposal" (line 626 of the COMMIT text), so a PPC whose work has
started says what they are (`evaluation`); and a target the text gives no number for, marked
`target_inferred: true`, says in its notes what it is inferred from, so that a reader of the
report can weigh it.

Both are about one PPC file (`check_file`), so what they find is kept per file. "Started" is
judged as the other progress rules judge work taken up: a milestone recorded done or in
progress. A plan with no recorded progress (the bundled plan) never asks for an evaluation.
"""

from __future__ import annotations

from commit_cli.core.model import PPC
from commit_cli.core.vocabulary import Status
from commit_cli.plan.checks.context import FileContext, Place, Rule
from commit_cli.problems import Severity

NO_EVALUATION = Rule(
    "no-evaluation",
    Severity.warning,
    "a PPC whose work has started (a milestone done or in progress) gives its provisions for"
    " evaluation (`evaluation`): they are part of each Project Proposal",
)
INFERRED_TARGET_UNEXPLAINED = Rule(
    "inferred-target-unexplained",
    Severity.warning,
    "an indicator whose target is inferred (`target_inferred: true`) says in its notes that it"
    " is inferred, and from what",
)
RULES = (NO_EVALUATION, INFERRED_TARGET_UNEXPLAINED)
TAKEN_UP = (Status.in_progress, Status.done)


def _started(ppc: PPC) -> str | None:
    """The id of the first milestone of `ppc` recorded done or in progress, if any."""
    return next((m.id for m in ppc.milestones if m.status in TAKEN_UP), None)


def check_file(context: FileContext, ppc: PPC) -> None:
    if not (ppc.evaluation or "").strip():
        started = _started(ppc)
        if started is not None:
            context.report(
                NO_EVALUATION,
                context.at("id"),
                f"{ppc.label} has started ('{started}' is under way or done) but gives no"
                " provisions for its evaluation; add `evaluation:` with them, in its Project"
                " Proposal's words",
                fix=f"`commit set {ppc.id} evaluation TEXT`",
            )
    for i, indicator in enumerate(ppc.indicators):
        if indicator.target_inferred and "inferred" not in (indicator.notes or "").lower():
            context.report(
                INFERRED_TARGET_UNEXPLAINED,
                Place(context.file, ("indicators", i, "target_inferred")),
                f"indicator '{indicator.id}': its target is inferred, but its notes do not say"
                ' so; add notes saying what it is inferred from ("Inferred from ...")',
                fix=f"`commit set {indicator.id} notes TEXT`",
            )
