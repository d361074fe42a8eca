"""Indicators: every PPC has one, each names an expected result its PPC has, values are
recorded for reporting periods inside the plan, and no number is negative unless the indicator
allows it."""

from __future__ import annotations

from commit_cli.core.model import PPC, Indicator
from commit_cli.core.periods import PeriodError, parse_period_label
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
NEGATIVE_VALUE = Rule(
    "negative-value",
    Severity.error,
    "an indicator's baseline, target and values are not negative unless it says"
    " `allow_negative: true`",
)
RULES = (NO_INDICATORS, BAD_PERIOD, VALUE_OUTSIDE_PERIOD, NEGATIVE_VALUE)


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


def check(context: CheckContext) -> None:
    for p, ppc in enumerate(context.plan.ppcs):
        _check_ppc(context, p, ppc)
