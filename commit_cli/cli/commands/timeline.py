"""`commit timeline`: the schedule as a terminal Gantt chart."""

from __future__ import annotations

from enum import StrEnum
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


class Granularity(StrEnum):
    half = "half"
    quarter = "quarter"
    month = "month"


@handle_errors
def timeline(
    plan: PlanOption = None,
    rev: RevOption = None,
    ppc: PPCFilter = None,
    area: AreaFilter = None,
    country: CountryFilter = None,
    by: Annotated[
        Granularity, typer.Option("--by", help="Column size: half-years, quarters or months.")
    ] = Granularity.half,
    as_of: AsOfOption = None,
    json_output: JsonFlag = False,
    strict: StrictFlag = False,
) -> int:
    """The schedule as a Gantt chart: one line per milestone, grouped by PPC.

    Milestones within a PPC come after those they depend on. Work with actual dates is drawn
    at them, its planned window faintly beside it.

    Example: commit timeline --by quarter --ppc ppc-1
    """
    explicit = read_as_of(as_of)
    from commit_cli.query.timeline import chart_geometry
    from commit_cli.query.timeline import timeline as build_timeline

    context = current()
    loaded = readable_plan(context, plan, strict, rev, explicit)
    day = loaded.day
    index, scope = read_scope(loaded, ppc, area, country)
    chart = build_timeline(index, day, scope, str(by))
    if json_output:
        output.print_json(chart.to_json())
        return loaded.exit_code
    from commit_cli.cli import plain
    from commit_cli.cli.views.timeline import timeline_parts

    console = output.make_console()
    parts = timeline_parts(chart, chart_geometry(chart, console.width))
    plain.show(console, parts, sum(len(group.milestones) for group in chart.groups))
    return loaded.exit_code
