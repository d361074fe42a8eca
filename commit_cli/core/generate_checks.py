"""Writes `core/quick_checks.json`, what each pydantic model of `core/schema.py` checks, as
data the quick validation (`plan.quick_validate`) reads without importing pydantic: the
models stay the one declaration of what a plan holds.

For each model, its fields in order, each with the kind of value it takes and its default.
A kind is a list: `["str", pattern, min_length, one_line]`, `["int", ge, le]` (strict),
`["float", ge, le]` (strict, finite), `["bool"]`, `["enum", name]` (of `core.vocabulary`),
`["date"]` (a plan date, `field_checks.plan_date`), `["amount"]` (of money,
`field_checks.amount`), `["model", name]`, `["before", function,
kind]` (a function of `field_checks` run first), `["list", kind]`, `["dict", key, value]`,
`["tuple", [kinds]]`, `["optional", kind]`, `["union", [kinds]]`, or `["no"]`: a kind the
quick validation does not know, which it leaves to pydantic. A default is `["required"]`,
`["value", value]`, `["member", enum, value]`, `["list"]`, `["dict"]`, `["model", name]`
(the model's defaults) or `["no"]`. A model that validates in a way not written here (a
validator other than its rule of `core.model_rules`) is `null`. The test of
tests/core/test_generate_checks.py fails while the file is stale.

    python -m commit_cli.core.generate_checks     # rewrites commit_cli/core/quick_checks.json
"""

from __future__ import annotations

import json
import types
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from pydantic import AfterValidator, BaseModel, BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic.fields import FieldInfo
from pydantic.types import AllowInfNan
from pydantic.types import Strict as StrictType

from commit_cli.core import field_checks, field_types, schema
from commit_cli.core.generate_model import is_model, is_vocabulary
from commit_cli.core.model_rules import MODEL_RULES

CHECKS_PATH = field_checks.QUICK_CHECKS_PATH
COMMAND = "python -m commit_cli.core.generate_checks"
NO: list[Any] = ["no"]
# The functions a kind may name, by their name in `field_checks`.
BEFORE = {field_checks.window_input: "window_input", field_checks.period_keys: "period_keys"}


class _Unknown(Exception):
    """A kind, default or model the quick validation does not know."""


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"before": [], "after": []}
    for item in metadata:
        if isinstance(item, FieldInfo):
            for key, value in _constraints(item.metadata).items():
                found[key] = found.get(key, []) + value if key in ("before", "after") else value
        elif isinstance(item, annotated_types.MinLen):
            found["min_length"] = item.min_length
        elif isinstance(item, annotated_types.Ge):
            found["ge"] = item.ge
        elif isinstance(item, annotated_types.Le):
            found["le"] = item.le
        elif isinstance(item, StrictType):
            found["strict"] = item.strict
        elif isinstance(item, AllowInfNan):
            found["allow_inf_nan"] = item.allow_inf_nan
        elif isinstance(item, BeforeValidator):
            found["before"].append(item.func)
        elif isinstance(item, AfterValidator):
            found["after"].append(item.func)
        elif isinstance(item, PlainSerializer | WithJsonSchema):
            continue  # how it is written out, not what it accepts
        elif type(item).__name__ == "_PydanticGeneralMetadata":
            for key, value in vars(item).items():
                if key not in ("pattern", "allow_inf_nan"):
                    raise _Unknown(f"constraint {key}")
                found[key] = value
        else:
            raise _Unknown(repr(item))
    return found


def kind_of(annotation: Any, metadata: list[Any] = []) -> list[Any]:  # noqa: B006 - read only
    """The kind of `annotation` with the field's `metadata`, or `["no"]`."""
    try:
        return _kind(annotation, metadata)
    except _Unknown:
        return NO


def _kind(annotation: Any, metadata: list[Any]) -> list[Any]:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _kind(args[0], [*args[1:], *metadata])
    if origin in (Union, types.UnionType):
        return _union(args, metadata)
    found = _constraints(metadata)
    before, after = found.pop("before"), found.pop("after")
    if len(before) > 1:
        raise _Unknown("two validators before")
    kind = _bare(annotation, origin, args, found, after)
    if before:
        if annotation is date and before == [field_types._plan_date] and kind == ["date"]:
            return kind
        if annotation is Decimal and before == [field_types._amount] and kind == ["decimal"]:
            return ["amount"]
        name = BEFORE.get(before[0])
        if name is None:
            raise _Unknown(f"validator {before[0]!r}")
        return ["before", name, kind]
    return kind


