"""The context of the periodic summary report to governments: one reporting period, PPC by
PPC (what was done, under way, overdue, postponed and cancelled in it), with its indicators,
participation, slips, what is planned next and the period's chart."""

from __future__ import annotations

from datetime import date

from commit_cli import wording
from commit_cli.core.model import PPC, Attendance, Indicator, Plan
from commit_cli.core.periods import ReportingPeriod
from commit_cli.core.record import json_number
from commit_cli.core.vocabulary import OPEN_STATUSES, Status
from commit_cli.query.index import Located
from commit_cli.query.rows import IndicatorRow
from commit_cli.query.scope import Scope
from commit_cli.query.status import PlanStatus
from commit_cli.reports.context.books import funding_json
from commit_cli.reports.context.facts import Facts, active_in, decided_in, ended_in
from commit_cli.reports.context.gantt import gantt, months
from commit_cli.reports.context.indicators import indicator_json, rows_by_id, tally
from commit_cli.reports.context.pictures import heat_table, with_bar
from commit_cli.reports.context.pieces import (
    JsonDict,
    counts_json,
    header,
    parse_period,
    period_json,
    plan_json,
    ppc_json,
    summary_day,
    updates_json,
    whole_percent,
)
from commit_cli.reports.context.record import by_commit, change_record
from commit_cli.wording import gettext as _


def summary_context(
    plan: Plan,
    period_label: str,
    as_of: date | None = None,
    changes: list[JsonDict] | None = None,
    *,
    today: date | None = None,
) -> JsonDict:
    """The summary report to governments for one reporting period (see templates/README.md
    for every key). `as_of` defaults to the period's last day (`today`, while it runs).
    `changes` are the plan's changes committed in the period, as data (each change's
    `to_json()`; None when the plan's history cannot be read: not a git repository); the
    report words them for readers (`record.change_record`)."""
    period = parse_period(plan, period_label)
    day = summary_day(plan, period_label, as_of, today)
    facts = Facts.of(plan, day)
    plan = facts.plan
    calendar = facts.index.calendar
    previous, following = calendar.previous(period), calendar.next(period)
    status = facts.status()
    window_end = min(day, period.end)
    current_rows = (  # the status' own rows when it is of the same day (made once)
        {row.id: row for row in status.indicators}
        if window_end == day
        else rows_by_id(facts.index, Scope(), window_end)
    )
    previous_rows = (
        rows_by_id(facts.index, Scope(), min(day, previous.end)) if previous is not None else {}
    )
    span = period.span
    ppcs = []
    annex: list[JsonDict] = []
    charted: list[Located] = []
    participation: dict[str, dict[str, int]] = {}
    attendance = {"total": 0, "women": 0, "men": 0, "events": 0}
    slipped: list[JsonDict] = []
    rows = {row.id: row for row in status.ppcs}
    made: dict[str, JsonDict] = {}  # each milestone's entry, made once
    for ppc in plan.ppcs:
        done, in_progress, overdue, postponed, cancelled = [], [], [], [], []
        for item in facts.located(ppc):
            milestone = item.milestone
            active = active_in(milestone, span)
            if not active and not facts.states[milestone.id].overdue:
                continue
            ref = facts.refs[milestone.id]
            entry = made[milestone.id] = facts.milestone_json(item)
            if active:
                annex.append(entry)
            if ref.status == Status.done and ended_in(milestone, span):
                done.append(entry)
                charted.append(item)
                if milestone.attended is not None:
                    _add_attendance(participation, attendance, ppc, milestone.attended)
            elif ref.status == Status.in_progress:
                in_progress.append(entry)
                charted.append(item)
            elif ref.overdue:
                overdue.append(entry)
            elif ref.status in OPEN_STATUSES and ref.window and span.contains(ref.window.end):
                charted.append(item)
            if decided_in(milestone.postponed, span, day):
                postponed.append(entry)
                slipped.append(entry)
            if ref.status == Status.cancelled and decided_in(milestone.cancelled, span, day):
                cancelled.append(entry)
        overdue.sort(key=lambda entry: (-(entry["days_late"] or 0), entry["id"]))
        update = updates_json(ppc, [period.label])
        row = rows[ppc.id]
        indicators = period_indicators(facts, ppc, period, previous, current_rows, previous_rows)
        events = done + in_progress + overdue + postponed + cancelled
        ppcs.append(
            {
                **ppc_json(ppc),
                "counts": counts_json(row.counts),
                "done": done,
                "in_progress": in_progress,
                "overdue": overdue,
                "postponed": postponed,
                "cancelled": cancelled,
                "indicators": indicators,
                "narrative": update[0] if update else None,
                # nothing done, under way, late, moved, dropped or reported in the period:
                # the report names it in one line with the other quiet PPCs (its indicators
                # are in the report's table of every indicator)
                "quiet": not events and not update,
            }
        )
    participation_table = _participation(facts, plan, participation)
    charted.sort(
        key=lambda item: (facts.index.ppc_order[item.ppc.id], _chart_start(facts, item), item.order)
    )
    listed = _listed(ppcs)
    return {
        **header(plan, "summary", _summary_title(plan, period), day, period),
        "plan": plan_json(plan, facts.countries),
        "previous_period": period_json(previous),
        "next_period": period_json(following),
        "overview": _overview(status, period, day, ppcs, attendance),
        "quiet_ppcs": [{"id": p["id"], "label": p["label"]} for p in ppcs if p["quiet"]],
        "ppcs": ppcs,
        "slipped": slipped,
        "participation": participation_table,
        "pictures": {"participation": heat_table(participation_table)},
        "planned_next": _planned_next(facts, status, following, made),
        "gantt": gantt(facts, charted, span, months(span)),
        "changes": {
            "available": changes is not None,
            "commits": by_commit(change_record(plan, changes or [])),
        },
        "funding": funding_json(status, plan),
        "annex": annex,
        # the annex's milestones no section above lists (planned in the period, not late)
        "annex_others": [entry for entry in annex if entry["id"] not in listed],
    }


