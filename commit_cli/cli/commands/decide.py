"""`commit decide`: a decision of a meeting, in the plan's book of decisions."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, checked_day, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption


def _ids(option: str, what: str) -> Any:
    return typer.Option(
        option, metavar="ID", help=f"{what} it affects (repeat).", show_default=False
    )


@handle_edit_errors
def decide(
    ident: Annotated[
        str,
        typer.Argument(metavar="ID", help="The decision's id, e.g. som3-d4.", show_default=False),
    ],
    meeting: Annotated[
        str,
        typer.Option(
            "--meeting",
            metavar="NAME",
            help="Where it was taken: 'SOM 3', 'IMM 2', a task force.",
            show_default=False,
        ),
    ],
    on: Annotated[
        str,
        typer.Option("--on", metavar="DATE", help="The day it was taken.", show_default=False),
    ],
    text: Annotated[
        str,
        typer.Option("--text", metavar="TEXT", help="The decision.", show_default=False),
    ],
    milestone: Annotated[list[str] | None, _ids("--milestone", "A milestone")] = None,
    indicator: Annotated[list[str] | None, _ids("--indicator", "An indicator")] = None,
    ppc: Annotated[list[str] | None, _ids("--ppc", "A PPC (its id)")] = None,
    supersedes: Annotated[
        str | None,
        typer.Option(
            "--supersedes",
            metavar="ID",
            help="An earlier decision it replaces.",
            show_default=False,
        ),
    ] = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record a decision of a meeting (a SOM, an IMM, a task force) and what it affects.

    It goes to decisions.yaml beside plan.yaml (made when the plan has none), in date order;
    a postponement or cancellation then cites it with --decision.

    Example: commit decide som3-d4 --meeting "SOM 3" --on 2006-11-15 --text "Hold the
    labour migration seminar in 2007." --milestone ppc4-labour-migration-seminar
    """
    from functools import partial

    from commit_cli.edit.books import decide as operation
    from commit_cli.edit.session import DECISION

    context = current()
    action = partial(
        operation,
        ident=ident.strip(),
        meeting=meeting,
        date=checked_day("--on", on),
        text=text,
        milestones=milestone or [],
        indicators=indicator or [],
        ppcs=ppc or [],
        supersedes=supersedes,
    )
    if not dry_run:
        _make_the_book(plan)
    return perform(context, plan, "decide", ident, (DECISION,), action, dry_run, json_output)


def _make_the_book(plan: Any) -> None:
    """A decisions file with no decision yet, when the plan has none (under the plan's
    lock; never over a file, or a link, that is there)."""
    import os

    from commit_cli.atomic import write_atomically
    from commit_cli.edit.books import NEW_DECISIONS_FILE
    from commit_cli.locking import plan_lock
    from commit_cli.plan.sources import DECISIONS_FILE, find_plan_dir

    folder = find_plan_dir(plan)
    book = folder / DECISIONS_FILE
    if os.path.lexists(book):
        return
    with plan_lock(folder):
        if not os.path.lexists(book):
            write_atomically(book, NEW_DECISIONS_FILE.encode(), replace=False)
