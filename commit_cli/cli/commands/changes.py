"""`commit changes`: what changed in the plan over a range of history, and who changed it."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import current
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.options import PlanOption
from commit_cli.cli.plan_access import repository
from commit_cli.errors import UsageError


class ChangesFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="REV|DATE",
        help="Changes after this revision (not in its history), or on or after this day"
        " (YYYY-MM-DD). Default: the beginning.",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="REV|DATE",
        help="Changes up to this revision, or on or before this day (YYYY-MM-DD). Default: HEAD.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    ChangesFormat,
    typer.Option("--format", help="text, md (Markdown, for reports and pull requests) or json."),
]


@handle_errors
def changes(
    plan: PlanOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar="PERIOD",
            help="Changes committed in this period (2006-H1, 2006-Q3, 2006-05, 2006): the same"
            " as --since its first day --until its last.",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = ChangesFormat.text,
) -> int:
    """What changed in the plan, grouped by PPC.

    Each change comes with its commit, author, date and pull request.

    Status transitions, actual dates, attendance, postponements, windows moved, values
    recorded, targets revised (with the commit message as the rationale), milestones and
    indicators added, removed or renamed, narratives added, and any other field.
    Example: commit changes --period 2006-H1 --format md
    """
    from commit_cli.history.walk import parse_bound, period_bounds, plan_history

    first, last = parse_bound(since, "--since"), parse_bound(until, "--until")
    if period is not None:
        if since is not None or until is not None:
            raise UsageError("--period stands for --since and --until; give one or the other")
        first, last = period_bounds(period)
    with repository(plan) as repo, output.progress("Reading the plan's history") as progress:
        history = plan_history(repo, first, last, current().cache(), progress)
    from commit_cli.history import render

    if output_format == ChangesFormat.json:
        output.print_json(history.to_json())
    elif output_format == ChangesFormat.md:
        output.write(render.history_markdown(history))
    else:
        output.write(render.history_text(history))
    return OK
