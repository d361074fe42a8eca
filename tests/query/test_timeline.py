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
from commit_cli.query.index import (
    Located,
    PlanIndex,
    resolve_scope,
)
from commit_cli.query.timeline import (
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
