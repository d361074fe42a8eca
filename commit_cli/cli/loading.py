"""Loading the plan a command works on, with the global options (--no-cache, --plan).

Read commands (status, show, list, timeline) show what the plan's valid files say even
while other files have problems: the problems are counted in a banner on stderr, the files
left out are named, and the command ends with exit code 1 so that scripts notice. `--strict`
refuses instead, as `valid_plan` always does (export and the editing commands need the
whole plan).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commit_cli.cli import output
from commit_cli.cli.exits import OK, PROBLEMS
from commit_cli.errors import InvalidPlan, NotFound

if TYPE_CHECKING:
    from commit_cli.core.model import Plan
    from commit_cli.plan.load import LoadResult
    from commit_cli.query.index import PlanIndex, Scope


@dataclass
class GlobalOptions:
    use_cache: bool = True
    plan_dir: Path | None = None  # --plan given before the command name


global_options = GlobalOptions()


def today() -> date:
    """The system's date: read here, once per command, and passed down (tests replace it)."""
    return date.today()


def load(plan_dir: Path | None, check_today: bool = False) -> LoadResult:
    """The plan in `plan_dir` (or the one found from here), loaded with every problem; with
    `check_today`, also the warnings that compare it with today (validate shows warnings;
    the other commands need only errors, and skip that pass over every milestone)."""
    from commit_cli.plan.cache import ResultCache
    from commit_cli.plan.load import load_plan
    from commit_cli.plan.sources import FolderSource, find_plan_dir

    cache = ResultCache.from_environment() if global_options.use_cache else None
    # The plan lives until the process ends: the cyclic GC stays off while it loads and is
    # then told to leave it alone (on 100,000 milestones each full scan costs 0.5 s).
    gc.disable()
    try:
        folder = find_plan_dir(plan_dir or global_options.plan_dir)
        return load_plan(FolderSource(folder), cache, today() if check_today else None)
    finally:
        gc.freeze()
        gc.enable()


def _refuse(result: LoadResult) -> InvalidPlan:
    for problem in result.errors:
        output.error_line(problem.format())
    count = len(result.errors)
    return InvalidPlan(f"the plan has {count} error(s); run `commit validate`", count)


def valid_plan(plan_dir: Path | None) -> Plan:
    """The loaded plan; when it has errors, they are shown and InvalidPlan is raised."""
    result = load(plan_dir)
    if result.plan is None:
        raise _refuse(result)
    return result.plan


@dataclass
class ReadPlan:
    """The plan a read command shows, the exit code it ends with, and where each PPC is
    written (PPC id → file)."""

    plan: Plan
    exit_code: int
    files: dict[str, str] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    header_file: str = ""
    left_out_ids: dict[str, str] = field(default_factory=dict)  # id → the file left out


def readable_plan(plan_dir: Path | None, strict: bool = False) -> ReadPlan:
    """What the plan's valid files say. With errors, a banner on stderr counts them and
    names the files left out, and the exit code is 1; with `strict`, or when not even the
    plan's header can be read, the errors are shown and InvalidPlan is raised."""
    result = load(plan_dir)
    header = result.files[0].name if result.files else ""
    if result.plan is not None:
        return ReadPlan(result.plan, OK, result.ppc_files, [], header)
    if strict or result.readable is None:
        raise _refuse(result)
    output.error_line(banner(result))
    left_out_ids = {
        ident: source.name
        for source in result.files
        if source.name in result.left_out
        for ident in ids_written(source.raw_data)
    }
    return ReadPlan(
        result.readable, PROBLEMS, result.ppc_files, list(result.left_out), header, left_out_ids
    )


def left_out(loaded: ReadPlan, error: NotFound, ident: str | None) -> NotFound:
    """`error`, or, when `ident` is written in a file left out for its errors, why it
    cannot be found."""
    file = loaded.left_out_ids.get((ident or "").strip())
    if file is None:
        return error
    return NotFound(f"'{ident}' is written in {file}, which has errors; run `commit validate`")


def read_scope(
    loaded: ReadPlan, ppc: str | None, area: str | None, country: str | None
) -> tuple[PlanIndex, Scope]:
    """The plan indexed, and the filters resolved against it (see `query.resolve_scope`)."""
    from commit_cli.query.index import PlanIndex, resolve_scope

    index = PlanIndex(loaded.plan, loaded.files)
    try:
        return index, resolve_scope(index, ppc, area, country)
    except NotFound as error:
        raise left_out(loaded, error, ppc) from None


def ids_written(data: Any) -> list[str]:
    """The ids a PPC file's data declares (itself, its milestones and indicators), read
    from a file that failed validation."""
    if not isinstance(data, dict):
        return []
    found = [data.get("id")]
    for key in ("milestones", "indicators"):
        items = data.get(key)
        if isinstance(items, list):
            found.extend(item.get("id") for item in items if isinstance(item, dict))
    return [ident for ident in found if isinstance(ident, str)]


def banner(result: LoadResult) -> str:
    errors = len(result.errors)
    files = sorted({problem.file for problem in result.errors})
    where = files[0] if len(files) == 1 else f"{len(files)} files"
    text = f"commit: warning: the plan has {errors} error(s) in {where}; "
    if result.left_out:
        text += f"showing what the other files say ({', '.join(result.left_out)} left out)"
    else:
        text += "showing it as written"
    return text + "; run `commit validate` to see them (`--strict` refuses instead)"
