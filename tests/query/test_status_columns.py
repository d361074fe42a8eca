"""Status from the read index is the status of the whole plan, and reads each PPC file's
records once, whatever the order its rows are asked in (a long overdue list jumps between
files)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from index_loads import both
from plan_histories import RandomPlan, random_plans

from commit_cli.core.known import known_on
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.columns import _break_days
from commit_cli.plan.load import LoadResult
from commit_cli.query.index import PlanIndex
from commit_cli.query.scope import Scope
from commit_cli.query.status import plan_status
from commit_cli.query.status_columns import _Whole, plan_status_columns

if TYPE_CHECKING:
    from commit_cli.query.index import PlanIndex
    from commit_cli.query.status_columns import MilestoneColumns


class _File:
    """A PPC file's columns, counting how often its records are read."""

    def __init__(self, reads: list[int], number: int) -> None:
        self.reads, self.number = reads, number

    def milestones(self) -> list[Any]:
        self.reads.append(self.number)
        return [None] * 3


def _whole(files: int, reads: list[int]) -> _Whole:
    index = SimpleNamespace(plan=SimpleNamespace(ppcs=[None] * files))
    columns = cast("list[MilestoneColumns]", [_File(reads, n) for n in range(files)])
    return _Whole(cast("PlanIndex", index), columns, date(2006, 6, 30))


def test_rows_asked_across_many_files_read_each_file_once(monkeypatch: Any) -> None:
    monkeypatch.setattr("commit_cli.query.status_columns.milestone_known_on", lambda m, day: m)
    reads: list[int] = []
    whole = _whole(20, reads)
    for _ in range(3):
        for ppc in range(20):  # more files than KEEP, asked round and round
            whole.known(ppc, 1)
    assert sorted(reads) == list(range(20))


def test_reading_file_by_file_keeps_at_most_keep_files(monkeypatch: Any) -> None:
    monkeypatch.setattr("commit_cli.query.status_columns.milestone_known_on", lambda m, day: m)
    reads: list[int] = []
    whole = _whole(20, reads)
    for ppc in range(20):
        for position in range(3):
            whole.known(ppc, position, keep=_Whole.KEEP)
        assert len(whole._read) <= _Whole.KEEP
    assert reads == list(range(20))


def _days(result: LoadResult, picked: list[date]) -> list[date]:
    """`picked`, and every day a milestone's state changes on, with the days either side."""
    assert result.plan is not None
    days = set(picked)
    for ppc in result.plan.ppcs:
        for milestone in ppc.milestones:
            for day in _break_days(milestone):
                days.update(date.fromordinal(day + shift) for shift in (-1, 0, 1))
    return sorted(days)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=random_plans(),
    conditional=st.lists(st.booleans(), max_size=6),
    picked=st.lists(st.dates(date(2004, 12, 1), date(2008, 2, 1)), min_size=1, max_size=4),
    ppc=st.sampled_from([None, "ppc-2"]),
)
def test_random_plans_have_the_same_status_from_their_index(
    plan: RandomPlan,
    conditional: list[bool],
    picked: list[date],
    ppc: str | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The status from the read index (counts, overdue and due lists in their order, each
    PPC's next due) is the status of the whole plan, on every day a state changes."""
    for ppc_data in plan.ppcs:
        for milestone, pick in zip(ppc_data["milestones"], conditional, strict=False):
            if pick:  # tentative while planned: past its window, not overdue
                milestone["condition"] = "If the ministry asks for it."
    folder = tmp_path_factory.mktemp("random")
    result, found = both(plan.write(folder), ResultCache(folder / "cache"))
    assert result.plan is not None
    for day in _days(result, picked):
        full = PlanIndex(known_on(result.plan, day), result.ppc_file_of)
        light = PlanIndex(known_on(found.plan, day), found.ppc_file_of)
        expected = plan_status(full, day, Scope(ppc))
        got = plan_status_columns(light, found.columns, day, Scope(ppc))
        assert got.to_json() == expected.to_json(), day
        assert list(got.overdue) == list(expected.overdue)
        assert list(got.due_next) == list(expected.due_next)
        assert [row.next_due for row in got.ppcs] == [row.next_due for row in expected.ppcs]
        assert [row.next_due_brief for row in got.ppcs] == [
            None if row.next_due is None else (row.next_due.id, row.next_due.due)
            for row in expected.ppcs
        ]
