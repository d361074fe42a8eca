"""What a task force's workbook holds, declared once for the writer and the reader: its
sheets, their columns, which cells may be changed, and the value each editable cell takes
from the plan.

The same functions give a cell's value at export time and its value in the plan now, so a
cell changed in the workbook is a conflict exactly when the plan's value for it has moved
since (`sheets.changes`). Values are plain: text, whole or decimal numbers, dates, or None
for an empty cell; a status is its reader label (`in progress`), as the drop-down shows it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from commit_cli.core.model import PPC, Indicator, Milestone, Plan
from commit_cli.core.periods import ReportingPeriod, Span
from commit_cli.core.vocabulary import Status
from commit_cli.query.index import PlanIndex
from commit_cli.query.scope import Scope
from commit_cli.wording import labels
from commit_cli.wording import period as period_words

Value = str | int | float | date | None

FORMAT = "commit-sheet 1"  # what the hidden sheet's first cell says; a reader refuses others
META_SHEET = "commit"  # the hidden, protected sheet recording what the workbook was made from
README_SHEET = "Read me"
MILESTONES = "Milestones"
INDICATORS = "Indicators"
UPDATES = "Updates"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its heading, the field an editable cell holds (None for a
    locked one), what its cells hold (text, date, whole, number, status, lines), and its
    width in characters."""

    heading: str
    field: str | None
    holds: str = "text"
    width: int = 14


MILESTONE_COLUMNS: tuple[Column, ...] = (
    Column("Milestone id", None, width=30),
    Column("PPC", None, width=8),
    Column("Title", None, width=48),
    Column("Planned window", None, width=18),
    Column("Status", "status", "status", 13),
    Column("Actual start", "start", "date", 13),
    Column("Actual end", "end", "date", 13),
    Column("Attended (total)", "attended", "whole", 10),
    Column("Women", "women", "whole", 8),
    Column("Men", "men", "whole", 8),
    Column("Outcome", "outcome", "text", 40),
    Column("Report link", "report", "text", 30),
    Column("New window (if postponed)", "postpone_to", "text", 16),
    Column("New note (the reason, if postponed or cancelled)", "note", "text", 48),
)
INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("Indicator id", None, width=30),
    Column("PPC", None, width=8),
    Column("Title", None, width=48),
    Column("Unit", None, width=14),
    Column("Rule", None, width=12),
    Column("Period", None, width=10),
    Column("Value", "value", "number", 10),
)
UPDATE_COLUMNS: tuple[Column, ...] = (
    Column("PPC", None, width=8),
    Column("Title", None, width=40),
    Column("Period", None, width=10),
    Column("Progress", "progress", "text", 60),
    Column("Obstacles (one per line)", "obstacles", "lines", 48),
    Column("Next steps (one per line)", "next_steps", "lines", 48),
)
# The status of each reader label (the drop-down's choices), and back.
STATUS_OF_LABEL = {words: status for status, words in labels.STATUS.items()}
STATUS_LABELS = [labels.STATUS[status] for status in Status]


def country_column(country: str) -> Column:
    return Column(f"Value for {country}", "country_value", "number", 12)


def indicator_columns(country: str | None) -> tuple[Column, ...]:
    return INDICATOR_COLUMNS + ((country_column(country),) if country else ())


@dataclass(frozen=True)
class Row:
    """One row of a data sheet: the object it is about (kind and id), its locked cells and
    the editable ones by field (None: the cell is locked for this row, e.g. a value the plan
    counts from milestones)."""

    kind: str  # milestone, indicator or ppc
    ident: str
    shown: tuple[Value, ...]
    editable: dict[str, Value]
    locked_fields: frozenset[str] = frozenset()


