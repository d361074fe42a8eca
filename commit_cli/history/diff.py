"""The semantic difference between two states of the plan, object by object.

A state is the plan's files, each validated on its own: `{"plan.yaml": PlanHeader,
"ppcs/ppc-01.yaml": PPC, …}`, or only the files a commit touched. PPCs, milestones and
indicators are matched by id wherever they sit (a milestone moved to another PPC's file is
moved, not removed and added; an id whose content stayed is renamed). Inside a matched
object the comparison is generic over its fields: unchanged objects are skipped by equality,
changed ones are compared as plain data (`deltas`), and each difference becomes a `Change`
worded for its kind (`object_changes`; what a change is: `changes`). A field the model gains later
is compared like any other. This module matches the objects of the two states.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from commit_cli.core.model import PPC, Indicator, Milestone, PlanHeader
from commit_cli.core.record import Record
from commit_cli.history.changes import Change
from commit_cli.history.deltas import frozen, plain
from commit_cli.history.object_changes import (
    OBJECT_LISTS,
    Comparison,
    header_changes,
    indicator_changes,
    milestone_changes,
    object_summary,
    ppc_field_changes,
)

HEADER = "plan.yaml"
FileModel = Record | None  # None: the file could not be read in that state
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
    if not removed or not added:
        return {}  # nothing to match (a state that only adds, as the first commit does)
    waiting: dict[Any, list[str]] = {}
    for ident in added:
        waiting.setdefault(frozen(_without_id(after[ident][1])), []).append(ident)
    found: dict[str, str] = {}
    for ident in removed:
        candidates = waiting.get(frozen(_without_id(before[ident][1])))
        if candidates:
            found[ident] = candidates.pop(0)
    return found


def diff_states(old: Mapping[str, FileModel], new: Mapping[str, FileModel]) -> list[Change]:
    """The changes from one state of the plan's files to another (paths relative to the
    plan folder; a file in only one state was added or removed). Files that could not be
    read in either state are left out, with the PPCs they held."""
    unreadable = {
        path
        for path in {*old, *new}
        if (path in old and old[path] is None) or (path in new and new[path] is None)
    }
    context = Comparison()
    old_header, new_header = old.get(HEADER), new.get(HEADER)
    if isinstance(old_header, PlanHeader) and isinstance(new_header, PlanHeader):
        header_changes(context, old_header, new_header)
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
            ppc_field_changes(context, before[ppc_id], ppc)
        else:
            old_id = next(k for k, v in ppc_renames.items() if v == ppc_id)
            ppc_field_changes(context, before[old_id], ppc)
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
                summary = f"removed: {object_summary(item)}"
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
    context: Comparison,
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
            summary = f"added: {object_summary(item)}"
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
            milestone_changes(context, ppc.id, old_item, item)
        elif isinstance(item, Indicator) and isinstance(old_item, Indicator):
            indicator_changes(context, ppc.id, old_item, item)
