"""The report context: the plain data a report template receives.

`summary_context`, `ppc_context` and `final_context` turn a validated plan into dictionaries
and lists of strings, numbers, booleans and None (dates as `YYYY-MM-DD`), so a template
needs no Python and `commit report … --format json` prints exactly what it gets. The keys
are documented in `templates/README.md`; tests pin them.

Every fact comes from the plan or from the query layer: a milestone's status, whether it
is overdue, the counts by status, the share of the plan period elapsed and each
indicator's latest value and whether it is met are the query layer's answers (`MilestoneRef`,
`plan_status`, `indicator_rows`), so reports say what `commit status` says on the same day.
This module only selects (which milestones belong to a period), arranges and measures
(days late, the slip of a postponement, chart positions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from commit_cli.core.model import PPC, Attendance, Indicator, Milestone, Plan, Window
from commit_cli.core.periods import (
    PeriodError,
    ReportingCalendar,
    ReportingPeriod,
    Span,
    cadence_word,
    span_label,
    span_of,
)
from commit_cli.errors import NotFound, UsageError
from commit_cli.query.index import Located, PlanIndex
from commit_cli.query.json_values import json_number
from commit_cli.query.rows import IndicatorRow, MilestoneRef, indicator_rows
from commit_cli.query.scope import Scope, unknown_error
from commit_cli.query.status import Counts, PlanStatus, plan_status
from commit_cli.query.timeline import dependency_order

JsonDict = dict[str, Any]

CONTEXT_VERSION = 1
GANTT_ROWS = 60  # a chart taller than this is cut; the rest are in the lists and the annex
OPEN_STATUSES = ("planned", "in_progress")
STATUS_WORDS = {
    "planned": "planned",
    "in_progress": "in progress",
    "done": "done",
    "postponed": "postponed",
    "cancelled": "cancelled",
}
ACHIEVEMENT_RULE = (
    "met: the indicator's figure (its values combined by its rule: summed, or the latest)"
    " reaches the target (the lower end of a range); partly met: a figure short of the target"
    " but above the baseline (above zero when the plan gives no baseline); not met: no value,"
    " or no movement beyond the baseline; no target: the plan sets none"
)
EVALUATION_WORDS = re.compile(r"external evaluat", re.IGNORECASE)
_SAFE_SCHEMES = ("http", "https")


# --- small pieces -------------------------------------------------------------------------


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def span_json(span: Span | Window | None) -> JsonDict | None:
    """`{start, end, label}`: label is the shortest period spec for it (`2006-H1`,
    `2005 to 2007`)."""
    if span is None:
        return None
    return {
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "label": span_label(Span(span.start, span.end)),
    }


def period_json(period: ReportingPeriod | None) -> JsonDict | None:
    if period is None:
        return None
    return {"label": period.label, "start": iso(period.start), "end": iso(period.end)}


def percent(share: float) -> int:
    """A share as a whole percentage (0.5 → 50)."""
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
    return {
        "total": counts.total,
        "done": counts.done,
        "in_progress": counts.in_progress,
        "planned": counts.planned,
        "postponed": counts.postponed,
        "cancelled": counts.cancelled,
        "overdue": counts.overdue,
        "no_outcome": counts.no_outcome,
        "done_pct": percent(counts.progress),
    }


def slip_days(milestone: Milestone) -> int | None:
    """How many days a postponement moved the planned end (None without both windows)."""
    record = milestone.postponed
    if record is None or record.from_window is None or milestone.window is None:
        return None
    return (milestone.window.end - record.from_window.end).days


# --- the facts about milestones -----------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """A plan, its index and the query layer's view of every milestone on one day."""

    plan: Plan
    index: PlanIndex
    as_of: date
    refs: dict[str, MilestoneRef]
    countries: Countries

    @classmethod
    def of(cls, plan: Plan, as_of: date) -> Facts:
        index = PlanIndex(plan)
        refs = {ident: MilestoneRef.of(item, as_of) for ident, item in index.milestones.items()}
        return cls(plan, index, as_of, refs, Countries(plan))

    def located(self, ppc: PPC | None = None) -> Iterable[Located]:
        return (i for i in self.index.located() if ppc is None or i.ppc.id == ppc.id)

    def milestone_json(self, item: Located) -> JsonDict:
        """Everything a report may say of one milestone."""
        milestone, ref = item.milestone, self.refs[item.milestone.id]
        actual = milestone.actual
        return {
            "id": milestone.id,
            "ppc": item.ppc.id,
            "ppc_label": item.ppc.label,
            "title": milestone.title,
            "kind": str(milestone.kind),
            "phase": str(milestone.phase),
            "status": ref.status,
            "status_text": STATUS_WORDS.get(ref.status, ref.status),
            "overdue": ref.overdue,
            "days_late": (self.as_of - ref.due).days if ref.overdue and ref.due else None,
            "tentative": ref.tentative,
            "condition": milestone.condition,
            "window": span_json(ref.window),
            "actual": None
            if actual is None
            else {"start": iso(actual.start), "end": iso(actual.end)},
            "attended": attendance_json(milestone.attended, self.countries),
            "outcome": milestone.outcome,
            "report": link(milestone.report),
            "postponed": None
            if milestone.postponed is None
            else {
                "date": iso(milestone.postponed.date),
                "reason": milestone.postponed.reason,
                "from_window": span_json(milestone.postponed.from_window),
                "slip_days": slip_days(milestone),
            },
            "cancelled": None
            if milestone.cancelled is None
            else {"date": iso(milestone.cancelled.date), "reason": milestone.cancelled.reason},
            "log": [
                {"date": iso(entry.date), "by": entry.by, "text": entry.text}
                for entry in milestone.log
            ],
        }


