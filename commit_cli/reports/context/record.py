"""The record of changes as a reader reads it: the summary's annex.

The report command hands over the plan's changes committed in the period as plain data
(each change's `to_json()`: kind, subject, id, title, PPC, field, old and new values and its
commit). Here the changes one commit made to one milestone, indicator or PPC become one
sentence, in words a ministry reads ("Cambodia's field assessment (PPC 2): marked done;
held 2006-03-13 to 2006-05-17; outcome: “…”"): statuses by their label, never their code, a
note by its text, never its author; the commit's author and short reference beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from commit_cli import wording
from commit_cli.core.model import Plan
from commit_cli.core.periods import Span
from commit_cli.core.vocabulary import Status
from commit_cli.reports.context.pieces import JsonDict

QUOTE_LIMIT = 100  # the full text is in the report above, or in the plan


def quoted(text: Any, limit: int = QUOTE_LIMIT) -> str:
    """Text on one line, cut at `limit` characters, in quotation marks."""
    flat = " ".join(str(text).split())
    return f"“{flat if len(flat) <= limit else flat[: limit - 1].rstrip() + '…'}”"


def by_commit(entries: list[JsonDict]) -> list[JsonDict]:
    """The entries of each commit together, in the order recorded: `date`, `by`, `ref` and
    `entries` (the texts)."""
    commits: list[JsonDict] = []
    for entry in entries:
        if not commits or (commits[-1]["ref"], commits[-1]["date"]) != (
            entry["ref"],
            entry["date"],
        ):
            commits.append({key: entry[key] for key in ("date", "by", "ref")} | {"entries": []})
        commits[-1]["entries"].append(entry["text"])
    return commits


def change_record(plan: Plan, changes: Iterable[JsonDict]) -> list[JsonDict]:
    """One entry per commit and object: `date` (the commit's day, None when not yet
    committed), `text` (what was recorded, in sentences), `by` (the commit's author) and
    `ref` (its short id)."""
    labels = {ppc.id: ppc.label for ppc in plan.ppcs}
    sources = {partner.id: partner.name for partner in plan.partners}
    decided = {d.id: wording.decision(d.id, d.meeting, d.date) for d in plan.decisions}
    changes = [_cited(_named(change, sources), decided) for change in changes]
    entries: list[JsonDict] = []
    key: tuple[Any, ...] | None = None
    group: list[JsonDict] = []
    for change in changes:
        commit = change.get("commit") or {}
        this = (commit.get("commit"), change["subject"], change["id"])
        if this != key and group:
            entries.append(_entry(group, labels))
            group = []
        key = this
        group.append(change)
    if group:
        entries.append(_entry(group, labels))
    return entries


def _entry(group: list[JsonDict], labels: dict[str, str]) -> JsonDict:
    first = group[0]
    commit = first.get("commit") or {}
    kinds = {change["kind"] for change in group}
    parts = [part for change in group if (part := _part(change, kinds))]
    text = f"{_subject(first, labels)}: {'; '.join(parts) or 'changed'}"
    return {
        "date": (commit.get("date") or "")[:10] or None,
        "text": text if text.endswith(("”", ".")) else text + ".",
        "by": commit.get("author") or "not yet committed",
        "ref": commit.get("short") or "–",
    }


def _subject(change: JsonDict, labels: dict[str, str]) -> str:
    title = change.get("title") or change["id"]
    label = labels.get(change.get("ppc") or "", "")
    if change["subject"] == "plan":
        return "The plan"
    if change["subject"] == "ppc":
        return f"{label or title}"
    return f"{title} ({label})" if label else title


def _status(change: JsonDict, kinds: set[str]) -> str | None:
    new = change.get("new")
    if new in (Status.postponed, Status.cancelled) and new in kinds:
        return None  # the postponement or cancellation says it, with its day and reason
    return f"marked {wording.status(new)}" if new in set(Status) else "status changed"


def _actual(change: JsonDict, kinds: set[str]) -> str:
    new = change.get("new") or {}
    start, end = new.get("start"), new.get("end")
    if end:
        return f"held {wording.dates(start or end, end)}" if start != end else f"held {end}"
    return f"started {wording.day(start)}" if start else "actual dates removed"


def _attended(change: JsonDict, kinds: set[str]) -> str:
    new = change.get("new")
    if not isinstance(new, dict):
        return "attendance removed"
    text = f"{wording.plural(int(new.get('total') or 0), 'participant')}"
    sexes = [f"{wording.number(new[k])} {k}" for k in ("women", "men") if new.get(k) is not None]
    return text + (f" ({', '.join(sexes)})" if sexes else "")


def _postponed(change: JsonDict, kinds: set[str]) -> str:
    new = change.get("new")
    if not isinstance(new, dict):
        return "postponement record removed"
    text = f"postponed on {wording.day(new.get('date'))}"
    came_from = _window_words(new.get("from_window"))
    text += f" from {came_from}" if came_from else ""
    return f"{text}{_by(change)}, because {quoted(new.get('reason'))}"


def _cancelled(change: JsonDict, kinds: set[str]) -> str:
    new = change.get("new")
    if not isinstance(new, dict):
        return "cancellation record removed"
    day = wording.day(new.get("date"))
    return f"cancelled on {day}{_by(change)}, because {quoted(new.get('reason'))}"


def _window(change: JsonDict, kinds: set[str]) -> str:
    old, new = _window_words(change.get("old")), _window_words(change.get("new"))
    if new is None:
        return "planned window removed"
    if "postponed" in kinds:  # the postponement says where from
        return f"planned window moved to {new}"
    return f"planned window moved from {old} to {new}" if old else f"planned window set to {new}"


def _window_words(value: Any) -> str | None:
    """A window as the shortest period that names it (`2006-H2`, `2005 to 2007`)."""
    if not isinstance(value, dict) or not value.get("start") or not value.get("end"):
        return None
    try:
        span = Span(date.fromisoformat(value["start"]), date.fromisoformat(value["end"]))
    except (TypeError, ValueError):
        return None
    return wording.period(span)


def _cited(change: JsonDict, decided: dict[str, str]) -> JsonDict:
    """A change that cites a decision, with the decision in words (`cited`: `decision
    som3-d4, SOM 3, 2006-05-17`; its id alone when the plan no longer holds it)."""
    ident = change.get("decision")
    if not isinstance(ident, str):
        return change
    return change | {"cited": decided.get(ident, wording.decision(ident))}


def _by(change: JsonDict) -> str:
    """` (decision som3-d4, SOM 3, 2006-05-17)` when the change cites a decision."""
    return f" ({change['cited']})" if change.get("cited") else ""


def _named(change: JsonDict, sources: dict[str, str]) -> JsonDict:
    """A funding change with its source as a reader knows it: a partner by its name."""
    if change["kind"] != "funding":
        return change
    return change | {
        side: entry | {"source": sources.get(str(entry.get("source")), entry.get("source"))}
        for side in ("old", "new")
        if isinstance(entry := change.get(side), dict)
    }


def _money(entry: JsonDict) -> str:
    try:
        return wording.money(Decimal(str(entry.get("amount"))), str(entry.get("currency")))
    except (ArithmeticError, ValueError):
        return f"{entry.get('amount')} {entry.get('currency')}"


def _funding(change: JsonDict, kinds: set[str]) -> str:
    """A grant as the secretariat's book has it: `funding from UN agencies: pledged →
    disbursed on 2006-02-10, 75,000.50 USD` (an entry moved on, matched by its source and
    reference), or recorded, or removed."""
    old, new = change.get("old"), change.get("new")
    if not isinstance(new, dict):
        source = old.get("source") if isinstance(old, dict) else None
        return f"funding from {source} removed" if source else "funding removed"
    on = f" on {wording.day(new['date'])}" if new.get("date") else ""
    if not isinstance(old, dict):
        return f"funding from {new.get('source')} recorded: {new.get('status')}{on}, {_money(new)}"
    status = str(new.get("status"))
    if old.get("status") != status:
        status = f"{old.get('status')} → {status}"
    if (old.get("status"), old.get("date")) == (new.get("status"), new.get("date")):
        on = ""
    money = _money(new)
    if (old.get("amount"), old.get("currency")) != (new.get("amount"), new.get("currency")):
        money = f"{_money(old)} → {money}"
    return f"funding from {new.get('source')}: {status}{on}, {money}"


def _spending(change: JsonDict, kinds: set[str]) -> str:
    """A period's spending: `spending for 2006-H1: 22,500 USD`."""
    period = str(change.get("field") or "").removeprefix("spending.")
    new = change.get("new")
    if not isinstance(new, dict):
        return f"spending for {period} removed"
    each = ", ".join(_money({"amount": v, "currency": c}) for c, v in new.items())
    return f"spending for {period}: {each}"


def _value(change: JsonDict, kinds: set[str]) -> str:
    period = str(change.get("field") or "").removeprefix("values.")
    new = change.get("new")
    if new is None:
        return f"value for {period} removed"
    if isinstance(new, dict):
        each = ", ".join(f"{code} {wording.number(v)}" for code, v in new.items())
        total = sum(float(v) for v in new.values() if isinstance(v, int | float))
        return f"value for {period}: {wording.number(total)} ({each})"
    return f"value for {period}: {wording.number(new)}"


def _target(change: JsonDict, kinds: set[str]) -> str:
    old, new = change.get("old") or {}, change.get("new") or {}
    return (
        f"target revised from {wording.number_range(old.get('target'), old.get('target_max'))}"
        f" to {wording.number_range(new.get('target'), new.get('target_max'))}{_by(change)}"
    )


def _baseline(change: JsonDict, kinds: set[str]) -> str:
    return (
        f"baseline revised from {wording.number(change.get('old'))}"
        f" to {wording.number(change.get('new'))}"
    )


def _whole(word: str) -> Callable[[JsonDict, set[str]], str]:
    return lambda change, kinds: word


PARTS: dict[str, Callable[[JsonDict, set[str]], str | None]] = {
    "status": _status,
    "actual": _actual,
    "attended": _attended,
    "postponed": _postponed,
    "cancelled": _cancelled,
    "window": _window,
    "value": _value,
    "target": _target,
    "baseline": _baseline,
    "funding": _funding,
    "spending": _spending,
    "added": _whole("added to the plan"),
    "removed": _whole("removed from the plan"),
    "renamed": _whole("given a new id"),
    "moved": _whole("moved to another PPC"),
}


def _part(change: JsonDict, kinds: set[str]) -> str | None:
    worded = PARTS.get(change["kind"])
    if worded is not None:
        return worded(change, kinds)
    if change.get("field") == "target_decision":
        return (
            f"target now cites a decision{_by(change)}"
            if change.get("new")
            else "target no longer cites a decision"
        )
    return _field(str(change.get("field") or ""), change.get("old"), change.get("new"))


def _field(name: str, old: Any, new: Any) -> str:
    """A change to any other field: a note by its text, a text by its words, a report link,
    and any field the model gains later by its name in words."""
    head, _, period = name.partition(".")
    if head == "log" and isinstance(new, list):
        added = [n for n in new if n not in (old or []) and isinstance(n, dict)]
        notes = [f"note of {wording.day(n.get('date'))}: {quoted(n.get('text'))}" for n in added]
        return "; ".join(notes) or "notes changed"
    if head == "updates":
        text = _first_text(new)
        what = f"progress report for {period}" if period else "progress reports"
        return f"{what}: {quoted(text)}" if text else f"{what} changed"
    if head == "report":
        return "report linked" if new else "report link removed"
    words = head.replace("_", " ")
    if isinstance(new, str) and new.strip():
        return f"{words}: {quoted(new)}"
    if new is None or new in ([], {}):
        return f"{words} removed"
    return f"{words} changed"


def _first_text(value: Any) -> str:
    """The first text of a period's update: its progress, else its first obstacle or step."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("progress", "obstacles", "next_steps", *value):
            found = _first_text(value.get(key))
            if found:
                return found
    if isinstance(value, list):
        return next((t for t in map(_first_text, value) if t), "")
    return ""
