"""Period arithmetic: specs, dates, reporting periods and a plan's reporting calendar."""

from __future__ import annotations

import re
from datetime import date

import pytest

from commit_cli.core.model import Window
from commit_cli.core.periods import (
    PeriodError,
    ReportingCalendar,
    Span,
    date_hint,
    next_period,
    parse_date,
    parse_period_label,
    parse_period_spec,
    period_containing,
    reporting_periods,
    span_label,
    span_of,
)

PLAN = Span(date(2005, 1, 1), date(2007, 12, 31))


def test_parse_date_reads_iso_dates_only() -> None:
    assert parse_date("2006-06-30") == date(2006, 6, 30)
    assert parse_date(" 2006-06-30 ") == date(2006, 6, 30)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2006-6-30", "not a date"),
        ("20060630", "not a date"),
        ("2006-W26", "not a date"),
        ("2006-H1", "not a date"),
        ("yesterday", "not a date"),
        ("2006-02-30", "not a real date"),
        ("2006-13-01", "not a real date"),
    ],
)
def test_parse_date_rejects_anything_else(text: str, reason: str) -> None:
    with pytest.raises(PeriodError, match=reason):
        parse_date(text)


def test_span_days_and_elapsed() -> None:
    assert PLAN.days == 365 + 365 + 365
    assert PLAN.elapsed(date(2004, 12, 31)) == 0.0
    assert PLAN.elapsed(date(2005, 1, 1)) == pytest.approx(1 / PLAN.days)
    assert PLAN.elapsed(date(2006, 7, 2)) == pytest.approx(548 / PLAN.days)
    assert PLAN.elapsed(date(2007, 12, 31)) == 1.0
    assert PLAN.elapsed(date(2009, 1, 1)) == 1.0


def test_a_window_spans_its_first_day_to_its_last() -> None:
    window = Window(start=date(2005, 3, 1), end=date(2005, 3, 4))
    assert span_of(window) == Span(date(2005, 3, 1), date(2005, 3, 4))
    assert span_of(window).days == 4


@pytest.mark.parametrize(
    ("cadence", "day", "label", "start", "end"),
    [
        (6, date(2006, 6, 30), "2006-H1", date(2006, 1, 1), date(2006, 6, 30)),
        (6, date(2006, 7, 1), "2006-H2", date(2006, 7, 1), date(2006, 12, 31)),
        (3, date(2006, 5, 17), "2006-Q2", date(2006, 4, 1), date(2006, 6, 30)),
        (1, date(2008, 2, 29), "2008-02", date(2008, 2, 1), date(2008, 2, 29)),
        (12, date(2006, 5, 17), "2006", date(2006, 1, 1), date(2006, 12, 31)),
    ],
)
def test_period_containing(cadence: int, day: date, label: str, start: date, end: date) -> None:
    period = period_containing(day, cadence)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert period.contains(day)
    assert str(period) == label


def test_next_crosses_a_year_boundary() -> None:
    h2 = period_containing(date(2005, 9, 1), 6)
    assert next_period(h2, 6).label == "2006-H1"


def test_reporting_periods_of_the_plan_are_its_half_years() -> None:
    labels = [p.label for p in reporting_periods(PLAN, 6)]
    assert labels == ["2005-H1", "2005-H2", "2006-H1", "2006-H2", "2007-H1", "2007-H2"]
    assert len(reporting_periods(PLAN, 1)) == 36


def test_parse_period_label_must_name_one_reporting_period() -> None:
    assert parse_period_label("2006-H2", 6).start == date(2006, 7, 1)
    with pytest.raises(PeriodError, match="not a reporting period"):
        parse_period_label("2006-Q1", 6)
    with pytest.raises(PeriodError, match="not a period"):
        parse_period_label("2006-H3", 6)


def test_calendar_answers_inside_the_plan_only() -> None:
    calendar = ReportingCalendar(PLAN, 6)
    assert (calendar.first.label, calendar.last.label) == ("2005-H1", "2007-H2")
    current = calendar.containing(date(2006, 3, 1))
    assert current is not None
    assert current.label == "2006-H1"
    assert calendar.containing(date(2004, 12, 31)) is None
    assert calendar.containing(date(2008, 1, 1)) is None
    following = calendar.next(current)
    assert following is not None
    assert following.label == "2006-H2"
    before = calendar.previous(current)
    assert before is not None
    assert before.label == "2005-H2"
    assert calendar.next(calendar.last) is None
    assert calendar.previous(calendar.first) is None


def test_calendar_parse_refuses_periods_outside_the_plan() -> None:
    calendar = ReportingCalendar(PLAN, 6)
    assert calendar.parse("2007-H2") == calendar.last
    with pytest.raises(PeriodError, match="outside the plan period"):
        calendar.parse("2008-H1")
    with pytest.raises(PeriodError, match="not one of the plan's reporting periods"):
        calendar.next(period_containing(date(2009, 1, 1), 6))


def test_calendar_of_a_plan_starting_mid_period() -> None:
    calendar = ReportingCalendar(Span(date(2005, 3, 1), date(2006, 2, 28)), 6)
    assert [p.label for p in calendar.periods] == ["2005-H1", "2005-H2", "2006-H1"]
    assert calendar.containing(date(2005, 2, 1)) is None
    with pytest.raises(PeriodError):
        ReportingCalendar(PLAN, 5)


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2006-01-01", "2006-12-31", "2006"),
        ("2006-01-01", "2006-06-30", "2006-H1"),
        ("2006-07-01", "2006-09-30", "2006-Q3"),
        ("2006-03-01", "2006-03-31", "2006-03"),
        ("2006-05-17", "2006-05-17", "2006-05-17"),
        ("2005-01-01", "2007-12-31", "2005 to 2007"),
        ("2005-07-01", "2006-06-30", "2005-H2 to 2006-H1"),
        ("2006-07-01", "2006-08-31", "2006-07 to 2006-08"),
        ("2006-02-03", "2007-06-30", "2006-02-03 to 2007-H1"),
    ],
)
def test_span_label_is_the_shortest_spec_that_reads_back(start: str, end: str, label: str) -> None:
    span = Span(date.fromisoformat(start), date.fromisoformat(end))
    assert span_label(span) == label
    first, _, last = label.partition(" to ")
    assert parse_period_spec(first).start == span.start
    assert parse_period_spec(last or first).end == span.end


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("14/03/2006", "write dates as YYYY-MM-DD (2006-03-14)"),
        ("14.3.2006", "write dates as YYYY-MM-DD (2006-03-14)"),
        ("2006/03/14", "write dates as YYYY-MM-DD (2006-03-14)"),
        ("14 March 2006", "write dates as YYYY-MM-DD (2006-03-14)"),
        ("March 14, 2006", "write dates as YYYY-MM-DD (2006-03-14)"),
        ("2006-10-01T00:00:00Z", "write dates as YYYY-MM-DD (2006-10-01)"),
        ("3/4/2006", "write dates as YYYY-MM-DD (2006-04-03 if 3/4/2006 is 3 April)"),
        ("31/02/2006", "write dates as YYYY-MM-DD, e.g. 2006-06-30"),
        ("soon", "write dates as YYYY-MM-DD, e.g. 2006-06-30"),
    ],
)
def test_a_date_written_another_way_gets_the_way_to_write_it(text: str, hint: str) -> None:
    assert date_hint(text) == hint
    with pytest.raises(PeriodError, match=re.escape(hint)):
        parse_date(text)
