"""`commit log`: every change to one milestone, indicator or PPC, newest first."""

from __future__ import annotations

from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import current
from commit_cli.cli.commands.changes import ChangesFormat, FormatOption
from commit_cli.cli.completion import complete_any_id
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.options import PlanOption, RevOption
from commit_cli.cli.plan_access import load_source, repository


@handle_errors
def log(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A milestone, indicator or PPC id (or any other id of the plan).",
            show_default=False,
            autocompletion=complete_any_id,
        ),
    ],
    plan: PlanOption = None,
    rev: RevOption = None,
    output_format: FormatOption = ChangesFormat.text,
) -> int:
    """Every change to one milestone, indicator or PPC, newest first, following renames.

    Example: commit log ppc1-training-course-1
    """
    from commit_cli.history.provenance import changes_to, creation, owners, require_known
    from commit_cli.history.source import RevisionSource
    from commit_cli.history.walk import plan_history

    context = current()
    with repository(plan) as repo, output.progress("Reading the plan's history") as progress:
        history = plan_history(repo, None, rev, context.cache(), progress)
        # Its problems are never shown here: they are not placed (a parse of each file).
        latest = load_source(context, RevisionSource(repo, rev or "HEAD"), locate=False)
    ids = owners(latest.header, latest.ppc_files.values())
    if ident not in ids and latest.plan is not None:  # a PPC by its label, number or file
        from commit_cli.query.index import PlanIndex

        ident = PlanIndex(latest.plan).resolve_ppc(ident) or ident
    require_known(history.changes, ident, ids)
    found = changes_to(history.changes, ident)
    if not any(change.kind == "added" for change in found):
        added = creation(history.changes, ids.get(ident))
        found += [added] if added is not None and added.id != ident else []
    if latest.plan is not None:  # a cited decision by its meeting and day
        from commit_cli.history.changes import citing

        found = citing(found, latest.plan.decisions)
    from commit_cli.history import render

    if output_format == ChangesFormat.json:
        output.print_json({"id": ident, "changes": [change.to_json() for change in found]})
    elif output_format == ChangesFormat.md:
        output.write(render.log_markdown(ident, found))
    else:
        output.write(render.log_text(ident, found))
    return OK
