"""The context of the report on one PPC: over the plan period, or over one reporting period.
Its objective, context and activities, its indicators under the expected results they
measure, its milestones by phase, its chart, its updates and its review."""

from __future__ import annotations

from datetime import date

from commit_cli import wording
from commit_cli.core.model import PPC, Plan
from commit_cli.core.periods import span_of
from commit_cli.core.vocabulary import Phase
from commit_cli.query.scope import Scope, unknown_ppc
from commit_cli.query.timeline import dependency_order
from commit_cli.reports.context.facts import Facts, active_in
from commit_cli.reports.context.gantt import gantt, months
from commit_cli.reports.context.indicators import indicator_json
from commit_cli.reports.context.pieces import (
    JsonDict,
    counts_json,
    default_as_of,
    header,
    parse_period,
    plan_json,
    ppc_json,
    updates_json,
)
from commit_cli.wording import gettext as _


def ppc_context(
    plan: Plan,
    ppc_id: str,
    period_label: str | None = None,
    as_of: date | None = None,
    *,
    today: date | None = None,
) -> JsonDict:
    """Everything about one PPC over the plan period, or over one reporting period."""
    period = parse_period(plan, period_label) if period_label is not None else None
    span = period.span if period is not None else span_of(plan.period)
    day = as_of or default_as_of(span.end, today)
    facts = Facts.of(plan, day)  # the plan indexed once, as known on the day
    plan = facts.plan
    ident = facts.index.resolve_ppc(ppc_id)  # any name of a PPC, as every command takes it
    if ident is None:
        raise unknown_ppc(facts.index, ppc_id.strip())
    ppc = facts.index.ppcs[ident]
    status = facts.status(Scope(ppc=ppc.id))
    rows = {row.id: row for row in status.indicators}  # the PPC's, on the day
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
        _("report for %(period)s") % {"period": period.label}
        if period is not None
        else _("report on the plan period")
    )
    labels = [period.label] if period is not None else None
    columns = months(span) if period is not None else [p.span for p in facts.index.calendar.periods]
    return {
        **header(plan, "ppc", title, day, period),
        "plan": plan_json(plan, facts.countries),
        "ppc": {
            **ppc_json(ppc),
            "objective": ppc.objective,
            "evaluation": ppc.evaluation,
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
            {
                "phase": phase.value,
                "label": wording.phase(phase),
                "milestones": [m for m in milestones if m["phase"] == phase],
            }
            for phase in Phase
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
