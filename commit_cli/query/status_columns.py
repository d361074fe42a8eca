"""Where a plan stands on a given day, from the plan's compact read index (`plan.columns`):
the same `PlanStatus` as `query.status.plan_status`, found by one bisect per milestone in the
days its state changes, with milestones read whole only for the rows printed (a test holds
the two to the same answer on every day a state changes)."""

from __future__ import annotations

import copy
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from functools import partial
from operator import itemgetter
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
from commit_cli.query.status import PlanStatus, status_frame, status_result


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

    def refs_json(self, as_of: date) -> list[JsonDict]:
        """Each milestone's ref as JSON, in order, read a PPC file at a time (`ReadByFile`):
        the files' records are not all held at once, nor read again."""
        places = self._places
        found: list[JsonDict] = [{}] * len(places)
        for at in sorted(range(len(places)), key=lambda at: places[at][0]):
            located = self._found.located(*places[at], keep=_Whole.KEEP)
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
            state = states[at + position] * STATE_SIZE
            tally[table[state]] += 1
            is_overdue = table[state + _OVERDUE]
            late += is_overdue
            if not table[state + _DUE]:  # not due: work the plan no longer expects, or no window
                continue
            end = table[state + _END]
            key = (end, table[state + _START], order + position)
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
            row.next_due_brief_of = partial(_brief, entry, best_at, best[0])
        order += count
    overdue.sort(key=itemgetter(0))
    due_next.sort(key=itemgetter(0))
    return status_result(
        index,
        as_of,
        scope,
        frame,
        _Milestones(found, [(p, position, key[2]) for key, p, position in overdue]),
        _Milestones(found, [(p, position, key[2]) for key, p, position in due_next]),
    )
