"""Recorded progress: what a reviewer looks for in a pull request that records progress.

Attendance names plan countries and fits the planned participants; period narratives are for
the plan's reporting periods; milestone logs run oldest first; a done milestone says when it
ended; work done or under way does not wait on work still planned; an actual
duration is not shorter than the planned minimum; and (the one rule that depends on the day
it runs, `check_today`) no actual date lies in the future.

All but two are about one milestone or one PPC and run per PPC file (`check_file`). Whether
work taken up waits on work still planned compares milestones that may sit in different
files, by their status: it runs on every check (`check_progress`), so that recording
progress never reruns the rules across files; past one pass over ids and statuses, it
looks only at milestones done or in progress that depend on others. `check_today` is never cached.
"""

from __future__ import annotations

from datetime import date

from commit_cli.core.model import PPC, Milestone
from commit_cli.core.periods import PeriodError
from commit_cli.core.vocabulary import Status
from commit_cli.plan.checks.context import FileContext, Place, PlanContext, Rule
from commit_cli.problems import Severity

ATTENDANCE_OUTSIDE_RANGE = Rule(
    "attendance-outside-range",
    Severity.warning,
    "a milestone's attendance lies within its planned participants range",
)
DONE_WITHOUT_DATE = Rule(
    "done-without-date", Severity.warning, "a done milestone records its actual end date"
)
DEPENDENCY_STILL_PLANNED = Rule(
    "dependency-still-planned",
    Severity.warning,
    "a milestone done or in progress does not depend on a milestone that is still planned",
)
SHORTER_THAN_MINIMUM = Rule(
    "shorter-than-minimum",
    Severity.warning,
    "a milestone's actual dates span at least its min_duration_days",
)
ACTUAL_IN_FUTURE = Rule(
    "actual-in-future",
    Severity.warning,
    "no actual date is later than today (the day the check runs)",
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
RULES = (
    ATTENDANCE_OUTSIDE_RANGE,
    UPDATE_PERIOD,
    LOG_ORDER,
    DONE_WITHOUT_DATE,
    DEPENDENCY_STILL_PLANNED,
    SHORTER_THAN_MINIMUM,
    ACTUAL_IN_FUTURE,
)
TAKEN_UP = (Status.in_progress, Status.done)


def _attendance(context: FileContext, at: Place, milestone: Milestone) -> None:
    attended = milestone.attended
    if attended is None:
        return
    for code in attended.by_country:
        place = Place(at.file, (*at.path, "attended", "by_country", code))
        context.country_ref(code, place, "by_country")
    planned = milestone.participants
    if planned is None:
        return
    low = planned.min if planned.min is not None else 0
    high = planned.max
    if attended.total < low or (high is not None and attended.total > high):
        wanted = f"{low} to {high}" if high is not None else f"at least {low}"
        context.report(
            ATTENDANCE_OUTSIDE_RANGE,
            Place(at.file, (*at.path, "attended", "total")),
            f"attended: {attended.total} took part, but {wanted} were planned (`participants`)",
            fix=f"`commit set {milestone.id} attended.total N` (or `participants.min`,"
            " `participants.max`)",
        )


def _dates(context: FileContext, at: Place, milestone: Milestone) -> None:
    actual = milestone.actual
    if milestone.status == Status.done and (actual is None or actual.end is None):
        fix = (
            "add `end:` to `actual`"
            if actual is not None and actual.start is not None
            else "add `actual: {end: YYYY-MM-DD}`"
        )
        context.report(
            DONE_WITHOUT_DATE,
            Place(at.file, (*at.path, "status")),
            f"milestone '{milestone.id}' is done but has no actual end date; {fix}",
            fix=f"`commit done {milestone.id} --on YYYY-MM-DD`",
        )
    minimum = milestone.min_duration_days
    if actual is None or actual.start is None or actual.end is None or minimum is None:
        return
    lasted = (actual.end - actual.start).days + 1
    if lasted < minimum:
        context.report(
            SHORTER_THAN_MINIMUM,
            Place(at.file, (*at.path, "actual")),
            f"actual {actual.start} to {actual.end} is {lasted} day(s), but"
            f" min_duration_days is {minimum}; correct the dates, or record why in `notes`",
            fix=f"`commit set {milestone.id} actual.start YYYY-MM-DD` (or `actual.end`)",
        )


def _log(context: FileContext, at: Place, milestone: Milestone) -> None:
    for j in range(1, len(milestone.log)):
        earlier, entry = milestone.log[j - 1], milestone.log[j]
        if entry.date < earlier.date:
            context.report(
                LOG_ORDER,
                Place(at.file, (*at.path, "log", j, "date")),
                f"log: the note of {entry.date} comes after one of {earlier.date};"
                " list notes oldest first",
            )


def _updates(context: FileContext, ppc: PPC) -> None:
    for label in ppc.updates:
        try:
            context.calendar.parse(str(label))
        except PeriodError as exc:
            context.report(
                UPDATE_PERIOD, context.at("updates", label), f"updates: {exc}", at_key=True
            )


def check_file(context: FileContext, ppc: PPC) -> None:
    for i, milestone in enumerate(ppc.milestones):
        at = context.at("milestones", i)
        _attendance(context, at, milestone)
        _dates(context, at, milestone)
        _log(context, at, milestone)
    _updates(context, ppc)


def _record_progress(dependency: str, status: Status) -> str:
    """The commands that take `dependency` out of `planned`, for a milestone that is done
    (its dependency was held, or will not be) or in progress (it may have started too)."""
    commands = [f"`commit done {dependency}`", f"`commit cancel {dependency} --reason TEXT`"]
    if status == Status.in_progress:
        commands.insert(0, f"`commit start {dependency}`")
    return ", ".join(commands[:-1]) + " or " + commands[-1]


def check_progress(context: PlanContext) -> None:
    """Work done or under way that depends on work still planned (of milestones that share
    an id, the first counts). Read from each PPC's progress columns (`facts.PPCProgress`):
    one pass over the ids and statuses, then only milestones that depend on others."""
    ppcs = context.view.progress()
    status_of: dict[str, str] = {}  # of the first milestone with each id
    first_at: dict[str, int] = {}  # where it is, counting every milestone in plan order
    start = sum(len(progress.ids) for progress in ppcs)
    for progress in reversed(ppcs):  # later ones first, so the first one wins
        ids = progress.ids
        start -= len(ids)
        status_of.update(zip(reversed(ids), reversed(progress.statuses), strict=True))
        first_at.update(zip(reversed(ids), reversed(range(start, start + len(ids))), strict=True))
    planned = Status.planned
    at = 0
    for p, progress in enumerate(ppcs):
        for i, needs in enumerate(progress.depends_on):
            status = progress.statuses[i]
            if not needs or status not in TAKEN_UP or first_at[progress.ids[i]] != at + i:
                continue
            for j, dependency in enumerate(needs):
                before = status_of.get(dependency)
                if before is None or before != planned:
                    continue
                fix = _record_progress(dependency, Status(status))
                context.report(
                    DEPENDENCY_STILL_PLANNED,
                    context.in_ppc(p, "milestones", i, "depends_on", j),
                    f"'{progress.ids[i]}' is {Status(status)} but '{dependency}', which it"
                    f" depends on, is still planned; record its progress ({fix}), or remove"
                    " the dependency",
                    fix=fix,
                )
        at += len(progress.ids)


def check_today(context: PlanContext, today: date) -> None:
    """The rules that depend on the day they run: their results are never cached, so they
    run on every load and look only at milestones with actual dates."""
    for p, ppc in enumerate(context.plan.ppcs):
        for i, milestone in enumerate(ppc.milestones):
            actual = milestone.actual
            if actual is None or not (
                (actual.start is not None and actual.start > today)
                or (actual.end is not None and actual.end > today)
            ):
                continue
            for key, day in (("start", actual.start), ("end", actual.end)):
                if day is not None and day > today:
                    context.report(
                        ACTUAL_IN_FUTURE,
                        context.in_ppc(p, "milestones", i, "actual", key),
                        f"actual {key} {day} is after today ({today}); actual dates record"
                        " what has happened (the plan for the rest is its `window`)",
                    )
