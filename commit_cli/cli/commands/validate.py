"""`commit validate`: every problem of the plan, one line each."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import CommandContext, current
from commit_cli.cli.exits import OK, PROBLEMS, handle_errors
from commit_cli.cli.options import PlanOption, RevOption
from commit_cli.cli.plan_access import load, load_source, plan_source
from commit_cli.errors import NotFound, UsageError
from commit_cli.problems import Problem, Severity

if TYPE_CHECKING:
    from commit_cli.history.gate import Verdict
    from commit_cli.plan.load import LoadResult


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
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as errors (every warning fails).")
    ] = False,
    new_since: Annotated[
        str | None,
        typer.Option(
            "--new-since",
            metavar="REV",
            help="Judge what changed since REV (the base of a pull request): errors always"
            " fail, a warning only when REV does not have it (matched as `commit diff`"
            " matches problems); the warnings REV has too are counted, not shown.",
            show_default=False,
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="The same as --format json.", show_default=False)
    ] = False,
) -> int:
    """Check the plan and report every problem, one line each (exit 1 if any).

    Examples: commit validate --rev HEAD~1
              commit validate --new-since origin/main --format github   # a pull request's CI
              commit validate --strict   # a clean plan: no warning at all
    """
    if json_output:
        output_format = ValidateFormat.json
    context = current()
    result = load(context, plan, rev, check_today=True)
    if new_since is not None:
        from commit_cli.history.gate import judge

        base = _base(context, plan, new_since)
        verdict = judge(base.problems, result.problems, new_since, strict)
        _show_verdict(result, verdict, output_format)
        return PROBLEMS if verdict.failed else OK
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
            _show(problem, output_format)
        summary = f"{result.error_count} error(s), {result.warning_count} warning(s)"
        output.line(("invalid: " if failed else "valid: ") + _files(result, summary))
    return PROBLEMS if failed else OK


def _base(context: CommandContext, plan: Path | None, rev: str) -> LoadResult:
    """The plan at the base revision, checked on the same day as the plan judged. A
    revision that names nothing is a usage error here (exit 2, not 1): the gate could not
    judge, which CI must not read as "the plan has problems"."""
    try:
        with plan_source(plan, rev) as (source, _):
            return load_source(context, source, check_today=True)
    except NotFound as missing:
        raise UsageError(f"--new-since: {missing.message}") from None


def _show(problem: Problem, output_format: ValidateFormat) -> None:
    if output_format == ValidateFormat.github:
        output.write(problem.github() + "\n")
    else:
        output.line(problem.format())


def _files(result: LoadResult, summary: str) -> str:
    summary += f" in {len(result.every_file)} file(s)"
    if not result.cross_checked:
        summary += "; cross-file checks (references, cycles) run once these are fixed"
    return summary


def _show_verdict(result: LoadResult, verdict: Verdict, output_format: ValidateFormat) -> None:
    """The problems that fail the gate (a new one says so at the end of its message), and
    one line counting them and the warnings left alone."""
    base = verdict.base
    if output_format == ValidateFormat.json:
        output.print_json(
            {
                "valid": not verdict.failed,
                "errors": result.error_count,
                "warnings": result.warning_count,
                "cross_checked": result.cross_checked,
                "problems": [{**problem.to_json(), "new": new} for problem, new in verdict.judged],
                "new_since": {
                    "base": base,
                    "new_errors": verdict.count(Severity.error, new=True),
                    "new_warnings": verdict.count(Severity.warning, new=True),
                    "warnings_left_alone": sum(p.count for p in verdict.left_alone),
                },
            }
        )
        return
    for problem, new in verdict.judged:
        if verdict.fails(problem, new):
            shown = replace(problem, message=f"{problem.message} (new since {base})")
            _show(shown if new else problem, output_format)
    errors = verdict.count(Severity.error)
    new_errors = verdict.count(Severity.error, new=True)
    summary = f"{errors} error(s)" + (f" ({new_errors} new)" if errors else "")
    summary += f", {verdict.count(Severity.warning, new=True)} new warning(s) since {base}, "
    if verdict.strict:
        summary += f"{verdict.count(Severity.warning, new=False)} older warning(s) failing too"
        summary += " (--strict),"
    else:
        summary += f"{sum(p.count for p in verdict.left_alone)} older warning(s) left alone,"
    output.line(("invalid: " if verdict.failed else "valid: ") + _files(result, summary))
