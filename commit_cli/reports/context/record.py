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
from commit_cli.core.vocabulary import FundingStatus, Status
from commit_cli.reports.context.pieces import JsonDict
from commit_cli.wording import gettext as _

QUOTE_LIMIT = 100  # the full text is in the report above, or in the plan


def N_(message: str) -> str:  # gettext's name for a message marked, not translated
    """`message`, marked for the catalogs and translated where it is used."""
    return message


# The fields a change record names by their words (any other: its name with spaces).
FIELD_WORDS = {
    name: N_(name.replace("_", " "))
    for name in ("title", "outcome", "description", "notes", "objective", "evaluation")
}


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
    text = f"{_subject(first, labels)}: {'; '.join(parts) or _('changed')}"
    return {
        "date": (commit.get("date") or "")[:10] or None,
        "text": text if text.endswith(("”", ".")) else text + ".",
        "by": commit.get("author") or _("not yet committed"),
        "ref": commit.get("short") or "–",
    }


def _subject(change: JsonDict, labels: dict[str, str]) -> str:
    title = change.get("title") or change["id"]
    label = labels.get(change.get("ppc") or "", "")
    if change["subject"] == "plan":
        return _("The plan")
    if change["subject"] == "ppc":
        return f"{label or title}"
    return f"{title} ({label})" if label else title


def _status(change: JsonDict, kinds: set[str]) -> str | None:
    new = change.get("new")
    if new in (Status.postponed, Status.cancelled) and new in kinds:
        return None  # the postponement or cancellation says it, with its day and reason
    if new in set(Status):
        return _("marked %(status)s") % {"status": wording.status(new)}
    return _("status changed")


def _actual(change: JsonDict, kinds: set[str]) -> str:
    new = change.get("new") or {}
    start, end = new.get("start"), new.get("end")
    if end:
        held = wording.dates(start or end, end) if start != end else end
        return _("held %(dates)s") % {"dates": held}
    if start:
        return _("started %(day)s") % {"day": wording.day(start)}
    return _("actual dates removed")


def _attended(change: JsonDict, kinds: set[str]) -> str:
    new = change.get("new")
    if not isinstance(new, dict):
        return _("attendance removed")
    total = int(new.get("total") or 0)
    text = wording.plural(total, "participant")
    sexes = [
        (_("%(count)s women") if k == "women" else _("%(count)s men"))
        % {"count": wording.number(new[k])}
        for k in ("women", "men")
        if new.get(k) is not None
    ]
    return text + (f" ({', '.join(sexes)})" if sexes else "")


def _postponed(change: JsonDict, kinds: set[str]) -> str:
    new = change.get("new")
    if not isinstance(new, dict):
        return _("postponement record removed")
    day = wording.day(new.get("date"))
    came_from = _window_words(new.get("from_window"))
    reason = quoted(new.get("reason"))
    if came_from:
        return _("postponed on %(day)s from %(old)s%(cited)s, because %(reason)s") % {
            "day": day,
            "old": came_from,
            "cited": _by(change),
            "reason": reason,
        }
    return _("postponed on %(day)s%(cited)s, because %(reason)s") % {
        "day": day,
        "cited": _by(change),
        "reason": reason,
    }


def _cancelled(change: JsonDict, kinds: set[str]) -> str:
    new = change.get("new")
    if not isinstance(new, dict):
        return _("cancellation record removed")
    return _("cancelled on %(day)s%(cited)s, because %(reason)s") % {
        "day": wording.day(new.get("date")),
        "cited": _by(change),
        "reason": quoted(new.get("reason")),
    }


def _window(change: JsonDict, kinds: set[str]) -> str:
    old, new = _window_words(change.get("old")), _window_words(change.get("new"))
    if new is None:
        return _("planned window removed")
    if "postponed" in kinds:  # the postponement says where from
        return _("planned window moved to %(new)s") % {"new": new}
    if old:
        return _("planned window moved from %(old)s to %(new)s") % {"old": old, "new": new}
    return _("planned window set to %(new)s") % {"new": new}


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
        if source:
            return _("funding from %(source)s removed") % {"source": source}
        return _("funding removed")
    on = _(" on %(day)s") % {"day": wording.day(new["date"])} if new.get("date") else ""
    if not isinstance(old, dict):
        return _("funding from %(source)s recorded: %(status)s%(on)s, %(money)s") % {
            "source": new.get("source"),
            "status": _funding_status(new.get("status")),
            "on": on,
            "money": _money(new),
        }
    status = _funding_status(new.get("status"))
    if old.get("status") != new.get("status"):
        status = f"{_funding_status(old.get('status'))} → {status}"
    if (old.get("status"), old.get("date")) == (new.get("status"), new.get("date")):
        on = ""
    money = _money(new)
    if (old.get("amount"), old.get("currency")) != (new.get("amount"), new.get("currency")):
        money = f"{_money(old)} → {money}"
    return _("funding from %(source)s: %(status)s%(on)s, %(money)s") % {
        "source": new.get("source"),
        "status": status,
        "on": on,
        "money": money,
    }


