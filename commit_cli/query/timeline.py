"""The plan's schedule as columns of reporting periods, milestones in dependency order, and
the geometry of its chart (rows, bars, scale) that the terminal view and reports share."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from commit_cli.core.asof import milestone_on
from commit_cli.core.model import Plan
from commit_cli.core.periods import (
    ReportingCalendar,
    ReportingPeriod,
    Span,
    span_of,
)
from commit_cli.errors import UsageError
from commit_cli.query.index import Located, PlanIndex
from commit_cli.query.json_values import JsonDict, window_json
from commit_cli.query.rows import MilestoneRef
from commit_cli.query.scope import Scope

GRANULARITY_MONTHS = {"half": 6, "quarter": 3, "month": 1}


def dependency_order(items: Sequence[Located], as_of: date | None = None) -> list[Located]:
    """`items` ordered so that each comes after those it depends on (among `items`); ties go
    to the earlier start of the window in force on `as_of` (the planned one when None), then
    to file order. Cycles (which validation rejects) fall back to that same order rather
    than failing."""
    by_id = {item.milestone.id: item for item in items}
    waiting: dict[str, int] = {}
    after: dict[str, list[str]] = {}
    for item in items:
        inside = [d for d in dict.fromkeys(item.milestone.depends_on) if d in by_id]
        waiting[item.milestone.id] = len(inside)
        for dependency in inside:
            after.setdefault(dependency, []).append(item.milestone.id)

    def key(item: Located) -> tuple[date, int]:
        milestone = item.milestone
        window = milestone.window if as_of is None else milestone_on(milestone, as_of).window
        return (window.start if window is not None else date.max, item.order)

    ready = [(key(item), item.milestone.id) for item in items if not waiting[item.milestone.id]]
    heapq.heapify(ready)
    ordered: list[Located] = []
    while ready:
        _, ident = heapq.heappop(ready)
        ordered.append(by_id[ident])
        for follower in after.get(ident, []):
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, (key(by_id[follower]), follower))
    if len(ordered) < len(items):
        placed = {item.milestone.id for item in ordered}
        ordered.extend(sorted((i for i in items if i.milestone.id not in placed), key=key))
    return ordered


@dataclass(frozen=True, slots=True)
class TimelineGroup:
    ppc: str
    label: str
    short_title: str
    milestones: list[MilestoneRef]

    def to_json(self) -> JsonDict:
        return {
            "ppc": self.ppc,
            "label": self.label,
            "short_title": self.short_title,
            "milestones": [m.to_json() for m in self.milestones],
        }


@dataclass(frozen=True, slots=True)
class Timeline:
    """The plan's schedule: columns of one granularity and milestones grouped by PPC."""

    span: Span
    as_of: date
    by: str
    columns: list[ReportingPeriod]
    groups: list[TimelineGroup]
    schedule_is_draft: bool

    def to_json(self) -> JsonDict:
        return {
            "as_of": self.as_of.isoformat(),
            "period": window_json(self.span),
            "by": self.by,
            "columns": [
                {"label": c.label, "start": c.start.isoformat(), "end": c.end.isoformat()}
                for c in self.columns
            ],
            "schedule_is_draft": self.schedule_is_draft,
            "ppcs": [group.to_json() for group in self.groups],
        }


def timeline(
    plan: Plan | PlanIndex, as_of: date, scope: Scope | None = None, by: str = "half"
) -> Timeline:
    """The schedule of every milestone in scope, grouped by PPC in plan order, each group in
    dependency order."""
    months = GRANULARITY_MONTHS.get(by)
    if months is None:
        raise UsageError(f"unknown granularity '{by}'; use {', '.join(GRANULARITY_MONTHS)}")
    index = PlanIndex.of(plan)
    plan = index.plan
    scope = scope or Scope()
    span = span_of(plan.period)
    included = {ppc.id for ppc in plan.ppcs if scope.includes_ppc(index, ppc)}
    groups: dict[str, list[Located]] = {}
    for item in index.located():
        if item.ppc.id in included and scope.includes_milestone(index, item.ppc, item.milestone):
            groups.setdefault(item.ppc.id, []).append(item)
    return Timeline(
        span=span,
        as_of=as_of,
        by=by,
        columns=ReportingCalendar(span, months).periods,
        groups=[
            TimelineGroup(
                ppc=ppc.id,
                label=ppc.label,
                short_title=ppc.short_title,
                milestones=[
                    MilestoneRef.of(i, as_of) for i in dependency_order(groups[ppc.id], as_of)
                ],
            )
            for ppc in plan.ppcs
            if ppc.id in groups
        ],
        schedule_is_draft=plan.schedule_is_draft,
    )


# --- chart geometry -----------------------------------------------------------------------

CELL_WIDTHS = {"half": 8, "quarter": 4, "month": 2}
NO_WINDOW = "(no window)"  # what a row without a window says instead of its status
MONTH_LETTERS = "JFMAMJJASOND"


class Cell(StrEnum):
    """What one character of a chart row stands for."""

    bar = "bar"  # the milestone's work: its actual dates when it has them, else its window
    bar_at_marker = "bar_at_marker"  # …and the as-of day falls here
    planned = "planned"  # its planned window, beside work drawn at its actual dates
    marker = "marker"  # the as-of day, outside the bar
    grid = "grid"  # where a column starts
    blank = "blank"


