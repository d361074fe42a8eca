"""`commit export`: the validated plan for other programs: JSON, spreadsheet tables (CSV) or
a calendar (iCalendar)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import current
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.options import AsOfOption, PlanOption, RevOption, read_as_of
from commit_cli.cli.plan_access import ReadPlan, readable_plan
from commit_cli.errors import EnvironmentFailure

if TYPE_CHECKING:
    from commit_cli.core.model import PPC
    from commit_cli.plan.columns_load import IndexedPPC


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    ics = "ics"


@handle_errors
def export(
    plan: PlanOption = None,
    rev: RevOption = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="json: the whole plan as one document; csv: milestones.csv, indicators.csv and"
            " indicator_values.csv for spreadsheets; ics: the dated meetings, seminars,"
            " trainings and workshops as a calendar.",
        ),
    ] = ExportFormat.json,
    output_path: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="json, ics: write to this file instead of stdout. csv: the folder to write the"
            " three files into (default: the current folder; created if missing).",
        ),
    ] = None,
    as_of: AsOfOption = None,
) -> int:
    """Write the whole validated plan for other programs: JSON, CSV tables or a calendar.

    The plan is written as it was known on the day (--as-of, else the revision's commit date,
    else today): progress recorded after that day is left out.

    Examples: commit export --rev report/2006-H1 -o plan-2006-H1.json
              commit export --as-of 2006-06-30 -o plan-2006-06-30.json
              commit export --format csv -o tables/
              commit export --format ics -o commit-meetings.ics
    """
    from commit_cli.export.files import (
        check_outputs,
        make_output_folder,
        write_bytes_atomically,
        write_text_atomically,
    )
    from commit_cli.plan.sources import find_plan_dir

    explicit = read_as_of(as_of)
    context = current()
    indexed = output_format == ExportFormat.json  # JSON can be written from the read index
    read = readable_plan(context, plan, strict=True, rev=rev, as_of=explicit, columns=indexed)
    plan_dir = _plan_folder(plan, find_plan_dir)
    if output_format == ExportFormat.csv:
        from commit_cli.export.tables import csv_text, plan_tables

        folder = output_path or Path()
        make_output_folder(folder, plan_dir)
        tables = plan_tables(read.plan)
        check_outputs([folder / table.file_name for table in tables], plan_dir)
        for table in tables:
            write_text_atomically(folder / table.file_name, csv_text(table), plan_dir)
            output.error_line(f"wrote {folder / table.file_name} ({len(table.rows)} rows)")
        return OK
    if output_format == ExportFormat.ics:
        from commit_cli.export.calendar import calendar_bytes

        pieces: Iterable[bytes] = [calendar_bytes(read.plan, read.day)]
    elif read.columns is not None:
        pieces = _indexed_json(read)
    else:
        from commit_cli.export.json_document import plan_json_chunks

        pieces = plan_json_chunks(read.plan)
    if output_path is None:
        for piece in pieces:
            output.write_utf8(piece)
    else:
        write_bytes_atomically(output_path, pieces, plan_dir)
    return OK


def _indexed_json(read: ReadPlan) -> Iterable[bytes]:
    """The plan's JSON document from its read index: a PPC file from which nothing is cut on
    the day (no record dated after it) is written as it was before (kept in the cache by
    its bytes); any other is read whole and cut to the day, as `core.known` cuts it."""
    from commit_cli.core.known import milestone_known_on
    from commit_cli.export.json_document import encoder_code, plan_json_chunks, ppc_json_bytes

    columns = read.columns
    assert columns is not None
    if not read.plan.ppcs:  # nothing to read from the index: the plan is its header
        return plan_json_chunks(read.plan)
    day = read.day

    def piece(known: PPC, indexed: IndexedPPC) -> bytes:
        if known is indexed.entry.head and indexed.entry.latest_day <= day.toordinal():
            return indexed.derived("ppc-json", encoder_code(), ppc_json_bytes)
        cut = [milestone_known_on(m, day) for m in indexed.record().milestones]
        return ppc_json_bytes(known.model_copy(update={"milestones": cut}))

    ppcs = zip(read.plan.ppcs, columns, strict=True)
    return plan_json_chunks(read.plan, (piece(known, indexed) for known, indexed in ppcs))


def _plan_folder(plan: Path | None, find: Callable[[Path | None], Path]) -> Path:
    """The plan folder that output must stay out of; with --rev and no plan on disk, the
    `plan/` a checkout would have."""
    try:
        return find(plan)
    except EnvironmentFailure:
        return Path("plan")
