"""Indicator figures: the value of each reporting period, how they combine, and whether the
target is met.

An indicator's values are typed per reporting period (`values: {2006-H1: 3}`, or by country),
or computed from the milestones it `counts`: each period then holds what those milestones did
in it (done, started, or people attending), dated by `core.asof`. The periods combine by the
indicator's rule (`rule_of`):

- `sum`: the periods add up (courses held each half-year);
- `last`: the latest period's value stands (countries with a national plan);
- `max` / `min`: the highest / lowest value so far stands.

The combined figure (the *figure*, named by its rule: cumulative, latest, highest, lowest) is
what the target is measured against: *met* when it reaches the target (the low end of a
range), *partly met* when it has moved above the baseline (0 when none is given) without
reaching it, *not met* otherwise; *no target* when the plan sets none, *no value* when nothing
has been reported or counted. Every indicator has exactly one verdict. *% of target* is the
figure as a percentage of the target.

Shared by `query` (status, list, show) and `plan.checks` (a typed value that contradicts the
milestones it should count), so both read the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from commit_cli.core.asof import milestone_on
from commit_cli.core.model import Indicator, Milestone, PeriodValue, Plan
from commit_cli.core.periods import (
    PeriodError,
    ReportingCalendar,
    ReportingPeriod,
    parse_period_label,
)
from commit_cli.core.vocabulary import Combine, Measure, Status, Verdict


@dataclass(frozen=True, slots=True)
class Reading:
    """One reporting period's value (with its parts by country, when typed so)."""

    period: ReportingPeriod
    value: float
    by_country: Mapping[str, float] | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    """An indicator's figures as of a day."""

    rule: Combine
    computed: bool
    history: list[Reading]  # the periods begun by the day, in order
    target: float | None
    baseline: float | None

    @property
    def latest(self) -> Reading | None:
        return self.history[-1] if self.history else None

    @property
    def cumulative(self) -> float | None:
        """The periods combined by the rule; None without a value."""
        return combine(self.rule, [reading.value for reading in self.history])

    @property
    def percent_of_target(self) -> float | None:
        cumulative = self.cumulative
        if cumulative is None or not self.target:
            return None
        return 100 * cumulative / self.target

    @property
    def verdict(self) -> Verdict:
        return verdict(self.cumulative, self.baseline, self.target)


def rule_of(indicator: Indicator) -> Combine:
    """How its period values combine: as declared; else sum for an indicator computed from
    milestones (each period counts what happened in it), else last (a number is never added
    up unless the plan says it adds up)."""
    if indicator.combine is not None:
        return indicator.combine
    return Combine.sum if indicator.counts is not None else Combine.last


def period_total(value: PeriodValue) -> float:
    """A reporting period's value: the number, or the sum of its values by country."""
    return sum(value.values()) if isinstance(value, dict) else value


def combine(rule: Combine, values: Sequence[float]) -> float | None:
    """Period values (in period order) made one figure by `rule`; None when there are none."""
    if not values:
        return None
    if rule is Combine.sum:
        return sum(values)
    if rule is Combine.max:
        return max(values)
    if rule is Combine.min:
        return min(values)
    return values[-1]


def verdict(cumulative: float | None, baseline: float | None, target: float | None) -> Verdict:
    """Met, partly met, not met, no target or no value (see the module's docstring)."""
    if target is None:
        return Verdict.no_target
    if cumulative is None:
        return Verdict.no_value
    if cumulative >= target:
        return Verdict.met
    if cumulative > (baseline or 0):
        return Verdict.partly_met
    return Verdict.not_met


# --- typed values -------------------------------------------------------------------------


def typed_readings(indicator: Indicator, cadence_months: int, as_of: date | None) -> list[Reading]:
    """The typed values of the periods begun by `as_of` (all of them when None), in period
    order; labels that name no reporting period are left out (validate reports them)."""
    readings = []
    for label, value in indicator.values.items():
        try:
            period = parse_period_label(str(label), cadence_months)
        except PeriodError:
            continue
        if as_of is None or period.start <= as_of:
            by_country = dict(value) if isinstance(value, dict) else None
            readings.append(Reading(period, period_total(value), by_country))
    readings.sort(key=lambda reading: reading.period.start)
    return readings


# --- values computed from milestones ------------------------------------------------------


class MilestoneTables:
    """A plan's milestones by id and by series name, for the indicators that count them
    (built on first use: most indicators count nothing)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    @cached_property
    def by_id(self) -> dict[str, Milestone]:
        found: dict[str, Milestone] = {}
        for ppc in self.plan.ppcs:
            for milestone in ppc.milestones:
                found.setdefault(milestone.id, milestone)
        return found

    @cached_property
    def by_series(self) -> dict[str, list[Milestone]]:
        found: dict[str, list[Milestone]] = {}
        for ppc in self.plan.ppcs:
            for milestone in ppc.milestones:
                if milestone.series is not None:
                    found.setdefault(milestone.series.name, []).append(milestone)
        return found

    def counted(self, indicator: Indicator) -> list[Milestone]:
        """The milestones `indicator` counts, each once, in plan order (ids and series the
        plan lacks are left out: validate reports them)."""
        counts = indicator.counts
        if counts is None:
            return []
        found: dict[str, Milestone] = {}
        if counts.series is not None:
            for milestone in self.by_series.get(counts.series, []):
                found.setdefault(milestone.id, milestone)
        for ident in counts.milestones:
            if ident in self.by_id:
                found.setdefault(ident, self.by_id[ident])
        return list(found.values())


_STARTED = (Status.in_progress, Status.done)


def _counts_in(milestone: Milestone, measure: Measure, first: date, last: date) -> float:
    """What `milestone` adds to the period from `first` to `last`: the change it made then,
    as `milestone_on` dates it."""
    before = milestone_on(milestone, first - timedelta(days=1)).status
    after = milestone_on(milestone, last).status
    if measure is Measure.started:
        return 1 if after in _STARTED and before not in _STARTED else 0
    if after is not Status.done or before is Status.done:
        return 0
    if measure is Measure.attended:
        return milestone.attended.total if milestone.attended is not None else 0
    return 1


def computed_readings(
    milestones: Iterable[Milestone],
    measure: Measure,
    calendar: ReportingCalendar,
    as_of: date | None,
) -> list[Reading]:
    """A value for every reporting period of the plan begun by `as_of` (all of them when
    None), counting what `milestones` did in it up to `as_of`; a period where nothing
    happened holds 0."""
    members = list(milestones)
    readings = []
    for period in calendar.periods:
        if as_of is not None and period.start > as_of:
            break
        last = period.end if as_of is None else min(period.end, as_of)
        value = sum(_counts_in(m, measure, period.start, last) for m in members)
        readings.append(Reading(period, value))
    return readings


def figures(
    indicator: Indicator,
    tables: MilestoneTables,
    calendar: ReportingCalendar,
    as_of: date | None,
) -> Figures:
    """The indicator's figures as of `as_of`: from the milestones it counts, or typed."""
    if indicator.counts is not None:
        history = computed_readings(
            tables.counted(indicator), indicator.counts.measure, calendar, as_of
        )
    else:
        history = typed_readings(indicator, calendar.cadence_months, as_of)
    return Figures(
        rule=rule_of(indicator),
        computed=indicator.counts is not None,
        history=history,
        target=indicator.target,
        baseline=indicator.baseline,
    )
