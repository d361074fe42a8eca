"""`commit demo DIR`: a repository with a fictional history to try commands and reports on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.plan_access import plan_here


@handle_errors
def demo(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="A new (or empty) folder for the demo repository.",
            show_default=False,
        ),
    ],
) -> int:
    """Make a git repository with the bundled plan and an invented history of progress.

    Every report made from it says on its first line that the data is illustrative.

    Example: commit demo commit-demo && cd commit-demo && commit status
    """
    from commit_cli.demo.history import make_demo
    from commit_cli.export.files import refuse_inside_plan

    refuse_inside_plan(folder, plan_here())
    result = make_demo(folder)
    first, last = result.commits[0][0], result.commits[-1][0]
    output.line(
        f"made {result.folder}: the bundled plan and {len(result.commits)} commits of fictional"
        f" progress, {first} to {last}"
    )
    output.line(f"try: cd {result.folder} && commit report summary --period 2006-H1")
    return OK
