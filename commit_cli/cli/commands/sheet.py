"""`commit sheet export|apply`: a workbook out to a country task force, and the cells they
changed back in, as the same edits the commands make."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import current
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, warning_notice
from commit_cli.cli.exits import OK, handle_edit_errors, handle_errors
from commit_cli.cli.options import PlanOption
from commit_cli.errors import EnvironmentFailure, InvalidPlan, UsageError
from commit_cli.safetext import one_line

if TYPE_CHECKING:
    from commit_cli.edit.session import EditResult
    from commit_cli.sheets.changes import Planned

sheet_app = typer.Typer(
    help="Workbooks for country task forces: export one to fill in, apply the filled one.",
    no_args_is_help=True,
    add_completion=False,
)


def _plan_digest(plan_dir: Path) -> str:
    from commit_cli.plan.sources import FolderSource, RefusedFile
    from commit_cli.sheets.write import plan_digest

    source = FolderSource(plan_dir)
    listing = source.files()
    found = []
    for name in [listing.header, *listing.ppcs]:
        try:
            found.append((Path(name).name, source.read(name)))
        except (RefusedFile, EnvironmentFailure):
            continue
    return plan_digest(found)


@sheet_app.command("export")
@handle_errors
def export(
    target: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE.xlsx",
            help="The workbook to write (with --all-countries, a folder).",
        ),
    ],
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            metavar="CODE",
            help="Only what this country reports on.",
            show_default=False,
        ),
    ] = None,
    ppc: Annotated[
        list[str] | None,
        typer.Option("--ppc", metavar="ID", help="Only these PPCs (repeat).", show_default=False),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar="PERIOD",
            help="The reporting period, e.g. 2006-H2 (default: today's); milestones are then"
            " those to report on in it.",
            show_default=False,
        ),
    ] = None,
    all_countries: Annotated[
        bool,
        typer.Option(
            "--all-countries", help="One workbook per country of the plan, in the folder -o DIR."
        ),
    ] = False,
    missing_only: Annotated[
        bool,
        typer.Option(
            "--missing-only",
            help="Only the rows still owed for the period, as `commit due` lists them (a"
            " country with nothing owed gets a workbook with no rows).",
        ),
    ] = False,
    plan: PlanOption = None,
) -> int:
    """Write a workbook of what a country task force reports on, to fill in and send back.

    Example: commit sheet export --country KH --period 2006-H2 -o kh-2006-H2.xlsx
    """
    from commit_cli import wording
    from commit_cli.cli.plan_access import readable_plan
    from commit_cli.export.files import check_outputs, make_output_folder, write_bytes_atomically
    from commit_cli.plan.sources import find_plan_dir
    from commit_cli.query.index import PlanIndex
    from commit_cli.sheets.layout import sheets
    from commit_cli.sheets.owed import owed_sheets
    from commit_cli.sheets.selection import selection
    from commit_cli.sheets.write import workbook_bytes

    if all_countries and country:
        raise UsageError("--all-countries and --country do not go together; choose one")
    if not all_countries and target.suffix.lower() != ".xlsx":
        raise UsageError(f"-o {one_line(str(target))}: name the workbook FILE.xlsx")
    if all_countries and (
        target.suffix.lower() == ".xlsx" or (target.exists() and not target.is_dir())
    ):
        raise UsageError(f"-o {one_line(str(target))}: --all-countries writes to a folder")
    context = current()
    plan_dir = find_plan_dir(plan)
    check_outputs([target], plan_dir)  # never into the plan, never through a link
    loaded = readable_plan(context, plan_dir, strict=True)
    index = PlanIndex(loaded.plan, loaded.files)
    revision = _plan_digest(plan_dir)
    wanted: list[tuple[str | None, Path]] = [(country, target)]
    if all_countries:
        label = selection(loaded.plan, index, None, ppc or [], period, context.today())
        wanted = [
            (code, target / f"{code.lower()}-{label.period.label}.xlsx")
            for code in index.country_codes
        ]
        check_outputs([path for _, path in wanted], plan_dir)
        make_output_folder(target, plan_dir)
    today = context.today()
    for code, path in wanted:
        chosen = selection(loaded.plan, index, code, ppc or [], period, today, missing_only)
        found = (
            owed_sheets(loaded.plan, chosen, today)
            if missing_only
            else sheets(loaded.plan, index, chosen)
        )
        data = workbook_bytes(found, chosen, revision, today)
        write_bytes_atomically(path, data, plan_dir)
        owed = ""
        if missing_only:
            rows = sum(len(sheet.rows) for sheet in found)
            owed = f", {wording.plural(rows, 'row')} owed" if rows else ", nothing owed"
        where = f"{chosen.country or 'every country'}, {chosen.period.label}{owed}"
        output.line(f"wrote {path} ({where})")
    return OK


def _read_input(path: Path) -> bytes:
    """The workbook's bytes: a regular file only (a FIFO or device is never opened to block),
    read up to the size limit."""
    from commit_cli.sheets.read import MAX_FILE_BYTES

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise EnvironmentFailure(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise EnvironmentFailure(f"{path} is not a regular file")
        data = handle.read(MAX_FILE_BYTES + 1)
    return data


@sheet_app.command("apply")
@handle_edit_errors
def apply(
    workbook: Annotated[
        Path, typer.Argument(metavar="FILE", help="A workbook `commit sheet export` wrote.")
    ],
    take_sheet: Annotated[
        bool,
        typer.Option("--take-sheet", help="In a conflict, keep the workbook's value."),
    ] = False,
    take_plan: Annotated[
        bool,
        typer.Option("--take-plan", help="In a conflict, keep the plan's value."),
    ] = False,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record what a filled-in workbook changed, as the commands would: all of it or nothing.

    Example: commit sheet export --country KH -o kh.xlsx && commit sheet apply kh.xlsx --dry-run
    """
    from commit_cli.cli.plan_access import readable_plan
    from commit_cli.edit.authors import author
    from commit_cli.plan.sources import find_plan_dir
    from commit_cli.sheets.apply import Refused, apply_edits
    from commit_cli.sheets.changes import Planner
    from commit_cli.sheets.layout import PlanValues
    from commit_cli.sheets.read import read_workbook
    from commit_cli.sheets.selection import recorded_selection

    if take_sheet and take_plan:
        raise UsageError("--take-sheet and --take-plan do not go together; choose one")
    name = one_line(str(workbook), 1_000)
    book = read_workbook(name, _read_input(workbook))
    context = current()
    plan_dir = find_plan_dir(plan)
    loaded = readable_plan(context, plan_dir, strict=True)
    chosen = recorded_selection(loaded.plan, book.about, name)
    names: list[str] = []

    def who() -> str:
        if not names:
            names.append(author(plan_dir))
        return names[0]

    take = "sheet" if take_sheet else "plan" if take_plan else None
    planner = Planner(book, PlanValues(loaded.plan, chosen), chosen, context.today(), who, take)
    outcome = planner.plan_edits()
    for text in outcome.problems:
        output.error_line(f"{name}:{one_line(text, 10_000)}")
    for conflict in outcome.conflicts:
        output.error_line(one_line(conflict.format(name), 10_000))
    if outcome.problems or outcome.conflicts:
        count = len(outcome.problems) + len(outcome.conflicts)
        raise InvalidPlan(f"nothing written: {count} cell(s) of {name} need attention", count)
    # The edits are made on the plan as `apply_edits` loads it under the lock; what the
    # workbook and the plan read here took (~250 MB at 100,000 milestones) goes first.
    del book, loaded, planner
    try:
        results = apply_edits(plan_dir, outcome.planned, context.cache(plan_dir), dry_run)
    except Refused as refused:
        for problem in refused.problems:
            output.error_line(problem.format())
        raise InvalidPlan(
            f"{name}:{refused.where}: {refused.message}; nothing written",
            max(len(refused.problems), 1),
        ) from None
    _report(name, outcome.planned, results, dry_run, json_output)
    return OK


def _report(
    name: str,
    planned: Sequence[Planned],
    results: Sequence[EditResult],
    dry_run: bool,
    json_output: bool,
) -> None:
    from commit_cli.sheets.apply import batches

    done = [
        (item, result)
        for batch, result in zip(batches(planned), results, strict=True)
        for item in batch.items
    ]
    if json_output:
        output.print_json(
            {
                "workbook": name,
                "dry_run": dry_run,
                "written": bool(results) and not dry_run,
                "edits": [
                    {"cell": item.where, "command_line": item.command, "file": result.file}
                    for item, result in done
                ],
                "files": [result.to_json() for result in results],
            }
        )
        return
    if not planned:
        output.line(f"no change: {name} changes nothing in the plan")
        return
    said = "would run" if dry_run else "recorded"
    for item, result in done:
        output.line(f"{said}: {item.command}  ({item.where} -> {result.file})")
    warnings = [warning for result in results for warning in result.warnings]
    if warnings:
        output.error_line(warning_notice(warnings, dry_run))
