"""The plan as spreadsheet tables: `milestones.csv`, `indicators.csv` and
`indicator_values.csv` (long form: indicator, period, country, value).

CSV is written as spreadsheets read it: UTF-8 with a byte-order mark (so Excel does not take
Khmer or Thai text for Latin-1), CRLF line ends, one header row. A cell that a spreadsheet
would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) is
prefixed with `'`, which spreadsheets show as text: plan text arrives in pull requests, and
must not run in the secretariat's spreadsheet. Numbers are written as numbers (a negative
value is a number, not a formula, and is left alone).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from commit_cli.core.indicators import MilestoneTables, figures, rule_of
from commit_cli.core.model import PPC, Indicator, Milestone, Plan
from commit_cli.core.periods import ReportingCalendar, span_of
from commit_cli.core.record import whole_number
from commit_cli.core.vocabulary import Status
from commit_cli.export.parts import Part, given

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

Cell = str | int | float | date | None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


def neutralised(cell: Cell) -> str:
    """A cell's text, with a leading `'` when a spreadsheet would take it for a formula."""
    if type(cell) is str:  # most cells: tested first (a table of 10,000 rows has 250,000)
        return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, int | float):
        return number_text(cell)
    text = cell.isoformat() if isinstance(cell, date) else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number_text(value: float) -> str:
    """A number as a spreadsheet reads it back, a machine format like JSON's: whole numbers
    without a point (6), others in full (2.5, 0.125), never rounded or grouped for reading
    (what people read is worded by `commit_cli.wording`)."""
    return str(whole_number(value))


def csv_text(table: Table) -> str:
    return BOM + csv_rows([table.header]) + csv_rows(table.rows)


def csv_rows(rows: Iterable[Sequence[Cell]]) -> str:
    """Rows as CSV lines (each line is written alone, so lines written apart join into the
    same text)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def table_parts(plan: Plan) -> list[tuple[str, list[Part]]]:
    """Each table's file name and its CSV bytes in parts (`export.parts`): the header,
    then each PPC's rows keyed by its id; `indicator_values.csv` is one part, as an
    indicator may count the milestones of other PPCs."""
    found: list[tuple[str, list[Part]]] = []
    for name, header, row in (
        ("milestones", MILESTONE_HEADER, _milestone_rows),
        ("indicators", INDICATOR_HEADER, _indicator_rows),
    ):
        start = _utf8(BOM + csv_rows([header]))
        parts: list[Part] = [(None, given(start))]
        parts += [(ppc.id, partial(_ppc_rows, row, ppc)) for ppc in plan.ppcs]
        found.append((f"{name}.csv", parts))
    values = Table("indicator_values", VALUE_HEADER, _values(plan))
    found.append((values.file_name, [(None, partial(_utf8, csv_text(values)))]))
    return found


def _ppc_rows(row: Callable[[PPC], list[tuple[Cell, ...]]], ppc: PPC) -> bytes:
    return _utf8(csv_rows(row(ppc)))


def _milestone_rows(ppc: PPC) -> list[tuple[Cell, ...]]:
    return [_milestone_row(ppc.id, m) for m in ppc.milestones]


def _indicator_rows(ppc: PPC) -> list[tuple[Cell, ...]]:
    return [_indicator_row(ppc.id, i) for i in ppc.indicators]


def _joined(items: Iterable[str]) -> str:
    return " ".join(items)


MILESTONE_HEADER = (
    "ppc", "id", "title", "kind", "phase", "status", "tentative", "window_start",
    "window_end", "actual_start", "actual_end", "countries", "lead", "partners",
    "depends_on", "series", "condition", "postponed_date", "postponed_reason",
    "cancelled_date", "cancelled_reason", "attended_total", "attended_women",
    "attended_men", "outcome", "report",
)  # fmt: skip


def _milestone_row(ppc_id: str, milestone: Milestone) -> tuple[Cell, ...]:
    window, actual = milestone.window, milestone.actual
    postponed, cancelled, attended = milestone.postponed, milestone.cancelled, milestone.attended
    return (
        ppc_id,
        milestone.id,
        milestone.title,
        str(milestone.kind),
        str(milestone.phase),
        str(milestone.status),
        milestone.status == Status.planned and milestone.condition is not None,
        window.start if window else None,
        window.end if window else None,
        actual.start if actual else None,
        actual.end if actual else None,
        _joined(milestone.countries),
        milestone.lead,
        _joined(milestone.partners),
        _joined(milestone.depends_on),
        milestone.series.name if milestone.series else None,
        milestone.condition,
        postponed.date if postponed else None,
        postponed.reason if postponed else None,
        cancelled.date if cancelled else None,
        cancelled.reason if cancelled else None,
        attended.total if attended else None,
        attended.women if attended else None,
        attended.men if attended else None,
        milestone.outcome,
        milestone.report,
    )


INDICATOR_HEADER = (
    "ppc", "id", "title", "unit", "expected_result", "combine", "computed", "baseline",
    "target", "target_max",
)  # fmt: skip


def _indicator_row(ppc_id: str, indicator: Indicator) -> tuple[Cell, ...]:
    return (
        ppc_id,
        indicator.id,
        indicator.title,
        indicator.unit,
        indicator.expected_result,
        str(rule_of(indicator)),
        indicator.counts is not None,
        indicator.baseline,
        indicator.target,
        indicator.target_max,
    )


VALUE_HEADER = ("ppc", "indicator", "period", "country", "value", "computed")


def _value_rows(
    ppc_id: str, indicator: Indicator, tables: MilestoneTables, calendar: ReportingCalendar
) -> Iterable[tuple[Cell, ...]]:
    """One row per period (and per country when typed so); values computed from milestones
    are included for every period of the plan, marked computed."""
    found = figures(indicator, tables, calendar, None)
    for reading in found.history:
        if reading.by_country:
            for country, value in reading.by_country.items():
                yield (ppc_id, indicator.id, reading.period.label, country, value, found.computed)
        else:
            yield (ppc_id, indicator.id, reading.period.label, None, reading.value, found.computed)


def plan_tables(plan: Plan) -> Sequence[Table]:
    """The three tables, rows in the plan's order."""
    milestones, indicators = [], []
    for ppc in plan.ppcs:
        milestones += _milestone_rows(ppc)
        indicators += _indicator_rows(ppc)
    return (
        Table("milestones", MILESTONE_HEADER, milestones),
        Table("indicators", INDICATOR_HEADER, indicators),
        Table("indicator_values", VALUE_HEADER, _values(plan)),
    )


def _values(plan: Plan) -> list[tuple[Cell, ...]]:
    calendar = ReportingCalendar(span_of(plan.period), plan.reporting.cadence_months)
    milestone_tables = MilestoneTables(plan)
    values: list[tuple[Cell, ...]] = []
    for ppc in plan.ppcs:
        for indicator in ppc.indicators:
            values += list(_value_rows(ppc.id, indicator, milestone_tables, calendar))
    return values
