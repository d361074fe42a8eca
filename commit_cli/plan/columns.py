"""A PPC file's compact read index: the few things `commit status` reads of its milestones, as
columns, so a warm status neither unpickles every milestone nor cuts each one to the day.

At 100,000 milestones, a warm `status` spent most of its time on records it then summed up:
unpickling every milestone (dates, windows, records: one object each), cutting each to the
as-of day (`core.known`) and working out each one's state (`core.asof`). What status needs of
a milestone is small: its status on the day, whether it is overdue, and the window in force.
All three change only on the days the milestone's record names (a date it holds, or the day
after a window ends), so the index keeps, per milestone, those days (`breaks`, ascending) and
the state between them (an index into the file's table of states). The state on a day is
then one `bisect` away. Each state is worked out when the index is written, by the one
definition (`core.known.milestone_known_on`, then `core.asof.milestone_on`, as every command
reads a milestone), on the first day of its span: nothing here restates a rule.

A state is `(status, overdue, due, window end, window start)`: `due` says the plan still
expects the work by a window (planned, in progress or postponed, with a window); the window's
days are ordinals (0 without a window).

The entry also keeps, per milestone, the latest day any of its records bears (`latest`, an
ordinal; 0 for none) and the file's latest (`latest_day`): on any later day, the file reads as
written (`core.known` cuts nothing). The milestones themselves are kept whole, as a pickle
inside the entry, read only for the rows a command prints (`ColumnsEntry.milestones`).

The entry is stored in the result cache under the file's entry key (`plan.entries`) with its
own kind, so it is signed, private and keyed by the file's bytes as the entry is; an entry
that does not read back as written here is ignored (the caller then loads the plan whole)."""

from __future__ import annotations

import pickle
from bisect import bisect_right
from datetime import date
from typing import Any, NamedTuple

from commit_cli.core.asof import milestone_on
from commit_cli.core.known import milestone_known_on
from commit_cli.core.model import PPC, Milestone
from commit_cli.core.vocabulary import Status
from commit_cli.plan.cache import ResultCache, text_part
from commit_cli.problems import Problem

COLUMNS_FORMAT = "ppc-columns-2"
_EXPECTED = (Status.planned, Status.in_progress, Status.postponed)
_FIRST = date.min.toordinal()
_LAST = date.max.toordinal()

State = tuple[Status, bool, bool, int, int]  # status, overdue, due, window end, window start


class ColumnsEntry(NamedTuple):
    """One PPC file's read index (see the module): the PPC without its milestones (`head`),
    the file's facts digest, own problems and whether it was read whole (as its entry has
    them), then the milestones' columns."""

    head: PPC
    facts: str
    problems: tuple[Problem, ...]
    whole: bool
    latest_day: int
    ids: tuple[str, ...]
    series: tuple[str | None, ...]  # the name of each milestone's series (indicators count them)
    latest: tuple[int, ...]
    breaks: tuple[tuple[int, ...], ...]
    states: tuple[tuple[int, ...], ...]
    table: tuple[State, ...]

    def state_on(self, position: int, day: int) -> State:
        """The state of the milestone at `position` on the day of ordinal `day`."""
        return self.table[self.states[position][bisect_right(self.breaks[position], day)]]


def columns_key(cache: ResultCache, entry_key: str) -> str:
    """The key of the read index of the file whose entry is under `entry_key`."""
    return cache.key("ppc-columns", text_part(entry_key))


def latest_record(milestone: Milestone) -> int:
    """The ordinal of the latest day the milestone's records bear (its actual dates, its
    postponement and cancellation, its notes); 0 when it bears none."""
    days = [entry.date for entry in milestone.log]
    actual = milestone.actual
    if actual is not None:
        days += [day for day in (actual.start, actual.end) if day is not None]
    days += [record.date for record in (milestone.postponed, milestone.cancelled) if record]
    return max(days).toordinal() if days else 0


def _break_days(milestone: Milestone) -> list[int]:
    """Every day on which what status reads of the milestone may change: each day its record
    names (a comparison `x <= day` turns on `x`) and the day after each window's end (`end <
    day` turns the day after). A window's days are compared with no other day."""
    found: set[int] = set()
    windows = [milestone.window]
    if milestone.postponed is not None:
        windows.append(milestone.postponed.from_window)
        found.add(milestone.postponed.date.toordinal())
    for window in windows:
        if window is not None and window.end.toordinal() < _LAST:
            found.add(window.end.toordinal() + 1)
    actual = milestone.actual
    if actual is not None:
        found.update(day.toordinal() for day in (actual.start, actual.end) if day is not None)
    if milestone.cancelled is not None:
        found.add(milestone.cancelled.date.toordinal())
    found.update(entry.date.toordinal() for entry in milestone.log)
    found.discard(_FIRST)
    return sorted(found)


