"""The context of the final three-year report, under PP 12's headings: progress made,
obstacles encountered, failures, lessons learned, recommendations, and the external
evaluation."""

from __future__ import annotations

import re
from datetime import date

from commit_cli.core.model import Plan
from commit_cli.core.periods import span_of
from commit_cli.core.vocabulary import Status
from commit_cli.query.rows import IndicatorRow
from commit_cli.reports.context.books import decisions_json, funding_json
from commit_cli.reports.context.facts import Facts
from commit_cli.reports.context.gantt import gantt
from commit_cli.reports.context.indicators import indicator_json, tally, verdict_rule
from commit_cli.reports.context.pictures import with_bar
from commit_cli.reports.context.pieces import (
    JsonDict,
    counts_json,
    default_as_of,
    header,
    plan_json,
    ppc_json,
    updates_json,
    whole_percent,
)
from commit_cli.wording import gettext as _

EVALUATION_WORDS = re.compile(r"external evaluat", re.IGNORECASE)
NAMED_IN_TEXT = 10  # milestones a paragraph names before it points to the annex


def final_context(plan: Plan, as_of: date | None = None, *, today: date | None = None) -> JsonDict:
    """The final report, under PP 12's headings: progress made, obstacles encountered,
    failures, lessons learned, recommendations, and the external evaluation."""
    day = as_of or default_as_of(plan.period.end, today)
    facts = Facts.of(plan, day)
    plan = facts.plan
    status = facts.status()
    rows = {row.id: row for row in status.indicators}  # every indicator, on the day
    counts = {row.id: row.counts for row in status.ppcs}
    progress, obstacles, failures, lessons, recommendations = [], [], [], [], []
    all_indicators: list[JsonDict] = []
    not_done_annex: list[JsonDict] = []
    last_label = facts.index.calendar.last.label
    for ppc in plan.ppcs:
        indicators = [with_bar(indicator_json(rows[i.id])) for i in ppc.indicators if i.id in rows]
        all_indicators.extend(indicators)
        progress.append(
            {
                **ppc_json(ppc),
                "counts": counts_json(counts[ppc.id]),
                "indicators": indicators,
                "verdicts": tally(indicators),
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
            state = facts.states[item.milestone.id]
            if state.status == Status.cancelled:
                cancelled.append(facts.milestone_json(item))
            elif state.status != Status.done:
                never_done.append(facts.milestone_json(item))
        if never_done:
            not_done_annex.append({**ppc_json(ppc), "milestones": never_done})
        failures.append(
            {
                **ppc_json(ppc),
                "review": list(ppc.review.failures),
                "cancelled": cancelled,
                "not_done": {
                    "count": len(never_done),
                    "named": never_done[:NAMED_IN_TEXT],
                    "more": max(0, len(never_done) - NAMED_IN_TEXT),
                    "milestones": never_done,
                },
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
    return {
        **header(plan, "final", _final_title(plan), day, None),
        "plan": plan_json(plan, facts.countries),
        "overview": {
            "elapsed_pct": whole_percent(status.elapsed),
            "done_pct": whole_percent(status.totals.progress),
            "position": status.position,
            "counts": counts_json(status.totals),
            "verdicts": tally(all_indicators),
            "verdict_rule": verdict_rule(),
        },
        "progress": progress,
        "obstacles": obstacles,
        "failures": failures,
        "lessons": lessons,
        "recommendations": recommendations,
        "evaluation": _evaluation(facts, rows),
        "gantt": gantt(
            facts,
            [i for i in facts.located() if facts.states[i.milestone.id].status != Status.planned],
            span_of(plan.period),
            [p.span for p in facts.index.calendar.periods],
        ),
        "funding": funding_json(status, plan),
        "decisions": decisions_json(plan),
        "annex": {"not_done": not_done_annex},
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


def _final_title(plan: Plan) -> str:
    return _("Final report on the %(plan)s") % {"plan": plan.short_title or plan.title}
