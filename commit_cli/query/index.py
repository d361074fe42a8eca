"""Questions about a plan that status, list, timeline and show share: the plan indexed by
id, filters (scope), which PPC a name means, milestone references and indicator rows.

Pure functions and dataclasses over a validated `Plan`; each result's `to_json()` is the
document `--json` prints, so tables and JSON always show the same data. Nothing here knows
about the terminal; `cli.views` renders results and `cli.output` prints them.

Definitions used throughout:

- what a milestone was on the as-of day (done, in progress, planned, postponed, cancelled;
  tentative; overdue) and which window was then the plan: `core.asof.milestone_on`, the one
  definition. *Overdue*: planned or in progress on the day, not tentative, and the window in
  force ended before the day.
- *next due* (per PPC): the open (planned or in progress) milestone with the earliest window
  end on or after the as-of day.
- *due next* (plan-wide): open milestones whose window ends between the as-of day and the
  end of the reporting period after the one holding the as-of day (so the rest of the current
  period and the whole next one), never past the end of the plan period.
- *no recorded outcome*: a milestone that is neither done nor cancelled.
- A milestone *involves* the countries it names (``countries`` and ``country_pairs``); when
  it names none, those of its PPC, and when the PPC names none, all the plan's countries.
- A milestone *serves* the areas of its activities; when it lists none, those of its PPC.
- indicator figures (per period, cumulative, % of target, met): `core.indicators`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial
from pathlib import PurePath
from typing import Any, NamedTuple, overload

from commit_cli import wording
from commit_cli.core.asof import OnDay, milestone_on
from commit_cli.core.hints import closest, did_you_mean, numbers_in, one_of
from commit_cli.core.indicators import MilestoneTables, Reading, figures
from commit_cli.core.model import PPC, Indicator, Milestone, Plan
from commit_cli.core.periods import ReportingCalendar, Span, span_of
from commit_cli.core.record import iso, json_number
from commit_cli.core.vocabulary import Status
from commit_cli.errors import NotFound

JsonDict = dict[str, Any]

STATUS_ORDER = {status: i for i, status in enumerate(Status)}


def window_json(window: Span | None) -> JsonDict | None:
    return None if window is None else {"start": window.start.isoformat(), "end": iso(window.end)}


# --- the plan, indexed --------------------------------------------------------------------


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
        """The id of the PPC `text` names, or None: its id; its label or file name, in any
        case and spacing (`PPC 12`, `ppc-12.yaml`); or its number (`12`, `ppc-12`), the
        number of its label (`PP 12`) or else of its id. Two PPCs answering to the same
        name or number is a NotFound naming both."""
        wanted = text.strip()
        if wanted in self.ppcs:
            return wanted
        key = name_key(wanted)
        named = [
            ppc_id
            for ppc_id, names in self.ppc_names.items()
            if key in {name_key(ppc_id), *map(name_key, names)}
        ]
        if not named:
            number = _PPC_NUMBER.match(key)
            if number is not None:
                wanted_number = int(number.group(1))
                named = [ppc.id for ppc in self.plan.ppcs if self.ppc_number(ppc) == wanted_number]
        if len(named) > 1:
            raise NotFound(f"'{text}' could name {one_of(named)}; use the id")
        return named[0] if named else None

    @staticmethod
    def ppc_number(ppc: PPC) -> int | None:
        numbers = numbers_in(ppc.label) or numbers_in(ppc.id)
        return numbers[-1] if numbers else None


_PPC_NUMBER = re.compile(r"^(?:ppc?-?)?0*(\d+)$")


def name_key(text: str) -> str:
    """A name as it compares: no folder or `.yaml`, any case, spaces, underscores and dots
    as hyphens (`plan/ppcs/PPC_12.yaml` and `PPC 12` are both `ppc-12`)."""
    name = PurePath(text.strip()).name if "/" in text or "\\" in text else text.strip()
    for suffix in (".yaml", ".yml"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return re.sub(r"[\s_.\-]+", "-", name.casefold()).strip("-")


# --- filters ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """Resolved filters: a PPC id, an area id and a country code (None: no filter)."""

    ppc: str | None = None
    area: str | None = None
    country: str | None = None

    def to_json(self) -> JsonDict:
        return {"ppc": self.ppc, "area": self.area, "country": self.country}

    @property
    def everything(self) -> bool:
        """No filter: every PPC and milestone is in scope."""
        return self.ppc is None and self.area is None and self.country is None

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


def unknown_error(
    what: str,
    value: str,
    choices: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> NotFound:
    return NotFound(f"unknown {what} '{value}'{did_you_mean(value, choices, aliases)}")


def unknown_ppc(index: PlanIndex, value: str) -> NotFound:
    """No PPC goes by `value`: the closest ones, by id, label, file and number."""
    close = closest(value, list(index.ppcs), n=3, cutoff=0.5, aliases=index.ppc_names)
    hint = f"; did you mean {one_of(close)}?" if close else ""
    return NotFound(f"unknown PPC '{value}'{hint}")


def resolve_scope(
    plan: Plan | PlanIndex,
    ppc: str | None = None,
    area: str | None = None,
    country: str | None = None,
) -> Scope:
    """Check filter values against the plan. `ppc` is anything `PlanIndex.resolve_ppc`
    reads; `area` an area id or number; `country` a country code in any case. Unknown values
    raise NotFound with a hint."""
    index = PlanIndex.of(plan)
    ppc_id = None
    if ppc is not None:
        ppc_id = index.resolve_ppc(ppc)
        if ppc_id is None:
            raise unknown_ppc(index, ppc)
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
    return Scope(ppc_id, area_id, code)


# --- milestones ---------------------------------------------------------------------------


def due_key(item: Located, state: OnDay) -> tuple[date, date, int]:
    """Order by the end, then the start, of the window in force (no window: last)."""
    window = state.window
    if window is None:
        return (date.max, date.max, item.order)
    return (window.end, window.start, item.order)


def known_by(milestone: Milestone, day: date) -> bool:
    """Whether what is written of the milestone's event (outcome, report, attendance) was
    known on `day`: from its actual end date on, or always when it records no end."""
    actual = milestone.actual
    return actual is None or actual.end is None or actual.end <= day


@dataclass(slots=True)
class MilestoneRef:
    """One milestone as it was on the as-of day, as lists and PPC rows show it: its status
    and window then, its actual dates known by then, and (once it has happened) its outcome
    and report. Not frozen: one is built per milestone listed, and a frozen dataclass costs
    2.5 times as much to build (0.1 s more at 100,000 milestones)."""

    id: str
    ppc: str
    title: str
    kind: str
    status: str
    window: Span | None
    overdue: bool
    tentative: bool
    actual: Span | None  # start to end, or to the as-of day while in progress
    actual_start: date | None
    actual_end: date | None
    outcome: str | None
    report: str | None

    @classmethod
    def of(cls, item: Located, as_of: date, state: OnDay | None = None) -> MilestoneRef:
        milestone = item.milestone
        state = state or milestone_on(milestone, as_of)
        window = state.window
        start, end = state.started, state.ended
        actual = None
        if start is not None or end is not None:
            first = start or end
            assert first is not None
            actual = Span(first, end or max(first, as_of))
        happened = known_by(milestone, as_of)
        return cls(
            id=milestone.id,
            ppc=item.ppc.id,
            title=milestone.title,
            kind=str(milestone.kind),
            status=str(state.status),
            window=span_of(window) if window is not None else None,
            overdue=state.overdue,
            tentative=state.tentative,
            actual=actual,
            actual_start=start,
            actual_end=end,
            outcome=milestone.outcome if happened else None,
            report=milestone.report if happened else None,
        )

    @property
    def due(self) -> date | None:
        return self.window.end if self.window is not None else None

    @property
    def status_label(self) -> str:
        """The status in words, marked when overdue or tentative: `planned (overdue)`."""
        return wording.milestone_status(self.status, overdue=self.overdue, tentative=self.tentative)

    def to_json(self) -> JsonDict:
        return {
            "id": self.id,
            "ppc": self.ppc,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "window": window_json(self.window),
            "overdue": self.overdue,
            "tentative": self.tentative,
            "actual": (
                None
                if self.actual is None
                else {"start": iso(self.actual_start), "end": iso(self.actual_end)}
            ),
            "outcome": self.outcome,
            "report": self.report,
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
    """One indicator's figures as of a day (rules: `core.indicators`)."""

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
    rule: str = "last"
    computed: bool = False
    cumulative: float | None = None
    percent_of_target: float | None = None
    verdict: str | None = None
    history: tuple[Reading, ...] = ()

    @property
    def met(self) -> bool | None:
        """Whether the cumulative figure reaches the target (None without both)."""
        return None if self.verdict is None else self.verdict == "met"

    def to_json(self) -> JsonDict:
        latest = (
            None
            if self.latest_period is None
            else {"period": self.latest_period, "value": json_number(self.latest_value)}
        )
        percent = self.percent_of_target
        return {
            "id": self.id,
            "ppc": self.ppc,
            "title": self.title,
            "unit": self.unit,
            "combine": self.rule,
            "computed": self.computed,
            "baseline": json_number(self.baseline),
            "target": json_number(self.target),
            "target_max": json_number(self.target_max),
            "latest": latest,
            "cumulative": json_number(self.cumulative),
            "percent_of_target": None if percent is None else json_number(round(percent, 1)),
            "verdict": self.verdict,
            "met": self.met,
        }


