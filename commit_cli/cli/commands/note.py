"""`commit note`: a dated note on a milestone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.start import MilestoneArgument
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, OnOption, day_or_today, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption


@handle_edit_errors
def note(
    ident: MilestoneArgument,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note.", show_default=False)],
    on: OnOption = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="NAME",
            help="Who writes it (default: git config user.name, else your login).",
            show_default=False,
        ),
    ] = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Add a dated note to a milestone's log.

    Example: commit note ppc4-labour-migration-seminar "Venue booked in Vientiane." --on
    2006-01-20
    """
    from functools import partial

    from commit_cli.edit.authors import author
    from commit_cli.edit.operations import note as operation

    context = current()
    day = day_or_today(context, on)

    def with_author(folder: Path) -> Callable[[dict[str, Any]], str]:
        return partial(operation, text=text, on=day, by=by or author(folder))

    placeholder = partial(operation, text=text, on=day, by=by or "")
    return perform(
        context,
        plan,
        "note",
        ident,
        ("milestone",),
        placeholder,
        dry_run,
        json_output,
        folder_operation=with_author,
    )
