"""`commit spend`: what a PPC spent in a reporting period, in one currency."""

from __future__ import annotations

from commit_cli.cli.command_context import current
from commit_cli.cli.commands.fund import AmountOption, CurrencyOption
from commit_cli.cli.commands.record import PeriodOption
from commit_cli.cli.commands.update import PPCArgument
from commit_cli.cli.editing import DryRunFlag, EditJsonFlag, perform
from commit_cli.cli.exits import handle_edit_errors
from commit_cli.cli.options import PlanOption


@handle_edit_errors
def spend(
    ppc: PPCArgument,
    period: PeriodOption,
    amount: AmountOption,
    currency: CurrencyOption,
    plan: PlanOption = None,
    dry_run: DryRunFlag = False,
    json_output: EditJsonFlag = False,
) -> int:
    """Record what a PPC spent in a reporting period, in one currency.

    It replaces what the period said for that currency; spending may not exceed what was
    disbursed in the currency.

    Example: commit fund ppc-1 --source sida --status disbursed --amount 20000 --currency USD
             && commit spend ppc-1 --period 2006-H1 --amount 15000.50 --currency USD
    """
    from functools import partial

    from commit_cli.edit.books import spend as operation

    action = partial(operation, period=period, amount=amount, currency=currency.strip())
    return perform(current(), plan, "spend", ppc, ("ppc",), action, dry_run, json_output)
