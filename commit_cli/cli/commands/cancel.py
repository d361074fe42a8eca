"""`commit cancel`: a milestone will not happen, with the reason."""

from __future__ import annotations

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.postpone import DecisionOption, ReasonOption
from commit_cli.cli.commands.start import MilestoneArgument
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, OnOption, day_or_today, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption


@handle_edit_errors
def cancel(
    ident: MilestoneArgument,
    reason: ReasonOption,
    on: OnOption = None,
    decision: DecisionOption = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record that a milestone is cancelled: why, and when it was decided.

    Example: commit cancel ppc3-capacity-support --reason "The host ministry withdrew its
    invitation."
    """
    from functools import partial

    from commit_cli.edit.operations import cancel as operation

    context = current()
    action = partial(operation, reason=reason, on=day_or_today(context, on), decision=decision)
    return perform(context, plan, "cancel", ident, ("milestone",), action, dry_run, json_output)
