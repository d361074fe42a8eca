"""`commit validate`: every problem of the plan, one line each."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import current
from commit_cli.cli.exits import OK, PROBLEMS, handle_errors
from commit_cli.cli.options import PlanOption, RevOption
from commit_cli.cli.plan_access import load


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@handle_errors
def validate(
    plan: PlanOption = None,
    rev: RevOption = None,
    output_format: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            help="text: one line per problem; json; github: GitHub Actions annotations"
            " (`::error file=…,line=…::message`) and a plain summary line.",
        ),
    ] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> int:
    """Check the plan and report every problem, one line each (exit 1 if any).

    Examples: commit validate --rev main~3
              commit validate --strict --format github   (in a GitHub Actions step)
    """
    result = load(current(), plan, rev, check_today=True)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    if output_format == ValidateFormat.json:
        output.print_json(
            {
                "valid": not failed,
                "errors": result.error_count,
                "warnings": result.warning_count,
                "cross_checked": result.cross_checked,
                "problems": [problem.to_json() for problem in result.problems],
            }
        )
    else:
        for problem in result.problems:
            if output_format == ValidateFormat.github:
                output.write(problem.github() + "\n")
            else:
                output.line(problem.format())
        summary = (
            f"{result.error_count} error(s), {result.warning_count} warning(s)"
            f" in {len(result.files)} file(s)"
        )
        if not result.cross_checked:
            summary += "; cross-file checks (references, cycles) run once these are fixed"
        output.line(("invalid: " if failed else "valid: ") + summary)
    return PROBLEMS if failed else OK
