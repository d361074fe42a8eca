"""The pieces every report context shares: dates, spans and periods as JSON, counts, links,
the plan's countries, the header and the plan, a PPC and its updates, and the period and day
a report is for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from commit_cli import wording
from commit_cli.core.model import PPC, Attendance, Plan, Window
from commit_cli.core.periods import (
    PeriodError,
    ReportingCalendar,
    ReportingPeriod,
    Span,
    span_of,
)
from commit_cli.core.record import iso, json_number
from commit_cli.core.vocabulary import Status
from commit_cli.errors import NotFound, UsageError
from commit_cli.query.status import Counts

JsonDict = dict[str, Any]

CONTEXT_VERSION = 1
_SAFE_SCHEMES = ("http", "https")


def span_json(span: Span | Window | None) -> JsonDict | None:
    """`{start, end, label}`: label is the shortest period spec for it (`2006-H1`,
    `2005 to 2007`)."""
    if span is None:
        return None
    return {
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "label": wording.period(span),
    }


def period_json(period: ReportingPeriod | None) -> JsonDict | None:
    if period is None:
        return None
    return {"label": period.label, "start": iso(period.start), "end": iso(period.end)}


def whole_percent(share: float) -> int:
    """A share as a whole percentage, a number of the context (0.5 → 50; a template prints
    it with the `percent` filter)."""
    return round(share * 100)


def safe_href(url: str | None) -> str | None:
    """The link to emit for a `report:` value: an http(s) URL with a host, or a relative
    path; None for anything else (`javascript:`, `data:`, `//host`, text with spaces or
    control characters), which reports then show as text only."""
    if not url:
        return None
    text = url.strip()
    if not text or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return None
    if text.startswith(("//", "\\")) or "\\" in text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme:
        return text if parts.scheme.lower() in _SAFE_SCHEMES and parts.netloc else None
    return None if ":" in text.split("/", 1)[0] else text


def link(text: str | None) -> JsonDict | None:
    return None if text is None else {"text": text, "href": safe_href(text)}


class Countries:
    """The plan's countries by code, in the plan's order."""

    def __init__(self, plan: Plan) -> None:
        self.names = {country.code: country.name for country in plan.countries}
        self.order = {country.code: i for i, country in enumerate(plan.countries)}

    def named(self, counts: dict[str, float]) -> list[JsonDict]:
        codes = sorted(counts, key=lambda code: (self.order.get(code, len(self.order)), code))
        return [
            {"code": code, "name": self.names.get(code, code), "value": json_number(counts[code])}
            for code in codes
        ]

    def to_json(self) -> list[JsonDict]:
        return [{"code": code, "name": name} for code, name in self.names.items()]


def attendance_json(attended: Attendance | None, countries: Countries) -> JsonDict | None:
    if attended is None:
        return None
    return {
        "total": attended.total,
        "women": attended.women,
        "men": attended.men,
        "countries": countries.named(dict(attended.by_country)),
    }


def counts_json(counts: Counts) -> JsonDict:
    """Milestones by status on the day: each status with its label (`by_status`, adding up
    to `total`), and how many of them are overdue (a part of the planned, in-progress and
    postponed ones, not a status of its own)."""
    return {
        "by_status": [
            {"status": status.value, "label": wording.status(status), "count": count}
            for status, count in (
                (Status.done, counts.done),
                (Status.in_progress, counts.in_progress),
                (Status.planned, counts.planned),
                (Status.postponed, counts.postponed),
                (Status.cancelled, counts.cancelled),
            )
        ],
        "total": counts.total,
        "done": counts.done,
        "in_progress": counts.in_progress,
        "planned": counts.planned,
        "postponed": counts.postponed,
        "cancelled": counts.cancelled,
        "overdue": counts.overdue,
        "no_outcome": counts.no_outcome,
        "done_pct": whole_percent(counts.progress),
    }


def plan_json(plan: Plan, countries: Countries) -> JsonDict:
    return {
        "id": plan.id,
        "title": plan.title,
        "short_title": plan.short_title,
        "period": span_json(plan.period),
        "schedule_is_draft": plan.schedule_is_draft,
        "schedule_note": plan.schedule_note,
        "source": plan.source,
        "reporting_to": list(plan.reporting.to),
        "cadence": wording.cadence(plan.reporting.cadence_months),
        "countries": countries.to_json(),
    }


def header(
    plan: Plan, kind: str, title: str, as_of: date, period: ReportingPeriod | None
) -> JsonDict:
    return {
        "notice": plan.notice,
        "version": CONTEXT_VERSION,
        "report": {
            "kind": kind,
            "title": title,
            "as_of": iso(as_of),
            "period": period_json(period),
        },
    }


def parse_period(plan: Plan, label: str) -> ReportingPeriod:
    """The plan's reporting period `label` names: an unreadable label is a usage error, a
    period outside the plan names nothing in it."""
    calendar = ReportingCalendar(span_of(plan.period), plan.reporting.cadence_months)
    try:
        return calendar.parse(label.strip())
    except PeriodError as exc:
        if "outside the plan period" in str(exc):
            first, last = calendar.first.label, calendar.last.label
            raise NotFound(
                f"unknown period '{label.strip()}': the plan's reporting periods run from"
                f" {first} to {last}"
            ) from None
        raise UsageError(f"--period: {exc}") from None


def default_as_of(end: date, today: date | None) -> date:
    """Reports are as of the last day of what they cover, or today while it is not over
    (the caller's today: nothing here reads the clock; without one, the last day)."""
    return end if today is None else min(end, today)


def summary_day(plan: Plan, period: str, as_of: date | None, today: date | None) -> date:
    """The day a summary report for `period` speaks for: `as_of`, else the period's last day,
    or `today` while the period runs. One rule for the report and for its change list."""
    return as_of or default_as_of(parse_period(plan, period).end, today)


def updates_json(ppc: PPC, labels: Iterable[str] | None = None) -> list[JsonDict]:
    wanted = None if labels is None else set(labels)
    found = []
    for label, update in ppc.updates.items():
        if wanted is not None and label not in wanted:
            continue
        found.append(
            {
                "period": label,
                "progress": update.progress,
                "obstacles": list(update.obstacles),
                "next_steps": list(update.next_steps),
            }
        )
    return sorted(found, key=lambda entry: entry["period"])


def ppc_json(ppc: PPC) -> JsonDict:
    return {
        "id": ppc.id,
        "label": ppc.label,
        "title": ppc.title,
        "short_title": ppc.short_title,
        "cross_cutting": ppc.cross_cutting,
    }
