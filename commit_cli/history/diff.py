"""The semantic difference between two states of the plan, object by object.

A state is the plan's files, each validated on its own: `{"plan.yaml": PlanHeader,
"ppcs/ppc-01.yaml": PPC, …}`, or only the files a commit touched. PPCs, milestones and
indicators are matched by id wherever they sit (a milestone moved to another PPC's file is
moved, not removed and added; an id whose content stayed is renamed). Inside a matched
object the comparison is generic over its fields: unchanged objects are skipped by equality,
changed ones are compared as plain data, and each difference becomes a `Change` worded for
its kind (see `changes`). A field the model gains later is compared like any other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from commit_cli import wording
from commit_cli.core.indicators import period_total
from commit_cli.core.model import PPC, Indicator, Milestone, PlanHeader
from commit_cli.core.periods import Span
from commit_cli.core.record import Record
from commit_cli.history.changes import Change
from commit_cli.safetext import one_line

HEADER = "plan.yaml"
Path_ = tuple[str, ...]
FileModel = Record | None  # None: the file could not be read in that state
OBJECT_LISTS = {"milestones": "milestone", "indicators": "indicator"}
KEYS = ("id", "code")  # what identifies an item of a list of mappings


@dataclass(frozen=True, slots=True)
class Delta:
    """One difference in plain data: the path to it, the old value and the new one (None
    where there was or is nothing)."""

    path: Path_
    old: Any
    new: Any


# --- plain data ---------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A model or model value as plain JSON data."""
    if isinstance(value, Record):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(getattr(value, "value", None), str):
        return value.value  # an enum member
    return value


def _list_key(*lists: list[Any]) -> str | None:
    """The key that identifies each item of lists of mappings, if every item of each list
    has a unique one."""
    items = [item for items in lists for item in items]
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in KEYS:
        if all(_unique_strings([item.get(key) for item in items]) for items in lists):
            return key
    return None


def _unique_strings(values: list[Any]) -> bool:
    return all(isinstance(v, str) for v in values) and len(set(values)) == len(values)


