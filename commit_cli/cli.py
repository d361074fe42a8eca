"""The `commit` command line: parses options, calls the library, prints.

Only this module talks to the terminal. Library modules are imported inside each command so
that `commit --help` and `commit --version` stay fast.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from commit_cli import __version__
from commit_cli.problems import CommitError

if TYPE_CHECKING:
    from commit_cli.load import LoadResult
    from commit_cli.model import Plan

app = typer.Typer(
    name="commit",
    help="Track a multi-government action plan kept as YAML files in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

P = ParamSpec("P")
R = TypeVar("R")

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        envvar="COMMIT_PLAN",
        help="Plan folder (default: plan/ in this folder or the nearest parent that has one).",
        show_default=False,
    ),
]


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    json = "json"


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Show a CommitError as one line on stderr and exit with its code; no traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except CommitError as exc:
            typer.echo(f"commit: error: {exc.message}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"commit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Track a multi-government action plan kept as YAML files in git."""


def _load(plan_dir: Path | None) -> LoadResult:
    from commit_cli.load import find_plan_dir, load_plan

    return load_plan(find_plan_dir(plan_dir))


def _valid_plan(plan_dir: Path | None) -> Plan:
    """The loaded plan, or its errors on stderr and exit 1."""
    result = _load(plan_dir)
    if result.plan is None:
        for problem in result.errors:
            typer.echo(problem.format(), err=True)
        typer.echo(
            f"commit: the plan has {len(result.errors)} error(s); run `commit validate`",
            err=True,
        )
        raise typer.Exit(1)
    return result.plan


@app.command()
@user_errors
def validate(
    plan: PlanOption = None,
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", help="text: one line per problem; json.")
    ] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Check the plan and report every problem, one line each (exit 1 if any)."""
    result = _load(plan)
    failed = bool(result.errors) or (strict and bool(result.warnings))
    if output_format == ValidateFormat.json:
        document = {
            "valid": not failed,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "cross_checked": result.cross_checked,
            "problems": [problem.to_json() for problem in result.problems],
        }
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for problem in result.problems:
            typer.echo(problem.format())
        files = len(result.files)
        summary = (
            f"{len(result.errors)} error(s), {len(result.warnings)} warning(s) in {files} file(s)"
        )
        if not result.cross_checked:
            summary += "; cross-file checks (references, cycles) run once these are fixed"
        typer.echo(("invalid: " if failed else "valid: ") + summary)
    if failed:
        raise typer.Exit(1)


@app.command()
@user_errors
def export(
    plan: PlanOption = None,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="Output format.")
    ] = ExportFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Write the whole validated plan as one JSON document."""
    from commit_cli.load import plan_data

    text = json.dumps(plan_data(_valid_plan(plan)), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommitError(f"cannot write {output}: {exc.strerror or exc}") from None


def main() -> None:
    app()
