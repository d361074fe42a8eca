"""Where a plan stands on a given day: progress per PPC, overdue and due milestones,
the reporting period and the next six-monthly summary (definitions in `query`)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from operator import itemgetter
from typing import Protocol, overload

from commit_cli import wording
from commit_cli.core.asof import OnDay, milestone_on
from commit_cli.core.indicators import MilestoneTables
from commit_cli.core.known import milestone_known_on
from commit_cli.core.model import Indicator, Milestone, Plan
from commit_cli.core.periods import (
    ReportingPeriod,
    Span,
    next_period,
    period_containing,
    span_of,
)
from commit_cli.core.vocabulary import Status
from commit_cli.query.funding import FundingBook, funding_book
from commit_cli.query.index import Located, PlanIndex
from commit_cli.query.json_values import JsonDict
from commit_cli.query.rows import IndicatorRow, MilestoneRef, MilestoneRefs, due_key, indicator_rows
from commit_cli.query.scope import Scope

# --- status -------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """Milestones by status; `overdue` counts the planned, in-progress or postponed ones whose
    window in force has ended."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    planned: int = 0
    postponed: int = 0
    cancelled: int = 0
    overdue: int = 0

    def add(self, state: OnDay) -> None:
        """Count one milestone as it was on the day (called once per milestone: kept free of
        generic lookups)."""
        self.total += 1
        status = state.status
        if status is Status.planned:
            self.planned += 1
        elif status is Status.done:
            self.done += 1
        elif status is Status.in_progress:
            self.in_progress += 1
        elif status is Status.postponed:
            self.postponed += 1
        else:
            self.cancelled += 1
        if state.overdue:
            self.overdue += 1

    def add_counts(self, other: Counts) -> None:
        for name in ("total", *(status.value for status in Status), "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

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
    # The next milestone due, made when first read (the screen shows 50 PPC rows of 1,000).
    next_due_of: Callable[[], MilestoneRef] | None = field(default=None, compare=False)
    _next_due: MilestoneRef | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def next_due(self) -> MilestoneRef | None:
        if self._next_due is None and self.next_due_of is not None:
            self._next_due = self.next_due_of()
        return self._next_due

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
    overdue: Sequence[MilestoneRef]
    due_next_until: date
    due_next_period: str
    due_next: MilestoneRefs
    indicators: list[IndicatorRow]
    funding: FundingBook

    @property
    def cadence(self) -> str:
        return wording.cadence(self.cadence_months)

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
            "funding": self.funding.to_json(),
        }


@dataclass(slots=True)
class _Frame:
    """What `plan_status` works out before it reads a milestone."""

    span: Span
    position: str
    current: ReportingPeriod | None
    summary: SummaryDue | None
    cadence: int
    following: ReportingPeriod
    until: date
    rows: dict[str, PPCRow]


def _frame(index: PlanIndex, as_of: date, scope: Scope) -> _Frame:
    plan = index.plan
    calendar = index.calendar
    span = span_of(plan.period)
    position = "before" if as_of < span.start else "after" if as_of > span.end else "during"
    current = calendar.containing(as_of)
    summary = None
    if position == "before":
        summary = SummaryDue(calendar.first)
    elif current is not None:
        summary = SummaryDue(current)

    # Due next: until the end of the reporting period after the one holding as_of, and
    # never past the end of the plan period.
    cadence = plan.reporting.cadence_months
    following = next_period(period_containing(as_of, cadence), cadence)
    if following.start > span.end:
        following = period_containing(min(as_of, span.end), cadence)
    until = min(following.end, span.end)
    rows: dict[str, PPCRow] = {}
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
    return _Frame(span, position, current, summary, cadence, following, until, rows)


def _result(
    index: PlanIndex,
    as_of: date,
    scope: Scope,
    frame: _Frame,
    overdue: Sequence[Located],
    due_next: Sequence[Located],
) -> PlanStatus:
    plan = index.plan
    rows = frame.rows
    totals = Counts()
    for row in rows.values():
        totals.add_counts(row.counts)
    return PlanStatus(
        plan_id=plan.id,
        title=plan.title,
        short_title=plan.short_title,
        period=frame.span,
        schedule_is_draft=plan.schedule_is_draft,
        cadence_months=frame.cadence,
        as_of=as_of,
        scope=scope,
        position=frame.position,
        elapsed=frame.span.elapsed(as_of),
        current_period=frame.current,
        next_summary=frame.summary,
        totals=totals,
        ppcs=list(rows.values()),
        overdue=MilestoneRefs(overdue, as_of),
        due_next_until=frame.until,
        due_next_period=frame.following.label,
        due_next=MilestoneRefs(due_next, as_of),
        indicators=indicator_rows(index, scope, as_of),
        funding=funding_book(ppc for ppc in plan.ppcs if ppc.id in rows),
    )


