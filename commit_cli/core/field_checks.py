"""The checks of the plan's kinds of value that are plain Python (no pydantic): the one
declaration of each, used by the annotated types of `core.field_types` (which turn a
failure into pydantic's error) and by the quick validation of `plan.quick_validate` (which
gives any failure to pydantic to word). Importing this module never imports pydantic."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from commit_cli.core.periods import (
    DATE_PATTERN,
    MAX_YEAR,
    MIN_YEAR,
    PeriodError,
    check_year,
    parse_period_spec,
)

# What each model's fields take, as data (`core.generate_checks` writes it from the models;
# `plan.quick_validate` reads it to apply these checks without pydantic).
QUICK_CHECKS_PATH = Path(__file__).with_name("quick_checks.json")


class FieldError(ValueError):
    """A value refused, with the error type, message template and context pydantic's
    `PydanticCustomError` is given (`core.field_types`)."""

    def __init__(self, kind: str, template: str, context: dict[str, Any] | None = None) -> None:
        super().__init__(kind, template, context)
        self.kind = kind
        self.template = template
        self.context = context


def one_line(value: str) -> str:
    """`value`, if it holds no line break."""
    if any(c in value for c in "\n\r\x85\u2028\u2029"):
        raise ValueError(
            "this text must be one line: a line break in a title, label or name would break"
            " every table and log it is printed in; join the lines"
        )
    return value


def plan_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD in ASCII digits: no ISO week dates (2006-W09-3), no
    timestamps (numbers, or digits in quotes) or times of day, and a year a plan can use.
    A date written another way gets a hint (14/03/2006: write 2006-03-14)."""
    if isinstance(value, str):
        text = value.strip()
        if not DATE_PATTERN.match(text):
            raise FieldError("date_parsing", "Input should be a date written YYYY-MM-DD")
        try:
            value = date.fromisoformat(text)
        except ValueError as exc:
            raise FieldError(
                "date_parsing", "Input should be a valid date, {reason}", {"reason": str(exc)}
            ) from None
    if not isinstance(value, date):
        raise FieldError(
            "date_type", "Input should be a valid date, not {kind}", {"kind": type(value).__name__}
        )
    try:
        return check_year(value)
    except PeriodError:
        raise FieldError(
            "date_parsing",
            "Input should be a valid date, {reason}",
            {"reason": f"years run from {MIN_YEAR} to {MAX_YEAR}"},
        ) from None


def period_keys(value: Any) -> Any:
    """`2006: 3` (a year key, for an annual cadence) means the same as `'2006': 3`; two keys
    that name one period (`2006` and `'2006'`, or `2006-H1` and `' 2006-H1'`) are refused
    rather than one silently replacing the other."""
    if not isinstance(value, dict):
        return value
    keys: dict[str, Any] = {}
    for key in value:
        text = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
        if isinstance(text, str):
            first = keys.setdefault(text.strip(), key)
            if first is not key:
                raise ValueError(
                    f"the period {text.strip()} is given twice (as {first!r} and {key!r}); keep one"
                )
    return {
        str(k) if isinstance(k, int) and not isinstance(k, bool) else k: v for k, v in value.items()
    }


def window_input(value: Any) -> Any:
    """Accept `2006-H1` (one period) or `{start: 2005-H2, end: 2007}` (first day to last day).

    Full dates (`2006-03-01`) are left for pydantic to parse; only coarser specs are resolved
    here. That keeps this per-milestone Python call cheap on large plans.
    """
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            span = parse_period_spec(str(value))
        except PeriodError as exc:
            raise ValueError(str(exc)) from None
        return {"start": span.start, "end": span.end}
    if isinstance(value, dict):
        resolved = value
        for key, pick_end in (("start", False), ("end", True)):
            spec = value.get(key)
            if (isinstance(spec, str) and len(spec) == 10) or not isinstance(spec, str | int):
                continue
            if isinstance(spec, bool):
                continue
            try:
                span = parse_period_spec(str(spec))
            except PeriodError as exc:
                raise ValueError(f"window {key}: {exc}") from None
            if resolved is value:
                resolved = dict(value)
            resolved[key] = span.end if pick_end else span.start
        return resolved
    return value


# Money: exact decimals, never binary fractions. A whole number is written plain
# (`120000`), a fraction in quotes (`'1500.75'`): YAML would read `1500.75` as a float, and a
# float is refused rather than rounded. At most 4 places (ISO 4217's finest unit) and 15
# digits before the point.
AMOUNT_PATTERN = r"^[0-9]{1,15}(\.[0-9]{1,4})?$"
AMOUNT_TEXT = re.compile(AMOUNT_PATTERN)


def amount(value: Any) -> Any:
    """An amount of money, exactly: a whole number, or a decimal written as text."""
    if isinstance(value, Decimal):
        value = format(value, "f")
    if isinstance(value, bool) or not isinstance(value, int | str):
        if isinstance(value, float):
            raise FieldError(
                "amount_float",
                "an amount with a decimal point must be written in quotes ('{text}') or as a"
                " whole number, so that it is kept exactly",
                {"text": repr(value)},
            )
        raise FieldError(
            "amount_type", "an amount is a number, not {kind}", {"kind": type(value).__name__}
        )
    text = str(value).strip()
    if not AMOUNT_TEXT.match(text):
        raise FieldError(
            "amount_parsing",
            "an amount is a number of at most 15 digits and 4 decimal places, not below zero,"
            " e.g. 120000 or '1500.75'",
        )
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise FieldError("amount_parsing", "not a decimal amount") from None
