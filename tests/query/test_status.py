"""`status.plan_status`: the header, PPC rows, overdue and due lists, indicators, JSON.

Plans come from conftest: `status_plan_dir` has PPC 1 and 2 (all planned) and PPC 3, whose
milestones have every status; the plan runs from 2005-01-01 to 2007-12-31, six-monthly.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from conftest import ids

from commit_cli.core.asof import milestone_on
from commit_cli.core.model import Milestone, Plan
from commit_cli.query.index import PlanIndex
from commit_cli.query.listing import (
    MilestoneFilters,
    list_milestones,
)
from commit_cli.query.status import plan_status
from commit_cli.query.timeline import (
    timeline,
)

INSIDE = date(2006, 6, 30)


def is_overdue(milestone: Milestone, day: date) -> bool:
    return milestone_on(milestone, day).overdue


def is_tentative(milestone: Milestone, day: date = date(2006, 1, 1)) -> bool:
    return milestone_on(milestone, day).tentative


BEFORE = date(2004, 10, 1)
AFTER = date(2008, 3, 1)


# --- the header ---------------------------------------------------------------------------


def test_inside_the_plan_period(plan: Plan) -> None:
    status = plan_status(plan, INSIDE)
    assert status.position == "during"
    assert status.elapsed == pytest.approx(546 / 1095)
    assert status.current_period is not None
    assert status.current_period.label == "2006-H1"
    assert status.next_summary is not None
    assert (status.next_summary.period.label, status.next_summary.due) == (
        "2006-H1",
        date(2006, 6, 30),
    )


def test_next_summary_is_the_end_of_the_current_period(plan: Plan) -> None:
    status = plan_status(plan, date(2006, 7, 1))
    assert status.next_summary is not None
    assert status.next_summary.due == date(2006, 12, 31)


def test_before_the_plan_period(plan: Plan) -> None:
    status = plan_status(plan, BEFORE)
    assert (status.position, status.elapsed, status.current_period) == ("before", 0.0, None)
    assert status.days_to_start == 92
    assert status.next_summary is not None
    assert (status.next_summary.period.label, status.next_summary.due) == (
        "2005-H1",
        date(2005, 6, 30),
    )
    assert status.overdue == []


def test_after_the_plan_period(plan: Plan) -> None:
    status = plan_status(plan, AFTER)
    assert (status.position, status.elapsed) == ("after", 1.0)
    assert status.current_period is None
    assert status.next_summary is None
    # ten milestones: one done and one cancelled have an outcome
    assert (status.totals.total, status.totals.no_outcome) == (10, 8)


def test_schedule_draft_flag_comes_from_the_plan(plan: Plan) -> None:
    assert plan_status(plan, INSIDE).schedule_is_draft is False
    draft = plan.model_copy(update={"schedule_is_draft": True})
    assert plan_status(draft, INSIDE).schedule_is_draft is True


# --- rows, overdue and due ----------------------------------------------------------------


def test_ppc_rows_count_every_status(plan: Plan) -> None:
    rows = {row.id: row for row in plan_status(plan, INSIDE).ppcs}
    assert list(rows) == ["ppc-1", "ppc-2", "ppc-3"]
    counts = rows["ppc-3"].counts
    assert (
        counts.total,
        counts.done,
        counts.in_progress,
        counts.planned,
        counts.postponed,
        counts.cancelled,
        counts.overdue,
    ) == (7, 1, 1, 3, 1, 1, 0)
    assert counts.progress == pytest.approx(1 / 7)
    assert rows["ppc-3"].activities == ["act-3"]
    assert rows["ppc-3"].activity_numbers == [3]
    assert rows["ppc-1"].counts.overdue == 1


def test_overdue_means_open_and_window_ended_before_as_of(plan: Plan) -> None:
    training = PlanIndex(plan).milestones["ppc3-training"].milestone
    assert not is_overdue(training, date(2006, 6, 30))  # its last day: not yet late
    assert is_overdue(training, date(2006, 7, 1))
    handbook = PlanIndex(plan).milestones["ppc3-handbook"].milestone
    assert not is_overdue(handbook, AFTER)  # no window: never overdue
    review = PlanIndex(plan).milestones["ppc3-review"].milestone
    # postponed on 2006-05-15 to 2006-H2: late from the new window's end, not the old one's
    assert not is_overdue(review, date(2006, 7, 1))
    assert not is_overdue(review, date(2006, 12, 31))
    assert is_overdue(review, date(2007, 1, 1))
    assert is_overdue(review, AFTER)


def test_conditional_work_not_taken_up_is_tentative_and_never_overdue(plan: Plan) -> None:
    training = PlanIndex(plan).milestones["ppc3-training"].milestone
    conditional = training.model_copy(update={"condition": "if needed"})
    assert is_overdue(conditional, AFTER)  # in progress: taken up, so it can be late
    planned = conditional.model_copy(update={"status": "planned", "actual": None})
    assert is_tentative(planned)
    assert not is_overdue(planned, AFTER)
    firm = planned.model_copy(update={"condition": None})
    assert not is_tentative(firm)
    assert is_overdue(firm, AFTER)


def test_the_overdue_list_and_the_overdue_counts_agree(plan: Plan) -> None:
    ppc3 = plan.ppcs[2]
    followup = next(m for m in ppc3.milestones if m.id == "ppc3-followup")
    tentative = followup.model_copy(update={"condition": "if needed"})
    milestones = [tentative if m is followup else m for m in ppc3.milestones]
    changed = plan.model_copy(
        update={"ppcs": [*plan.ppcs[:2], ppc3.model_copy(update={"milestones": milestones})]}
    )
    status = plan_status(changed, AFTER)
    assert "ppc3-followup" not in ids(status.overdue)
    assert "ppc3-followup" not in ids(status.due_next)
    assert len(status.overdue) == status.totals.overdue == 6


def test_overdue_list_is_oldest_first(plan: Plan) -> None:
    assert ids(plan_status(plan, INSIDE).overdue) == ["ppc1-assessment"]
    assert ids(plan_status(plan, AFTER).overdue) == [
        "ppc1-assessment",  # 2005-12-31
        "ppc3-training",  # 2006-06-30
        "ppc1-seminar",  # 2006-12-31
        "ppc3-review",  # 2006-12-31, postponed there from 2006-H1
        "ppc3-followup",  # 2007-06-30
        "ppc3-evaluation",  # 2007-12-31, starts 2005
        "ppc2-workshop",  # 2007-12-31, starts 2007
    ]
    assert all(ref.overdue for ref in plan_status(plan, AFTER).overdue)


def test_next_due_is_the_open_milestone_ending_first_from_as_of(plan: Plan) -> None:
    rows = {row.id: row for row in plan_status(plan, INSIDE).ppcs}
    assert rows["ppc-1"].next_due is not None
    assert rows["ppc-1"].next_due.id == "ppc1-seminar"
    assert rows["ppc-3"].next_due is not None
    assert rows["ppc-3"].next_due.id == "ppc3-training"
    later = {row.id: row for row in plan_status(plan, date(2006, 7, 1)).ppcs}
    # training is overdue now; the review, postponed to 2006-H2, is due next; the cancelled
    # visit never counts
    assert later["ppc-3"].next_due is not None
    assert later["ppc-3"].next_due.id == "ppc3-review"
    assert all(row.next_due is None for row in plan_status(plan, AFTER).ppcs)


def test_due_next_runs_to_the_end_of_the_following_period(plan: Plan) -> None:
    status = plan_status(plan, INSIDE)
    assert (status.due_next_period, status.due_next_until) == ("2006-H2", date(2006, 12, 31))
    assert ids(status.due_next) == ["ppc3-training", "ppc1-seminar", "ppc3-review"]
    before = plan_status(plan, BEFORE)
    assert (before.due_next_period, before.due_next_until) == ("2005-H1", date(2005, 6, 30))
    # guidelines were done on 2005-05-31; on 2004-10-01 they were still planned, and due
    assert ids(before.due_next) == ["ppc3-guidelines"]
    assert plan_status(plan, AFTER).due_next == []


def test_indicator_latest_value_is_of_the_latest_period_begun(plan: Plan) -> None:
    def latest(day: date) -> tuple[str | None, float | None, bool | None]:
        (row,) = [r for r in plan_status(plan, day).indicators if r.id == "ppc3-workers-trained"]
        return row.latest_period, row.latest_value, row.met

    assert latest(BEFORE) == (None, None, None)
    assert latest(date(2006, 3, 1)) == ("2006-H1", 25, False)
    assert latest(INSIDE) == ("2006-H1", 25, False)
    assert latest(AFTER) == ("2007-H1", 45, True)


# --- JSON ---------------------------------------------------------------------------------


def test_status_json_is_the_documented_shape(plan: Plan) -> None:
    document = plan_status(plan, INSIDE).to_json()
    assert list(document) == [
        "plan",
        "as_of",
        "filters",
        "period",
        "schedule_is_draft",
        "reporting",
        "milestones",
        "ppcs",
        "overdue",
        "due_next",
        "indicators",
        "funding",
    ]
    assert document["period"] == {
        "start": "2005-01-01",
        "end": "2007-12-31",
        "position": "during",
        "elapsed": round(546 / 1095, 4),
    }
    assert document["reporting"]["next_summary"] == {"period": "2006-H1", "due": "2006-06-30"}
    ppc3 = document["ppcs"][2]
    assert list(ppc3) == ["id", "label", "short_title", "activities", "milestones", "next_due"]
    assert list(ppc3["next_due"]) == [
        "id",
        "ppc",
        "title",
        "kind",
        "status",
        "window",
        "overdue",
        "tentative",
        "actual",
        "outcome",
        "report",
    ]
    assert ppc3["milestones"]["in_progress"] == 1
    assert list(document["due_next"]) == ["from", "until", "period", "milestones"]
    (indicator,) = [i for i in document["indicators"] if i["latest"]]
    assert indicator["latest"] == {"period": "2006-H1", "value": 25}


def test_as_of_speed_on_a_large_plan(plan: Plan) -> None:
    """Thousands of milestones: status, list and timeline stay linear and fast."""
    ppc = plan.ppcs[2]
    template = ppc.milestones[1]
    many = [
        template.model_copy(update={"id": f"m-{i}", "depends_on": [f"m-{i - 1}"] if i else []})
        for i in range(5000)
    ]
    big = plan.model_copy(update={"ppcs": [ppc.model_copy(update={"milestones": many})]})
    started = time.perf_counter()
    status = plan_status(big, INSIDE)
    rows = list_milestones(big, INSIDE, filters=MilestoneFilters(overdue=True))
    chart = timeline(big, INSIDE)
    assert time.perf_counter() - started < 2.0
    assert status.totals.done == 5000
    assert rows == []
    assert ids(chart.groups[0].milestones)[:2] == ["m-0", "m-1"]
