"""`commit status`: where the plan stands."""

from __future__ import annotations

from typing import Annotated

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
    read_as_of,
)
from commit_cli.cli.plan_access import read_scope, readable_plan


@handle_errors
def status(
    plan: PlanOption = None,
    rev: RevOption = None,
    as_of: AsOfOption = None,
    ppc: PPCFilter = None,
    area: AreaFilter = None,
    country: CountryFilter = None,
    json_output: JsonFlag = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            min=0,
            help="Show at most N overdue and N due milestones, and at most 50 PPC rows"
            " (0: everything); --json has all.",
        ),
    ] = 10,
    strict: StrictFlag = False,
) -> int:
    """Where the plan stands: progress per PPC, overdue and due milestones, indicators.

    Example: commit status --as-of 2006-06-30 --country KH
    """
    explicit = read_as_of(as_of)
    from commit_cli.query.status import plan_status
    from commit_cli.query.status_columns import plan_status_columns

    context = current()
    # Without an area or country filter, status reads only what the plan's read index holds.
    columns = area is None and country is None
    loaded = readable_plan(context, plan, strict, rev, explicit, columns)
    day = loaded.day
    index, scope = read_scope(loaded, ppc, area, country)
    if loaded.columns is not None:
        result = plan_status_columns(index, loaded.columns, day, scope)
    else:
        result = plan_status(index, day, scope)
    if json_output:
        output.print_json(result.to_json())
        return loaded.exit_code
    from commit_cli.cli import plain
    from commit_cli.cli.tables import FitTable
    from commit_cli.cli.views.status import status_view

    parts = status_view(result, limit)
    rows = sum(len(part.rows) for part in parts if isinstance(part, FitTable))
    plain.show(output.make_console(), parts, rows)
    return loaded.exit_code
