"""`query`: filters (scope) narrow milestones, PPCs and indicators consistently.

Plans come from conftest: `status_plan_dir` has PPC 1 and 2 (all planned) and PPC 3, whose
milestones have every status; the plan runs from 2005-01-01 to 2007-12-31, six-monthly.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ids

from commit_cli.core.indicators import verdict
from commit_cli.core.model import Plan
from commit_cli.errors import NotFound
from commit_cli.query.index import (
    IndicatorRow,
    PlanIndex,
    Scope,
    resolve_scope,
)
from commit_cli.query.status import plan_status

AFTER = date(2008, 3, 1)


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
    with pytest.raises(NotFound) as caught:
        resolve_scope(plan, **options)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("target", "cumulative", "met"),
    [(40, 40, True), (40, 39.5, False), (40, 41, True), (None, 40, None), (40, None, None)],
)
def test_an_indicator_is_met_from_its_target_on(
    target: float | None, cumulative: float | None, met: bool | None
) -> None:
    judged = verdict(cumulative, 0, target)
    row = IndicatorRow(
        id="i",
        ppc="ppc-1",
        title="t",
        unit="u",
        baseline=0,
        target=target,
        target_max=None,
        latest_period=None if cumulative is None else "2006-H1",
        latest_value=cumulative,
        order=1,
        cumulative=cumulative,
        verdict=None if judged is None else str(judged),
    )
    assert row.met is met


# --- which PPC a name means (issue 10, section 5) -----------------------------------------


@pytest.fixture(scope="module")
def bundled() -> PlanIndex:
    from conftest import REPO

    from commit_cli.plan.load import load_plan
    from commit_cli.plan.sources import FolderSource

    result = load_plan(FolderSource(REPO / "plan"))
    assert result.plan is not None
    return PlanIndex(result.plan, result.ppc_file_of)


@pytest.mark.parametrize(
    "name",
    ["pp-12", "12", "ppc-12", "ppc12", "PPC 12", "PP 12", "pp 12", "ppc-12.yaml", "PPC_12"],
)
def test_pp12_answers_to_its_label_number_and_file(bundled: PlanIndex, name: str) -> None:
    assert bundled.resolve_ppc(name) == "pp-12"
    assert resolve_scope(bundled, ppc=name).ppc == "pp-12"


def test_a_ppc_answers_to_its_file_by_path(bundled: PlanIndex) -> None:
    file = bundled.files["ppc-1"]
    assert file.endswith("plan/ppcs/ppc-01.yaml")
    assert bundled.resolve_ppc(file) == "ppc-1"
    assert bundled.resolve_ppc("ppc-01") == "ppc-1"


def test_an_unknown_ppc_suggests_by_number_and_label_first(bundled: PlanIndex) -> None:
    with pytest.raises(NotFound, match=r"unknown PPC 'ppc-13'; did you mean 'ppc-1'"):
        resolve_scope(bundled, ppc="ppc-13")
    with pytest.raises(NotFound, match=r"unknown PPC 'PP 120'; did you mean 'pp-12'"):
        resolve_scope(bundled, ppc="PP 120")


def test_a_name_two_ppcs_answer_to_is_refused(plan: Plan) -> None:
    twin = plan.ppcs[0].model_copy(update={"id": "pp-1", "label": "PP 1"})
    index = PlanIndex(plan.model_copy(update={"ppcs": [*plan.ppcs, twin]}))
    with pytest.raises(NotFound, match="'1' could name 'ppc-1' or 'pp-1'; use the id"):
        index.resolve_ppc("1")
