"""`commit diff`: what a pull request does to the plan, in words, and whether it leaves the
plan valid."""

from __future__ import annotations

from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import current
from commit_cli.cli.commands.changes import ChangesFormat
from commit_cli.cli.exits import OK, PROBLEMS, handle_errors
from commit_cli.cli.options import PlanOption
from commit_cli.cli.plan_access import load_source, repository

WORKING_TREE = "the working tree"


@handle_errors
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="[BASE]",
            help="The revision to compare with (default: the merge base with the default"
            " branch: origin/$GITHUB_BASE_REF, origin/HEAD, main or master).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="[HEAD]",
            help="The revision to compare (default: the working tree).",
            show_default=False,
        ),
    ] = None,
    plan: PlanOption = None,
    output_format: Annotated[
        ChangesFormat,
        typer.Option(
            "--format", help="md (for a pull-request comment or job summary), text or json."
        ),
    ] = ChangesFormat.md,
) -> int:
    """The semantic diff for a pull request, as Markdown.

    What changes in the plan, and the problems it introduces and fixes (exit 0 when the
    result is valid, 1 when not).

    Example: commit diff origin/main >> "$GITHUB_STEP_SUMMARY"
    """
    from commit_cli.history.review import review
    from commit_cli.history.source import RevisionSource
    from commit_cli.plan.sources import FolderSource, find_plan_dir

    context = current()
    with repository(plan) as repo:
        if base is None:
            branch = repo.default_branch()
            tip = repo.commit(head or "HEAD")
            base_oid = repo.merge_base(repo.commit(branch).oid, tip.oid, (branch, head or "HEAD"))
            base_source = RevisionSource(repo, base_oid)
            base_label = f"{branch} (merge base {base_oid[:7]})"
        else:
            base_source = RevisionSource(repo, base)
            base_label = base
        before = load_source(context, base_source)
        if head is None:
            after = load_source(context, FolderSource(find_plan_dir(plan)))
        else:
            after = load_source(context, RevisionSource(repo, head))
    result = review(before, after, base_label, head or WORKING_TREE)
    from commit_cli.history import render

    if output_format == ChangesFormat.json:
        output.print_json(result.to_json())
    elif output_format == ChangesFormat.text:
        output.write(render.review_text(result))
    else:
        output.write(render.review_markdown(result))
    return OK if result.valid else PROBLEMS
