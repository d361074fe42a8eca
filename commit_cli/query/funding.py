"""The funding book: what each PPC sought, secured, received and spent, per currency.

Amounts are added only within a currency and never converted (the plan states no exchange
rates): a PPC funded in USD and in EUR shows two figures. Definitions, per PPC and currency:

- sought: every entry but those declined (what was asked for, whatever came of it);
- secured: entries pledged, committed or disbursed (money promised or paid);
- disbursed: entries disbursed (money paid);
- spent: the spending recorded for each reporting period, added up.

An entry is one grant moving on (`commit fund` updates it), so no amount is counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from commit_cli.core.model import PPC, Plan
from commit_cli.core.vocabulary import SECURED_FUNDING, FundingStatus
from commit_cli.query.json_values import JsonDict

Money = dict[str, Decimal]  # currency → amount


def _add(into: Money, currency: str, amount: Decimal) -> None:
    into[currency] = into.get(currency, Decimal(0)) + amount


def money_json(money: Mapping[str, Decimal]) -> dict[str, str]:
    """Amounts as JSON holds them: exact decimal text per currency, currencies sorted."""
    return {currency: format(money[currency], "f") for currency in sorted(money)}


@dataclass(slots=True)
class FundingRow:
    """One PPC's line of the funding book."""

    id: str
    label: str
    short_title: str
    entries: int = 0
    sought: Money = field(default_factory=dict)
    secured: Money = field(default_factory=dict)
    disbursed: Money = field(default_factory=dict)
    declined: Money = field(default_factory=dict)
    spent: Money = field(default_factory=dict)
    spent_by_period: dict[str, Money] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    @property
    def currencies(self) -> list[str]:
        return sorted({*self.sought, *self.declined, *self.spent})

    def to_json(self) -> JsonDict:
        return {
            "id": self.id,
            "label": self.label,
            "short_title": self.short_title,
            "entries": self.entries,
            "sources": self.sources,
            "sought": money_json(self.sought),
            "secured": money_json(self.secured),
            "disbursed": money_json(self.disbursed),
            "declined": money_json(self.declined),
            "spent": money_json(self.spent),
            "spent_by_period": {
                label: money_json(money) for label, money in self.spent_by_period.items()
            },
        }


def funding_row(ppc: PPC) -> FundingRow:
    row = FundingRow(ppc.id, ppc.label, ppc.short_title, entries=len(ppc.funding))
    for entry in ppc.funding:
        if entry.source not in row.sources:
            row.sources.append(entry.source)
        if entry.status is FundingStatus.declined:
            _add(row.declined, entry.currency, entry.amount)
            continue
        _add(row.sought, entry.currency, entry.amount)
        if entry.status in SECURED_FUNDING:
            _add(row.secured, entry.currency, entry.amount)
        if entry.status is FundingStatus.disbursed:
            _add(row.disbursed, entry.currency, entry.amount)
    for label, amounts in ppc.spending.items():
        row.spent_by_period[label] = dict(amounts)
        for currency, amount in amounts.items():
            _add(row.spent, currency, amount)
    return row


@dataclass(slots=True)
class FundingBook:
    """The funding book of some PPCs: a row for each that records funding or spending, and
    the totals per currency."""

    rows: list[FundingRow]
    totals: FundingRow

    def __bool__(self) -> bool:
        return bool(self.rows)

    def to_json(self) -> JsonDict:
        totals = self.totals.to_json()
        return {
            "ppcs": [row.to_json() for row in self.rows],
            "totals": {
                key: totals[key] for key in ("sought", "secured", "disbursed", "declined", "spent")
            },
        }


def funding_book(ppcs: Iterable[PPC]) -> FundingBook:
    rows = [funding_row(ppc) for ppc in ppcs if ppc.funding or ppc.spending]
    totals = FundingRow("", "All", "")
    for row in rows:
        totals.entries += row.entries
        for name in ("sought", "secured", "disbursed", "declined", "spent"):
            into: Money = getattr(totals, name)
            for currency, amount in getattr(row, name).items():
                _add(into, currency, amount)
    return FundingBook(rows, totals)


def plan_funding(plan: Plan) -> FundingBook:
    return funding_book(plan.ppcs)
