"""Loading the plan a command works on: from the plan folder, or with `--rev` as committed
at a revision (read from git objects, the working tree untouched); with the global options
(--no-cache). Every command that reads a plan goes through here, so each takes `--rev` the
same way, and a revision's commit date is the default `--as-of`."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from commit_cli.cli import output
from commit_cli.cli.options import option_day
from commit_cli.errors import EnvironmentFailure, InvalidPlan

if TYPE_CHECKING:
    from commit_cli.core.model import Plan
    from commit_cli.history.git import Repository
    from commit_cli.plan.cache import ResultCache
    from commit_cli.plan.load import LoadResult
    from commit_cli.plan.sources import PlanSource


@dataclass
class GlobalOptions:
    use_cache: bool = True


global_options = GlobalOptions()


def cache(plan_dir: Path | None = None) -> ResultCache | None:
    """The result cache, unless --no-cache; never one inside the working tree of the plan
    (or, for a plan read from git, of the current folder)."""
    from commit_cli.plan.cache import ResultCache

    if not global_options.use_cache:
        return None
    if plan_dir is None:
        try:
            plan_dir = Path.cwd()
        except OSError:
            return None
    return ResultCache.from_environment(plan_dir)


@contextmanager
def repository(plan_dir: Path | None) -> Iterator[Repository]:
    """The git repository of the plan folder (found as every command finds it); without a
    plan folder on disk, `plan/` at the top of the current folder's repository."""
    from commit_cli.history.git import Repository
    from commit_cli.plan.sources import PLAN_DIR_NAME, find_plan_dir

    try:
        folder = find_plan_dir(plan_dir)
    except EnvironmentFailure:
        if plan_dir is not None:
            raise
        folder = None
    if folder is not None:
        found = Repository.of(folder)
    else:
        found = Repository.of(Path.cwd())
        found.prefix = found.path(PLAN_DIR_NAME) if found.prefix else PLAN_DIR_NAME
    with found:
        yield found


@contextmanager
def plan_source(plan_dir: Path | None, rev: str | None) -> Iterator[tuple[PlanSource, date | None]]:
    """The plan's source, and the day it speaks for when that is not today (a revision's
    commit date)."""
    from commit_cli.plan.sources import FolderSource, find_plan_dir

    if rev is None:
        yield FolderSource(find_plan_dir(plan_dir)), None
        return
    from commit_cli.history.source import RevisionSource

    with repository(plan_dir) as repo:
        source = RevisionSource(repo, rev)
        if source.moved is not None:
            output.error_line(
                f"commit: note: at {rev} the plan is in {source.moved}/, not"
                f" {repo.prefix or '.'}/ (the plan folder moved since); reading it from there"
            )
        yield source, source.commit.day


def load_source(source: PlanSource) -> LoadResult:
    from commit_cli.plan.load import load_plan
    from commit_cli.plan.sources import FolderSource

    # The plan lives until the process ends: the cyclic GC stays off while it loads and is
    # then told to leave it alone (on 100,000 milestones each full scan costs 0.5 s).
    folder = source.folder if isinstance(source, FolderSource) else None
    gc.disable()
    try:
        return load_plan(source, cache(folder))
    finally:
        gc.freeze()
        gc.enable()


def load(plan_dir: Path | None, rev: str | None = None) -> LoadResult:
    """The plan in `plan_dir` (or the one found from here), or as committed at `rev`,
    loaded with every problem."""
    with plan_source(plan_dir, rev) as (source, _):
        return load_source(source)


def require_valid(result: LoadResult) -> Plan:
    """The loaded plan; when it has errors, they are shown and InvalidPlan is raised."""
    if result.plan is None:
        for problem in result.errors:
            output.error_line(problem.format())
        count = result.error_count
        raise InvalidPlan(f"the plan has {count} error(s); run `commit validate`", count)
    return result.plan


def valid_plan(plan_dir: Path | None, rev: str | None = None) -> Plan:
    """The valid plan (see `require_valid`)."""
    return require_valid(load(plan_dir, rev))


def plan_as_of(plan_dir: Path | None, rev: str | None, as_of: str | None) -> tuple[Plan, date]:
    """The valid plan and the day to report on: --as-of when given, else the revision's
    commit date with --rev, else today. A malformed --as-of is refused before loading."""
    explicit = option_day(as_of, "--as-of")
    with plan_source(plan_dir, rev) as (source, revision_day):
        plan = require_valid(load_source(source))
    return plan, explicit or revision_day or date.today()
