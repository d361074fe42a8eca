"""The facts a report states about milestones: the plan indexed once, the query layer's
view of every milestone on the report's day (`MilestoneRef`), everything a report may say of
one milestone, and which milestones belong to a span of time.

Status, overdue and due dates are the query layer's answers, never judged here, so reports
say what `commit status` says on the same day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from commit_cli import wording
from commit_cli.core.asof import OnDay, milestone_on
from commit_cli.core.known import known_on
from commit_cli.core.model import PPC, Milestone, Plan, Window
from commit_cli.core.periods import Span
from commit_cli.core.record import iso
from commit_cli.core.vocabulary import Status
from commit_cli.query.index import Located, PlanIndex
from commit_cli.query.rows import MilestoneRef
from commit_cli.query.scope import Scope
from commit_cli.query.status import PlanStatus, plan_status
from commit_cli.reports.context.pieces import (
    Countries,
    JsonDict,
    attendance_json,
    link,
    span_json,
)
from commit_cli.wording import Wording


def slip_days(milestone: Milestone) -> int | None:
    """How many days a postponement moved the planned end (None without both windows)."""
    record = milestone.postponed
    if record is None or record.from_window is None or milestone.window is None:
        return None
    return (milestone.window.end - record.from_window.end).days


class Refs:
    """Each milestone's `MilestoneRef` on the day by id, made when first read from its state
    (`states`, made once per report): a summary reads the refs of its period's milestones
    and the late ones, not of every milestone, and `plan_status` reads the same states.
    Only `refs[id]` is offered: a dict's `get`, `in`, `len` or `values` would see only the
    refs read so far."""

    __slots__ = ("_as_of", "_index", "_made", "_states")

    def __init__(self, index: PlanIndex, as_of: date, states: Mapping[str, OnDay]) -> None:
        self._index = index
        self._as_of = as_of
        self._states = states
        self._made: dict[str, MilestoneRef] = {}

    def __getitem__(self, ident: str) -> MilestoneRef:
        made = self._made.get(ident)
        if made is None:
            made = self._made[ident] = MilestoneRef.of(
                self._index.milestones[ident], self._as_of, self._states[ident]
            )
        return made


@dataclass(frozen=True)
class Facts:
    """A plan, its index and the query layer's view of every milestone on one day: each
    milestone's state (`states`, computed once) and its ref (`refs`, made when read)."""

    plan: Plan
    index: PlanIndex
    as_of: date
    states: dict[str, OnDay]
    refs: Refs
    countries: Countries

    @classmethod
    def of(cls, plan: Plan, as_of: date) -> Facts:
        """The facts on `as_of`, of the plan as known that day (`core.known`): nothing a
        report says from here on can be dated after it. Report builders read `facts.plan`,
        never the plan they were given."""
        plan = known_on(plan, as_of)
        index = PlanIndex(plan)
        states = {
            ident: milestone_on(item.milestone, as_of) for ident, item in index.milestones.items()
        }
        refs = Refs(index, as_of, states)
        return cls(plan, index, as_of, states, refs, Countries(plan))

    def status(self, scope: Scope | None = None) -> PlanStatus:
        """Where the plan stands on the day, over this index (`query.status.plan_status`,
        reading the states made here)."""
        return plan_status(self.index, self.as_of, scope, self.states)

    def located(self, ppc: PPC | None = None) -> Iterable[Located]:
        """The milestones in plan order: all, or one PPC's."""
        if ppc is None:
            return self.index.located()
        return self._by_ppc.get(ppc.id, ())

    def span_json(self, span: Span | Window | None) -> JsonDict | None:
        """`pieces.span_json`, made once per span and language and shared by every entry
        that names it: a plan's windows are few spans, written tens of thousands of times
        (each with its worded label) in a large report. Nothing changes a context's dicts
        once made."""
        if span is None:
            return None
        words = wording.spoken()
        key = (span.start, span.end)
        found = self._spans.get(key)
        if found is not None and found[0] is words:
            return found[1]
        made = span_json(span)
        self._spans[key] = (words, made)
        return made

    @cached_property
    def _spans(self) -> dict[tuple[date, date], tuple[Wording, JsonDict | None]]:
        return {}

    @cached_property
    def _by_ppc(self) -> dict[str, list[Located]]:
        """PPC id → its milestones in plan order, found in one pass (asking each PPC for its
        own by going through every milestone took a third of a 10k summary's context)."""
        found: dict[str, list[Located]] = {}
        for item in self.index.located():
            found.setdefault(item.ppc.id, []).append(item)
        return found

    def milestone_json(self, item: Located) -> JsonDict:
        """Everything a report may say of one milestone."""
        milestone, ref = item.milestone, self.refs[item.milestone.id]
        actual = milestone.actual
        return {
            "id": milestone.id,
            "ppc": item.ppc.id,
            "ppc_label": item.ppc.label,
            "title": milestone.title,
            "kind": str(milestone.kind),
            "phase": str(milestone.phase),
            "status": ref.status,
            "status_text": wording.status(ref.status),
            "done": ref.status == Status.done,
            "in_progress": ref.status == Status.in_progress,
            "overdue": ref.overdue,
            "days_late": (self.as_of - ref.due).days if ref.overdue and ref.due else None,
            "tentative": ref.tentative,
            "condition": milestone.condition,
            "window": self.span_json(ref.window),
            "actual": None
            if actual is None
            else {"start": iso(actual.start), "end": iso(actual.end)},
            "attended": attendance_json(milestone.attended, self.countries),
            "outcome": milestone.outcome,
            "report": link(milestone.report),
            "postponed": None
            if milestone.postponed is None
            else {
                "date": iso(milestone.postponed.date),
                "reason": milestone.postponed.reason,
                "from_window": self.span_json(milestone.postponed.from_window),
                "slip_days": slip_days(milestone),
            },
            "cancelled": None
            if milestone.cancelled is None
            else {"date": iso(milestone.cancelled.date), "reason": milestone.cancelled.reason},
            "log": [
                {"date": iso(entry.date), "by": entry.by, "text": entry.text}
                for entry in milestone.log
            ],
        }


def ended_in(milestone: Milestone, span: Span) -> bool:
    actual = milestone.actual
    return actual is not None and actual.end is not None and span.contains(actual.end)


def active_in(milestone: Milestone, span: Span) -> bool:
    """Whether anything about the milestone falls in the span: its planned window, its actual
    dates, or a postponement or cancellation decided then. (Days compared as they are: a 10k
    summary asks this of every milestone, and making a `Span` of each window to ask it of
    cost a tenth of the report's context.)"""
    first, last = span.start, span.end
    window, actual = milestone.window, milestone.actual
    if window is not None and window.start <= last and first <= window.end:
        return True
    if actual is not None:
        start, end = actual.start, actual.end
        if start is not None and start <= last and first <= max(end or start, start):
            return True
        if end is not None and first <= end <= last:
            return True
    for record in (milestone.postponed, milestone.cancelled):
        if record is not None and first <= record.date <= last:
            return True
    return False


def decided_in(record: Any, span: Span, as_of: date) -> bool:
    return record is not None and span.contains(record.date) and record.date <= as_of
