"""`commit start`: a milestone's work has begun."""

from __future__ import annotations

from typing import Annotated

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.completion import complete_milestone
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, OnOption, day_or_today, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption

MilestoneArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="A milestone id.",
        show_default=False,
        autocompletion=complete_milestone,
    ),
]


@handle_edit_errors
def start(
    ident: MilestoneArgument,
    on: OnOption = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record that work on a milestone started (status in_progress, actual start).

    Example: commit start ppc4-labour-migration-seminar --on 2006-03-06
    """
    from functools import partial

    from commit_cli.edit.operations import start as operation

    context = current()
    day = day_or_today(context, on)
    return perform(
        context,
        plan,
        "start",
        ident,
        ("milestone",),
        partial(operation, on=day),
        dry_run,
        json_output,
    )
