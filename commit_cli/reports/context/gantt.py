"""Gantt charts of a report: planned windows and actual dates as positions from 0 to 1."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date

from commit_cli.core.periods import ReportingCalendar, Span
from commit_cli.core.record import iso
from commit_cli.core.vocabulary import Status
from commit_cli.query.index import Located
from commit_cli.reports.context.facts import Facts
from commit_cli.reports.context.pieces import JsonDict

LABEL_WIDTH = 46  # characters of a milestone's title beside its bar

# The HTML chart's drawing (`_macros.html.j2`'s `gantt`), in its SVG's own units: a chart
# 1000 wide, the labels in the first 400, the bars in the next 590, rows 22 high below a
# scale 26 high.
SVG_LABEL_WIDTH = 400
SVG_PLOT = 1000 - SVG_LABEL_WIDTH - 10
SVG_ROW_HEIGHT = 22
SVG_TOP = 26


def short_labels(titles: Sequence[str], width: int = LABEL_WIDTH) -> list[str]:
    """Each title cut to `width` characters, and never to the same label as a different
    title: where two cut labels would be the same, each keeps the end that tells it apart
    (the country, the series number) after an ellipsis."""
    cut = [t if len(t) <= width else t[: width - 1].rstrip() + "…" for t in titles]
    groups: dict[str, set[str]] = {}
    for title, label in zip(titles, cut, strict=True):
        groups.setdefault(label, set()).add(title)
    endings = {label: _Endings(group) for label, group in groups.items() if len(group) > 1}
    found = []
    for title, label in zip(titles, cut, strict=True):
        rivals = endings.get(label)
        if rivals is None:
            found.append(label)
            continue
        words = title.split()
        tail = ""
        for count in range(1, len(words) + 1):
            tail = " ".join(words[-count:])
            if not rivals.other_ends_with(title, tail):
                break
        head_room = width - len(tail) - 1
        if head_room < 8:  # the distinguishing end is most of the label: keep it whole
            found.append("…" + tail[-(width - 1) :])
        else:
            found.append(title[:head_room].rstrip() + "…" + tail)
    return found


class _Endings:
    """The titles cut to the same label, for asking whether any but one ends with a text:
    their reversals sorted, so the titles ending with a text are one run of them, found by
    bisection (asking each title in turn was quadratic: 17 s of a 100k summary's context,
    where thousands of titles share their first 46 characters)."""

    def __init__(self, titles: set[str]) -> None:
        self.reversed = sorted(title[::-1] for title in titles)

    def other_ends_with(self, title: str, tail: str) -> bool:
        """Whether a title of the group other than `title` (one of them) ends with `tail`."""
        start = tail[::-1]
        first = bisect_left(self.reversed, start)
        past = bisect_right(self.reversed, start, lo=first, key=lambda text: text[: len(start)])
        return past - first > (1 if title.endswith(tail) else 0)


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
    today = _position(facts.as_of, span) if span.contains(facts.as_of) else None
    return {
        "start": iso(span.start),
        "end": iso(span.end),
        "columns": [
            _column(_column_label(column), _position(column.start, span)) for column in columns
        ],
        "today": today,
        "svg_today_x": None if today is None else _svg_x(today),
        "sections": [_laid_out(section) for section in sections.values()],
        "count": len(items),
    }


def _svg_x(x: float) -> float:
    """Where a position from 0 to 1 falls on the HTML chart, to a tenth of a unit."""
    return round(SVG_LABEL_WIDTH + x * SVG_PLOT, 1)


def _column(label: str, x: float) -> JsonDict:
    at = SVG_LABEL_WIDTH + x * SVG_PLOT
    return {"label": label, "x": x, "svg_x": round(at, 1), "svg_text_x": round(at + 3, 1)}


def _laid_out(section: JsonDict) -> JsonDict:
    """The section with where the HTML chart draws each row and bar, worked out here once
    rather than by the template (arithmetic in the sandbox is checked and counted, step by
    step: it was a third of rendering a 10k summary in HTML)."""
    section["svg_height"] = SVG_TOP + len(section["rows"]) * SVG_ROW_HEIGHT + 6
    for number, row in enumerate(section["rows"]):
        y = SVG_TOP + number * SVG_ROW_HEIGHT
        row["svg_text_y"] = y + 15
        for bar in row["bars"]:
            bar["svg_x"] = _svg_x(bar["x"])
            if bar["planned"]:
                bar["svg_y"], bar["svg_width"] = y + 4, round(bar["width"] * SVG_PLOT, 1)
            else:  # an actual bar is at least 3 wide: a day's event stays visible
                bar["svg_y"], bar["svg_width"] = y + 7, round(max(bar["width"] * SVG_PLOT, 3), 1)
    return section


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
