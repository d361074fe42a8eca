"""`commit list`: a table of milestones or indicators."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.loading import plan_as_of
from commit_cli.cli.options import (
    AreaFilter,
    AsOfOption,
    CountryFilter,
    JsonFlag,
    PlanOption,
    PPCFilter,
    RevOption,
    option_day,
)


class ListWhat(StrEnum):
    milestones = "milestones"
    indicators = "indicators"


@handle_errors
def list_(
    what: Annotated[
        ListWhat, typer.Argument(help="What to list: milestones or indicators.", show_default=False)
    ],
    plan: PlanOption = None,
    rev: RevOption = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="S",
            help="Only milestones with this status (repeat, or separate with commas).",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="K",
            help="Only milestones of this kind (repeat, or separate with commas).",
            show_default=False,
        ),
    ] = None,
    ppc: PPCFilter = None,
    area: AreaFilter = None,
    country: CountryFilter = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only overdue milestones (as of --as-of).")
    ] = False,
    due_before: Annotated[
        str | None,
        typer.Option(
            "--due-before",
            metavar="DATE",
            help="Only milestones whose window ends on or before DATE.",
            show_default=False,
        ),
    ] = None,
    due_after: Annotated[
        str | None,
        typer.Option(
            "--due-after",
            metavar="DATE",
            help="Only milestones whose window ends on or after DATE.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="KEY",
            help="Sort by plan (file order), id, ppc, due, start, status, kind or title;"
            " indicators: plan, id, ppc, title, target or latest.",
        ),
    ] = "plan",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    json_output: JsonFlag = False,
) -> int:
    """A table of milestones or indicators, filtered and sorted.

    Example: commit list milestones --overdue --as-of 2007-01-01 --sort due
    """
    before, after = option_day(due_before, "--due-before"), option_day(due_after, "--due-after")
    loaded, day = plan_as_of(plan, rev, as_of)
    from commit_cli.query.listing import build_listing

    listing = build_listing(
        loaded,
        str(what),
        day,
        ppc=ppc,
        area=area,
        country=country,
        statuses=status,
        kinds=kind,
        overdue=overdue,
        due_before=before,
        due_after=after,
        sort=sort,
        reverse=reverse,
    )
    if json_output:
        output.print_json(listing.to_json())
        return OK
    from commit_cli.cli.views import listing_view

    output.emit(output.make_console(), listing_view(listing))
    return OK