def ended_in(milestone: Milestone, span: Span) -> bool:
    actual = milestone.actual
    return actual is not None and actual.end is not None and span.contains(actual.end)


def active_in(milestone: Milestone, span: Span) -> bool:
    """Whether anything about the milestone falls in the span: its planned window, its actual
    dates, or a postponement or cancellation decided then."""
    window, actual = milestone.window, milestone.actual
    if window is not None and span_of(window).overlaps(span):
        return True
    if actual is not None and actual.start is not None:
        end = actual.end or actual.start
        if Span(actual.start, max(end, actual.start)).overlaps(span):
            return True
    if actual is not None and actual.end is not None and span.contains(actual.end):
        return True
    for record in (milestone.postponed, milestone.cancelled):
        if record is not None and span.contains(record.date):
            return True
    return False


def decided_in(record: Any, span: Span, as_of: date) -> bool:
    return record is not None and span.contains(record.date) and record.date <= as_of


# --- charts -------------------------------------------------------------------------------


def _position(day: date, span: Span) -> float:
    return round((min(max(day, span.start), span.end) - span.start).days / span.days, 4)


def _bar(kind: str, start: date, end: date, span: Span) -> JsonDict | None:
    if end < span.start or start > span.end:
        return None
    first, last = max(start, span.start), min(end, span.end)
    x = _position(first, span)
    width = round(max(((last - first).days + 1) / span.days, 0.004), 4)
    return {"kind": kind, "start": iso(first), "end": iso(last), "x": x, "width": width}


def gantt(facts: Facts, items: Sequence[Located], span: Span, columns: Sequence[Span]) -> JsonDict:
    """A chart of `items` over `span`: per row the planned window and, when recorded, the
    actual dates (in progress: to the as-of day), as positions from 0 to 1."""
    rows = []
    for item in items[:GANTT_ROWS]:
        milestone, ref = item.milestone, facts.refs[item.milestone.id]
        bars = []
        if ref.window is not None:
            bars.append(_bar("planned", ref.window.start, ref.window.end, span))
        actual = milestone.actual
        if actual is not None and (actual.start or actual.end):
            start = actual.start or actual.end
            end = actual.end or max(facts.as_of, start or facts.as_of)
            assert start is not None
            bars.append(_bar("actual", start, end, span))
        rows.append(
            {
                "id": milestone.id,
                "ppc": item.ppc.id,
                "ppc_label": item.ppc.label,
                "title": milestone.title,
                "status": ref.status,
                "overdue": ref.overdue,
                "bars": [bar for bar in bars if bar is not None],
            }
        )
    return {
        "start": iso(span.start),
        "end": iso(span.end),
        "columns": [
            {"label": _column_label(column), "x": _position(column.start, span)}
            for column in columns
        ],
        "today": _position(facts.as_of, span) if span.contains(facts.as_of) else None,
        "rows": rows,
        "more": max(0, len(items) - GANTT_ROWS),
    }


