"""Checks that span more than one object, as rules: one module per family, each rule with a
stable code, every family registered in `FAMILIES` (run in that order: `ids` first, since
the others look ids up).

Every rule is linear in the size of the plan (dictionaries, no pairwise comparisons). A test
holds, for every registered code, a plan that breaks the rule and one that keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from commit_cli.core.model import Plan
from commit_cli.plan.checks import (
    dates,
    dependencies,
    ids,
    indicators,
    progress,
    references,
    series,
)
from commit_cli.plan.checks.context import CheckContext, Rule
from commit_cli.problems import Problem

FAMILIES = (ids, references, dates, series, dependencies, indicators, progress)
RULES: dict[str, Rule] = {rule.code: rule for family in FAMILIES for rule in family.RULES}


def check_plan(
    plan: Plan,
    header_file: str,
    ppc_files: list[str],
    unreadable: Sequence[tuple[str, Mapping[str, Any]]] = (),
) -> list[Problem]:
    """Every cross-object problem of a plan whose header and `ppc_files` are schema-valid;
    `unreadable` holds (file, raw data) of the PPC files that are not."""
    context = CheckContext(plan, header_file, ppc_files, unreadable)
    for family in FAMILIES:
        family.check(context)
    return context.problems


def check_plan_today(
    plan: Plan,
    header_file: str,
    ppc_files: list[str],
    today: date,
    unreadable: Sequence[tuple[str, Mapping[str, Any]]] = (),
) -> list[Problem]:
    """The problems that depend on `today` as well as on the plan (never to be cached)."""
    context = CheckContext(plan, header_file, ppc_files, unreadable)
    for family in FAMILIES:
        check_today = getattr(family, "check_today", None)
        if check_today is not None:
            check_today(context, today)
    return context.problems
