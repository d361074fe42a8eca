"""Records: the light, immutable objects the program holds a plan in, read back from the cache
without importing pydantic.

A record is a tuple with named fields: reading a cached plan builds records in C (no Python
code per object), and reading a field costs what reading a tuple item costs. The record
classes themselves (`core.model`) are generated from the pydantic models of `core.schema`.
Records keep the two pydantic methods the program uses (`model_dump`, `model_copy`) with the
same meaning, so a record dumps exactly as the model it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from typing import Any, ClassVar, Self, TypeVar

T = TypeVar("T")


def whole_number(value: float) -> int | float:
    """A whole number as an int (6, not 6.0): how every number is written out."""
    return int(value) if float(value).is_integer() else value


# Machine formats (what a program reads back: JSON, YAML, CSV cells). What people read is
# worded by `commit_cli.wording`.


def json_number(value: float | None) -> int | float | None:
    """A number as JSON holds it: whole numbers as ints (3, not 3.0); None stays None."""
    return None if value is None else whole_number(value)


def iso(day: date | None) -> str | None:
    """A day as JSON holds it (`2006-06-30`); None stays None."""
    return None if day is None else day.isoformat()


class RecordMeta(type):
    """Turns the annotated fields of a record class into tuple positions: each field becomes
    a read-only property over its item, and its default (if any) goes to `_defaults`."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> RecordMeta:
        inherited: tuple[str, ...] = ()
        defaults: dict[str, Any] = {}
        for base in bases:
            inherited = getattr(base, "_fields", inherited)
            defaults.update(getattr(base, "_defaults", {}))
        own = [
            field
            for field, annotation in namespace.get("__annotations__", {}).items()
            if not str(annotation).startswith("ClassVar")
        ]
        for position, field in enumerate(own, start=len(inherited)):
            if field in namespace:
                defaults[field] = namespace.pop(field)
            namespace[field] = property(itemgetter(position))
        namespace["__slots__"] = ()
        namespace["_fields"] = fields = (*inherited, *own)
        namespace["_positions"] = {field: position for position, field in enumerate(fields)}
        namespace["_defaults"] = defaults
        return super().__new__(mcs, name, bases, namespace)


def record_layout(record: type[Record]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The positions of `record`'s fields that may hold records, and of those that hold
    numbers written as whole numbers when they are (floats): what a writer must look into;
    every other field holds text, ints, booleans, dates, enumerations or lists of them."""
    layout = _LAYOUTS.get(record)
    if layout is None:
        names = {cls.__name__ for cls in _all_records()}
        annotations = {
            field: str(annotation)
            for cls in reversed(record.__mro__)
            for field, annotation in getattr(cls, "__annotations__", {}).items()
        }
        words = {field: set(re.findall(r"\w+", annotations[field])) for field in record._fields}
        nested = tuple(i for i, f in enumerate(record._fields) if words[f] & names)
        numbers = tuple(i for i, f in enumerate(record._fields) if "float" in words[f])
        layout = _LAYOUTS[record] = (nested, numbers)
    return layout


def _all_records() -> list[type[Record]]:
    found: list[type[Record]] = []
    pending = list(Record.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


_LAYOUTS: dict[type[Record], tuple[tuple[int, ...], tuple[int, ...]]] = {}


def _fresh(value: Any) -> Any:
    """A default value for one new record: mutable defaults are copied, never shared."""
    return type(value)(value) if isinstance(value, list | dict) else value


def _dumped(value: Any, json: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(mode="json" if json else "python")
    kind = type(value)
    if kind is list:
        return [_dumped(item, json) for item in value]
    if kind is tuple:
        items = [_dumped(item, json) for item in value]
        return items if json else tuple(items)
    if kind is dict:
        return {key: _dumped(item, json) for key, item in value.items()}
    if kind is float:
        return whole_number(value)
    if json and isinstance(value, Enum):
        return value.value
    if json and isinstance(value, date):
        return value.isoformat()
    if json and kind is Decimal:
        return format(value, "f")  # exact, as the model dumps it: JSON has no decimal type
    return value


class Record(tuple[Any, ...], metaclass=RecordMeta):
    """An immutable record: a tuple whose items are the fields, in declaration order."""

    _fields: ClassVar[tuple[str, ...]]
    _positions: ClassVar[dict[str, int]]  # field -> its position in the tuple
    _defaults: ClassVar[dict[str, Any]]

    def __new__(cls, **values: Any) -> Self:
        unknown = set(values) - set(cls._fields)
        if unknown:
            raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        missing = [f for f in cls._fields if f not in values and f not in cls._defaults]
        if missing:
            raise TypeError(f"{cls.__name__} needs {', '.join(missing)}")
        return tuple.__new__(
            cls, [values[f] if f in values else _fresh(cls._defaults[f]) for f in cls._fields]
        )

    @classmethod
    def from_values(cls, values: Iterable[Any]) -> Self:
        """A record from its field values in order (no defaults, no checks)."""
        return tuple.__new__(cls, values)

    def __reduce__(self) -> tuple[Any, ...]:
        # Unpickled by calling tuple.__new__ directly: no Python code runs per record.
        return (tuple.__new__, (type(self), tuple(self)))

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={v!r}" for f, v in zip(self._fields, self, strict=True))
        return f"{type(self).__name__}({fields})"

    def model_copy(self, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with the fields in `update` replaced (not validated, as in pydantic)."""
        if not update:
            return self
        positions = self._positions
        row = list(self)
        for name, value in update.items():  # the fields replaced, not every field
            position = positions.get(name)
            if position is None:
                unknown = ", ".join(sorted(set(update) - set(positions)))
                raise TypeError(f"{type(self).__name__} has no field {unknown}")
            row[position] = value
        return tuple.__new__(type(self), row)

    def model_dump(self, mode: str = "python", exclude: Iterable[str] = ()) -> dict[str, Any]:
        """The record as a dict, exactly as its pydantic model dumps: in `json` mode dates are
        ISO strings, enumerations their values, tuples lists and amounts (decimals) text;
        whole numbers are ints."""
        json = mode == "json"
        skip = set(exclude)
        return {
            f: _dumped(v, json) for f, v in zip(self._fields, self, strict=True) if f not in skip
        }


def shared(value: T) -> T:
    """`value` (a record, or anything a record holds) with every text and day equal to one
    met before in it replaced by that one: the same record, but a pickle of it stores each
    distinct text and day once (pickle shares an object by identity), and reading it back
    builds one object for each. A plan file repeats its country codes, agencies, dates and
    stock sentences on every milestone: at 100,000 milestones this holds a cached plan in
    about a quarter less memory, and reads it back faster.

    Only immutable values are shared: lists and dicts stay one per place, as every record's
    own (a record's list is never another's: `_fresh`)."""
    memo: dict[Any, Any] = {}
    return _shared(value, memo.setdefault)  # type: ignore[no-any-return]


def _shared(value: Any, once: Any) -> Any:
    kind = type(value)
    if kind is str or kind is date:
        return once(value, value)
    if kind is dict:
        return {_shared(key, once): _shared(item, once) for key, item in value.items()}
    if kind is not list and kind is not tuple and not isinstance(value, Record):
        return value
    items = []
    for item in value:  # texts, days and None inline: most of what a record holds
        each = type(item)
        if each is str or each is date:
            items.append(once(item, item))
        elif item is None:
            items.append(item)
        else:
            items.append(_shared(item, once))
    return items if kind is list else tuple.__new__(kind, items)