@dataclass(frozen=True, slots=True)
class ChartRow:
    ref: MilestoneRef
    label: str  # the id (never cut: the label column is as wide as the longest id)
    cells: tuple[Cell, ...]
    shape: int  # rows of one chart with the same shape have the same cells (drawn once)


@dataclass(frozen=True, slots=True)
class ChartGroup:
    group: TimelineGroup
    rows: list[ChartRow]


@dataclass(frozen=True, slots=True)
class ChartGeometry:
    """A timeline laid out in character cells: `cell` characters per column, each standing
    for the days in `spans`; `marker` is the cell holding the as-of day (None outside)."""

    cell: int
    label_width: int
    spans: list[Span]
    marker: int | None
    year_row: str
    label_row: str
    groups: list[ChartGroup]

    @property
    def chart_width(self) -> int:
        return len(self.spans)


def char_spans(columns: Sequence[Span], cell: int) -> list[Span]:
    """The days each character of the chart stands for: `cell` characters per column."""
    spans = []
    for column in columns:
        length = column.days
        for k in range(cell):
            first = column.start.toordinal() + k * length // cell
            last = column.start.toordinal() + (k + 1) * length // cell - 1
            if last < first:  # a column narrower in days than in characters
                last = first
            spans.append(Span(date.fromordinal(first), date.fromordinal(last)))
    return spans


def _scale_rows(timeline: Timeline, cell: int, chart_width: int) -> tuple[str, str]:
    """The years row and the column-labels row above the chart."""
    years = [" "] * chart_width
    labels = [" "] * chart_width
    last_year_end = -1
    for i, column in enumerate(timeline.columns):
        at = i * cell
        year = str(column.start.year)
        if (i == 0 or column.start.year != timeline.columns[i - 1].start.year) and (
            at > last_year_end
        ):
            for k, ch in enumerate(year[: chart_width - at]):
                years[at + k] = ch
            last_year_end = at + len(year)
        if timeline.by == "month":
            sub = MONTH_LETTERS[column.start.month - 1]
        else:
            sub = column.label.split("-")[-1]
        for k, ch in enumerate(sub[:cell]):
            labels[at + k] = ch
    return "".join(years), "".join(labels)


def status_text(ref: MilestoneRef) -> str:
    """What a chart row says after its bar."""
    return ref.status_label if ref.window is not None else NO_WINDOW


def chart_geometry(timeline: Timeline, width: int) -> ChartGeometry:
    """Lay `timeline` out in `width` characters: a label column (2 spaces of indent, the
    id), the chart, and room for the status. Ids are never cut: the chart's cells narrow to
    make room, down to one character a column, and a line longer than `width` is left so."""
    columns = [c.span for c in timeline.columns]
    refs = [ref for group in timeline.groups for ref in group.milestones]
    label_width = max(12, max((len(ref.id) for ref in refs), default=10))
    status_width = max((len(status_text(ref)) for ref in refs), default=0)
    cell = CELL_WIDTHS.get(timeline.by, 2)
    while cell > 1 and 2 + label_width + 1 + len(columns) * cell + 1 + status_width > width:
        cell -= 1
    chart_width = len(columns) * cell
    spans = char_spans(columns, cell)
    marker = next((i for i, s in enumerate(spans) if s.contains(timeline.as_of)), None)
    # A grid dot where each column starts; for months, where each quarter starts (each year
    # when a month is one character wide).
    grid_months = range(1, 13) if timeline.by != "month" else (1, 4, 7, 10) if cell > 1 else (1,)
    column_starts = {
        i * cell for i, column in enumerate(timeline.columns) if column.start.month in grid_months
    }

    base = [
        Cell.marker if i == marker else Cell.grid if i in column_starts else Cell.blank
        for i in range(chart_width)
    ]
    starts = [span.start for span in spans]
    ends = [span.end for span in spans]

    def reach(span: Span | None) -> tuple[int, int]:
        """The characters `span` overlaps, first and past the last: the characters' first
        and last days both only grow from left to right, so two bisections find them."""
        if span is None:
            return 0, 0
        first, past = bisect_left(ends, span.start), bisect_right(starts, span.end)
        return (first, past) if first < past else (0, 0)

    shapes: dict[tuple[int, int, int, int], tuple[int, tuple[Cell, ...]]] = {}

    def row(ref: MilestoneRef) -> ChartRow:
        work = ref.actual if ref.actual is not None else ref.window
        planned = reach(ref.window if ref.actual is not None else None)
        bar = reach(work)
        key = (*bar, *planned)
        if key not in shapes:
            shapes[key] = (len(shapes), draw(bar, planned))
        shape, cells = shapes[key]
        return ChartRow(ref, ref.id, cells, shape)

    def draw(bar: tuple[int, int], planned: tuple[int, int]) -> tuple[Cell, ...]:
        cells = list(base)
        cells[planned[0] : planned[1]] = [Cell.planned] * (planned[1] - planned[0])
        if marker is not None:
            cells[marker] = base[marker]
        cells[bar[0] : bar[1]] = [Cell.bar] * (bar[1] - bar[0])
        if marker is not None and bar[0] <= marker < bar[1]:
            cells[marker] = Cell.bar_at_marker
        return tuple(cells)

    year_row, label_row = _scale_rows(timeline, cell, chart_width)
    return ChartGeometry(
        cell=cell,
        label_width=label_width,
        spans=spans,
        marker=marker,
        year_row=year_row,
        label_row=label_row,
        groups=[
            ChartGroup(group, [row(ref) for ref in group.milestones]) for group in timeline.groups
        ],
    )
