"""Calendar periods: parsing period specs and reporting-period arithmetic.

A *period spec* is how plan files name a span of time: a year (``2006``), a half-year
(``2006-H1``), a quarter (``2006-Q3``), a month (``2006-05``) or a day (``2006-05-17``).
Reporting periods are calendar-aligned spans of ``cadence_months`` months; with the
six-monthly cadence of the COMMIT plan they are half-years labelled ``2005-H1`` … ``2007-H2``.
`ReportingCalendar` binds a plan's period and cadence together: the periods of the plan,
the one containing a day, the next and previous ones, and labels parsed against them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Protocol

PERIOD_SPEC_HELP = "YYYY, YYYY-H1/H2, YYYY-Q1..Q4, YYYY-MM or YYYY-MM-DD"
MIN_YEAR, MAX_YEAR = 1900, 2999  # plans live well inside; arithmetic near date.max would fail
VALID_CADENCES = (1, 3, 6, 12)

# ASCII digits only: Python's int() also reads Arabic-Indic or fullwidth digits, which would
# let a period key that looks different from '2006-H1' mean the same period.
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_SPEC = re.compile(
    r"^(?P<year>[0-9]{4})(?:-(?:H(?P<half>[12])|Q(?P<quarter>[1-4])"
    r"|(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?))?$"
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

    @property
    def days(self) -> int:
        """How many days the span holds (both ends counted)."""
        return (self.end - self.start).days + 1

    def elapsed(self, day: date) -> float:
        """How far through the span `day` is, from 0.0 (before it starts) to 1.0 (its last
        day or later); the first day counts as one day done."""
        if day < self.start:
            return 0.0
        if day >= self.end:
            return 1.0
        return ((day - self.start).days + 1) / self.days


class Bounded(Protocol):
    """Anything with a first and a last day, such as a window of the plan."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


