"""Indicators: every PPC has one, each names an expected result its PPC has, values are
recorded for reporting periods inside the plan, no number is negative unless the indicator
allows it, an indicator computed from milestones names milestones and a series the plan has,
and a value typed for it agrees with them."""

from __future__ import annotations

from commit_cli.core.hints import did_you_mean
from commit_cli.core.indicators import MilestoneTables, computed_readings
from commit_cli.core.model import PPC, Indicator, period_total
from commit_cli.core.periods import PeriodError, ReportingCalendar, parse_period_label
from commit_cli.plan.checks.context import UNKNOWN_REFERENCE, CheckContext, Place, Rule
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


def _check_signs(context: CheckContext, at: Place, indicator: Indicator) -> None:
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


def _check_ppc(context: CheckContext, p: int, ppc: PPC) -> None:
    cadence = context.plan.reporting.cadence_months
    if not ppc.indicators:
        context.report(
            NO_INDICATORS,
            context.in_ppc(p, "id"),
            f"{ppc.label} has no indicators; its evaluation needs at least one",
        )
    for i, indicator in enumerate(ppc.indicators):
        at = context.in_ppc(p, "indicators", i)
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
                period = parse_period_label(str(label), cadence)
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


def _check_counts(
    context: CheckContext, at: Place, indicator: Indicator, tables: MilestoneTables
) -> None:
    """The milestones and series it counts exist; each typed value is what they record."""
    counts = indicator.counts
    if counts is None:
        return
    known = True
    if counts.series is not None and counts.series not in tables.by_series:
        known = False
        context.report(
            UNKNOWN_REFERENCE,
            Place(at.file, (*at.path, "counts", "series")),
            f"counts: no milestone is in a series named '{counts.series}'"
            f"{did_you_mean(counts.series, list(tables.by_series))}",
        )
    for j, ident in enumerate(counts.milestones):
        place = Place(at.file, (*at.path, "counts", "milestones", j))
        known = context.ref(ident, ("milestone",), place, "counts") and known
    if not known or context.unreadable or not indicator.values:
        return  # what it counts is not all there to compare with
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


def check(context: CheckContext) -> None:
    tables = MilestoneTables(context.plan)
    for p, ppc in enumerate(context.plan.ppcs):
        _check_ppc(context, p, ppc)
        for i, indicator in enumerate(ppc.indicators):
            _check_counts(context, context.in_ppc(p, "indicators", i), indicator, tables)
