"""A plan loaded as its read index (`plan.columns`): the header and decisions as records, each
PPC file as its columns, for the commands that read only what the index holds.

`load_columns` takes the plan's source and the cache, and returns the plan with each PPC
without its milestones (`ColumnsLoad.plan`) and each PPC file's columns, or None whenever
anything is not known to be as a whole load would find it: a file whose index is not in the
cache (or does not read back), a file refused or with an error, a file in the PPC folder
that is not read, translations (their checks read every milestone), or problems across the
files that are not in the cache or hold an error. The caller then loads the plan whole
(`plan.load`) and, when it is valid, stores every PPC file's index (`keep_columns`), so the
next run finds it. Only a plan without errors is ever read from its index, so a command
that uses it shows what it shows for a valid plan: no banner, no file left out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from commit_cli.core.model import PPC, DecisionBook, Milestone, Plan, PlanHeader
from commit_cli.errors import EnvironmentFailure
from commit_cli.plan.cache import text_part
from commit_cli.plan.checking import checks_key
from commit_cli.plan.columns import (
    ColumnsEntry,
    build_columns,
    columns_key,
    read_columns,
    read_titles,
    write_columns,
    write_titles,
)
from commit_cli.plan.entries import read_entry, record_key, write_progress
from commit_cli.plan.fetch import fetch
from commit_cli.plan.file_read import FileRead, read_one
from commit_cli.plan.sources import FolderSource
from commit_cli.problems import Problem, Severity, of_file, problems_from_json

if TYPE_CHECKING:
    from commit_cli.plan.cache import ResultCache
    from commit_cli.plan.load import LoadResult
    from commit_cli.plan.refresh import Refresher
    from commit_cli.plan.sources import PlanSource


class IndexedPPC:
    """A PPC file's read index, with its milestones read whole on demand: from the file's
    entry, else from the file (validated again; a file that no longer holds the bytes the
    index was made from is an EnvironmentFailure: it changed while the command ran)."""

    def __init__(
        self, entry: ColumnsEntry, source: PlanSource, name: str, cache: ResultCache, key: str
    ) -> None:
        self.entry = entry
        self.count = entry.milestone_count
        self.series = entry.series
        self.offsets = entry.offsets
        self.breaks = entry.breaks
        self.states = entry.states
        self.table = entry.table
        self.kinds = entry.kinds
        self.starts = entry.starts
        self.ends = entry.ends
        self._source = source
        self._name = name
        self._cache = cache
        self._key = key

    @property
    def ids(self) -> list[str]:
        return self.entry.ids.split("\n") if self.count else []

    @property
    def titles(self) -> list[str]:
        """The milestones' titles, from their own entry (`columns.read_titles`: a status
        reads none), else from the record."""
        if self.entry.titles is not None:  # an index just built, not read back
            return self.entry.titles.split("\n") if self.count else []
        found = read_titles(self._cache, self._key, self.count)
        if found is None:  # missing or spoilt: from the record, and stored again
            found = [milestone.title for milestone in self.record().milestones]
            write_titles(self._cache, self._key, "\n".join(found))
        return found

    def record(self) -> PPC:
        """The file's record, whole, as written."""
        found = read_entry(self._cache, self._key, PPC)
        if found is not None and isinstance(found.record, PPC):
            return found.record
        read = read_one(self._source, self._name, PPC, "one PPC", self._cache)
        if read.cache_key != self._key or not isinstance(read.record, PPC):
            raise EnvironmentFailure(
                f"{self._name} changed while it was being read; run the command again"
            )
        return read.record

    def milestones(self) -> list[Milestone]:
        return list(self.record().milestones)

    def derived(self, kind: str, code: bytes, make: Callable[[PPC], bytes]) -> bytes:
        """Bytes made from the file's record alone (`make`, by the code whose source is
        `code`), kept in the cache under the file's entry key, so a warm run reads them
        instead of the record."""
        key = self._cache.key(kind, text_part(self._key), code)
        found = self._cache.get(key)
        if found is not None:
            return found
        made = make(self.record())
        self._cache.put(key, made)
        return made


class ColumnsLoad(NamedTuple):
    """A valid plan as its read index: `plan` holds each PPC without its milestones, and
    `columns` each PPC's milestones as columns, in the same order; `ppc_file_of` names the
    file each PPC is written in, `header` the header file."""

    plan: Plan
    columns: tuple[IndexedPPC, ...]
    ppc_file_of: Mapping[str, str]
    header: str


