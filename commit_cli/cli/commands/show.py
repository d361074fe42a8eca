"""`commit show`: everything about one object of the plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import CommandContext, current
from commit_cli.cli.completion import complete_any_id
from commit_cli.cli.exits import handle_errors
from commit_cli.cli.options import (
    AsOfOption,
    JsonFlag,
    PlanOption,
    RevOption,
    StrictFlag,
    read_as_of,
)
from commit_cli.cli.plan_access import left_out, load, load_source, readable_plan, repository
from commit_cli.errors import NotFound

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
            " a country code, or a PPC's label, number or file ('PPC 12', 12, ppc-12.yaml).",
            show_default=False,
            autocompletion=complete_any_id,
        ),
    ],
    plan: PlanOption = None,
    rev: RevOption = None,
    as_of: AsOfOption = None,
    json_output: JsonFlag = False,
    strict: StrictFlag = False,
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

    Also the file and line where it is written.

    Example: commit show ppc-1
    """
    explicit = read_as_of(as_of)
    from commit_cli.query.describe import describe

    context = current()
    loaded = readable_plan(context, plan, strict, rev, explicit)
    day = loaded.day
    try:
        details = describe(loaded.plan, ident, day, loaded.files)
    except NotFound as error:
        raise left_out(loaded, error, ident) from None
    if rev is None:  # at a revision, the file on disk may say something else
        locate(details, loaded.header_file, loaded.files)
    origins = _provenance(context, details, plan, rev) if with_provenance else None
    if json_output:
        document = details.to_json()
        if origins is not None:
            document["provenance"] = [origin.to_json() for origin in origins]
        output.print_json(document)
        return loaded.exit_code
    from commit_cli.cli.views.details import details_view

    output.emit(output.make_console(), details_view(details))
    if origins is not None:
        from commit_cli.history.render import provenance_text

        output.write("\n" + provenance_text(details.id, origins))
    return loaded.exit_code


def _provenance(
    context: CommandContext, details: Details, plan: Path | None, rev: str | None
) -> list[FieldOrigin]:
    """The commit that last set each field of the object `details` describes; without
    --rev, fields changed in the working tree since HEAD are marked uncommitted."""
    from commit_cli.history.diff import diff_states
    from commit_cli.history.provenance import changes_to, field_names, provenance
    from commit_cli.history.review import state_of
    from commit_cli.history.source import RevisionSource
    from commit_cli.history.walk import plan_history

    with repository(plan) as repo, output.progress("Reading the plan's history") as progress:
        history = plan_history(repo, None, rev, context.cache(), progress)
        uncommitted = []
        if rev is None:
            committed = load_source(context, RevisionSource(repo, "HEAD"))
            uncommitted = diff_states(state_of(committed), state_of(load(context, plan)))
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


def locate(details: Details, header_file: str, files: dict[str, str]) -> None:
    """Fill in the file and line where the object is written."""
    written = details.written
    if written is None:
        return
    file = header_file if written.ppc is None else files.get(written.ppc)
    if file is None:
        return
    from commit_cli.yamlio.positions import line_of

    details.file = file
    details.line = line_of(Path(file), written.path)
