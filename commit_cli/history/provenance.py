"""The history of one object: every change to it (`commit log ID`), and, for each of its
fields, the commit that last set its current value (`commit show ID --provenance`).

Both follow the object through renames. Because changes are found in the plan's data, not
its text, reformatting a file never changes provenance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from commit_cli.core.hints import closest
from commit_cli.core.model import PPC, PlanHeader
from commit_cli.errors import NotFound
from commit_cli.history.changes import Attribution, Change, JsonDict

WHOLE = ("added", "renamed", "moved")  # kinds that set every field of the object


def changes_to(changes: Iterable[Change], ident: str) -> list[Change]:
    """Every change to the object `ident` (for a PPC, to anything in it), newest first,
    following renames back to its earlier ids."""
    names = {ident}
    found: list[Change] = []
    for change in reversed(list(changes)):
        own = change.id in names and change.subject != "plan"
        plan_wide = change.subject == "plan" and bool(names & set((change.field or "").split(".")))
        if own or plan_wide or (change.ppc in names and change.subject != "ppc"):
            found.append(change)
            if own and change.kind == "renamed" and isinstance(change.old, str):
                names.add(change.old)
    return found


def owners(header: PlanHeader | None, ppcs: Iterable[PPC]) -> dict[str, str | None]:
    """Every id of a plan state, with the PPC it belongs to (None: plan-wide)."""
    found: dict[str, str | None] = {}
    if header is not None:
        found.update((partner.id, None) for partner in header.partners)
        found.update((role.id, None) for role in header.roles)
        found.update((area.id, None) for area in header.areas)
        found.update((activity.id, None) for activity in header.activities)
        found.update((country.code, None) for country in header.countries)
    for ppc in ppcs:
        found[ppc.id] = ppc.id
        found.update((milestone.id, ppc.id) for milestone in ppc.milestones)
        found.update((indicator.id, ppc.id) for indicator in ppc.indicators)
    return found


def creation(changes: Iterable[Change], ppc: str | None) -> Change | None:
    """The change that added the PPC `ppc` (whose milestones and indicators came with it)."""
    return next(
        (c for c in changes if c.subject == "ppc" and c.kind == "added" and c.id == ppc), None
    )


def require_known(changes: list[Change], ident: str, known: Iterable[str]) -> None:
    """NotFound when `ident` is neither in the plan nor in its history."""
    ids = {*known, *(c.id for c in changes), *(c.ppc for c in changes if c.ppc)}
    if ident in ids:
        return
    close = closest(ident, sorted(ids), n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise NotFound(f"unknown id '{ident}' (not in the plan nor in its history){hint}")


@dataclass(frozen=True, slots=True)
class FieldOrigin:
    """Who last set one field's current value: a commit, or None when it is not committed
    yet (`uncommitted`) or older than the history that can be read."""

    field: str
    by: Attribution | None
    uncommitted: bool = False

    def to_json(self) -> JsonDict:
        return {
            "field": self.field,
            "uncommitted": self.uncommitted,
            "commit": self.by.to_json() if self.by else None,
        }


def field_names(fields: dict[str, Any], skip: Iterable[str] = ()) -> list[str]:
    """The fields of an object's JSON, one level down for mappings keyed by data (an
    indicator's `values` by period)."""
    skipped = {"id", *skip}
    names: list[str] = []
    for key, value in fields.items():
        if key in skipped or value in (None, [], {}, ""):
            continue
        if key == "values" and isinstance(value, dict):
            names.extend(f"{key}.{period}" for period in value)
        else:
            names.append(key)
    return names


def _covers(change: Change, name: str) -> bool:
    if change.field is None:
        return change.kind in WHOLE
    return (
        change.field == name
        or change.field.startswith(name + ".")
        or name.startswith(change.field + ".")
    )


def provenance(
    names: list[str],
    history: list[Change],
    every_change: Iterable[Change] = (),
    ppc: str | None = None,
    uncommitted: Iterable[Change] = (),
) -> list[FieldOrigin]:
    """For each field name, the newest change in `history` (the object's, newest first, as
    `changes_to` gives them) that set it, else the change that created the object, else the
    one that added its PPC (found in `every_change`); fields that `uncommitted` changes touch
    are marked so."""
    pending = list(uncommitted)
    created = next((c for c in history if c.field is None and c.kind in WHOLE), None)
    if created is None:
        created = creation(every_change, ppc)
    origins: list[FieldOrigin] = []
    for name in names:
        if any(_covers(change, name) for change in pending):
            origins.append(FieldOrigin(name, None, uncommitted=True))
            continue
        latest = next((c for c in history if c.field is not None and _covers(c, name)), None)
        source = latest or created
        origins.append(FieldOrigin(name, source.by if source else None))
    return origins