def _bare(
    annotation: Any, origin: Any, args: tuple[Any, ...], found: dict[str, Any], after: list[Any]
) -> list[Any]:
    if annotation is str:
        if set(found) - {"pattern", "min_length", "strict"} or set(after) - {field_checks.one_line}:
            raise _Unknown("a constraint of text")
        one_line = field_checks.one_line in after
        return ["str", found.get("pattern"), found.get("min_length"), one_line]
    if after:
        raise _Unknown("a validator after")
    if annotation is bool and not found:
        return ["bool"]
    if annotation in (int, float):
        if found.get("strict") is not True or set(found) - {"strict", "ge", "le", "allow_inf_nan"}:
            raise _Unknown("a number that is not strict")
        if annotation is float and found.get("allow_inf_nan") is not False:
            raise _Unknown("a number that may be infinite")
        return [annotation.__name__, found.get("ge"), found.get("le")]
    if found:
        raise _Unknown(f"constraints {sorted(found)}")
    if annotation is date or annotation is Decimal:  # only with their validators (see _kind)
        return ["date" if annotation is date else "decimal"]
    if is_vocabulary(annotation):
        return ["enum", annotation.__name__]
    if is_model(annotation):
        return ["model", annotation.__name__]
    if origin is list and len(args) == 1:
        return ["list", _kind(args[0], [])]
    if origin is dict and len(args) == 2:
        return ["dict", _kind(args[0], []), _kind(args[1], [])]
    if origin is tuple and args and Ellipsis not in args:
        return ["tuple", [_kind(arg, []) for arg in args]]
    raise _Unknown(repr(annotation))


def _union(args: tuple[Any, ...], metadata: list[Any]) -> list[Any]:
    """`X | None` takes None, or what X takes with the field's constraints (pydantic applies
    them to X); a union of more kinds takes what one of them takes."""
    found = _constraints(metadata)
    if found["before"] or found["after"]:
        raise _Unknown("a validator of a union")  # it would run on None too
    arms = [arg for arg in args if arg is not type(None)]
    if len(arms) == 1:
        inner = _kind(arms[0], metadata)
    elif metadata:
        raise _Unknown("constraints of a union")
    else:
        inner = ["union", [_kind(arm, []) for arm in arms]]
    return ["optional", inner] if len(arms) < len(args) else inner


def default_of(field: FieldInfo) -> list[Any]:
    """How the quick validation makes the default of `field`, or `["no"]`."""
    if field.is_required():
        return ["required"]
    factory = field.default_factory
    if factory is list or factory is dict:
        return [factory.__name__]
    if is_model(factory):
        return ["model", getattr(factory, "__name__", "")]
    if factory is not None:
        return NO
    value = field.default
    if isinstance(value, Enum):
        return ["member", type(value).__name__, value.value] if is_vocabulary(type(value)) else NO
    if value is None or type(value) in (bool, int, str) or type(value) is float:
        return ["value", value]
    return NO


def _rule_only(model: type[BaseModel]) -> bool:
    """Whether `model` validates by its fields and its rule of `core.model_rules` alone."""
    decorators = model.__pydantic_decorators__
    if any(
        getattr(decorators, kind)
        for kind in ("validators", "field_validators", "root_validators", "computed_fields")
    ):
        return False
    validators = list(decorators.model_validators.values())
    if not validators:
        return model.__name__ not in MODEL_RULES
    if len(validators) != 1 or model.__name__ not in MODEL_RULES:
        return False
    only = validators[0]
    code = getattr(only.func, "__code__", None)
    return only.info.mode == "after" and code is not None and code.co_names == ("obeyed",)


def model_checks(model: type[BaseModel]) -> list[Any] | None:
    """The fields of `model` as the quick validation checks them, or None."""
    config = model.model_config
    if not _rule_only(model) or config.get("extra") != "forbid" or len(config) != 2:
        return None  # {extra, defer_build}: any other setting is not written here
    fields = []
    for name, field in model.model_fields.items():
        if field.alias is not None or field.validation_alias is not None:
            return None
        fields.append([name, kind_of(field.annotation, field.metadata), default_of(field)])
    return fields


def checks_text() -> str:
    """The text of `core/quick_checks.json` as the models declare them now: one field a line,
    so a change to a model reads as a change to its lines."""
    blocks = []
    for name, model in schema.MODELS.items():
        fields = model_checks(model)
        if fields is None:
            blocks.append(f"{json.dumps(name)}: null")
            continue
        lines = (f"  {json.dumps(field, ensure_ascii=True)}" for field in fields)
        blocks.append(f"{json.dumps(name)}: [\n" + ",\n".join(lines) + "\n ]")
    return "{\n " + ",\n ".join(blocks) + "\n}\n"


def main() -> None:
    CHECKS_PATH.write_text(checks_text(), encoding="utf-8")


if __name__ == "__main__":
    main()