def plain_number(value: float | int) -> int | float:
    """12.0 as 12: a spreadsheet keeps every number as a decimal."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def cell_value(value: Any) -> Value:
    """A cell's value as the workbook compares it: a date without a time (a spreadsheet's
    dates are date-times at midnight), a whole number without `.0`, text without spaces
    around it, an empty text as no value."""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return plain_number(value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, date) or value is None:
        return value
    return str(value)


def milestone_values(milestone: Milestone) -> dict[str, Value]:
    actual = milestone.actual
    attended = milestone.attended
    return {
        "status": labels.STATUS[milestone.status],
        "start": actual.start if actual else None,
        "end": actual.end if actual else None,
        "attended": attended.total if attended else None,
        "women": attended.women if attended else None,
        "men": attended.men if attended else None,
        "outcome": cell_value(milestone.outcome),
        "report": cell_value(milestone.report),
        "postpone_to": None,
        "note": None,
    }


def counted(indicator: Indicator) -> bool:
    """Whether the plan computes the indicator's values from milestones (not typed)."""
    return indicator.counts is not None


def indicator_values(
    indicator: Indicator, period: ReportingPeriod, country: str | None
) -> tuple[dict[str, Value], frozenset[str]]:
    """The indicator's editable cells for `period` (and `country`'s part), and the fields
    locked for it: every one when it is counted from milestones, the total when the period
    holds values by country, a country's part when it holds one total."""
    current = indicator.values.get(period.label)
    values: dict[str, Value] = {"value": None}
    locked: set[str] = set()
    if isinstance(current, dict):
        locked.add("value")
        values["value"] = plain_number(sum(current.values()))
    elif current is not None:
        values["value"] = plain_number(current)
    if country is not None:
        values["country_value"] = None
        if isinstance(current, dict):
            part = current.get(country)
            values["country_value"] = None if part is None else plain_number(part)
        elif current is not None:
            locked.add("country_value")
    if counted(indicator):
        locked.update(values)
    return values, frozenset(locked)


def update_values(ppc: PPC, period: ReportingPeriod) -> dict[str, Value]:
    entry = ppc.updates.get(period.label) if isinstance(ppc.updates, dict) else None
    if entry is None:
        return {"progress": None, "obstacles": None, "next_steps": None}
    return {
        "progress": cell_value(entry.progress),
        "obstacles": cell_value("\n".join(entry.obstacles)),
        "next_steps": cell_value("\n".join(entry.next_steps)),
    }


def _relevant(milestone: Milestone, span: Span | None) -> bool:
    """Whether a milestone is one to report on for the period: planned in it, held in it,
    or still open after a window that began before it ended."""
    if span is None or milestone.window is None:
        return True
    window = Span(milestone.window.start, milestone.window.end)
    if window.overlaps(span):
        return True
    actual = milestone.actual
    for day in (actual.start, actual.end) if actual else ():
        if day is not None and span.contains(day):
            return True
    return milestone.status in (Status.planned, Status.in_progress) and window.start <= span.end


@dataclass(frozen=True)
class Selection:
    """What a workbook is for: the country (None: every country), the PPCs (empty: every
    one), the reporting period of its indicator values and updates, whether milestones
    are narrowed to those to report on in that period, and whether it holds only what is
    still owed for the period."""

    country: str | None
    ppcs: tuple[str, ...]
    period: ReportingPeriod
    narrow_to_period: bool
    missing_only: bool = False  # only the rows still owed for the period (`sheets.owed`)


def ppcs_in(plan: Plan, index: PlanIndex, selection: Selection) -> Iterator[PPC]:
    scope = Scope(country=selection.country)
    for ppc in plan.ppcs:
        if selection.ppcs and ppc.id not in selection.ppcs:
            continue
        if scope.includes_ppc(index, ppc):
            yield ppc


def milestone_row(ppc: PPC, milestone: Milestone) -> Row:
    window = period_words(milestone.window) if milestone.window else None
    shown = (milestone.id, ppc.id, milestone.title, window)
    return Row("milestone", milestone.id, shown, milestone_values(milestone))