def _column_label(column: Span) -> str:
    if column.start.month == 1 and column.end.month == 12:
        return str(column.start.year)
    if (column.end.month - column.start.month) == 5:
        return f"{column.start.year}-H{1 if column.start.month <= 6 else 2}"
    return column.start.strftime("%Y-%m")


def _months(span: Span) -> list[Span]:
    """The calendar months of a span (the columns of a period's chart)."""
    calendar = ReportingCalendar(span, 1)
    return [period.span for period in calendar.periods]


# --- indicators ---------------------------------------------------------------------------


def achievement(row: IndicatorRow) -> str:
    """met, partly met, not met or no target (the rule is ACHIEVEMENT_RULE): the query
    layer's verdict, with no value counted as not met."""
    if row.target is None:
        return "no target"
    return row.verdict or "not met"


def indicator_json(row: IndicatorRow) -> JsonDict:
    latest = (
        None
        if row.latest_period is None
        else {"period": row.latest_period, "value": json_number(row.latest_value)}
    )
    return {
        "id": row.id,
        "ppc": row.ppc,
        "title": row.title,
        "unit": row.unit,
        "baseline": json_number(row.baseline),
        "target": json_number(row.target),
        "target_max": json_number(row.target_max),
        "latest": latest,
        "met": row.met,
        "achievement": achievement(row),
    }


def _rows_by_id(index: PlanIndex, scope: Scope, day: date) -> dict[str, IndicatorRow]:
    return {row.id: row for row in indicator_rows(index, scope, day)}


def period_indicators(
    facts: Facts,
    ppc: PPC,
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
    current_rows: dict[str, IndicatorRow],
    previous_rows: dict[str, IndicatorRow],
) -> list[JsonDict]:
    """A PPC's indicators in a period: the latest value by the period's end (or the as-of
    day) against the latest by the previous period's end, with the period's values by
    country where they were recorded so."""
    found = []
    for indicator in ppc.indicators:
        row = current_rows.get(indicator.id)
        if row is None:
            continue
        before = previous_rows.get(indicator.id) if previous is not None else None
        entry = indicator_json(row)
        entry["in_period"] = row.latest_period == period.label
        entry["previous"] = (
            None
            if before is None or before.latest_period is None
            else {"period": before.latest_period, "value": json_number(before.latest_value)}
        )
        entry["by_country"] = _by_country(facts, indicator, period.label)
        found.append(entry)
    return found


def _by_country(facts: Facts, indicator: Indicator, label: str) -> list[JsonDict]:
    value = indicator.values.get(label)
    return facts.countries.named(dict(value)) if isinstance(value, dict) else []


# --- the parts every report shares --------------------------------------------------------


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
        "cadence": cadence_word(plan.reporting.cadence_months),
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


# --- the six-monthly summary --------------------------------------------------------------


