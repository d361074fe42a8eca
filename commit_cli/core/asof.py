"""What a milestone was on a given day: the one definition every status, list, show,
timeline, indicator and check uses.

A plan file records a milestone's status as it is *now*, with the dates things happened.
Asked about an earlier day, a milestone is in the state its latest recorded event on or before
that day put it in. The events are:

- *postponed*, on the date of its `postponed:` record;
- *in progress*, on its actual start date;
- *done*, on its actual end date (with no end date, its actual start);
- *cancelled*, on the date of its `cancelled:` record.

Only the events its recorded status allows count: a milestone recorded *planned* has none,
one recorded *in progress* has no outcome, and so on. The recorded status's own event wins a
tie on one day, and is never earlier than the others (it is where the milestone stands
now). An event with no date (done with no dates, postponed or cancelled with no
record, in progress with no start) counts from the beginning of time: validate warns about
each. Before its first event a milestone is *planned*.

So a postponement is remembered: a milestone postponed in June and done in September was
*postponed* on 30 June, and *done* (after a postponement) on 30 September.

The window in force is the planned window, except before a postponement's date: then the
window it replaced (`from_window`) was the plan. A milestone planned on the day with a
`condition` is *tentative* (conditional work not yet taken up) and never overdue. One whose
work is still expected on the day (planned, in progress or postponed) and whose window in
force ended before the day is *overdue*: a postponed milestone from its new window's end.

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
_EXPECTED = (_PLANNED, _IN_PROGRESS, _POSTPONED)  # work the plan still expects
_ALWAYS = date.min  # an event recorded without its date counts from the beginning


class OnDay(NamedTuple):
    """A milestone as it was on one day. Built once per milestone per command, through
    `_on_day` (tuple.__new__: no Python code runs to build one)."""

    status: Status
    window: Window | None  # the planned window in force on the day
    started: date | None  # the actual start, when it is on or before the day
    ended: date | None  # the actual end, when it is on or before the day
    tentative: bool
    overdue: bool
    postponed: bool  # a postponement had been decided on or before the day

    @property
    def open(self) -> bool:
        """Planned or in progress: work under way or not yet begun."""
        return self.status in _OPEN

    @property
    def expected(self) -> bool:
        """Planned, in progress or postponed: work the plan still expects, so due or
        overdue by its window in force."""
        return self.status in _EXPECTED


_on_day = partial(tuple.__new__, OnDay)


def _events(milestone: Milestone) -> list[tuple[date, int, Status]]:
    """The milestone's recorded events as (day, tie rank, state), the recorded status's own
    event last."""
    recorded = milestone.status
    if recorded == _PLANNED:
        return []
    actual = milestone.actual
    start = actual.start if actual is not None else None
    end = actual.end if actual is not None else None
    postponed = milestone.postponed
    others: list[tuple[date, int, Status]] = []
    if start is not None and recorded != _IN_PROGRESS:
        others.append((start, 0, _IN_PROGRESS))
    if postponed is not None and recorded != _POSTPONED:
        others.append((postponed.date, 1, _POSTPONED))
    own: date | None
    if recorded == _IN_PROGRESS:
        own = start
    elif recorded == _POSTPONED:
        own = postponed.date if postponed is not None else None
    elif recorded == _DONE:
        own = end if end is not None else start
    else:
        own = milestone.cancelled.date if milestone.cancelled is not None else None
    # The recorded status is where the milestone stands now, so its event comes last: on its
    # own day, or on the latest other event's day when that is later (a milestone postponed
    # after it started and recorded in progress again resumed on that day).
    day = _ALWAYS if own is None else own
    for other, _, _ in others:
        day = max(day, other)
    return [*others, (day, 2, recorded)]


def _status_on(milestone: Milestone, day: date) -> Status:
    latest: tuple[date, int, Status] | None = None
    for event in _events(milestone):
        if event[0] <= day and (latest is None or event[:2] >= latest[:2]):
            latest = event
    return _PLANNED if latest is None else latest[2]


def milestone_on(milestone: Milestone, day: date) -> OnDay:
    """The milestone as it was on `day` (see the module's docstring for the rules)."""
    window = milestone.window
    if milestone.status == _PLANNED and milestone.postponed is None:  # most of a plan
        tentative = milestone.condition is not None
        overdue = not tentative and window is not None and window.end < day
        return _on_day((_PLANNED, window, None, None, tentative, overdue, False))
    status = milestone.status
    actual = milestone.actual
    postponed = milestone.postponed
    cancelled = milestone.cancelled
    start, end = (None, None) if actual is None else (actual.start, actual.end)
    if (
        (start is None or start <= day)
        and (end is None or end <= day)
        and (postponed is None or postponed.date <= day)
        and (cancelled is None or cancelled.date <= day)
    ):  # every event it records had happened by the day: as recorded
        tentative = status == _PLANNED and milestone.condition is not None
        overdue = status in _EXPECTED and not tentative and window is not None and window.end < day
        return _on_day((status, window, start, end, tentative, overdue, postponed is not None))
    status = _status_on(milestone, day)
    decided = postponed is not None and postponed.date <= day
    if postponed is not None and not decided and postponed.from_window is not None:
        window = postponed.from_window
    started = start if start is not None and start <= day else None
    ended = end if end is not None and end <= day else None
    tentative = status == _PLANNED and milestone.condition is not None
    overdue = status in _EXPECTED and not tentative and window is not None and window.end < day
    return _on_day((status, window, started, ended, tentative, overdue, decided))


# A state as the read index stores it (`plan.columns` writes it, `query.status_columns`
# reads it): one row of whole numbers in this order, the status as its index in
# STATE_STATUSES, overdue and due as 0 or 1, the window's days as ordinals (0: no window),
# tentative, and whether the actual start and end are known on the day, as 0 or 1.
STATE_FIELDS = ("status", "overdue", "due", "end", "start", "tentative", "started", "ended")
STATE_SIZE = len(STATE_FIELDS)
STATE_STATUSES = tuple(Status)
