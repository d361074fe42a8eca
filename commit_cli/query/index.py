"""The plan indexed by id, built once per command and handed to every query it runs: each
kind of object by id, milestones in plan order with their PPC (`Located`), the countries a
milestone involves and the areas it serves, and which PPC a name means (`resolve_ppc`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property, partial
from pathlib import PurePath
from typing import Any, NamedTuple

from commit_cli.core.hints import numbers_in, one_of
from commit_cli.core.indicators import MilestoneTables
from commit_cli.core.model import PPC, Indicator, Milestone, Plan
from commit_cli.core.periods import ReportingCalendar, span_of
from commit_cli.errors import NotFound


class Located(NamedTuple):
    """A milestone with its PPC and its place in the plan (for stable ordering)."""

    ppc: PPC
    milestone: Milestone
    order: int


_located = partial(tuple.__new__, Located)  # no Python code per milestone


class PlanIndex:
    """Lookups over one plan, built once in linear time. `files` names the file each PPC is
    written in (PPC id → file), when the caller knows it."""

    def __init__(self, plan: Plan, files: Mapping[str, str] | None = None) -> None:
        self.plan = plan
        self.files: Mapping[str, str] = files or {}
        self.calendar = ReportingCalendar(span_of(plan.period), plan.reporting.cadence_months)
        self.country_codes = [country.code for country in plan.countries]
        self.countries = {country.code: country for country in plan.countries}
        self.partners = {partner.id: partner for partner in plan.partners}
        self.roles = {role.id: role for role in plan.roles}
        self.areas = {area.id: area for area in plan.areas}
        self.areas_by_number = {str(area.number): area for area in plan.areas}
        self.sub_areas = {sub.id: (area, sub) for area in plan.areas for sub in area.sub_areas}
        self.activities = {activity.id: activity for activity in plan.activities}
        self.ppcs = {ppc.id: ppc for ppc in plan.ppcs}
        self.ppc_order = {ppc.id: i for i, ppc in enumerate(plan.ppcs)}
        self.activity_owner: dict[str, PPC] = {}
        self.milestones: dict[str, Located] = {}
        self.indicators: dict[str, tuple[PPC, Indicator]] = {}
        order = 0
        for ppc in plan.ppcs:
            for activity in ppc.activities:
                self.activity_owner.setdefault(activity, ppc)
            for milestone in ppc.milestones:
                self.milestones.setdefault(milestone.id, _located((ppc, milestone, order)))
                order += 1
            for indicator in ppc.indicators:
                self.indicators.setdefault(indicator.id, (ppc, indicator))

    @classmethod
    def of(cls, plan: Plan | PlanIndex) -> PlanIndex:
        """The index of `plan`: built, or the one given (a command builds it once and hands
        it to every query it runs)."""
        return plan if isinstance(plan, PlanIndex) else cls(plan)

    def tables(self) -> dict[str, Mapping[str, Any]]:
        """Every kind of object by id, in the order an id is looked up."""
        return {
            "ppc": self.ppcs,
            "milestone": self.milestones,
            "indicator": self.indicators,
            "activity": self.activities,
            "area": self.areas,
            "sub_area": self.sub_areas,
            "partner": self.partners,
            "role": self.roles,
            "country": self.countries,
        }

    def kind_of(self, ident: str) -> str | None:
        """The kind of object `ident` names, or None."""
        return next((kind for kind, table in self.tables().items() if ident in table), None)

    @cached_property
    def dependents(self) -> dict[str, list[str]]:
        """Milestone id → ids of the milestones that depend on it."""
        dependents: dict[str, list[str]] = {}
        for item in self.milestones.values():
            for dependency in item.milestone.depends_on:
                dependents.setdefault(dependency, []).append(item.milestone.id)
        return dependents

    @cached_property
    def milestone_tables(self) -> MilestoneTables:
        return MilestoneTables(self.plan)

    def located(self) -> Iterable[Located]:
        return self.milestones.values()

    def activity_area(self, activity_id: str) -> str | None:
        activity = self.activities.get(activity_id)
        return activity.area if activity is not None else None

    def ppc_areas(self, ppc: PPC) -> set[str]:
        return {a for a in map(self.activity_area, ppc.activities) if a is not None}

    def milestone_areas(self, ppc: PPC, milestone: Milestone) -> set[str]:
        activities = milestone.activities or ppc.activities
        return {a for a in map(self.activity_area, activities) if a is not None}

    def ppc_countries(self, ppc: PPC) -> list[str]:
        """The PPC's countries; all the plan's countries when it names none."""
        return list(ppc.countries) if ppc.countries else list(self.country_codes)

    def milestone_countries(self, ppc: PPC, milestone: Milestone) -> list[str]:
        """Every country the milestone involves, in the plan's order of countries."""
        named = set(milestone.countries)
        for first, second in milestone.country_pairs:
            named.update((first, second))
        if not named:
            return self.ppc_countries(ppc)
        known = [code for code in self.country_codes if code in named]
        return known + sorted(named.difference(known))

    # --- which PPC a name means -----------------------------------------------------------

    @cached_property
    def ppc_names(self) -> dict[str, list[str]]:
        """PPC id → the other names it goes by: its label and its file, written as typed
        (`PP 12`, `plan/ppcs/ppc-12.yaml`)."""
        return {
            ppc.id: [ppc.label, *([self.files[ppc.id]] if ppc.id in self.files else [])]
            for ppc in self.plan.ppcs
        }

    def resolve_ppc(self, text: str) -> str | None:
        """The id of the PPC `text` names, or None (see `resolve_ppc`)."""
        return resolve_ppc(
            text, [PPCName(ppc.id, ppc.label, self.files.get(ppc.id)) for ppc in self.plan.ppcs]
        )

    @staticmethod
    def ppc_number(ppc: PPC) -> int | None:
        return ppc_number(ppc.label, ppc.id)


