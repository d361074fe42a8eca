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

A state is `(status, overdue, due, window end, window start, tentative, started, ended)`:
`due` says the plan still expects the work by a window (planned, in progress or postponed,
with a window); the window's days are ordinals (0 without a window); `started` and `ended`
say whether the milestone's actual start and end (its `starts` and `ends` columns) are known
on the day. With each milestone's title and kind, that is all a row of `commit list
milestones` shows, so a list reads no full record either (`query.listing_columns`).

The entry also keeps the latest day any record of the file's milestones bears (`latest_day`,
an ordinal, from `core.known.latest_records`): on any later day, no milestone of the file is
cut (`core.known`); the PPC's other dated facts (indicator values, updates,
funding, its review) are in `head`, where `core.known` cuts them cheaply. The milestones
themselves are read whole, from the file's entry, only for the rows a command prints
(`columns_load.IndexedPPC`).

The entry is stored in the result cache under the file's entry key (`plan.entries`) with its
own kind, so it is signed, private and keyed by the file's bytes as the entry is; an entry
that does not read back as written here is ignored (the caller then loads the plan whole).
The titles are stored beside it, under the same entry key with a kind of their own
(`read_titles`): only a list reads them, and at 100,000 milestones they were two fifths of
the bytes every `status` read and checked the signature of."""

from __future__ import annotations

import pickle
from array import array
from bisect import bisect_right
from datetime import date
from typing import NamedTuple

from commit_cli.core.asof import STATE_SIZE, STATE_STATUSES, milestone_on
from commit_cli.core.known import latest_records, milestone_known_on
from commit_cli.core.model import PPC, Milestone
from commit_cli.core.vocabulary import MilestoneKind, Status
from commit_cli.plan.cache import ResultCache, text_part
from commit_cli.plan.entries import tuple_entry
from commit_cli.problems import Problem

COLUMNS_FORMAT = "ppc-columns-7"
TITLES_FORMAT = "ppc-titles-1"
_EXPECTED = (Status.planned, Status.in_progress, Status.postponed)
_FIRST = date.min.toordinal()
_LAST = date.max.toordinal()

# status, overdue, due, window end, window start, tentative, started, ended
State = tuple[Status, bool, bool, int, int, bool, bool, bool]
STATUSES = STATE_STATUSES  # a state's status, by its index here
KINDS = tuple(MilestoneKind)  # a milestone's kind, by its index in the `kinds` column


class ColumnsEntry(NamedTuple):
    """One PPC file's read index (see the module): the PPC without its milestones (`head`),
    the file's facts digest, own problems and whether it was read whole (as its entry has
    them), then the milestones' columns, in arrays of ints (each stored as one block of
    bytes, so reading the index makes no object per milestone):

    - `ids`: the milestones' ids, one per line (read only when an id is looked up);
    - `titles`: their titles, one per line, as built; stored in an entry of their own and
      None in an entry read back (`read_titles` reads them: only a list needs them);
    - `breaks`: the days each milestone's state changes on, flat: milestone i's are
      `breaks[offsets[i]:offsets[i + 1]]`;
    - `states`: the state before the first of those days and after each, milestone i's from
      `offsets[i] + i` (one more than its days), as indexes into `table`;
    - `table`: the file's states, STATE_SIZE numbers each: the status (its index in
      STATUSES), overdue (0 or 1), due (0 or 1), the window's end and start (0: none),
      tentative, started and ended (0 or 1);
    - `kinds`: each milestone's kind (its index in KINDS);
    - `starts`, `ends`: each milestone's actual start and end as recorded (0: none), shown
      on a day whose state says they are known then."""

    head: PPC
    facts: str
    problems: tuple[Problem, ...]
    whole: bool
    latest_day: int
    ids: str
    titles: str | None
    series: tuple[str | None, ...]  # the name of each milestone's series (indicators count them)
    offsets: array[int]
    breaks: array[int]
    states: array[int]
    table: array[int]
    kinds: array[int]
    starts: array[int]
    ends: array[int]

    @property
    def milestone_count(self) -> int:
        return len(self.offsets) - 1

    def state_on(self, position: int, day: int) -> State:
        """The state of the milestone at `position` on the day of ordinal `day`."""
        offsets = self.offsets
        found = bisect_right(self.breaks, day, offsets[position], offsets[position + 1])
        at = self.states[found + position] * STATE_SIZE
        status, overdue, due, end, start, tentative, started, ended = self.table[
            at : at + STATE_SIZE
        ]
        return (
            STATUSES[status],
            bool(overdue),
            bool(due),
            end,
            start,
            bool(tentative),
            bool(started),
            bool(ended),
        )


def columns_key(cache: ResultCache, entry_key: str) -> str:
    """The key of the read index of the file whose entry is under `entry_key`."""
    return cache.key("ppc-columns", text_part(entry_key))


def titles_key(cache: ResultCache, entry_key: str) -> str:
    """The key of the milestones' titles of the file whose entry is under `entry_key`."""
    return cache.key("ppc-titles", text_part(entry_key))


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
    ordinal of the milestone's latest recorded day, `core.known.latest_records`), then its
    state on the day (`core.asof`)."""
    if latest is None:
        latest = next(latest_records((milestone,))).toordinal()
    known = milestone if latest <= day.toordinal() else milestone_known_on(milestone, day)
    state = milestone_on(known, day)
    actual = milestone.actual
    # The actual dates known on a day are the recorded ones (`core.known` keeps them or
    # leaves them out, never moves them), so the state says only whether each is known.
    if (state.started is not None and (actual is None or state.started != actual.start)) or (
        state.ended is not None and (actual is None or state.ended != actual.end)
    ):
        raise ValueError(f"{milestone.id}: an actual date on {day} that is not the recorded one")
    window = state.window
    due = window is not None and state.status in _EXPECTED
    end, start = (0, 0) if window is None else (window.end.toordinal(), window.start.toordinal())
    started, ended = state.started is not None, state.ended is not None
    return (state.status, state.overdue, due, end, start, state.tentative, started, ended)


def _ordinal(day: date | None) -> int:
    return 0 if day is None else day.toordinal()


def build_columns(
    record: PPC, facts: str, problems: tuple[Problem, ...], whole: bool
) -> ColumnsEntry | None:
    """The read index of a PPC file whose record is `record` (None for milestone ids or
    titles that could not be kept one per line: none that validate)."""
    if any("\n" in m.id or "\n" in m.title for m in record.milestones):
        return None
    try:
        return _build(record, facts, problems, whole)
    except ValueError:  # a state the index cannot hold (`state_of`): the plan is read whole
        return None


def _build(
    record: PPC, facts: str, problems: tuple[Problem, ...], whole: bool
) -> ColumnsEntry | None:
    table: dict[State, int] = {}
    offsets = array("i", [0])
    all_breaks = array("i")
    all_states = array("i")
    latest = [day.toordinal() for day in latest_records(record.milestones)]
    for milestone, last in zip(record.milestones, latest, strict=True):
        days = _break_days(milestone)
        spans = [_FIRST, *days]
        states = [
            table.setdefault(state_of(milestone, date.fromordinal(first), last), len(table))
            for first in spans
        ]
        all_states.append(states[0])
        for first, state in zip(days, states[1:], strict=True):
            if state != all_states[-1]:  # the same state on both sides: no break needed
                all_breaks.append(first)
                all_states.append(state)
        offsets.append(len(all_breaks))
    flat = array("i")
    for status, *rest in table:
        flat.extend((STATUSES.index(status), *rest))
    milestones = record.milestones
    actuals = [m.actual for m in milestones]
    return ColumnsEntry(
        head=record.model_copy(update={"milestones": []}),
        facts=facts,
        problems=problems,
        whole=whole,
        latest_day=max(latest, default=0),
        ids="\n".join(m.id for m in milestones),
        titles="\n".join(m.title for m in milestones),
        series=tuple(None if m.series is None else m.series.name for m in milestones),
        offsets=offsets,
        breaks=all_breaks,
        states=all_states,
        table=flat,
        kinds=array("i", (KINDS.index(m.kind) for m in milestones)),
        starts=array("i", (0 if a is None else _ordinal(a.start) for a in actuals)),
        ends=array("i", (0 if a is None else _ordinal(a.end) for a in actuals)),
    )


_ARRAYS = (
    "offsets",
    "breaks",
    "states",
    "table",
    "kinds",
    "starts",
    "ends",
)  # the entry's last fields
_SCALARS = len(ColumnsEntry._fields) - len(_ARRAYS)  # the fields before them


def write_columns(cache: ResultCache, entry_key: str, entry: ColumnsEntry) -> None:
    """Store `entry`: its arrays as one block of bytes, after their lengths, and its titles
    in an entry of their own (`read_titles`)."""
    assert entry.titles is not None, "an entry read back has no titles to store"
    arrays: list[array[int]] = [getattr(entry, name) for name in _ARRAYS]
    numbers = array("i")
    for found in arrays:
        numbers.extend(found)
    lengths = tuple(len(found) for found in arrays)
    data = (COLUMNS_FORMAT, *entry._replace(titles=None)[:_SCALARS], lengths, numbers.tobytes())
    write_titles(cache, entry_key, entry.titles)
    cache.put(columns_key(cache, entry_key), pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def write_titles(cache: ResultCache, entry_key: str, titles: str) -> None:
    """Store the milestones' `titles` (one a line) of the file whose entry is under
    `entry_key`: with its index, or again when `read_titles` found them missing or spoilt."""
    entry = (TITLES_FORMAT, titles)
    cache.put(titles_key(cache, entry_key), pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))


def read_titles(cache: ResultCache, entry_key: str, count: int) -> list[str] | None:
    """The titles of the `count` milestones of the file whose entry is under `entry_key`, in
    order, as `write_columns` stored them; None when they are missing or not as written
    there (signed entries only: `plan.cache`)."""
    found = tuple_entry(cache, titles_key(cache, entry_key), TITLES_FORMAT, 2)
    if found is None or type(found[1]) is not str:
        return None
    titles = found[1].split("\n") if count else []
    return titles if len(titles) == count else None


def read_columns(cache: ResultCache, entry_key: str) -> ColumnsEntry | None:
    """The read index stored for the file whose entry is under `entry_key`, or None when it
    is missing or not as written here (signed entries only: `plan.cache`)."""
    data = cache.get(columns_key(cache, entry_key))
    if data is None:
        return None
    try:
        found = pickle.loads(data)
        if type(found) is not tuple or len(found) != _SCALARS + 3 or found[0] != COLUMNS_FORMAT:
            return None
        lengths, packed = found[-2], found[-1]
        if type(lengths) is not tuple or len(lengths) != len(_ARRAYS) or type(packed) is not bytes:
            return None
        numbers = array("i")
        numbers.frombytes(packed)
        arrays: list[array[int]] = []
        at = 0
        for length in lengths:
            if type(length) is not int or length < 0:
                return None
            arrays.append(numbers[at : at + length])
            at += length
        if at != len(numbers):
            return None
        entry = ColumnsEntry(*found[1 : _SCALARS + 1], *arrays)
    except Exception:  # any unreadable entry is rebuilt, whatever broke it
        return None
    return entry if _well_formed(entry) else None


def _well_formed(entry: ColumnsEntry) -> bool:
    """Whether the entry has the shape it is written with: its parts' types, one item per
    milestone in every column, as many states as days and milestones, and whole states in
    the table. (Only this user's signed entries get here, keyed by this code: the numbers
    themselves are not looked at one by one, and a lookup out of range is an IndexError,
    never a wrong state.)"""
    head = entry.head
    count = entry.milestone_count
    if type(head) is not PPC or len(head) != len(PPC._fields) or head.milestones:
        return False
    if type(entry.facts) is not str or type(entry.whole) is not bool:
        return False
    if type(entry.problems) is not tuple or any(type(p) is not Problem for p in entry.problems):
        return False
    if type(entry.latest_day) is not int or type(entry.ids) is not str:
        return False
    if entry.titles is not None:
        return False
    if type(entry.series) is not tuple:
        return False
    if not entry.offsets:
        return False
    return (
        len(entry.series) == count == entry.ids.count("\n") + (count > 0)
        and entry.offsets[-1] == len(entry.breaks)
        and len(entry.states) == len(entry.breaks) + count
        and len(entry.table) % STATE_SIZE == 0
        and len(entry.kinds) == len(entry.starts) == len(entry.ends) == count
    )
