"""Gantt charts of a report: planned windows and actual dates as positions from 0 to 1."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from commit_cli.core.periods import ReportingCalendar, Span
from commit_cli.core.record import iso
from commit_cli.core.vocabulary import Status
from commit_cli.query.index import Located
from commit_cli.reports.context.facts import Facts
from commit_cli.reports.context.pieces import JsonDict

LABEL_WIDTH = 46  # characters of a milestone's title beside its bar


def short_labels(titles: Sequence[str], width: int = LABEL_WIDTH) -> list[str]:
    """Each title cut to `width` characters, and never to the same label as a different
    title: where two cut labels would be the same, each keeps the end that tells it apart
    (the country, the series number) after an ellipsis."""
    cut = [t if len(t) <= width else t[: width - 1].rstrip() + "…" for t in titles]
    groups: dict[str, set[str]] = {}
    for title, label in zip(titles, cut, strict=True):
        groups.setdefault(label, set()).add(title)
    found = []
    for title, label in zip(titles, cut, strict=True):
        rivals = groups[label] - {title}
        if not rivals:
            found.append(label)
            continue
        words = title.split()
        tail = ""
        for count in range(1, len(words) + 1):
            tail = " ".join(words[-count:])
            if not any(rival.endswith(tail) for rival in rivals):
                break
        head_room = width - len(tail) - 1
        if head_room < 8:  # the distinguishing end is most of the label: keep it whole
            found.append("…" + tail[-(width - 1) :])
        else:
            found.append(title[:head_room].rstrip() + "…" + tail)
    return found


def _position(day: date, span: Span) -> float:
    return round((min(max(day, span.start), span.end) - span.start).days / span.days, 4)


def _bar(kind: str, start: date, end: date, span: Span) -> JsonDict | None:
    if end < span.start or start > span.end:
        return None
    first, last = max(start, span.start), min(end, span.end)
    x = _position(first, span)
    width = round(max(((last - first).days + 1) / span.days, 0.004), 4)
    return {
        "kind": kind,
        "planned": kind == "planned",
        "start": iso(first),
        "end": iso(last),
        "x": x,
        "width": width,
    }


def gantt(facts: Facts, items: Sequence[Located], span: Span, columns: Sequence[Span]) -> JsonDict:
    """A chart of `items` over `span`: per row the planned window and, when recorded, the
    actual dates (in progress: to the as-of day), as positions from 0 to 1. Rows are grouped
    in one section per PPC, in the order given, and never cut: a long chart is drawn PPC by
    PPC. Each row has a short label (`short_labels`) no other row shares."""
    labels = short_labels([item.milestone.title for item in items])
    sections: dict[str, JsonDict] = {}
    for item, label in zip(items, labels, strict=True):
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
        section = sections.get(item.ppc.id)
        if section is None:
            section = sections[item.ppc.id] = {
                "ppc": item.ppc.id,
                "label": item.ppc.label,
                "short_title": item.ppc.short_title,
                "rows": [],
            }
        section["rows"].append(
            {
                "id": milestone.id,
                "ppc": item.ppc.id,
                "ppc_label": item.ppc.label,
                "title": milestone.title,
                "short_label": label,
                "status": ref.status,
                "done": ref.status == Status.done,
                "in_progress": ref.status == Status.in_progress,
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
        "sections": list(sections.values()),
        "count": len(items),
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
