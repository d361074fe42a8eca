"""`commit add milestone`: a new milestone at the end of a PPC's list."""

from __future__ import annotations

from typing import Annotated

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.completion import complete_ppc
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption
from commit_cli.errors import UsageError
from commit_cli.safetext import one_line

add_app = typer.Typer(
    help="Add a new milestone to a PPC.\n\nExample: commit add milestone ppc-4 --id"
    " ppc4-extra-seminar --title 'Extra seminar' --kind seminar --phase core --window 2006-H2",
    no_args_is_help=True,
    add_completion=False,
)

Repeated = list[str] | None


def _participants(text: str | None) -> dict[str, int] | None:
    from commit_cli.edit.arguments import whole_number

    if text is None:
        return None
    low, dash, high = text.partition("-")
    if not low.strip() or (dash and not high.strip()):
        raise UsageError(f"--participants {one_line(text)}: write MIN-MAX, e.g. 20-30")
    span = {"min": whole_number("--participants", low)}
    return span | ({"max": whole_number("--participants", high)} if dash else {})


def _text(option: str, value: str | None) -> object:
    from commit_cli.edit.arguments import plain

    return None if value is None else plain(option, value.strip())


def _count(option: str, text: str | None) -> int | None:
    from commit_cli.edit.arguments import whole_number

    return None if text is None else whole_number(option, text)


@add_app.command("milestone")
@handle_edit_errors
def milestone(
    ppc: Annotated[
        str,
        typer.Argument(
            metavar="PPC",
            help="The PPC id, e.g. ppc-1.",
            show_default=False,
            autocompletion=complete_ppc,
        ),
    ],
    ident: Annotated[
        str, typer.Option("--id", metavar="ID", help="The new milestone's id.", show_default=False)
    ],
    title: Annotated[
        str, typer.Option("--title", metavar="TEXT", help="Its title.", show_default=False)
    ],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="seminar, workshop, training, meeting, assessment, research, report,"
            " publication, pilot or other.",
            show_default=False,
        ),
    ],
    phase: Annotated[
        str,
        typer.Option(
            "--phase", metavar="PHASE", help="preparation, core or follow_up.", show_default=False
        ),
    ],
    window: Annotated[
        str | None,
        typer.Option(
            "--window",
            metavar="WINDOW",
            help="When it is planned: 2006-H2, 2007.",
            show_default=False,
        ),
    ] = None,
    activity: Annotated[
        Repeated,
        typer.Option(
            "--activity", metavar="ID", help="An activity it serves (repeat).", show_default=False
        ),
    ] = None,
    lead: Annotated[
        str | None,
        typer.Option(
            "--lead", metavar="ID", help="Partner or role that leads it.", show_default=False
        ),
    ] = None,
    partner: Annotated[
        Repeated,
        typer.Option(
            "--partner", metavar="ID", help="A partner taking part (repeat).", show_default=False
        ),
    ] = None,
    country: Annotated[
        Repeated,
        typer.Option(
            "--country", metavar="CODE", help="A country involved (repeat).", show_default=False
        ),
    ] = None,
    depends_on: Annotated[
        Repeated,
        typer.Option(
            "--depends-on",
            metavar="ID",
            help="A milestone that must come first (repeat).",
            show_default=False,
        ),
    ] = None,
    min_duration_days: Annotated[
        str | None,
        typer.Option(
            "--min-duration-days", metavar="N", help="Shortest duration.", show_default=False
        ),
    ] = None,
    participants: Annotated[
        str | None,
        typer.Option(
            "--participants",
            metavar="MIN-MAX",
            help="Planned participants, e.g. 20-30.",
            show_default=False,
        ),
    ] = None,
    condition: Annotated[
        str | None,
        typer.Option(
            "--condition", metavar="TEXT", help="When it is conditional.", show_default=False
        ),
    ] = None,
    notes: Annotated[
        str | None, typer.Option("--notes", metavar="TEXT", help="Notes.", show_default=False)
    ] = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Add a milestone at the end of a PPC's milestones.

    Example: commit add milestone ppc-4 --id ppc4-extra-seminar --title "Extra seminar"
    --kind seminar --phase core --window 2007-H1 --activity act-1
    """
    from functools import partial

    from commit_cli.edit.operations import add_milestone

    fields = {
        "id": ident.strip(),
        "title": title,
        "kind": kind.strip(),
        "phase": phase.strip(),
        "activities": activity or [],
        "window": _text("--window", window),
        "min_duration_days": _count("--min-duration-days", min_duration_days),
        "participants": _participants(participants),
        "countries": [code.strip().upper() for code in country or []],
        "lead": lead,
        "partners": partner or [],
        "depends_on": depends_on or [],
        "condition": condition,
        "notes": notes,
    }
    action = partial(add_milestone, fields=fields)
    return perform(current(), plan, "add milestone", ppc, ("ppc",), action, dry_run, json_output)
