"""What every editing command shares: its options, running the edit, and saying what it
did (one line; the diff with --dry-run; a JSON document with --json)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK

if TYPE_CHECKING:
    from commit_cli.cli.command_context import CommandContext
    from commit_cli.core.model import PlanHeader
    from commit_cli.edit.session import EditResult
    from commit_cli.problems import Problem

DryRunFlag = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a unified diff; write nothing.")
]
EditJsonFlag = Annotated[
    bool, typer.Option("--json", help="Print what changed as one JSON document.")
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on", metavar="DATE", help="The day, YYYY-MM-DD (default: today).", show_default=False
    ),
]


def day_or_today(context: CommandContext, value: str | None, option: str = "--on") -> str:
    """The --on day as written, or the context's today."""
    return checked_day(option, value) if value is not None else context.today().isoformat()


def checked_day(option: str, value: str) -> str:
    """A day typed for an edit, as written (YYYY-MM-DD, a real day in a year a plan can
    use); UsageError (exit 2, nothing read) otherwise, with the hint a plan file gets."""
    from datetime import date

    from commit_cli.core.periods import DATE_PATTERN, PeriodError, check_year, date_hint
    from commit_cli.errors import UsageError
    from commit_cli.safetext import one_line

    text = value.strip()
    said = f"{option} {one_line(value)}"
    if not DATE_PATTERN.match(text):
        raise UsageError(f"{said}: not a date; {date_hint(text)}")
    try:
        check_year(date.fromisoformat(text))
    except PeriodError as exc:
        raise UsageError(f"{said}: {exc}") from None
    except ValueError as exc:
        raise UsageError(f"{said}: not a real date ({exc})") from None
    return text


def perform(
    context: CommandContext,
    plan: Path | None,
    command: str,
    ident: str,
    kinds: tuple[str, ...],
    operation: Callable[[dict[str, Any]], str],
    dry_run: bool,
    json_output: bool,
    folder_operation: Callable[[Path], Callable[[dict[str, Any]], str]] | None = None,
    by_kind: Mapping[str, Callable[[dict[str, Any]], str]] | None = None,
    with_plan: Callable[[PlanHeader], Callable[[dict[str, Any]], str]] | None = None,
) -> int:
    """Run one edit and report it; `folder_operation`, when given, builds the operation
    once the plan folder is known (a note's author comes from it), and `with_plan` once
    the plan is loaded (the countries an option names)."""
    from commit_cli.edit.session import Edit, EditRefused, run_edit
    from commit_cli.plan.sources import find_plan_dir

    plan_dir = find_plan_dir(plan)
    results = context.cache(plan_dir)
    if folder_operation is not None:
        operation = folder_operation(plan_dir)
    try:
        edit = Edit(command, ident, kinds, operation, dict(by_kind or {}), with_plan)
        result = run_edit(plan_dir, edit, results, dry_run)
    except EditRefused as refused:
        if json_output:
            output.print_json(
                {
                    "command": command,
                    "id": ident,
                    "written": False,
                    "refused": refused.message,
                    "problems": [problem.to_json() for problem in refused.problems],
                }
            )
        else:
            for problem in refused.problems:
                output.error_line(problem.format())
        raise
    report(result, json_output)
    return OK


def report(result: EditResult, json_output: bool) -> None:
    if json_output:
        output.print_json(result.to_json())  # its "warnings" list the new warnings
        return
    if result.dry_run:
        output.write(
            result.diff if result.changed else f"no change: {result.file} already says so\n"
        )
    elif not result.changed:
        output.line(f"nothing to record: {result.file} already says so")
    else:
        output.line(f"recorded: {result.summary} in {result.file}")
        for value in result.replaced:
            output.line(value.line)
    if result.warnings:
        output.error_line(warning_notice(result.warnings, result.dry_run))


def warning_notice(warnings: list[Problem], dry_run: bool = False) -> str:
    """One line for the warnings an edit adds (a pull request's check fails on a new
    warning): their codes, and the command that clears each (else where to edit by hand)."""
    codes = ", ".join(dict.fromkeys(problem.code for problem in warnings))
    count = "a warning" if len(warnings) == 1 else f"{len(warnings)} warnings"
    fixes = "; ".join(
        problem.fix or f"edit {problem.file}:{problem.line} (`commit validate` says how)"
        for problem in warnings
    )
    adds = "would add" if dry_run else "adds"
    return (
        f"commit: warning: this {adds} {count} ({codes}), which a pull request's check"
        f" refuses; to clear: {fixes}"
    )
