"""Questions about a plan that status, list, timeline and show share: the plan indexed by
id, filters (scope), what open and overdue mean, milestone references and indicator values.

Pure functions and dataclasses over a validated `Plan`; each result's `to_json()` is the
document `--json` prints, so tables and JSON always show the same data. Nothing here knows
about the terminal; `cli.views` renders results and `cli.output` prints them.

Definitions used throughout:

- *overdue*: status planned or in_progress, and the planned window ended before the as-of
  day. A milestone with no window is never overdue, nor is a *tentative* one: planned with a
  `condition` ("if needed"), which the plan does not oblige until it is taken up.
- *next due* (per PPC): the open (planned or in_progress) milestone with the earliest window
  end on or after the as-of day.
- *due next* (plan-wide): open milestones whose window ends between the as-of day and the
  end of the reporting period after the one holding the as-of day (so the rest of the current
  period and the whole next one).
- *no recorded outcome*: a milestone that is neither done nor cancelled.
- A milestone *involves* the countries it names (``countries`` and ``country_pairs``); when
  it names none, those of its PPC, and when the PPC names none, all the plan's countries.
- A milestone *serves* the areas of its activities; when it lists none, those of its PPC.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple, overload

from commit_cli.core.hints import did_you_mean
from commit_cli.core.model import (
    OPEN_STATUSES,
    PPC,
    Indicator,
    Milestone,
    Plan,
    Status,
    period_total,
)
from commit_cli.core.periods import (
    PeriodError,
    ReportingCalendar,
    ReportingPeriod,
    Span,
    parse_period_label,
)
from commit_cli.errors import NotFound

JsonDict = dict[str, Any]

STATUS_ORDER = {status: i for i, status in enumerate(Status)}


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def window_json(window: Span | None) -> JsonDict | None:
    return None if window is None else {"start": window.start.isoformat(), "end": iso(window.end)}


def json_number(value: float | None) -> float | int | None:
    """Whole numbers as ints in JSON (3, not 3.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# --- the plan, indexed --------------------------------------------------------------------


class Located(NamedTuple):
    """A milestone with its PPC and its place in the plan (for stable ordering)."""

    ppc: PPC
    milestone: Milestone
    order: int


class PlanIndex:
    """Lookups over one plan, built once in linear time."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.calendar = ReportingCalendar(plan.period.span, plan.reporting.cadence_months)
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
                self.milestones.setdefault(milestone.id, Located(ppc, milestone, order))
                order += 1
            for indicator in ppc.indicators:
                self.indicators.setdefault(indicator.id, (ppc, indicator))

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


# --- filters ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """Resolved filters: a PPC id, an area id and a country code (None: no filter)."""

    ppc: str | None = None
    area: str | None = None
    country: str | None = None

    def to_json(self) -> JsonDict:
        return {"ppc": self.ppc, "area": self.area, "country": self.country}

    def includes_ppc(self, index: PlanIndex, ppc: PPC) -> bool:
        """Whether the PPC shows at all: it matches the PPC and area filters and involves
        the country (itself, or through one of its milestones)."""
        if self.ppc is not None and ppc.id != self.ppc:
            return False
        if self.area is not None and self.area not in index.ppc_areas(ppc):
            return False
        if self.country is None or self.country in index.ppc_countries(ppc):
            return True
        return any(
            self.country in index.milestone_countries(ppc, milestone)
            for milestone in ppc.milestones
        )

    def includes_milestone(self, index: PlanIndex, ppc: PPC, milestone: Milestone) -> bool:
        if self.ppc is not None and ppc.id != self.ppc:
            return False
        if self.area is not None and self.area not in index.milestone_areas(ppc, milestone):
            return False
        return self.country is None or self.country in index.milestone_countries(ppc, milestone)


def unknown_error(what: str, value: str, choices: Sequence[str]) -> NotFound:
    return NotFound(f"unknown {what} '{value}'{did_you_mean(value, choices)}")


def resolve_scope(
    plan: Plan | PlanIndex,
    ppc: str | None = None,
    area: str | None = None,
    country: str | None = None,
) -> Scope:
    """Check filter values against the plan. `area` is an area id or number; `country` a
    country code in any case. Unknown values raise NotFound with a hint."""
    index = plan if isinstance(plan, PlanIndex) else PlanIndex(plan)
    if ppc is not None and ppc not in index.ppcs:
        raise unknown_error("PPC", ppc, list(index.ppcs))
    area_id = None
    if area is not None:
        found = index.areas.get(area) or index.areas_by_number.get(area.strip())
        if found is None:
            raise unknown_error("area", area, [*index.areas, *index.areas_by_number])
        area_id = found.id
    code = None
    if country is not None:
        code = country.strip().upper()
        if code not in index.countries:
            raise unknown_error("country", country, index.country_codes)
    return Scope(ppc, area_id, code)


# --- milestones ---------------------------------------------------------------------------


def is_open(milestone: Milestone) -> bool:
    return milestone.status in OPEN_STATUSES


def is_tentative(milestone: Milestone) -> bool:
    """Conditional work ("if needed", "could be initiated") not yet taken up: planned with a
    `condition`. The plan does not oblige it, so it is never overdue."""
    return milestone.condition is not None and milestone.status == Status.planned


def is_overdue(milestone: Milestone, as_of: date) -> bool:
    """Planned or in progress, not tentative, and its window ended before `as_of`."""
    window = milestone.window
    return (
        is_open(milestone)
        and not is_tentative(milestone)
        and window is not None
        and window.end < as_of
    )


def due_key(item: Located) -> tuple[date, date, int]:
    window = item.milestone.window
    if window is None:
        return (date.max, date.max, item.order)
    return (window.end, window.start, item.order)


@dataclass(frozen=True, slots=True)
class MilestoneRef:
    """One milestone, as status lists and PPC rows show it."""

    id: str
    ppc: str
    title: str
    kind: str
    status: str
    window: Span | None
    overdue: bool

    @classmethod
    def of(cls, item: Located, as_of: date) -> MilestoneRef:
        milestone = item.milestone
        return cls(
            id=milestone.id,
            ppc=item.ppc.id,
            title=milestone.title,
            kind=str(milestone.kind),
            status=str(milestone.status),
            window=milestone.window.span if milestone.window is not None else None,
            overdue=is_overdue(milestone, as_of),
        )

    @property
    def due(self) -> date | None:
        return self.window.end if self.window is not None else None

    def to_json(self) -> JsonDict:
        return {
            "id": self.id,
            "ppc": self.ppc,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "window": window_json(self.window),
            "overdue": self.overdue,
        }


class MilestoneRefs(Sequence[MilestoneRef]):
    """Milestones as `MilestoneRef`s, made only when read: a plan of 100,000 milestones may
    have tens of thousands overdue, of which the screen shows ten."""

    def __init__(self, items: Sequence[Located], as_of: date) -> None:
        self._items = items
        self._as_of = as_of

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> MilestoneRef: ...

    @overload
    def __getitem__(self, index: slice) -> list[MilestoneRef]: ...

    def __getitem__(self, index: int | slice) -> MilestoneRef | list[MilestoneRef]:
        if isinstance(index, slice):
            return [MilestoneRef.of(item, self._as_of) for item in self._items[index]]
        return MilestoneRef.of(self._items[index], self._as_of)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


# --- indicators ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator with its latest value as of a day."""

    id: str
    ppc: str
    title: str
    unit: str
    baseline: float | None
    target: float | None
    target_max: float | None
    latest_period: str | None
    latest_value: float | None
    order: int

    @property
    def met(self) -> bool | None:
        """Whether the latest value reaches the target (None without both)."""
        if self.target is None or self.latest_value is None:
            return None
        return self.latest_value >= self.target

    def to_json(self) -> JsonDict:
        latest = (
            None
            if self.latest_period is None
            else {"period": self.latest_period, "value": json_number(self.latest_value)}
        )
        return {
            "id": self.id,
            "ppc": self.ppc,
            "title": self.title,
            "unit": self.unit,
            "baseline": json_number(self.baseline),
            "target": json_number(self.target),
            "target_max": json_number(self.target_max),
            "latest": latest,
            "met": self.met,
        }


def latest_value(
    indicator: Indicator, cadence_months: int, as_of: date
) -> tuple[str, float] | None:
    """The value of the latest reporting period that has begun by `as_of`."""
    best: tuple[ReportingPeriod, float] | None = None
    for label, value in indicator.values.items():
        try:
            period = parse_period_label(str(label), cadence_months)
        except PeriodError:
            continue
        if period.start <= as_of and (best is None or period.start > best[0].start):
            best = (period, period_total(value))
    return None if best is None else (best[0].label, best[1])


def indicator_rows(index: PlanIndex, scope: Scope, as_of: date) -> list[IndicatorRow]:
    """The indicators of every PPC in scope, in plan order."""
    cadence = index.plan.reporting.cadence_months
    rows = []
    order = 0
    for ppc in index.plan.ppcs:
        included = scope.includes_ppc(index, ppc)
        for indicator in ppc.indicators:
            order += 1
            if not included:
                continue
            latest = latest_value(indicator, cadence, as_of)
            rows.append(
                IndicatorRow(
                    id=indicator.id,
                    ppc=ppc.id,
                    title=indicator.title,
                    unit=indicator.unit,
                    baseline=indicator.baseline,
                    target=indicator.target,
                    target_max=indicator.target_max,
                    latest_period=latest[0] if latest else None,
                    latest_value=latest[1] if latest else None,
                    order=order,
                )
            )
    return rows
