"""`commit list`: milestones or indicators, filtered and sorted."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from commit_cli.core.asof import OnDay, milestone_on
from commit_cli.core.hints import did_you_mean, synonym
from commit_cli.core.model import Plan
from commit_cli.core.periods import Span
from commit_cli.core.record import iso
from commit_cli.core.vocabulary import MilestoneKind, Status
from commit_cli.errors import UsageError
from commit_cli.query.index import Located, PlanIndex
from commit_cli.query.json_values import JsonDict, JsonItems, window_json
from commit_cli.query.rows import IndicatorRow, MilestoneRef, indicator_rows, known_by
from commit_cli.query.scope import Scope, resolve_scope

if TYPE_CHECKING:
    from commit_cli.query.listing_columns import IndexedRow

STATUS_ORDER = {status: i for i, status in enumerate(Status)}


@dataclass(slots=True)
class MilestoneRow:
    """One milestone as `commit list milestones` shows it: the reference and more. In JSON
    the row is flat, one value per key (lists of ids aside), so that `jq … | @csv` can take
    it as it is: actual dates, attendance and partners each have their own key. Not frozen,
    as `MilestoneRef`: one is built per milestone listed. What only the JSON shows (phase,
    countries, lead, links, attendance) is read from the milestone when asked for, not for
    each of the 100,000 rows of a table."""

    ref: MilestoneRef
    order: int
    item: Located
    index: PlanIndex
    as_of: date

    @property
    def phase(self) -> str:
        return str(self.item.milestone.phase)

    @property
    def countries(self) -> list[str]:
        return self.index.milestone_countries(self.item.ppc, self.item.milestone)

    @property
    def lead(self) -> str | None:
        return self.item.milestone.lead

    @property
    def depends_on(self) -> list[str]:
        return list(self.item.milestone.depends_on)

    @property
    def partners(self) -> list[str]:
        return list(self.item.milestone.partners)

    @property
    def attendance(self) -> tuple[int | None, int | None, int | None]:
        """Attended in all, women and men, once the event is known to have happened."""
        milestone = self.item.milestone
        attended = milestone.attended if known_by(milestone, self.as_of) else None
        if attended is None:
            return (None, None, None)
        return (attended.total, attended.women, attended.men)

    def to_json(self) -> JsonDict:
        attended, women, men = self.attendance
        return {
            **self.ref.to_json(),
            "phase": self.phase,
            "countries": self.countries,
            "lead": self.lead,
            "depends_on": self.depends_on,
            "actual_start": iso(self.ref.actual_start),
            "actual_end": iso(self.ref.actual_end),
            "attended": attended,
            "women": women,
            "men": men,
            "partners": self.partners,
        }

    @classmethod
    def of(cls, index: PlanIndex, item: Located, as_of: date, state: OnDay) -> MilestoneRow:
        return cls(MilestoneRef.of(item, as_of, state), item.order, item, index, as_of)


# --- list ---------------------------------------------------------------------------------


def _choices(
    values: Sequence[str] | None, allowed: Sequence[str], what: str
) -> frozenset[str] | None:
    if not values:
        return None
    chosen = set()
    for value in values:
        for part in value.split(","):
            name = part.strip().lower().replace("-", "_").replace(" ", "_")
            if name not in allowed:
                meant = synonym(what, part)
                hint = (
                    f"; did you mean '{meant}'?"
                    if meant
                    else did_you_mean(name, allowed) or f"; use one of {', '.join(allowed)}"
                )
                raise UsageError(f"unknown {what} '{part.strip()}'{hint}")
            chosen.add(name)
    return frozenset(chosen)


def _sort_text(value: str) -> str:
    return value.casefold()


class ListedMilestone(Protocol):
    """What the sorts read of a listed milestone: its ref and its place in the plan (a
    `MilestoneRow`, or a row made from the read index: `query.listing_columns`)."""

    @property
    def ref(self) -> MilestoneRef: ...

    @property
    def order(self) -> int: ...


# Each sort key is (missing, value…): rows missing the value (no window, no target) go
# last whichever way the rest is sorted; ties keep plan order.
MILESTONE_SORTS: dict[str, Callable[[ListedMilestone], tuple[Any, ...]]] = {
    "plan": lambda row: (False, row.order),
    "id": lambda row: (False, row.ref.id),
    "ppc": lambda row: (False, row.ref.ppc, row.order),
    "due": lambda row: (row.ref.window is None, row.ref.due or date.max, row.order),
    "start": lambda row: (
        row.ref.window is None,
        row.ref.window.start if row.ref.window else date.max,
        row.order,
    ),
    "actual": lambda row: (
        row.ref.actual is None,
        row.ref.actual_end or row.ref.actual_start or date.max,
        row.ref.actual_start or date.max,
        row.order,
    ),
    "status": lambda row: (False, STATUS_ORDER[Status(row.ref.status)], row.order),
    "kind": lambda row: (False, row.ref.kind, row.order),
    "title": lambda row: (False, _sort_text(row.ref.title), row.order),
}

INDICATOR_SORTS: dict[str, Callable[[IndicatorRow], tuple[Any, ...]]] = {
    "plan": lambda row: (False, row.order),
    "id": lambda row: (False, row.id),
    "ppc": lambda row: (False, row.ppc, row.order),
    "title": lambda row: (False, _sort_text(row.title), row.order),
    "target": lambda row: (row.target is None, row.target or 0.0, row.order),
    "latest": lambda row: (row.latest_value is None, row.latest_value or 0.0, row.order),
    "cumulative": lambda row: (row.cumulative is None, row.cumulative or 0.0, row.order),
    "percent": lambda row: (
        row.percent_of_target is None,
        row.percent_of_target or 0.0,
        row.order,
    ),
}

RowT = TypeVar("RowT")


def sorted_rows(
    rows: list[RowT],
    sort: str,
    sorts: Mapping[str, Callable[[RowT], tuple[Any, ...]]],
    reverse: bool,
) -> list[RowT]:
    key = sorts.get(sort.strip().lower())
    if key is None:
        hint = did_you_mean(sort, list(sorts)) or f"; use one of {', '.join(sorts)}"
        raise UsageError(f"cannot sort by '{sort}'{hint}")
    rows.sort(key=lambda row: key(row)[1:], reverse=reverse)
    rows.sort(key=lambda row: key(row)[0])  # stable: rows missing the value go last
    return rows


@dataclass(frozen=True, slots=True)
class MilestoneFilters:
    """What `commit list milestones` narrows by, besides the scope. Every test is of the
    milestone as it was on the as-of day (`core.asof`): its status then, the window then in
    force, and the actual dates known by then."""

    statuses: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    overdue: bool = False
    due_before: date | None = None
    due_after: date | None = None
    done_in: Span | None = None
    started_in: Span | None = None
    due_in: Span | None = None

    def to_json(self) -> JsonDict:
        return {
            "status": sorted(self.statuses, key=lambda s: STATUS_ORDER[Status(s)])
            if self.statuses
            else None,
            "kind": sorted(self.kinds) if self.kinds else None,
            "overdue": self.overdue,
            "due_before": iso(self.due_before),
            "due_after": iso(self.due_after),
            "done_in": window_json(self.done_in),
            "started_in": window_json(self.started_in),
            "due_in": window_json(self.due_in),
        }

    def accepts(self, kind: str, state: OnDay) -> bool:
        if self.statuses is not None and str(state.status) not in self.statuses:
            return False
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.overdue and not state.overdue:
            return False
        if self.done_in is not None and not (
            state.status is Status.done
            and state.ended is not None
            and self.done_in.contains(state.ended)
        ):
            return False
        if self.started_in is not None and not (
            state.started is not None and self.started_in.contains(state.started)
        ):
            return False
        if self.due_before is None and self.due_after is None and self.due_in is None:
            return True
        if state.window is None:
            return False
        due = state.window.end
        if self.due_in is not None and not self.due_in.contains(due):
            return False
        if self.due_before is not None and due > self.due_before:
            return False
        return self.due_after is None or due >= self.due_after


def milestone_filters(
    statuses: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    overdue: bool = False,
    due_before: date | None = None,
    due_after: date | None = None,
    done_in: Span | None = None,
    started_in: Span | None = None,
    due_in: Span | None = None,
) -> MilestoneFilters:
    """Filters from command-line values (comma-separated or repeated; any case)."""
    return MilestoneFilters(
        statuses=_choices(statuses, [str(s) for s in Status], "status"),
        kinds=_choices(kinds, [str(k) for k in MilestoneKind], "kind"),
        overdue=overdue,
        due_before=due_before,
        due_after=due_after,
        done_in=done_in,
        started_in=started_in,
        due_in=due_in,
    )


def list_milestones(
    plan: Plan | PlanIndex,
    as_of: date,
    scope: Scope | None = None,
    filters: MilestoneFilters | None = None,
    sort: str = "plan",
    reverse: bool = False,
) -> list[MilestoneRow]:
    """Every milestone in scope that passes `filters`, sorted by `sort`."""
    index = PlanIndex.of(plan)
    scope = scope or Scope()
    filters = filters or MilestoneFilters()
    if sort.strip().lower() not in MILESTONE_SORTS:
        sorted_rows([], sort, MILESTONE_SORTS, reverse)  # raises with a hint before any work
    rows = []
    everything = scope.everything
    for item in index.located():
        if not (everything or scope.includes_milestone(index, item.ppc, item.milestone)):
            continue
        state = milestone_on(item.milestone, as_of)
        if filters.accepts(str(item.milestone.kind), state):
            rows.append(MilestoneRow.of(index, item, as_of, state))
    return sorted_rows(rows, sort, MILESTONE_SORTS, reverse)


class MilestoneLister(Protocol):
    """What lists the milestones of `commit list milestones`: `list_milestones`, or the
    same from the plan's read index (`query.listing_columns.index_lister`)."""

    def __call__(
        self,
        index: PlanIndex,
        as_of: date,
        scope: Scope,
        filters: MilestoneFilters,
        sort: str,
        reverse: bool,
        /,
    ) -> Sequence[MilestoneRow | IndexedRow]: ...


