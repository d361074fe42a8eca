"""Loading the plan a command works on, with the global options (--no-cache)."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from commit_cli.cli import output
from commit_cli.errors import InvalidPlan

if TYPE_CHECKING:
    from commit_cli.core.model import Plan
    from commit_cli.plan.load import LoadResult


@dataclass
class GlobalOptions:
    use_cache: bool = True


global_options = GlobalOptions()


def load(plan_dir: Path | None) -> LoadResult:
    """The plan in `plan_dir` (or the one found from here), loaded with every problem."""
    from commit_cli.plan.cache import ResultCache
    from commit_cli.plan.load import load_plan
    from commit_cli.plan.sources import FolderSource, find_plan_dir

    folder = find_plan_dir(plan_dir)
    cache = ResultCache.from_environment(folder) if global_options.use_cache else None
    # The plan lives until the process ends: the cyclic GC stays off while it loads and is
    # then told to leave it alone (on 100,000 milestones each full scan costs 0.5 s).
    gc.disable()
    try:
        return load_plan(FolderSource(folder), cache)
    finally:
        gc.freeze()
        gc.enable()


def valid_plan(plan_dir: Path | None) -> Plan:
    """The loaded plan; when it has errors, they are shown and InvalidPlan is raised."""
    result = load(plan_dir)
    if result.plan is None:
        for problem in result.errors:
            output.error_line(problem.format())
        count = result.error_count
        raise InvalidPlan(f"the plan has {count} error(s); run `commit validate`", count)
    return result.plan
