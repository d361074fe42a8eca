"""`query`: filters (scope) narrow milestones, PPCs and indicators consistently.

Plans come from conftest: `status_plan_dir` has PPC 1 and 2 (all planned) and PPC 3, whose
milestones have every status; the plan runs from 2005-01-01 to 2007-12-31, six-monthly.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ids

from commit_cli.core.model import Plan
from commit_cli.errors import NotFound
from commit_cli.query.scope import Scope, resolve_scope
from commit_cli.query.status import plan_status

AFTER = date(2008, 3, 1)


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
