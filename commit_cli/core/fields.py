"""Walking the model's declared types by path: what type a path of keys and indexes leads to,
and the field order of the mapping there (the order `commit fmt` and the editing commands
write keys in)."""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from commit_cli.core.record import Record

PathStep = str | int


def unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional wrappers down to the type that holds the data."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _validating(model: type[BaseModel] | type[Record]) -> type[BaseModel]:
    """The pydantic model of a record class (a model is its own)."""
    if issubclass(model, Record):
        from commit_cli.core.conversion import schema_of

        return schema_of(model)
    return model


def type_at(model: type[BaseModel] | type[Record], path: Sequence[PathStep]) -> Any:
    """The declared type at `path` inside `model` (a pydantic model, or a record: its
    model's), or None where the path leaves the model."""
    current: Any = _validating(model)
    for step in path:
        current = unwrap(current)
        origin = get_origin(current)
        if _is_model(current):
            field = current.model_fields.get(str(step))
            if field is None:
                return None
            current = field.annotation
        elif origin in (list, tuple) and isinstance(step, int):
            args = get_args(current)
            current = args[0] if origin is list else args[min(step, len(args) - 1)]
        elif origin is dict:
            current = get_args(current)[1]
        else:
            return None
    return unwrap(current)


def field_order(
    model: type[BaseModel] | type[Record], path: Sequence[PathStep]
) -> list[str] | None:
    """The model's field names, in declaration order, for the mapping at `path`; None when
    that mapping is data keyed by the author (periods, countries) or outside the model."""
    found = type_at(model, path)
    if found is not None and get_origin(found) in (Union, types.UnionType):
        models = [arg for arg in get_args(found) if _is_model(arg)]
        found = models[0] if len(models) == 1 else None
    return list(found.model_fields) if _is_model(found) else None
