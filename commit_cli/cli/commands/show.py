"""`commit show`: everything about one object of the plan."""

from __future__ import annotations

from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.loading import plan_as_of
from commit_cli.cli.options import AsOfOption, JsonFlag, PlanOption, RevOption


@handle_errors
def show(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A PPC, activity, area, sub-area, milestone, indicator, partner or role id,"
            " or a country code.",
            show_default=False,
        ),
    ],
    plan: PlanOption = None,
    rev: RevOption = None,
    as_of: AsOfOption = None,
    json_output: JsonFlag = False,
) -> int:
    """Everything about one PPC, activity, area, milestone, indicator or country.

    Example: commit show ppc-1
    """
    loaded, day = plan_as_of(plan, rev, as_of)
    from commit_cli.query.describe import describe

    details = describe(loaded, ident, day)
    if json_output:
        output.print_json(details.to_json())
        return OK
    from commit_cli.cli.views import details_view

    output.emit(output.make_console(), details_view(details))
    return OK
