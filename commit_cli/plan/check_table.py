"""The parts of the checks found for each PPC file, kept together in one entry, so that after
a hand edit of one file the checks read one entry for the other files, not two per file.

A check of the plan (`checking.check_plan_files`) reads, of each PPC file, the problems of its
own rules (`checking.CachedParts.file`: one entry per file, keyed by its bytes) and the
progress facts of its milestones (ids, statuses, dependencies: `entries.read_progress`, one
entry per file). At 10,000 milestones in 100 files those 200 entries (each read, its
signature checked and unpickled) were a third of what a hand edit added to a warm `status`.

`CheckTable` keeps both, for every PPC file of a plan, in one signed entry (`plan.cache`),
under a key made of the names and entry keys of the header and the decisions file (every
fact of the header that a file's rules read comes from their bytes) and the PPC files'
names. Each file's row holds the entry key of the bytes it was found for, and is taken only
for a file whose entry key is that one (so only for the same bytes: what a row holds is a
function of them and of what the table's key names). A file edited since, renamed or
replaced gets no row: its parts are found as without the table (from their own entries, or
computed) and the table is stored again with them. A table that does not read back as
written here is ignored and written again."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from commit_cli.plan.cache import ResultCache, text_part
from commit_cli.plan.entries import progress_data, progress_from, tuple_entry
from commit_cli.problems import Problem

if TYPE_CHECKING:
    from commit_cli.core.model import PPC, Plan
    from commit_cli.plan.checks.context import PlanView
    from commit_cli.plan.checks.facts import PPCProgress
    from commit_cli.plan.entries import ProgressData
    from commit_cli.plan.file_read import FileRead

TABLE_FORMAT = "check-table-1"


class CheckTable:
    """The table of a plan's PPC files `ppcs`, with its header and decisions file in
    `others` (see the module); read when made, stored again by `save` when a row changed."""

    def __init__(
        self, cache: ResultCache, others: Sequence[FileRead], ppcs: Sequence[FileRead]
    ) -> None:
        self.cache = cache
        self.entry_keys = [read.cache_key for read in ppcs]
        parts = [text_part(part) for read in others for part in (read.name, read.cache_key)]
        parts += [text_part(read.name) for read in ppcs]
        self.key = cache.key("check-table", *parts)
        self._progress: list[PPCProgress | None] = [None] * len(ppcs)
        self._stored: list[ProgressData | None] = [None] * len(ppcs)  # as `_progress` is kept
        self._problems: list[tuple[Problem, ...] | None] = [None] * len(ppcs)
        self._changed = False
        self._read()

    def _read(self) -> None:
        found = tuple_entry(self.cache, self.key, TABLE_FORMAT, 2)
        rows = found[1] if found is not None else None
        if type(rows) is not tuple or len(rows) != len(self.entry_keys):
            return
        for index, row in enumerate(rows):
            if type(row) is not tuple or len(row) != 3 or row[0] != self.entry_keys[index]:
                continue  # another version of the file: its parts are found again
            _, progress, problems = row
            found = None if progress is None else progress_from(progress)
            if found is not None:
                self._progress[index], self._stored[index] = found, progress
            if type(problems) is tuple and all(type(p) is Problem for p in problems):
                self._problems[index] = problems

    def progress(self, index: int) -> PPCProgress | None:
        """The progress facts of the PPC file at `index`, when its row holds them."""
        return self._progress[index]

    def problems(self, index: int) -> list[Problem] | None:
        """The problems of the own rules of the PPC file at `index`, when its row holds
        them."""
        found = self._problems[index]
        return None if found is None else list(found)

    def note_progress(self, index: int, progress: PPCProgress) -> None:
        """The progress facts found for the file at `index`, to be stored with the table."""
        if self._progress[index] is None:
            self._progress[index] = progress
            self._stored[index] = progress_data(progress)
            self._changed = True

    def note_problems(self, index: int, problems: list[Problem]) -> None:
        """The problems found for the file at `index`, to be stored with the table."""
        if self._problems[index] is None:
            self._problems[index] = tuple(problems)
            self._changed = True

    def save(self) -> None:
        """Store the table again when a row was found anew (and a key is known for every
        file: without one, no row could be told apart from another version's)."""
        if not self._changed or not all(self.entry_keys):
            return
        rows = tuple(
            (key, progress, problems)
            for key, progress, problems in zip(
                self.entry_keys, self._stored, self._problems, strict=True
            )
        )
        data: tuple[Any, ...] = (TABLE_FORMAT, rows)
        self.cache.put(self.key, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        self._changed = False


class TabledView:
    """A `PlanView` whose progress facts come from `table` where it holds them, and from
    `view` (records or each file's index) for the other files, which `table` then notes."""

    def __init__(self, view: PlanView, table: CheckTable) -> None:
        self.view = view
        self.table = table

    def ppc(self, index: int) -> PPC:
        return self.view.ppc(index)

    @cached_property
    def _progress(self) -> tuple[PPCProgress, ...]:
        found: list[PPCProgress] = []
        for index in range(len(self.table.entry_keys)):
            progress = self.table.progress(index)
            if progress is None:
                progress = self.view.progress_of(index)
                self.table.note_progress(index, progress)
            found.append(progress)
        return tuple(found)

    def progress(self) -> Sequence[PPCProgress]:
        return self._progress

    def progress_of(self, index: int) -> PPCProgress:
        return self._progress[index]

    def whole(self) -> Plan:
        return self.view.whole()
