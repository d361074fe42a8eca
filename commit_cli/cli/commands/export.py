"""`commit export`: the whole validated plan as one document."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.loading import valid_plan
from commit_cli.cli.options import PlanOption, RevOption


class ExportFormat(StrEnum):
    json = "json"


@handle_errors
def export(
    plan: PlanOption = None,
    rev: RevOption = None,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="Output format.")
    ] = ExportFormat.json,
    output_file: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> int:
    """Write the whole validated plan as one JSON document.

    Example: commit export --rev report/2006-H1 -o plan-2006-H1.json
    """
    from commit_cli.export.files import write_text_atomically
    from commit_cli.export.json_document import json_text, plan_document
    from commit_cli.plan.sources import find_plan_dir

    text = json_text(plan_document(valid_plan(plan, rev)))
    if output_file is None:
        output.write(text)
    else:
        write_text_atomically(output_file, text, find_plan_dir(plan))
    return OK
