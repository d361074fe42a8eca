"""The status library: progress, overdue, next due, filters, lists, timeline and details.

Plans come from conftest: `status_plan_dir` has PPC 1 and 2 (all planned) and PPC 3, whose
milestones have every status; the plan runs from 2005-01-01 to 2007-12-31, six-monthly.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from commit_cli.load import load_plan
from commit_cli.model import Plan
from commit_cli.problems import CommitError
from commit_cli.status import (
    Located,
    MilestoneFilters,
    PlanIndex,
    Scope,
    dependency_order,
    describe,
    is_overdue,
    list_indicators,
    list_milestones,
    milestone_filters,
    plan_status,
    resolve_scope,
    timeline,
)

INSIDE = date(2006, 6, 30)
BEFORE = date(2004, 10, 1)
AFTER = date(2008, 3, 1)


@pytest.fixture
def plan(status_plan_dir: Path) -> Plan:
    result = load_plan(status_plan_dir)
    assert result.plan is not None, [p.format() for p in result.problems]
    return result.plan


def ids(refs: list[Any]) -> list[str]:
    return [ref.id for ref in refs]


# --- the header ---------------------------------------------------------------------------


def test_inside_the_plan_period(plan: Plan) -> None:
    status = plan_status(plan, INSIDE)
    assert status.position == "during"
    assert status.elapsed == pytest.approx(546 / 1095)
    assert status.current_period is not None and status.current_period.label == "2006-H1"
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
    assert status.current_period is None and status.next_summary is None
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
    assert not is_overdue(review, AFTER)  # postponed is not open


def test_overdue_list_is_oldest_first(plan: Plan) -> None:
    assert ids(plan_status(plan, INSIDE).overdue) == ["ppc1-assessment"]
    assert ids(plan_status(plan, AFTER).overdue) == [
        "ppc1-assessment",  # 2005-12-31
        "ppc3-training",  # 2006-06-30
        "ppc1-seminar",  # 2006-12-31
        "ppc3-followup",  # 2007-06-30
        "ppc3-evaluation",  # 2007-12-31, starts 2005
        "ppc2-workshop",  # 2007-12-31, starts 2007
    ]
    assert all(ref.overdue for ref in plan_status(plan, AFTER).overdue)


def test_next_due_is_the_open_milestone_ending_first_from_as_of(plan: Plan) -> None:
    rows = {row.id: row for row in plan_status(plan, INSIDE).ppcs}
    assert rows["ppc-1"].next_due is not None and rows["ppc-1"].next_due.id == "ppc1-seminar"
    assert rows["ppc-3"].next_due is not None and rows["ppc-3"].next_due.id == "ppc3-training"
    later = {row.id: row for row in plan_status(plan, date(2006, 7, 1)).ppcs}
    # training is overdue now; the postponed review and cancelled visit never count
    assert later["ppc-3"].next_due is not None
    assert later["ppc-3"].next_due.id == "ppc3-followup"
    assert all(row.next_due is None for row in plan_status(plan, AFTER).ppcs)


def test_due_next_runs_to_the_end_of_the_following_period(plan: Plan) -> None:
    status = plan_status(plan, INSIDE)
    assert (status.due_next_period, status.due_next_until) == ("2006-H2", date(2006, 12, 31))
    assert ids(status.due_next) == ["ppc3-training", "ppc1-seminar"]
    before = plan_status(plan, BEFORE)
    assert (before.due_next_period, before.due_next_until) == ("2005-H1", date(2005, 6, 30))
    assert before.due_next == []  # the only milestone due by then is done
    assert plan_status(plan, AFTER).due_next == []


def test_indicator_latest_value_is_of_the_latest_period_begun(plan: Plan) -> None:
    def latest(day: date) -> tuple[str | None, float | None, bool | None]:
        (row,) = [r for r in plan_status(plan, day).indicators if r.id == "ppc3-workers-trained"]
        return row.latest_period, row.latest_value, row.met

    assert latest(BEFORE) == (None, None, None)
    assert latest(date(2006, 3, 1)) == ("2006-H1", 25, False)
    assert latest(INSIDE) == ("2006-H1", 25, False)
    assert latest(AFTER) == ("2007-H1", 45, True)


# --- filters ------------------------------------------------------------------------------


def test_ppc_filter_narrows_every_part(plan: Plan) -> None:
    status = plan_status(plan, AFTER, resolve_scope(plan, ppc="ppc-3"))
    assert ids(status.ppcs) == ["ppc-3"]
    assert {ref.ppc for ref in status.overdue} == {"ppc-3"}
    assert ids(status.indicators) == ["ppc3-workers-trained"]
    assert status.totals.total == 7


def test_area_filter_by_number_or_id(plan: Plan) -> None:
    by_number = resolve_scope(plan, area="2")
    assert by_number == resolve_scope(plan, area="area-2") == Scope(area="area-2")
    status = plan_status(plan, AFTER, by_number)
    assert ids(status.ppcs) == ["ppc-3"]
    assert ids(plan_status(plan, AFTER, resolve_scope(plan, area="1")).ppcs) == [
        "ppc-1",
        "ppc-2",
    ]


def test_country_filter_uses_milestone_then_ppc_then_plan_countries(plan: Plan) -> None:
    kh = plan_status(plan, AFTER, resolve_scope(plan, country="kh"))
    rows = {row.id: row for row in kh.ppcs}
    # PPC 1 names no country (so all), PPC 2 pairs KH with TH, PPC 3 is TH but its
    # follow-up meeting names KH: only that milestone counts there.
    assert list(rows) == ["ppc-1", "ppc-2", "ppc-3"]
    assert rows["ppc-3"].counts.total == 1
    assert "ppc3-followup" in ids(kh.overdue)
    assert "ppc3-training" not in ids(kh.overdue)
    th = plan_status(plan, AFTER, resolve_scope(plan, country="TH"))
    assert {row.id: row.counts.total for row in th.ppcs}["ppc-3"] == 6
    assert "ppc3-followup" not in ids(th.overdue)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"ppc": "ppc-9"}, "unknown PPC 'ppc-9'; did you mean"),
        ({"area": "7"}, "unknown area '7'"),
        ({"area": "area-3"}, "unknown area 'area-3'; did you mean"),
        ({"country": "VN"}, "unknown country 'VN'"),
    ],
)
def test_unknown_filter_values_exit_1_with_a_hint(
    plan: Plan, options: dict[str, str], message: str
) -> None:
    with pytest.raises(CommitError) as caught:
        resolve_scope(plan, **options)
    assert caught.value.exit_code == 1
    assert message in caught.value.message


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
    with pytest.raises(CommitError, match="did you mean 'planned'"):
        milestone_filters(statuses=["planed"])
    with pytest.raises(CommitError, match="unknown kind 'party'"):
        milestone_filters(kinds=["party"])
    with pytest.raises(CommitError, match="cannot sort by 'dew'; did you mean 'due'"):
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
    with pytest.raises(CommitError, match="unknown granularity"):
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


# --- show ---------------------------------------------------------------------------------


def test_describe_milestone(plan: Plan) -> None:
    details = describe(plan, "ppc3-training", INSIDE)
    assert (details.kind, details.title) == ("milestone", "Training of social workers")
    assert details.fields["status"] == "in_progress"
    assert details.fields["window"] == {"start": "2005-07-01", "end": "2006-06-30"}
    assert ids(details.depends_on) == ["ppc3-guidelines"]
    assert ids(details.dependents) == ["ppc3-evaluation", "ppc3-followup"]
    assert ids(details.related["ppc"]) == ["ppc-3"]
    assert ids(details.related["partners"]) == ["reporting-officer"]


def test_describe_ppc(plan: Plan) -> None:
    details = describe(plan, "ppc-1", INSIDE)
    assert details.kind == "ppc"
    assert "milestones" not in details.fields and details.fields["label"] == "PPC 1"
    assert ids(details.milestones) == ["ppc1-assessment", "ppc1-seminar"]
    assert ids(details.dependents) == ["ppc2-workshop", "ppc3-followup"]
    assert ids(details.linked_from) == ["ppc-2", "ppc-3"]
    assert details.linked_from[0].note == "builds on the information exchange seminar"
    assert ids(details.related["indicators"]) == ["ppc1-seminars-held"]
    assert ids(describe(plan, "ppc-3", INSIDE).depends_on) == ["ppc1-seminar"]
    assert ids(describe(plan, "ppc-2", INSIDE).linkages) == ["ppc-1"]


def test_describe_activity_area_sub_area_indicator(plan: Plan) -> None:
    activity = describe(plan, "act-3", INSIDE)
    assert (activity.kind, ids(activity.related["ppc"])) == ("activity", ["ppc-3"])
    assert len(activity.milestones) == 7
    area = describe(plan, "area-2", INSIDE)
    assert ids(area.related["activities"]) == ["act-3"]
    assert ids(area.related["ppcs"]) == ["ppc-3"]
    sub_area = describe(plan, "sub-2-1", INSIDE)
    assert (sub_area.kind, ids(sub_area.related["ppcs"])) == ("sub_area", ["ppc-3"])
    indicator = describe(plan, "ppc3-workers-trained", AFTER)
    assert indicator.fields["latest"] == {"period": "2007-H1", "value": 45}


def test_describe_country_lists_every_milestone_involving_it(plan: Plan) -> None:
    details = describe(plan, "kh", INSIDE)
    assert (details.kind, details.id, details.title) == ("country", "KH", "Cambodia")
    assert ids(details.milestones) == [
        "ppc1-assessment",
        "ppc1-seminar",
        "ppc2-workshop",
        "ppc3-followup",
    ]


def test_describe_partner_and_role(plan: Plan) -> None:
    assert ids(describe(plan, "uniap", INSIDE).milestones) == ["ppc1-assessment"]
    role = describe(plan, "reporting-officer", INSIDE)
    assert ids(role.related["organisation"]) == ["uniap"]
    assert ids(role.milestones) == ["ppc3-training"]


def test_describe_unknown_id_suggests_the_closest(plan: Plan) -> None:
    with pytest.raises(CommitError) as caught:
        describe(plan, "ppc3-trainig", INSIDE)
    assert caught.value.exit_code == 1
    assert caught.value.message.startswith("unknown id 'ppc3-trainig'; closest: ppc3-training")


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
    assert list(ppc3["next_due"]) == ["id", "ppc", "title", "kind", "status", "window", "overdue"]
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
    assert status.totals.done == 5000 and rows == []
    assert ids(chart.groups[0].milestones)[:2] == ["m-0", "m-1"]
