"""The context of one command run: the one owner of runtime policy.

Every run of `commit` (the console entry point, or `app()` as a test's CliRunner calls it)
gets a fresh `CommandContext`, made by the root command before anything is parsed and
current until the run ends (`command_run`). It holds:

- the day: `--as-of`, else the commit date of the revision read (`--rev`), else today. The
  system date is read here and nowhere else, once per run, and only when a command needs
  it (`system_date` is the one reading; tests replace it).
- the result cache of validated files, or None with `--no-cache` (or COMMIT_NO_CACHE=1).
- the global options (`--no-cache`; `--plan` is each command's own).
- the collector policy: Python's cyclic garbage collector is off for the whole run and
  restored as it was afterwards.

Commands take the context with `current()` and hand library code what it needs from it
(a `today: date`, a `cache`) as arguments: below `cli/`, nothing reads the clock or touches
the collector (tests/test_architecture.py checks both).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from commit_cli.plan.cache import ResultCache


def system_date() -> date:
    """The system's date: the program's one reading of the clock."""
    return date.today()


def system_time_ns() -> int:
    """The system's time in nanoseconds since the epoch, for comparing with the times a file
    system stamps on files (`plan.manifest`), never for the day."""
    return time.time_ns()


class GlobalOptions(NamedTuple):
    """The options of the root command, which apply to whichever command runs (a named
    tuple: a frozen dataclass costs a millisecond of start-up to build)."""

    use_cache: bool = True


class CommandContext:
    """What one command run shares: the day, the cache and the global options."""

    def __init__(self, options: GlobalOptions | None = None) -> None:
        self.options = options or GlobalOptions()
        self._today: date | None = None
        self._started_ns: int | None = None
        self._caches: dict[Path | None, ResultCache | None] = {}

    def today(self) -> date:
        """The system's date, read on first use and the same for the rest of the run."""
        if self._today is None:
            self._today = system_date()
        return self._today

    def started_ns(self) -> int:
        """The system's time when first asked (nanoseconds since the epoch), the same for
        the rest of the run: the moment before which a file's stamp can be trusted."""
        if self._started_ns is None:
            self._started_ns = system_time_ns()
        return self._started_ns

    def day(self, as_of: date | None, revision_day: date | None = None) -> date:
        """The day a command speaks for: `as_of` (--as-of), else the commit date of the
        revision read, else today."""
        return as_of or revision_day or self.today()

    def cache(self, plan_dir: Path | None = None) -> ResultCache | None:
        """The result cache, unless --no-cache (or COMMIT_NO_CACHE=1); never one inside the
        working tree of the plan in `plan_dir` (without one, of the current folder)."""
        if not self.options.use_cache:
            return None
        if plan_dir is None:
            try:
                plan_dir = Path.cwd()
            except OSError:
                return None
        if plan_dir not in self._caches:
            from commit_cli.plan.cache import ResultCache

            self._caches[plan_dir] = ResultCache.from_environment(plan_dir)
        return self._caches[plan_dir]


# The contexts of the runs under way, the innermost last (a list, not a ContextVar: one
# command runs at a time, and importing contextvars costs 0.3 ms of start-up).
_running: list[CommandContext] = []


@contextmanager
def command_run() -> Iterator[CommandContext]:
    """One run of a command, with a fresh context current until it ends.

    The cyclic collector is off meanwhile. A command reads a plan, builds what it shows
    (acyclic records, rows and tables, freed by reference counting) and ends; the collector
    would only rescan what it builds, over and over, for cycles that hardly exist: loading
    a large plan takes 2-3x as long with it on, and each full scan of a loaded plan of
    100,000 milestones costs 0.5 s. Peak memory stays what it was (benchmarks/RESULTS.md).
    Afterwards the collector is as it was found: on in a test that runs commands one after
    another, still off in the console entry point (`collector_off_until_exit`)."""
    context = CommandContext()
    _running.append(context)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield context
    finally:
        if was_enabled:
            gc.enable()
        _running.pop()


def collector_off_until_exit() -> None:
    """Turn the cyclic collector off for the rest of the process: for the console entry
    point, which ends once its one command has run. Switched back on, the collector's first
    pass would scan everything the command left alive on the way out."""
    gc.disable()


def current() -> CommandContext:
    """The context of the command running; LookupError outside a run."""
    if not _running:
        raise LookupError("no command is running")
    return _running[-1]