def deltas(path: Path_, old: Any, new: Any, renames: Mapping[str, str]) -> Iterator[Delta]:
    """Every difference between two plain values, as deep as the data is keyed: mappings by
    key, lists of mappings by their `id` (or `code`), other lists as wholes (lists of words)
    or as items added and removed (lists of passages). A list of ids that differs only by
    ids renamed in the same change is no difference."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            yield from deltas((*path, str(key)), old.get(key), new.get(key), renames)
        return
    if isinstance(old, list) and isinstance(new, list):
        yield from _list_deltas(path, old, new, renames)
        return
    yield Delta(path, old, new)


def _list_deltas(
    path: Path_, old: list[Any], new: list[Any], renames: Mapping[str, str]
) -> Iterator[Delta]:
    key = _list_key(old, new)
    if key is not None:
        before = {item[key]: item for item in old}
        after = {item[key]: item for item in new}
        for ident in [*before, *(k for k in after if k not in before)]:
            yield from deltas((*path, ident), before.get(ident), after.get(ident), renames)
        return
    words_only = all(not isinstance(item, dict | list) for item in old + new)
    if words_only and not any(_is_narrative(item) for item in old + new):
        if [renames.get(item, item) if isinstance(item, str) else item for item in old] != new:
            yield Delta(path, old, new)
        return
    gone = Counter(_frozen(item) for item in old) - Counter(_frozen(item) for item in new)
    came = Counter(_frozen(item) for item in new) - Counter(_frozen(item) for item in old)
    for item in old:
        if gone[_frozen(item)] > 0:
            gone[_frozen(item)] -= 1
            yield Delta(path, item, None)
    for item in new:
        if came[_frozen(item)] > 0:
            came[_frozen(item)] -= 1
            yield Delta(path, None, item)


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def model_deltas(
    old: Record, new: Record, renames: Mapping[str, str], skip: Iterable[str] = ()
) -> list[Delta]:
    """The differences between two models of one kind, field by field; equal fields are
    skipped without turning them into plain data."""
    found: list[Delta] = []
    skipped = set(skip)
    for name in type(new)._fields:
        if name in skipped:
            continue
        before, after = getattr(old, name, None), getattr(new, name, None)
        if before != after:
            found.extend(deltas((name,), plain(before), plain(after), renames))
    return found


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


def _is_narrative(value: Any) -> bool:
    """Text written as prose (a passage with spaces), or a record holding some."""
    if isinstance(value, str):
        return " " in value.strip()
    if isinstance(value, dict):
        return any(_is_narrative(v) for v in value.values())
    if isinstance(value, list):
        return bool(value) and any(_is_narrative(v) for v in value)
    return False


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
    if old in (None, "", [], {}) and _is_narrative(new):
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
class _Context:
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
    ) -> None:
        self.changes.append(Change(kind, subject, ident, ppc, path, old, new, summary, title))


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


def _milestone(context: _Context, ppc: str, old: Milestone, new: Milestone) -> None:
    found = model_deltas(old, new, context.renames, skip=("id",))

    def add(kind: str, path: str, before: Any, after: Any, text: str) -> None:
        context.add(kind, "milestone", new.id, ppc, path, before, after, text, new.title)

    for (name,), group in _grouped(found).items():
        before, after = plain(getattr(old, name)), plain(getattr(new, name))
        if name == "status":
            when = _when_status(new)
            add(
                "status",
                name,
                before,
                after,
                f"{before} → {after}" + (f" on {when}" if when else ""),
            )
        elif name == "actual":
            start, end = (after or {}).get("start"), (after or {}).get("end")
            if after is None or (start is None and end is None):
                add("actual", name, before, after, "actual dates removed")
            else:
                verb = "set" if before is None else "changed"
                span = f"{start or '?'} to {end}" if end else f"start {start}"
                add("actual", name, before, after, f"actual dates {verb}: {span}")
        elif name == "attended":
            verb = "recorded" if before is None else ("removed" if after is None else "revised")
            text = f"attendance {verb}"
            if after is not None:
                text += ": " + (f"{attendance_words(before)} → " if before else "")
                text += attendance_words(after)
            add("attended", name, before, after, text)
        elif name == "postponed":
            if after is None:
                add("postponed", name, before, after, "postponement record removed")
            else:
                text = (
                    f"postponed on {after.get('date')}: {one_line(str(after.get('reason')), 120)}"
                )
                if after.get("from_window"):
                    text += f" (from {window_words(after['from_window'])})"
                add("postponed", name, before, after, text)
        elif name == "cancelled":
            if after is None:
                add("cancelled", name, before, after, "cancellation record removed")
            else:
                add(
                    "cancelled",
                    name,
                    before,
                    after,
                    f"cancelled on {after.get('date')}: {one_line(str(after.get('reason')), 120)}",
                )
        elif name == "window":
            if before is None or after is None:
                text = f"window set: {window_words(after)}" if before is None else "window removed"
            else:
                days = slip(before, after)
                text = f"window moved: {window_words(before)} → {window_words(after)}"
                if days:
                    text += f" (slip {slip_words(days)})"
            add("window", name, before, after, text)
        else:
            for delta in group:
                kind, text = field_words(".".join(delta.path), delta.old, delta.new)
                add(kind, ".".join(delta.path), delta.old, delta.new, text)


def _indicator(context: _Context, ppc: str, old: Indicator, new: Indicator) -> None:
    found = model_deltas(old, new, context.renames, skip=("id",))

    def add(kind: str, path: str, before: Any, after: Any, text: str) -> None:
        context.add(kind, "indicator", new.id, ppc, path, before, after, text, new.title)

    targets_done = False
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
                    f"target revised: {before} → {after}",
                )
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


def _ppc_fields(context: _Context, old: PPC, new: PPC) -> None:
    for delta in model_deltas(old, new, context.renames, skip=("id", *OBJECT_LISTS)):
        path = ".".join(delta.path)
        kind, text = field_words(path, delta.old, delta.new)
        context.add(kind, "ppc", new.id, new.id, path, delta.old, delta.new, text, new.short_title)


def _header(context: _Context, old: PlanHeader, new: PlanHeader) -> None:
    for delta in model_deltas(old, new, context.renames):
        path = ".".join(delta.path)
        if isinstance(delta.new, dict) and delta.old is None and len(delta.path) == 2:
            kind, text = "added", f"{delta.path[0]}: {delta.path[1]} added"
        elif isinstance(delta.old, dict) and delta.new is None and len(delta.path) == 2:
            kind, text = "removed", f"{delta.path[0]}: {delta.path[1]} removed"
        else:
            kind, text = field_words(path, delta.old, delta.new)
        context.add(kind, "plan", new.id, None, path, delta.old, delta.new, text, new.title)


# --- states -------------------------------------------------------------------------------


Objects = dict[str, tuple[str, Record]]  # id -> (PPC id, milestone or indicator)


def _objects(ppcs: Iterable[PPC], attribute: str) -> Objects:
    return {item.id: (ppc.id, item) for ppc in ppcs for item in getattr(ppc, attribute)}


def _without_id(model: Record) -> Any:
    data = plain(model)
    data.pop("id", None)
    return data


def _renames(
    removed: list[str], added: list[str], before: Objects, after: Objects
) -> dict[str, str]:
    """Removed ids whose content reappears, unchanged, under an added id."""
    waiting: dict[Any, list[str]] = {}
    for ident in added:
        waiting.setdefault(_frozen(_without_id(after[ident][1])), []).append(ident)
    found: dict[str, str] = {}
    for ident in removed:
        candidates = waiting.get(_frozen(_without_id(before[ident][1])))
        if candidates:
            found[ident] = candidates.pop(0)
    return found


def _object_summary(model: Record) -> str:
    title = getattr(model, "title", "")
    if isinstance(model, Milestone):
        return f"{title} ({window_words(plain(model.window))})"
    if isinstance(model, Indicator):
        return f"{title} (target {target_words(model.target, model.target_max)} {model.unit})"
    return str(title)


def diff_states(old: Mapping[str, FileModel], new: Mapping[str, FileModel]) -> list[Change]:
    """The changes from one state of the plan's files to another (paths relative to the
    plan folder; a file in only one state was added or removed). Files that could not be
    read in either state are left out, with the PPCs they held."""
    unreadable = {
        path
        for path in {*old, *new}
        if (path in old and old[path] is None) or (path in new and new[path] is None)
    }
    context = _Context()
    old_header, new_header = old.get(HEADER), new.get(HEADER)
    if isinstance(old_header, PlanHeader) and isinstance(new_header, PlanHeader):
        _header(context, old_header, new_header)
    elif isinstance(new_header, PlanHeader) and HEADER not in old:
        summary = f"plan added: {new_header.title}"
        context.add("added", "plan", new_header.id, None, None, None, new_header.id, summary)
    elif isinstance(old_header, PlanHeader) and HEADER not in new:
        summary = f"plan removed: {old_header.title}"
        context.add("removed", "plan", old_header.id, None, None, old_header.id, None, summary)
    before = _ppcs(old, unreadable)
    after = _ppcs(new, unreadable)
    ppc_renames = _renames(
        [i for i in before if i not in after],
        [i for i in after if i not in before],
        {k: (k, v) for k, v in before.items()},
        {k: (k, v) for k, v in after.items()},
    )
    context.renames.update(ppc_renames)
    surviving = {i for i in before if i in after or i in ppc_renames}  # ids before
    continuing = {i for i in after if i in before or i in ppc_renames.values()}  # ids after
    matches: dict[str, tuple[Objects, Objects, dict[str, str]]] = {}
    for attribute in OBJECT_LISTS:
        was = _objects(before.values(), attribute)
        now = _objects(after.values(), attribute)
        removed = [i for i in was if i not in now and was[i][0] in surviving]
        added = [i for i in now if i not in was and now[i][0] in continuing]
        renames = _renames(removed, added, was, now)
        context.renames.update(renames)
        matches[attribute] = (was, now, renames)
    for ppc_id, ppc in after.items():
        if ppc_id not in continuing:
            counts = f"{len(ppc.milestones)} milestones, {len(ppc.indicators)} indicators"
            summary = f"added: {ppc.label} {ppc.short_title} ({counts})"
            context.add(
                "added", "ppc", ppc_id, ppc_id, None, None, ppc_id, summary, ppc.short_title
            )
            continue
        if ppc_id in before:
            _ppc_fields(context, before[ppc_id], ppc)
        else:
            old_id = next(k for k, v in ppc_renames.items() if v == ppc_id)
            _ppc_fields(context, before[old_id], ppc)
            summary = f"renamed from {old_id}"
            context.add(
                "renamed", "ppc", ppc_id, ppc_id, None, old_id, ppc_id, summary, ppc.short_title
            )
        for attribute in OBJECT_LISTS:
            _objects_of(context, ppc, attribute, matches[attribute], ppc_renames)
    for attribute, subject in OBJECT_LISTS.items():
        was, now, renames = matches[attribute]
        for ident, (ppc_id, item) in was.items():
            if ident not in now and ident not in renames and ppc_id in surviving:
                owner = ppc_renames.get(ppc_id, ppc_id)
                summary = f"removed: {_object_summary(item)}"
                title = str(getattr(item, "title", ""))
                context.add("removed", subject, ident, owner, None, ident, None, summary, title)
    for ppc_id, ppc in before.items():
        if ppc_id not in surviving:
            summary = f"removed: {ppc.label} {ppc.short_title}"
            context.add(
                "removed", "ppc", ppc_id, ppc_id, None, ppc_id, None, summary, ppc.short_title
            )
    return context.changes


def _ppcs(files: Mapping[str, FileModel], unreadable: set[str]) -> dict[str, PPC]:
    return {
        model.id: model
        for path, model in sorted(files.items())
        if isinstance(model, PPC) and path not in unreadable
    }


def _objects_of(
    context: _Context,
    ppc: PPC,
    attribute: str,
    match: tuple[Objects, Objects, dict[str, str]],
    ppc_renames: Mapping[str, str],
) -> None:
    """The changes to one PPC's milestones (or indicators), in file order."""
    subject = OBJECT_LISTS[attribute]
    was, _, renames = match
    reverse = {new_id: old_id for old_id, new_id in renames.items()}
    for item in getattr(ppc, attribute):
        old_id = reverse.get(item.id, item.id)
        if old_id not in was:
            summary = f"added: {_object_summary(item)}"
            context.add("added", subject, item.id, ppc.id, None, None, item.id, summary, item.title)
            continue
        old_ppc, old_item = was[old_id]
        if old_id != item.id:
            summary = f"renamed from {old_id}"
            context.add(
                "renamed", subject, item.id, ppc.id, None, old_id, item.id, summary, item.title
            )
        if old_ppc != ppc.id and ppc_renames.get(old_ppc) != ppc.id:
            summary = f"moved from {old_ppc} to {ppc.id}"
            context.add(
                "moved", subject, item.id, ppc.id, None, old_ppc, ppc.id, summary, item.title
            )
        if old_item == item:
            continue
        if isinstance(item, Milestone) and isinstance(old_item, Milestone):
            _milestone(context, ppc.id, old_item, item)
        elif isinstance(item, Indicator) and isinstance(old_item, Indicator):
            _indicator(context, ppc.id, old_item, item)
