"""`commit record`: an indicator's value for a reporting period."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.completion import complete_indicator
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption

PeriodOption = Annotated[
    str,
    typer.Option(
        "--period", metavar="PERIOD", help="The reporting period, e.g. 2006-H1.", show_default=False
    ),
]


@handle_edit_errors
def record(
    indicator: Annotated[
        str,
        typer.Argument(
            metavar="INDICATOR",
            help="An indicator id.",
            show_default=False,
            autocompletion=complete_indicator,
        ),
    ],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="The value, a number.", show_default=False)
    ],
    period: PeriodOption,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            metavar="CODE",
            help="The value is this country's: its code, name or an alias the plan lists.",
            show_default=False,
        ),
    ] = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record an indicator's value for a reporting period (or one country's part of it).

    Example: commit record ppc1-ind-courses 2 --period 2006-H1
    """
    from functools import partial

    from commit_cli.core.model import PlanHeader
    from commit_cli.edit.countries import country_code
    from commit_cli.edit.operations import record as operation

    action = partial(operation, value=value, period=period, country=None)

    def with_plan(header: PlanHeader) -> Callable[[dict[str, Any]], str]:
        code = None if country is None else country_code("--country", country, header.countries)
        return partial(operation, value=value, period=period, country=code)

    return perform(
        current(),
        plan,
        "record",
        indicator,
        ("indicator",),
        action,
        dry_run,
        json_output,
        with_plan=with_plan,
    )
