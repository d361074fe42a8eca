"""The `commit status` screen: where the plan stands, its PPCs, the overdue milestones, those
due next and the indicators with a value."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from rich.console import RenderableType
from rich.text import Text

from commit_cli import wording
from commit_cli.cli.tables import Column, Fit, FitTable
from commit_cli.cli.views.cells import OVERDUE_STYLE, and_more, bar, status_text
from commit_cli.cli.views.indicators import indicators_table

if TYPE_CHECKING:
    from commit_cli.query.funding import FundingRow
    from commit_cli.query.rows import MilestoneRef
    from commit_cli.query.status import PlanStatus, PPCRow

T = TypeVar("T")
PPC_ROWS_SHOWN = 50


def _header(status: PlanStatus) -> list[RenderableType]:
    title = Text(status.title, style="bold")
    if status.schedule_is_draft:
        title.append(" (draft schedule)", style="yellow")
    lines: list[RenderableType] = [title]
    period = wording.dates(status.period.start, status.period.end)
    where = Text(f"Plan period {period} · as of {wording.day(status.as_of)}")
    if status.position == "before":
        where.append(f" · not started (starts in {wording.days(status.days_to_start)})")
    elif status.position == "after":
        where.append(" · ended")
    else:
        where.append(f" · {bar(status.elapsed)} {wording.percent(status.elapsed * 100)} through")
    lines.append(where)
    summary = status.next_summary
    if status.position == "after":
        open_count = status.totals.no_outcome
        noun = "milestone has" if open_count == 1 else "milestones have"
        lines.append(
            Text(
                f"The plan period has ended: {wording.number(open_count)} {noun} no recorded"
                " outcome (neither done nor cancelled)",
                style=OVERDUE_STYLE if open_count else "green",
            )
        )
    elif summary is not None:
        until = (summary.due - status.as_of).days
        when = "today" if until == 0 else f"in {wording.days(until)}"
        due = wording.day(summary.due)
        if status.current_period is None:
            text = f"First {status.cadence} summary due {due} (for {summary.period}, {when})"
        else:
            text = (
                f"Reporting period {status.current_period.label} · next {status.cadence} summary"
                f" due {due} ({when})"
            )
        lines.append(Text(text))
    filters = {k: v for k, v in status.scope.to_json().items() if v is not None}
    if filters:
        lines.append(
            Text("Filters: " + ", ".join(f"{k} {v}" for k, v in filters.items()), style="dim")
        )
    return lines


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
        Column("Title", Fit.title, footer=f"{wording.number(len(status.ppcs))} PPCs"),
        Column("Acts", drop=2),
        Column("", drop=3, footer=bar(totals.progress, 8)),
        Column("Done", footer=_done(totals.done, totals.total)),
        Column("Active", justify="right", footer=wording.number(totals.in_progress)),
        Column(
            "Overdue",
            justify="right",
            footer=Text(
                wording.number(totals.overdue), style=OVERDUE_STYLE if totals.overdue else ""
            ),
        ),
        Column("Postp.", justify="right", footer=wording.number(totals.postponed)),
        Column("Canc.", justify="right", footer=wording.number(totals.cancelled)),
        Column("Next due"),
        Column("Milestone", drop=1),
        *(
            [Column("Funding secured", Fit.wrap, footer=funding_cell(status.funding.totals))]
            if status.funding
            else []
        ),
        show_footer=True,
    )
    funding = {row.id: row for row in status.funding.rows}
    for row in rows:
        counts = row.counts
        money = [funding_cell(funding.get(row.id))] if status.funding else []
        due = row.next_due_brief  # its id and day: no milestone's record read for them
        table.add_row(
            row.id,
            row.short_title,
            ",".join(map(str, row.activity_numbers)),
            bar(counts.progress, 8),
            _done(counts.done, counts.total),
            wording.number(counts.in_progress),
            Text(wording.number(counts.overdue), style=OVERDUE_STYLE if counts.overdue else ""),
            wording.number(counts.postponed),
            wording.number(counts.cancelled),
            wording.day(due[1] if due is not None else None),
            due[0] if due is not None else "",
            *money,
        )
    return table


def funding_cell(row: FundingRow | None) -> str:
    """What a PPC has secured of what it sought, per currency (`120,000 of 150,000 USD`),
    currencies apart, never converted; `–` when it records no funding."""
    if row is None or not row.currencies:
        return wording.NONE
    lines = []
    for currency in row.currencies:
        secured = wording.amount(row.secured.get(currency, Decimal(0)))
        sought = row.sought.get(currency)
        of = f" of {wording.money(sought, currency)}" if sought is not None else f" {currency}"
        lines.append(f"{secured}{of}")
    return "; ".join(lines)


def _done(done: int, total: int) -> str:
    return f"{wording.number(done)}/{wording.number(total)}"


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
            wording.day(ref.due),
            ref.id,
            ref.ppc,
            status_text(ref, mark_overdue=as_of is None),
        ]
        if as_of is not None:
            cells.append(wording.days((as_of - ref.due).days) if ref.due else "")
        table.add_row(*cells, ref.title)
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
                    f"… and {wording.number(hidden)} more PPCs (those with fewest overdue);"
                    " `--limit 0` shows every row, `--json` has them all",
                    style="dim",
                )
            )
    else:
        parts.append(Text("No PPC matches the filters.", style="dim"))
    parts.append(Text())
    overdue = status.overdue
    if overdue:
        count = wording.number(len(overdue))
        parts.append(Text(f"Overdue ({count}, oldest first)", style=OVERDUE_STYLE))
        parts.append(milestone_refs_table(top(overdue), status.as_of))
        more = and_more(len(top(overdue)), len(overdue))
        parts.extend([more] if more else [])
    else:
        parts.append(Text("Overdue: none", style="green"))
    due = status.due_next
    heading = (
        f"Due {wording.dates(status.as_of, status.due_next_until)}"
        f" (through {status.due_next_period})"
    )
    if due:
        parts.append(Text())
        parts.append(Text(f"{heading}: {wording.number(len(due))}", style="bold"))
        parts.append(milestone_refs_table(top(due)))
        more = and_more(len(top(due)), len(due))
        parts.extend([more] if more else [])
    elif status.position != "after":  # nothing can fall due once the plan period is over
        parts.append(Text())
        parts.append(Text(f"{heading}: none", style="bold"))
    if status.indicators:
        parts.append(Text())
        reported = [row for row in status.indicators if row.latest_period is not None]
        total = len(status.indicators)
        shown = f"{wording.number(len(reported))} of {wording.number(total)}"
        parts.append(Text(f"Indicators with a value ({shown})", style="bold"))
        if reported:
            parts.append(indicators_table(top(reported)))
            more = and_more(len(top(reported)), len(reported))
            parts.extend([more] if more else [])
        if len(reported) < total:
            parts.append(
                Text(
                    f"{wording.number(total - len(reported))} of {wording.number(total)}"
                    f" indicators have no value reported by {wording.day(status.as_of)};"
                    " see `commit list indicators`",
                    style="dim",
                )
            )
    return parts