def _clean(read: FileRead) -> bool:
    """Whether the file read without an error (warnings are not shown by the readers)."""
    return all(problem.severity != Severity.error for problem in read.problems)


def load_columns(
    source: PlanSource,
    cache: ResultCache,
    unread: set[str] | None = None,
    refresh: Refresher | None = None,
) -> ColumnsLoad | None:
    """The plan as its read index, or None when it must be loaded whole (see the module).
    Only a plan folder is read so (a revision's objects are not at hand once its
    repository is closed, and its milestones may be read later). The entry key of the
    PPC file whose index is missing or does not read back goes into `unread` (for
    `keep_columns`). With `refresh` (`plan.refresh`), such a file is read again and its
    index stored, and problems across the files not in the cache are found from the index."""
    if not isinstance(source, FolderSource):
        return None
    listing = source.files()
    if listing.folder_problem or listing.ignored or listing.refused or listing.translations:
        return None
    header_read = read_one(source, listing.header, PlanHeader, "the plan's header", cache)
    header = header_read.record
    if not isinstance(header, PlanHeader) or not _clean(header_read):
        return None
    decisions = []
    book_read: FileRead | None = None
    if listing.decisions is not None:
        book_read = read_one(source, listing.decisions, DecisionBook, "the decisions", cache)
        book = book_read.record
        if not isinstance(book, DecisionBook) or not _clean(book_read):
            return None
        decisions = book.decisions
    columns: list[IndexedPPC] = []
    ppc_reads: list[FileRead] = []
    for name in listing.ppcs:
        fetched = fetch(source, name, by_id=True)
        if fetched.refused is not None:
            return None
        key = record_key(cache, PPC, fetched)
        entry = read_columns(cache, key)
        if entry is None and refresh is not None:
            key, entry = refresh.reread(source, name, len(listing.ppcs)) or (key, None)
        if entry is None or not entry.whole:
            if unread is not None:
                unread.add(key)
            return None
        columns.append(IndexedPPC(entry, source, name, cache, key))
        ppc_reads.append(
            FileRead(name, entry.head, of_file(entry.problems, name), key, entry.facts)
        )
    if any(not _clean(read) for read in ppc_reads):
        return None
    files = [header_read, *ppc_reads, *([] if book_read is None else [book_read])]
    heads = [indexed.entry.head for indexed in columns]
    plan = Plan.from_values((*header, decisions, heads))
    problems = _across(cache, files, refresh, plan, columns)
    if problems is None or any(problem.severity == Severity.error for problem in problems):
        return None
    files_of = {head.id: read.name for head, read in zip(heads, ppc_reads, strict=True)}
    return ColumnsLoad(plan, tuple(columns), MappingProxyType(files_of), header_read.name)


def _across(
    cache: ResultCache,
    files: list[FileRead],
    refresh: Refresher | None,
    plan: Plan,
    columns: list[IndexedPPC],
) -> Sequence[Problem] | None:
    """The problems across the plan made of `files` (the header, the PPC files, then the
    decisions file when there is one), as stored by a whole load, or found by `refresh`;
    None when neither has them."""
    across = cache.get(checks_key(cache, files))
    if across is None:
        if refresh is None:
            return None
        book = files[-1] if len(files) == len(columns) + 2 else None
        return refresh.recheck(plan, files[0], files[1 : len(columns) + 1], book, columns)
    try:
        return problems_from_json(across)
    except (ValueError, TypeError, KeyError):
        return None


def keep_columns(result: LoadResult, cache: ResultCache, unread: set[str] | None = None) -> None:
    """Store the read index of every PPC file of `result` (a whole load) that has none, and
    of those whose entry keys are in `unread` (stored, but not read back), when the plan is
    valid: what the next `load_columns` reads. (After a hand edit, only the file edited
    has none: the others' indexes are not read again to find that out.)"""
    if result.plan is None or result.translations:
        return
    unread = unread or set()
    for read in result.files[1:]:
        record = read.record
        wanted = isinstance(record, PPC) and read.cache_key and read.facts and read.whole
        key = read.cache_key
        if wanted and (key in unread or not cache.holds(columns_key(cache, key))):
            assert isinstance(record, PPC)
            entry = build_columns(record, read.facts, read.problems, read.whole)
            if entry is not None:
                write_columns(cache, read.cache_key, entry)
                write_progress(cache, read.cache_key, record)  # for `plan.refresh`
