"""`commit update`: what a PPC's six-monthly summary says for a period, in words."""

from __future__ import annotations

from typing import Annotated

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.record import PeriodOption
from commit_cli.cli.completion import complete_ppc
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption

PPCArgument = Annotated[
    str,
    typer.Argument(
        metavar="PPC",
        help="A PPC: its id, label, number or file (ppc-1, 'PPC 1', 1, ppc-01.yaml).",
        show_default=False,
        autocompletion=complete_ppc,
    ),
]


@handle_edit_errors
def update(
    ppc: PPCArgument,
    period: PeriodOption,
    progress: Annotated[
        str | None,
        typer.Option(
            "--progress",
            metavar="TEXT",
            help="Progress made (replaces the period's).",
            show_default=False,
        ),
    ] = None,
    obstacle: Annotated[
        list[str] | None,
        typer.Option(
            "--obstacle",
            metavar="TEXT",
            help="An obstacle encountered (repeat).",
            show_default=False,
        ),
    ] = None,
    next_step: Annotated[
        list[str] | None,
        typer.Option("--next", metavar="TEXT", help="A next step (repeat).", show_default=False),
    ] = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record a PPC's progress, obstacles and next steps for a reporting period.

    Example: commit update ppc-1 --period 2006-H1 --progress "Two courses held." --next "Course 3"
    """
    from functools import partial

    from commit_cli.edit.operations import update as operation

    action = partial(
        operation,
        period=period,
        progress=progress,
        obstacles=obstacle or [],
        next_steps=next_step or [],
    )
    return perform(current(), plan, "update", ppc, ("ppc",), action, dry_run, json_output)
