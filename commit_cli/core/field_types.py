"""The kinds of value a plan file's fields hold, as annotated types for the models of
`core.schema`: ids, country and currency codes, one-line text, dates written YYYY-MM-DD,
numbers, exact amounts of money, and the keys of values by reporting period. Each carries
its own check and its hint, so every model that holds one checks it the same way.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from commit_cli.core.field_checks import AMOUNT_PATTERN, FieldError, amount, one_line, plan_date
from commit_cli.core.limits import ID_PATTERN, MAX_NUMBER
from commit_cli.core.record import whole_number

Id = Annotated[str, Field(pattern=ID_PATTERN, description="An id, unique across the plan.")]
COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"
CountryCode = Annotated[
    str, Field(pattern=COUNTRY_CODE_PATTERN, description="An ISO 3166-1 alpha-2 country code.")
]
Text = Annotated[str, Field(min_length=1)]


# Titles, labels, names and units: shown in table cells and one-line messages.
OneLine = Annotated[str, Field(min_length=1), AfterValidator(one_line)]


# --- time ---------------------------------------------------------------------------------


def _plan_date(value: Any) -> Any:
    """`field_checks.plan_date`, its refusal as pydantic's error."""
    try:
        return plan_date(value)
    except FieldError as exc:
        raise PydanticCustomError(exc.kind, exc.template, exc.context) from None


PlanDate = Annotated[date, BeforeValidator(_plan_date)]
# Strict: `true` is not the number 1, and 3.0 is not a count.
Number = Annotated[
    float,
    Field(strict=True, allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER),
    PlainSerializer(whole_number),
]
# A reporting period's value: a number, or one for each country (the period's is their sum).
PeriodValue = Number | dict[CountryCode, Number]


def _amount(value: Any) -> Any:
    """`field_checks.amount`, its refusal as pydantic's error."""
    try:
        return amount(value)
    except FieldError as exc:
        raise PydanticCustomError(exc.kind, exc.template, exc.context) from None


Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    PlainSerializer(lambda value: format(value, "f"), when_used="json"),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": AMOUNT_PATTERN},
            ],
            "description": "An amount of money: a whole number, or a decimal in quotes"
            " ('1500.75').",
        }
    ),
]
CURRENCY_PATTERN = r"^[A-Z]{3}$"
CurrencyCode = Annotated[
    str, Field(pattern=CURRENCY_PATTERN, description="An ISO 4217 currency code, e.g. USD.")
]