def list_indicators(
    plan: Plan | PlanIndex,
    as_of: date,
    scope: Scope | None = None,
    sort: str = "plan",
    reverse: bool = False,
) -> list[IndicatorRow]:
    """Every indicator of the PPCs in scope, with its figures, sorted by `sort`."""
    index = PlanIndex.of(plan)
    rows = indicator_rows(index, scope or Scope(), as_of)
    return sorted_rows(rows, sort, INDICATOR_SORTS, reverse)


@dataclass(frozen=True, slots=True)
class Listing:
    """What `commit list` shows: the rows, and the filters and order that chose them."""

    what: str  # "milestones" or "indicators"
    as_of: date
    filters: JsonDict
    sort: str
    reverse: bool
    rows: Sequence[MilestoneRow | IndexedRow | IndicatorRow]

    def to_json(self, streamed: bool = False) -> JsonDict:
        """The document `--json` prints; `streamed`: its rows made as they are written
        (`JsonItems`: only for `cli.output.print_json`)."""
        rows: list[JsonDict] = (
            JsonItems(self.rows, _row_json) if streamed else [_row_json(row) for row in self.rows]
        )
        return {
            "as_of": self.as_of.isoformat(),
            "filters": self.filters,
            "sort": self.sort.strip().lower(),
            "reverse": self.reverse,
            "count": len(self.rows),
            self.what: rows,
        }


