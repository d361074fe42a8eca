"""`commit postpone`: a milestone moves to a later window, with the reason."""

from __future__ import annotations

from typing import Annotated

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.start import MilestoneArgument
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, OnOption, day_or_today, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption

DecisionOption = Annotated[
    str | None,
    typer.Option(
        "--decision",
        metavar="ID",
        help="The decision (of decisions.yaml) that made this change, e.g. som3-d4.",
        show_default=False,
    ),
]
ReasonOption = Annotated[
    str, typer.Option("--reason", metavar="TEXT", help="Why, in a sentence.", show_default=False)
]


@handle_edit_errors
def postpone(
    ident: MilestoneArgument,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="WINDOW",
            help="The new planned window: 2007-H1, 2007-Q2, 2007-05 or a day.",
            show_default=False,
        ),
    ],
    reason: ReasonOption,
    on: OnOption = None,
    decision: DecisionOption = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record that a milestone is postponed: its new window, why, and when it was decided.

    The first planned window is kept as `from_window`.

    Example: commit postpone ppc4-bilateral-mou-seminar --to 2007-H2 --reason "Funds arrived late."
             --on 2006-05-02
    """
    from functools import partial

    from commit_cli.edit.operations import postpone as operation

    context = current()
    action = partial(
        operation, to=to, reason=reason, on=day_or_today(context, on), decision=decision
    )
    return perform(context, plan, "postpone", ident, ("milestone",), action, dry_run, json_output)