def summary_context(
    plan: Plan,
    period_label: str,
    as_of: date | None = None,
    changes: list[str] | None = None,
    *,
    today: date | None = None,
) -> JsonDict:
    """The summary report to governments for one reporting period (see templates/README.md
    for every key). `as_of` defaults to the period's last day (`today`, while it runs).
    `changes` are the plan's changes committed in the period, in words (None when the plan's
    history cannot be read: not a git repository)."""
    period = parse_period(plan, period_label)
    day = as_of or default_as_of(period.end, today)
    facts = Facts.of(plan, day)
    calendar = facts.index.calendar
    previous, following = calendar.previous(period), calendar.next(period)
    status = plan_status(plan, day)
    window_end = min(day, period.end)
    current_rows = _rows_by_id(facts.index, Scope(), window_end)
    previous_rows = (
        _rows_by_id(facts.index, Scope(), min(day, previous.end)) if previous is not None else {}
    )
    span = period.span
    ppcs = []
    annex: list[JsonDict] = []
    charted: list[Located] = []
    participation: dict[str, dict[str, int]] = {}
    attendance = {"total": 0, "women": 0, "men": 0, "events": 0}
    slipped: list[JsonDict] = []
    rows = {row.id: row for row in status.ppcs}
    for ppc in plan.ppcs:
        done, in_progress, overdue, postponed, cancelled = [], [], [], [], []
        for item in facts.located(ppc):
            milestone, ref = item.milestone, facts.refs[item.milestone.id]
            if not active_in(milestone, span) and not ref.overdue:
                continue
            entry = facts.milestone_json(item)
            if active_in(milestone, span):
                annex.append(entry)
            if ref.status == "done" and ended_in(milestone, span):
                done.append(entry)
                charted.append(item)
                if milestone.attended is not None:
                    _add_attendance(participation, attendance, ppc, milestone.attended)
            elif ref.status == "in_progress":
                in_progress.append(entry)
                charted.append(item)
            elif ref.overdue:
                overdue.append(entry)
            elif ref.status in OPEN_STATUSES and ref.window and span.contains(ref.window.end):
                charted.append(item)
            if decided_in(milestone.postponed, span, day):
                postponed.append(entry)
                slipped.append(entry)
            if ref.status == "cancelled" and decided_in(milestone.cancelled, span, day):
                cancelled.append(entry)
        overdue.sort(key=lambda entry: (-(entry["days_late"] or 0), entry["id"]))
        update = updates_json(ppc, [period.label])
        row = rows[ppc.id]
        ppcs.append(
            {
                **ppc_json(ppc),
                "counts": counts_json(row.counts),
                "done": done,
                "in_progress": in_progress,
                "overdue": overdue,
                "postponed": postponed,
                "cancelled": cancelled,
                "indicators": period_indicators(
                    facts, ppc, period, previous, current_rows, previous_rows
                ),
                "narrative": update[0] if update else None,
            }
        )
    charted.sort(
        key=lambda item: (facts.index.ppc_order[item.ppc.id], _chart_start(facts, item), item.order)
    )
    return {
        **header(plan, "summary", _summary_title(plan, period), day, period),
        "plan": plan_json(plan, facts.countries),
        "previous_period": period_json(previous),
        "next_period": period_json(following),
        "overview": _overview(status, span, ppcs, attendance),
        "ppcs": ppcs,
        "slipped": slipped,
        "participation": _participation(facts, plan, participation),
        "planned_next": _planned_next(facts, status, following),
        "gantt": gantt(facts, charted, span, _months(span)),
        "changes": {"available": changes is not None, "entries": changes or []},
        "annex": annex,
    }


def _summary_title(plan: Plan, period: ReportingPeriod) -> str:
    to = " and ".join(plan.reporting.to) or "the Governments"
    to = to if to.lower().startswith("the ") else f"the {to}"
    cadence = cadence_word(plan.reporting.cadence_months).capitalize()
    return f"{cadence} summary report to {to}, {period.label}"


def _chart_start(facts: Facts, item: Located) -> date:
    actual, ref = item.milestone.actual, facts.refs[item.milestone.id]
    if actual is not None and (actual.start or actual.end):
        return actual.start or actual.end or date.max
    return ref.window.start if ref.window is not None else date.max


def _add_attendance(
    participation: dict[str, dict[str, int]],
    attendance: dict[str, int],
    ppc: PPC,
    attended: Attendance,
) -> None:
    attendance["events"] += 1
    attendance["total"] += attended.total
    attendance["women"] += attended.women or 0
    attendance["men"] += attended.men or 0
    cells = participation.setdefault(ppc.id, {})
    for code, count in attended.by_country.items():
        cells[code] = cells.get(code, 0) + count


def _overview(
    status: PlanStatus, span: Span, ppcs: list[JsonDict], attendance: dict[str, int]
) -> JsonDict:
    totals = status.totals
    return {
        "elapsed_pct": percent(status.elapsed),
        "done_pct": percent(totals.progress),
        "position": status.position,
        "counts": counts_json(totals),
        "done_in_period": sum(len(ppc["done"]) for ppc in ppcs),
        "in_progress": sum(len(ppc["in_progress"]) for ppc in ppcs),
        "postponed_in_period": sum(len(ppc["postponed"]) for ppc in ppcs),
        "cancelled_in_period": sum(len(ppc["cancelled"]) for ppc in ppcs),
        "attendance": attendance,
    }


