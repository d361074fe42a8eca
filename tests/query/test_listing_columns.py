"""`commit list milestones` from the read index lists what the whole plan lists: the same rows,
in the same order, with the same values, for every filter and sort, on any day."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from index_loads import both
from plan_histories import RandomPlan, random_plans

from commit_cli.core.known import known_on
from commit_cli.core.periods import Span
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.columns_load import ColumnsLoad
from commit_cli.plan.load import LoadResult
from commit_cli.query.index import PlanIndex
from commit_cli.query.listing import MILESTONE_SORTS, list_milestones, milestone_filters
from commit_cli.query.listing_columns import list_milestones_columns
from commit_cli.query.scope import Scope


def same_rows(
    result: LoadResult, found: ColumnsLoad, day: date, ppc: str | None, sort: str, **filters: Any
) -> int:
    """Both paths list the same rows (the ref without what only --json shows); how many."""
    assert result.plan is not None
    full = PlanIndex(known_on(result.plan, day), result.ppc_file_of)
    light = PlanIndex(known_on(found.plan, day), found.ppc_file_of)
    chosen = milestone_filters(**filters)
    for reverse in (False, True):
        expected = list_milestones(full, day, Scope(ppc), chosen, sort, reverse)
        got = list_milestones_columns(light, found.columns, day, Scope(ppc), chosen, sort, reverse)
        wanted = [(replace(r.ref, outcome=None, report=None), r.order) for r in expected]
        assert [(row.ref, row.order) for row in got] == wanted, (day, sort, reverse, filters)
    return len(got)


FILTERS: list[dict[str, Any]] = [
    {},
    {"statuses": ["done", "in_progress"]},
    {"statuses": ["planned"], "kinds": ["workshop,seminar"]},
    {"overdue": True},
    {"due_before": date(2006, 6, 30), "due_after": date(2005, 7, 1)},
    {"done_in": Span(date(2006, 1, 1), date(2006, 12, 31))},
    {"started_in": Span(date(2005, 1, 1), date(2006, 6, 30))},
    {"due_in": Span(date(2006, 7, 1), date(2006, 9, 30))},
]


def test_the_demo_lists_the_same_from_its_index_on_every_day(
    demo_repo: Path, tmp_path: Path, isolated_cache: Path
) -> None:
    plan_dir = tmp_path / "plan"
    shutil.copytree(demo_repo / "plan", plan_dir)
    result, found = both(plan_dir, ResultCache(isolated_cache))
    assert result.plan is not None
    first = result.plan.ppcs[0].id
    days = [date(2004, 6, 1) + timedelta(days=n) for n in range(0, 365 * 5, 23)]
    listed = 0
    for number, day in enumerate(days):
        listed += same_rows(result, found, day, None, "plan", **FILTERS[number % len(FILTERS)])
        sort = list(MILESTONE_SORTS)[number % len(MILESTONE_SORTS)]
        listed += same_rows(result, found, day, first if number % 3 == 0 else None, sort)
    assert listed > 100


def _with_conditions(plan: RandomPlan, conditional: list[bool]) -> RandomPlan:
    """The plan with a condition on the milestones `conditional` picks (tentative while
    planned)."""
    for ppc in plan.ppcs:
        for milestone, pick in zip(ppc["milestones"], conditional, strict=False):
            if pick:
                milestone["condition"] = "If the ministry asks for it."
    return plan


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=random_plans(),
    conditional=st.lists(st.booleans(), max_size=6),
    days=st.lists(st.dates(date(2004, 12, 1), date(2008, 2, 1)), min_size=1, max_size=4),
    sort=st.sampled_from(list(MILESTONE_SORTS)),
    filters=st.sampled_from(FILTERS),
    ppc=st.sampled_from([None, "ppc-2"]),
)
def test_random_plans_list_the_same_from_their_index(
    plan: RandomPlan,
    conditional: list[bool],
    days: list[date],
    sort: str,
    filters: dict[str, Any],
    ppc: str | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("random")
    plan_dir = _with_conditions(plan, conditional).write(folder)
    result, found = both(plan_dir, ResultCache(folder / "cache"))
    for day in days:
        same_rows(result, found, day, ppc, sort, **filters)