def plan_status(plan: Plan | PlanIndex, as_of: date, scope: Scope | None = None) -> PlanStatus:
    """Where the plan stands on `as_of`, narrowed to `scope`."""
    index = PlanIndex.of(plan)
    scope = scope or Scope()
    frame = _frame(index, as_of, scope)
    rows = frame.rows
    until = frame.until
    next_due: dict[str, tuple[tuple[date, date, int], Located, OnDay]] = {}
    overdue: list[tuple[tuple[date, date, int], Located]] = []
    due_next: list[tuple[tuple[date, date, int], Located]] = []
    everything = scope.everything
    for item in index.located():
        ppc = item.ppc
        row = rows.get(ppc.id)
        if row is None or not (everything or scope.includes_milestone(index, ppc, item.milestone)):
            continue
        state = milestone_on(item.milestone, as_of)
        row.counts.add(state)
        window = state.window
        if window is None or not state.expected:  # postponed work is due by its new window
            continue
        key = due_key(item, state)
        if window.end < as_of:  # past: overdue, unless tentative
            if state.overdue:
                overdue.append((key, item))
            continue
        best = next_due.get(ppc.id)
        if best is None or key < best[0]:
            next_due[ppc.id] = (key, item, state)
        if window.end <= until:
            due_next.append((key, item))
    for ppc_id, (_, item, state) in next_due.items():
        rows[ppc_id].next_due_of = partial(MilestoneRef.of, item, as_of, state)
    overdue.sort(key=itemgetter(0))  # keys are unique (they end with the plan order)
    due_next.sort(key=itemgetter(0))
    return _result(
        index, as_of, scope, frame, [item for _, item in overdue], [item for _, item in due_next]
    )


class MilestoneColumns(Protocol):
    """A PPC's milestones as the read index holds them (`plan.columns.ColumnsEntry`, where
    the layout is told): per milestone, the days its state changes and its state before and
    between them, each state a status (its index in `Status`), overdue, due, and the
    window's end and start (days as ordinals); and the milestones whole, read on demand."""

    @property
    def count(self) -> int: ...

    @property
    def ids(self) -> list[str]: ...

    @property
    def series(self) -> tuple[str | None, ...]: ...

    @property
    def offsets(self) -> Sequence[int]: ...

    @property
    def breaks(self) -> Sequence[int]: ...

    @property
    def states(self) -> Sequence[int]: ...

    @property
    def table(self) -> Sequence[int]: ...

    def milestones(self) -> list[Milestone]: ...


class _Milestones(Sequence[Located]):
    """Milestones of a plan read as its index (`plan.columns`), by (PPC, position, order),
    each made whole, and as known on the day, only when read."""

    def __init__(self, found: _Whole, places: list[tuple[int, int, int]]) -> None:
        self._found = found
        self._places = places

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, index: int) -> Located: ...

    @overload
    def __getitem__(self, index: slice) -> list[Located]: ...

    def __getitem__(self, index: int | slice) -> Located | list[Located]:
        if isinstance(index, slice):
            return [self._found.located(*place) for place in self._places[index]]
        return self._found.located(*self._places[index])


class _Whole:
    """The milestones of a plan read as its index, unpickled per PPC file when first read."""

    def __init__(self, index: PlanIndex, columns: Sequence[MilestoneColumns], as_of: date) -> None:
        self._ppcs = index.plan.ppcs
        self._columns = columns
        self._as_of = as_of
        self._read: dict[int, list[Milestone]] = {}

    def known(self, ppc: int, position: int) -> Milestone:
        """The milestone at `position` of PPC `ppc`, as known on the day."""
        milestones = self._read.get(ppc)
        if milestones is None:
            milestones = self._read[ppc] = self._columns[ppc].milestones()
        return milestone_known_on(milestones[position], self._as_of)

    def located(self, ppc: int, position: int, order: int) -> Located:
        return Located(self._ppcs[ppc], self.known(ppc, position), order)

    def reference(self, ppc: int, position: int, order: int) -> MilestoneRef:
        return MilestoneRef.of(self.located(ppc, position, order), self._as_of)


_STATUSES = tuple(Status)  # a state's status, by its index (as `plan.columns` stores it)
_COUNTED = (Status.planned, Status.in_progress, Status.done, Status.postponed, Status.cancelled)


