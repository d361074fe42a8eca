"""The checks that depend on the day (`check_today` of a family), run on every load and never
kept: apart from `run`, so that a warm command imports only the families listed here (a test
holds that these are all the families of `run.FAMILIES` that have a `check_today`)."""

from __future__ import annotations

from datetime import date

from commit_cli.core.model import Plan
from commit_cli.plan.checks import progress
from commit_cli.plan.checks.context import PlanContext, Unreadable
from commit_cli.problems import Problem

TODAY_FAMILIES = (progress,)


def check_plan_today(
    plan: Plan,
    header_file: str,
    ppc_files: list[str],
    today: date,
    unreadable: Unreadable = (),
) -> list[Problem]:
    """The problems that depend on `today` as well as on the plan (never to be cached)."""
    context = PlanContext(plan, ppc_files, unreadable)
    for family in TODAY_FAMILIES:
        family.check_today(context, today)
    return context.problems
