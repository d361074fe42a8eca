"""`commit timeline`: the schedule as a terminal Gantt chart."""

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
)


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
) -> int:
    """The schedule as a Gantt chart: one line per milestone, grouped by PPC.

    Milestones within a PPC come after those they depend on. Example: commit timeline --by
    quarter --ppc ppc-1
    """
    loaded, day = plan_as_of(plan, rev, as_of)
    from commit_cli.query.index import resolve_scope
    from commit_cli.query.timeline import chart_geometry
    from commit_cli.query.timeline import timeline as build_timeline

    chart = build_timeline(loaded, day, resolve_scope(loaded, ppc, area, country), str(by))
    if json_output:
        output.print_json(chart.to_json())
        return OK
    from commit_cli.cli.views import timeline_view

    console = output.make_console()
    output.emit(console, timeline_view(chart, chart_geometry(chart, console.width)))
    return OK
