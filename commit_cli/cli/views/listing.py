"""The tables of `commit list`: milestones, or indicators."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, TypeVar

from rich.console import RenderableType
from rich.text import Text

from commit_cli import wording
from commit_cli.cli.tables import Column, Fit, FitTable, styled
from commit_cli.cli.views.cells import status_text, window_text
from commit_cli.cli.views.indicators import indicators_table
from commit_cli.core.periods import Span

if TYPE_CHECKING:
    from commit_cli.query.listing import Listing, MilestoneRow
    from commit_cli.query.listing_columns import IndexedRow

K = TypeVar("K")
V = TypeVar("V")


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
    # The table is made a column at a time. Rows repeat a few statuses, windows, kinds and
    # days: each cell is made once for each value (a window's label takes time).
    refs = list(map(attrgetter("ref"), rows))
    window_cells = _each_object(list(map(attrgetter("window"), refs)), _window_cells)
    states = list(map(attrgetter("status", "overdue", "tentative"), refs))
    # status_text reads only the state: each is made from one of the refs in that state
    one_of_each = dict(zip(states, refs, strict=True))
    status_cells = {state: styled(status_text(ref)) for state, ref in one_of_each.items()}
    table.set_body(
        [
            list(map(attrgetter("id"), refs)),
            list(map(attrgetter("ppc"), refs)),
            _each(list(map(attrgetter("kind"), refs)), wording.kind),
            list(map(status_cells.__getitem__, states)),
            list(map(itemgetter(0), window_cells)),
            list(map(itemgetter(1), window_cells)),
            _each(
                list(map(attrgetter("actual_end"), refs)),
                lambda day: wording.day(day) if day else "",
            ),
            list(map(attrgetter("title"), refs)),
        ]
    )
    return table


def _each(keys: list[K], make: Callable[[K], V]) -> list[V]:
    """`make` of each of `keys`, called once for each distinct key."""
    made = {key: make(key) for key in dict.fromkeys(keys)}
    return list(map(made.__getitem__, keys))


def _each_object(keys: list[K], make: Callable[[K], V]) -> list[V]:
    """`_each` for keys slow to hash (windows: rows made from the read index share a few
    hundred `Span`s): the keys are told apart by identity first, which hashes each object
    once, not each row (they are all alive in `keys`, so no two have the same id)."""
    objects = dict(zip(map(id, keys), keys, strict=True))
    by_value: dict[K, V] = {}
    made: dict[int, V] = {}
    for ident, key in objects.items():
        if key not in by_value:
            by_value[key] = make(key)
        made[ident] = by_value[key]
    return list(map(made.__getitem__, map(id, keys)))


def _window_cells(window: Span | None) -> tuple[str, str]:
    """A window's cells: its label, and its last day (the milestone's due date)."""
    return window_text(window), wording.day(window.end if window is not None else None)


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
