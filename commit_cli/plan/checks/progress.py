"""Recorded progress: attendance names plan countries and fits the planned participants,
period narratives are for the plan's reporting periods, and milestone logs run oldest first."""

from __future__ import annotations

from commit_cli.core.model import PPC
from commit_cli.core.periods import PeriodError
from commit_cli.plan.checks.context import CheckContext, Rule
from commit_cli.problems import Severity

ATTENDANCE_OUTSIDE_RANGE = Rule(
    "attendance-outside-range",
    Severity.warning,
    "a milestone's attendance lies within its planned participants range",
)
UPDATE_PERIOD = Rule(
    "update-period",
    Severity.error,
    "a PPC's progress update is keyed by one of the plan's reporting periods (2006-H1)",
)
LOG_ORDER = Rule(
    "log-order",
    Severity.warning,
    "a milestone's log lists its notes oldest first",
)
RULES = (ATTENDANCE_OUTSIDE_RANGE, UPDATE_PERIOD, LOG_ORDER)


def _check_attendance(context: CheckContext, p: int, ppc: PPC) -> None:
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
                f"attended: {attended.total} took part, but {wanted} were planned (`participants`)",
            )


def _check_log(context: CheckContext, p: int, ppc: PPC) -> None:
    for i, milestone in enumerate(ppc.milestones):
        for j in range(1, len(milestone.log)):
            earlier, entry = milestone.log[j - 1], milestone.log[j]
            if entry.date < earlier.date:
                context.report(
                    LOG_ORDER,
                    context.in_ppc(p, "milestones", i, "log", j, "date"),
                    f"log: the note of {entry.date} comes after one of {earlier.date};"
                    " list notes oldest first",
                )


def _check_updates(context: CheckContext, p: int, ppc: PPC) -> None:
    if not ppc.updates:
        return
    from commit_cli.core.periods import ReportingCalendar

    calendar = ReportingCalendar(context.plan_span, context.plan.reporting.cadence_months)
    for label in ppc.updates:
        try:
            calendar.parse(str(label))
        except PeriodError as exc:
            context.report(
                UPDATE_PERIOD, context.in_ppc(p, "updates", label), f"updates: {exc}", at_key=True
            )


def check(context: CheckContext) -> None:
    for p, ppc in enumerate(context.plan.ppcs):
        _check_attendance(context, p, ppc)
        _check_log(context, p, ppc)
        _check_updates(context, p, ppc)
