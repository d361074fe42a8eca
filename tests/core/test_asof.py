"""`core.asof.milestone_on`: what a milestone was on a given day, from the dates recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from commit_cli.core.asof import milestone_on
from commit_cli.core.conversion import validated
from commit_cli.core.model import Milestone


def milestone(**fields: Any) -> Milestone:
    return validated(
        Milestone, {"id": "m", "title": "A seminar", "kind": "seminar", "phase": "core", **fields}
    )


DONE_IN_MARCH = milestone(
    window="2006-H1", status="done", actual={"start": "2006-03-10", "end": "2006-03-14"}
)


@pytest.mark.parametrize(
    ("day", "status", "overdue"),
    [
        (date(2005, 12, 31), "planned", False),
        (date(2006, 3, 9), "planned", False),
        (date(2006, 3, 10), "in_progress", False),
        (date(2006, 3, 13), "in_progress", False),
        (date(2006, 3, 14), "done", False),
        (date(2008, 1, 1), "done", False),
    ],
)
def test_done_only_from_the_actual_end_and_in_progress_from_the_start(
    day: date, status: str, overdue: bool
) -> None:
    state = milestone_on(DONE_IN_MARCH, day)
    assert (state.status, state.overdue) == (status, overdue)
    assert state.started == (date(2006, 3, 10) if day >= date(2006, 3, 10) else None)
    assert state.ended == (date(2006, 3, 14) if day >= date(2006, 3, 14) else None)


def test_a_report_finished_in_august_is_overdue_on_1_july() -> None:
    report = milestone(window="2006-H1", status="done", actual={"end": "2006-08-15"})
    assert (milestone_on(report, date(2006, 6, 30)).status, False) == ("planned", False)
    on_1_july = milestone_on(report, date(2006, 7, 1))
    assert (on_1_july.status, on_1_july.overdue) == ("planned", True)
    assert milestone_on(report, date(2006, 8, 15)).status == "done"


def test_postponed_from_its_date_and_the_old_window_was_the_plan_before_it() -> None:
    slipped = milestone(
        window="2007-H1",
        status="postponed",
        postponed={"date": "2006-08-01", "reason": "No funds", "from_window": "2006-H1"},
    )
    before = milestone_on(slipped, date(2006, 7, 15))
    assert before.status == "planned"
    assert before.window is not None
    assert before.window.end == date(2006, 6, 30)
    assert before.overdue  # the old window had passed and nothing was decided yet
    after = milestone_on(slipped, date(2006, 8, 1))
    assert after.status == "postponed"
    assert not after.overdue
    assert after.window is not None
    assert after.window.end == date(2007, 6, 30)


def test_cancelled_from_its_date() -> None:
    dropped = milestone(
        window="2006-Q1", status="cancelled", cancelled={"date": "2006-02-01", "reason": "x"}
    )
    assert milestone_on(dropped, date(2006, 1, 31)).status == "planned"
    assert milestone_on(dropped, date(2006, 2, 1)).status == "cancelled"


def test_a_postponement_after_work_started_was_in_progress_before() -> None:
    started = milestone(
        window="2007",
        status="postponed",
        actual={"start": "2006-02-01"},
        postponed={"date": "2006-05-01", "reason": "x", "from_window": "2006-H1"},
    )
    assert milestone_on(started, date(2006, 1, 1)).status == "planned"
    assert milestone_on(started, date(2006, 3, 1)).status == "in_progress"
    assert milestone_on(started, date(2006, 5, 1)).status == "postponed"


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"status": "done"}, "done"),
        ({"status": "done", "actual": {"start": "2006-03-01"}}, "planned"),
        ({"status": "in_progress"}, "in_progress"),
        ({"status": "postponed"}, "postponed"),
        ({"status": "cancelled"}, "cancelled"),
    ],
)
def test_a_status_recorded_without_its_date_holds_from_the_earliest_date_known(
    fields: dict[str, Any], status: str
) -> None:
    assert milestone_on(milestone(window="2006", **fields), date(2005, 6, 1)).status == status


def test_conditional_work_is_tentative_until_taken_up_and_never_overdue() -> None:
    conditional = milestone(
        window="2005-H2",
        condition="if needed",
        status="in_progress",
        actual={"start": "2006-09-01"},
    )
    early = milestone_on(conditional, date(2006, 8, 1))
    assert (early.status, early.tentative, early.overdue) == ("planned", True, False)
    taken_up = milestone_on(conditional, date(2006, 9, 1))
    assert (taken_up.status, taken_up.tentative, taken_up.overdue) == (
        "in_progress",
        False,
        True,
    )


def test_without_a_window_never_overdue() -> None:
    assert not milestone_on(milestone(), date(2030, 1, 1)).overdue
