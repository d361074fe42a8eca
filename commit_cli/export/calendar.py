"""The plan's dated meetings, seminars, trainings and workshops as an iCalendar file.

Each is an all-day event over its actual dates once it has them, else over its planned
window (for a postponed one, the new window). The UID comes from the milestone id and the
plan id, so a calendar that subscribes to or re-imports the file updates its events instead
of doubling them. DTSTAMP is the day the plan speaks for (today, or a revision's commit day),
so the same plan on the same day gives the same file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from commit_cli import wording
from commit_cli.core.model import Milestone, Plan
from commit_cli.core.vocabulary import MilestoneKind, Status

EVENT_KINDS = frozenset(
    {MilestoneKind.meeting, MilestoneKind.seminar, MilestoneKind.training, MilestoneKind.workshop}
)
PRODUCT_ID = "-//commit-cli//COMMIT plan calendar//EN"


def event_days(milestone: Milestone) -> tuple[date, date] | None:
    """First and last day of the event: actual dates when recorded, else the window."""
    actual = milestone.actual
    if actual is not None and actual.start is not None:
        return actual.start, actual.end or actual.start
    if milestone.window is not None:
        return milestone.window.start, milestone.window.end
    return None


def event_status(milestone: Milestone, draft_schedule: bool = False) -> str:
    """iCalendar's STATUS: cancelled is CANCELLED; a postponed one, and a planned one that is
    conditional or whose window comes from a draft schedule, is TENTATIVE; the rest (in
    progress, done, planned on an agreed schedule) are CONFIRMED."""
    if milestone.status == Status.cancelled:
        return "CANCELLED"
    planned = milestone.status == Status.planned
    if milestone.status == Status.postponed or (
        planned and (milestone.condition is not None or draft_schedule)
    ):
        return "TENTATIVE"
    return "CONFIRMED"


def uid(plan: Plan, milestone: Milestone) -> str:
    return f"{milestone.id}@{plan.id}.commit-plan"


def calendar_bytes(plan: Plan, day: date) -> bytes:
    """The iCalendar file (RFC 5545) for `plan`, stamped with `day`."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", plan.short_title or plan.title)
    stamp = datetime.combine(day, time(), tzinfo=UTC)
    for ppc in plan.ppcs:
        for milestone in ppc.milestones:
            days = event_days(milestone) if milestone.kind in EVENT_KINDS else None
            if days is None:
                continue
            event = Event()
            event.add("uid", uid(plan, milestone))
            event.add("dtstamp", stamp)
            event.add("summary", f"{ppc.label}: {milestone.title}")
            event.add("dtstart", days[0])
            event.add("dtend", days[1] + timedelta(days=1))  # all-day ends are exclusive
            event.add("status", event_status(milestone, plan.schedule_is_draft))
            event.add("categories", [str(milestone.kind)])
            event.add("description", _description(milestone))
            calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _description(milestone: Milestone) -> str:
    kind, status = wording.kind(milestone.kind), wording.status(milestone.status)
    lines = [f"{milestone.id} ({kind}, {status})"]
    if milestone.countries:
        lines.append("Countries: " + ", ".join(milestone.countries))
    if milestone.condition:
        lines.append(f"Condition: {milestone.condition}")
    if milestone.postponed is not None:
        lines.append(f"Postponed: {milestone.postponed.reason}")
    if milestone.cancelled is not None:
        lines.append(f"Cancelled: {milestone.cancelled.reason}")
    if milestone.outcome:
        lines.append(f"Outcome: {milestone.outcome}")
    return "\n".join(lines)
