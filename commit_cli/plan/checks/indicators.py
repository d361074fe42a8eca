"""Indicators: every PPC has one, each names an expected result its PPC has, values are
recorded for reporting periods inside the plan, no number is negative unless the indicator
allows it, an indicator computed from milestones names milestones and a series the plan has,
and a value typed for it agrees with them.

What one PPC file says of its indicators is checked per file (`check_file`); whether the
milestones and series an indicator counts exist, across files over the facts projection
(`check_across`); and whether a typed value agrees with what they record, on every check
(`check_progress`: it reads their progress, which an edit of a status changes, and it is cheap:
only indicators that both count milestones and have typed values are compared)."""

from __future__ import annotations

from commit_cli.core.hints import did_you_mean
from commit_cli.core.indicators import MilestoneTables, computed_readings, period_total
from commit_cli.core.model import PPC, Indicator
from commit_cli.core.periods import PeriodError, ReportingCalendar, parse_period_label
from commit_cli.plan.checks.context import (
    UNKNOWN_REFERENCE,
    AcrossContext,
    FileContext,
    Place,
    PlanContext,
    Rule,
)
from commit_cli.plan.checks.facts import IndicatorFacts
from commit_cli.problems import Severity

NO_INDICATORS = Rule(
    "no-indicators", Severity.warning, "every PPC has at least one indicator to evaluate it by"
)
BAD_PERIOD = Rule(
    "bad-period", Severity.error, "an indicator value is keyed by a reporting period (2006-H1)"
)
VALUE_OUTSIDE_PERIOD = Rule(
    "value-outside-period",
    Severity.error,
    "an indicator value's reporting period lies inside the plan period",
)
VALUE_CONTRADICTS_MILESTONES = Rule(
    "value-contradicts-milestones",
    Severity.warning,
    "a value typed for an indicator that counts milestones is what those milestones record",
)
NEGATIVE_VALUE = Rule(
    "negative-value",
    Severity.error,
    "an indicator's baseline, target and values are not negative unless it says"
    " `allow_negative: true`",
)
RULES = (
    NO_INDICATORS,
    BAD_PERIOD,
    VALUE_OUTSIDE_PERIOD,
    NEGATIVE_VALUE,
    VALUE_CONTRADICTS_MILESTONES,
)


def _check_signs(context: FileContext, at: Place, indicator: Indicator) -> None:
    if indicator.allow_negative:
        return
    numbers: list[tuple[tuple[str | int, ...], float | None]] = [
        (("baseline",), indicator.baseline),
        (("target",), indicator.target),
        (("target_max",), indicator.target_max),
    ]
    for label, value in indicator.values.items():
        if isinstance(value, dict):
            numbers.extend((("values", label, code), part) for code, part in value.items())
        else:
            numbers.append((("values", label), value))
    for path, number in numbers:
        if number is not None and number < 0:
            context.report(
                NEGATIVE_VALUE,
                Place(at.file, (*at.path, *path)),
                f"{'.'.join(map(str, path))} is {number:g}: {indicator.unit} cannot be"
                " negative; if this indicator measures a change that can fall, add"
                " `allow_negative: true`",
            )


def check_file(context: FileContext, ppc: PPC) -> None:
    if not ppc.indicators:
        context.report(
            NO_INDICATORS,
            context.at("id"),
            f"{ppc.label} has no indicators; its evaluation needs at least one",
        )
    for i, indicator in enumerate(ppc.indicators):
        at = context.at("indicators", i)
        _check_signs(context, at, indicator)
        result = indicator.expected_result
        if result is not None and result > len(ppc.expected_results):
            context.report(
                UNKNOWN_REFERENCE,
                Place(at.file, (*at.path, "expected_result")),
                f"expected_result {result}: {ppc.label} has only"
                f" {len(ppc.expected_results)} expected results",
            )
        for label in indicator.values:
            place = Place(at.file, (*at.path, "values", label))
            try:
                period = parse_period_label(str(label), context.cadence_months)
            except PeriodError as exc:
                context.report(BAD_PERIOD, place, f"values: {exc}", at_key=True)
                continue
            value = indicator.values[label]
            for code in value if isinstance(value, dict) else ():
                context.country_ref(code, Place(at.file, (*place.path, code)), "values")
            if not context.plan_span.overlaps(period.span):
                context.report(
                    VALUE_OUTSIDE_PERIOD,
                    place,
                    f"values: reporting period {period.label} is outside the plan period",
                    at_key=True,
                )


def _counts_known(
    context: AcrossContext, at: Place, indicator: IndicatorFacts, series: dict[str, None]
) -> bool:
    """Whether the milestones and series `indicator` counts all exist; reports those that
    do not."""
    counts = indicator.counts
    assert counts is not None
    known = True
    if counts.series is not None and counts.series not in series:
        known = False
        context.report(
            UNKNOWN_REFERENCE,
            Place(at.file, (*at.path, "counts", "series")),
            f"counts: no milestone is in a series named '{counts.series}'"
            f"{did_you_mean(counts.series, list(series))}",
        )
    for j, ident in enumerate(counts.milestones):
        place = Place(at.file, (*at.path, "counts", "milestones", j))
        known = context.ref(ident, ("milestone",), place, "counts") and known
    return known


def check_across(context: AcrossContext) -> None:
    series: dict[str, None] | None = None  # every series name, in plan order
    for p, ppc in enumerate(context.facts.ppcs):
        for i, indicator in enumerate(ppc.indicators):
            if indicator.counts is None:
                continue
            if series is None:
                series = {
                    m.series.name: None
                    for each in context.facts.ppcs
                    for m in each.milestones
                    if m.series is not None
                }
            if _counts_known(context, context.in_ppc(p, "indicators", i), indicator, series):
                context.counting.append((p, i))


def _compare_with_milestones(
    context: PlanContext, at: Place, indicator: Indicator, tables: MilestoneTables
) -> None:
    """Each value typed for `indicator` is what the milestones it counts record."""
    counts = indicator.counts
    assert counts is not None
    calendar = ReportingCalendar(context.plan_span, context.plan.reporting.cadence_months)
    recorded = {
        reading.period.label: reading.value
        for reading in computed_readings(tables.counted(indicator), counts.measure, calendar, None)
    }
    for label, value in indicator.values.items():
        try:
            period = parse_period_label(str(label), calendar.cadence_months)
        except PeriodError:
            continue
        typed = period_total(value)
        counted = recorded.get(period.label)
        if counted is not None and typed != counted:
            context.report(
                VALUE_CONTRADICTS_MILESTONES,
                Place(at.file, (*at.path, "values", label)),
                f"values: {period.label} is typed as {typed:g}, but the milestones this"
                f" indicator counts ({counts.measure}) record {counted:g} then; the milestones"
                " are what it shows: correct their progress, or remove the typed value",
                at_key=True,
            )


def check_progress(context: PlanContext) -> None:
    if context.unreadable:
        return  # what an indicator counts is not all there to compare with
    tables: MilestoneTables | None = None  # the milestones whole, read only when compared
    for p, i in context.counting:
        indicator = context.plan.ppcs[p].indicators[i]
        if indicator.values:
            tables = tables or MilestoneTables(context.view.whole())
            _compare_with_milestones(context, context.in_ppc(p, "indicators", i), indicator, tables)
