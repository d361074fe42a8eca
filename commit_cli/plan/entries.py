"""Loading, stage 6: a plan file's record in the result cache.

A file's entry is a pickle of `(ENTRY_FORMAT, its record, the digest of its facts, its own
problems, whether it was read whole)`, written for every file that validated (with or without
warnings of its own: a file with warnings is not parsed again on the next run), under a key
made of the record's kind and the file's bytes (or, for a git blob, its id: the id names the
bytes). `record_key` takes the cache, the record's kind and the fetched file and returns the
key; `read_entry` takes a key and returns an `Entry`, or None for an entry that is missing or
unusable (it is then rebuilt); `write_entry` stores one. Where each problem lies in the file
is kept apart, by the same key (`plan.locating`), and so are the progress facts of a PPC
file's milestones (`write_progress`, for `plan.refresh`). Reading an entry needs neither
validation nor pydantic (see `plan.cache` for why reading it is safe)."""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any, NamedTuple

from commit_cli.core.model import PPC, PlanHeader
from commit_cli.core.record import Record
from commit_cli.plan.cache import ResultCache, digest
from commit_cli.plan.fetch import Fetched
from commit_cli.problems import Problem

if TYPE_CHECKING:
    from commit_cli.plan.checks.facts import PPCProgress

ENTRY_FORMAT = "record+facts+problems/shared"  # its texts and days shared (`shared`)


class Entry(NamedTuple):
    """A file's entry read back: its record, the digest of its facts, its own problems (not
    those across files; warnings, as an error leaves no record) and whether it was read
    whole (see `file_read.FileRead`)."""

    record: Record
    facts: str
    problems: tuple[Problem, ...] = ()
    whole: bool = True


def record_key(cache: ResultCache, model: type[Record], fetched: Fetched) -> str:
    """The key of the `model` record of the file `fetched` holds: by its content id (a git
    blob's, or that of the bytes of a file on disk, `fetch`), else by its bytes."""
    if fetched.content_id is not None:
        return cache.key(model.__name__, b"content-id", fetched.content_id.encode())
    assert fetched.raw is not None
    return cache.key(model.__name__, fetched.raw)


def tuple_entry(cache: ResultCache, key: str, form: object, size: int) -> tuple[Any, ...] | None:
    """The signed entry under `key` unpickled, when it is a tuple of `size` items whose first
    is `form` (the layout's version); None for anything else, which is then rebuilt."""
    data = cache.get(key)
    if data is None:
        return None
    try:
        found = pickle.loads(data)
    except Exception:  # any unreadable entry is rebuilt, whatever broke it
        return None
    if type(found) is not tuple or len(found) != size or found[0] != form:
        return None
    return found


def read_entry(cache: ResultCache, key: str, model: type[Record]) -> Entry | None:
    """The validated record stored under `key` with the digest of its facts, its problems
    and whether it was read whole, or None when the entry is missing or unusable.

    Entries are pickles of records that passed validation when written: reading one needs no
    validation and no pydantic. The digest was taken from the record when it was written, in
    the same entry."""
    entry = tuple_entry(cache, key, ENTRY_FORMAT, 5)
    if entry is None:
        return None
    _, record, facts, problems, whole = entry
    if type(record) is not model or len(record) != len(model._fields):
        return None  # another record, or one of an older shape
    if type(facts) is not str or not facts or type(whole) is not bool:
        return None
    if type(problems) is not tuple or any(type(p) is not Problem for p in problems):
        return None
    return Entry(record, facts, problems, whole)


def write_entry(
    cache: ResultCache,
    key: str,
    record: Record,
    facts: str,
    problems: tuple[Problem, ...] = (),
    whole: bool = True,
) -> None:
    """Store `record`, valid, the digest of its facts, the file's own problems and whether it
    was read whole under `key`."""
    entry = (ENTRY_FORMAT, record, facts, problems, whole)
    cache.put(key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))


def facts_digest(record: Record) -> str:
    """The digest of what the rules across files read of a plan file (its facts); the
    decisions file has none (its rules run on every check, never kept)."""
    from commit_cli.plan.checks.facts import encode, file_facts

    if not isinstance(record, PlanHeader | PPC):
        return digest(b"no facts")
    return digest(encode(file_facts(record)))


PROGRESS_FORMAT = "ppc-progress-2"


def progress_key(cache: ResultCache, entry_key: str) -> str:
    """The key of the progress facts of the PPC file whose entry is under `entry_key`."""
    from commit_cli.plan.cache import text_part

    return cache.key("ppc-progress", text_part(entry_key))


def write_progress(cache: ResultCache, entry_key: str, record: PPC) -> None:
    """Store what the rules run on every check read of `record`'s milestones (their ids,
    statuses and dependencies: `checks.facts.progress_facts`), beside its entry, so those
    rules can run without reading the record whole."""
    from commit_cli.plan.checks.facts import progress_facts

    found = progress_data(progress_facts(record))
    if found is not None:
        data = (PROGRESS_FORMAT, *found)
        cache.put(
            progress_key(cache, entry_key), pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        )


ProgressData = tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]


def progress_data(progress: PPCProgress) -> ProgressData | None:
    """`progress` as it is stored (ids one per line, statuses, dependencies, as tuples), or
    None when it cannot be (an id holding a line break: none that validates does)."""
    if any("\n" in ident for ident in progress.ids):
        return None
    depends = tuple(tuple(needs) for needs in progress.depends_on)
    return "\n".join(progress.ids), tuple(progress.statuses), depends


def read_progress(cache: ResultCache, entry_key: str) -> PPCProgress | None:
    """The progress facts stored by `write_progress`, or None when they are missing or not as
    written there (signed entries only: `plan.cache`)."""
    found = tuple_entry(cache, progress_key(cache, entry_key), PROGRESS_FORMAT, 4)
    return None if found is None else progress_from(found[1:])


def progress_from(data: object) -> PPCProgress | None:
    """The progress facts of `progress_data`'s tuple read back, or None when `data` is not
    one (an entry of another layout is then computed again)."""
    from itertools import chain

    from commit_cli.core.vocabulary import Status
    from commit_cli.plan.checks.facts import PPCProgress

    if type(data) is not tuple or len(data) != 3:
        return None
    ids, statuses, depends = data
    if type(ids) is not str or type(statuses) is not tuple or type(depends) is not tuple:
        return None
    names = ids.split("\n") if statuses else []
    if not len(names) == len(statuses) == len(depends):
        return None
    if not set(statuses) <= set(Status) or not set(map(type, statuses)) <= {str}:
        return None
    if not set(map(type, depends)) <= {tuple}:
        return None
    if not set(map(type, chain.from_iterable(depends))) <= {str}:
        return None
    return PPCProgress(names, statuses, depends)