def _participation(facts: Facts, plan: Plan, participation: dict[str, dict[str, int]]) -> JsonDict:
    codes = [country.code for country in plan.countries]
    rows = []
    totals = dict.fromkeys(codes, 0)
    for ppc in plan.ppcs:
        cells = participation.get(ppc.id)
        if not cells:
            continue
        for code in codes:
            totals[code] += cells.get(code, 0)
        rows.append(
            {
                "ppc": ppc.id,
                "label": ppc.label,
                "short_title": ppc.short_title,
                "cells": [cells.get(code, 0) for code in codes],
                "total": sum(cells.values()),
            }
        )
    return {
        "countries": facts.countries.to_json(),
        "rows": rows,
        "totals": [totals[code] for code in codes],
        "total": sum(totals.values()),
    }


def _planned_next(facts: Facts, status: PlanStatus, following: ReportingPeriod | None) -> JsonDict:
    """Open milestones due by the end of the next period (from the status' "due next")."""
    if following is None:
        return {"period": None, "milestones": []}
    chosen = []
    for ref in status.due_next:
        if ref.due is not None and ref.due <= following.end:
            chosen.append(facts.milestone_json(facts.index.milestones[ref.id]))
    return {"period": period_json(following), "milestones": chosen}


# --- one PPC ------------------------------------------------------------------------------


def ppc_context(
    plan: Plan,
    ppc_id: str,
    period_label: str | None = None,
    as_of: date | None = None,
    *,
    today: date | None = None,
) -> JsonDict:
    """Everything about one PPC over the plan period, or over one reporting period."""
    ident = ppc_id.strip()
    index = PlanIndex(plan)
    if ident not in index.ppcs:
        raise unknown_error("PPC", ident, list(index.ppcs))
    ppc = index.ppcs[ident]
    period = parse_period(plan, period_label) if period_label is not None else None
    span = period.span if period is not None else span_of(plan.period)
    day = as_of or default_as_of(span.end, today)
    facts = Facts.of(plan, day)
    status = plan_status(plan, day, Scope(ppc=ppc.id))
    rows = _rows_by_id(facts.index, Scope(ppc=ppc.id), day)
    items = [i for i in facts.located(ppc) if period is None or active_in(i.milestone, span)]
    milestones = [facts.milestone_json(item) for item in items]
    indicators = [indicator_json(rows[i.id]) for i in ppc.indicators if i.id in rows]
    results = []
    for number, paragraph in enumerate(ppc.expected_results, start=1):
        results.append(
            {
                "number": number,
                "text": paragraph.text,
                "items": list(paragraph.items),
                "group": paragraph.group,
                "indicators": [i for i in indicators if _result_of(ppc, i["id"]) == number],
            }
        )
    numbered = {entry["number"] for entry in results}
    title = f"{ppc.label}: {ppc.short_title}, " + (
        f"report for {period.label}" if period is not None else "report on the plan period"
    )
    labels = [period.label] if period is not None else None
    columns = (
        _months(span) if period is not None else [p.span for p in facts.index.calendar.periods]
    )
    return {
        **header(plan, "ppc", title, day, period),
        "plan": plan_json(plan, facts.countries),
        "ppc": {
            **ppc_json(ppc),
            "objective": ppc.objective,
            "context": list(ppc.context),
            "activities": [
                {
                    "id": a,
                    "number": facts.index.activities[a].number,
                    "title": facts.index.activities[a].title,
                }
                for a in ppc.activities
                if a in facts.index.activities
            ],
            "countries": [
                {"code": code, "name": facts.countries.names.get(code, code)}
                for code in facts.index.ppc_countries(ppc)
            ],
        },
        "counts": counts_json(status.totals),
        "expected_results": results,
        "other_indicators": [i for i in indicators if _result_of(ppc, i["id"]) not in numbered],
        "milestones_by_phase": [
            {"phase": phase, "milestones": [m for m in milestones if m["phase"] == phase]}
            for phase in ("preparation", "core", "follow_up")
        ],
        "gantt": gantt(facts, dependency_order(items), span, columns),
        "updates": updates_json(ppc, labels),
        "review": _review_json(ppc),
    }


def _result_of(ppc: PPC, indicator_id: str) -> int | None:
    return next((i.expected_result for i in ppc.indicators if i.id == indicator_id), None)


