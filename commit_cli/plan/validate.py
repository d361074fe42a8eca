"""Loading, stage 4: validating a plan file's data into its record.

`validate` takes the mapping a file holds and the record it should make (`PlanHeader` or
`PPC`) and returns a `Validated`: the record (`core.model`), or the schema problems, each
with its path in the file and the likely fix (`plan.schema_errors`); they are given a line
and column later, from the file's text. Pydantic is imported here, when a file is
validated: a run that finds every file in the cache never imports it.

A reader of many versions of one file (the history) passes the same `KnownItems` for each:
the items of a list that are the very objects an earlier version validated are not
validated again (see `KnownItems`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple, get_args, get_origin

from commit_cli.core.record import Record
from commit_cli.problems import Problem

if TYPE_CHECKING:
    from pydantic import BaseModel


class Validated(NamedTuple):
    """The record a file's data makes, or None and the schema problems that say why not."""

    record: Record | None
    problems: tuple[Problem, ...] = ()


class KnownItems:
    """The items of the lists of models (a PPC's milestones, indicators, …) in the last
    version of a file that validated, each with its model and record, by the very object
    (the mapping) it was read from.

    A history reads hundreds of versions of each file, each a small edit of the one before,
    and the reader hands every unchanged item of a new version on as the same object
    (`yamlio.splice`). What an item of such a list validates to depends on its own data only
    (no validator of its model looks outside it, and validation has no context), so an item
    that is the very object validated before is given to pydantic as that model, which takes
    a model as it is: every other item, and every rule of the file itself, is still checked.
    Keyed by identity, never by equality, and holding each object, so a key is never reused
    by another: an entry is found only for the object it was made from. When the file does
    not validate, it is validated again from its own data alone, so its problems read
    exactly as they would without this."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, int], tuple[Any, BaseModel, Record]] = {}

    def given(self, schema: type[BaseModel], data: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """`data` with each known item replaced by its model, and how many were."""
        given = data
        reused = 0
        for field in _model_lists(schema):
            raws = data.get(field)
            if type(raws) is not list:
                continue
            items: list[Any] = []
            for raw in raws:
                found = self._items.get((field, id(raw)))
                if found is not None and found[0] is raw:
                    items.append(found[1])
                    reused += 1
                else:
                    items.append(raw)
            if given is data:
                given = dict(data)
            given[field] = items
        return given, reused

    def records(self) -> dict[int, Record]:
        """The record of each known model, by the model's identity (for `to_record`)."""
        return {id(model): record for _, model, record in self._items.values()}

    def remember(
        self, schema: type[BaseModel], data: dict[str, Any], model: BaseModel, record: Record
    ) -> None:
        """Keep the items of this version (which validated to `model` and `record`), in
        place of the last one's."""
        self._items = {}
        for field in _model_lists(schema):
            raws, models = data.get(field), getattr(model, field)
            records = getattr(record, field)
            if type(raws) is not list or not len(raws) == len(models) == len(records):
                continue
            for raw, item, item_record in zip(raws, models, records, strict=True):
                if type(raw) is dict:
                    self._items[(field, id(raw))] = (raw, item, item_record)


_MODEL_LISTS: dict[type[Any], tuple[str, ...]] = {}


def _model_lists(schema: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `schema` that hold a plain list of models (`list[Milestone]`, with no
    validator or constraint of the list's own): those whose items are validated each alone."""
    from pydantic import BaseModel

    found = _MODEL_LISTS.get(schema)
    if found is None:
        decorators = schema.__pydantic_decorators__
        if any(v.info.mode != "after" for v in decorators.model_validators.values()):
            found = ()  # a validator of the whole file that reads its raw data: none taken
        else:
            checked = {
                field for v in decorators.field_validators.values() for field in v.info.fields
            }
            found = tuple(
                name
                for name, info in schema.model_fields.items()
                if get_origin(info.annotation) is list
                and name not in checked
                and not info.metadata
                and len(get_args(info.annotation)) == 1
                and isinstance(get_args(info.annotation)[0], type)
                and issubclass(get_args(info.annotation)[0], BaseModel)
            )
        _MODEL_LISTS[schema] = found
    return found


def validate(
    name: str,
    data: dict[str, Any],
    model: type[Record],
    known: KnownItems | None = None,
    quick: bool = False,
) -> Validated:
    """The `model` record of the data of the file `name`, validated by its schema; with
    `known`, the items known from an earlier version are taken as they validated then, and
    this version's are kept in it for the next. With `quick` (a run that validates a file or
    two), the data is first checked without pydantic (`plan.quick_validate`), and pydantic
    validates it only when that check is not sure of it."""
    if quick and known is None:
        from commit_cli.plan.quick_validate import quick_record

        found = quick_record(model, data)
        if found is not None:
            return Validated(found)
    from pydantic import ValidationError

    from commit_cli.core.conversion import schema_of, to_record
    from commit_cli.plan.schema_errors import problems_from_validation_error

    schema = schema_of(model)
    given, reused = known.given(schema, data) if known is not None else (data, 0)
    try:
        validated = schema.model_validate(given)
        record = to_record(validated, known.records() if known is not None and reused else None)
    except ValidationError as exc:
        if reused:  # its problems as a file read alone gives them (see KnownItems)
            return validate(name, data, model)
        return Validated(None, tuple(problems_from_validation_error(exc, schema, name)))
    assert isinstance(record, model)
    if known is not None:
        known.remember(schema, data, validated, record)
    return Validated(record)
