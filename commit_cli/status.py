"""Where a plan stands on a given day: progress, overdue and due milestones, indicators.

Pure functions over a validated `Plan`. Each returns dataclasses whose `to_json()` is the
document `--json` prints, so the tables and the JSON always show the same data. Nothing here
knows about the terminal; `views` renders these results and `cli` prints them.

Definitions used throughout:

- *overdue*: status planned or in_progress, and the planned window ended before the as-of
  day. A milestone with no window is never overdue.
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

import difflib
import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from commit_cli.model import (
    OPEN_STATUSES,
    PPC,
    Indicator,
    Milestone,
    MilestoneKind,
    Plan,
    Status,
)
from commit_cli.periods import (
    PeriodError,
    ReportingCalendar,
    ReportingPeriod,
    Span,
    cadence_word,
    next_period,
    parse_period_label,
    period_containing,
)
from commit_cli.problems import CommitError
from commit_cli.schema_errors import did_you_mean

JsonDict = dict[str, Any]

CLOSED_STATUSES = frozenset({Status.done, Status.cancelled})
STATUS_ORDER = {status: i for i, status in enumerate(Status)}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _window_json(window: Span | None) -> JsonDict | None:
    return None if window is None else {"start": window.start.isoformat(), "end": _iso(window.end)}


def _number(value: float | None) -> float | int | None:
    """Whole numbers as ints in JSON (3, not 3.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# --- the plan, indexed --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Located:
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
        self.dependents: dict[str, list[str]] = {}
        order = 0
        for ppc in plan.ppcs:
            for activity in ppc.activities:
                self.activity_owner.setdefault(activity, ppc)
            for milestone in ppc.milestones:
                self.milestones.setdefault(milestone.id, Located(ppc, milestone, order))
                order += 1
                for dependency in milestone.depends_on:
                    self.dependents.setdefault(dependency, []).append(milestone.id)
            for indicator in ppc.indicators:
                self.indicators.setdefault(indicator.id, (ppc, indicator))

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


def _unknown(what: str, value: str, choices: Sequence[str], exit_code: int = 1) -> CommitError:
    return CommitError(f"unknown {what} '{value}'{did_you_mean(value, choices)}", exit_code)


def resolve_scope(
    plan: Plan | PlanIndex,
    ppc: str | None = None,
    area: str | None = None,
    country: str | None = None,
) -> Scope:
    """Check filter values against the plan. `area` is an area id or number; `country` a
    country code in any case. Unknown values raise CommitError (exit 1) with a hint."""
    index = plan if isinstance(plan, PlanIndex) else PlanIndex(plan)
    if ppc is not None and ppc not in index.ppcs:
        raise _unknown("PPC", ppc, list(index.ppcs))
    area_id = None
    if area is not None:
        found = index.areas.get(area) or index.areas_by_number.get(area.strip())
        if found is None:
            raise _unknown("area", area, [*index.areas, *index.areas_by_number])
        area_id = found.id
    code = None
    if country is not None:
        code = country.strip().upper()
        if code not in index.countries:
            raise _unknown("country", country, index.country_codes)
    return Scope(ppc, area_id, code)


# --- milestones ---------------------------------------------------------------------------


def is_open(milestone: Milestone) -> bool:
    return milestone.status in OPEN_STATUSES


def is_overdue(milestone: Milestone, as_of: date) -> bool:
    """Planned or in progress, and its window ended before `as_of`."""
    window = milestone.window
    return is_open(milestone) and window is not None and window.end < as_of


def _due_key(item: Located) -> tuple[date, date, int]:
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
            "window": _window_json(self.window),
            "overdue": self.overdue,
        }


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """One milestone as `commit list milestones` shows it: the reference and more."""

    ref: MilestoneRef
    phase: str
    countries: list[str]
    lead: str | None
    depends_on: list[str]
    order: int

    def to_json(self) -> JsonDict:
        return {
            **self.ref.to_json(),
            "phase": self.phase,
            "countries": self.countries,
            "lead": self.lead,
            "depends_on": self.depends_on,
        }


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
            else {"period": self.latest_period, "value": _number(self.latest_value)}
        )
        return {
            "id": self.id,
            "ppc": self.ppc,
            "title": self.title,
            "unit": self.unit,
            "baseline": _number(self.baseline),
            "target": _number(self.target),
            "target_max": _number(self.target_max),
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
            best = (period, value)
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


# --- status -------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """Milestones by status; `overdue` counts the planned or in-progress ones that are late."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    planned: int = 0
    postponed: int = 0
    cancelled: int = 0
    overdue: int = 0

    def add(self, milestone: Milestone, as_of: date) -> None:
        self.total += 1
        name = str(milestone.status)
        setattr(self, name, getattr(self, name) + 1)
        if is_overdue(milestone, as_of):
            self.overdue += 1

    @property
    def no_outcome(self) -> int:
        """Neither done nor cancelled."""
        return self.total - self.done - self.cancelled

    @property
    def progress(self) -> float:
        return self.done / self.total if self.total else 0.0

    def to_json(self) -> JsonDict:
        return {
            "total": self.total,
            "done": self.done,
            "in_progress": self.in_progress,
            "planned": self.planned,
            "postponed": self.postponed,
            "cancelled": self.cancelled,
            "overdue": self.overdue,
            "progress": round(self.progress, 4),
        }


@dataclass(slots=True)
class PPCRow:
    """One PPC's line in `commit status`."""

    id: str
    label: str
    short_title: str
    activities: list[str]
    activity_numbers: list[int]
    counts: Counts = field(default_factory=Counts)
    next_due: MilestoneRef | None = None

    def to_json(self) -> JsonDict:
        return {
            "id": self.id,
            "label": self.label,
            "short_title": self.short_title,
            "activities": self.activities,
            "milestones": self.counts.to_json(),
            "next_due": self.next_due.to_json() if self.next_due else None,
        }


@dataclass(frozen=True, slots=True)
class SummaryDue:
    """The next periodic summary report: for which period, and its due day."""

    period: ReportingPeriod

    @property
    def due(self) -> date:
        return self.period.end

    def to_json(self) -> JsonDict:
        return {"period": self.period.label, "due": self.due.isoformat()}


@dataclass(slots=True)
class PlanStatus:
    """Everything `commit status` shows, for one as-of day and one scope."""

    plan_id: str
    title: str
    short_title: str | None
    period: Span
    schedule_is_draft: bool
    cadence_months: int
    as_of: date
    scope: Scope
    position: str  # "before", "during" or "after" the plan period
    elapsed: float
    current_period: ReportingPeriod | None
    next_summary: SummaryDue | None
    totals: Counts
    ppcs: list[PPCRow]
    overdue: list[MilestoneRef]
    due_next_until: date
    due_next_period: str
    due_next: list[MilestoneRef]
    indicators: list[IndicatorRow]

    @property
    def cadence(self) -> str:
        return cadence_word(self.cadence_months)

    @property
    def days_to_start(self) -> int:
        return (self.period.start - self.as_of).days

    def to_json(self) -> JsonDict:
        return {
            "plan": {"id": self.plan_id, "title": self.title, "short_title": self.short_title},
            "as_of": self.as_of.isoformat(),
            "filters": self.scope.to_json(),
            "period": {
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "position": self.position,
                "elapsed": round(self.elapsed, 4),
            },
            "schedule_is_draft": self.schedule_is_draft,
            "reporting": {
                "cadence_months": self.cadence_months,
                "current_period": (
                    None
                    if self.current_period is None
                    else {
                        "label": self.current_period.label,
                        "start": self.current_period.start.isoformat(),
                        "end": self.current_period.end.isoformat(),
                    }
                ),
                "next_summary": self.next_summary.to_json() if self.next_summary else None,
            },
            "milestones": {**self.totals.to_json(), "no_outcome": self.totals.no_outcome},
            "ppcs": [row.to_json() for row in self.ppcs],
            "overdue": [ref.to_json() for ref in self.overdue],
            "due_next": {
                "from": self.as_of.isoformat(),
                "until": self.due_next_until.isoformat(),
                "period": self.due_next_period,
                "milestones": [ref.to_json() for ref in self.due_next],
            },
            "indicators": [row.to_json() for row in self.indicators],
        }


def plan_status(plan: Plan, as_of: date, scope: Scope | None = None) -> PlanStatus:
    """Where the plan stands on `as_of`, narrowed to `scope`."""
    index = PlanIndex(plan)
    scope = scope or Scope()
    calendar = index.calendar
    span = plan.period.span
    position = "before" if as_of < span.start else "after" if as_of > span.end else "during"
    current = calendar.containing(as_of)
    summary = None
    if position == "before":
        summary = SummaryDue(calendar.first)
    elif current is not None:
        summary = SummaryDue(current)

    # Due next: until the end of the reporting period after the one holding as_of.
    cadence = plan.reporting.cadence_months
    following = next_period(period_containing(as_of, cadence), cadence)

    totals = Counts()
    rows: dict[str, PPCRow] = {}
    next_due: dict[str, Located] = {}
    overdue: list[Located] = []
    due_next: list[Located] = []
    for ppc in plan.ppcs:
        if scope.includes_ppc(index, ppc):
            rows[ppc.id] = PPCRow(
                id=ppc.id,
                label=ppc.label,
                short_title=ppc.short_title,
                activities=list(ppc.activities),
                activity_numbers=[
                    index.activities[a].number for a in ppc.activities if a in index.activities
                ],
            )
    for item in index.located():
        row = rows.get(item.ppc.id)
        if row is None or not scope.includes_milestone(index, item.ppc, item.milestone):
            continue
        milestone = item.milestone
        row.counts.add(milestone, as_of)
        totals.add(milestone, as_of)
        window = milestone.window
        if window is None or not is_open(milestone):
            continue
        if window.end < as_of:
            overdue.append(item)
            continue
        best = next_due.get(item.ppc.id)
        if best is None or _due_key(item) < _due_key(best):
            next_due[item.ppc.id] = item
        if window.end <= following.end:
            due_next.append(item)
    for ppc_id, item in next_due.items():
        rows[ppc_id].next_due = MilestoneRef.of(item, as_of)
    overdue.sort(key=_due_key)
    due_next.sort(key=_due_key)
    return PlanStatus(
        plan_id=plan.id,
        title=plan.title,
        short_title=plan.short_title,
        period=span,
        schedule_is_draft=plan.schedule_is_draft,
        cadence_months=cadence,
        as_of=as_of,
        scope=scope,
        position=position,
        elapsed=span.elapsed(as_of),
        current_period=current,
        next_summary=summary,
        totals=totals,
        ppcs=list(rows.values()),
        overdue=[MilestoneRef.of(item, as_of) for item in overdue],
        due_next_until=following.end,
        due_next_period=following.label,
        due_next=[MilestoneRef.of(item, as_of) for item in due_next],
        indicators=indicator_rows(index, scope, as_of),
    )


# --- list ---------------------------------------------------------------------------------


def _choices(
    values: Sequence[str] | None, allowed: Sequence[str], what: str
) -> frozenset[str] | None:
    if not values:
        return None
    chosen = set()
    for value in values:
        for part in value.split(","):
            name = part.strip().lower().replace("-", "_").replace(" ", "_")
            if name not in allowed:
                hint = did_you_mean(name, allowed) or f"; use one of {', '.join(allowed)}"
                raise CommitError(f"unknown {what} '{part.strip()}'{hint}")
            chosen.add(name)
    return frozenset(chosen)


def _sort_text(value: str) -> str:
    return value.casefold()


# Each sort key is (missing, value…): rows missing the value (no window, no target) go
# last whichever way the rest is sorted; ties keep plan order.
MILESTONE_SORTS: dict[str, Callable[[MilestoneRow], tuple[Any, ...]]] = {
    "plan": lambda row: (False, row.order),
    "id": lambda row: (False, row.ref.id),
    "ppc": lambda row: (False, row.ref.ppc, row.order),
    "due": lambda row: (row.ref.window is None, row.ref.due or date.max, row.order),
    "start": lambda row: (
        row.ref.window is None,
        row.ref.window.start if row.ref.window else date.max,
        row.order,
    ),
    "status": lambda row: (False, STATUS_ORDER[Status(row.ref.status)], row.order),
    "kind": lambda row: (False, row.ref.kind, row.order),
    "title": lambda row: (False, _sort_text(row.ref.title), row.order),
}

INDICATOR_SORTS: dict[str, Callable[[IndicatorRow], tuple[Any, ...]]] = {
    "plan": lambda row: (False, row.order),
    "id": lambda row: (False, row.id),
    "ppc": lambda row: (False, row.ppc, row.order),
    "title": lambda row: (False, _sort_text(row.title), row.order),
    "target": lambda row: (row.target is None, row.target or 0.0, row.order),
    "latest": lambda row: (row.latest_value is None, row.latest_value or 0.0, row.order),
}

RowT = TypeVar("RowT")


def _sorted(
    rows: list[RowT], sort: str, sorts: dict[str, Callable[[RowT], tuple[Any, ...]]], reverse: bool
) -> list[RowT]:
    key = sorts.get(sort.strip().lower())
    if key is None:
        hint = did_you_mean(sort, list(sorts)) or f"; use one of {', '.join(sorts)}"
        raise CommitError(f"cannot sort by '{sort}'{hint}")
    rows.sort(key=lambda row: key(row)[1:], reverse=reverse)
    rows.sort(key=lambda row: key(row)[0])  # stable: rows missing the value go last
    return rows


@dataclass(frozen=True, slots=True)
class MilestoneFilters:
    """What `commit list milestones` narrows by, besides the scope."""

    statuses: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    overdue: bool = False
    due_before: date | None = None
    due_after: date | None = None

    def to_json(self) -> JsonDict:
        return {
            "status": sorted(self.statuses, key=lambda s: STATUS_ORDER[Status(s)])
            if self.statuses
            else None,
            "kind": sorted(self.kinds) if self.kinds else None,
            "overdue": self.overdue,
            "due_before": _iso(self.due_before),
            "due_after": _iso(self.due_after),
        }

    def accepts(self, milestone: Milestone, as_of: date) -> bool:
        if self.statuses is not None and str(milestone.status) not in self.statuses:
            return False
        if self.kinds is not None and str(milestone.kind) not in self.kinds:
            return False
        if self.overdue and not is_overdue(milestone, as_of):
            return False
        if self.due_before is None and self.due_after is None:
            return True
        if milestone.window is None:
            return False
        due = milestone.window.end
        if self.due_before is not None and due > self.due_before:
            return False
        return self.due_after is None or due >= self.due_after


def milestone_filters(
    statuses: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    overdue: bool = False,
    due_before: date | None = None,
    due_after: date | None = None,
) -> MilestoneFilters:
    """Filters from command-line values (comma-separated or repeated; any case)."""
    return MilestoneFilters(
        statuses=_choices(statuses, [str(s) for s in Status], "status"),
        kinds=_choices(kinds, [str(k) for k in MilestoneKind], "kind"),
        overdue=overdue,
        due_before=due_before,
        due_after=due_after,
    )


def list_milestones(
    plan: Plan,
    as_of: date,
    scope: Scope | None = None,
    filters: MilestoneFilters | None = None,
    sort: str = "plan",
    reverse: bool = False,
) -> list[MilestoneRow]:
    """Every milestone in scope that passes `filters`, sorted by `sort`."""
    index = PlanIndex(plan)
    scope = scope or Scope()
    filters = filters or MilestoneFilters()
    if sort.strip().lower() not in MILESTONE_SORTS:
        _sorted([], sort, MILESTONE_SORTS, reverse)  # raises with a hint before any work
    rows = [
        MilestoneRow(
            ref=MilestoneRef.of(item, as_of),
            phase=str(item.milestone.phase),
            countries=index.milestone_countries(item.ppc, item.milestone),
            lead=item.milestone.lead,
            depends_on=list(item.milestone.depends_on),
            order=item.order,
        )
        for item in index.located()
        if scope.includes_milestone(index, item.ppc, item.milestone)
        and filters.accepts(item.milestone, as_of)
    ]
    return _sorted(rows, sort, MILESTONE_SORTS, reverse)


def list_indicators(
    plan: Plan, as_of: date, scope: Scope | None = None, sort: str = "plan", reverse: bool = False
) -> list[IndicatorRow]:
    """Every indicator of the PPCs in scope, with its latest value, sorted by `sort`."""
    rows = indicator_rows(PlanIndex(plan), scope or Scope(), as_of)
    return _sorted(rows, sort, INDICATOR_SORTS, reverse)


@dataclass(frozen=True, slots=True)
class Listing:
    """What `commit list` shows: the rows, and the filters and order that chose them."""

    what: str  # "milestones" or "indicators"
    as_of: date
    filters: JsonDict
    sort: str
    reverse: bool
    rows: Sequence[MilestoneRow | IndicatorRow]

    def to_json(self) -> JsonDict:
        return {
            "as_of": self.as_of.isoformat(),
            "filters": self.filters,
            "sort": self.sort.strip().lower(),
            "reverse": self.reverse,
            "count": len(self.rows),
            self.what: [row.to_json() for row in self.rows],
        }


# --- timeline -----------------------------------------------------------------------------

GRANULARITY_MONTHS = {"half": 6, "quarter": 3, "month": 1}


def dependency_order(items: Sequence[Located]) -> list[Located]:
    """`items` ordered so that each comes after those it depends on (among `items`); ties go
    to the earlier window start, then to file order. Cycles (which validation rejects) fall
    back to that same order rather than failing."""
    by_id = {item.milestone.id: item for item in items}
    waiting: dict[str, int] = {}
    after: dict[str, list[str]] = {}
    for item in items:
        inside = [d for d in dict.fromkeys(item.milestone.depends_on) if d in by_id]
        waiting[item.milestone.id] = len(inside)
        for dependency in inside:
            after.setdefault(dependency, []).append(item.milestone.id)

    def key(item: Located) -> tuple[date, int]:
        window = item.milestone.window
        return (window.start if window is not None else date.max, item.order)

    ready = [(key(item), item.milestone.id) for item in items if not waiting[item.milestone.id]]
    heapq.heapify(ready)
    ordered: list[Located] = []
    while ready:
        _, ident = heapq.heappop(ready)
        ordered.append(by_id[ident])
        for follower in after.get(ident, []):
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, (key(by_id[follower]), follower))
    if len(ordered) < len(items):
        placed = {item.milestone.id for item in ordered}
        ordered.extend(sorted((i for i in items if i.milestone.id not in placed), key=key))
    return ordered


