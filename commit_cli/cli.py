"""The `commit` command line: parses options, calls the library, prints.

Only this module talks to the terminal. Library modules are imported inside each command so
that `commit --help` and `commit --version` stay fast.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

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


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The day to report on, YYYY-MM-DD (default: today).",
        show_default=False,
    ),
]
PPCFilter = Annotated[
    str | None, typer.Option("--ppc", metavar="ID", help="Only this PPC.", show_default=False)
]
AreaFilter = Annotated[
    str | None,
    typer.Option(
        "--area",
        metavar="N",
        help="Only PPCs and milestones serving this area (its number or id).",
        show_default=False,
    ),
]
CountryFilter = Annotated[
    str | None,
    typer.Option(
        "--country",
        metavar="CODE",
        help="Only milestones involving this country (a milestone naming no country involves"
        " all of its PPC's).",
        show_default=False,
    ),
]
JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print one JSON document (shape: see the README).")
]


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    json = "json"


class ListWhat(StrEnum):
    milestones = "milestones"
    indicators = "indicators"


class Granularity(StrEnum):
    half = "half"
    quarter = "quarter"
    month = "month"


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


_use_cache = True


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Neither read nor write the cache of validated files (also COMMIT_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Track a multi-government action plan kept as YAML files in git."""
    global _use_cache
    _use_cache = not no_cache


def _load(plan_dir: Path | None) -> LoadResult:
    from commit_cli.cache import ResultCache
    from commit_cli.load import find_plan_dir, load_plan

    cache = ResultCache.from_environment() if _use_cache else None
    # The plan lives until the process ends: the cyclic GC stays off while it loads and is
    # then told to leave it alone (on 100,000 milestones each full scan costs 0.5 s).
    gc.disable()
    try:
        return load_plan(find_plan_dir(plan_dir), cache)
    finally:
        gc.freeze()
        gc.enable()


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
        _print_json(document)
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

    text = _json_text(plan_data(_valid_plan(plan)))
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommitError(f"cannot write {output}: {exc.strerror or exc}") from None


def _day(value: str | None, option: str) -> date | None:
    """A date option's value; an unreadable date is a usage error (one line, exit 2)."""
    if value is None:
        return None
    from commit_cli.periods import PeriodError, parse_date

    try:
        return parse_date(value)
    except PeriodError as exc:
        raise CommitError(f"{option}: {exc}", exit_code=2) from None


def _as_of(value: str | None) -> date:
    return _day(value, "--as-of") or date.today()


def _json_text(document: Any) -> str:
    """One JSON document as every command prints it: indented, UTF-8, strictly valid."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _print_json(document: Any) -> None:
    sys.stdout.write(_json_text(document))


@app.command()
@user_errors
def status(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    ppc: PPCFilter = None,
    area: AreaFilter = None,
    country: CountryFilter = None,
    json_output: JsonFlag = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            min=0,
            help="Show at most N overdue and N due milestones, and at most 50 PPC rows"
            " (0: everything); --json has all.",
        ),
    ] = 10,
) -> None:
    """Where the plan stands: progress per PPC, overdue and due milestones, indicators.

    Example: commit status --as-of 2006-06-30 --country KH
    """
    day = _as_of(as_of)
    from commit_cli.query import resolve_scope
    from commit_cli.status import plan_status

    loaded = _valid_plan(plan)
    result = plan_status(loaded, day, resolve_scope(loaded, ppc, area, country))
    if json_output:
        _print_json(result.to_json())
        return
    from commit_cli.views import emit, make_console, status_view

    emit(make_console(), status_view(result, limit))


@app.command()
@user_errors
def show(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A PPC, activity, area, sub-area, milestone, indicator, partner or role id,"
            " or a country code.",
            show_default=False,
        ),
    ],
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Everything about one PPC, activity, area, milestone, indicator or country.

    Example: commit show ppc-1
    """
    day = _as_of(as_of)
    from commit_cli.describe import describe

    details = describe(_valid_plan(plan), ident, day)
    if json_output:
        _print_json(details.to_json())
        return
    from commit_cli.views import details_view, emit, make_console

    emit(make_console(), details_view(details))