def milestone_rows(plan: Plan, index: PlanIndex, selection: Selection) -> Iterator[Row]:
    scope = Scope(country=selection.country)
    span = selection.period.span if selection.narrow_to_period else None
    for ppc in ppcs_in(plan, index, selection):
        for milestone in ppc.milestones:
            if not scope.includes_milestone(index, ppc, milestone):
                continue
            if not _relevant(milestone, span):
                continue
            yield milestone_row(ppc, milestone)


def indicator_row(ppc: PPC, indicator: Indicator, selection: Selection) -> Row:
    values, locked = indicator_values(indicator, selection.period, selection.country)
    rule = (
        "counted from milestones"
        if counted(indicator)
        else labels.RULE[indicator.combine]
        if indicator.combine
        else None
    )
    shown = (indicator.id, ppc.id, indicator.title, indicator.unit, rule, selection.period.label)
    return Row("indicator", indicator.id, shown, values, locked)


def indicator_rows(plan: Plan, index: PlanIndex, selection: Selection) -> Iterator[Row]:
    for ppc in ppcs_in(plan, index, selection):
        for indicator in ppc.indicators:
            yield indicator_row(ppc, indicator, selection)


def update_row(ppc: PPC, selection: Selection) -> Row:
    shown = (ppc.id, ppc.short_title or ppc.title, selection.period.label)
    return Row("ppc", ppc.id, shown, update_values(ppc, selection.period))


def update_rows(plan: Plan, index: PlanIndex, selection: Selection) -> Iterator[Row]:
    for ppc in ppcs_in(plan, index, selection):
        yield update_row(ppc, selection)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    rows: list[Row]


def sheets(plan: Plan, index: PlanIndex, selection: Selection) -> list[Sheet]:
    """The data sheets of the workbook for `selection`, in order."""
    return [
        Sheet(MILESTONES, MILESTONE_COLUMNS, list(milestone_rows(plan, index, selection))),
        Sheet(
            INDICATORS,
            indicator_columns(selection.country),
            list(indicator_rows(plan, index, selection)),
        ),
        Sheet(UPDATES, UPDATE_COLUMNS, list(update_rows(plan, index, selection))),
    ]


class PlanValues:
    """The value each editable cell takes from a plan (the plan now, at apply time), looked
    up by object: built once, so comparing every cell of a large workbook stays linear."""

    def __init__(self, plan: Plan, selection: Selection) -> None:
        self.selection = selection
        self.ppcs = {ppc.id: ppc for ppc in plan.ppcs}
        self.milestones = {m.id: m for ppc in plan.ppcs for m in ppc.milestones}
        self.indicators = {i.id: i for ppc in plan.ppcs for i in ppc.indicators}
        self.owner = {  # (kind, id) → the PPC holding it
            **{("milestone", m.id): ppc.id for ppc in plan.ppcs for m in ppc.milestones},
            **{("indicator", i.id): ppc.id for ppc in plan.ppcs for i in ppc.indicators},
        }

    def get(self, kind: str, ident: str, field: str) -> tuple[bool, Value]:
        """(found, value): not found when the object is no longer in the plan."""
        if kind == "ppc" and ident in self.ppcs:
            return True, update_values(self.ppcs[ident], self.selection.period).get(field)
        if kind == "milestone" and ident in self.milestones:
            return True, milestone_values(self.milestones[ident]).get(field)
        if kind == "indicator" and ident in self.indicators:
            values, _ = indicator_values(
                self.indicators[ident], self.selection.period, self.selection.country
            )
            return True, values.get(field)
        return False, None

    def has_note(self, ident: str, text: str) -> bool:
        """Whether the milestone's log already holds a note saying `text`."""
        milestone = self.milestones.get(ident)
        return milestone is not None and any(entry.text == text for entry in milestone.log)


def editable_columns(columns: Sequence[Column]) -> dict[str, int]:
    """The 1-based column number of each editable field."""
    return {column.field: i for i, column in enumerate(columns, 1) if column.field}