class PPCName(NamedTuple):
    """What a PPC goes by: its id, its label and the file it is written in (if known)."""

    id: str
    label: str
    file: str | None = None


def ppc_number(label: str, ident: str) -> int | None:
    """The number of a PPC: the last number of its label (`PP 12`), else of its id."""
    numbers = numbers_in(label) or numbers_in(ident)
    return numbers[-1] if numbers else None


def resolve_ppc(text: str, ppcs: Sequence[PPCName]) -> str | None:
    """The id of the PPC `text` names, or None: its id; its label or file name, in any
    case and spacing (`PPC 12`, `ppc-12.yaml`); or its number (`12`, `ppc-12`), the number
    of its label (`PP 12`) or else of its id. Two PPCs answering to the same name or number
    is a NotFound naming both. Every command that takes a PPC, and completion, names PPCs
    through this one function."""
    wanted = text.strip()
    if any(ppc.id == wanted for ppc in ppcs):
        return wanted
    key = name_key(wanted)
    named = [
        ppc.id
        for ppc in ppcs
        if key
        in {name_key(ppc.id), name_key(ppc.label), *([name_key(ppc.file)] if ppc.file else [])}
    ]
    if not named:
        number = _PPC_NUMBER.match(key)
        if number is not None:
            wanted_number = int(number.group(1))
            named = [ppc.id for ppc in ppcs if ppc_number(ppc.label, ppc.id) == wanted_number]
    if len(named) > 1:
        raise NotFound(f"'{text}' could name {one_of(named)}; use the id")
    return named[0] if named else None


_PPC_NUMBER = re.compile(r"^(?:ppc?-?)?0*(\d+)$")


def name_key(text: str) -> str:
    """A name as it compares: no folder or `.yaml`, any case, spaces, underscores and dots
    as hyphens (`plan/ppcs/PPC_12.yaml` and `PPC 12` are both `ppc-12`)."""
    name = PurePath(text.strip()).name if "/" in text or "\\" in text else text.strip()
    for suffix in (".yaml", ".yml"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return re.sub(r"[\s_.\-]+", "-", name.casefold()).strip("-")
