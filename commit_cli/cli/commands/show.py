"""`commit show`: everything about one object of the plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.loading import cache, load, load_source, plan_as_of, repository
from commit_cli.cli.options import AsOfOption, JsonFlag, PlanOption, RevOption

if TYPE_CHECKING:
    from commit_cli.history.provenance import FieldOrigin
    from commit_cli.query.describe import Details


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
    with_provenance: Annotated[
        bool,
        typer.Option(
            "--provenance",
            help="Also say, for each field, which commit (author, date, pull request) last set"
            " its current value; reformatting a file changes none of them.",
        ),
    ] = False,
) -> int:
    """Everything about one PPC, activity, area, milestone, indicator or country.

    Example: commit show ppc1-seminar --provenance
    """
    loaded, day = plan_as_of(plan, rev, as_of)
    from commit_cli.query.describe import describe

    details = describe(loaded, ident, day)
    origins = _provenance(details, plan, rev) if with_provenance else None
    if json_output:
        document = details.to_json()
        if origins is not None:
            document["provenance"] = [origin.to_json() for origin in origins]
        output.print_json(document)
        return OK
    from commit_cli.cli.views import details_view

    output.emit(output.make_console(), details_view(details))
    if origins is not None:
        from commit_cli.history.render import provenance_text

        output.write("\n" + provenance_text(details.id, origins))
    return OK


def _provenance(details: Details, plan: Path | None, rev: str | None) -> list[FieldOrigin]:
    """The commit that last set each field of the object `details` describes; without
    --rev, fields changed in the working tree since HEAD are marked uncommitted."""
    from commit_cli.history.diff import diff_states
    from commit_cli.history.provenance import changes_to, field_names, provenance
    from commit_cli.history.review import state_of
    from commit_cli.history.source import RevisionSource
    from commit_cli.history.walk import plan_history

    with repository(plan) as repo, output.progress("Reading the plan's history") as progress:
        history = plan_history(repo, None, rev, cache(), progress)
        uncommitted = []
        if rev is None:
            committed = load_source(RevisionSource(repo, "HEAD"))
            uncommitted = diff_states(state_of(committed), state_of(load(plan)))
    ppc = details.id if details.kind == "ppc" else None
    if details.related.get("ppc"):
        ppc = details.related["ppc"][0].id
    return provenance(
        field_names(details.fields, skip=("overdue", "latest")),
        changes_to(history.changes, details.id),
        history.changes,
        ppc,
        changes_to(uncommitted, details.id),
    )
