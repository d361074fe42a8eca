"""Where a plan stands on a given day: progress per PPC, overdue and due milestones,
the reporting period and the next six-monthly summary (definitions in `query`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from operator import itemgetter

from commit_cli import wording
from commit_cli.core.asof import OnDay, milestone_on
from commit_cli.core.model import Plan
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
from commit_cli.query.rows import (
    IndicatorRow,
    MilestoneRef,
    MilestoneRefs,
    due_key,
    indicator_rows,
    refs_json,
)
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
    # Its id and due day alone, when they are known without making its ref (the read
    # index holds both: the screen's PPC table then reads no milestone's record).
    next_due_brief_of: Callable[[], tuple[str, date | None]] | None = field(
        default=None, compare=False
    )
    _next_due: MilestoneRef | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def next_due(self) -> MilestoneRef | None:
        if self._next_due is None and self.next_due_of is not None:
            self._next_due = self.next_due_of()
        return self._next_due

    @property
    def next_due_brief(self) -> tuple[str, date | None] | None:
        """The next milestone due's id and due day, as its ref (`next_due`) says them."""
        if self._next_due is None and self.next_due_brief_of is not None:
            return self.next_due_brief_of()
        ref = self.next_due
        return None if ref is None else (ref.id, ref.due)

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
            "overdue": refs_json(self.overdue),
            "due_next": {
                "from": self.as_of.isoformat(),
                "until": self.due_next_until.isoformat(),
                "period": self.due_next_period,
                "milestones": refs_json(self.due_next),
            },
            "indicators": [row.to_json() for row in self.indicators],
            "funding": self.funding.to_json(),
        }


@dataclass(slots=True)
class StatusFrame:
    """What `plan_status` works out before it reads a milestone (and `status_columns` too)."""

    span: Span
    position: str
    current: ReportingPeriod | None
    summary: SummaryDue | None
    cadence: int
    following: ReportingPeriod
    until: date
    rows: dict[str, PPCRow]


def status_frame(index: PlanIndex, as_of: date, scope: Scope) -> StatusFrame:
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
    return StatusFrame(span, position, current, summary, cadence, following, until, rows)


def status_result(
    index: PlanIndex,
    as_of: date,
    scope: Scope,
    frame: StatusFrame,
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


def plan_status(
    plan: Plan | PlanIndex,
    as_of: date,
    scope: Scope | None = None,
    states: Mapping[str, OnDay] | None = None,
) -> PlanStatus:
    """Where the plan stands on `as_of`, narrowed to `scope`. `states`: each milestone's
    state on `as_of` by id, when the caller has made them already (a report makes them once
    and reads them again for its own lists); any not there is made here."""
    index = PlanIndex.of(plan)
    scope = scope or Scope()
    frame = status_frame(index, as_of, scope)
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
        state = states.get(item.milestone.id) if states is not None else None
        if state is None:
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
    return status_result(
        index, as_of, scope, frame, [item for _, item in overdue], [item for _, item in due_next]
    )
