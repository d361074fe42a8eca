"""Options shared by several commands, and turning option text into values."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from commit_cli.errors import UsageError

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
        help="The day to report on, YYYY-MM-DD (default: today; with --rev, the day that"
        " revision was committed).",
        show_default=False,
    ),
]
RevOption = Annotated[
    str | None,
    typer.Option(
        "--rev",
        metavar="REV",
        help="Read the plan as committed at REV (a commit, branch or tag such as"
        " report/2006-H1), from git objects; the working tree is not touched.",
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


def option_day(value: str | None, option: str) -> date | None:
    """A date option's value; an unreadable date is a usage error."""
    if value is None:
        return None
    from commit_cli.core.periods import PeriodError, parse_date

    try:
        return parse_date(value)
    except PeriodError as exc:
        raise UsageError(f"{option}: {exc}") from None


def as_of_day(value: str | None) -> date:
    """The --as-of day, today by default."""
    return option_day(value, "--as-of") or date.today()