@app.command("list")
@user_errors
def list_(
    what: Annotated[
        ListWhat, typer.Argument(help="What to list: milestones or indicators.", show_default=False)
    ],
    plan: PlanOption = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="S",
            help="Only milestones with this status (repeat, or separate with commas).",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="K",
            help="Only milestones of this kind (repeat, or separate with commas).",
            show_default=False,
        ),
    ] = None,
    ppc: PPCFilter = None,
    area: AreaFilter = None,
    country: CountryFilter = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only overdue milestones (as of --as-of).")
    ] = False,
    due_before: Annotated[
        str | None,
        typer.Option(
            "--due-before",
            metavar="DATE",
            help="Only milestones whose window ends on or before DATE.",
            show_default=False,
        ),
    ] = None,
    due_after: Annotated[
        str | None,
        typer.Option(
            "--due-after",
            metavar="DATE",
            help="Only milestones whose window ends on or after DATE.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="KEY",
            help="Sort by plan (file order), id, ppc, due, start, status, kind or title;"
            " indicators: plan, id, ppc, title, target or latest.",
        ),
    ] = "plan",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """A table of milestones or indicators, filtered and sorted.

    Example: commit list milestones --overdue --as-of 2007-01-01 --sort due
    """
    day = _as_of(as_of)
    before, after = _day(due_before, "--due-before"), _day(due_after, "--due-after")
    if what == ListWhat.indicators:
        used = [
            name
            for name, value in (
                ("--status", status),
                ("--kind", kind),
                ("--overdue", overdue),
                ("--due-before", before),
                ("--due-after", after),
            )
            if value
        ]
        if used:
            raise CommitError(f"{', '.join(used)}: only for `commit list milestones`")
    from commit_cli.listing import (
        Listing,
        list_indicators,
        list_milestones,
        milestone_filters,
    )
    from commit_cli.query import resolve_scope

    filters = milestone_filters(status, kind, overdue, before, after)
    loaded = _valid_plan(plan)
    scope = resolve_scope(loaded, ppc, area, country)
    listing: Listing
    if what == ListWhat.milestones:
        rows = list_milestones(loaded, day, scope, filters, sort, reverse)
        listing = Listing(
            "milestones", day, {**scope.to_json(), **filters.to_json()}, sort, reverse, rows
        )
    else:
        indicators = list_indicators(loaded, day, scope, sort, reverse)
        listing = Listing("indicators", day, scope.to_json(), sort, reverse, indicators)
    if json_output:
        _print_json(listing.to_json())
        return
    from commit_cli.views import emit, listing_view, make_console

    emit(make_console(), listing_view(listing))


@app.command()
@user_errors
def timeline(
    plan: PlanOption = None,
    ppc: PPCFilter = None,
    area: AreaFilter = None,
    country: CountryFilter = None,
    by: Annotated[
        Granularity, typer.Option("--by", help="Column size: half-years, quarters or months.")
    ] = Granularity.half,
    as_of: AsOfOption = None,
    json_output: JsonFlag = False,
) -> None:
    """The schedule as a Gantt chart: one line per milestone, grouped by PPC.

    Milestones within a PPC come after those they depend on. Example: commit timeline --by
    quarter --ppc ppc-1
    """
    day = _as_of(as_of)
    from commit_cli.query import resolve_scope
    from commit_cli.timeline import timeline as build_timeline

    loaded = _valid_plan(plan)
    chart = build_timeline(loaded, day, resolve_scope(loaded, ppc, area, country), str(by))
    if json_output:
        _print_json(chart.to_json())
        return
    from commit_cli.views import emit, make_console, timeline_view

    console = make_console()
    emit(console, timeline_view(chart, console.width))


def main() -> None:
    # Our models use no pydantic plugins; looking them up costs ~10 ms of start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()
