"""The rules of a model that read more than one of its fields (a window starts before it
ends, attendance by sex is within the total, …), in plain Python: the one declaration of
each, which the pydantic model's validator applies (`core.schema.obeyed`) and the quick
validation of `plan.quick_validate` applies to the record it builds. Each rule reads the
fields by name, so it reads a model and its record alike, and returns what is wrong (the
message pydantic shows) or None. Importing this module never imports pydantic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from commit_cli.core.vocabulary import Combine


def window_ordered(window: Any) -> str | None:
    if window.start > window.end:
        return f"the window starts ({window.start}) after it ends ({window.end})"
    return None


def actual_ordered(actual: Any) -> str | None:
    if actual.start and actual.end and actual.start > actual.end:
        return f"actual start ({actual.start}) is after actual end ({actual.end})"
    return None


def cadence(reporting: Any) -> str | None:
    if reporting.cadence_months not in (1, 3, 6, 12):
        return f"cadence_months is {reporting.cadence_months}; use 1, 3, 6 or 12 months"
    return None


def linkage_says_something(linkage: Any) -> str | None:
    if linkage.to is None and not linkage.note:
        return "a linkage needs `to` (what it links to), a `note`, or both"
    return None


def participants_ordered(participants: Any) -> str | None:
    low, high = participants.min, participants.max
    if low is not None and high is not None and low > high:
        return f"participants min ({low}) is more than max ({high})"
    return None


def parts_within_total(attended: Any) -> str | None:
    by_sex = (attended.women or 0) + (attended.men or 0)
    if by_sex > attended.total:
        return f"women and men ({by_sex}) are more than the total ({attended.total})"
    by_country = sum(attended.by_country.values())
    if by_country > attended.total:
        return f"attendance by country ({by_country}) is more than the total ({attended.total})"
    return None


def series_within(series: Any) -> str | None:
    if series.number > series.of:
        return f"series number {series.number} is more than its count ({series.of})"
    return None


def pairs_listed(milestone: Any) -> str | None:
    if milestone.pairs_to_choose is not None and milestone.pairs_to_choose > len(
        milestone.country_pairs
    ):
        return (
            f"pairs_to_choose is {milestone.pairs_to_choose} but only "
            f"{len(milestone.country_pairs)} country pairs are listed"
        )
    return None


def count_names_some(counts: Any) -> str | None:
    if counts.series is None and not counts.milestones:
        return "counts needs `series: NAME` or `milestones: [ids]` (or both)"
    return None


def indicator_range(indicator: Any) -> str | None:
    if indicator.target_max is not None and (
        indicator.target is None or indicator.target > indicator.target_max
    ):
        return "target_max needs a target that is not more than it"
    if indicator.target_inferred and indicator.target is None:
        return (
            "target_inferred is true but there is no target to infer; add `target`, or"
            " remove `target_inferred`"
        )
    if indicator.counts is not None and indicator.combine not in (None, Combine.sum):
        return (
            f"combine is {indicator.combine}, but an indicator that counts milestones adds up"
            " what each period counted; remove `combine` or write `combine: sum`"
        )
    return None


def update_says_something(update: Any) -> str | None:
    if not (update.progress or update.obstacles or update.next_steps):
        return "an update needs `progress`, `obstacles` or `next_steps`"
    return None


# The rule of each model that has one, by the model's (and its record's) name.
MODEL_RULES: dict[str, Callable[[Any], str | None]] = {
    "Window": window_ordered,
    "ActualDates": actual_ordered,
    "Reporting": cadence,
    "Linkage": linkage_says_something,
    "Participants": participants_ordered,
    "Attendance": parts_within_total,
    "Series": series_within,
    "Milestone": pairs_listed,
    "MilestoneCount": count_names_some,
    "Indicator": indicator_range,
    "PeriodUpdate": update_says_something,
}
