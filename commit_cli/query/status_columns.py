"""Where a plan stands on a given day, from the plan's compact read index (`plan.columns`):
the same `PlanStatus` as `query.status.plan_status`, found by one bisect per milestone in the
days its state changes, with milestones read whole only for the rows printed (a test holds
the two to the same answer on every day a state changes)."""

from __future__ import annotations

import copy
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Protocol, overload

from commit_cli.core.asof import STATE_FIELDS, STATE_SIZE, STATE_STATUSES
from commit_cli.core.indicators import MilestoneTables
from commit_cli.core.known import milestone_known_on
from commit_cli.core.model import Indicator, Milestone, Plan
from commit_cli.core.vocabulary import Status
from commit_cli.query.index import Located, PlanIndex
from commit_cli.query.json_values import JsonDict
from commit_cli.query.rows import MilestoneRef
from commit_cli.query.scope import Scope
from commit_cli.query.status import Counts, PlanStatus, status_frame, status_result


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
    def offsets(self) -> array[int]: ...

    @property
    def breaks(self) -> array[int]: ...

    @property
    def states(self) -> array[int]: ...

    @property
    def table(self) -> array[int]: ...

    def milestones(self) -> list[Milestone]: ...


class _Milestones(Sequence[Located]):
    """Milestones of a plan read as its index (`plan.columns`), in the order of their sort
    keys (see `_DAY_BITS`), each made whole, and as known on the day, only when read: a plan
    of 100,000 milestones may have tens of thousands overdue, of which the screen shows
    ten."""

    def __init__(self, found: _Whole, keys: list[int], firsts: list[int]) -> None:
        self._found = found
        self._keys = keys
        self._firsts = firsts  # the plan order of each PPC's first milestone

    def __len__(self) -> int:
        return len(self._keys)

    def _place(self, key: int) -> tuple[int, int, int]:
        """The PPC, position and plan order of the milestone whose key is `key`."""
        order = key & _ORDER_MASK
        ppc = bisect_right(self._firsts, order) - 1
        return ppc, order - self._firsts[ppc], order

    @overload
    def __getitem__(self, index: int) -> Located: ...

    @overload
    def __getitem__(self, index: slice) -> list[Located]: ...

    def __getitem__(self, index: int | slice) -> Located | list[Located]:
        if isinstance(index, slice):
            return [self._found.located(*self._place(key)) for key in self._keys[index]]
        return self._found.located(*self._place(self._keys[index]))

    def refs_json(self, as_of: date) -> list[JsonDict]:
        """Each milestone's ref as JSON, in order, read a PPC file at a time (`ReadByFile`):
        the files' records are not all held at once, nor read again."""
        keys = self._keys
        found: list[JsonDict] = [{}] * len(keys)
        for at in sorted(range(len(keys)), key=lambda at: keys[at] & _ORDER_MASK):
            located = self._found.located(*self._place(keys[at]), keep=_Whole.KEEP)
            found[at] = MilestoneRef.of(located, as_of).to_json()
        return found


class _Whole:
    """The milestones of a plan read as its index, unpickled per PPC file when first read
    and kept; a caller that reads file by file (`refs_json`) asks to keep only the last
    `KEEP` (a caller that reads in another order would read files again and again)."""

    KEEP = 8

    def __init__(self, index: PlanIndex, columns: Sequence[MilestoneColumns], as_of: date) -> None:
        self._ppcs = index.plan.ppcs
        self._columns = columns
        self._as_of = as_of
        self._read: dict[int, list[Milestone]] = {}

    def known(self, ppc: int, position: int, keep: int | None = None) -> Milestone:
        """The milestone at `position` of PPC `ppc`, as known on the day; with `keep`, the
        files read before are let go, the oldest first, so that at most `keep` are held."""
        milestones = self._read.get(ppc)
        if milestones is None:
            while keep is not None and self._read and len(self._read) >= keep:
                del self._read[next(iter(self._read))]
            milestones = self._read[ppc] = self._columns[ppc].milestones()
        return milestone_known_on(milestones[position], self._as_of)

    def located(self, ppc: int, position: int, order: int, keep: int | None = None) -> Located:
        return Located(self._ppcs[ppc], self.known(ppc, position, keep), order)

    def reference(self, ppc: int, position: int, order: int) -> MilestoneRef:
        return MilestoneRef.of(self.located(ppc, position, order), self._as_of)


