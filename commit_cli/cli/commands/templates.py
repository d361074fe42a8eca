"""`commit templates list|copy`: the report templates, and starting a custom one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.options import JsonFlag, PlanOption
from commit_cli.errors import EnvironmentFailure
from commit_cli.wording import label

templates_app = typer.Typer(
    help="The report templates: list them, or copy defaults to start a custom one.",
    no_args_is_help=True,
    add_completion=False,
)


@templates_app.command("list")
@handle_errors
def list_templates(
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates", metavar="DIR", help="A folder to look in first.", show_default=False
        ),
    ] = None,
    plan: PlanOption = None,
    json_output: JsonFlag = False,
) -> int:
    """Every report template and its folder; each report language and its review status.

    Templates: yours before the defaults. Languages (`commit report --lang`): each with its
    catalog's review status; the translations are drafts until a native speaker has
    reviewed them.

    Example: commit templates list
    """
    from commit_cli.plan.sources import find_plan_dir
    from commit_cli.reports.languages import catalog_states
    from commit_cli.reports.templates import list_templates as entries
    from commit_cli.reports.templates import template_folders

    try:
        plan_dir: Path | None = find_plan_dir(plan)
    except EnvironmentFailure:
        if plan is not None:
            raise
        plan_dir = None
    found = entries(template_folders(plan_dir, templates))
    languages = catalog_states()
    if json_output:
        output.print_json(
            {
                "templates": [entry.to_json() for entry in found],
                "languages": [state.to_json() for state in languages],
            }
        )
        return OK
    width = max((len(entry.name) for entry in found), default=0)
    for entry in found:
        note = " (overrides the default)" if entry.overrides_default else ""
        output.line(f"{entry.name.ljust(width)}  {entry.origin:<11}  {entry.path}{note}")
    output.line("")
    output.line("Languages of the reports' headings and labels (commit report --lang LANG):")
    for state in languages:
        name = label(state.language)
        output.line(f"  {state.language}  {name:<21}  {state.review}")
    return OK


@templates_app.command("copy")
@handle_errors
def copy(
    arguments: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME… [DIR]",
            help="Template file names (summary.md.j2) or report kinds (summary: its md and"
            " html templates), then the folder to copy into (default: templates/ next to"
            " plan/).",
            show_default=False,
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that are already there.")
    ] = False,
    plan: PlanOption = None,
) -> int:
    """Copy default templates into your plan repository to start a custom report.

    Example: commit templates copy summary.md.j2 _macros.md.j2
    """
    from commit_cli.cli.plan_access import plan_here
    from commit_cli.export.files import refuse_inside_plan
    from commit_cli.plan.sources import find_plan_dir
    from commit_cli.reports.templates import TEMPLATES_DIR_NAME, copy_templates, is_template_name

    names = list(arguments)
    target: Path | None = None
    if len(names) > 1 and not is_template_name(names[-1]):
        target = Path(names.pop())
    if target is None:
        target = find_plan_dir(plan).parent / TEMPLATES_DIR_NAME
    plan_dir = plan_here(plan)
    refuse_inside_plan(target, plan_dir)
    for path in copy_templates(names, target, force, plan_dir):
        output.line(f"copied {path}")
    return OK
