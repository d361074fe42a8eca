"""What a milestone was on a given day: the one definition every status, list, show,
timeline, indicator and check uses.

A plan file records a milestone's status as it is *now*, with the dates things happened.
Asked about an earlier day, a milestone is what those dates say it was then:

- *done* from its actual end date (with no end date, from its actual start; with neither,
  on every day: validate warns that the date is missing);
- *cancelled* from the date of its `cancelled:` record, *postponed* from the date of its
  `postponed:` record (without a record, on every day);
- before that, *in progress* from its actual start date (a milestone recorded in progress
  without a start date is in progress on every day), and otherwise *planned*.

The window in force is the planned window, except before a postponement's date: then the
window it replaced (`from_window`) was the plan. A milestone planned on the day with a
`condition` is *tentative* (conditional work not yet taken up) and never overdue; one planned
or in progress whose window in force ended before the day is *overdue*.

This lives in `core`, below both `query` (status, list, show, timeline) and `plan.checks`
(indicators computed from milestones), so that both use this one definition.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import NamedTuple

from commit_cli.core.model import Milestone, Window
from commit_cli.core.vocabulary import Status

_PLANNED = Status.planned
_IN_PROGRESS = Status.in_progress
_DONE = Status.done
_POSTPONED = Status.postponed
_CANCELLED = Status.cancelled
_OPEN = (_PLANNED, _IN_PROGRESS)


class OnDay(NamedTuple):
    """A milestone as it was on one day. Built once per milestone per command, through
    `_on_day` (tuple.__new__: no Python code runs to build one)."""

    status: Status
    window: Window | None  # the planned window in force on the day
    started: date | None  # the actual start, when it is on or before the day
    ended: date | None  # the actual end, when it is on or before the day
    tentative: bool
    overdue: bool

    @property
    def open(self) -> bool:
        """Planned or in progress: work still expected of the plan."""
        return self.status in _OPEN


_on_day = partial(tuple.__new__, OnDay)


def _status_on(milestone: Milestone, day: date) -> Status:
    recorded = milestone.status
    actual = milestone.actual
    start = actual.start if actual is not None else None
    if recorded == _PLANNED:
        return _PLANNED
    if recorded == _DONE:
        end = actual.end if actual is not None else None
        since = end if end is not None else start
        if since is None or since <= day:
            return _DONE
    elif recorded == _CANCELLED:
        cancelled = milestone.cancelled
        if cancelled is None or cancelled.date <= day:
            return _CANCELLED
    elif recorded == _POSTPONED:
        postponed = milestone.postponed
        if postponed is None or postponed.date <= day:
            return _POSTPONED
    elif start is None:  # in progress, without a start date
        return _IN_PROGRESS
    return _IN_PROGRESS if start is not None and start <= day else _PLANNED


def milestone_on(milestone: Milestone, day: date) -> OnDay:
    """The milestone as it was on `day` (see the module's docstring for the rules)."""
    window = milestone.window
    if milestone.status == _PLANNED and milestone.postponed is None:  # most of a plan
        tentative = milestone.condition is not None
        overdue = not tentative and window is not None and window.end < day
        return _on_day((_PLANNED, window, None, None, tentative, overdue))
    status = _status_on(milestone, day)
    postponed = milestone.postponed
    if postponed is not None and day < postponed.date and postponed.from_window is not None:
        window = postponed.from_window
    actual = milestone.actual
    started = ended = None
    if actual is not None:
        if actual.start is not None and actual.start <= day:
            started = actual.start
        if actual.end is not None and actual.end <= day:
            ended = actual.end
    tentative = status == _PLANNED and milestone.condition is not None
    overdue = status in _OPEN and not tentative and window is not None and window.end < day
    return _on_day((status, window, started, ended, tentative, overdue))
