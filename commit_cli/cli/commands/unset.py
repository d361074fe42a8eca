"""`commit unset`: remove a value typed by mistake (or no longer true)."""

from __future__ import annotations

from typing import Annotated

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.set_field import FieldArgument, IdArgument
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption


@handle_edit_errors
def unset(
    ident: IdArgument,
    field: Annotated[str, FieldArgument],
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Remove one value of a milestone, indicator or PPC by its field name.

    Example: commit unset ppc1-training-course-1 participants.max
    """
    from functools import partial

    from commit_cli.core.schema import PPC, Indicator, Milestone
    from commit_cli.edit.operations import unset_field as operation

    by_kind = {
        kind: partial(operation, model=model, dotted=field)
        for kind, model in (("milestone", Milestone), ("indicator", Indicator), ("ppc", PPC))
    }
    return perform(
        current(),
        plan,
        "unset",
        ident,
        tuple(by_kind),
        by_kind["ppc"],
        dry_run,
        json_output,
        by_kind=by_kind,
    )
