"""`commit done`: a milestone was held or completed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.start import MilestoneArgument
from commit_cli.cli.editing import (
    DryRunFlag,
    EditJsonFlag,
    OnOption,
    checked_day,
    day_or_today,
    perform,
)
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption
from commit_cli.errors import UsageError
from commit_cli.safetext import one_line


def _by_country(values: list[str] | None) -> list[tuple[str, int, str]]:
    """Each --country CODE=N as (the country as typed, N, the argument); the country is
    looked up in the plan once it is loaded (`edit.countries`)."""
    from commit_cli.edit.arguments import whole_number

    pairs = []
    for value in values or []:
        code, equals, count = value.rpartition("=")
        if not code.strip() or not equals:
            raise UsageError(f"--country {one_line(value)}: write CODE=N, e.g. --country KH=5")
        pairs.append((code, whole_number("--country", count, value), value))
    return pairs


def _count(option: str, text: str | None) -> int | None:
    from commit_cli.edit.arguments import whole_number

    return None if text is None else whole_number(option, text)


@handle_edit_errors
def done(
    ident: MilestoneArgument,
    on: OnOption = None,
    started: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="The day it started, if not recorded yet.",
            show_default=False,
        ),
    ] = None,
    attended: Annotated[
        str | None,
        typer.Option("--attended", metavar="N", help="How many took part.", show_default=False),
    ] = None,
    women: Annotated[
        str | None,
        typer.Option(
            "--women", metavar="N", help="How many of them were women.", show_default=False
        ),
    ] = None,
    men: Annotated[
        str | None,
        typer.Option("--men", metavar="N", help="How many of them were men.", show_default=False),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            metavar="CODE=N",
            help="How many came from a country: its code, name or an alias (repeat).",
            show_default=False,
        ),
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", metavar="TEXT", help="What came of it.", show_default=False),
    ] = None,
    report: Annotated[
        str | None,
        typer.Option("--report", metavar="URL", help="Link to its report.", show_default=False),
    ] = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record that a milestone was held or completed, with attendance and outcome.

    Example: commit done ppc4-labour-migration-seminar --on 2006-03-10 --attended 27 --women 12
    --men 15 --country KH=14 --country Thailand=13
    """
    from functools import partial

    from commit_cli.core.model import PlanHeader
    from commit_cli.edit.countries import by_country
    from commit_cli.edit.operations import done as operation

    context = current()
    action = partial(
        operation,
        on=day_or_today(context, on),
        started=checked_day("--from", started) if started is not None else None,
        attended=_count("--attended", attended),
        women=_count("--women", women),
        men=_count("--men", men),
        outcome=outcome,
        report=report,
    )
    given = _by_country(country)

    def with_plan(header: PlanHeader) -> Callable[[dict[str, Any]], str]:
        return partial(action, by_country=by_country("--country", given, header.countries))

    return perform(
        context,
        plan,
        "done",
        ident,
        ("milestone",),
        action,
        dry_run,
        json_output,
        with_plan=with_plan,
    )
