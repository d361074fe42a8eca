"""Validating a plan file without pydantic, for the few files a run reads again (the first
`status` after a hand edit): importing pydantic, building its models and their validators
costs about 120 ms of CPU before the first file is checked, several times the check itself.

`quick_record` checks a file's data by what the models declare (`core/quick_checks.json`,
generated from `core.schema` by `core.generate_checks`), applies the same checks of field
types (`core.field_checks`) and the same rules of models (`core.model_rules`), and builds
the record as `core.conversion.to_record` would. It accepts only data it is sure of: plain
YAML values of the exact types the models take, in the kinds it knows. On anything else,
wrong or only unusual (a key not declared, a value of another type, a check or rule that
fails), it returns None and the file is validated by pydantic, which
finds the problems and words them. So what it accepts, pydantic accepts as the same record
(tests/plan/test_quick_validate.py holds it to that over random plans), and every problem
is still pydantic's, at the same place."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from commit_cli.core import field_checks, vocabulary
from commit_cli.core import model as records
from commit_cli.core.model_rules import MODEL_RULES
from commit_cli.core.record import Record

CHECKS_PATH = field_checks.QUICK_CHECKS_PATH
_BEFORE: dict[str, Callable[[Any], Any]] = {
    "window_input": field_checks.window_input,
    "period_keys": field_checks.period_keys,
}


class _Unsure(Exception):
    """The data is not one the quick check is sure of: pydantic is to validate it."""


@cache
def _checks() -> dict[str, list[list[Any]] | None]:
    found: dict[str, list[list[Any]] | None] = json.loads(CHECKS_PATH.read_text(encoding="utf-8"))
    return found


@cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def quick_record(model: type[Record], data: Any) -> Record | None:
    """The `model` record of `data` when it is sure pydantic makes the same one; else None."""
    try:
        return _model(model.__name__, data)
    except (_Unsure, ValueError):  # a check of core.field_checks refused it
        return None


def _model(name: str, data: Any) -> Record:
    fields = _checks().get(name)
    if fields is None or type(data) is not dict or len(data) > len(fields):
        raise _Unsure
    row = [
        _value(kind, data[field]) if field in data else _default(default)
        for field, kind, default in fields
    ]
    if len(data) != sum(1 for field, _, _ in fields if field in data):
        raise _Unsure  # a key that is not a field (pydantic refuses it)
    record: Record = getattr(records, name).from_values(row)
    rule = MODEL_RULES.get(name)
    if rule is not None and rule(record) is not None:
        raise _Unsure
    return record


def _default(default: list[Any]) -> Any:
    how = default[0]
    if how == "value":
        return default[1]
    if how == "member":
        return getattr(vocabulary, default[1])(default[2])
    if how == "list":
        return []
    if how == "dict":
        return {}
    if how == "model":
        return _model(default[1], {})
    raise _Unsure  # required, or a default not written in the checks


def _value(kind: list[Any], value: Any) -> Any:  # noqa: C901 - one branch per kind
    tag = kind[0]
    if tag == "str":
        _, pattern, min_length, one_line = kind
        if type(value) is not str or (min_length is not None and len(value) < min_length):
            raise _Unsure
        # pydantic's patterns are Rust's, whose `$` is never before a final line break
        if pattern is not None and ("\n" in value or not _pattern(pattern).search(value)):
            raise _Unsure
        return field_checks.one_line(value) if one_line else value
    if tag == "optional":
        return None if value is None else _value(kind[1], value)
    if tag == "model":
        return _model(kind[1], value)
    if tag == "list":
        if type(value) is not list:
            raise _Unsure
        return [_value(kind[1], item) for item in value]
    if tag == "enum":
        if type(value) is not str:
            raise _Unsure
        member = getattr(vocabulary, kind[1])._value2member_map_.get(value)
        if member is None:
            raise _Unsure
        return member
    if tag == "date":
        day = field_checks.plan_date(value)
        if type(day) is not date:
            raise _Unsure
        return day
    if tag == "amount":
        found = field_checks.amount(value)
        if type(found) is not Decimal or not found.is_finite():
            raise _Unsure
        return found
    if tag in ("int", "float"):
        return _number(kind, value)
    if tag == "bool":
        if type(value) is not bool:
            raise _Unsure
        return value
    if tag == "before":
        return _value(kind[2], _BEFORE[kind[1]](value))
    if tag == "dict":
        if type(value) is not dict:
            raise _Unsure
        return {_value(kind[1], key): _value(kind[2], item) for key, item in value.items()}
    if tag == "tuple":
        if type(value) not in (list, tuple) or len(value) != len(kind[1]):
            raise _Unsure
        return tuple(_value(each, item) for each, item in zip(kind[1], value, strict=True))
    if tag == "union":
        return _union(kind[1], value)
    raise _Unsure  # "no": a kind not written in the checks


def _number(kind: list[Any], value: Any) -> int | float:
    tag, ge, le = kind
    if type(value) is not int and not (tag == "float" and type(value) is float):
        raise _Unsure  # strict: no bool, no text, no float for an int
    if type(value) is float and not math.isfinite(value):
        raise _Unsure
    if (ge is not None and value < ge) or (le is not None and value > le):
        raise _Unsure
    return float(value) if tag == "float" else value


def _union(kinds: list[list[Any]], value: Any) -> Any:
    """What the one kind of `kinds` that takes `value` makes of it; unsure when none or more
    than one does (pydantic would then choose by rules not written here)."""
    found: list[Any] = []
    for kind in kinds:
        try:
            found.append(_value(kind, value))
        except (_Unsure, ValueError):
            continue
    if len(found) != 1:
        raise _Unsure
    return found[0]
