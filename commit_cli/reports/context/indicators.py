"""Indicators in a report: the query layer's figures as plain data, and their verdicts
counted one way."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from commit_cli import wording
from commit_cli.core.record import json_number
from commit_cli.core.vocabulary import Verdict
from commit_cli.query.index import PlanIndex
from commit_cli.query.rows import IndicatorRow, indicator_rows
from commit_cli.query.scope import Scope
from commit_cli.reports.context.pieces import JsonDict
from commit_cli.wording import gettext as _


def verdict_rule() -> str:
    """How a verdict is given, in the language spoken (the final report states it)."""
    return _(
        "met: the indicator's figure (its values combined by its rule: the cumulative sum, the"
        " latest, the highest or the lowest value) reaches the target (the lower end of a"
        " range); partly met: a figure short of the target but above the baseline (above zero"
        " when the plan gives no baseline); not met: no movement beyond the baseline; no"
        " target: the plan sets none; no value: nothing reported or counted yet"
    )


def indicator_json(row: IndicatorRow) -> JsonDict:
    """One indicator as a report states it: the latest period's own value, and the figure
    its verdict is judged on, named by its rule, with its share of the target (the same
    shape as `status --json`)."""
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
        "target_inferred": row.target_inferred,
        "latest": latest,
        "figure": row.figure_json(),
        "verdict": row.verdict.value,
        "verdict_label": wording.verdict(row.verdict),
        "met": row.met,
    }


def tally(indicators: Iterable[JsonDict]) -> JsonDict:
    """How many indicators have each verdict: every verdict, in the vocabulary's order, with
    its label; the counts add up to `total` (every indicator has exactly one verdict)."""
    counts = dict.fromkeys(Verdict, 0)
    for indicator in indicators:
        counts[Verdict(indicator["verdict"])] += 1
    return {
        "total": sum(counts.values()),
        "by_verdict": [
            {"verdict": verdict.value, "label": wording.verdict(verdict), "count": count}
            for verdict, count in counts.items()
        ],
    }


def rows_by_id(index: PlanIndex, scope: Scope, day: date) -> dict[str, IndicatorRow]:
    return {row.id: row for row in indicator_rows(index, scope, day)}
