"""The plan as its read index after a hand edit: the edited files read again, the rest from
their indexes, and the rules across files run without reading the unchanged files whole.

After one field of one PPC file is edited by hand, the read index (`plan.columns_load`) lacks
that file's entry, and the problems across the plan are not in the cache for the new set of
files. Loading the plan whole for that read every other file's record too (unpickling 99 PPC
files of a 10,000-milestone plan to check one). `Refresher` fills both gaps instead, as
`load_columns` asks:

- `reread`: a file whose index is missing (one in four at most: more, as with a cold cache,
  and the plan is loaded whole) is read as any load reads it (`file_read.read_one`:
  parsed, validated (without pydantic when `plan.quick_validate` is sure of it: a file or
  two do not pay pydantic's fixed cost), its entry stored, keyed by its bytes), and its
  index built and stored
  by the functions the whole load uses (`columns.build_columns`, `columns.write_columns`).
  A file that does not read cleanly gives None: the plan is then loaded whole, which reports
  it.
- `recheck`: the problems across the plan, by the one definition (`checking.check_plan_files`,
  stored under the same key), run over an `IndexView`: the parts found before come from the
  cache (`checking.CachedParts`: the rules across files under every file's facts digest,
  each file's own rules under its bytes), the rules run on every check read each milestone's
  id, status and dependencies from the file's progress facts (`entries.write_progress`),
  and a file's record is read whole only when a rule needs it (a part not found, an
  indicator that counts milestones and has typed values). The unchanged files' own rules
  and progress facts come from one entry, the plan's `check_table` (two entries per file
  before: a third of what a hand edit added to a warm status at 10,000 milestones).

The entries read are the signed, private ones of `plan.cache`, keyed by each file's bytes,
so nothing stale or planted is taken; whatever cannot be read back is computed again."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from commit_cli.core.model import PPC, Plan
from commit_cli.plan.checking import check_plan_files
from commit_cli.plan.columns import ColumnsEntry, build_columns, write_columns
from commit_cli.plan.entries import read_progress, write_progress
from commit_cli.plan.file_read import FileRead, read_one
from commit_cli.problems import Problem, Severity

if TYPE_CHECKING:
    from commit_cli.plan.cache import ResultCache
    from commit_cli.plan.checks.facts import PPCProgress
    from commit_cli.plan.columns_load import IndexedPPC
    from commit_cli.plan.sources import PlanSource


class IndexView:
    """A plan read as its index (`plan` holds each PPC without its milestones; `columns` and
    `keys` each PPC file's index and entry key, in the same order), for the checks
    (`checks.context.PlanView`)."""

    def __init__(
        self,
        plan: Plan,
        columns: Sequence[IndexedPPC],
        keys: Sequence[str],
        cache: ResultCache,
    ) -> None:
        self.plan = plan
        self.columns = columns
        self.keys = keys
        self.cache = cache
        self._records: dict[int, PPC] = {}

    def ppc(self, index: int) -> PPC:
        found = self._records.get(index)
        if found is None:
            found = self._records[index] = self.columns[index].record()
        return found

    @cached_property
    def _progress(self) -> tuple[PPCProgress, ...]:
        return tuple(self.progress_of(index) for index in range(len(self.keys)))

    def progress(self) -> Sequence[PPCProgress]:
        return self._progress

    def progress_of(self, index: int) -> PPCProgress:
        from commit_cli.plan.checks.facts import progress_facts

        key = self.keys[index]
        progress = read_progress(self.cache, key)
        if progress is None or len(progress.ids) != self.columns[index].count:
            record = self.ppc(index)
            write_progress(self.cache, key, record)
            progress = progress_facts(record)
        return progress

    def whole(self) -> Plan:
        ppcs = [self.ppc(index) for index in range(len(self.keys))]
        return self.plan.model_copy(update={"ppcs": ppcs})


class Refresher:
    """What `columns_load.load_columns` asks when the index lacks a file or the problems
    across the plan (see the module)."""

    def __init__(self, cache: ResultCache) -> None:
        self.cache = cache
        self.reread_count = 0

    def reread(self, source: PlanSource, name: str, files: int) -> tuple[str, ColumnsEntry] | None:
        """The PPC file `name` (one of `files` PPC files) read, its entry stored, and its
        index built and stored: its entry key and index. None when it does not read cleanly,
        or when it would be more than one in four of the files read so (a cold cache, a
        checkout of another branch: the plan is then loaded whole, as without a refresher)."""
        if self.reread_count >= max(1, files // 4):
            return None
        self.reread_count += 1
        read = read_one(source, name, PPC, "one PPC", self.cache, quick=True)
        record = read.record
        if not isinstance(record, PPC) or not read.whole or not read.cache_key or not read.facts:
            return None
        if any(problem.severity == Severity.error for problem in read.problems):
            return None
        entry = build_columns(record, read.facts, read.problems, read.whole)
        if entry is None:
            return None
        write_columns(self.cache, read.cache_key, entry)
        write_progress(self.cache, read.cache_key, record)
        return read.cache_key, entry

    def recheck(
        self,
        plan: Plan,
        header: FileRead,
        ppcs: Sequence[FileRead],
        decisions: FileRead | None,
        columns: Sequence[IndexedPPC],
    ) -> tuple[Problem, ...]:
        """The problems across `plan` (its PPCs without milestones, each PPC file's index in
        `columns`), as a whole load finds them, and stored where it stores them."""
        view = IndexView(plan, columns, [read.cache_key for read in ppcs], self.cache)
        return check_plan_files(plan, header, ppcs, (), self.cache, None, decisions, view)
