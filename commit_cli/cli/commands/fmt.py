"""`commit fmt`: plan files in the one canonical layout."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK, PROBLEMS, handle_errors
from commit_cli.cli.options import PlanOption


@handle_errors
def fmt(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="Plan files (default: every file of the plan).",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; exit 1 naming each file that would change."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print how each file would change; write nothing.")
    ] = False,
    plan: PlanOption = None,
) -> int:
    """Write plan files in the canonical layout, keeping every comment.

    The layout: key order, indentation, quoting, folding.

    Example: commit fmt --check
    """
    from commit_cli.plan.formatting import format_files

    results = format_files(plan, files or [])
    if not (check or diff):
        from commit_cli.plan.formatting import write_formatted

        results = write_formatted(results)
    changed = [result for result in results if result.changed]
    for result in results:
        for problem in result.problems:
            output.error_line(problem.format())
    if diff:
        for result in changed:
            output.write(result.diff)
    if check or diff:
        for result in changed:
            output.error_line(f"would reformat {result.name}")
    else:
        for result in results:
            if result.written:
                output.line(f"reformatted {result.name}")
    failed = any(result.problems for result in results)
    if check and changed:
        return PROBLEMS
    return PROBLEMS if failed else OK
