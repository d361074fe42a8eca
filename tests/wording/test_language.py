"""How values read: one rendering per kind of value, the same wherever it is shown."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_cli.core.periods import Span
from commit_cli.core.vocabulary import Combine, MilestoneKind, Phase, Status, Verdict
from commit_cli.wording import (
    ENGLISH,
    Translated,
    Wording,
    amount,
    cadence,
    dates,
    day,
    days,
    milestone_status,
    money,
    number,
    number_range,
    percent,
    period,
    plural,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "–"),
        (0, "0"),
        (3, "3"),
        (3.0, "3"),
        (1234, "1,234"),
        (12345.6, "12,345.6"),
        (2.5, "2.5"),
        (2.25, "2.25"),
        (1 / 3, "0.33"),
        (-1234.5, "-1,234.5"),
        (-0.001, "0"),
        (1e16, "10,000,000,000,000,000"),
        (True, "yes"),
    ],
)
def test_numbers(value: float | None, text: str) -> None:
    assert number(value) == text


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_a_number_reads_as_its_value_to_two_decimals(value: float) -> None:
    text = number(value)
    assert float(text.replace(",", "")) == pytest.approx(round(value, 2), abs=0.005)
    whole = text.lstrip("-").split(".")[0]
    assert whole.replace(",", "").isdigit()
    assert whole == f"{int(whole.replace(',', '')):,}"  # grouped by thousands
    if float(value).is_integer():
        assert "." not in text


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "–"), (0, "0%"), (57.5, "58%"), (100, "100%"), (12345.4, "12,345%")],
)
def test_percentages(value: float | None, text: str) -> None:
    assert percent(value) == text


def test_a_percentage_that_is_not_finite_still_reads() -> None:
    assert percent(math.inf) == "inf%"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "–"),
        (Decimal("0"), "0"),
        (Decimal("120000"), "120,000"),
        (Decimal("75000.50"), "75,000.50"),  # every decimal place it was given
        (Decimal("1234567.1234"), "1,234,567.1234"),
        ("435000.50", "435,000.50"),  # exact text, as a report's context holds it
        ("999", "999"),
    ],
)
def test_amounts_of_money(value: Decimal | str | None, text: str) -> None:
    assert amount(value) == text
    assert ENGLISH.filters()["amount"](value) == text


def test_money_is_an_amount_and_its_currency() -> None:
    assert money(Decimal("120000.50"), "USD") == "120,000.50 USD"
    assert money(None, "USD") == "–"


@given(st.decimals(min_value=0, max_value=10**15, places=4, allow_nan=False))
def test_an_amount_reads_as_exactly_its_value(value: Decimal) -> None:
    assert Decimal(amount(value).replace(",", "")) == value
    assert amount(value) == amount(format(value, "f"))


@pytest.mark.parametrize("value", ["12,000", "ten", "NaN", "Infinity", "1e999999999", "1e-99"])
def test_what_is_no_amount_of_money_is_refused_before_it_is_written_out(value: str) -> None:
    with pytest.raises(ValueError, match="is not an amount of money"):
        amount(value)


def test_ranges_counts_and_days() -> None:
    assert number_range(120, 180) == "120 to 180"
    assert number_range(1500.5, None) == "1,500.5"
    assert number_range(None, 3) == "–"
    assert [days(n) for n in (0, 1, 2, 1234)] == ["0 days", "1 day", "2 days", "1,234 days"]
    assert plural(1, "milestone") == "1 milestone"
    assert plural(2, "country", "countries") == "2 countries"


def test_days_and_periods() -> None:
    assert day(date(2006, 6, 30)) == day("2006-06-30") == "2006-06-30"
    assert day(None) == "–"
    assert dates(date(2006, 1, 1), "2006-06-30") == "2006-01-01 to 2006-06-30"
    assert period(Span(date(2006, 1, 1), date(2006, 6, 30))) == "2006-H1"
    assert period(Span(date(2005, 1, 1), date(2007, 6, 30))) == "2005 to 2007-H1"
    assert [cadence(m) for m in (1, 3, 6, 12, 2)] == [
        "monthly",
        "quarterly",
        "six-monthly",
        "annual",
        "2-monthly",
    ]


def test_a_milestones_status_is_marked_when_overdue_or_tentative() -> None:
    assert milestone_status(Status.in_progress) == "in progress"
    assert milestone_status("planned", overdue=True) == "planned (overdue)"
    assert milestone_status("planned", tentative=True) == "planned (tentative)"
    assert milestone_status("planned", overdue=True, tentative=True) == "planned (overdue)"


def test_the_report_filters_are_the_wordings_functions() -> None:
    filters = ENGLISH.filters()
    assert filters["number"](12345.6) == "12,345.6"
    assert filters["status_label"]("in_progress") == "in progress"
    assert filters["verdict_label"](Verdict.not_met) == "not met"
    assert filters["rule_label"](Combine.sum) == "cumulative"
    assert filters["phase_label"](Phase.core) == "core activities"
    assert filters["kind_label"](MilestoneKind.seminar) == "seminar"
    assert filters["date"]("2006-06-30") == "2006-06-30"
    assert filters["days"](3) == "3 days"


def test_another_language_brings_its_own_labels() -> None:
    """The shape translation takes: a Wording with other tables (here, one changed)."""
    tables = dict(ENGLISH.tables)
    tables[Status] = {**ENGLISH.tables[Status], Status.done: "fait"}
    french = Wording("fr", tables)
    assert french.status("done") == "fait"
    assert french.filters()["status_label"]("done") == "fait"
    assert ENGLISH.status("done") == "done"


LOCALES = {"km": "km", "lo": "lo", "my": "my", "th": "th", "vi": "vi", "zh": "zh_Hans"}


@given(
    st.sampled_from(sorted(LOCALES)),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
)
def test_a_translated_number_reads_back_as_its_value_to_two_decimals(
    language: str, value: float
) -> None:
    from babel.numbers import parse_decimal

    words = Translated(language, LOCALES[language], language, {})
    text = words.number(value)
    assert float(parse_decimal(text, locale=LOCALES[language])) == pytest.approx(
        round(value, 2), abs=0.006
    )


@given(st.sampled_from(sorted(LOCALES)), st.dates())
def test_a_translated_day_is_babel_s_medium_date_and_words_need_no_english(
    language: str, value: date
) -> None:
    from babel.dates import format_date

    words = Translated(
        language, LOCALES[language], language, {"%(start)s to %(end)s": "%(start)s – %(end)s"}
    )
    assert words.day(value.isoformat()) == format_date(value, "medium", locale=LOCALES[language])
    assert words.dates(value, value) == f"{words.day(value)} – {words.day(value)}"
    assert words.day(None) == "–"


def test_the_language_spoken_is_english_outside_a_report() -> None:
    from commit_cli.wording import number, speaking, spoken, status

    thai = Translated("th", "th", "th", {"in progress": "กำลังดำเนินการ"})
    assert spoken() is ENGLISH
    with speaking(thai):
        assert spoken() is thai
        assert status(Status.in_progress) == "กำลังดำเนินการ"
    assert spoken() is ENGLISH
    assert number(1234.5) == "1,234.5"
