"""The plan's schedule as columns of reporting periods, milestones in dependency order."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from commit_cli.model import (
    Plan,
)
from commit_cli.periods import (
    ReportingCalendar,
    ReportingPeriod,
    Span,
)
from commit_cli.problems import CommitError
from commit_cli.query import (
    JsonDict,
    Located,
    MilestoneRef,
    PlanIndex,
    Scope,
    window_json,
)

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
            "period": window_json(self.span),
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
    included = {ppc.id for ppc in plan.ppcs if scope.includes_ppc(index, ppc)}
    groups: dict[str, list[Located]] = {}
    for item in index.located():
        if item.ppc.id in included and scope.includes_milestone(index, item.ppc, item.milestone):
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
