"""`timeline`: columns by granularity, milestones grouped by PPC in dependency order.

Plans come from conftest: `status_plan_dir` has PPC 1 and 2 (all planned) and PPC 3, whose
milestones have every status; the plan runs from 2005-01-01 to 2007-12-31, six-monthly.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ids

from commit_cli.core.model import Plan
from commit_cli.errors import UsageError
from commit_cli.query.index import Located, PlanIndex
from commit_cli.query.scope import resolve_scope
from commit_cli.query.timeline import (
    Cell,
    chart_geometry,
    dependency_order,
    timeline,
)

INSIDE = date(2006, 6, 30)


# --- timeline -----------------------------------------------------------------------------


def test_timeline_groups_by_ppc_in_dependency_order(plan: Plan) -> None:
    chart = timeline(plan, INSIDE)
    assert [group.ppc for group in chart.groups] == ["ppc-1", "ppc-2", "ppc-3"]
    assert [c.label for c in chart.columns][:2] == ["2005-H1", "2005-H2"]
    assert ids(chart.groups[2].milestones) == [
        "ppc3-guidelines",
        "ppc3-training",
        "ppc3-evaluation",  # starts first but depends on the training
        "ppc3-visit",
        "ppc3-review",
        "ppc3-followup",
        "ppc3-handbook",  # no window: last
    ]


def test_timeline_granularity_and_filters(plan: Plan) -> None:
    assert len(timeline(plan, INSIDE, by="quarter").columns) == 12
    assert len(timeline(plan, INSIDE, by="month").columns) == 36
    narrowed = timeline(plan, INSIDE, resolve_scope(plan, country="KH"))
    assert ids(narrowed.groups[2].milestones) == ["ppc3-followup"]
    with pytest.raises(UsageError, match="unknown granularity"):
        timeline(plan, INSIDE, by="week")


def test_dependency_order_survives_a_cycle(plan: Plan) -> None:
    index = PlanIndex(plan)
    a, b = index.milestones["ppc1-assessment"], index.milestones["ppc1-seminar"]
    looped = a.milestone.model_copy(update={"depends_on": ["ppc1-seminar"]})
    items = [Located(a.ppc, looped, a.order), b]
    assert {i.milestone.id for i in dependency_order(items)} == {
        "ppc1-assessment",
        "ppc1-seminar",
    }


# --- chart geometry -----------------------------------------------------------------------


def test_chart_geometry_scales_columns_and_places_bars_and_the_marker(plan: Plan) -> None:
    chart = chart_geometry(timeline(plan, INSIDE, by="half"), width=100)
    assert chart.cell == 8
    assert chart.chart_width == 6 * 8
    assert chart.year_row.startswith("2005")
    assert "2006" in chart.year_row
    assert chart.label_row.split() == ["H1", "H2"] * 3
    assert chart.marker is not None
    assert chart.spans[chart.marker].contains(INSIDE)
    rows = {row.ref.id: row for group in chart.groups for row in group.rows}
    seminar = rows["ppc1-seminar"].cells  # window: the whole of 2006
    assert [i for i, cell in enumerate(seminar) if cell in (Cell.bar, Cell.bar_at_marker)] == list(
        range(16, 32)
    )
    assert seminar[chart.marker] == Cell.bar_at_marker
    assessment = rows["ppc1-assessment"].cells  # 2005-H2, before the marker
    assert assessment[chart.marker] == Cell.marker
    assert assessment[16] == Cell.grid
    assert assessment[17] == Cell.blank


def test_chart_geometry_shrinks_cells_but_never_cuts_ids(plan: Plan) -> None:
    chart = chart_geometry(timeline(plan, INSIDE, by="month"), width=40)
    assert chart.cell == 1
    assert chart.chart_width == 36
    assert chart.label_width == len("ppc3-guidelines")
    assert all(row.label == row.ref.id for g in chart.groups for row in g.rows)


def test_chart_geometry_has_no_marker_outside_the_plan(plan: Plan) -> None:
    chart = chart_geometry(timeline(plan, date(2009, 1, 1)), width=100)
    assert chart.marker is None
    assert Cell.marker not in {cell for g in chart.groups for r in g.rows for cell in r.cells}
