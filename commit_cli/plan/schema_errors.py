"""Turning pydantic's validation errors into problems a plan author can act on.

Each error becomes one `Problem` whose path is pydantic's `loc`; the message names the key,
what was found and what is expected, with a "did you mean" hint for misspelt keys and ids.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from commit_cli.core.fields import type_at
from commit_cli.core.hints import did_you_mean, synonym
from commit_cli.core.limits import ID_HELP
from commit_cli.core.periods import date_hint
from commit_cli.problems import Problem, YamlPath
from commit_cli.safetext import one_line


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


def _message(error: Any, model: type[BaseModel]) -> tuple[str, str, bool]:
    """(message, code, at_key) for one pydantic error."""
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
        if name in ("code", "countries", "country_pairs"):
            return (
                f"{name}: {_describe(value)} is not a country code; use two capital letters"
                " (ISO 3166), e.g. KH",
                "bad-id",
                False,
            )
        return f"{name}: {_describe(value)} is not a valid id; {ID_HELP}", "bad-id", False
    if kind in ("string_too_short", "too_short") and value in ("", [], None):
        return f"{name} must not be empty", "empty", False
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1:
        # `- Review: phase one` in a list of texts reads as a key and its value
        ((key, inner),) = value.items()
        text = one_line(f"{key}: {inner}")
        return (
            f"{name}: expected text, found `{text}`, which reads as a key and a value;"
            f' put the text in quotes: "{text}"',
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


def problems_from_validation_error(
    exc: ValidationError, model: type[BaseModel], file: str
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        message, code, at_key = _message(error, model)
        problems.append(
            Problem(file=file, message=message, code=code, path=tuple(error["loc"]), at_key=at_key)
        )
    return problems
