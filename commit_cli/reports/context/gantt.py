"""Gantt charts of a report: planned windows and actual dates as positions from 0 to 1."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from commit_cli.core.periods import ReportingCalendar, Span
from commit_cli.core.record import iso
from commit_cli.query.index import Located
from commit_cli.reports.context.facts import Facts
from commit_cli.reports.context.pieces import JsonDict

GANTT_ROWS = 60  # a chart taller than this is cut; the rest are in the lists and the annex


def _position(day: date, span: Span) -> float:
    return round((min(max(day, span.start), span.end) - span.start).days / span.days, 4)


def _bar(kind: str, start: date, end: date, span: Span) -> JsonDict | None:
    if end < span.start or start > span.end:
        return None
    first, last = max(start, span.start), min(end, span.end)
    x = _position(first, span)
    width = round(max(((last - first).days + 1) / span.days, 0.004), 4)
    return {"kind": kind, "start": iso(first), "end": iso(last), "x": x, "width": width}


def gantt(facts: Facts, items: Sequence[Located], span: Span, columns: Sequence[Span]) -> JsonDict:
    """A chart of `items` over `span`: per row the planned window and, when recorded, the
    actual dates (in progress: to the as-of day), as positions from 0 to 1."""
    rows = []
    for item in items[:GANTT_ROWS]:
        milestone, ref = item.milestone, facts.refs[item.milestone.id]
        bars = []
        if ref.window is not None:
            bars.append(_bar("planned", ref.window.start, ref.window.end, span))
        actual = milestone.actual
        if actual is not None and (actual.start or actual.end):
            start = actual.start or actual.end
            end = actual.end or max(facts.as_of, start or facts.as_of)
            assert start is not None
            bars.append(_bar("actual", start, end, span))
        rows.append(
            {
                "id": milestone.id,
                "ppc": item.ppc.id,
                "ppc_label": item.ppc.label,
                "title": milestone.title,
                "status": ref.status,
                "overdue": ref.overdue,
                "bars": [bar for bar in bars if bar is not None],
            }
        )
    return {
        "start": iso(span.start),
        "end": iso(span.end),
        "columns": [
            {"label": _column_label(column), "x": _position(column.start, span)}
            for column in columns
        ],
        "today": _position(facts.as_of, span) if span.contains(facts.as_of) else None,
        "rows": rows,
        "more": max(0, len(items) - GANTT_ROWS),
    }


def _column_label(column: Span) -> str:
    if column.start.month == 1 and column.end.month == 12:
        return str(column.start.year)
    if (column.end.month - column.start.month) == 5:
        return f"{column.start.year}-H{1 if column.start.month <= 6 else 2}"
    return column.start.strftime("%Y-%m")


def months(span: Span) -> list[Span]:
    """The calendar months of a span (the columns of a period's chart)."""
    calendar = ReportingCalendar(span, 1)
    return [period.span for period in calendar.periods]
