"""Dates: planned windows lie inside the plan period, and actual dates agree with status
(whether a done milestone has its end date, and durations, are in `progress`).

Every rule here is about one milestone: they run per PPC file (`check_file`)."""

from __future__ import annotations

from collections.abc import Callable

from commit_cli.core.model import PPC, Milestone
from commit_cli.core.vocabulary import Status
from commit_cli.plan.checks.context import FileContext, Place, Rule
from commit_cli.problems import Severity

NO_WINDOW = Rule("no-window", Severity.warning, "every milestone has a planned window")
OUTSIDE_PERIOD = Rule(
    "outside-period", Severity.error, "a milestone's planned window lies inside the plan period"
)
ACTUAL_OUTSIDE_PERIOD = Rule(
    "actual-outside-period",
    Severity.warning,
    "a milestone's actual dates lie inside the plan period",
)
ACTUAL_NOT_STARTED = Rule(
    "actual-not-started",
    Severity.error,
    "only milestones that started (in_progress, done, postponed) have actual dates",
)
ACTUAL_END_OPEN = Rule(
    "actual-end-open",
    Severity.error,
    "only a done (or cancelled) milestone has an actual end date",
)
DECISION_UNRECORDED = Rule(
    "decision-unrecorded",
    Severity.warning,
    "a postponed or cancelled milestone records when and why (`postponed:` or `cancelled:`)",
)
CANCELLATION_NOT_CANCELLED = Rule(
    "cancellation-not-cancelled",
    Severity.error,
    "a milestone with a `cancelled:` record has status cancelled",
)
RULES = (
    NO_WINDOW,
    DECISION_UNRECORDED,
    CANCELLATION_NOT_CANCELLED,
    OUTSIDE_PERIOD,
    ACTUAL_OUTSIDE_PERIOD,
    ACTUAL_NOT_STARTED,
    ACTUAL_END_OPEN,
)


def _check_milestone(context: FileContext, at: Place, milestone: Milestone) -> None:
    def place(*path: str | int) -> Place:
        return Place(at.file, (*at.path, *path))

    if milestone.window is None:
        context.report(
            NO_WINDOW,
            place("id"),
            f"milestone '{milestone.id}' has no planned window; add `window:` (e.g. 2006-H1)",
        )
    else:
        for what, day in (("start", milestone.window.start), ("end", milestone.window.end)):
            if why := context.outside_plan(day):
                context.report(OUTSIDE_PERIOD, place("window"), f"window {what} {day} {why}")
    _check_decision(context, place, milestone)
    actual = milestone.actual
    if actual is None or (actual.start is None and actual.end is None):
        return  # a done milestone without dates: `progress`
    if milestone.status in (Status.planned, Status.cancelled) and actual.start:
        context.report(
            ACTUAL_NOT_STARTED,
            place("actual"),
            f"actual dates on a milestone whose status is {milestone.status}; only"
            " milestones that started (in_progress, done, postponed) have actual dates",
        )
    elif actual.end and milestone.status not in (Status.done, Status.cancelled):
        context.report(
            ACTUAL_END_OPEN,
            place("actual", "end"),
            f"actual end date on a milestone whose status is {milestone.status};"
            " set status: done, or remove the end date",
        )
    for key, actual_day in (("start", actual.start), ("end", actual.end)):
        if actual_day is not None and (why := context.outside_plan(actual_day)):
            context.report(
                ACTUAL_OUTSIDE_PERIOD,
                place("actual", key),
                f"actual {key} {actual_day} {why}",
                fix=f"`commit set {milestone.id} actual.{key} YYYY-MM-DD`",
            )


def _check_decision(
    context: FileContext, place: Callable[..., Place], milestone: Milestone
) -> None:
    ident = milestone.id
    for status, record, example, fix in (
        (
            Status.postponed,
            milestone.postponed,
            "{date: YYYY-MM-DD, reason: …, from_window: …}",
            f"`commit postpone {ident} --to WINDOW --reason TEXT`",
        ),
        (
            Status.cancelled,
            milestone.cancelled,
            "{date: YYYY-MM-DD, reason: …}",
            f"`commit cancel {ident} --reason TEXT`",
        ),
    ):
        if milestone.status == status and record is None:
            context.report(
                DECISION_UNRECORDED,
                place("status"),
                f"milestone '{ident}' is {status} without saying when and why;"
                f" add `{status}: {example}`",
                fix=fix,
            )
    if milestone.cancelled is not None and milestone.status != Status.cancelled:
        context.report(
            CANCELLATION_NOT_CANCELLED,
            place("cancelled"),
            f"a cancellation is recorded but the status is {milestone.status};"
            " set status: cancelled, or remove `cancelled:`",
        )


def check_file(context: FileContext, ppc: PPC) -> None:
    for i, milestone in enumerate(ppc.milestones):
        _check_milestone(context, context.at("milestones", i), milestone)
