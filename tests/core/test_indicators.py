"""Indicator figures: rules that combine period values, verdicts, and values computed from the
milestones an indicator counts (issue 10, section 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from commit_cli.core.conversion import validated
from commit_cli.core.indicators import (
    MilestoneTables,
    combine,
    figures,
    rule_of,
    verdict,
)
from commit_cli.core.model import Indicator, Milestone, Plan, PlanHeader
from commit_cli.core.periods import ReportingCalendar, Span
from commit_cli.core.vocabulary import Combine, Verdict

PERIOD = Span(date(2005, 1, 1), date(2007, 12, 31))
CALENDAR = ReportingCalendar(PERIOD, 6)


def indicator(**fields: Any) -> Indicator:
    return validated(Indicator, {"id": "i", "title": "Courses held", "unit": "x", **fields})


def course(number: int, **fields: Any) -> Milestone:
    return validated(
        Milestone,
        {
            "id": f"course-{number}",
            "title": f"Course {number}",
            "kind": "training",
            "phase": "core",
            "window": {"start": 2005, "end": 2007},
            "series": {"name": "courses", "number": number, "of": 3},
            **fields,
        },
    )


def plan_of(*milestones: Milestone, indicators: list[Indicator] | None = None) -> Plan:
    header = validated(
        PlanHeader,
        {"id": "p", "title": "P", "period": {"start": "2005-01-01", "end": "2007-12-31"}},
    )
    ppc = {
        "id": "ppc-1",
        "label": "PPC 1",
        "title": "T",
        "short_title": "T",
        "activities": [],
        "objective": "O",
        "milestones": [m.model_dump() for m in milestones],
        "indicators": [i.model_dump() for i in indicators or []],
    }
    return validated(Plan, {**header.model_dump(), "ppcs": [ppc]})


@pytest.mark.parametrize(
    ("rule", "values", "combined"),
    [
        (Combine.sum, [1, 2, 3], 6),
        (Combine.last, [4, 2, 3], 3),
        (Combine.max, [4, 2, 3], 4),
        (Combine.min, [4, 2, 3], 2),
        (Combine.sum, [], None),
    ],
)
def test_rules_combine_period_values(
    rule: Combine, values: list[float], combined: float | None
) -> None:
    assert combine(rule, values) == combined


@pytest.mark.parametrize(
    ("cumulative", "baseline", "target", "expected"),
    [
        (6, 0, 6, Verdict.met),
        (7, 0, 6, Verdict.met),
        (3, 0, 6, Verdict.partly_met),
        (0, 0, 6, Verdict.not_met),
        (2, 2, 6, Verdict.not_met),  # no move from the baseline
        (3, None, 6, Verdict.partly_met),  # no baseline: measured from 0
        (3, 0, None, Verdict.no_target),
        (None, 0, None, Verdict.no_target),  # nothing to judge against, value or not
        (None, 0, 6, Verdict.no_value),
    ],
)
def test_verdicts(
    cumulative: float | None, baseline: float | None, target: float | None, expected: Any
) -> None:
    assert verdict(cumulative, baseline, target) == expected


def test_the_default_rule_is_last_and_counting_milestones_is_sum() -> None:
    assert rule_of(indicator()) == Combine.last
    assert rule_of(indicator(combine="max")) == Combine.max
    assert rule_of(indicator(counts={"series": "courses"})) == Combine.sum


def test_counting_milestones_adds_them_up() -> None:
    with pytest.raises(ValidationError, match="an indicator that counts milestones adds up"):
        indicator(combine="last", counts={"series": "courses"})
    with pytest.raises(ValidationError, match="counts needs `series: NAME` or `milestones"):
        indicator(counts={})
    with pytest.raises(ValidationError):
        indicator(combine="average")


def test_typed_values_by_rule_and_by_country() -> None:
    values = {"2005-H2": 2, "2006-H1": {"KH": 1, "TH": 2}, "2007-H1": 1}
    tables = MilestoneTables(plan_of())

    def numbers(rule: str, day: date | None) -> tuple[Any, ...]:
        found = figures(indicator(combine=rule, values=values, target=6), tables, CALENDAR, day)
        latest = found.latest
        return (
            latest.period.label if latest else None,
            latest.value if latest else None,
            found.cumulative,
            found.percent_of_target,
            found.verdict,
        )

    assert numbers("sum", None) == ("2007-H1", 1, 6, 100, Verdict.met)
    assert numbers("last", None) == ("2007-H1", 1, 1, pytest.approx(100 / 6), Verdict.partly_met)
    assert numbers("max", None)[2] == 3  # 1 + 2 in 2006-H1
    assert numbers("sum", date(2006, 6, 30)) == (
        "2006-H1",
        3,
        5,
        pytest.approx(500 / 6),
        "partly_met",
    )
    history = figures(indicator(values=values), tables, CALENDAR, None).history
    assert history[1].by_country == {"KH": 1, "TH": 2}


def test_values_computed_from_the_milestones_counted_follow_their_actual_dates() -> None:
    milestones = [
        course(1, status="done", actual={"start": "2005-09-05", "end": "2005-09-09"}),
        course(
            2,
            status="done",
            actual={"start": "2006-03-06", "end": "2006-03-10"},
            attended={"total": 27, "women": 12, "men": 15},
        ),
        course(3, status="in_progress", actual={"start": "2006-06-26"}),
    ]
    counted = indicator(counts={"series": "courses"}, target=3, baseline=0)
    started = indicator(counts={"milestones": ["course-3"], "measure": "started"})
    attended = indicator(counts={"series": "courses", "measure": "attended"})
    tables = MilestoneTables(plan_of(*milestones))

    def history(ind: Indicator, day: date | None) -> list[tuple[str, float]]:
        found = figures(ind, tables, CALENDAR, day)
        return [(r.period.label, r.value) for r in found.history]

    assert history(counted, date(2006, 3, 9)) == [("2005-H1", 0), ("2005-H2", 1), ("2006-H1", 0)]
    assert history(counted, date(2006, 3, 10))[-1] == ("2006-H1", 1)
    assert len(history(counted, None)) == 6  # every period of the plan, zeros included
    full = figures(counted, tables, CALENDAR, None)
    assert (full.cumulative, full.verdict) == (2, Verdict.partly_met)
    assert history(started, date(2006, 6, 30))[-1] == ("2006-H1", 1)
    assert figures(attended, tables, CALENDAR, None).cumulative == 27
    assert figures(counted, tables, CALENDAR, date(2004, 12, 31)).history == []


def test_counted_milestones_by_series_and_by_id_each_once() -> None:
    tables = MilestoneTables(plan_of(course(1), course(2), course(3)))
    both = indicator(counts={"series": "courses", "milestones": ["course-1", "nowhere"]})
    assert [m.id for m in tables.counted(both)] == ["course-1", "course-2", "course-3"]