_STATUSES = STATE_STATUSES  # a state's status, by its index (as `plan.columns` stores it)
_OVERDUE, _DUE, _END, _START = (STATE_FIELDS.index(f) for f in ("overdue", "due", "end", "start"))
_COUNTED = (Status.planned, Status.in_progress, Status.done, Status.postponed, Status.cancelled)
_COUNTED_AT = tuple(_STATUSES.index(status) for status in _COUNTED)
# A due milestone's sort key (made in `_tally`): the window's end, then its start, then the
# plan order, as one int, `(end << _DAY_BITS | start) << _ORDER_BITS | order`, which sorts as
# the tuple `(end, start, order)` does (`query.rows.due_key`): an int is made and sorted much
# faster than a tuple, and a large plan has tens of thousands. Days are ordinals, below
# 2**22 (`date.max` is 3,652,059); a plan has fewer than 2**32 milestones (checked).
_DAY_BITS = 22
_ORDER_BITS = 32
_ORDER_MASK = (1 << _ORDER_BITS) - 1
_END_SHIFT = _DAY_BITS + _ORDER_BITS
_NO_KEY = 1 << (2 * _DAY_BITS + _ORDER_BITS)  # above every key


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


def _brief(entry: MilestoneColumns, position: int, end: int) -> tuple[str, date | None]:
    """The id and due day (the end of the window in force: `end`, an ordinal) of the
    milestone at `position`, from the index alone."""
    return entry.ids[position], date.fromordinal(end)


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
    frame = status_frame(index, as_of, scope)
    rows = frame.rows
    day = as_of.toordinal()
    until = frame.until.toordinal()
    found = _Whole(index, columns, as_of)
    # The indicators that count milestones read them through the columns (the index's
    # plan holds none): a copy of the index, whose tables are replaced, so the caller's
    # index is left as it was.
    index = copy.copy(index)
    index.milestone_tables = _Counted(index.plan, found, columns)
    overdue: list[int] = []
    due_next: list[int] = []
    firsts: list[int] = []
    if sum(entry.count for entry in columns) > _ORDER_MASK:
        raise ValueError("a plan of more milestones than a status key holds")
    order = 0
    for p, (ppc, entry) in enumerate(zip(index.plan.ppcs, columns, strict=True)):
        firsts.append(order)
        row = rows.get(ppc.id)
        count = entry.count
        if row is not None:
            best = _tally(entry, day, until, order, row.counts, overdue, due_next)
            if best != _NO_KEY:
                at = (best & _ORDER_MASK) - order
                row.next_due_of = partial(found.reference, p, at, order + at)
                row.next_due_brief_of = partial(_brief, entry, at, best >> _END_SHIFT)
        order += count
    overdue.sort()
    due_next.sort()
    return status_result(
        index,
        as_of,
        scope,
        frame,
        _Milestones(found, overdue, firsts),
        _Milestones(found, due_next, firsts),
    )


def _tally(
    entry: MilestoneColumns,
    day: int,
    until: int,
    order: int,
    counts: Counts,
    overdue: list[int],
    due_next: list[int],
) -> int:
    """Count the PPC's milestones (`entry`, the first at plan order `order`) by their state on
    the day of ordinal `day` into `counts`, add the keys (see `_DAY_BITS`) of those overdue and of
    those due by `until` to `overdue` and `due_next`, and return the key of the PPC's next
    milestone due (`_NO_KEY` when none is)."""
    table = entry.table
    # Each field of the file's states apart, as lists (indexing a list makes no int object).
    statuses = table[0::STATE_SIZE].tolist()
    lates = table[_OVERDUE::STATE_SIZE].tolist()
    dues = table[_DUE::STATE_SIZE].tolist()
    ends = table[_END::STATE_SIZE].tolist()
    starts = table[_START::STATE_SIZE].tolist()
    tally = [0] * len(_STATUSES)
    late = 0
    best = _NO_KEY
    offsets, breaks, states = entry.offsets[1:].tolist(), entry.breaks.tolist(), entry.states
    low = entry.offsets[0]
    for position, high in enumerate(offsets):
        state = states[(bisect_right(breaks, day, low, high) if high > low else low) + position]
        low = high
        tally[statuses[state]] += 1
        is_overdue = lates[state]
        late += is_overdue
        if not dues[state]:  # not due: work the plan no longer expects, or no window
            continue
        end = ends[state]
        key = (end << _DAY_BITS | starts[state]) << _ORDER_BITS | order + position
        if end < day:  # past: overdue, unless tentative
            if is_overdue:
                overdue.append(key)
            continue
        if key < best:
            best = key
        if end <= until:
            due_next.append(key)
    counts.total = entry.count
    counts.planned, counts.in_progress, counts.done, counts.postponed, counts.cancelled = (
        tally[at] for at in _COUNTED_AT
    )
    counts.overdue = late
    return best
