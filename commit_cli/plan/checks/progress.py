"""Recorded progress: attendance names plan countries and fits the planned participants."""

from __future__ import annotations

from commit_cli.plan.checks.context import CheckContext, Rule
from commit_cli.problems import Severity

ATTENDANCE_OUTSIDE_RANGE = Rule(
    "attendance-outside-range",
    Severity.warning,
    "a milestone's attendance lies within its planned participants range",
)
RULES = (ATTENDANCE_OUTSIDE_RANGE,)


def check(context: CheckContext) -> None:
    for p, ppc in enumerate(context.plan.ppcs):
        for i, milestone in enumerate(ppc.milestones):
            attended = milestone.attended
            if attended is None:
                continue
            for code in attended.by_country:
                place = context.in_ppc(p, "milestones", i, "attended", "by_country", code)
                context.country_ref(code, place, "by_country")
            planned = milestone.participants
            if planned is None:
                continue
            low = planned.min if planned.min is not None else 0
            high = planned.max
            if attended.total < low or (high is not None and attended.total > high):
                wanted = f"{low} to {high}" if high is not None else f"at least {low}"
                context.report(
                    ATTENDANCE_OUTSIDE_RANGE,
                    context.in_ppc(p, "milestones", i, "attended", "total"),
                    f"attended: {attended.total} took part, but {wanted} were planned"
                    " (`participants`)",
                )