def state_of(milestone: Milestone, day: date, latest: int | None = None) -> State:
    """What status reads of `milestone` on `day`, as every command reads it: cut to the day
    (`core.known`: nothing to cut when no record is dated after the day; `latest` is the
    milestone's `latest_record`), then its state on the day (`core.asof`)."""
    latest = latest_record(milestone) if latest is None else latest
    known = milestone if latest <= day.toordinal() else milestone_known_on(milestone, day)
    state = milestone_on(known, day)
    window = state.window
    due = window is not None and state.status in _EXPECTED
    if window is None:
        return (state.status, state.overdue, due, 0, 0)
    return (state.status, state.overdue, due, window.end.toordinal(), window.start.toordinal())


def build_columns(
    record: PPC, facts: str, problems: tuple[Problem, ...], whole: bool
) -> ColumnsEntry:
    """The read index of a PPC file whose record is `record`."""
    table: dict[State, int] = {}
    all_breaks: list[tuple[int, ...]] = []
    all_states: list[tuple[int, ...]] = []
    latest = tuple(latest_record(m) for m in record.milestones)
    for milestone, last in zip(record.milestones, latest, strict=True):
        days = _break_days(milestone)
        spans = [_FIRST, *days]
        states = [
            table.setdefault(state_of(milestone, date.fromordinal(first), last), len(table))
            for first in spans
        ]
        breaks: list[int] = []
        kept = states[:1]
        for first, state in zip(days, states[1:], strict=True):
            if state != kept[-1]:  # the same state on both sides: no break needed
                breaks.append(first)
                kept.append(state)
        all_breaks.append(tuple(breaks))
        all_states.append(tuple(kept))
    return ColumnsEntry(
        head=record.model_copy(update={"milestones": []}),
        facts=facts,
        problems=problems,
        whole=whole,
        latest_day=max(latest, default=0),
        ids=tuple(m.id for m in record.milestones),
        series=tuple(None if m.series is None else m.series.name for m in record.milestones),
        latest=latest,
        breaks=tuple(all_breaks),
        states=tuple(all_states),
        table=tuple(table),
    )


def write_columns(cache: ResultCache, entry_key: str, entry: ColumnsEntry) -> None:
    data = (COLUMNS_FORMAT, *entry)
    cache.put(columns_key(cache, entry_key), pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def read_columns(cache: ResultCache, entry_key: str) -> ColumnsEntry | None:
    """The read index stored for the file whose entry is under `entry_key`, or None when it
    is missing or not as written here (signed entries only: `plan.cache`)."""
    data = cache.get(columns_key(cache, entry_key))
    if data is None:
        return None
    try:
        found = pickle.loads(data)
    except Exception:  # any unreadable entry is rebuilt, whatever broke it
        return None
    if type(found) is not tuple or len(found) != len(ColumnsEntry._fields) + 1:
        return None
    if found[0] != COLUMNS_FORMAT:
        return None
    entry = ColumnsEntry(*found[1:])
    return entry if _well_formed(entry) else None


def _well_formed(entry: ColumnsEntry) -> bool:
    """Whether the entry has the shape it is written with: its parts' types, one item per
    milestone in every column, and a table of states. (Only this user's signed entries get
    here, keyed by this code: the items themselves are not looked at one by one.)"""
    head = entry.head
    count = len(entry.ids)
    columns: tuple[Any, ...] = (entry.ids, entry.series, entry.latest, entry.breaks, entry.states)
    if type(head) is not PPC or len(head) != len(PPC._fields) or head.milestones:
        return False
    if type(entry.facts) is not str or type(entry.whole) is not bool:
        return False
    if type(entry.problems) is not tuple or any(type(p) is not Problem for p in entry.problems):
        return False
    if type(entry.latest_day) is not int:
        return False
    if any(type(column) is not tuple or len(column) != count for column in columns):
        return False
    table = entry.table
    return type(table) is tuple and all(_is_state(state) for state in table)


def _is_state(state: object) -> bool:
    return (
        type(state) is tuple
        and len(state) == 5
        and type(state[0]) is Status
        and type(state[1]) is bool
        and type(state[2]) is bool
        and type(state[3]) is int
        and type(state[4]) is int
    )
