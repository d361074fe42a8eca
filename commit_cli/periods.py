"""Calendar periods: parsing period specs and reporting-period arithmetic.

A *period spec* is how plan files name a span of time: a year (``2006``), a half-year
(``2006-H1``), a quarter (``2006-Q3``), a month (``2006-05``) or a day (``2006-05-17``).
Reporting periods are calendar-aligned spans of ``cadence_months`` months; with the
six-monthly cadence of the COMMIT plan they are half-years labelled ``2005-H1`` … ``2007-H2``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

PERIOD_SPEC_HELP = "YYYY, YYYY-H1/H2, YYYY-Q1..Q4, YYYY-MM or YYYY-MM-DD"
VALID_CADENCES = (1, 3, 6, 12)

_SPEC = re.compile(
    r"^(?P<year>\d{4})(?:-(?:H(?P<half>[12])|Q(?P<quarter>[1-4])"
    r"|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?$"
)


class PeriodError(ValueError):
    """A period spec or label that cannot be read."""


@dataclass(frozen=True, order=True)
class Span:
    """An inclusive span of days."""

    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start <= other.end and other.start <= self.end


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def parse_period_spec(text: str) -> Span:
    """The span a period spec names; raises PeriodError with a readable reason."""
    match = _SPEC.match(text.strip())
    if match is None:
        raise PeriodError(f"'{text}' is not a period; write {PERIOD_SPEC_HELP}")
    year = int(match["year"])
    if match["half"]:
        first = 1 if match["half"] == "1" else 7
        return Span(date(year, first, 1), month_end(year, first + 5))
    if match["quarter"]:
        first = (int(match["quarter"]) - 1) * 3 + 1
        return Span(date(year, first, 1), month_end(year, first + 2))
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise PeriodError(f"'{text}' has month {month}; months run from 01 to 12")
        if match["day"]:
            try:
                day = date(year, month, int(match["day"]))
            except ValueError as exc:
                raise PeriodError(f"'{text}' is not a real date ({exc})") from None
            return Span(day, day)
        return Span(date(year, month, 1), month_end(year, month))
    return Span(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True, order=True)
class ReportingPeriod:
    """One calendar-aligned reporting period, e.g. 2006-H1 for a six-monthly cadence."""

    span: Span
    label: str

    @property
    def start(self) -> date:
        return self.span.start

    @property
    def end(self) -> date:
        return self.span.end


def period_label(start: date, cadence_months: int) -> str:
    if cadence_months == 12:
        return f"{start.year}"
    if cadence_months == 6:
        return f"{start.year}-H{1 if start.month <= 6 else 2}"
    if cadence_months == 3:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def period_containing(day: date, cadence_months: int) -> ReportingPeriod:
    """The calendar-aligned reporting period that contains `day`."""
    if cadence_months not in VALID_CADENCES:
        raise PeriodError(f"a reporting cadence must be one of {VALID_CADENCES} months")
    first_month = (day.month - 1) // cadence_months * cadence_months + 1
    start = date(day.year, first_month, 1)
    end = add_months(start, cadence_months) - timedelta(days=1)
    return ReportingPeriod(Span(start, end), period_label(start, cadence_months))


def next_period(period: ReportingPeriod, cadence_months: int) -> ReportingPeriod:
    return period_containing(add_months(period.start, cadence_months), cadence_months)


def previous_period(period: ReportingPeriod, cadence_months: int) -> ReportingPeriod:
    return period_containing(add_months(period.start, -cadence_months), cadence_months)


def reporting_periods(plan_span: Span, cadence_months: int) -> list[ReportingPeriod]:
    """Every reporting period that overlaps the plan, in order."""
    periods = [period_containing(plan_span.start, cadence_months)]
    while periods[-1].end < plan_span.end:
        periods.append(next_period(periods[-1], cadence_months))
    return periods


def parse_period_label(label: str, cadence_months: int) -> ReportingPeriod:
    """The reporting period a label names; the label must name exactly one period."""
    span = parse_period_spec(label)
    period = period_containing(span.start, cadence_months)
    if period.span != span:
        raise PeriodError(
            f"'{label}' is not a reporting period of a {cadence_months}-monthly cadence"
            f" (e.g. '{period.label}')"
        )
    return period
