"""The plan's dated meetings, seminars, trainings and workshops as an iCalendar file.

Each is an all-day event over its actual dates once it has them, else over its planned
window (for a postponed one, the new window). The UID comes from the milestone id and the
plan id, so a calendar that subscribes to or re-imports the file updates its events instead
of doubling them. DTSTAMP is the day the plan speaks for (today, or a revision's commit day),
so the same plan on the same day gives the same file.

The file is written here, not by a library: its few kinds of line are simple, and the
`icalendar` library cost seconds on a plan of thousands of events. Its bytes are the ones
that library wrote (tests/export/test_calendar_writer.py holds it as the oracle), but where
it was wrong: a backslash before `N` in a text stays a backslash, and the calendar's name
is escaped as a TEXT.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from commit_cli import wording
from commit_cli.core.model import PPC, Milestone, Plan
from commit_cli.core.vocabulary import MilestoneKind, Status
from commit_cli.export.parts import Part, given, joined
from commit_cli.safetext import visible

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
    """The iCalendar file (RFC 5545) for `plan`, stamped with `day`: properties in the order
    the `icalendar` library wrote them (SUMMARY, DTSTART, DTEND, DTSTAMP, UID, then the
    rest A to Z)."""
    return joined(calendar_parts(plan, day))


def calendar_parts(plan: Plan, day: date) -> list[Part]:
    """`calendar_bytes` in parts (`export.parts`): the calendar's start, each PPC's events
    (keyed by its id) and its end."""
    start = _lines(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{text_value(PRODUCT_ID)}",
            f"X-WR-CALNAME:{text_value(plan.short_title or plan.title)}",
        ]
    )
    stamp = f"DTSTAMP:{day:%Y%m%d}T000000Z"
    parts: list[Part] = [(None, given(start))]
    parts += [(ppc.id, partial(_events, plan, ppc, stamp)) for ppc in plan.ppcs]
    parts.append((None, given(_lines(["END:VCALENDAR"]))))
    return parts


def _lines(lines: list[str]) -> bytes:
    return "".join(folded(line) + "\r\n" for line in lines).encode("utf-8")


def _events(plan: Plan, ppc: PPC, stamp: str) -> bytes:
    lines: list[str] = []
    for milestone in ppc.milestones:
        days = event_days(milestone) if milestone.kind in EVENT_KINDS else None
        if days is None:
            continue
        end = days[1] + timedelta(days=1)  # all-day ends are exclusive
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{text_value(f'{ppc.label}: {milestone.title}')}",
            f"DTSTART;VALUE=DATE:{days[0]:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            stamp,
            f"UID:{text_value(uid(plan, milestone))}",
            f"CATEGORIES:{text_value(str(milestone.kind))}",
            f"DESCRIPTION:{text_value(_description(milestone))}",
            f"STATUS:{event_status(milestone, plan.schedule_is_draft)}",
            "END:VEVENT",
        ]
    return _lines(lines)


def text_value(text: str) -> str:
    """A TEXT value escaped as RFC 5545 (3.3.11) says: a backslash, a semicolon and a comma
    behind a backslash, and each line break (CRLF, LF or a lone CR) as `\\n`. A control
    character (which TEXT may not hold) or a bidi override is written as its visible escape
    (`\\x1b`), as everywhere plan text is shown (`safetext`)."""
    shown = visible(text.replace("\r\n", "\n").replace("\r", "\n"))
    return shown.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


FOLD_AT = 75  # octets: a line is cut before the character that would reach it


def folded(line: str) -> str:
    """A content line folded as RFC 5545 (3.1) says: no line longer than 75 octets (74,
    and the space that starts a continued line), cut between characters (never inside one's
    UTF-8 bytes) by CRLF and a space. An escape's
    backslash is never left at the end of a line: it moves to the next, with what it
    escapes (as the `icalendar` library folds, for readers that need it so)."""
    if line.isascii():
        return _folded_ascii(line)
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= FOLD_AT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, count = [carried], len(carried.encode("utf-8"))
            else:
                pieces.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _folded_ascii(line: str) -> str:
    """`folded` for a line of one-octet characters, by slices."""
    width = FOLD_AT - 1
    if len(line) <= width:
        return line
    pieces = []
    start = 0
    while len(line) - start > width:
        piece = line[start : start + width]
        if piece[-1] in "\\^":
            piece = piece[:-1]
        pieces.append(piece)
        start += len(piece)
    pieces.append(line[start:])
    return "\r\n ".join(pieces)


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
