"""The plan as it was known on a day: the one view every output takes of a plan as of a day.

A plan file holds what is known *now*. Asked about an earlier day D, every output (status,
show, list, timeline, the reports, the exports, changes) reads the plan through `known_on`,
which keeps only what had happened, been decided or been reported by D. Each kind of record
is dated like this:

- a milestone's status, by its latest recorded event on or before D (`core.asof`): its actual
  start and end are kept when on or before D; its postponement record from the day it was
  decided (before that, the window it replaced is the plan again); its cancellation record
  from the day it was decided;
- what came of a milestone (attendance, outcome, report link) has no date of its own: it is
  known from the day the milestone was done, and only while it is done;
- a dated note (`log:`), from its date;
- an indicator's value and a PPC's update for a reporting period, from the first day of that
  period (they belong to it; the report for a period, as of its last day, includes them);
- a PPC's funding entry, from its date (an entry without a date is always known); its
  spending for a reporting period, from the first day of that period, as its updates;
- a decision of a meeting (`decisions.yaml`), from its date;
- a PPC's review (the final report's lessons and recommendations), from the first day of the
  plan's last reporting period;
- the plan's own text (titles, windows, targets, notes, partners) is not a recorded fact: it
  is what the plan says, whatever the day.

Recorded changes (git commits) are dated by their commit date; `history` filters them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from operator import itemgetter

from commit_cli.core.asof import milestone_on
from commit_cli.core.model import (
    PPC,
    ActualDates,
    Indicator,
    Milestone,
    Plan,
    Review,
)
from commit_cli.core.periods import PeriodError, parse_period_label, reporting_periods, span_of
from commit_cli.core.vocabulary import Status


def period_known(label: str, cadence_months: int, day: date) -> bool:
    """Whether what was recorded for the reporting period `label` is known on `day`: from
    the period's first day. A label that names no period (validate reports it) is kept."""
    try:
        return parse_period_label(label, cadence_months).start <= day
    except PeriodError:
        return True


def review_known_from(plan: Plan) -> date:
    """The day a PPC's review is known from: the first day of the plan's last reporting
    period, when the final report is being written."""
    return reporting_periods(span_of(plan.period), plan.reporting.cadence_months)[-1].start


def milestone_known_on(milestone: Milestone, day: date) -> Milestone:
    """`milestone` as it was known on `day` (the same object when nothing was later)."""
    log = milestone.log
    if milestone.status == Status.planned and milestone.postponed is None:
        if all(entry.date <= day for entry in log):
            return milestone  # most of a plan: nothing recorded, or nothing later
        return milestone.model_copy(update={"log": [e for e in log if e.date <= day]})
    if next(latest_records((milestone,))) <= day:
        return milestone  # everything recorded had happened by the day: as written
    state = milestone_on(milestone, day)
    status = state.status
    actual = None
    if state.started is not None or state.ended is not None:
        actual = ActualDates(start=state.started, end=state.ended)
    elif milestone.actual is not None and status == Status.done:
        actual = milestone.actual  # done without dates: as recorded (validate warns)
    done = status == Status.done
    update = {
        "status": status,
        "actual": actual,
        "window": state.window,
        "postponed": milestone.postponed if state.postponed else None,
        "cancelled": milestone.cancelled if status == Status.cancelled else None,
        "attended": milestone.attended if done else None,
        "outcome": milestone.outcome if done else None,
        "report": milestone.report if done else None,
        "log": [entry for entry in log if entry.date <= day],
    }
    if all(getattr(milestone, name) == value for name, value in update.items()):
        return milestone
    return milestone.model_copy(update=update)


_DATED_FIELDS = ("actual", "postponed", "cancelled", "log")
_DATED = itemgetter(*(Milestone._positions[name] for name in _DATED_FIELDS))


def latest_records(milestones: Sequence[Milestone]) -> Iterator[date]:
    """The latest date each milestone records (its actual dates, its postponement and
    cancellation decisions, its notes; date.min when none), in one loop with no call per
    milestone: every command on a day after a milestone's last record (today, most
    days) would otherwise cut it only to find nothing to cut."""
    for actual, postponed, cancelled, log in map(_DATED, milestones):
        latest = date.min
        if actual is not None:
            for day in actual:
                if day is not None and day > latest:
                    latest = day
        if postponed is not None and postponed.date > latest:
            latest = postponed.date
        if cancelled is not None and cancelled.date > latest:
            latest = cancelled.date
        for entry in log:
            if entry.date > latest:
                latest = entry.date
        yield latest


def _indicator_known_on(indicator: Indicator, cadence: int, day: date) -> Indicator:
    values = {
        label: value
        for label, value in indicator.values.items()
        if period_known(label, cadence, day)
    }
    if len(values) == len(indicator.values):
        return indicator
    return indicator.model_copy(update={"values": values})


def _ppc_known_on(ppc: PPC, cadence: int, day: date, review_from: date) -> PPC:
    milestones = [
        milestone if latest <= day else milestone_known_on(milestone, day)
        for milestone, latest in zip(ppc.milestones, latest_records(ppc.milestones), strict=True)
    ]
    indicators = [_indicator_known_on(i, cadence, day) for i in ppc.indicators]
    updates = {
        label: update for label, update in ppc.updates.items() if period_known(label, cadence, day)
    }
    review = ppc.review if day >= review_from else Review()
    funding = [f for f in ppc.funding if f.date is None or f.date <= day]
    spending = {
        label: spent for label, spent in ppc.spending.items() if period_known(label, cadence, day)
    }
    unchanged = (
        all(new is old for new, old in zip(milestones, ppc.milestones, strict=True))
        and all(new is old for new, old in zip(indicators, ppc.indicators, strict=True))
        and len(updates) == len(ppc.updates)
        and review is ppc.review
        and len(funding) == len(ppc.funding)
        and len(spending) == len(ppc.spending)
    )
    if unchanged:
        return ppc
    return ppc.model_copy(
        update={
            "milestones": milestones,
            "indicators": indicators,
            "updates": updates,
            "review": review,
            "funding": funding,
            "spending": spending,
        }
    )


def known_on(plan: Plan, day: date) -> Plan:
    """The plan as it was known on `day`: every recorded fact dated after `day` left out (see
    the module's docstring for how each is dated). The same object when nothing was later."""
    cadence = plan.reporting.cadence_months
    review_from = review_known_from(plan)
    ppcs = [_ppc_known_on(ppc, cadence, day, review_from) for ppc in plan.ppcs]
    decisions = [d for d in plan.decisions if d.date <= day]
    if len(decisions) == len(plan.decisions) and all(
        new is old for new, old in zip(ppcs, plan.ppcs, strict=True)
    ):
        return plan
    return plan.model_copy(update={"ppcs": ppcs, "decisions": decisions})
