"""`commit timeline`: one line per milestone, grouped by PPC, a bar across the columns of
the chart; rich text on a terminal, plain lines otherwise."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from commit_cli import wording
from commit_cli.cli.views.cells import OVERDUE_STYLE, STATUS_STYLES, status_text
from commit_cli.cli.wrapping import cells
from commit_cli.core.vocabulary import Status
from commit_cli.query.timeline import NO_WINDOW, Cell
from commit_cli.safetext import flat

if TYPE_CHECKING:
    from commit_cli.query.timeline import ChartGeometry, ChartRow, Timeline

TIMELINE_CHARS: dict[str, str] = {
    Status.done: "█",
    Status.in_progress: "▓",
    Status.planned: "░",
    Status.postponed: "▒",
    Status.cancelled: "╌",
}
PLANNED_WINDOW_CHAR = "─"  # the planned window, beside work drawn at its actual dates
GRANULARITY_WORDS = {"half": "half-year", "quarter": "quarter", "month": "month"}


def timeline_parts(timeline: Timeline, chart: ChartGeometry) -> list[RenderableType]:
    """One line per milestone, grouped by PPC: id, a bar across the columns, status."""
    pad = " " * (2 + chart.label_width + 1)
    parts: list[RenderableType] = []
    bars: dict[tuple[int, str], str] = {}  # shared by the groups' rows
    title = Text("Timeline", style="bold")
    title.append(f" by {GRANULARITY_WORDS.get(timeline.by, timeline.by)}")
    if timeline.schedule_is_draft:
        title.append(" (draft schedule)", style="yellow")
    parts.append(title)
    parts.append(Text(pad + chart.year_row, style="bold"))
    parts.append(Text(pad + chart.label_row, style="bold"))
    if chart.marker is not None:
        parts.append(Text(pad + " " * chart.marker + "▼", style=OVERDUE_STYLE))
    for chart_group in chart.groups:
        group = chart_group.group
        heading = Text(f"{group.ppc}", style="bold")
        heading.append(f" · {group.label} · {group.short_title}")
        parts.append(heading)
        parts.append(ChartRows(chart_group.rows, chart.label_width, bars))
    if not chart.groups:
        parts.append(Text("No milestone matches the filters.", style="dim"))
    if chart.marker is not None:
        where = Text(f"▼ │ ┃ as of {wording.day(timeline.as_of)}", style="dim")
    else:
        side = "before" if timeline.as_of < timeline.span.start else "after"
        where = Text(f"as of {wording.day(timeline.as_of)} ({side} the plan period)", style="dim")
    symbols = " · ".join(f"{ch} {wording.status(name)}" for name, ch in TIMELINE_CHARS.items())
    symbols += f" · {PLANNED_WINDOW_CHAR} planned window (work drawn at its actual dates)"
    parts.extend([Text(), where, Text(symbols, style="dim")])
    return parts


CHART_LOOKS = {
    Cell.bar_at_marker: ("┃", None),  # None: the bar's own style
    Cell.marker: ("│", OVERDUE_STYLE),
    Cell.planned: (PLANNED_WINDOW_CHAR, "dim"),
    Cell.grid: ("·", "dim"),
    Cell.blank: (" ", ""),
}


class ChartRows:
    """A PPC's rows of the chart: rich text on a terminal, plain lines (`plain_lines`)
    otherwise. Rows of one shape and status have the same bar, drawn once into `bars`."""

    def __init__(
        self, rows: Sequence[ChartRow], label_width: int, bars: dict[tuple[int, str], str]
    ) -> None:
        self.rows = rows
        self.label_width = label_width
        self.bars = bars

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for row in self.rows:
            yield _timeline_row(row, self.label_width)

    def plain_lines(self, width: int) -> Iterator[str]:
        bars = self.bars
        for row in self.rows:
            ref = row.ref
            key = (row.shape, ref.status)
            if key not in bars:
                bars[key] = "".join(character for character, _ in _looks(row))
            label = flat(row.label)
            label += " " * (self.label_width - cells(label))
            status = ref.status_label if ref.window is not None else NO_WINDOW
            yield f"  {label} {bars[key]} {status}".rstrip(" ")


def _looks(row: ChartRow) -> Iterator[tuple[str, str]]:
    """Each cell of a chart row as a character and a style."""
    ref = row.ref
    fill = TIMELINE_CHARS.get(ref.status, "█")
    bar_style = OVERDUE_STYLE if ref.overdue else STATUS_STYLES.get(ref.status, "")
    for cell in row.cells:
        if cell is Cell.bar:
            yield fill, bar_style
        else:
            character, style = CHART_LOOKS[cell]
            yield character, bar_style if style is None else style


def _timeline_row(row: ChartRow, label_width: int) -> Text:
    ref = row.ref
    line = Text("  ")
    line.append(row.label.ljust(label_width) + " ")
    runs: list[tuple[str, str]] = []  # (characters, style), merged as they come
    for character, style in _looks(row):
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + character, style)
        else:
            runs.append((character, style))
    for characters, style in runs:
        line.append(characters, style=style)
    line.append(" ")
    line.append(status_text(ref) if ref.window is not None else Text(NO_WINDOW))
    line.no_wrap = True
    line.overflow = "ignore"  # ids and statuses are never cut; a long line is left long
    return line
