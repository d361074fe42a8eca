"""What `commit fund` and `commit spend` do to a PPC's data: plain functions on its dictionary,
each returning the words that say what was recorded (as `edit.operations` does for progress).

An amount is written as it was typed, exactly: a whole number plain (`120000`), a fraction in
quotes (`'1500.75'`), because YAML reads `1500.75` as a binary fraction; the model then judges
it (digits, places) with its place in the file, like any other value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from commit_cli.edit.operations import JsonDict, period_key

WHOLE = re.compile(r"^(0|[1-9][0-9]*)$")
FUNDING_FIELDS = (
    "source",
    "status",
    "amount",
    "currency",
    "date",
    "reference",
    "milestones",
    "note",
)


def amount_value(text: str) -> Any:
    """An amount as the file is to hold it: an int for a whole number, else the text (which
    the writer quotes, so it reads back as text and becomes an exact decimal)."""
    typed = text.strip()
    return int(typed) if WHOLE.match(typed) else typed


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def fund(
    ppc: JsonDict,
    source: str,
    status: str,
    amount: str,
    currency: str,
    date: str | None = None,
    reference: str | None = None,
    milestones: Sequence[str] = (),
    note: str | None = None,
) -> str:
    """Record funding for a PPC. An entry is one grant moving from sought to disbursed: the
    entry of the same source and reference (none counts as one) is updated, so a pledge that
    is paid out is not counted twice; otherwise a new entry follows the list."""
    entries = _list(ppc.get("funding"))
    position = next(
        (
            i
            for i, entry in enumerate(entries)
            if isinstance(entry, dict)
            and entry.get("source") == source
            and entry.get("reference") == reference
        ),
        None,
    )
    entry: JsonDict = dict(entries[position]) if position is not None else {}
    entry.update(
        {"source": source, "status": status, "amount": amount_value(amount), "currency": currency}
    )
    given = {"date": date, "reference": reference, "note": note}
    entry.update({key: value for key, value in given.items() if value is not None})
    if milestones:
        covered = _list(entry.get("milestones"))
        entry["milestones"] = [*covered, *(m for m in milestones if m not in covered)]
    ordered = {key: entry[key] for key in FUNDING_FIELDS if key in entry}
    ordered.update({key: value for key, value in entry.items() if key not in ordered})
    if position is None:
        entries.append(ordered)
    else:
        entries[position] = ordered
    ppc["funding"] = entries
    return f"{ppc['id']} funding from {source}: {status}, {amount.strip()} {currency}"


def spend(ppc: JsonDict, period: str, amount: str, currency: str) -> str:
    """Record what a PPC spent in a reporting period in one currency (replacing what the
    period said for that currency)."""
    spending = ppc.get("spending")
    periods: JsonDict = dict(spending) if isinstance(spending, dict) else {}
    key = period_key(period)
    earlier = periods.get(key)
    amounts: JsonDict = dict(earlier) if isinstance(earlier, dict) else {}
    amounts[currency] = amount_value(amount)
    periods[key] = amounts
    ppc["spending"] = periods
    return f"{ppc['id']} spent {amount.strip()} {currency} in {period}"


DECISION_FIELDS = (
    "id",
    "meeting",
    "date",
    "text",
    "milestones",
    "indicators",
    "ppcs",
    "supersedes",
)
# A new decisions file: what `commit decide` writes before its first decision.
NEW_DECISIONS_FILE = (
    "# The decisions of the plan's meetings (SOMs, IMMs, task forces), oldest first;\n"
    "# `commit decide` adds one, and a postponement or cancellation may cite it.\n"
    "decisions:\n"
)


def decide(
    book: JsonDict,
    ident: str,
    meeting: str,
    date: str,
    text: str,
    milestones: Sequence[str] = (),
    indicators: Sequence[str] = (),
    ppcs: Sequence[str] = (),
    supersedes: str | None = None,
) -> str:
    """Add a decision to the decisions file, in date order (after those of the same day)."""
    from commit_cli.errors import UsageError

    entries = _list(book.get("decisions"))
    if any(isinstance(e, dict) and e.get("id") == ident for e in entries):
        raise UsageError(f"the decision '{ident}' is recorded already; give the new one its own id")
    fields: JsonDict = {
        "id": ident,
        "meeting": meeting,
        "date": date,
        "text": text,
        "milestones": list(milestones),
        "indicators": list(indicators),
        "ppcs": list(ppcs),
        "supersedes": supersedes,
    }
    entry = {key: fields[key] for key in DECISION_FIELDS if fields[key] not in (None, [])}
    position = len(entries)
    while position > 0:
        earlier = entries[position - 1]
        day = earlier.get("date") if isinstance(earlier, dict) else None
        if not isinstance(day, str) or day <= date:
            break
        position -= 1
    entries.insert(position, entry)
    book["decisions"] = entries
    return f"decision {ident} ({meeting}, {date})"
