"""The tables of `commit list`: milestones, or indicators."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from commit_cli import wording
from commit_cli.cli.tables import Cell, Column, Fit, FitTable, styled
from commit_cli.cli.views.cells import status_text, window_text
from commit_cli.cli.views.indicators import indicators_table
from commit_cli.core.periods import Span

if TYPE_CHECKING:
    from commit_cli.query.listing import Listing, MilestoneRow
    from commit_cli.query.listing_columns import IndexedRow


def milestones_table(rows: Sequence[MilestoneRow | IndexedRow]) -> FitTable:
    table = FitTable(
        Column("Milestone"),
        Column("PPC", drop=1),
        Column("Kind", drop=0),
        Column("Status", Fit.wrap),
        Column("Window", Fit.wrap, drop=3),
        Column("Due"),
        Column("Done", drop=2),
        Column("Title", Fit.title, under="Milestone"),
    )
    # Rows repeat a few statuses, windows, kinds and days: each is made once (a window's
    # label takes time, and a table's cells are copied before rich changes them).
    statuses: dict[tuple[str, bool, bool], Cell] = {}
    windows: dict[Span | None, str] = {}
    days: dict[date | None, str] = {}
    kinds: dict[str, str] = {}
    for row in rows:
        ref = row.ref
        kind = kinds.get(ref.kind)
        if kind is None:
            kind = kinds[ref.kind] = wording.kind(ref.kind)
        status = statuses.get((ref.status, ref.overdue, ref.tentative))
        if status is None:
            status = statuses[(ref.status, ref.overdue, ref.tentative)] = styled(status_text(ref))
        window = windows.get(ref.window)
        if window is None:
            window = windows[ref.window] = window_text(ref.window)
        table.add_row(
            ref.id,
            ref.ppc,
            kind,
            status,
            window,
            _day(days, ref.due),
            _day(days, ref.actual_end) if ref.actual_end else "",
            ref.title,
        )
    return table


def _day(days: dict[date | None, str], day: date | None) -> str:
    """`day` as the table shows it, each made once (rows repeat a few hundred days)."""
    found = days.get(day)
    if found is None:
        found = days[day] = wording.day(day)
    return found


def listing_parts(listing: Listing) -> list[RenderableType]:
    """The table of `commit list` (none when empty) and a count beneath."""
    from commit_cli.query.rows import IndicatorRow

    count = len(listing.rows)
    noun = listing.what if count != 1 else listing.what.removesuffix("s")
    footer = Text(f"{wording.number(count)} {noun}", style="dim")
    if not count:
        return [footer]
    if listing.what == "milestones":
        table = milestones_table([r for r in listing.rows if not isinstance(r, IndicatorRow)])
        return [table, footer]
    indicators = [r for r in listing.rows if isinstance(r, IndicatorRow)]
    return [indicators_table(indicators), footer]
