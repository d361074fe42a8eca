"""Options shared by several commands, and turning option text into values."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from commit_cli.errors import UsageError

if TYPE_CHECKING:
    from commit_cli.core.periods import Span

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
    str | None,
    typer.Option(
        "--ppc",
        metavar="PPC",
        help="Only this PPC: its id, label, number or file (ppc-1, 'PPC 1', 1, ppc-01.yaml).",
        show_default=False,
    ),
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
StrictFlag = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Show nothing when the plan has errors (default: show what the valid files say,"
        " under a warning, and exit 1).",
    ),
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


def read_as_of(as_of: str | None) -> date | None:
    """--as-of, checked before anything is loaded (None when not given; the day then is
    the command context's, see `CommandContext.day`)."""
    return option_day(as_of, "--as-of")


def option_period(value: str | None, option: str) -> Span | None:
    """A period option's value (2006-H1, 2006, 2006-Q3, 2006-05 or a day); an unreadable
    period is a usage error."""
    if value is None:
        return None
    from commit_cli.core.periods import PeriodError, parse_period_spec

    try:
        return parse_period_spec(value)
    except PeriodError as exc:
        raise UsageError(f"{option}: {exc}") from None
