"""A plan file's later versions in the result cache, each as what differs from the version
before it.

A history holds hundreds of versions of each PPC file, each a small edit of the one before.
Stored whole (`plan.entries`), each version costs a pickle of the whole file (35 KB for a
PPC of 100 milestones) and the digest of its facts, though nearly all of it is the version
before: over 300 commits of a 10,000-milestone plan that was a third of a cold `commit
changes`. So the walk stores a version whose file it read before as a *version entry*: the
record pickled with each item that is the very record of the version before (a milestone
the commit did not touch: `plan.validate.KnownItems` hands it on) written as a reference to
that item, by the blob id of the version before and the item's place in it. Reading it back
takes the version before from the walk, which reads a file's versions in order. The first
version of each file in the walk, and the last (the one a later `--rev` load reads), are
stored whole, as any file is.

An entry is found only by the blob id of its version and the kind of record; it is signed
as every entry is (`plan.cache`), and read back only into a record of that kind and shape
whose references all lead to an item of the version before; anything else is a miss, and
the version is read from its blob.
"""

from __future__ import annotations

import functools
import io
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from commit_cli.core.record import Record
from commit_cli.plan.cache import ResultCache

FORMAT = "history-version-1"
Reference = tuple[str, int]  # (field, place) of an item of the version before


@functools.cache
def _code() -> bytes:
    """This module's source: how an entry is written, which the cache's code fingerprint
    (the subpackages that decide validity) does not cover."""
    return Path(__file__).read_bytes()


def _key(cache: ResultCache, oid: str, model: type[Record]) -> str:
    return cache.key("history-version", _code(), model.__name__.encode(), oid.encode())


def _items_of(record: Record) -> dict[int, Reference]:
    """Each item of `record`'s lists of records, by identity, with where it is."""
    found: dict[int, Reference] = {}
    for field, value in zip(record._fields, record, strict=True):
        if type(value) is list:
            for place, item in enumerate(value):
                if isinstance(item, Record):
                    found.setdefault(id(item), (field, place))
    return found


class _Pickler(pickle.Pickler):
    def __init__(self, stream: io.BytesIO, before: dict[int, Reference]) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.before = before

    def persistent_id(self, obj: Any) -> Reference | None:
        return self.before.get(id(obj)) if isinstance(obj, Record) else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, stream: io.BytesIO, before: Record) -> None:
        super().__init__(stream)
        self.before = before

    def persistent_load(self, pid: Any) -> Any:
        if type(pid) is not tuple or len(pid) != 2:
            raise pickle.UnpicklingError("not a reference")
        field, place = pid
        position = self.before._positions.get(field) if type(field) is str else None
        items = self.before[position] if position is not None else None
        if type(items) is not list or type(place) is not int or not 0 <= place < len(items):
            raise pickle.UnpicklingError("a reference to nothing")
        return items[place]


def store(cache: ResultCache, oid: str, record: Record, before_oid: str, before: Record) -> None:
    """Store the version `oid` (validated to `record`) against the version before it."""
    stream = io.BytesIO()
    _Pickler(stream, _items_of(before)).dump(record)
    data = (FORMAT, type(record).__name__, before_oid, stream.getvalue())
    cache.put(_key(cache, oid, type(record)), pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def stored(cache: ResultCache, oid: str, model: type[Record]) -> bool:
    """Whether an entry of the version `oid` is stored (whether it reads back is not looked
    at: `load` says that)."""
    return cache.holds(_key(cache, oid, model))


def load(
    cache: ResultCache,
    oid: str,
    model: type[Record],
    version_before: Callable[[str], Record | None],
) -> Record | None:
    """The record of the version `oid`, when stored against a version the walk has read
    (`version_before` gives its record, or None); None otherwise."""
    data = cache.get(_key(cache, oid, model))
    if data is None:
        return None
    try:
        entry = pickle.loads(data)
        if type(entry) is not tuple or len(entry) != 4 or entry[0] != FORMAT:
            return None
        _, kind, before_oid, body = entry
        if kind != model.__name__ or type(before_oid) is not str or type(body) is not bytes:
            return None
        before = version_before(before_oid)
        if before is None or type(before) is not model:
            return None
        record = _Unpickler(io.BytesIO(body), before).load()
    except Exception:  # any unreadable entry is a miss, whatever broke it
        return None
    if type(record) is not model or len(record) != len(model._fields):
        return None
    return record
