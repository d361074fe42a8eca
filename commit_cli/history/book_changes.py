"""The changes to a PPC's books, in words: a funding entry that moved on, and the spending of
a period.

A funding entry has no id: `commit fund` moves a grant on by rewriting the entry with the
same source and reference (pledged, then disbursed). Compared as a list, that reads as one
entry removed and another added; here the two are paired by source and reference and read
as what happened to the grant (`funding from uniap (UNIAP-TRN-01): pledged → disbursed,
120,000 USD`). Spending is compared per period, all its currencies together.

Each change is (kind, field path, old, new, words); the values are plain JSON (amounts as
exact decimal text), so `--format json` and the reports read them back exactly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commit_cli import wording
from commit_cli.core.model import PPC
from commit_cli.history.deltas import Delta, plain

BookChange = tuple[str, str, Any, Any, str]  # kind, field path, old, new, words
FIELDS = ("funding", "spending")
_MOVES_ON = ("status", "date", "amount", "currency")  # what a grant moving on changes


def _key(entry: dict[str, Any]) -> tuple[Any, Any]:
    return entry.get("source"), entry.get("reference")


def money_words(entry: dict[str, Any]) -> str:
    """An entry's amount and currency: `120,000 USD`."""
    return wording.money(Decimal(str(entry.get("amount"))), str(entry.get("currency")))


def _grant(entry: dict[str, Any]) -> str:
    reference = entry.get("reference")
    return f"funding from {entry.get('source')}" + (f" ({reference})" if reference else "")


def funding_words(old: dict[str, Any] | None, new: dict[str, Any] | None) -> str:
    """One grant's change: recorded, removed, or moved on (its status and its day, amount
    or currency from → to; other details revised by name)."""
    if new is None:
        was = f" (was {old.get('status')}, {money_words(old)})" if old else ""
        return f"{_grant(old or {})} removed{was}"
    if old is None:
        on = f" on {new.get('date')}" if new.get("date") else ""
        return f"{_grant(new)} recorded: {new.get('status')}{on}, {money_words(new)}"
    status = str(new.get("status"))
    if old.get("status") != new.get("status"):
        status = f"{old.get('status')} → {status}"
    moved = (old.get("status"), old.get("date")) != (new.get("status"), new.get("date"))
    if moved and new.get("date"):
        status += f" on {new.get('date')}"
    money = money_words(new)
    if (old.get("amount"), old.get("currency")) != (new.get("amount"), new.get("currency")):
        money = f"{money_words(old)} → {money}"
    text = f"{_grant(new)}: {status}, {money}"
    others = [name for name in new if name not in _MOVES_ON and old.get(name) != new.get(name)]
    others += [name for name in old if name not in new and name not in _MOVES_ON]
    return text + (f" ({', '.join(others)} revised)" if others else "")


def _funding(found: list[Delta]) -> list[BookChange]:
    """The entries removed and added, paired by source and reference (in order, when
    several share them): a pair is one grant that changed."""
    removed = [d.old for d in found if d.old is not None and d.new is None]
    added = [d.new for d in found if d.new is not None and d.old is None]
    changes: list[BookChange] = []
    for new in added:
        old = next((entry for entry in removed if _key(entry) == _key(new)), None)
        if old is not None:
            removed.remove(old)
        changes.append(("funding", "funding", old, new, funding_words(old, new)))
    changes += [("funding", "funding", old, None, funding_words(old, None)) for old in removed]
    return changes


def _amounts(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    return {str(currency): format(Decimal(str(amount)), "f") for currency, amount in value.items()}


def spending_words(period: str, old: dict[str, str] | None, new: dict[str, str] | None) -> str:
    """A period's spending recorded, revised or removed, every currency apart."""

    def each(amounts: dict[str, str]) -> str:
        return ", ".join(wording.money(Decimal(v), c) for c, v in amounts.items())

    if new is None:
        return f"spending for {period} removed" + (f" (was {each(old)})" if old else "")
    if old is None:
        return f"spending for {period} recorded: {each(new)}"
    return f"spending for {period} revised: {each(old)} → {each(new)}"


def _spending(old: PPC, new: PPC) -> list[BookChange]:
    changes: list[BookChange] = []
    for period in [*old.spending, *(p for p in new.spending if p not in old.spending)]:
        before = _amounts(plain(old.spending.get(period)))
        after = _amounts(plain(new.spending.get(period)))
        if before != after:
            path = f"spending.{period}"
            changes.append(("spending", path, before, after, spending_words(period, before, after)))
    return changes


def book_changes(old: PPC, new: PPC, found: list[Delta]) -> list[BookChange]:
    """The changes to the PPC's funding (from its deltas) and spending."""
    funding = [delta for delta in found if delta.path[0] == "funding"]
    spending = old.spending != new.spending
    return _funding(funding) + (_spending(old, new) if spending else [])
