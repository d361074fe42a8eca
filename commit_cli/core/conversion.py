"""From models to records: what a model validated becomes the record of the same name
(`core.model`, generated from `core.schema`), the form the program holds a plan in."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar, get_args

from pydantic import BaseModel

from commit_cli.core.record import Record
from commit_cli.core.schema import MODELS, Strict

RecordT = TypeVar("RecordT", bound=Record)


def schema_of(record: type[Record]) -> type[Strict]:
    """The pydantic model that validates `record`'s data (the class of the same name)."""
    return MODELS[record.__name__]


def _holds_models(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_models(arg) for arg in get_args(annotation))


@cache
def _conversion(model: type[BaseModel]) -> tuple[type[Record], tuple[str, ...], tuple[int, ...]]:
    """The record class of `model`, its fields in order, and the positions of the fields that
    hold models (only those need converting)."""
    # Imported here, not at the top: the generator of core.model reads the models, and
    # must run even when core.model is stale or broken.
    from commit_cli.core import model as records

    record: type[Record] = getattr(records, model.__name__)
    fields = tuple(model.model_fields)
    if fields != record._fields:
        raise TypeError(f"the record {record.__name__} does not list the fields of its model")
    nested = tuple(
        position
        for position, name in enumerate(fields)
        if _holds_models(model.model_fields[name].annotation)
    )
    return record, fields, nested


def _converted(value: Any, known: Mapping[int, Record] | None) -> Any:
    if isinstance(value, BaseModel):
        found = known.get(id(value)) if known is not None else None
        return found if found is not None else to_record(value, known)
    if type(value) is list:
        return [_converted(item, known) for item in value]
    if type(value) is dict:
        return {key: _converted(item, known) for key, item in value.items()}
    return value


def to_record(model: BaseModel, known: Mapping[int, Record] | None = None) -> Record:
    """The record of a validated model: the same values, nested models as records (those
    in `known`, by the model's identity, as they are: converted before)."""
    record, fields, nested = _conversion(type(model))
    data = model.__dict__
    row = [data[name] for name in fields]
    for position in nested:
        row[position] = _converted(row[position], known)
    return record.from_values(row)


def validated(record: type[RecordT], data: Any) -> RecordT:
    """`data` validated by the model of `record` and returned as that record (raises
    pydantic's ValidationError)."""
    found = to_record(schema_of(record).model_validate(data))
    assert isinstance(found, record)
    return found