def _review_json(ppc: PPC) -> JsonDict:
    review = ppc.review
    return {
        "obstacles": list(review.obstacles),
        "failures": list(review.failures),
        "lessons": list(review.lessons),
        "recommendations": list(review.recommendations),
    }


# --- the final three-year report ----------------------------------------------------------


def final_context(plan: Plan, as_of: date | None = None, *, today: date | None = None) -> JsonDict:
    """The final report, under PP 12's headings: progress made, obstacles encountered,
    failures, lessons learned, recommendations, and the external evaluation."""
    day = as_of or default_as_of(plan.period.end, today)
    facts = Facts.of(plan, day)
    status = plan_status(plan, day)
    rows = _rows_by_id(facts.index, Scope(), day)
    counts = {row.id: row.counts for row in status.ppcs}
    progress, obstacles, failures, lessons, recommendations = [], [], [], [], []
    last_label = facts.index.calendar.last.label
    for ppc in plan.ppcs:
        indicators = [indicator_json(rows[i.id]) for i in ppc.indicators if i.id in rows]
        tally = {
            verdict: sum(1 for i in indicators if i["achievement"] == verdict)
            for verdict in ("met", "partly met", "not met", "no target")
        }
        progress.append(
            {
                **ppc_json(ppc),
                "counts": counts_json(counts[ppc.id]),
                "indicators": indicators,
                "achievement": tally,
            }
        )
        narrated = [
            {"period": entry["period"], "text": text}
            for entry in updates_json(ppc)
            for text in entry["obstacles"]
        ]
        obstacles.append(
            {**ppc_json(ppc), "review": list(ppc.review.obstacles), "periods": narrated}
        )
        cancelled, never_done = [], []
        for item in facts.located(ppc):
            ref = facts.refs[item.milestone.id]
            if ref.status == "cancelled":
                cancelled.append(facts.milestone_json(item))
            elif ref.status != "done":
                never_done.append(facts.milestone_json(item))
        failures.append(
            {
                **ppc_json(ppc),
                "review": list(ppc.review.failures),
                "cancelled": cancelled,
                "not_done": never_done,
            }
        )
        lessons.append({**ppc_json(ppc), "review": list(ppc.review.lessons)})
        last = ppc.updates.get(last_label)
        recommendations.append(
            {
                **ppc_json(ppc),
                "review": list(ppc.review.recommendations),
                "next_steps": {"period": last_label, "steps": list(last.next_steps)}
                if last is not None and last.next_steps
                else None,
            }
        )
    overall = {
        verdict: sum(entry["achievement"][verdict] for entry in progress)
        for verdict in ("met", "partly met", "not met", "no target")
    }
    return {
        **header(plan, "final", f"Final report on the {plan.short_title or plan.title}", day, None),
        "plan": plan_json(plan, facts.countries),
        "overview": {
            "elapsed_pct": percent(status.elapsed),
            "done_pct": percent(status.totals.progress),
            "position": status.position,
            "counts": counts_json(status.totals),
            "achievement": overall,
            "achievement_rule": ACHIEVEMENT_RULE,
        },
        "progress": progress,
        "obstacles": obstacles,
        "failures": failures,
        "lessons": lessons,
        "recommendations": recommendations,
        "evaluation": _evaluation(facts, rows),
        "gantt": gantt(
            facts,
            [i for i in facts.located() if facts.refs[i.milestone.id].status != "planned"][
                :GANTT_ROWS
            ],
            span_of(plan.period),
            [p.span for p in facts.index.calendar.periods],
        ),
    }


def _evaluation(facts: Facts, rows: dict[str, IndicatorRow]) -> JsonDict:
    """The external evaluation's status: the milestones and indicators whose title names an
    external evaluation or evaluator (its terms of reference, approval, recruitment and the
    evaluation itself, in the bundled plan)."""
    milestones = [
        facts.milestone_json(item)
        for item in facts.located()
        if EVALUATION_WORDS.search(item.milestone.title)
    ]
    indicators = [
        indicator_json(rows[indicator.id])
        for ppc in facts.plan.ppcs
        for indicator in ppc.indicators
        if EVALUATION_WORDS.search(indicator.title) and indicator.id in rows
    ]
    return {"milestones": milestones, "indicators": indicators}
