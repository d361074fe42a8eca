"""Turning pydantic's validation errors into problems a plan author can act on.

Each error becomes one `Problem` whose path is pydantic's `loc`; the message names the key,
what was found and what is expected, with a "did you mean" hint for misspelt keys and ids.
"""

from __future__ import annotations

import types
from enum import Enum
from typing import Any, NamedTuple, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from commit_cli.core.field_types import COUNTRY_CODE_PATTERN, CURRENCY_PATTERN, PeriodValue
from commit_cli.core.fields import type_at, unwrap
from commit_cli.core.hints import did_you_mean, synonym
from commit_cli.core.limits import ID_HELP
from commit_cli.core.periods import date_hint
from commit_cli.problems import Problem, YamlPath
from commit_cli.safetext import one_line
from commit_cli.yamlio.scalars import text_lines


def _describe(value: Any) -> str:
    """A found value as one short line: containers by kind, text quoted, control characters
    escaped (a message must stay one line), long text cut."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    return f"'{one_line(str(value))}'"


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
}


# What a text of a code pattern must be, beyond an id.
CODE_PATTERNS = {
    COUNTRY_CODE_PATTERN: "a country code; use two capital letters (ISO 3166), e.g. KH",
    CURRENCY_PATTERN: "a currency code; use three capital letters (ISO 4217), e.g. USD",
}


def _message(error: Any, model: type[BaseModel], key: bool = False) -> tuple[str, str, bool]:
    """(message, code, at_key) for one pydantic error (`key`: the error is in a key, which
    is then the value named)."""
    kind: str = error["type"]
    loc: YamlPath = tuple(error["loc"])
    name = next((str(step) for step in reversed(loc) if isinstance(step, str)), "value")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"missing required key '{loc[-1]}'", "missing-key", False
    if kind == "extra_forbidden":
        parent = type_at(model, loc[:-1])
        allowed = (
            sorted(parent.model_fields)
            if isinstance(parent, type) and issubclass(parent, BaseModel)
            else []
        )
        hint = did_you_mean(str(loc[-1]), allowed)
        if not hint and allowed:
            hint = f"; expected one of {', '.join(allowed)}"
        return f"unknown key '{one_line(str(loc[-1]))}'{hint}", "unknown-key", True
    if kind == "enum":
        enum_type = type_at(model, loc)
        choices = (
            [str(member.value) for member in enum_type]
            if isinstance(enum_type, type) and issubclass(enum_type, Enum)
            else [str(ctx.get("expected", ""))]
        )
        meant = synonym(name, str(value))
        hint = f"; did you mean '{meant}'?" if meant else did_you_mean(str(value), choices)
        return (
            f"unknown {name} {_describe(value)}; expected one of {', '.join(choices)}{hint}",
            "unknown-value",
            False,
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        if "reason" in ctx:  # written YYYY-MM-DD, but no such day (or a year out of range)
            return (
                f"{name}: {_describe(value)} is not a real date ({ctx['reason']})",
                "bad-date",
                False,
            )
        return (
            f"{name}: {_describe(value)} is not a date; {date_hint(str(value))}",
            "bad-date",
            False,
        )
    if kind == "string_pattern_mismatch":
        said = "key" if key else f"{name}:"
        wanted = CODE_PATTERNS.get(str(ctx.get("pattern")), f"a valid id; {ID_HELP}")
        return f"{said} {_describe(value)} is not {wanted}", "bad-id", key
    if kind in ("string_too_short", "too_short") and value in ("", [], None):
        return f"{name} must not be empty", "empty", False
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1:
        # `- Review: phase one` in a list of texts reads as a key and its value
        ((key, inner),) = value.items()
        text = one_line(f"{key}: {inner}")
        return (
            f"{name}: expected text, found `{text}`, which reads as a key and a value;"
            f" put the text in quotes: {text_lines(text, 0, 0, flow=True)[0]}",
            "wrong-type",
            False,
        )
    if kind in _EXPECTED:
        return f"{name}: expected {_EXPECTED[kind]}, found {_describe(value)}", "wrong-type", False
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        relation = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        return f"{name} must be {relation} {bound}, found {_describe(value)}", "out-of-range", False
    if kind == "finite_number":
        return f"{name} must be a finite number, found {_describe(value)}", "out-of-range", False
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, "), "invalid-value", False
    return f"{name}: {error['msg']}", kind, False


def _is_union(annotation: Any) -> bool:
    options = [arg for arg in get_args(annotation) if arg is not type(None)]
    return get_origin(annotation) in (Union, types.UnionType) and len(options) > 1


class _Located(NamedTuple):
    """An error's path in the data, without pydantic's names for the members of a union
    (`constrained-float`, `dict[constrained-str,constrained-float]`) or `[key]`."""

    path: YamlPath
    union: YamlPath | None  # where a union was tried, member by member
    at_key: bool


def _located(model: type[BaseModel], loc: YamlPath) -> _Located:
    path: list[Any] = []
    union: YamlPath | None = None
    at_key = False
    for step in loc:
        if step == "[key]":
            at_key = True
        elif union is None and isinstance(step, str) and _is_union(type_at(model, path)):
            union = tuple(path)  # `step` names the member tried
        else:
            path.append(step)
    return _Located(tuple(path), union, at_key)


def _mismatch(error: Any, place: _Located) -> bool:
    """A member of a union that the value is not the shape of (a number for a mapping)."""
    return error["type"] in _EXPECTED and place.path == place.union


def _expected_of(model: type[BaseModel], path: YamlPath, kinds: list[str]) -> str:
    if type_at(model, path) == unwrap(PeriodValue):
        return "a number, or numbers by country (KH: 3)"
    return ", or ".join(dict.fromkeys(_EXPECTED[kind] for kind in kinds))


def problems_from_validation_error(
    exc: ValidationError, model: type[BaseModel], file: str
) -> list[Problem]:
    """One problem for each error; a value that fits no member of a union is one problem:
    what is wrong inside the member it has the shape of, else what each member expects."""
    errors = [
        (error, _located(model, tuple(error["loc"]))) for error in exc.errors(include_url=False)
    ]
    by_union: dict[YamlPath, list[tuple[Any, _Located]]] = {}
    for error, place in errors:
        if place.union is not None:
            by_union.setdefault(place.union, []).append((error, place))
    problems = []
    for error, place in errors:
        group = by_union.get(place.union, []) if place.union is not None else []
        if group and _mismatch(error, place):
            if any(not _mismatch(other, where) for other, where in group):
                continue  # the value has another member's shape: that member's error says it
            if (error, place) != group[0]:
                continue
            name = next((str(s) for s in reversed(place.path) if isinstance(s, str)), "value")
            expected = _expected_of(model, place.path, [other["type"] for other, _ in group])
            message = f"{name}: expected {expected}, found {_describe(error.get('input'))}"
            problems.append(Problem(file=file, message=message, code="wrong-type", path=place.path))
            continue
        message, code, at_key = _message({**error, "loc": place.path}, model, place.at_key)
        problems.append(
            Problem(file=file, message=message, code=code, path=place.path, at_key=at_key)
        )
    return problems
