"""`commit fund`: money sought or found for a PPC (`commit spend` records what it spent)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.update import PPCArgument
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, checked_day, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption
from commit_cli.core.vocabulary import FundingStatus

AmountOption = Annotated[
    str,
    typer.Option(
        "--amount",
        metavar="AMOUNT",
        help="How much: a whole number or a decimal (120000, 1500.75), kept exactly.",
        show_default=False,
    ),
]
CurrencyOption = Annotated[
    str,
    typer.Option(
        "--currency",
        metavar="CODE",
        help="The ISO 4217 currency code, e.g. USD.",
        show_default=False,
    ),
]


def _text(option: str, metavar: str, help_text: str) -> Any:
    return typer.Option(option, metavar=metavar, help=help_text, show_default=False)


@handle_edit_errors
def fund(
    ppc: PPCArgument,
    source: Annotated[str, _text("--source", "NAME", "Who gives it: a partner id or a name.")],
    status: Annotated[
        FundingStatus,
        typer.Option(
            "--status", help="How far it has come.", show_default=False, case_sensitive=False
        ),
    ],
    amount: AmountOption,
    currency: CurrencyOption,
    date: Annotated[
        str | None, _text("--date", "DATE", "The day of the pledge, agreement or payment.")
    ] = None,
    reference: Annotated[
        str | None, _text("--reference", "TEXT", "The grant's or agreement's reference.")
    ] = None,
    milestone: Annotated[
        list[str] | None, _text("--milestone", "ID", "A milestone it pays for (repeat).")
    ] = None,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record funding sought or found for a PPC: its source, status, amount and currency.

    The entry of the same source and reference is updated (a pledge later disbursed is one
    entry); give each grant of one source its --reference to keep them apart.

    Example: commit fund ppc-1 --source "Sida" --status pledged --amount 120000 --currency USD
             --date 2005-11-15 --reference SE-2005-118
    """
    from functools import partial

    from commit_cli.edit.books import fund as operation

    action = partial(
        operation,
        source=source,
        status=status.value,
        amount=amount,
        currency=currency.strip(),
        date=None if date is None else checked_day("--date", date),
        reference=reference,
        milestones=milestone or [],
    )
    return perform(current(), plan, "fund", ppc, ("ppc",), action, dry_run, json_output)
