"""How query results write values in JSON, the same in every `--json` document: dates as
ISO text and whole numbers as ints (`core.record.iso`, `json_number`: the machine formats
every JSON writer shares), windows as their start and end."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from commit_cli.core.periods import Span
from commit_cli.core.record import iso

JsonDict = dict[str, Any]


def window_json(window: Span | None) -> JsonDict | None:
    return None if window is None else {"start": window.start.isoformat(), "end": iso(window.end)}


T = TypeVar("T")


class _NotJson:
    """Not a JSON value: what `JsonItems` holds in place of its items."""


_NOT_JSON = _NotJson()


class JsonItems(list[JsonDict], Generic[T]):
    """A list of JSON objects made one at a time as an indented JSON encoder reads it
    (`json.JSONEncoder` with an indent reads a list with `bool` and `for` alone), so that
    `--json` of 100,000 rows never holds them all as dicts. Only for documents written by
    `export.json_document.json_chunks` (the unindented encoder also reads it through
    `__iter__`). The list itself holds one placeholder that is not a JSON value, so `==`
    against a list never holds by accident: compare `list(items)`."""

    def __init__(self, items: Sequence[T], make: Callable[[T], JsonDict]) -> None:
        super().__init__([_NOT_JSON])  # type: ignore[list-item]
        self._items = items
        self._make = make

    def __iter__(self) -> Iterator[JsonDict]:
        return map(self._make, self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)
