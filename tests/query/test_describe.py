"""`describe`: one object of the plan and everything related to it.

Plans come from conftest: `status_plan_dir` has PPC 1 and 2 (all planned) and PPC 3, whose
milestones have every status; the plan runs from 2005-01-01 to 2007-12-31, six-monthly.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ids

from commit_cli.core.model import MilestoneCount, Plan
from commit_cli.errors import NotFound
from commit_cli.query.describe import describe

INSIDE = date(2006, 6, 30)
AFTER = date(2008, 3, 1)


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
    assert "milestones" not in details.fields
    assert details.fields["label"] == "PPC 1"
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
    assert ids(describe(plan, "uniap", INSIDE).milestones) == ["ppc1-assessment", "ppc3-guidelines"]
    role = describe(plan, "reporting-officer", INSIDE)
    assert ids(role.related["organisation"]) == ["uniap"]
    assert ids(role.milestones) == ["ppc3-training"]


def test_describe_unknown_id_suggests_the_closest(plan: Plan) -> None:
    with pytest.raises(NotFound) as caught:
        describe(plan, "ppc3-trainig", INSIDE)
    assert caught.value.message.startswith("unknown id 'ppc3-trainig'; closest: ppc3-training")


def test_a_milestone_names_the_indicators_that_count_it(plan: Plan) -> None:
    ppc1 = plan.ppcs[0]
    counting = ppc1.indicators[0].model_copy(
        update={"counts": MilestoneCount(milestones=["ppc1-seminar"])}
    )
    changed = plan.model_copy(
        update={"ppcs": [ppc1.model_copy(update={"indicators": [counting]}), *plan.ppcs[1:]]}
    )
    assert ids(describe(changed, "ppc1-seminar", INSIDE).related["indicators"]) == [
        "ppc1-seminars-held"
    ]
    assert describe(plan, "ppc1-seminar", INSIDE).related["indicators"] == []
    indicator = describe(changed, "ppc1-seminars-held", INSIDE)
    assert ids(indicator.milestones) == ["ppc1-seminar"]
    assert indicator.written is not None
    assert indicator.written.path == ("indicators", 0)
