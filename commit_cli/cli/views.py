"""Rich renderings of `status` results: the status screen, lists, details and the timeline.

CLI layer only: these functions turn the dataclasses of `commit_cli.query.status` into rich
renderables and compute nothing about the plan themselves. Styles only ever add colour;
every fact is also in the plain text, so piped output (which rich prints without escape
codes) says everything the terminal does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from commit_cli.cli.plain import cells
from commit_cli.cli.tables import Column, Fit, FitTable
from commit_cli.core.periods import Span, span_label
from commit_cli.query.timeline import NO_WINDOW, Cell
from commit_cli.safetext import flat

if TYPE_CHECKING:
    from commit_cli.query.describe import Details, Ref
    from commit_cli.query.listing import Listing, MilestoneRow
    from commit_cli.query.rows import IndicatorRow, MilestoneRef
    from commit_cli.query.status import PlanStatus, PPCRow
    from commit_cli.query.timeline import ChartGeometry, ChartRow, Timeline

T = TypeVar("T")

BAR_WIDTH = 10

STATUS_STYLES = {
    "done": "green",
    "in_progress": "yellow",
    "planned": "cyan",
    "postponed": "magenta",
    "cancelled": "dim",
}
OVERDUE_STYLE = "bold red"
TIMELINE_CHARS = {
    "done": "█",
    "in_progress": "▓",
    "planned": "░",
    "postponed": "▒",
    "cancelled": "╌",
}
PLANNED_WINDOW_CHAR = "─"  # the planned window, beside work drawn at its actual dates
VERDICT_WORDS = {"met": "met", "partly_met": "partly met", "not_met": "not met"}
VERDICT_STYLES = {"met": "green", "partly_met": "yellow", "not_met": OVERDUE_STYLE}
SECTION_NAMES = {
    "ppc": "PPC",
    "ppcs": "PPCs",
    "activities": "Activities",
    "area": "Area",
    "areas": "Areas",
    "sub_areas": "Sub-areas",
    "countries": "Countries",
    "indicators": "Indicators",
    "partners": "Partners",
    "roles": "Roles",
    "organisation": "Organisation",
}
GRANULARITY_WORDS = {"half": "half-year", "quarter": "quarter", "month": "month"}


# --- small pieces -------------------------------------------------------------------------


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.4g}"


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def status_text(ref: MilestoneRef, mark_overdue: bool = True) -> Text:
    if ref.overdue and not mark_overdue:
        return Text(ref.status.replace("_", " "), style=STATUS_STYLES.get(ref.status, ""))
    style = OVERDUE_STYLE if ref.overdue else STATUS_STYLES.get(ref.status, "")
    return Text(ref.status_label, style=style)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def verdict_text(verdict: str | None) -> Text:
    if verdict is None:
        return Text("–")
    return Text(VERDICT_WORDS.get(verdict, verdict), style=VERDICT_STYLES.get(verdict, ""))


def window_text(window: Span | None) -> str:
    return span_label(window) if window is not None else "(no window)"


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _more(shown: int, total: int) -> Text | None:
    if total <= shown:
        return None
    return Text(f"… and {total - shown} more", style="dim")


# --- status -------------------------------------------------------------------------------


def _header(status: PlanStatus) -> list[RenderableType]:
    title = Text(status.title, style="bold")
    if status.schedule_is_draft:
        title.append(" (draft schedule)", style="yellow")
    lines: list[RenderableType] = [title]
    where = Text(f"Plan period {status.period.start} to {status.period.end} · as of {status.as_of}")
    if status.position == "before":
        where.append(f" · not started (starts in {days(status.days_to_start)})")
    elif status.position == "after":
        where.append(" · ended")
    else:
        where.append(f" · {bar(status.elapsed)} {round(status.elapsed * 100)}% through")
    lines.append(where)
    summary = status.next_summary
    if status.position == "after":
        open_count = status.totals.no_outcome
        noun = "milestone has" if open_count == 1 else "milestones have"
        lines.append(
            Text(
                f"The plan period has ended: {open_count} {noun} no recorded outcome"
                " (neither done nor cancelled)",
                style=OVERDUE_STYLE if open_count else "green",
            )
        )
    elif summary is not None:
        until = (summary.due - status.as_of).days
        when = "today" if until == 0 else f"in {days(until)}"
        if status.current_period is None:
            text = (
                f"First {status.cadence} summary due {summary.due} (for {summary.period}, {when})"
            )
        else:
            text = (
                f"Reporting period {status.current_period.label} · next {status.cadence} summary"
                f" due {summary.due} ({when})"
            )
        lines.append(Text(text))
    filters = {k: v for k, v in status.scope.to_json().items() if v is not None}
    if filters:
        lines.append(
            Text("Filters: " + ", ".join(f"{k} {v}" for k, v in filters.items()), style="dim")
        )
    return lines


PPC_ROWS_SHOWN = 50
COMPUTED_NOTE = "* computed from the milestones the indicator counts"


def ppc_rows_shown(status: PlanStatus, limit: int) -> list[PPCRow]:
    """Every PPC row, or, when the plan has more than PPC_ROWS_SHOWN PPCs (and `limit` is
    not 0), the PPC_ROWS_SHOWN with the most overdue milestones, in plan order. A screen of
    hundreds of rows is no glance, and each row costs rich about half a millisecond."""
    rows = status.ppcs
    if limit <= 0 or len(rows) <= PPC_ROWS_SHOWN:
        return rows
    order = {row.id: i for i, row in enumerate(rows)}
    worst = sorted(rows, key=lambda row: (-row.counts.overdue, order[row.id]))[:PPC_ROWS_SHOWN]
    return sorted(worst, key=lambda row: order[row.id])


def _ppc_table(status: PlanStatus, rows: Sequence[PPCRow]) -> FitTable:
    totals = status.totals
    table = FitTable(
        Column("PPC", footer="All"),
        Column("Title", Fit.title, footer=f"{len(status.ppcs)} PPCs"),
        Column("Acts", drop=2),
        Column("", drop=3, footer=bar(totals.progress, 8)),
        Column("Done", footer=f"{totals.done}/{totals.total}"),
        Column("Active", justify="right", footer=str(totals.in_progress)),
        Column(
            "Overdue",
            justify="right",
            footer=Text(str(totals.overdue), style=OVERDUE_STYLE if totals.overdue else ""),
        ),
        Column("Postp.", justify="right", footer=str(totals.postponed)),
        Column("Canc.", justify="right", footer=str(totals.cancelled)),
        Column("Next due"),
        Column("Milestone", drop=1),
        show_footer=True,
    )
    for row in rows:
        counts = row.counts
        table.add_row(
            row.id,
            row.short_title,
            ",".join(map(str, row.activity_numbers)),
            bar(counts.progress, 8),
            f"{counts.done}/{counts.total}",
            str(counts.in_progress),
            Text(str(counts.overdue), style=OVERDUE_STYLE if counts.overdue else ""),
            str(counts.postponed),
            str(counts.cancelled),
            str(row.next_due.due) if row.next_due is not None else "–",
            row.next_due.id if row.next_due is not None else "",
        )
    return table


def milestone_refs_table(refs: Sequence[MilestoneRef], as_of: date | None = None) -> FitTable:
    """Due date, id, PPC, status and title of each milestone; with `as_of` (a list of
    overdue milestones), how many days late each is."""
    columns = [Column("Due"), Column("Milestone"), Column("PPC", drop=0)]
    columns.append(Column("Status", Fit.wrap))
    if as_of is not None:
        columns.append(Column("Late", justify="right"))
    table = FitTable(*columns, Column("Title", Fit.title))
    for ref in refs:
        cells: list[str | Text] = [
            str(ref.due) if ref.due else "–",
            ref.id,
            ref.ppc,
            status_text(ref, mark_overdue=as_of is None),
        ]
        if as_of is not None:
            cells.append(days((as_of - ref.due).days) if ref.due else "")
        table.add_row(*cells, ref.title)
    return table


def _target_text(row: IndicatorRow) -> str:
    return number(row.target) + (f"–{number(row.target_max)}" if row.target_max is not None else "")


def indicators_table(rows: Sequence[IndicatorRow], title: str | None = None) -> FitTable:
    """Each indicator's figures: its latest value, the periods combined by its rule
    (cumulative), the target, the share of it reached and the verdict."""
    table = FitTable(
        Column("Indicator"),
        Column("PPC", drop=10),
        Column("Title", Fit.title),
        Column("Rule", drop=11),
        Column("Base", justify="right", drop=1),
        Column("Latest", justify="right"),
        Column("Period", drop=12),
        Column("Cumul.", justify="right"),
        Column("Target", justify="right"),
        Column("%", justify="right"),
        Column("Verdict", Fit.wrap),
        Column("Unit", Fit.wrap, drop=0),
        title=title,
        notes={"Rule": Text(COMPUTED_NOTE, style="dim")} if any(r.computed for r in rows) else {},
    )
    for row in rows:
        rule = row.rule + ("*" if row.computed else "")
        table.add_row(
            row.id,
            row.ppc,
            row.title,
            rule,
            number(row.baseline),
            number(row.latest_value),
            row.latest_period or "–",
            number(row.cumulative),
            _target_text(row),
            percent(row.percent_of_target),
            verdict_text(row.verdict),
            row.unit,
        )
    return table


def status_view(status: PlanStatus, limit: int = 10) -> list[RenderableType]:
    """The parts of the `commit status` screen (lines of text and tables, for `plain.show`);
    lists show at most `limit` rows (0: all)."""

    def top(items: Sequence[T]) -> Sequence[T]:
        return items if limit <= 0 else items[:limit]

    parts: list[RenderableType] = [*_header(status), Text()]
    if status.ppcs:
        rows = ppc_rows_shown(status, limit)
        parts.append(_ppc_table(status, rows))
        hidden = len(status.ppcs) - len(rows)
        if hidden:
            parts.append(
                Text(
                    f"… and {hidden} more PPCs (those with fewest overdue); `--limit 0` shows"
                    " every row, `--json` has them all",
                    style="dim",
                )
            )
    else:
        parts.append(Text("No PPC matches the filters.", style="dim"))
    parts.append(Text())
    overdue = status.overdue
    if overdue:
        parts.append(Text(f"Overdue ({len(overdue)}, oldest first)", style=OVERDUE_STYLE))
        parts.append(milestone_refs_table(top(overdue), status.as_of))
        more = _more(len(top(overdue)), len(overdue))
        parts.extend([more] if more else [])
    else:
        parts.append(Text("Overdue: none", style="green"))
    due = status.due_next
    heading = f"Due {status.as_of} to {status.due_next_until} (through {status.due_next_period})"
    if due:
        parts.append(Text())
        parts.append(Text(f"{heading}: {len(due)}", style="bold"))
        parts.append(milestone_refs_table(top(due)))
        more = _more(len(top(due)), len(due))
        parts.extend([more] if more else [])
    elif status.position != "after":  # nothing can fall due once the plan period is over
        parts.append(Text())
        parts.append(Text(f"{heading}: none", style="bold"))
    if status.indicators:
        parts.append(Text())
        reported = [row for row in status.indicators if row.latest_period is not None]
        total = len(status.indicators)
        parts.append(Text(f"Indicators with a value ({len(reported)} of {total})", style="bold"))
        if reported:
            parts.append(indicators_table(top(reported)))
            more = _more(len(top(reported)), len(reported))
            parts.extend([more] if more else [])
        if len(reported) < total:
            parts.append(
                Text(
                    f"{total - len(reported)} of {total} indicators have no value reported by"
                    f" {status.as_of}; see `commit list indicators`",
                    style="dim",
                )
            )
    return parts


# --- list ---------------------------------------------------------------------------------


def milestones_table(rows: Sequence[MilestoneRow]) -> FitTable:
    table = FitTable(
        Column("Milestone"),
        Column("PPC", drop=1),
        Column("Kind", drop=0),
        Column("Status", Fit.wrap),
        Column("Window", Fit.wrap, drop=3),
        Column("Due"),
        Column("Done", drop=2),
        Column("Title", Fit.title),
    )
    # Rows repeat a few statuses and windows: each is made once (a window's label takes
    # time, and a table's cells are copied before rich changes them).
    statuses: dict[tuple[str, bool, bool], Text] = {}
    windows: dict[Span | None, str] = {}
    for row in rows:
        ref = row.ref
        status = statuses.get((ref.status, ref.overdue, ref.tentative))
        if status is None:
            status = statuses[(ref.status, ref.overdue, ref.tentative)] = status_text(ref)
        window = windows.get(ref.window)
        if window is None:
            window = windows[ref.window] = window_text(ref.window)
        table.add_row(
            ref.id,
            ref.ppc,
            ref.kind,
            status,
            window,
            str(ref.due) if ref.due else "–",
            str(ref.actual_end) if ref.actual_end else "",
            ref.title,
        )
    return table


def listing_parts(listing: Listing) -> list[RenderableType]:
    """The table of `commit list` (none when empty) and a count beneath."""
    from commit_cli.query.listing import MilestoneRow
    from commit_cli.query.rows import IndicatorRow

    count = len(listing.rows)
    noun = listing.what if count != 1 else listing.what.removesuffix("s")
    footer = Text(f"{count} {noun}", style="dim")
    if not count:
        return [footer]
    if listing.what == "milestones":
        table = milestones_table([r for r in listing.rows if isinstance(r, MilestoneRow)])
        return [table, footer]
    indicators = [r for r in listing.rows if isinstance(r, IndicatorRow)]
    return [indicators_table(indicators), footer]


def listing_view(listing: Listing) -> Group:
    return Group(*listing_parts(listing))


# --- show ---------------------------------------------------------------------------------


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list | tuple):
        return "–".join(_plain(v) for v in value)
    return str(value)


def _is_empty(value: Any) -> bool:
    """Nothing worth a line: None, empty text, or containers of nothing but empties."""
    if isinstance(value, dict):
        return all(_is_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_empty(v) for v in value)
    return value is None or value == ""


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _grid(*styles: str) -> Table:
    grid = Table.grid(padding=(0, 1))
    for style in styles:
        grid.add_column(style=style, no_wrap=bool(style))
    return grid


def _value(value: Any) -> RenderableType:
    """A JSON-like field value as text: lists of words on one line, passages as bullets
    whose wrapped lines stay indented, mappings as `key` / value rows."""
    if isinstance(value, dict):
        if set(value) == {"start", "end"} and all(isinstance(v, str) for v in value.values()):
            try:
                span = Span(date.fromisoformat(value["start"]), date.fromisoformat(value["end"]))
            except ValueError:
                return Text(f"{value['start']} to {value['end']}")
            return Text(f"{span_label(span)} ({span.start} to {span.end})")
        if "text" in value:  # a passage (paragraph or footnote) with its sub-points
            head = Text()
            if value.get("mark"):
                head.append(f"[{value['mark']}] ", style="dim")
            if value.get("group"):
                head.append(f"{value['group']}: ", style="italic")
            head.append(str(value["text"]))
            items = [item for item in value.get("items", []) if not _is_empty(item)]
            if not items:
                return head
            bullets = _grid("dim", "")
            for item in items:
                bullets.add_row("–", _value(item))
            return Group(head, bullets)
        if all(_is_scalar(v) for v in value.values()):
            return Text(", ".join(f"{k}: {_plain(v)}" for k, v in value.items() if v is not None))
        rows = _grid("italic", "")
        for key, item in value.items():
            if not _is_empty(item):
                rows.add_row(str(key), _value(item))
        return rows
    if isinstance(value, list):
        if all(_is_scalar(v) for v in value) or all(isinstance(v, list | tuple) for v in value):
            return Text(", ".join(_plain(v) for v in value))
        bullets = _grid("dim", "")
        for item in value:
            if not _is_empty(item):
                bullets.add_row("•", _value(item))
        return bullets
    return Text(_plain(value))


def _refs_grid(refs: Iterable[Ref]) -> Table:
    grid = _grid("", "bold", "dim", "")
    for ref in refs:
        if ref.id is None:
            grid.add_row("", "", "", ref.note or "")
            continue
        title = Text(ref.title or "")
        if ref.note:
            title.append(f" — {ref.note}", style="dim")
        grid.add_row("", ref.id, (ref.kind or "").replace("_", "-"), title)
    return grid


def _as_of_line(details: Details) -> Text | None:
    """A milestone as it was on the as-of day, when that is not what the file says now."""
    state = details.as_of
    if state is None or details.day is None:
        return None
    line = Text(f"On {details.day}: ", style="bold")
    line.append_text(status_text(state))
    line.append(f" · window {window_text(state.window)}")
    if state.actual_start is not None:
        line.append(f" · started {state.actual_start}")
    if state.actual_end is not None:
        line.append(f" · ended {state.actual_end}")
    return line


def _values_table(row: IndicatorRow) -> FitTable:
    by_country = any(reading.by_country for reading in row.history)
    columns = [Column("Period"), Column("Value", justify="right")]
    table = FitTable(*columns, *([Column("By country", Fit.wrap)] if by_country else []))
    for reading in row.history:
        parts = reading.by_country or {}
        cells = [reading.period.label, number(reading.value)]
        if by_country:
            cells.append(", ".join(f"{code} {number(value)}" for code, value in parts.items()))
        table.add_row(*cells)
    return table


def _figures_line(row: IndicatorRow) -> Text:
    rule = f"{row.rule} (computed from milestones)" if row.computed else row.rule
    line = Text(f"Combined by {rule}: ")
    line.append(f"cumulative {number(row.cumulative)}")
    line.append(f" · target {_target_text(row)}")
    if row.percent_of_target is not None:
        line.append(f" · {percent(row.percent_of_target)} of target")
    line.append(" · ")
    line.append_text(verdict_text(row.verdict) if row.verdict else Text("no verdict"))
    return line


def _milestone_cell(ref: MilestoneRef) -> Text:
    """The title, and beneath it what came of the milestone and where its report is."""
    cell = Text(ref.title)
    if ref.outcome:
        cell.append("\nOutcome: ", style="italic")
        cell.append(ref.outcome)
    if ref.report:
        cell.append("\nReport: ", style="italic")
        cell.append(ref.report)
    return cell


def details_view(details: Details) -> Group:
    heading = Text(f"{details.kind.replace('_', '-')} ", style="dim")
    heading.append(details.id, style="bold")
    heading.append(f" — {details.title}")
    parts: list[RenderableType] = [heading]
    if details.file is not None:
        where = details.file + (f":{details.line}" if details.line else "")
        parts.append(Text(f"Written in {where}", style="dim"))
    parts.append(Text())
    fields = _grid("bold", "")
    for key, value in details.fields.items():
        if key == "id" or _is_empty(value) or (key in ("title", "name") and value == details.title):
            continue  # the id and title are in the heading
        rendered = _value(value)
        if key == "overdue" and details.kind == "milestone":
            rendered = Text(_plain(value), style=OVERDUE_STYLE if value else "")
        elif key == "status" and details.kind == "milestone":
            rendered = Text(_plain(value), style=STATUS_STYLES.get(str(value), ""))
        fields.add_row(key, rendered)
    parts.append(fields)
    as_of = _as_of_line(details)
    if as_of is not None:
        parts.extend([Text(), as_of])
    if details.kind == "indicator" and details.indicators:
        row = details.indicators[0]
        parts.extend([Text(), _figures_line(row)])
        if row.history:
            parts.append(Text())
            parts.append(Text(f"Values ({len(row.history)})", style="bold"))
            parts.append(_values_table(row))
    sections: list[tuple[str, list[Ref]]] = [
        *((SECTION_NAMES.get(name, name), refs) for name, refs in details.related.items()),
        ("Depends on", details.depends_on),
        ("Depended on by", details.dependents),
        ("Linkages", details.linkages),
        ("Linked from", details.linked_from),
    ]
    for name, refs in sections:
        if refs and not (name == "Indicators" and details.kind == "ppc" and details.indicators):
            parts.append(Text())
            parts.append(Text(f"{name} ({len(refs)})", style="bold"))
            parts.append(_refs_grid(refs))
    if details.kind == "ppc" and details.indicators:
        parts.append(Text())
        parts.append(Text(f"Indicators ({len(details.indicators)})", style="bold"))
        parts.append(indicators_table(details.indicators))
    if details.milestones:
        noun = "Milestones counted" if details.kind == "indicator" else "Milestones"
        parts.append(Text())
        parts.append(Text(f"{noun} ({len(details.milestones)})", style="bold"))
        table = FitTable(
            Column("Milestone"),
            Column("PPC", drop=0),
            Column("Status", Fit.wrap),
            Column("Window", Fit.wrap),
            Column("Title", Fit.prose),
        )
        for ref in details.milestones:
            table.add_row(
                ref.id, ref.ppc, status_text(ref), window_text(ref.window), _milestone_cell(ref)
            )
        parts.append(table)
    return Group(*parts)


# --- timeline -----------------------------------------------------------------------------


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
        where = Text(f"▼ │ ┃ as of {timeline.as_of}", style="dim")
    else:
        side = "before" if timeline.as_of < timeline.span.start else "after"
        where = Text(f"as of {timeline.as_of} ({side} the plan period)", style="dim")
    symbols = " · ".join(f"{ch} {name.replace('_', ' ')}" for name, ch in TIMELINE_CHARS.items())
    symbols += f" · {PLANNED_WINDOW_CHAR} planned window (work drawn at its actual dates)"
    parts.extend([Text(), where, Text(symbols, style="dim")])
    return parts


def timeline_view(timeline: Timeline, chart: ChartGeometry) -> Group:
    return Group(*timeline_parts(timeline, chart))


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
