"""`commit show`: everything about one object of the plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from commit_cli.cli import output
from commit_cli.cli.exits import handle_errors
from commit_cli.cli.loading import readable_plan
from commit_cli.cli.options import AsOfOption, JsonFlag, PlanOption, StrictFlag, as_of_day

if TYPE_CHECKING:
    from commit_cli.query.describe import Details


@handle_errors
def show(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A PPC, activity, area, sub-area, milestone, indicator, partner or role id,"
            " a country code, or a PPC's label, number or file ('PPC 12', 12, ppc-12.yaml).",
            show_default=False,
        ),
    ],
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    json_output: JsonFlag = False,
    strict: StrictFlag = False,
) -> int:
    """Everything about one PPC, activity, area, milestone, indicator or country, and the
    file and line where it is written.

    Example: commit show ppc-1
    """
    day = as_of_day(as_of)
    from commit_cli.errors import NotFound
    from commit_cli.query.describe import describe

    loaded = readable_plan(plan, strict)
    try:
        details = describe(loaded.plan, ident, day, loaded.files)
    except NotFound:
        file = loaded.left_out_ids.get(ident.strip())
        if file is None:
            raise
        raise NotFound(
            f"'{ident.strip()}' is written in {file}, which has errors; run `commit validate`"
        ) from None
    locate(details, loaded.header_file, loaded.files)
    if json_output:
        output.print_json(details.to_json())
        return loaded.exit_code
    from commit_cli.cli.views import details_view

    output.emit(output.make_console(), details_view(details))
    return loaded.exit_code


def locate(details: Details, header_file: str, files: dict[str, str]) -> None:
    """Fill in the file and line where the object is written."""
    written = details.written
    if written is None:
        return
    file = header_file if written.ppc is None else files.get(written.ppc)
    if file is None:
        return
    from commit_cli.yamlio.positions import line_of

    details.file = file
    details.line = line_of(Path(file), written.path)