_ALL, _UNASSIGNED = " all", " unassigned"  # keys no country code can be
_KEYS = (_ALL, _UNASSIGNED)


def _summary_title(plan: Plan, period: ReportingPeriod) -> str:
    names = list(plan.reporting.to)
    to = names[0] if names else _("the Governments")
    for name in names[1:]:
        to = _("%(first)s and %(then)s") % {"first": to, "then": name}
    to = to if to.lower().startswith("the ") else _("the %(who)s") % {"who": to}
    cadence = wording.cadence(plan.reporting.cadence_months).capitalize()
    return _("%(cadence)s summary report to %(to)s, %(period)s") % {
        "cadence": cadence,
        "to": to,
        "period": period.label,
    }


def _listed(ppcs: list[JsonDict]) -> set[str]:
    """The ids of the milestones the report lists PPC by PPC."""
    kinds = ("done", "in_progress", "overdue", "postponed", "cancelled")
    return {entry["id"] for ppc in ppcs for kind in kinds for entry in ppc[kind]}


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
    cells[_ALL] = cells.get(_ALL, 0) + attended.total
    assigned = 0
    for code, count in attended.by_country.items():
        cells[code] = cells.get(code, 0) + count
        assigned += count
    # Attendance recorded without its country (or with a total above the countries' sum):
    # counted in its own column, so each row adds up to the participants in the overview.
    cells[_UNASSIGNED] = cells.get(_UNASSIGNED, 0) + max(0, attended.total - assigned)


def _overview(
    status: PlanStatus,
    period: ReportingPeriod,
    day: date,
    ppcs: list[JsonDict],
    attendance: dict[str, int],
) -> JsonDict:
    """Where the plan stands on the day (`counts`: the state of every milestone on `day`)
    apart from what happened in the period (`events`: milestones done, postponements and
    cancellations decided in it), each under its own label, so that no reader sees a state
    count beside an event count of the same name."""
    totals = status.totals
    on = wording.day(day)
    events = [
        ("done", _("Done in %(period)s") % {"period": period.label}, _count(ppcs, "done")),
        (
            "postponed",
            _("Postponements decided in %(period)s") % {"period": period.label},
            sum(len(ppc["postponed"]) for ppc in ppcs),
        ),
        (
            "cancelled",
            _("Cancellations decided in %(period)s") % {"period": period.label},
            sum(len(ppc["cancelled"]) for ppc in ppcs),
        ),
    ]
    return {
        "elapsed_pct": whole_percent(status.elapsed),
        "done_pct": whole_percent(totals.progress),
        "position": status.position,
        "counts": counts_json(totals),
        "counts_label": _("on %(day)s") % {"day": on},
        "events": [{"event": k, "label": label, "count": n} for k, label, n in events],
        "done_in_period": events[0][2],
        "in_progress": sum(len(ppc["in_progress"]) for ppc in ppcs),
        "postponed_in_period": events[1][2],
        "cancelled_in_period": events[2][2],
        "attendance": attendance,
        "verdicts": tally(i for ppc in ppcs for i in ppc["indicators"]),
    }


def _count(ppcs: list[JsonDict], key: str) -> int:
    return sum(len(ppc[key]) for ppc in ppcs)


def _participation(facts: Facts, plan: Plan, participation: dict[str, dict[str, int]]) -> JsonDict:
    """Participants by PPC and country in the period. Each row's cells and its `unassigned`
    (participants recorded without a country) add up to its `total`, and the totals to the
    participants in the overview."""
    codes = [country.code for country in plan.countries]
    rows = []
    totals = dict.fromkeys(codes, 0)
    unassigned = total = 0
    for ppc in plan.ppcs:
        cells = participation.get(ppc.id)
        if not cells:
            continue
        for code in codes:
            totals[code] += cells.get(code, 0)
        # a code the plan does not list (validate reports it) is not lost: unassigned
        other = sum(n for c, n in cells.items() if c not in totals and c not in _KEYS)
        row_unassigned = cells.get(_UNASSIGNED, 0) + other
        unassigned += row_unassigned
        total += cells.get(_ALL, 0)
        rows.append(
            {
                "ppc": ppc.id,
                "label": ppc.label,
                "short_title": ppc.short_title,
                "cells": [cells.get(code, 0) for code in codes],
                "unassigned": row_unassigned,
                "total": cells.get(_ALL, 0),
            }
        )
    return {
        "countries": facts.countries.to_json(),
        "rows": rows,
        "totals": [totals[code] for code in codes],
        "unassigned": unassigned,
        "total": total,
    }


def _planned_next(
    facts: Facts,
    status: PlanStatus,
    following: ReportingPeriod | None,
    made: dict[str, JsonDict],
) -> JsonDict:
    """Open milestones due by the end of the next period (from the status' "due next");
    the entries of those the report already holds (`made`, by id) are taken from there."""
    if following is None:
        return {"period": None, "milestones": []}
    chosen = []
    for item in status.due_next.located:
        ref = facts.refs[item.milestone.id]  # the same as the status' ref: made once
        if ref.due is not None and ref.due <= following.end:
            entry = made.get(ref.id)
            chosen.append(entry if entry is not None else facts.milestone_json(item))
    return {"period": period_json(following), "milestones": chosen}


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
        entry = with_bar(indicator_json(row))
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
