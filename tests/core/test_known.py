"""`core.known`: the plan as known on a day equals the plan rebuilt from the events recorded
up to that day (the oracle replays the editing operations in `tests/histories.py`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from histories import Event, events, recorded
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from commit_cli.core.asof import milestone_on
from commit_cli.core.conversion import validated
from commit_cli.core.known import known_on, milestone_known_on, review_known_from
from commit_cli.core.model import Plan
from commit_cli.core.vocabulary import Status

DAYS = st.dates(date(2004, 6, 1), date(2008, 6, 30))


@settings(max_examples=300, deadline=None)
@given(history=events(), day=DAYS)
def test_known_on_a_day_is_the_milestone_rebuilt_from_that_days_events(
    history: list[Event], day: date
) -> None:
    assert milestone_known_on(recorded(history), day) == recorded(history, until=day)


@settings(max_examples=300, deadline=None)
@given(history=events(postponements=3), day=DAYS)
def test_status_on_a_day_is_the_rebuilt_status_even_after_several_postponements(
    history: list[Event], day: date
) -> None:
    """The plan keeps only the latest postponement record (its date, and the first window):
    the status is right on every day before the first postponement and from the last one
    on; between two postponements the earlier one is forgotten (docs/reading.md says so)."""
    decided = [event.day for event in history if event.kind == "postpone"]
    assume(len(decided) < 2 or not decided[0] <= day < decided[-1])
    rebuilt = recorded(history, until=day)
    state = milestone_on(recorded(history), day)
    assert state.status == rebuilt.status
    assert state.ended == (rebuilt.actual.end if rebuilt.actual else None)


@settings(max_examples=200, deadline=None)
@given(history=events(), day=DAYS)
def test_nothing_known_on_a_day_is_dated_after_it(history: list[Event], day: date) -> None:
    known = milestone_known_on(recorded(history), day)
    dates = [entry.date for entry in known.log]
    if known.actual is not None:
        dates += [d for d in (known.actual.start, known.actual.end) if d is not None]
    if known.postponed is not None:
        dates.append(known.postponed.date)
    if known.cancelled is not None:
        dates.append(known.cancelled.date)
    assert all(d <= day for d in dates)


def test_a_postponement_is_remembered_once_the_milestone_is_done() -> None:
    """Postponed in 2006-H1 and done in 2006-H2: postponed on 30 June, done after."""
    history = [
        Event("postpone", date(2006, 5, 2), to="2006-09"),
        Event("done", date(2006, 9, 20), attended=30),
    ]
    final = recorded(history)
    assert final.status == Status.done
    on_june_30 = milestone_on(final, date(2006, 6, 30))
    assert on_june_30.status == Status.postponed
    assert on_june_30.postponed
    assert not on_june_30.overdue  # the new window (September) is ahead
    later = milestone_on(final, date(2006, 12, 31))
    assert later.status == Status.done
    assert later.postponed
    before = milestone_on(final, date(2006, 5, 1))
    assert before.status == Status.planned
    assert not before.postponed
    assert milestone_known_on(final, date(2006, 6, 30)).attended is None


def test_a_postponed_milestone_is_overdue_from_its_new_windows_end() -> None:
    final = recorded([Event("postpone", date(2006, 5, 2), to="2006-09")])
    assert not milestone_on(final, date(2006, 9, 30)).overdue
    late = milestone_on(final, date(2006, 10, 1))
    assert late.overdue
    assert late.expected


def test_the_recorded_status_wins_a_tie_and_is_never_before_the_other_events() -> None:
    """Started and postponed the same day, recorded postponed: postponed that day. Postponed
    after the start and recorded in progress again: in progress from the postponement."""
    both = validated(
        type(recorded([])),
        {
            "id": "m",
            "title": "t",
            "kind": "seminar",
            "phase": "core",
            "window": "2006-09",
            "status": "postponed",
            "actual": {"start": "2006-05-02"},
            "postponed": {"date": "2006-05-02", "reason": "r", "from_window": "2006-H1"},
        },
    )
    assert milestone_on(both, date(2006, 5, 2)).status == Status.postponed
    resumed = both.model_copy(update={"status": Status.in_progress})
    assert milestone_on(resumed, date(2006, 5, 2)).status == Status.in_progress


def plan_with(ppc_fields: dict[str, object]) -> Plan:
    return validated(
        Plan,
        {
            "id": "p",
            "title": "A plan",
            "period": {"start": "2005-01-01", "end": "2007-12-31"},
            "ppcs": [
                {
                    "id": "ppc-1",
                    "label": "PPC 1",
                    "title": "T",
                    "short_title": "T",
                    "activities": [],
                    "objective": "O",
                    **ppc_fields,
                }
            ],
        },
    )


@pytest.mark.parametrize(
    ("day", "periods"),
    [
        (date(2005, 12, 31), ["2005-H1", "2005-H2"]),
        (date(2006, 1, 1), ["2005-H1", "2005-H2", "2006-H1"]),  # a period from its first day
        (date(2004, 12, 31), []),
    ],
)
def test_values_and_updates_are_known_from_their_periods_first_day(
    day: date, periods: list[str]
) -> None:
    labels = ["2005-H1", "2005-H2", "2006-H1", "2007-H2"]
    plan = plan_with(
        {
            "indicators": [
                {"id": "i", "title": "I", "unit": "u", "values": {k: 1 for k in labels}}
            ],
            "updates": {k: {"progress": "p"} for k in labels},
        }
    )
    ppc = known_on(plan, day).ppcs[0]
    assert list(ppc.indicators[0].values) == periods
    assert list(ppc.updates) == periods


def test_a_review_is_known_from_the_last_periods_first_day() -> None:
    plan = plan_with({"review": {"lessons": ["Start early."]}})
    assert review_known_from(plan) == date(2007, 7, 1)
    assert known_on(plan, date(2007, 6, 30)).ppcs[0].review.lessons == []
    assert known_on(plan, date(2007, 7, 1)).ppcs[0].review.lessons == ["Start early."]


def test_a_plan_with_nothing_later_is_the_same_object() -> None:
    plan = plan_with({"review": {"lessons": ["x"]}})
    assert known_on(plan, date(2008, 1, 1)) is plan
    assert known_on(plan, date(2008, 1, 1) - timedelta(days=400)) is not plan


@settings(max_examples=200, deadline=None)
@given(histories=st.lists(events(), min_size=1, max_size=6), day=DAYS)
def test_a_ppc_as_known_is_each_milestone_as_known(histories: list[list[Event]], day: date) -> None:
    """The PPC keeps a milestone unread when nothing it records is after the day: the
    shortcut gives what cutting each milestone gives, and the very object when unchanged."""
    milestones = [
        recorded(history).model_copy(update={"id": f"m-{n}"}) for n, history in enumerate(histories)
    ]
    plan = plan_with({})
    ppc = plan.ppcs[0].model_copy(update={"milestones": milestones})
    plan = plan.model_copy(update={"ppcs": [ppc]})
    known = known_on(plan, day).ppcs[0].milestones
    assert known == [milestone_known_on(m, day) for m in milestones]
    for before, after in zip(milestones, known, strict=True):
        if after == before:
            assert after is before
