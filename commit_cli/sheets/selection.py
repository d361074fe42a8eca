"""Which part of the plan a workbook is for (`layout.Selection`), from what a person asked
(`--country`, `--ppc`, `--period`) or from what a workbook records it was made for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from commit_cli.core.model import Plan
from commit_cli.core.periods import PeriodError, ReportingCalendar, ReportingPeriod, Span
from commit_cli.errors import UsageError
from commit_cli.query.index import PlanIndex
from commit_cli.query.scope import unknown_error
from commit_cli.sheets.layout import Selection


def calendar_of(plan: Plan) -> ReportingCalendar:
    return ReportingCalendar(
        Span(plan.period.start, plan.period.end), plan.reporting.cadence_months
    )


def reporting_period(plan: Plan, label: str | None, today: date) -> ReportingPeriod:
    """The period `label` names, else the one holding today (the plan's first or last
    when today is outside the plan)."""
    calendar = calendar_of(plan)
    if label is not None:
        try:
            return calendar.parse(label.strip())
        except PeriodError as exc:
            raise UsageError(f"--period {label}: {exc}") from None
    found = calendar.containing(today)
    if found is not None:
        return found
    return calendar.first if today < calendar.span.start else calendar.last


def selection(
    plan: Plan,
    index: PlanIndex,
    country: str | None,
    ppcs: Sequence[str],
    period: str | None,
    today: date,
    missing_only: bool = False,
) -> Selection:
    """The selection a person asked for; NotFound for a country or PPC the plan does not
    have, UsageError for a period it does not have."""
    code = country.strip().upper() if country else None
    codes = list(index.country_codes)
    if code is not None and code not in codes:
        raise unknown_error("country", country or "", codes)
    known = [ppc.id for ppc in plan.ppcs]
    for ident in ppcs:
        if ident.strip() not in known:
            raise unknown_error("PPC", ident, known)
    return Selection(
        code,
        tuple(ident.strip() for ident in ppcs),
        reporting_period(plan, period, today),
        narrow_to_period=period is not None,
        missing_only=missing_only,
    )


def recorded_selection(plan: Plan, about: Mapping[str, object], name: str) -> Selection:
    """The selection a workbook records it was made for; UsageError when it names a period
    the plan no longer has."""
    country = about.get("country")
    ppcs = about.get("ppcs")
    label = about.get("period")
    if not isinstance(label, str):
        raise UsageError(f"{name}: its record names no reporting period; export it again")
    try:
        period = calendar_of(plan).parse(label)
    except PeriodError as exc:
        raise UsageError(f"{name}: its period {label}: {exc}; export it again") from None
    return Selection(
        country if isinstance(country, str) else None,
        tuple(ppcs.split(",")) if isinstance(ppcs, str) else (),
        period,
        about.get("narrowed to period") == "yes",
        about.get("missing only") == "yes",
    )
