"""`commit set`: any other single value of a milestone, indicator or PPC."""

from __future__ import annotations

from typing import Annotated

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.postpone import DecisionOption
from commit_cli.cli.completion import complete_any_id
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption

IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="A milestone, indicator or PPC id.",
        show_default=False,
        autocompletion=complete_any_id,
    ),
]
FieldArgument = typer.Argument(
    metavar="FIELD",
    help="A field, dotted for a part: window.end, participants.max.",
    show_default=False,
)


@handle_edit_errors
def set_field(
    ident: IdArgument,
    field: Annotated[str, FieldArgument],
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE", help="The value, as the plan file would say it.", show_default=False
        ),
    ],
    decision: DecisionOption = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Set one value of a milestone, indicator or PPC by its field name.

    An indicator's target may cite the decision that changed it (--decision).

    Example: commit set ppc1-training-course-2 window.end 2006-09-30
    """
    from functools import partial

    from commit_cli.core.schema import PPC, Indicator, Milestone
    from commit_cli.edit.operations import set_field as operation

    by_kind = {
        kind: partial(operation, model=model, dotted=field, text=value, decision=decision)
        for kind, model in (("milestone", Milestone), ("indicator", Indicator), ("ppc", PPC))
    }
    return perform(
        current(),
        plan,
        "set",
        ident,
        tuple(by_kind),
        by_kind["ppc"],
        dry_run,
        json_output,
        by_kind=by_kind,
    )
