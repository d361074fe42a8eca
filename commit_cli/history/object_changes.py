"""The changes to one object: each difference between two versions of one milestone,
indicator, PPC or plan header as a `Change` of its kind, worded (with the values in it in a
few words).

Kinds with their own wording (see `changes`): a milestone's `status`, `actual`, `attended`,
`postponed`, `cancelled` and `window`, an indicator's `value`, `target` and `baseline`; text
written where there was none is `narrative`, and any other field a `field` change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from commit_cli import wording
from commit_cli.core.indicators import period_total
from commit_cli.core.model import PPC, Indicator, Milestone, PlanHeader
from commit_cli.core.periods import Span
from commit_cli.core.record import Record
from commit_cli.history.book_changes import FIELDS as BOOKS
from commit_cli.history.book_changes import book_changes
from commit_cli.history.changes import Change
from commit_cli.history.deltas import Delta, Path_, is_narrative, model_deltas, plain
from commit_cli.safetext import one_line

OBJECT_LISTS = {"milestones": "milestone", "indicators": "indicator"}  # compared one by one


# --- words --------------------------------------------------------------------------------


def words(value: Any, limit: int = 60) -> str:
    """A plain value in a few words: text quoted and cut, lists joined, mappings as
    `key value` pairs."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return wording.number(value)
    if isinstance(value, str):
        return f"“{one_line(value, limit)}”" if " " in value.strip() else one_line(value, limit)
    if isinstance(value, list):
        return ", ".join(words(item, limit) for item in value) or "none"
    if isinstance(value, dict):
        text = ", ".join(
            f"{k} {words(v, limit)}" for k, v in value.items() if v not in (None, [], {})
        )
        return one_line(text, limit * 2)
    return one_line(str(value), limit)


def _span(value: Any) -> Span | None:
    if (
        isinstance(value, dict)
        and isinstance(value.get("start"), str)
        and isinstance(value.get("end"), str)
    ):
        try:
            return Span(date.fromisoformat(value["start"]), date.fromisoformat(value["end"]))
        except ValueError:
            return None
    return None


def window_words(value: Any) -> str:
    span = _span(value)
    return wording.period(span) if span is not None else "no window"


def slip(old: Any, new: Any) -> int | None:
    """How many days later (negative: earlier) the new window ends than the old one."""
    before, after = _span(old), _span(new)
    if before is None or after is None:
        return None
    return (after.end - before.end).days


def slip_words(days: int) -> str:
    """`+184 days` (later), `-3 days` (earlier)."""
    return ("+" if days >= 0 else "") + wording.days(days)


def value_words(value: Any) -> str:
    """An indicator's value for a period: a number, or per country with their total."""
    if isinstance(value, dict):
        parts = ", ".join(f"{code} {wording.number(v)}" for code, v in value.items())
        total = period_total({str(k): float(v) for k, v in value.items()})
        return f"{parts} (total {wording.number(total)})"
    return wording.number(value)


def target_words(target: Any, target_max: Any) -> str:
    if target is None:
        return "none"
    return wording.number_range(target, target_max)


def attendance_words(value: Any) -> str:
    if not isinstance(value, dict):
        return "–"
    text = wording.number(value.get("total"))
    parts = [
        f"{wording.number(value[k])} {k}" for k in ("women", "men") if value.get(k) is not None
    ]
    countries = value.get("by_country") or {}
    if countries:
        parts.append(", ".join(f"{code} {wording.number(n)}" for code, n in countries.items()))
    return f"{text} ({'; '.join(parts)})" if parts else text


def _first_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        texts = [_first_text(v) for v in value.values()]
        return next((t for t in texts if " " in t), "")
    if isinstance(value, list):
        return next((t for t in map(_first_text, value) if t), "")
    return ""


def field_words(name: str, old: Any, new: Any) -> tuple[str, str]:
    """The kind and wording of a change to any other field."""
    if old in (None, "", [], {}) and is_narrative(new):
        return "narrative", f"{name} added: “{one_line(_first_text(new), 80)}”"
    if isinstance(old, list) and isinstance(new, list):
        added = [item for item in new if item not in old]
        removed = [item for item in old if item not in new]
        parts = []
        if added:
            parts.append(f"added {words(added)}")
        if removed:
            parts.append(f"removed {words(removed)}")
        if parts and len(added) + len(removed) < len(old) + len(new):
            return "field", f"{name}: {'; '.join(parts)}"
    if old is None:
        return "field", f"{name} set: {words(new)}"
    if new is None:
        return "field", f"{name} removed (was {words(old)})"
    return "field", f"{name}: {words(old)} → {words(new)}"


# --- objects ------------------------------------------------------------------------------


