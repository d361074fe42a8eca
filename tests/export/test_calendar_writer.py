"""The calendar is written by the tool itself (RFC 5545), as the `icalendar` library wrote it
before: the same bytes on the bundled and the demo plan and over random hostile text; TEXT
escaped (backslash, semicolon, comma, line breaks); lines folded at 75 octets without
splitting a character's UTF-8 bytes; and what a reader unfolds and unescapes is the text."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from commit_cli.core.model import Plan
from commit_cli.export.calendar import (
    EVENT_KINDS,
    PRODUCT_ID,
    _description,
    calendar_bytes,
    event_days,
    event_status,
    folded,
    text_value,
    uid,
)
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.safetext import visible

DAY = date(2006, 5, 1)


def library_calendar(plan: Plan, day: date) -> bytes:
    """The calendar as the `icalendar` library made it (the export's code until it wrote the
    file itself): the oracle for its bytes."""
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
            event.add("dtend", days[1] + timedelta(days=1))
            event.add("status", event_status(milestone, plan.schedule_is_draft))
            event.add("categories", [str(milestone.kind)])
            event.add("description", _description(milestone))
            calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


@cache
def bundled() -> Plan:
    result = load_plan(FolderSource(REPO / "plan"))
    assert result.plan is not None
    return result.plan


def with_text(plan: Plan, title: str, outcome: str, condition: str) -> Plan:
    """The plan with every event's title, outcome and condition replaced."""
    ppcs = []
    for ppc in plan.ppcs:
        milestones = [
            m.model_copy(update={"title": title, "outcome": outcome, "condition": condition})
            if m.kind in EVENT_KINDS
            else m
            for m in ppc.milestones
        ]
        ppcs.append(ppc.model_copy(update={"milestones": milestones}))
    return plan.model_copy(update={"ppcs": ppcs})


def test_the_bundled_calendar_is_the_librarys_byte_for_byte(plan: Plan) -> None:
    for one in (plan, bundled()):
        for day in (DAY, date(2007, 12, 31)):
            ours = calendar_bytes(one, day)
            assert ours.count(b"BEGIN:VEVENT") >= 5
            assert ours == library_calendar(one, day)


# Where this writer and the library part, the library was wrong: it turned `\N` in a text
# into a line break (RFC 5545 has no such rule for a writer's TEXT value) and left the
# calendar's name (X-WR-CALNAME, a TEXT by convention) unescaped, crashing on a line break.
# The library writes control characters and bidi overrides raw; this writer shows them as
# escapes (below), so the comparison is over text without them.
LIBRARY_TEXT = st.text(
    st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from(list(',;\\\n\r^:"é€😀')),
    min_size=1,
    max_size=200,
).filter(lambda text: "\\N" not in text and visible(text) == text)
HOSTILE = st.text(
    st.characters(exclude_categories=["Cs"])
    | st.sampled_from(list(',;\\\n\r^:"é€😀\u202e\x1b\x00')),
    min_size=1,
    max_size=200,
).filter(lambda text: "\\N" not in text)  # the library's reader makes \N a line break


@settings(max_examples=60, deadline=None)
@given(title=LIBRARY_TEXT, outcome=LIBRARY_TEXT, condition=LIBRARY_TEXT)
def test_hostile_text_gives_the_librarys_bytes(title: str, outcome: str, condition: str) -> None:
    changed = with_text(bundled(), title, outcome, condition)
    assert calendar_bytes(changed, DAY) == library_calendar(changed, DAY)


@settings(max_examples=60, deadline=None)
@given(title=HOSTILE, outcome=HOSTILE)
def test_lines_are_folded_at_75_octets_and_read_back_as_the_text(title: str, outcome: str) -> None:
    changed = with_text(bundled(), title, outcome, "")
    data = calendar_bytes(changed, DAY)
    assert data.endswith(b"\r\n")
    for line in data[:-2].split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character cut in two
    events = Calendar.from_ical(data).walk("VEVENT")
    assert events
    for event in events:
        summary = str(event["summary"])
        shown = visible(title.replace("\r\n", "\n").replace("\r", "\n"))
        assert summary.split(": ", 1)[1] == shown  # control characters as visible escapes


def test_control_characters_and_bidi_overrides_are_shown_as_escapes() -> None:
    # the escape's backslash is itself escaped, so a reader shows `\x1b`, never the character
    expected = "a\\\\x00b\\\\x1b[31mc\\\\u202ed\\\\x7f\te"
    assert text_value("a\x00b\x1b[31mc\u202ed\x7f\te") == expected


def test_text_is_escaped_as_rfc_5545_says() -> None:
    assert text_value("a,b;c\\d\ne\r\nf\rg") == "a\\,b\\;c\\\\d\\ne\\nf\\ng"
    assert text_value("C:\\New") == "C:\\\\New"  # a backslash before N stays a backslash


def test_folding_cuts_between_characters_and_never_after_an_escapes_backslash() -> None:
    assert folded("x" * 74) == "x" * 74
    assert folded("x" * 75) == "x" * 74 + "\r\n x"
    assert folded("x" * 73 + "\\,") == "x" * 73 + "\r\n \\,"
    line = "SUMMARY:" + "é" * 40  # two octets each
    pieces = folded(line).split("\r\n ")
    assert all(len(piece.encode()) <= 74 for piece in pieces)
    assert "".join(pieces) == line
    assert folded("€" * 30).split("\r\n ")[0] == "€" * 24  # 72 octets: the next would be 75


def test_the_calendars_name_is_escaped_too(plan: Plan) -> None:
    named = plan.model_copy(update={"short_title": "Plan, phase 1; A\\B\nnext"})
    data = calendar_bytes(named, DAY)
    assert b"X-WR-CALNAME:Plan\\, phase 1\\; A\\\\B\\nnext\r\n" in data
    Calendar.from_ical(data)  # read back whole (the library keeps this name's escapes)
