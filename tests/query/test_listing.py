"""`listing`: milestones and indicators, filtered and sorted.

Plans come from conftest: `status_plan_dir` has PPC 1 and 2 (all planned) and PPC 3, whose
milestones have every status; the plan runs from 2005-01-01 to 2007-12-31, six-monthly.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from commit_cli.core.model import Plan
from commit_cli.core.periods import parse_period_spec
from commit_cli.errors import UsageError
from commit_cli.query.listing import (
    MilestoneFilters,
    build_listing,
    list_indicators,
    list_milestones,
    milestone_filters,
)
from commit_cli.query.scope import resolve_scope

INSIDE = date(2006, 6, 30)
AFTER = date(2008, 3, 1)


# --- list ---------------------------------------------------------------------------------


def test_list_milestones_overdue_as_of(plan: Plan) -> None:
    rows = list_milestones(
        plan, date(2007, 1, 1), filters=MilestoneFilters(overdue=True), sort="due"
    )
    # the review, postponed to 2006-H2, is overdue from its new window's end as well
    assert [row.ref.id for row in rows] == [
        "ppc1-assessment",
        "ppc3-training",
        "ppc1-seminar",
        "ppc3-review",
    ]


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


# --- asking about a period (issue 10, section 2) ------------------------------------------


def listed(plan: Plan, day: date, sort: str = "plan", **filters: Any) -> list[str]:
    rows = list_milestones(plan, day, filters=milestone_filters(**filters), sort=sort)
    return [row.ref.id for row in rows]


def test_done_in_a_period_as_known_on_the_day(plan: Plan) -> None:
    h1_2005 = parse_period_spec("2005-H1")
    assert listed(plan, INSIDE, done_in=h1_2005) == ["ppc3-guidelines"]
    assert listed(plan, INSIDE, done_in=parse_period_spec("2005-05")) == ["ppc3-guidelines"]
    assert listed(plan, INSIDE, done_in=parse_period_spec("2006-H1")) == []
    assert listed(plan, date(2005, 5, 30), done_in=h1_2005) == []  # not done yet then


def test_started_in_and_due_in_a_period(plan: Plan) -> None:
    assert listed(plan, INSIDE, started_in=parse_period_spec("2005-H2")) == ["ppc3-training"]
    assert listed(plan, INSIDE, started_in=parse_period_spec("2005")) == [
        "ppc3-guidelines",
        "ppc3-training",
    ]
    due = parse_period_spec("2006-H1")
    assert listed(plan, INSIDE, due_in=due) == ["ppc3-training", "ppc3-visit"]
    # before its postponement (2006-05-15) the review was due in 2006-H1
    assert listed(plan, date(2006, 5, 1), due_in=due) == [
        "ppc3-training",
        "ppc3-visit",
        "ppc3-review",
    ]


def test_sort_by_actual_dates(plan: Plan) -> None:
    order = listed(plan, INSIDE, sort="actual")
    assert order[:2] == ["ppc3-guidelines", "ppc3-training"]  # ended 2005-05, started 2005-08


def test_list_rows_are_flat_with_actual_dates_outcome_report_attendance_partners(
    plan: Plan,
) -> None:
    rows = {row.ref.id: row.to_json() for row in list_milestones(plan, INSIDE)}
    guidelines = rows["ppc3-guidelines"]
    assert {
        key: guidelines[key]
        for key in (
            "actual_start",
            "actual_end",
            "outcome",
            "report",
            "attended",
            "women",
            "men",
            "partners",
        )
    } == {
        "actual_start": "2005-02-01",
        "actual_end": "2005-05-31",
        "outcome": "Guidelines adopted by the task force.",
        "report": "https://example.org/ppc3/guidelines.pdf",
        "attended": 12,
        "women": 7,
        "men": 5,
        "partners": ["uniap"],
    }
    flat = {"window", "actual"}  # the MREF's nested spans; every other value is flat
    for row in rows.values():
        for key, value in row.items():
            if key not in flat:
                assert value is None or isinstance(value, str | int | bool | list), key
                assert not isinstance(value, list) or all(isinstance(v, str) for v in value)
    before = {row.ref.id: row.to_json() for row in list_milestones(plan, date(2005, 3, 1))}
    assert before["ppc3-guidelines"]["attended"] is None  # known once it ended


def test_indicators_refuse_milestone_period_filters(plan: Plan) -> None:
    with pytest.raises(UsageError, match="--done-in: only for `commit list milestones`"):
        build_listing(plan, "indicators", INSIDE, done_in=parse_period_spec("2006"))