class _Counted(MilestoneTables):
    """The milestones indicators count, found by the index's ids and series columns and read
    whole (as known on the day) only for the PPC files that hold them."""

    def __init__(self, plan: Plan, found: _Whole, columns: Sequence[MilestoneColumns]) -> None:
        super().__init__(plan)
        self._found = found
        self._columns = columns
        self._places: tuple[dict[str, tuple[int, int]], dict[str, list[tuple[int, int]]]] | None
        self._places = None

    def _where(self) -> tuple[dict[str, tuple[int, int]], dict[str, list[tuple[int, int]]]]:
        """Each id's first place, and each series' places, in plan order."""
        if self._places is None:
            ids: dict[str, tuple[int, int]] = {}
            series: dict[str, list[tuple[int, int]]] = {}
            for p, entry in enumerate(self._columns):
                for position, (ident, name) in enumerate(zip(entry.ids, entry.series, strict=True)):
                    ids.setdefault(ident, (p, position))
                    if name is not None:
                        series.setdefault(name, []).append((p, position))
            self._places = (ids, series)
        return self._places

    def counted(self, indicator: Indicator) -> list[Milestone]:
        counts = indicator.counts
        if counts is None:
            return []
        ids, series = self._where()
        found: dict[str, Milestone] = {}
        if counts.series is not None:
            for place in series.get(counts.series, []):
                milestone = self._found.known(*place)
                found.setdefault(milestone.id, milestone)
        for ident in counts.milestones:
            if ident in ids and ident not in found:
                found[ident] = self._found.known(*ids[ident])
        return list(found.values())


def plan_status_columns(
    index: PlanIndex, columns: Sequence[MilestoneColumns], as_of: date, scope: Scope | None = None
) -> PlanStatus:
    """`plan_status` of a plan read as its index (`plan.columns_load`): `index` is over the
    plan without its milestones (as known on `as_of`), `columns` holds each PPC's milestones.
    Gives what `plan_status` gives for the whole plan; takes no area or country filter (they
    read each milestone's activities and countries)."""
    scope = scope or Scope()
    if scope.area is not None or scope.country is not None:
        raise ValueError("the read index takes no area or country filter")
    frame = _frame(index, as_of, scope)
    rows = frame.rows
    day = as_of.toordinal()
    until = frame.until.toordinal()
    found = _Whole(index, columns, as_of)
    # The indicators that count milestones read them through the columns (the index's
    # plan holds none): its tables are replaced.
    index.milestone_tables = _Counted(index.plan, found, columns)
    overdue: list[tuple[tuple[int, int, int], int, int]] = []
    due_next: list[tuple[tuple[int, int, int], int, int]] = []
    order = 0
    for p, (ppc, entry) in enumerate(zip(index.plan.ppcs, columns, strict=True)):
        row = rows.get(ppc.id)
        count = entry.count
        if row is None:
            order += count
            continue
        table = entry.table
        tally = [0] * len(_STATUSES)
        late = 0
        best: tuple[int, int, int] | None = None
        best_at = 0
        offsets, breaks, states = entry.offsets, entry.breaks, entry.states
        low = offsets[0]
        for position in range(count):
            high = offsets[position + 1]
            at = bisect_right(breaks, day, low, high) if high > low else low
            low = high
            state = states[at + position] * 5
            tally[table[state]] += 1
            is_overdue = table[state + 1]
            late += is_overdue
            if not table[state + 2]:  # not due: work the plan no longer expects, or no window
                continue
            end = table[state + 3]
            key = (end, table[state + 4], order + position)
            if end < day:
                if is_overdue:
                    overdue.append((key, p, position))
                continue
            if best is None or key < best:
                best, best_at = key, position
            if end <= until:
                due_next.append((key, p, position))
        counts = row.counts
        counts.total = count
        counts.planned, counts.in_progress, counts.done, counts.postponed, counts.cancelled = (
            tally[_STATUSES.index(status)] for status in _COUNTED
        )
        counts.overdue = late
        if best is not None:
            row.next_due_of = partial(found.reference, p, best_at, order + best_at)
        order += count
    overdue.sort(key=itemgetter(0))
    due_next.sort(key=itemgetter(0))
    return _result(
        index,
        as_of,
        scope,
        frame,
        _Milestones(found, [(p, position, key[2]) for key, p, position in overdue]),
        _Milestones(found, [(p, position, key[2]) for key, p, position in due_next]),
    )