def _funding_status(value: Any) -> str:
    """A funding status by its label (`pledged`), any other value as written."""
    return wording.label(FundingStatus(value)) if value in set(FundingStatus) else str(value)


def _spending(change: JsonDict, kinds: set[str]) -> str:
    """A period's spending: `spending for 2006-H1: 22,500 USD`."""
    period = str(change.get("field") or "").removeprefix("spending.")
    new = change.get("new")
    if not isinstance(new, dict):
        return _("spending for %(period)s removed") % {"period": period}
    each = ", ".join(_money({"amount": v, "currency": c}) for c, v in new.items())
    return _("spending for %(period)s: %(money)s") % {"period": period, "money": each}


def _value(change: JsonDict, kinds: set[str]) -> str:
    period = str(change.get("field") or "").removeprefix("values.")
    new = change.get("new")
    if new is None:
        return _("value for %(period)s removed") % {"period": period}
    if isinstance(new, dict):
        each = ", ".join(f"{code} {wording.number(v)}" for code, v in new.items())
        total = sum(float(v) for v in new.values() if isinstance(v, int | float))
        value = f"{wording.number(total)} ({each})"
    else:
        value = wording.number(new)
    return _("value for %(period)s: %(value)s") % {"period": period, "value": value}


def _target(change: JsonDict, kinds: set[str]) -> str:
    old, new = change.get("old") or {}, change.get("new") or {}
    return _("target revised from %(old)s to %(new)s%(cited)s") % {
        "old": wording.number_range(old.get("target"), old.get("target_max")),
        "new": wording.number_range(new.get("target"), new.get("target_max")),
        "cited": _by(change),
    }


def _baseline(change: JsonDict, kinds: set[str]) -> str:
    return _("baseline revised from %(old)s to %(new)s") % {
        "old": wording.number(change.get("old")),
        "new": wording.number(change.get("new")),
    }


def _whole(word: str) -> Callable[[JsonDict, set[str]], str]:
    """A change said in a few words (`word`, an msgid: translated when the report is made)."""
    return lambda change, kinds: _(word)


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
    "added": _whole(N_("added to the plan")),
    "removed": _whole(N_("removed from the plan")),
    "renamed": _whole(N_("given a new id")),
    "moved": _whole(N_("moved to another PPC")),
}


def _part(change: JsonDict, kinds: set[str]) -> str | None:
    worded = PARTS.get(change["kind"])
    if worded is not None:
        return worded(change, kinds)
    if change.get("field") == "target_decision":
        return (
            _("target now cites a decision%(cited)s") % {"cited": _by(change)}
            if change.get("new")
            else _("target no longer cites a decision")
        )
    return _field(str(change.get("field") or ""), change.get("old"), change.get("new"))


def _field(name: str, old: Any, new: Any) -> str:
    """A change to any other field: a note by its text, a text by its words, a report link,
    and any field the model gains later by its name in words."""
    head, _dot, period = name.partition(".")
    if head == "log" and isinstance(new, list):
        added = [n for n in new if n not in (old or []) and isinstance(n, dict)]
        notes = [
            _("note of %(day)s: %(text)s")
            % {"day": wording.day(n.get("date")), "text": quoted(n.get("text"))}
            for n in added
        ]
        return "; ".join(notes) or _("notes changed")
    if head == "updates":
        text = _first_text(new)
        what = (
            _("progress report for %(period)s") % {"period": period}
            if period
            else _("progress reports")
        )
        return f"{what}: {quoted(text)}" if text else _("%(what)s changed") % {"what": what}
    if head == "report":
        return _("report linked") if new else _("report link removed")
    words = _(FIELD_WORDS[head]) if head in FIELD_WORDS else head.replace("_", " ")
    if isinstance(new, str) and new.strip():
        return f"{words}: {quoted(new)}"
    if new is None or new in ([], {}):
        return _("%(what)s removed") % {"what": words}
    return _("%(what)s changed") % {"what": words}


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
