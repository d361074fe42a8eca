"""The differences between two values of plain data, as deep as the data is keyed.

Mappings are compared key by key, lists of mappings item by item by their `id` (or `code`),
lists of words as wholes and lists of passages as items added and removed. Each difference
is a `Delta`: the path to it, the old value and the new one. `model_deltas` compares two
records field by field, skipping equal fields before they are turned into plain data, so a
field the model gains later is compared like any other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from commit_cli.core.record import Record

Path_ = tuple[str, ...]
KEYS = ("id", "code")  # what identifies an item of a list of mappings


@dataclass(frozen=True, slots=True)
class Delta:
    """One difference in plain data: the path to it, the old value and the new one (None
    where there was or is nothing)."""

    path: Path_
    old: Any
    new: Any


def plain(value: Any) -> Any:
    """A model or model value as plain JSON data."""
    if isinstance(value, Record):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(getattr(value, "value", None), str):
        return value.value  # an enum member
    return value


def _list_key(*lists: list[Any]) -> str | None:
    """The key that identifies each item of lists of mappings, if every item of each list
    has a unique one."""
    items = [item for items in lists for item in items]
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in KEYS:
        if all(_unique_strings([item.get(key) for item in items]) for items in lists):
            return key
    return None


def _unique_strings(values: list[Any]) -> bool:
    return all(isinstance(v, str) for v in values) and len(set(values)) == len(values)


def deltas(path: Path_, old: Any, new: Any, renames: Mapping[str, str]) -> Iterator[Delta]:
    """Every difference between two plain values, as deep as the data is keyed: mappings by
    key, lists of mappings by their `id` (or `code`), other lists as wholes (lists of words)
    or as items added and removed (lists of passages). A list of ids that differs only by
    ids renamed in the same change is no difference."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            yield from deltas((*path, str(key)), old.get(key), new.get(key), renames)
        return
    if isinstance(old, list) and isinstance(new, list):
        yield from _list_deltas(path, old, new, renames)
        return
    yield Delta(path, old, new)


def _list_deltas(
    path: Path_, old: list[Any], new: list[Any], renames: Mapping[str, str]
) -> Iterator[Delta]:
    key = _list_key(old, new)
    if key is not None:
        before = {item[key]: item for item in old}
        after = {item[key]: item for item in new}
        for ident in [*before, *(k for k in after if k not in before)]:
            yield from deltas((*path, ident), before.get(ident), after.get(ident), renames)
        return
    words_only = all(not isinstance(item, dict | list) for item in old + new)
    if words_only and not any(is_narrative(item) for item in old + new):
        if [renames.get(item, item) if isinstance(item, str) else item for item in old] != new:
            yield Delta(path, old, new)
        return
    gone = Counter(frozen(item) for item in old) - Counter(frozen(item) for item in new)
    came = Counter(frozen(item) for item in new) - Counter(frozen(item) for item in old)
    for item in old:
        if gone[frozen(item)] > 0:
            gone[frozen(item)] -= 1
            yield Delta(path, item, None)
    for item in new:
        if came[frozen(item)] > 0:
            came[frozen(item)] -= 1
            yield Delta(path, None, item)


def frozen(value: Any) -> Any:
    """A plain value as one that can be hashed (counted, or looked up)."""
    if isinstance(value, dict):
        return tuple((k, frozen(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    return value


def model_deltas(
    old: Record, new: Record, renames: Mapping[str, str], skip: Iterable[str] = ()
) -> list[Delta]:
    """The differences between two models of one kind, field by field; equal fields are
    skipped without turning them into plain data."""
    found: list[Delta] = []
    skipped = set(skip)
    for name in type(new)._fields:
        if name in skipped:
            continue
        before, after = getattr(old, name, None), getattr(new, name, None)
        if before != after:
            found.extend(deltas((name,), plain(before), plain(after), renames))
    return found


def is_narrative(value: Any) -> bool:
    """Text written as prose (a passage with spaces), or a record holding some."""
    if isinstance(value, str):
        return " " in value.strip()
    if isinstance(value, dict):
        return any(is_narrative(v) for v in value.values())
    if isinstance(value, list):
        return bool(value) and any(is_narrative(v) for v in value)
    return False