@dataclass
class Comparison:
    """One comparison: the changes found so far and the ids renamed in it."""

    renames: dict[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    def add(
        self,
        kind: str,
        subject: str,
        ident: str,
        ppc: str | None,
        path: str | None,
        old: Any,
        new: Any,
        summary: str,
        title: str = "",
        decision: str | None = None,
    ) -> None:
        self.changes.append(
            Change(kind, subject, ident, ppc, path, old, new, summary, title, decision=decision)
        )


def _grouped(found: list[Delta], depth: int = 1) -> dict[Path_, list[Delta]]:
    groups: dict[Path_, list[Delta]] = {}
    for delta in found:
        groups.setdefault(delta.path[:depth], []).append(delta)
    return groups


def _when_status(milestone: Milestone) -> date | None:
    actual = milestone.actual
    if milestone.status == "done" and actual is not None:
        return actual.end or actual.start
    if milestone.status == "in_progress" and actual is not None:
        return actual.start
    if milestone.status == "postponed" and milestone.postponed is not None:
        return milestone.postponed.date
    if milestone.status == "cancelled" and milestone.cancelled is not None:
        return milestone.cancelled.date
    return None


def milestone_changes(context: Comparison, ppc: str, old: Milestone, new: Milestone) -> None:
    found = model_deltas(old, new, context.renames, skip=("id",))

    def add(
        kind: str, path: str, before: Any, after: Any, text: str, decision: str | None = None
    ) -> None:
        context.add(kind, "milestone", new.id, ppc, path, before, after, text, new.title, decision)

    for (name,), group in _grouped(found).items():
        before, after = plain(getattr(old, name)), plain(getattr(new, name))
        words = _MILESTONE_FIELD_WORDS.get(name)
        if words is not None:  # a change of its own kind, worded as a whole
            add(name, name, before, after, words(before, after, new), _cites(name, after))
        else:
            for delta in group:
                kind, text = field_words(".".join(delta.path), delta.old, delta.new)
                add(kind, ".".join(delta.path), delta.old, delta.new, text)


def _status_change(before: Any, after: Any, new: Milestone) -> str:
    when = _when_status(new)
    return f"{before} → {after}" + (f" on {when}" if when else "")


def _actual_change(before: Any, after: Any, new: Milestone) -> str:
    start, end = (after or {}).get("start"), (after or {}).get("end")
    if after is None or (start is None and end is None):
        return "actual dates removed"
    verb = "set" if before is None else "changed"
    span = f"{start or '?'} to {end}" if end else f"start {start}"
    return f"actual dates {verb}: {span}"


def _attended_change(before: Any, after: Any, new: Milestone) -> str:
    verb = "recorded" if before is None else ("removed" if after is None else "revised")
    text = f"attendance {verb}"
    if after is not None:
        text += ": " + (f"{attendance_words(before)} → " if before else "")
        text += attendance_words(after)
    return text


def _cites(name: str, after: Any) -> str | None:
    """The decision a postponement or cancellation record cites, if any."""
    if name in ("postponed", "cancelled") and isinstance(after, dict):
        cited = after.get("decision")
        return cited if isinstance(cited, str) else None
    return None


def cited_words(cited: Any) -> str:
    """` (decision som3-d4)` after what a change did, when it cites a decision (worded with
    the decision's meeting and day by `Change.citing`); nothing when it cites none."""
    return f" ({wording.decision(cited)})" if isinstance(cited, str) else ""


def _only_decision(before: Any, after: Any) -> str | None:
    """What changed when a record changed only in the decision it cites, else None."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return None
    if {**before, "decision": None} != {**after, "decision": None}:
        return None
    if after.get("decision"):
        return f"now cites a decision{cited_words(after['decision'])}"
    return f"no longer cites {wording.decision(str(before.get('decision')))}"


def _postponed_change(before: Any, after: Any, new: Milestone) -> str:
    if after is None:
        return "postponement record removed"
    only = _only_decision(before, after)
    if only is not None:
        return f"postponement {only}"
    text = f"postponed on {after.get('date')}{cited_words(after.get('decision'))}"
    text += f": {one_line(str(after.get('reason')), 120)}"
    if after.get("from_window"):
        text += f" (from {window_words(after['from_window'])})"
    return text


def _cancelled_change(before: Any, after: Any, new: Milestone) -> str:
    if after is None:
        return "cancellation record removed"
    only = _only_decision(before, after)
    if only is not None:
        return f"cancellation {only}"
    cited = cited_words(after.get("decision"))
    return f"cancelled on {after.get('date')}{cited}: {one_line(str(after.get('reason')), 120)}"


def _window_change(before: Any, after: Any, new: Milestone) -> str:
    if before is None or after is None:
        return f"window set: {window_words(after)}" if before is None else "window removed"
    days = slip(before, after)
    text = f"window moved: {window_words(before)} → {window_words(after)}"
    if days:
        text += f" (slip {slip_words(days)})"
    return text


# The milestone's fields whose change is one change of the field's own kind (its name),
# worded from the values before and after (and the milestone as it is now).
_MILESTONE_FIELD_WORDS: dict[str, Callable[[Any, Any, Milestone], str]] = {
    "status": _status_change,
    "actual": _actual_change,
    "attended": _attended_change,
    "postponed": _postponed_change,
    "cancelled": _cancelled_change,
    "window": _window_change,
}


def indicator_changes(context: Comparison, ppc: str, old: Indicator, new: Indicator) -> None:
    found = model_deltas(old, new, context.renames, skip=("id",))

    def add(
        kind: str, path: str, before: Any, after: Any, text: str, decision: str | None = None
    ) -> None:
        context.add(kind, "indicator", new.id, ppc, path, before, after, text, new.title, decision)

    targets_done = False
    target_moved = any(delta.path[0] in ("target", "target_max") for delta in found)
    for delta in found:
        name = delta.path[0]
        if name == "values":
            continue
        if name in ("target", "target_max"):
            if not targets_done:
                targets_done = True
                before = target_words(old.target, old.target_max)
                after = target_words(new.target, new.target_max)
                add(
                    "target",
                    "target",
                    {"target": old.target, "target_max": old.target_max},
                    {"target": new.target, "target_max": new.target_max},
                    f"target revised: {before} → {after}{cited_words(new.target_decision)}",
                    new.target_decision,
                )
        elif name == "target_decision" and target_moved and new.target_decision:
            continue  # the target's revision says which decision made it
        elif name == "target_decision":
            text = (
                f"target now cites a decision{cited_words(new.target_decision)}"
                if new.target_decision
                else f"target no longer cites {wording.decision(str(old.target_decision))}"
            )
            add("field", name, delta.old, delta.new, text, new.target_decision)
        elif name == "baseline":
            add(
                "baseline",
                name,
                delta.old,
                delta.new,
                f"baseline revised: {words(delta.old)} → {words(delta.new)}",
            )
        else:
            kind, text = field_words(".".join(delta.path), delta.old, delta.new)
            add(kind, ".".join(delta.path), delta.old, delta.new, text)
    values = [d for d in found if d.path[0] == "values"]
    for (_, period), _group in _grouped(values, depth=2).items():
        before = plain(old.values.get(period))
        after = plain(new.values.get(period))
        if before is None:
            text = f"value for {period} recorded: {value_words(after)}"
        elif after is None:
            text = f"value for {period} removed (was {value_words(before)})"
        else:
            text = f"value for {period} revised: {value_words(before)} → {value_words(after)}"
        add("value", f"values.{period}", before, after, text)


def ppc_field_changes(context: Comparison, old: PPC, new: PPC) -> None:
    found = model_deltas(old, new, context.renames, skip=("id", *OBJECT_LISTS))
    for delta in found:
        if delta.path[0] in BOOKS:
            continue  # worded below, a grant and a period at a time
        path = ".".join(delta.path)
        kind, text = field_words(path, delta.old, delta.new)
        context.add(kind, "ppc", new.id, new.id, path, delta.old, delta.new, text, new.short_title)
    for kind, path, before, after, text in book_changes(old, new, found):
        context.add(kind, "ppc", new.id, new.id, path, before, after, text, new.short_title)


def header_changes(context: Comparison, old: PlanHeader, new: PlanHeader) -> None:
    for delta in model_deltas(old, new, context.renames):
        path = ".".join(delta.path)
        if isinstance(delta.new, dict) and delta.old is None and len(delta.path) == 2:
            kind, text = "added", f"{delta.path[0]}: {delta.path[1]} added"
        elif isinstance(delta.old, dict) and delta.new is None and len(delta.path) == 2:
            kind, text = "removed", f"{delta.path[0]}: {delta.path[1]} removed"
        else:
            kind, text = field_words(path, delta.old, delta.new)
        context.add(kind, "plan", new.id, None, path, delta.old, delta.new, text, new.title)


def object_summary(model: Record) -> str:
    """A milestone or indicator added or removed, in a few words."""
    title = getattr(model, "title", "")
    if isinstance(model, Milestone):
        return f"{title} ({window_words(plain(model.window))})"
    if isinstance(model, Indicator):
        return f"{title} (target {target_words(model.target, model.target_max)} {model.unit})"
    return str(title)
