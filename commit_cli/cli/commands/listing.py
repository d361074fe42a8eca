"""`commit list`: a table of milestones or indicators."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import current
from commit_cli.cli.exits import handle_errors
from commit_cli.cli.options import (
    AreaFilter,
    AsOfOption,
    CountryFilter,
    JsonFlag,
    PlanOption,
    PPCFilter,
    RevOption,
    StrictFlag,
    option_day,
    option_period,
    read_as_of,
)
from commit_cli.cli.plan_access import read_scope, readable_plan


def _period_option(name: str, what: str) -> Any:
    return typer.Option(
        name,
        metavar="PERIOD",
        help=f"Only milestones {what} in PERIOD (2006-H1, 2006, 2006-Q3, 2006-05 or a day),"
        " as known on the --as-of day.",
        show_default=False,
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
    done_in: Annotated[str | None, _period_option("--done-in", "done (actual end)")] = None,
    started_in: Annotated[
        str | None, _period_option("--started-in", "started (actual start)")
    ] = None,
    due_in: Annotated[str | None, _period_option("--due-in", "due (window end)")] = None,
    as_of: AsOfOption = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="KEY",
            help="Sort by plan (file order), id, ppc, due, start, actual (actual end, else"
            " start), status, kind or title; indicators: plan, id, ppc, title, target,"
            " latest, cumulative or percent.",
        ),
    ] = "plan",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    json_output: JsonFlag = False,
    strict: StrictFlag = False,
) -> int:
    """A table of milestones or indicators, filtered and sorted.

    Example: commit list milestones --done-in 2006-H1 --sort actual
    """
    explicit = read_as_of(as_of)
    before, after = option_day(due_before, "--due-before"), option_day(due_after, "--due-after")
    periods = {
        "done_in": option_period(done_in, "--done-in"),
        "started_in": option_period(started_in, "--started-in"),
        "due_in": option_period(due_in, "--due-in"),
    }
    from commit_cli.query.listing import MilestoneLister, build_listing

    context = current()
    # A table of milestones without an area or country filter shows only what the plan's
    # read index holds (`query.listing_columns`); --json shows more of each milestone.
    columns = what is ListWhat.milestones and not json_output and area is None and country is None
    loaded = readable_plan(context, plan, strict, rev, explicit, columns)
    lister: MilestoneLister | None = None
    if loaded.columns is not None:
        from commit_cli.query.listing_columns import index_lister

        lister = index_lister(loaded.columns)
    day = loaded.day
    index, _ = read_scope(loaded, ppc, None, None)
    listing = build_listing(
        index,
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
        **periods,
        sort=sort,
        reverse=reverse,
        lister=lister,
    )
    if json_output:
        output.print_json(listing.to_json(streamed=True))
        return loaded.exit_code
    from commit_cli.cli import plain
    from commit_cli.cli.views.listing import listing_parts

    parts, count, code = listing_parts(listing), len(listing.rows), loaded.exit_code
    # The table holds all it shows: the plan and the rows are let go before it is laid out
    # (at 100,000 milestones, the records are half the command's memory).
    del listing, index, loaded
    plain.show(output.make_console(), parts, count)
    return code