def _row_json(row: MilestoneRow | IndexedRow | IndicatorRow) -> JsonDict:
    if not isinstance(row, MilestoneRow | IndicatorRow):
        raise TypeError("a row from the read index has no JSON: list --json reads the plan whole")
    return row.to_json()


def build_listing(
    plan: Plan | PlanIndex,
    what: str,
    as_of: date,
    *,
    ppc: str | None = None,
    area: str | None = None,
    country: str | None = None,
    statuses: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    overdue: bool = False,
    due_before: date | None = None,
    due_after: date | None = None,
    done_in: Span | None = None,
    started_in: Span | None = None,
    due_in: Span | None = None,
    sort: str = "plan",
    reverse: bool = False,
    lister: MilestoneLister | None = None,
) -> Listing:
    """What `commit list milestones|indicators` shows. Filters are checked before any work:
    unknown values raise UsageError (or NotFound for ids the plan lacks), and milestone
    filters on indicators are refused. Milestones are listed by `lister`, by default
    `list_milestones` (from a plan read as its index, whose PPCs hold no milestones:
    `query.listing_columns.index_lister`, whose rows have no JSON)."""
    if what not in ("milestones", "indicators"):
        raise UsageError(f"cannot list '{what}'; use milestones or indicators")
    if what == "indicators":
        milestone_only = (
            ("--status", statuses),
            ("--kind", kinds),
            ("--overdue", overdue),
            ("--due-before", due_before),
            ("--due-after", due_after),
            ("--done-in", done_in),
            ("--started-in", started_in),
            ("--due-in", due_in),
        )
        used = [name for name, value in milestone_only if value]
        if used:
            raise UsageError(f"{', '.join(used)}: only for `commit list milestones`")
    filters = milestone_filters(
        statuses, kinds, overdue, due_before, due_after, done_in, started_in, due_in
    )
    index = PlanIndex.of(plan)
    scope = resolve_scope(index, ppc, area, country)
    if what == "milestones":
        rows = (lister or list_milestones)(index, as_of, scope, filters, sort, reverse)
        return Listing(
            "milestones", as_of, {**scope.to_json(), **filters.to_json()}, sort, reverse, rows
        )
    indicators = list_indicators(index, as_of, scope, sort, reverse)
    return Listing("indicators", as_of, scope.to_json(), sort, reverse, indicators)
