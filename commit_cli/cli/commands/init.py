"""`commit init`: a new plan repository in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK, handle_errors


@handle_errors
def init(
    folder: Annotated[Path, typer.Argument(help="A new or empty folder for the repository.")],
    blank: Annotated[
        bool,
        typer.Option(
            "--blank",
            help="A minimal valid skeleton (one area, activity, PPC and milestone) for a"
            " different plan, instead of a copy of the bundled COMMIT plan.",
        ),
    ] = False,
) -> int:
    """Create a new plan repository: plan, CI workflow, pre-commit, schemas, git.

    It holds the plan (a copy of the bundled plan, or with --blank a skeleton), the GitHub
    workflow (installing exactly this commit-cli: its version, or the git commit, folder
    or archive it was installed from), a pre-commit config, .yamllint.yaml, the JSON
    Schemas, an empty templates/ for report overrides and a short README; then `git init`
    and a first commit.

    Examples: commit init my-plan
              commit init --blank other-plan
    """
    from commit_cli.cli.command_context import current
    from commit_cli.cli.plan_access import plan_here
    from commit_cli.export.files import refuse_inside_plan
    from commit_cli.scaffold.init import init_repository
    from commit_cli.scaffold.requirement import installed_distribution, tool_requirement

    refuse_inside_plan(folder, plan_here())
    requirement = tool_requirement(installed_distribution())
    result = init_repository(folder, blank, current().today(), requirement)
    for written in result.written:
        output.line(f"wrote {folder / written}")
    if requirement.reachable:
        output.line(requirement.describe())
    else:
        output.error_line(f"commit: warning: {requirement.describe()}")
    if result.committed:
        output.line(f"committed: a new git repository in {folder}")
    if result.note:
        output.error_line(f"commit: note: {result.note}")
    output.line(f"next: cd {folder} && commit validate")
    return OK
