"""Funding: a PPC's money is in real currencies, it spends no more than was paid out to it, and
(when the plan asks, `require_funding: true`) work done on it has funding to show for it.

All are about one PPC file (`check_file`), so what they find is kept per file. Amounts are
compared per currency and never converted: 100 USD and 100 EUR are not added.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from commit_cli.core.currencies import is_currency
from commit_cli.core.model import PPC
from commit_cli.core.periods import PeriodError, parse_period_label
from commit_cli.core.vocabulary import SECURED_FUNDING, FundingStatus, Status
from commit_cli.plan.checks.context import UNKNOWN_REFERENCE, FileContext, Place, Rule
from commit_cli.plan.checks.indicators import BAD_PERIOD, VALUE_OUTSIDE_PERIOD
from commit_cli.problems import Severity

UNKNOWN_CURRENCY = Rule(
    "unknown-currency",
    Severity.error,
    "every amount of money is in an ISO 4217 currency (USD, EUR, THB)",
)
SPENT_ABOVE_DISBURSED = Rule(
    "spent-above-disbursed",
    Severity.error,
    "a PPC spends, in each currency, no more than its funding disbursed in that currency",
)
DONE_WITHOUT_FUNDING = Rule(
    "done-without-funding",
    Severity.warning,
    "when the plan sets `require_funding: true`, a PPC with a milestone done records funding"
    " pledged, committed or disbursed",
)
RULES = (UNKNOWN_CURRENCY, SPENT_ABOVE_DISBURSED, DONE_WITHOUT_FUNDING)


def _currency(context: FileContext, code: str, place: Place, what: str) -> None:
    if not is_currency(code):
        context.report(
            UNKNOWN_CURRENCY,
            place,
            f"{what}: '{code}' is not an ISO 4217 currency; write its three-letter code"
            " (USD, EUR, THB)",
        )


def _spending(context: FileContext, ppc: PPC) -> dict[str, Decimal]:
    """What `ppc` spent in each currency, its period keys and currencies checked."""
    spent: dict[str, Decimal] = defaultdict(Decimal)
    for label, amounts in ppc.spending.items():
        place = context.at("spending", label)
        try:
            period = parse_period_label(str(label), context.cadence_months)
        except PeriodError as exc:
            context.report(BAD_PERIOD, place, f"spending: {exc}", at_key=True)
            continue
        if not context.plan_span.overlaps(period.span):
            context.report(
                VALUE_OUTSIDE_PERIOD,
                place,
                f"spending: reporting period {period.label} is outside the plan period",
                at_key=True,
            )
        for code, amount in amounts.items():
            _currency(context, code, Place(place.file, (*place.path, code)), "spending")
            spent[code] += amount
    return spent


def check_file(context: FileContext, ppc: PPC) -> None:
    disbursed: dict[str, Decimal] = defaultdict(Decimal)
    milestones = {m.id for m in ppc.milestones}
    for i, entry in enumerate(ppc.funding):
        _currency(context, entry.currency, context.at("funding", i, "currency"), "funding")
        if entry.status is FundingStatus.disbursed:
            disbursed[entry.currency] += entry.amount
        for j, ident in enumerate(entry.milestones):
            if ident not in milestones:
                context.report(
                    UNKNOWN_REFERENCE,
                    context.at("funding", i, "milestones", j),
                    f"funding: '{ident}' is not a milestone of {ppc.label}",
                )
    for code, amount in _spending(context, ppc).items():
        if is_currency(code) and amount > disbursed[code]:
            context.report(
                SPENT_ABOVE_DISBURSED,
                context.at("spending"),
                f"{ppc.label} spent {amount:f} {code} but has {disbursed[code]:f} {code}"
                " disbursed; record the disbursement (`commit fund … --status disbursed`) or"
                " correct the spending",
                at_key=True,
            )
    if context.require_funding and not any(f.status in SECURED_FUNDING for f in ppc.funding):
        done = next((m.id for m in ppc.milestones if m.status is Status.done), None)
        if done is not None:
            context.report(
                DONE_WITHOUT_FUNDING,
                context.at("id"),
                f"{ppc.label} has work done ('{done}') but no funding pledged, committed or"
                " disbursed; the plan asks for it (`require_funding: true`)",
                fix=f"`commit fund {ppc.id} --source NAME --status pledged --amount N"
                " --currency CODE`",
            )
