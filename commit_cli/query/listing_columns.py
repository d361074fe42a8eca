"""`commit list milestones` from the plan's compact read index (`plan.columns`): the same rows,
in the same order, as `query.listing.list_milestones` gives for the whole plan, made from
the index's columns (ids, titles, kinds, actual dates and each milestone's state on the day,
found by one bisect), so a list reads no full record. A row holds only what the table
shows (its ref has no outcome or report: `--json`, which prints them, reads the plan whole);
a test holds the two paths to the same rows over random plans and days."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from commit_cli.core.asof import STATE_FIELDS, STATE_SIZE, STATE_STATUSES
from commit_cli.core.periods import Span
from commit_cli.core.vocabulary import MilestoneKind, Status
from commit_cli.query.index import PlanIndex
from commit_cli.query.listing import (
    MILESTONE_SORTS,
    MilestoneFilters,
    MilestoneLister,
    sorted_rows,
)
from commit_cli.query.rows import MilestoneRef
from commit_cli.query.scope import Scope
from commit_cli.query.status_columns import MilestoneColumns

_KINDS = tuple(str(kind) for kind in MilestoneKind)  # as `plan.columns.KINDS` stores them
_OVERDUE, _END, _START, _TENTATIVE, _STARTED, _ENDED = (
    STATE_FIELDS.index(f) for f in ("overdue", "end", "start", "tentative", "started", "ended")
)
_DONE = STATE_STATUSES.index(Status.done)


class ListColumns(MilestoneColumns, Protocol):
    """A PPC's milestones as the read index holds them, with what a list's rows show: each
    milestone's title, kind (its index in `MilestoneKind`) and actual dates as recorded
    (ordinals, 0: none)."""

    @property
    def titles(self) -> list[str]: ...

    @property
    def kinds(self) -> Sequence[int]: ...

    @property
    def starts(self) -> Sequence[int]: ...

    @property
    def ends(self) -> Sequence[int]: ...


@dataclass(slots=True)
class IndexedRow:
    """A row of `commit list milestones` made from the read index: what the table and the
    sorts read of a `query.listing.MilestoneRow` (its ref and its place in the plan)."""

    ref: MilestoneRef
    order: int


class _Days:
    """Dates by ordinal, and spans by their ends, each made once (rows repeat them)."""

    def __init__(self) -> None:
        self.days: dict[int, date] = {}
        self.spans: dict[tuple[int, int], Span] = {}

    def day(self, ordinal: int) -> date:
        found = self.days.get(ordinal)
        if found is None:
            found = self.days[ordinal] = date.fromordinal(ordinal)
        return found

    def span(self, start: int, end: int) -> Span:
        found = self.spans.get((start, end))
        if found is None:
            found = self.spans[(start, end)] = Span(self.day(start), self.day(end))
        return found


# What a row shows of a state: status, window, overdue, tentative; and of the actual dates
# known on the day: the span they make, the start and the end.
_Stated = tuple[str, Span | None, bool, bool]
_Dated = tuple[Span | None, date | None, date | None]
_UNDATED: _Dated = (None, None, None)


def _stated(table: Sequence[int], state: int, days: _Days) -> _Stated:
    """What a row shows of the state at `state` in `table`, as `MilestoneRef.of` makes it."""
    end = table[state + _END]
    return (
        str(STATE_STATUSES[table[state]]),
        days.span(table[state + _START], end) if end else None,
        bool(table[state + _OVERDUE]),
        bool(table[state + _TENTATIVE]),
    )


def _dated(started: int, ended: int, days: _Days, day: int) -> _Dated:
    """The actual dates known on the day `day` (ordinals, 0: not known; not both), as
    `MilestoneRef.of` shows them: start to end, or to the day while in progress."""
    first = started or ended
    actual = Span(days.day(first), days.day(ended or max(first, day)))
    return (actual, days.day(started) if started else None, days.day(ended) if ended else None)


def _accepts(filters: MilestoneFilters, days: _Days, kind: str, state: Sequence[int]) -> bool:
    """`MilestoneFilters.accepts` for a state as the index holds it (`state[:STATE_SIZE]`),
    whose actual dates are given as ordinals in place of its flags (0: not known)."""
    status, overdue, _, end, _, _, started, ended = state
    if filters.statuses is not None and str(STATE_STATUSES[status]) not in filters.statuses:
        return False
    if filters.kinds is not None and kind not in filters.kinds:
        return False
    if filters.overdue and not overdue:
        return False
    if filters.done_in is not None and not (
        status == _DONE and ended and filters.done_in.contains(days.day(ended))
    ):
        return False
    if filters.started_in is not None and not (
        started and filters.started_in.contains(days.day(started))
    ):
        return False
    if filters.due_before is None and filters.due_after is None and filters.due_in is None:
        return True
    if not end:
        return False
    due = days.day(end)
    if filters.due_in is not None and not filters.due_in.contains(due):
        return False
    if filters.due_before is not None and due > filters.due_before:
        return False
    return filters.due_after is None or due >= filters.due_after


def _filtered(filters: MilestoneFilters) -> bool:
    """Whether any filter is set (most lists have none: every row is kept unread)."""
    return (
        filters.statuses is not None
        or filters.kinds is not None
        or filters.overdue
        or filters.due_before is not None
        or filters.due_after is not None
        or filters.done_in is not None
        or filters.started_in is not None
        or filters.due_in is not None
    )


def list_milestones_columns(
    index: PlanIndex,
    columns: Sequence[ListColumns],
    as_of: date,
    scope: Scope | None = None,
    filters: MilestoneFilters | None = None,
    sort: str = "plan",
    reverse: bool = False,
) -> list[IndexedRow]:
    """`list_milestones` of a plan read as its index: `index` is over the plan without its
    milestones, `columns` holds each PPC's. Takes no area or country filter (they read each
    milestone's activities and countries)."""
    scope = scope or Scope()
    filters = filters or MilestoneFilters()
    if scope.area is not None or scope.country is not None:
        raise ValueError("the read index takes no area or country filter")
    if sort.strip().lower() not in MILESTONE_SORTS:
        sorted_rows([], sort, MILESTONE_SORTS, reverse)  # raises with a hint before any work
    day = as_of.toordinal()
    days = _Days()
    dated: dict[tuple[int, int], _Dated] = {}
    filtering = _filtered(filters)
    rows: list[IndexedRow] = []
    order = 0
    for ppc, entry in zip(index.plan.ppcs, columns, strict=True):
        count = entry.count
        if scope.ppc is not None and ppc.id != scope.ppc:
            order += count
            continue
        ppc_id = ppc.id
        table = entry.table
        offsets, breaks, states = entry.offsets, entry.breaks, entry.states
        kinds, starts, ends = entry.kinds, entry.starts, entry.ends
        # Rows repeat a few states, and many actual dates: each one's values are made
        # once (`dated` is shared by the files: it does not depend on the state).
        stated: dict[int, _Stated] = {}
        for position, (ident, title) in enumerate(zip(entry.ids, entry.titles, strict=True)):
            low, high = offsets[position], offsets[position + 1]
            at = bisect_right(breaks, day, low, high) if high > low else low
            state = states[at + position] * STATE_SIZE
            kind = _KINDS[kinds[position]]
            started = starts[position] if table[state + _STARTED] else 0
            ended = ends[position] if table[state + _ENDED] else 0
            if filtering:
                found = [*table[state : state + STATE_SIZE - 2], started, ended]
                if not _accepts(filters, days, kind, found):
                    continue
            shown = stated.get(state)
            if shown is None:
                shown = stated[state] = _stated(table, state, days)
            status, window, overdue, tentative = shown
            if started or ended:
                actual_dates = dated.get((started, ended))
                if actual_dates is None:
                    actual_dates = dated[(started, ended)] = _dated(started, ended, days, day)
            else:
                actual_dates = _UNDATED
            actual, start_day, end_day = actual_dates
            ref = MilestoneRef(
                ident,
                ppc_id,
                title,
                kind,
                status,
                window,
                overdue,
                tentative,
                actual,
                start_day,
                end_day,
                None,
                None,
            )
            rows.append(IndexedRow(ref, order + position))
        order += count
    if sort.strip().lower() == "plan":  # the rows are made in plan order
        return rows[::-1] if reverse else rows
    return sorted_rows(rows, sort, MILESTONE_SORTS, reverse)


def index_lister(columns: Sequence[ListColumns]) -> MilestoneLister:
    """A `MilestoneLister` (for `query.listing.build_listing`) that lists from `columns`."""

    def lister(
        index: PlanIndex,
        as_of: date,
        scope: Scope,
        filters: MilestoneFilters,
        sort: str,
        reverse: bool,
        /,
    ) -> list[IndexedRow]:
        return list_milestones_columns(index, columns, as_of, scope, filters, sort, reverse)

    return lister
