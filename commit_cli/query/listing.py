"""`commit list`: milestones or indicators, filtered and sorted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from commit_cli.core.hints import did_you_mean
from commit_cli.core.model import (
    Milestone,
    MilestoneKind,
    Plan,
    Status,
)
from commit_cli.errors import UsageError
from commit_cli.query.index import (
    STATUS_ORDER,
    IndicatorRow,
    JsonDict,
    MilestoneRef,
    PlanIndex,
    Scope,
    indicator_rows,
    is_overdue,
    iso,
    resolve_scope,
)


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """One milestone as `commit list milestones` shows it: the reference and more."""

    ref: MilestoneRef
    phase: str
    countries: list[str]
    lead: str | None
    depends_on: list[str]
    order: int

    def to_json(self) -> JsonDict:
        return {
            **self.ref.to_json(),
            "phase": self.phase,
            "countries": self.countries,
            "lead": self.lead,
            "depends_on": self.depends_on,
        }


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
                hint = did_you_mean(name, allowed) or f"; use one of {', '.join(allowed)}"
                raise UsageError(f"unknown {what} '{part.strip()}'{hint}")
            chosen.add(name)
    return frozenset(chosen)


def _sort_text(value: str) -> str:
    return value.casefold()


# Each sort key is (missing, value…): rows missing the value (no window, no target) go
# last whichever way the rest is sorted; ties keep plan order.
MILESTONE_SORTS: dict[str, Callable[[MilestoneRow], tuple[Any, ...]]] = {
    "plan": lambda row: (False, row.order),
    "id": lambda row: (False, row.ref.id),
    "ppc": lambda row: (False, row.ref.ppc, row.order),
    "due": lambda row: (row.ref.window is None, row.ref.due or date.max, row.order),
    "start": lambda row: (
        row.ref.window is None,
        row.ref.window.start if row.ref.window else date.max,
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
}

RowT = TypeVar("RowT")


def _sorted(
    rows: list[RowT], sort: str, sorts: dict[str, Callable[[RowT], tuple[Any, ...]]], reverse: bool
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
    """What `commit list milestones` narrows by, besides the scope."""

    statuses: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    overdue: bool = False
    due_before: date | None = None
    due_after: date | None = None

    def to_json(self) -> JsonDict:
        return {
            "status": sorted(self.statuses, key=lambda s: STATUS_ORDER[Status(s)])
            if self.statuses
            else None,
            "kind": sorted(self.kinds) if self.kinds else None,
            "overdue": self.overdue,
            "due_before": iso(self.due_before),
            "due_after": iso(self.due_after),
        }

    def accepts(self, milestone: Milestone, as_of: date) -> bool:
        if self.statuses is not None and str(milestone.status) not in self.statuses:
            return False
        if self.kinds is not None and str(milestone.kind) not in self.kinds:
            return False
        if self.overdue and not is_overdue(milestone, as_of):
            return False
        if self.due_before is None and self.due_after is None:
            return True
        if milestone.window is None:
            return False
        due = milestone.window.end
        if self.due_before is not None and due > self.due_before:
            return False
        return self.due_after is None or due >= self.due_after


def milestone_filters(
    statuses: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    overdue: bool = False,
    due_before: date | None = None,
    due_after: date | None = None,
) -> MilestoneFilters:
    """Filters from command-line values (comma-separated or repeated; any case)."""
    return MilestoneFilters(
        statuses=_choices(statuses, [str(s) for s in Status], "status"),
        kinds=_choices(kinds, [str(k) for k in MilestoneKind], "kind"),
        overdue=overdue,
        due_before=due_before,
        due_after=due_after,
    )


def list_milestones(
    plan: Plan,
    as_of: date,
    scope: Scope | None = None,
    filters: MilestoneFilters | None = None,
    sort: str = "plan",
    reverse: bool = False,
) -> list[MilestoneRow]:
    """Every milestone in scope that passes `filters`, sorted by `sort`."""
    index = PlanIndex(plan)
    scope = scope or Scope()
    filters = filters or MilestoneFilters()
    if sort.strip().lower() not in MILESTONE_SORTS:
        _sorted([], sort, MILESTONE_SORTS, reverse)  # raises with a hint before any work
    rows = [
        MilestoneRow(
            ref=MilestoneRef.of(item, as_of),
            phase=str(item.milestone.phase),
            countries=index.milestone_countries(item.ppc, item.milestone),
            lead=item.milestone.lead,
            depends_on=list(item.milestone.depends_on),
            order=item.order,
        )
        for item in index.located()
        if scope.includes_milestone(index, item.ppc, item.milestone)
        and filters.accepts(item.milestone, as_of)
    ]
    return _sorted(rows, sort, MILESTONE_SORTS, reverse)


def list_indicators(
    plan: Plan, as_of: date, scope: Scope | None = None, sort: str = "plan", reverse: bool = False
) -> list[IndicatorRow]:
    """Every indicator of the PPCs in scope, with its latest value, sorted by `sort`."""
    rows = indicator_rows(PlanIndex(plan), scope or Scope(), as_of)
    return _sorted(rows, sort, INDICATOR_SORTS, reverse)


@dataclass(frozen=True, slots=True)
class Listing:
    """What `commit list` shows: the rows, and the filters and order that chose them."""

    what: str  # "milestones" or "indicators"
    as_of: date
    filters: JsonDict
    sort: str
    reverse: bool
    rows: Sequence[MilestoneRow | IndicatorRow]

    def to_json(self) -> JsonDict:
        return {
            "as_of": self.as_of.isoformat(),
            "filters": self.filters,
            "sort": self.sort.strip().lower(),
            "reverse": self.reverse,
            "count": len(self.rows),
            self.what: [row.to_json() for row in self.rows],
        }


def build_listing(
    plan: Plan,
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
    sort: str = "plan",
    reverse: bool = False,
) -> Listing:
    """What `commit list milestones|indicators` shows. Filters are checked before any work:
    unknown values raise UsageError (or NotFound for ids the plan lacks), and milestone
    filters on indicators are refused."""
    if what not in ("milestones", "indicators"):
        raise UsageError(f"cannot list '{what}'; use milestones or indicators")
    if what == "indicators":
        milestone_only = (
            ("--status", statuses),
            ("--kind", kinds),
            ("--overdue", overdue),
            ("--due-before", due_before),
            ("--due-after", due_after),
        )
        used = [name for name, value in milestone_only if value]
        if used:
            raise UsageError(f"{', '.join(used)}: only for `commit list milestones`")
    filters = milestone_filters(statuses, kinds, overdue, due_before, due_after)
    scope = resolve_scope(plan, ppc, area, country)
    if what == "milestones":
        rows = list_milestones(plan, as_of, scope, filters, sort, reverse)
        return Listing(
            "milestones", as_of, {**scope.to_json(), **filters.to_json()}, sort, reverse, rows
        )
    indicators = list_indicators(plan, as_of, scope, sort, reverse)
    return Listing("indicators", as_of, scope.to_json(), sort, reverse, indicators)
