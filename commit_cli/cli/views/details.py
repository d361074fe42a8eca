"""`commit show`: one object's fields, its figures and values (an indicator), what it relates
to, and its milestones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from commit_cli import wording
from commit_cli.cli.tables import Column, Fit, FitTable
from commit_cli.cli.views.cells import (
    OVERDUE_STYLE,
    STATUS_STYLES,
    status_text,
    verdict_text,
    window_text,
)
from commit_cli.cli.views.indicators import indicators_table
from commit_cli.core.periods import Span

if TYPE_CHECKING:
    from commit_cli.query.describe import Details, Ref
    from commit_cli.query.rows import IndicatorRow, MilestoneRef

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
    "decisions": "Decisions",
    "organisation": "Organisation",
}


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return wording.number(value)
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
        return _mapping_value(value)
    if isinstance(value, list):
        if all(_is_scalar(v) for v in value) or all(isinstance(v, list | tuple) for v in value):
            return Text(", ".join(_plain(v) for v in value))
        bullets = _grid("dim", "")
        for item in value:
            if not _is_empty(item):
                bullets.add_row("•", _value(item))
        return bullets
    return Text(_plain(value))


def _mapping_value(value: dict[Any, Any]) -> RenderableType:
    """A mapping: a span of dates, a passage, one line of `key: value`, or rows."""
    if set(value) == {"start", "end"} and all(isinstance(v, str) for v in value.values()):
        try:
            span = Span(date.fromisoformat(value["start"]), date.fromisoformat(value["end"]))
        except ValueError:
            return Text(wording.dates(value["start"], value["end"]))
        return Text(f"{wording.period(span)} ({wording.dates(span.start, span.end)})")
    if "text" in value:  # a passage (paragraph or footnote) with its sub-points
        return _passage(value)
    if all(_is_scalar(v) for v in value.values()):
        return Text(", ".join(f"{k}: {_plain(v)}" for k, v in value.items() if v is not None))
    rows = _grid("italic", "")
    for key, item in value.items():
        if not _is_empty(item):
            rows.add_row(str(key), _value(item))
    return rows


def _passage(value: dict[Any, Any]) -> RenderableType:
    """A paragraph or footnote (its mark and group first), its sub-points as bullets."""
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
    line = Text(f"On {wording.day(details.day)}: ", style="bold")
    line.append_text(status_text(state))
    line.append(f" · window {window_text(state.window)}")
    if state.actual_start is not None:
        line.append(f" · started {wording.day(state.actual_start)}")
    if state.actual_end is not None:
        line.append(f" · ended {wording.day(state.actual_end)}")
    return line


def _values_table(row: IndicatorRow) -> FitTable:
    by_country = any(reading.by_country for reading in row.history)
    columns = [Column("Period"), Column("Value", justify="right")]
    table = FitTable(*columns, *([Column("By country", Fit.wrap)] if by_country else []))
    for reading in row.history:
        parts = reading.by_country or {}
        cells = [reading.period.label, wording.number(reading.value)]
        if by_country:
            cells.append(
                ", ".join(f"{code} {wording.number(value)}" for code, value in parts.items())
            )
        table.add_row(*cells)
    return table


def _figures_line(row: IndicatorRow) -> Text:
    computed = " (computed from milestones)" if row.computed else ""
    line = Text(f"{wording.rule(row.rule).capitalize()} figure{computed}: ")
    line.append(wording.number(row.cumulative))
    line.append(f" · target {wording.number_range(row.target, row.target_max)}")
    if row.target_inferred:
        line.append(" (inferred: the plan's text gives no number)")
    if row.percent_of_target is not None:
        line.append(f" · {wording.percent(row.percent_of_target)} of target")
    line.append(" · ")
    line.append_text(verdict_text(row.verdict))
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
    for cited in details.cited:  # `Postponed (decision som3-d4, SOM 3, 2006-05-17)`
        words = wording.decision(cited.decision, cited.meeting, cited.day)
        parts.append(Text(f"{cited.how.capitalize()} ({words})"))
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