def span_of(window: Bounded) -> Span:
    """The span from `window`'s first day to its last."""
    return Span(window.start, window.end)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def check_year(day: date, text: str | None = None) -> date:
    """`day`, if its year is one a plan can use; else a PeriodError."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise PeriodError(
            f"'{text or day}' is out of range; years run from {MIN_YEAR} to {MAX_YEAR}"
        )
    return day


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month. Dates a year or two past
    the plan years are allowed, so the period after (or before) any plan date exists."""
    index = day.year * 12 + (day.month - 1) + months
    if not MIN_YEAR - 2 <= index // 12 <= MAX_YEAR + 2:
        raise PeriodError(f"{day} is out of range; years run from {MIN_YEAR} to {MAX_YEAR}")
    return date(index // 12, index % 12 + 1, 1)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})?\s*([A-Za-z]+)\.?\s*(\d{1,2})?,?\s+(\d{4})$")


def _real(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_hint(text: str) -> str:
    """How to write `text` as a date, when it looks like one written another way:
    `write dates as YYYY-MM-DD (2006-03-14)`. Day and month written as numbers are read
    day first (14/03/2006), as the plan's countries write them; when either could be the
    month, the hint says which reading it took."""
    value = str(text).strip()
    found: date | None = None
    if match := _DAY_FIRST.match(value):
        day, month, year = (int(part) for part in match.groups())
        found = _real(year, month, day)
        if found is not None and day <= 12 and day != month:
            return (
                f"write dates as YYYY-MM-DD ({found.isoformat()} if {value} is"
                f" {day} {calendar.month_name[month]})"
            )
    elif match := _YEAR_FIRST.match(value):
        year, month, day = (int(part) for part in match.groups())
        found = _real(year, month, day)
    elif match := _WORDS.match(value):
        before, name, after, year_text = match.groups()
        named = _MONTHS.get(name.lower())
        day_text = before or after
        if named is not None and day_text is not None:
            found = _real(int(year_text), named, int(day_text))
    elif DATE_PATTERN.match(value[:10]) and value[10:11] in ("T", " "):  # a date with a time
        found = _real(int(value[:4]), int(value[5:7]), int(value[8:10]))
    if found is None:
        return "write dates as YYYY-MM-DD, e.g. 2006-06-30"
    return f"write dates as YYYY-MM-DD ({found.isoformat()})"


def parse_date(text: str) -> date:
    """A calendar date written YYYY-MM-DD; raises PeriodError with a readable reason."""
    value = text.strip()
    if DATE_PATTERN.match(value) is None:
        raise PeriodError(f"'{text}' is not a date; {date_hint(value)}")
    try:
        return check_year(date.fromisoformat(value), text)
    except ValueError as exc:
        raise PeriodError(f"'{text}' is not a real date ({exc})") from None


def parse_period_spec(text: str) -> Span:
    """The span a period spec names; raises PeriodError with a readable reason."""
    match = _SPEC.match(text.strip())
    if match is None:
        raise PeriodError(
            f"'{text}' is not a period or a date; {date_hint(text)}, periods as YYYY,"
            " YYYY-H1/H2, YYYY-Q1..Q4 or YYYY-MM"
        )
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"'{text}' is out of range; years run from {MIN_YEAR} to {MAX_YEAR}")
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


def _specs_around(day: date) -> list[str]:
    """The specs of the periods holding `day`, longest first: year, half, quarter, month, day."""
    return [
        f"{day.year}",
        f"{day.year}-H{1 if day.month <= 6 else 2}",
        f"{day.year}-Q{(day.month - 1) // 3 + 1}",
        f"{day.year}-{day.month:02d}",
        day.isoformat(),
    ]


@lru_cache(maxsize=4096)
def span_label(span: Span) -> str:
    """The shortest way to write `span` with period specs: `2006-H1` when it is one period,
    else `START to END`, each end the longest period that fits (`2005 to 2007-H1`).
    Remembered: a plan's windows are few spans written thousands of times (a site of ten
    thousand milestones wrote them in seconds)."""
    starts = [s for s in _specs_around(span.start) if parse_period_spec(s).start == span.start]
    ends = [s for s in _specs_around(span.end) if parse_period_spec(s).end == span.end]
    for spec in starts:
        if parse_period_spec(spec) == span:
            return spec
    start = next(s for s in starts if parse_period_spec(s).end <= span.end)
    end = next(s for s in ends if parse_period_spec(s).start >= span.start)
    return f"{start} to {end}"


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

    def contains(self, day: date) -> bool:
        return self.span.contains(day)

    def __str__(self) -> str:
        return self.label


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


def reporting_periods(plan_span: Span, cadence_months: int) -> list[ReportingPeriod]:
    """Every reporting period that overlaps the plan, in order."""
    periods = [period_containing(plan_span.start, cadence_months)]
    while periods[-1].end < plan_span.end:
        periods.append(next_period(periods[-1], cadence_months))
    return periods


@cache
def parse_period_label(label: str, cadence_months: int) -> ReportingPeriod:
    """The reporting period a label names; the label must name exactly one period and be
    written exactly (no spaces around it). Remembered: a large plan names a handful of
    periods thousands of times, and periods are immutable."""
    if label != label.strip():
        raise PeriodError(f"'{label}' has spaces around it; write '{label.strip()}'")
    span = parse_period_spec(label)
    period = period_containing(span.start, cadence_months)
    if period.span != span:
        raise PeriodError(
            f"'{label}' is not a reporting period of a {cadence_months}-monthly cadence"
            f" (e.g. '{period.label}')"
        )
    return period


class ReportingCalendar:
    """The reporting periods of one plan: its period and its cadence, together.

    `periods` are those that overlap the plan, in order; `containing`, `next` and `previous`
    answer inside the plan and return None outside it, so callers never invent periods the
    plan does not have. Calendar-wide arithmetic is in the module functions above.
    """

    def __init__(self, plan_span: Span, cadence_months: int) -> None:
        if cadence_months not in VALID_CADENCES:
            raise PeriodError(f"a reporting cadence must be one of {VALID_CADENCES} months")
        self.span = plan_span
        self.cadence_months = cadence_months
        self.periods = reporting_periods(plan_span, cadence_months)
        self._index = {period.label: i for i, period in enumerate(self.periods)}

    def __repr__(self) -> str:
        return f"ReportingCalendar({self.first.label}…{self.last.label})"

    @property
    def first(self) -> ReportingPeriod:
        return self.periods[0]

    @property
    def last(self) -> ReportingPeriod:
        return self.periods[-1]

    def containing(self, day: date) -> ReportingPeriod | None:
        """The plan's reporting period that holds `day`, or None outside the plan."""
        if not self.span.contains(day):
            return None
        return self.periods[self._index[period_containing(day, self.cadence_months).label]]

    def _step(self, period: ReportingPeriod, step: int) -> ReportingPeriod | None:
        index = self._index.get(period.label)
        if index is None:
            raise PeriodError(f"{period.label} is not one of the plan's reporting periods")
        index += step
        return self.periods[index] if 0 <= index < len(self.periods) else None

    def next(self, period: ReportingPeriod) -> ReportingPeriod | None:
        """The period after `period`, or None after the plan's last one."""
        return self._step(period, 1)

    def previous(self, period: ReportingPeriod) -> ReportingPeriod | None:
        """The period before `period`, or None before the plan's first one."""
        return self._step(period, -1)

    def parse(self, label: str) -> ReportingPeriod:
        """The plan's reporting period `label` names; raises PeriodError otherwise."""
        period = parse_period_label(label, self.cadence_months)
        if period.label not in self._index:
            raise PeriodError(
                f"{period.label} is outside the plan period"
                f" ({self.first.label} to {self.last.label})"
            )
        return period
