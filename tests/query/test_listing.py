"""`listing`: milestones and indicators, filtered and sorted.

Plans come from conftest: `status_plan_dir` has PPC 1 and 2 (all planned) and PPC 3, whose
milestones have every status; the plan runs from 2005-01-01 to 2007-12-31, six-monthly.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from commit_cli.core.model import Plan
from commit_cli.errors import UsageError
from commit_cli.query.index import (
    resolve_scope,
)
from commit_cli.query.listing import (
    MilestoneFilters,
    list_indicators,
    list_milestones,
    milestone_filters,
)

INSIDE = date(2006, 6, 30)
AFTER = date(2008, 3, 1)


# --- list ---------------------------------------------------------------------------------


def test_list_milestones_overdue_as_of(plan: Plan) -> None:
    rows = list_milestones(
        plan, date(2007, 1, 1), filters=MilestoneFilters(overdue=True), sort="due"
    )
    assert [row.ref.id for row in rows] == ["ppc1-assessment", "ppc3-training", "ppc1-seminar"]


def test_list_milestones_filters_combine(plan: Plan) -> None:
    def listed(**options: Any) -> list[str]:
        filters = milestone_filters(
            options.pop("statuses", None),
            options.pop("kinds", None),
            options.pop("overdue", False),
            options.pop("due_before", None),
            options.pop("due_after", None),
        )
        scope = resolve_scope(plan, **options)
        return [row.ref.id for row in list_milestones(plan, INSIDE, scope, filters)]

    assert listed(statuses=["done,cancelled"]) == ["ppc3-guidelines", "ppc3-visit"]
    assert listed(statuses=["In-Progress"]) == ["ppc3-training"]
    assert listed(kinds=["assessment"], ppc="ppc-3") == ["ppc3-evaluation", "ppc3-review"]
    assert listed(due_before=date(2006, 3, 31), due_after=date(2005, 12, 31)) == [
        "ppc1-assessment",
        "ppc3-visit",
    ]
    assert "ppc3-handbook" not in listed(due_after=date(2000, 1, 1))
    assert listed(country="KH", ppc="ppc-3") == ["ppc3-followup"]


def test_list_milestones_sorts(plan: Plan) -> None:
    def order(sort: str, reverse: bool = False) -> list[str]:
        return [r.ref.id for r in list_milestones(plan, INSIDE, sort=sort, reverse=reverse)]

    plan_order = order("plan")
    assert plan_order[:3] == ["ppc1-assessment", "ppc1-seminar", "ppc2-workshop"]
    assert order("id") == sorted(plan_order)
    assert order("id", reverse=True) == sorted(plan_order, reverse=True)
    assert order("due")[:3] == ["ppc3-guidelines", "ppc1-assessment", "ppc3-visit"]
    assert order("due")[-1] == "ppc3-handbook"  # no window: last
    assert order("status")[:3] == ["ppc1-assessment", "ppc1-seminar", "ppc2-workshop"]
    assert order("status")[-1] == "ppc3-visit"


def test_list_rejects_unknown_values(plan: Plan) -> None:
    with pytest.raises(UsageError, match="did you mean 'planned'"):
        milestone_filters(statuses=["planed"])
    with pytest.raises(UsageError, match="unknown kind 'party'"):
        milestone_filters(kinds=["party"])
    with pytest.raises(UsageError, match="cannot sort by 'dew'; did you mean 'due'"):
        list_milestones(plan, INSIDE, sort="dew")


def test_list_milestone_rows_carry_resolved_countries(plan: Plan) -> None:
    rows = {row.ref.id: row for row in list_milestones(plan, INSIDE)}
    assert rows["ppc1-assessment"].countries == ["KH", "TH"]  # PPC names none: the plan's
    assert rows["ppc2-workshop"].countries == ["KH", "TH"]  # from its pair
    assert rows["ppc3-review"].countries == ["TH"]  # the PPC's
    assert rows["ppc3-training"].to_json()["depends_on"] == ["ppc3-guidelines"]


def test_list_indicators(plan: Plan) -> None:
    rows = list_indicators(plan, AFTER, sort="latest", reverse=True)
    assert rows[0].id == "ppc3-workers-trained"
    assert [r.id for r in list_indicators(plan, AFTER, resolve_scope(plan, ppc="ppc-2"))] == [
        "ppc2-workshops-held"
    ]