def indicator_row(
    index: PlanIndex, ppc: PPC, indicator: Indicator, as_of: date, order: int = 0
) -> IndicatorRow:
    """The indicator's figures as of `as_of`."""
    numbers = figures(indicator, index.milestone_tables, index.calendar, as_of)
    latest = numbers.latest
    verdict = numbers.verdict
    return IndicatorRow(
        id=indicator.id,
        ppc=ppc.id,
        title=indicator.title,
        unit=indicator.unit,
        baseline=indicator.baseline,
        target=indicator.target,
        target_max=indicator.target_max,
        latest_period=latest.period.label if latest else None,
        latest_value=latest.value if latest else None,
        order=order,
        rule=str(numbers.rule),
        computed=numbers.computed,
        cumulative=numbers.cumulative,
        percent_of_target=numbers.percent_of_target,
        verdict=None if verdict is None else str(verdict),
        history=tuple(numbers.history),
    )


def indicator_rows(index: PlanIndex, scope: Scope, as_of: date) -> list[IndicatorRow]:
    """The indicators of every PPC in scope, in plan order."""
    rows = []
    order = 0
    for ppc in index.plan.ppcs:
        included = scope.includes_ppc(index, ppc)
        for indicator in ppc.indicators:
            order += 1
            if included:
                rows.append(indicator_row(index, ppc, indicator, as_of, order))
    return rows
