"""`commit due`: who still owes a report for a reporting period."""

from __future__ import annotations

from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import current
from commit_cli.cli.exits import handle_errors
from commit_cli.cli.options import AsOfOption, JsonFlag, PlanOption, StrictFlag, read_as_of


@handle_errors
def due(
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar="PERIOD",
            help="The reporting period, e.g. 2006-H1 (default: the one running; the last one"
            " once the plan has ended).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="ppc|lead|country",
            help="Group by PPC, lead agency or country task force.",
        ),
    ] = "ppc",
    as_of: AsOfOption = None,
    plan: PlanOption = None,
    json_output: JsonFlag = False,
    markdown: Annotated[
        bool,
        typer.Option("--markdown", help="Print it as Markdown (the body of the period's issue)."),
    ] = False,
    strict: StrictFlag = False,
) -> int:
    """What each PPC, lead agency or country task force has not recorded for a period.

    Milestones past their window with no outcome, indicator values not recorded, progress
    updates not written; each group with its share complete. Counted as of the period's last
    day, or today (--as-of) while the period runs.

    Example: commit due --period 2006-H1 --by country
    """
    from commit_cli.cli.plan_access import readable_plan
    from commit_cli.core.periods import (
        PeriodError,
        ReportingCalendar,
        parse_period_label,
        span_of,
    )
    from commit_cli.errors import UsageError
    from commit_cli.query.due import GROUPINGS, due_on
    from commit_cli.safetext import one_line

    if by not in GROUPINGS:
        raise UsageError(f"--by {one_line(by)}: group by {', '.join(GROUPINGS)}")
    context = current()
    loaded = readable_plan(context, plan, strict, None, read_as_of(as_of))
    cadence = loaded.plan.reporting.cadence_months
    if period is None:
        calendar = ReportingCalendar(span_of(loaded.plan.period), cadence)
        day = min(max(loaded.day, calendar.first.start), calendar.last.end)
        running = calendar.containing(day)
        reporting = running if running is not None else calendar.last
    else:
        try:
            reporting = parse_period_label(period.strip(), cadence)
        except PeriodError as exc:
            raise UsageError(f"--period {one_line(period)}: {exc}") from None
    result = due_on(loaded.plan, reporting, loaded.day, by)
    if json_output:
        output.print_json(result.to_json())
        return loaded.exit_code
    from commit_cli.query.due_text import due_lines, due_markdown

    if markdown:
        output.write(due_markdown(result))
        return loaded.exit_code
    for line in due_lines(result):
        output.line(line)
    return loaded.exit_code
