"""A workbook of only what is still owed (`sheet export --missing-only`): the rows of the
milestones, indicator values and progress updates that `commit due` lists for the period,
and no others.

What is owed is `query.due`'s answer, never worked out a second time: for a country, the
items its task force's group lists (`due --by country`: its milestones and its part of the
indicator values; progress updates are owed by no country, so a country's workbook has
none); for every country, every item (`due --by ppc`). `--ppc` keeps the items of those
PPCs. Each row shows the plan as it is now, as in any workbook, so that what comes back is
compared with the plan's values of today.
"""

from __future__ import annotations

from datetime import date

from commit_cli.core.model import Plan
from commit_cli.query.due import Owed, due_on
from commit_cli.sheets.layout import (
    INDICATORS,
    MILESTONE_COLUMNS,
    MILESTONES,
    UPDATE_COLUMNS,
    UPDATES,
    Row,
    Selection,
    Sheet,
    indicator_columns,
    indicator_row,
    milestone_row,
    update_row,
)


def owed_items(plan: Plan, selection: Selection, today: date) -> list[Owed]:
    """What `commit due --period P [--by country]` lists for the selection's country (every
    group's items without one), on `today`, kept to the selection's PPCs."""
    by = "country" if selection.country else "ppc"
    report = due_on(plan, selection.period, today, by)
    items = [
        item
        for group in report.groups
        if selection.country is None or group.key == selection.country
        for item in group.missing
    ]
    return [item for item in items if not selection.ppcs or item.ppc in selection.ppcs]


def owed_sheets(plan: Plan, selection: Selection, today: date) -> list[Sheet]:
    """The data sheets of the workbook holding only the rows still owed, in plan order."""
    owed = {(item.kind, item.id) for item in owed_items(plan, selection, today)}
    milestones: list[Row] = []
    indicators: list[Row] = []
    updates: list[Row] = []
    for ppc in plan.ppcs:
        milestones += [milestone_row(ppc, m) for m in ppc.milestones if ("milestone", m.id) in owed]
        indicators += [
            indicator_row(ppc, i, selection) for i in ppc.indicators if ("indicator", i.id) in owed
        ]
        if ("update", ppc.id) in owed:
            updates.append(update_row(ppc, selection))
    return [
        Sheet(MILESTONES, MILESTONE_COLUMNS, milestones),
        Sheet(INDICATORS, indicator_columns(selection.country), indicators),
        Sheet(UPDATES, UPDATE_COLUMNS, updates),
    ]
