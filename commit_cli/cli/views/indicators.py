"""The table of indicators that `status`, `list indicators` and `show` print."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from commit_cli import wording
from commit_cli.cli.tables import Column, Fit, FitTable
from commit_cli.cli.views.cells import verdict_text

if TYPE_CHECKING:
    from commit_cli.query.rows import IndicatorRow

COMPUTED_NOTE = "* computed from the milestones the indicator counts"
INFERRED_MARK = "†"
INFERRED_NOTE = f"{INFERRED_MARK} inferred: the plan's text gives no number (see the notes)"


def target_text(row: IndicatorRow) -> str:
    """The target, marked when it is inferred rather than given by the plan's text."""
    target = wording.number_range(row.target, row.target_max)
    return target + INFERRED_MARK if row.target_inferred and row.target is not None else target


def _notes(rows: Sequence[IndicatorRow]) -> dict[str, Text]:
    notes = {}
    if any(row.computed for row in rows):
        notes["Rule"] = Text(COMPUTED_NOTE, style="dim")
    if any(row.target_inferred for row in rows):
        notes["Target"] = Text(INFERRED_NOTE, style="dim")
    return notes


def indicators_table(rows: Sequence[IndicatorRow], title: str | None = None) -> FitTable:
    """Each indicator's figures: its latest value, the figure its rule makes of the periods
    (named by the rule in the Rule column: cumulative, latest, highest), the target, the
    figure's share of it and the verdict judged on that figure."""
    table = FitTable(
        Column("Indicator"),
        Column("PPC", drop=10),
        Column("Title", Fit.title, under="Indicator"),
        Column("Rule", drop=11),
        Column("Base", justify="right", drop=1),
        Column("Latest", justify="right"),
        Column("Period", drop=12),
        Column("Figure", justify="right"),
        Column("Target", justify="right"),
        Column("%", justify="right"),
        Column("Verdict", Fit.wrap),
        Column("Unit", Fit.wrap, drop=0),
        title=title,
        notes=_notes(rows),
    )
    for row in rows:
        rule = wording.rule(row.rule) + ("*" if row.computed else "")
        table.add_row(
            row.id,
            row.ppc,
            row.title,
            rule,
            wording.number(row.baseline),
            wording.number(row.latest_value),
            row.latest_period or "–",
            wording.number(row.cumulative),
            target_text(row),
            wording.percent(row.percent_of_target),
            verdict_text(row.verdict),
            row.unit,
        )
    return table
