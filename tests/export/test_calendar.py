"""The iCalendar export, read back with the icalendar library."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from commit_cli.core.model import ActualDates, Cancellation, Plan
from commit_cli.core.vocabulary import Status
from commit_cli.export.calendar import calendar_bytes, event_status

DAY = date(2006, 5, 1)


def events(plan: Plan) -> dict[str, object]:
    calendar = Calendar.from_ical(calendar_bytes(plan, DAY))
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_dated_meetings_are_all_day_events_with_stable_uids(plan: Plan) -> None:
    found = events(plan)
    kinds = {"meeting", "seminar", "training", "workshop"}
    expected = {
        f"{m.id}@{plan.id}.commit-plan"
        for p in plan.ppcs
        for m in p.milestones
        if m.kind in kinds and m.window is not None
    }
    assert set(found) == expected
    assert expected
    assert calendar_bytes(plan, DAY) == calendar_bytes(plan, DAY)


def test_an_event_spans_its_actual_dates_once_recorded(plan: Plan) -> None:
    ppc = next(p for p in plan.ppcs if any(m.kind == "seminar" for m in p.milestones))
    seminar = next(m for m in ppc.milestones if m.kind == "seminar").model_copy(
        update={
            "status": Status.done,
            "actual": ActualDates(start=date(2006, 3, 13), end=date(2006, 3, 14)),
        }
    )
    milestones = [seminar if m.id == seminar.id else m for m in ppc.milestones]
    changed = ppc.model_copy(update={"milestones": milestones})
    plan = plan.model_copy(update={"ppcs": [changed if p is ppc else p for p in plan.ppcs]})
    event = events(plan)[f"{seminar.id}@{plan.id}.commit-plan"]
    assert event["dtstart"].dt == date(2006, 3, 13)  # type: ignore[index]
    assert event["dtend"].dt == date(2006, 3, 15)  # type: ignore[index]  # exclusive end
    assert str(event["status"]) == "CONFIRMED"  # type: ignore[index]


def test_status_maps_to_icalendar(plan: Plan) -> None:
    milestone = plan.ppcs[0].milestones[0]
    assert event_status(milestone) == "CONFIRMED"
    assert event_status(milestone, draft_schedule=True) == "TENTATIVE"
    milestone = milestone.model_copy(update={"condition": "if needed"})
    assert event_status(milestone) == "TENTATIVE"
    cancelled = Cancellation(date=date(2006, 1, 1), reason="no funds")
    milestone = milestone.model_copy(update={"status": Status.cancelled, "cancelled": cancelled})
    assert event_status(milestone) == "CANCELLED"


def test_an_events_description_words_its_kind_and_status_for_readers(plan: Plan) -> None:
    ppc = next(p for p in plan.ppcs if any(m.kind == "seminar" for m in p.milestones))
    seminar = next(m for m in ppc.milestones if m.kind == "seminar").model_copy(
        update={"status": Status.in_progress, "actual": ActualDates(start=date(2006, 3, 13))}
    )
    changed = plan.model_copy(
        update={
            "ppcs": [
                p.model_copy(
                    update={
                        "milestones": [seminar if m.id == seminar.id else m for m in p.milestones]
                    }
                )
                if p.id == ppc.id
                else p
                for p in plan.ppcs
            ]
        }
    )
    found = events(changed)[f"{seminar.id}@{plan.id}.commit-plan"]
    description = str(found["description"])  # type: ignore[index]
    assert description.splitlines()[0] == f"{seminar.id} (seminar, in progress)"
