"""Loading, stage 4: validating a plan file's data into its record.

`validate` takes the mapping a file holds and the record it should make (`PlanHeader` or
`PPC`) and returns a `Validated`: the record (`core.model`), or the schema problems, each
with its path in the file and the likely fix (`plan.schema_errors`); they are given a line
and column later, from the file's text. Pydantic is imported here, when a file is
validated: a run that finds every file in the cache never imports it."""

from __future__ import annotations

from typing import Any, NamedTuple

from commit_cli.core.record import Record
from commit_cli.problems import Problem


class Validated(NamedTuple):
    """The record a file's data makes, or None and the schema problems that say why not."""

    record: Record | None
    problems: tuple[Problem, ...] = ()


def validate(name: str, data: dict[str, Any], model: type[Record]) -> Validated:
    """The `model` record of the data of the file `name`, validated by its schema."""
    from pydantic import ValidationError

    from commit_cli.core.conversion import schema_of, to_record
    from commit_cli.plan.schema_errors import problems_from_validation_error

    schema = schema_of(model)
    try:
        record = to_record(schema.model_validate(data))
    except ValidationError as exc:
        return Validated(None, tuple(problems_from_validation_error(exc, schema, name)))
    assert isinstance(record, model)
    return Validated(record)