@dataclass(frozen=True, slots=True)
class TimelineGroup:
    ppc: str
    label: str
    short_title: str
    milestones: list[MilestoneRef]

    def to_json(self) -> JsonDict:
        return {
            "ppc": self.ppc,
            "label": self.label,
            "short_title": self.short_title,
            "milestones": [m.to_json() for m in self.milestones],
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    """The plan's schedule: columns of one granularity and milestones grouped by PPC."""

    span: Span
    as_of: date
    by: str
    columns: list[ReportingPeriod]
    groups: list[TimelineGroup]
    schedule_is_draft: bool

    def to_json(self) -> JsonDict:
        return {
            "as_of": self.as_of.isoformat(),
            "period": _window_json(self.span),
            "by": self.by,
            "columns": [
                {"label": c.label, "start": c.start.isoformat(), "end": c.end.isoformat()}
                for c in self.columns
            ],
            "schedule_is_draft": self.schedule_is_draft,
            "ppcs": [group.to_json() for group in self.groups],
        }


def timeline(plan: Plan, as_of: date, scope: Scope | None = None, by: str = "half") -> Timeline:
    """The schedule of every milestone in scope, grouped by PPC in plan order, each group in
    dependency order."""
    months = GRANULARITY_MONTHS.get(by)
    if months is None:
        raise CommitError(f"unknown granularity '{by}'; use {', '.join(GRANULARITY_MONTHS)}")
    index = PlanIndex(plan)
    scope = scope or Scope()
    span = plan.period.span
    groups: dict[str, list[Located]] = {}
    for item in index.located():
        if scope.includes_ppc(index, item.ppc) and scope.includes_milestone(
            index, item.ppc, item.milestone
        ):
            groups.setdefault(item.ppc.id, []).append(item)
    return Timeline(
        span=span,
        as_of=as_of,
        by=by,
        columns=ReportingCalendar(span, months).periods,
        groups=[
            TimelineGroup(
                ppc=ppc.id,
                label=ppc.label,
                short_title=ppc.short_title,
                milestones=[MilestoneRef.of(i, as_of) for i in dependency_order(groups[ppc.id])],
            )
            for ppc in plan.ppcs
            if ppc.id in groups
        ],
        schedule_is_draft=plan.schedule_is_draft,
    )


# --- show ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """A pointer to anything with an id: its kind, id and title (a country's name), and for
    a linkage its note. A linkage that names no target has kind, id and title None."""

    kind: str | None
    id: str | None
    title: str | None
    note: str | None = None

    def to_json(self) -> JsonDict:
        return {"kind": self.kind, "id": self.id, "title": self.title, "note": self.note}


@dataclass(slots=True)
class Details:
    """Everything about one object, for `commit show`."""

    kind: str
    id: str
    title: str
    fields: JsonDict
    related: dict[str, list[Ref]] = field(default_factory=dict)
    depends_on: list[Ref] = field(default_factory=list)
    dependents: list[Ref] = field(default_factory=list)
    linkages: list[Ref] = field(default_factory=list)
    linked_from: list[Ref] = field(default_factory=list)
    milestones: list[MilestoneRef] = field(default_factory=list)

    def to_json(self) -> JsonDict:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "fields": self.fields,
            "related": {name: [r.to_json() for r in refs] for name, refs in self.related.items()},
            "depends_on": [r.to_json() for r in self.depends_on],
            "dependents": [r.to_json() for r in self.dependents],
            "linkages": [r.to_json() for r in self.linkages],
            "linked_from": [r.to_json() for r in self.linked_from],
            "milestones": [m.to_json() for m in self.milestones],
        }


class _Describer:
    def __init__(self, plan: Plan, as_of: date) -> None:
        self.plan = plan
        self.index = PlanIndex(plan)
        self.as_of = as_of

    # refs

    def ref(self, ident: str | None, note: str | None = None) -> Ref:
        """A reference to any id of the plan (or to a country code)."""
        index = self.index
        if ident is None:
            return Ref(None, None, None, note)
        if ident in index.ppcs:
            ppc = index.ppcs[ident]
            return Ref("ppc", ident, f"{ppc.label}: {ppc.short_title}", note)
        if ident in index.milestones:
            return Ref("milestone", ident, index.milestones[ident].milestone.title, note)
        if ident in index.indicators:
            return Ref("indicator", ident, index.indicators[ident][1].title, note)
        if ident in index.activities:
            activity = index.activities[ident]
            return Ref("activity", ident, f"Activity {activity.number}: {activity.title}", note)
        if ident in index.areas:
            area = index.areas[ident]
            return Ref("area", ident, f"Area {area.number}: {area.title}", note)
        if ident in index.sub_areas:
            sub = index.sub_areas[ident][1]
            return Ref("sub_area", ident, f"{sub.number} {sub.title}", note)
        if ident in index.partners:
            return Ref("partner", ident, index.partners[ident].name, note)
        if ident in index.roles:
            return Ref("role", ident, index.roles[ident].title, note)
        if ident in index.countries:
            return Ref("country", ident, index.countries[ident].name, note)
        return Ref("unknown", ident, ident, note)

    def refs(self, idents: Iterable[str | None]) -> list[Ref]:
        return [self.ref(ident) for ident in dict.fromkeys(idents) if ident is not None]

    def milestone_refs(self, items: Iterable[Located]) -> list[MilestoneRef]:
        return [MilestoneRef.of(item, self.as_of) for item in items]

    def linked_from(self, ident: str) -> list[Ref]:
        return [
            self.ref(ppc.id, linkage.note)
            for ppc in self.plan.ppcs
            for linkage in ppc.linkages
            if linkage.to == ident
        ]

    def ppcs_with_areas(self, area_id: str) -> list[str]:
        return [ppc.id for ppc in self.plan.ppcs if area_id in self.index.ppc_areas(ppc)]

    # kinds

    def describe(self, ident: str) -> Details:
        index = self.index
        if ident in index.ppcs:
            return self.ppc(index.ppcs[ident])
        if ident in index.milestones:
            return self.milestone(index.milestones[ident])
        if ident in index.indicators:
            return self.indicator(*index.indicators[ident])
        if ident in index.activities:
            return self.activity(ident)
        if ident in index.areas:
            return self.area(ident)
        if ident in index.sub_areas:
            return self.sub_area(ident)
        if ident in index.partners:
            return self.partner(ident)
        if ident in index.roles:
            return self.role(ident)
        if ident.upper() in index.countries:
            return self.country(ident.upper())
        choices = [
            *index.ppcs,
            *index.milestones,
            *index.indicators,
            *index.activities,
            *index.areas,
            *index.sub_areas,
            *index.partners,
            *index.roles,
            *index.countries,
        ]
        close = difflib.get_close_matches(ident, choices, n=3, cutoff=0.5)
        if not close:
            close = difflib.get_close_matches(ident.lower(), choices, n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise CommitError(f"unknown id '{ident}'{hint}", exit_code=1)

    def ppc(self, ppc: PPC) -> Details:
        index = self.index
        own = {m.id for m in ppc.milestones}
        areas = index.ppc_areas(ppc)
        outside = [d for m in ppc.milestones for d in m.depends_on if d not in own]
        dependents = [d for m in ppc.milestones for d in index.dependents.get(m.id, [])]
        return Details(
            kind="ppc",
            id=ppc.id,
            title=ppc.title,
            fields=ppc.model_dump(mode="json", exclude={"milestones", "indicators", "linkages"}),
            related={
                "activities": self.refs(ppc.activities),
                "areas": self.refs(a for a in index.areas if a in areas),
                "sub_areas": self.refs(ppc.sub_areas),
                "countries": self.refs(index.ppc_countries(ppc)),
                "indicators": self.refs(i.id for i in ppc.indicators),
            },
            depends_on=self.refs(outside),
            dependents=self.refs(d for d in dependents if d not in own),
            linkages=[self.ref(link.to, link.note) for link in ppc.linkages],
            linked_from=self.linked_from(ppc.id),
            milestones=self.milestone_refs(i for i in index.located() if i.ppc.id == ppc.id),
        )

    def milestone(self, item: Located) -> Details:
        milestone, ppc = item.milestone, item.ppc
        partners = [milestone.lead] if milestone.lead else []
        return Details(
            kind="milestone",
            id=milestone.id,
            title=milestone.title,
            fields={
                **milestone.model_dump(mode="json", exclude={"depends_on"}),
                "overdue": is_overdue(milestone, self.as_of),
            },
            related={
                "ppc": [self.ref(ppc.id)],
                "activities": self.refs(milestone.activities or ppc.activities),
                "countries": self.refs(self.index.milestone_countries(ppc, milestone)),
                "partners": self.refs([*partners, *milestone.partners]),
            },
            depends_on=self.refs(milestone.depends_on),
            dependents=self.refs(self.index.dependents.get(milestone.id, [])),
        )

    def indicator(self, ppc: PPC, indicator: Indicator) -> Details:
        latest = latest_value(indicator, self.plan.reporting.cadence_months, self.as_of)
        return Details(
            kind="indicator",
            id=indicator.id,
            title=indicator.title,
            fields={
                **indicator.model_dump(mode="json"),
                "latest": (
                    None if latest is None else {"period": latest[0], "value": _number(latest[1])}
                ),
            },
            related={"ppc": [self.ref(ppc.id)]},
        )

    def activity(self, ident: str) -> Details:
        activity = self.index.activities[ident]
        owner = self.index.activity_owner.get(ident)
        return Details(
            kind="activity",
            id=ident,
            title=activity.title,
            fields=activity.model_dump(mode="json"),
            related={
                "area": self.refs([activity.area]),
                "ppc": self.refs([owner.id] if owner else []),
            },
            linked_from=self.linked_from(ident),
            milestones=self.milestone_refs(
                item
                for item in self.index.located()
                if ident in (item.milestone.activities or item.ppc.activities)
            ),
        )

    def area(self, ident: str) -> Details:
        area = self.index.areas[ident]
        return Details(
            kind="area",
            id=ident,
            title=area.title,
            fields=area.model_dump(mode="json"),
            related={
                "sub_areas": self.refs(sub.id for sub in area.sub_areas),
                "activities": self.refs(a.id for a in self.plan.activities if a.area == ident),
                "ppcs": self.refs(self.ppcs_with_areas(ident)),
            },
            linked_from=self.linked_from(ident),
            milestones=self.milestone_refs(
                item
                for item in self.index.located()
                if ident in self.index.milestone_areas(item.ppc, item.milestone)
            ),
        )

    def sub_area(self, ident: str) -> Details:
        area, sub = self.index.sub_areas[ident]
        return Details(
            kind="sub_area",
            id=ident,
            title=sub.title,
            fields=sub.model_dump(mode="json"),
            related={
                "area": [self.ref(area.id)],
                "ppcs": self.refs(p.id for p in self.plan.ppcs if ident in p.sub_areas),
            },
            linked_from=self.linked_from(ident),
        )

    def partner(self, ident: str) -> Details:
        partner = self.index.partners[ident]
        return Details(
            kind="partner",
            id=ident,
            title=partner.name,
            fields=partner.model_dump(mode="json"),
            related={
                "countries": self.refs(partner.countries),
                "roles": self.refs(r.id for r in self.plan.roles if r.organisation == ident),
            },
            milestones=self.milestone_refs(
                item
                for item in self.index.located()
                if item.milestone.lead == ident or ident in item.milestone.partners
            ),
        )

    def role(self, ident: str) -> Details:
        role = self.index.roles[ident]
        return Details(
            kind="role",
            id=ident,
            title=role.title,
            fields=role.model_dump(mode="json"),
            related={"organisation": self.refs([role.organisation])},
            milestones=self.milestone_refs(
                item for item in self.index.located() if item.milestone.lead == ident
            ),
        )

    def country(self, code: str) -> Details:
        index = self.index
        country = index.countries[code]
        return Details(
            kind="country",
            id=code,
            title=country.name,
            fields=country.model_dump(mode="json"),
            related={
                "ppcs": self.refs(
                    p.id for p in self.plan.ppcs if Scope(country=code).includes_ppc(index, p)
                ),
                "partners": self.refs(p.id for p in self.plan.partners if code in p.countries),
            },
            milestones=self.milestone_refs(
                item
                for item in index.located()
                if code in index.milestone_countries(item.ppc, item.milestone)
            ),
        )


def describe(plan: Plan, ident: str, as_of: date) -> Details:
    """Everything about the object `ident` names (any id of the plan, or a country code).

    An unknown id raises CommitError (exit 1) naming the closest ids."""
    return _Describer(plan, as_of).describe(ident.strip())
