"""The plan a command works on: found (`--plan`, else `plan/` here or in the nearest parent
that has one), loaded from the plan folder or with `--rev` as committed at a revision (read
from git objects, the working tree untouched), and checked. Every command that reads a plan
goes through here, so each takes `--rev` the same way, and a revision's commit date is the
default `--as-of` (see `context.CommandContext.day`). The cache and today come from the
command's context. A command that shows the plan as of a day gets it here as it was known
on that day (`core.known`), once, so that no output reads a dated fact raw.

Read commands (status, show, list, timeline) show what the plan's valid files say even
while other files have problems: the problems are counted in a banner on stderr, the files
left out are named, and the command ends with exit code 1 so that scripts notice. `--strict`
refuses instead, as `valid_plan` always does (export and the editing commands need the
whole plan).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commit_cli.cli import output
from commit_cli.cli.exits import OK, PROBLEMS
from commit_cli.errors import EnvironmentFailure, InvalidPlan, NotFound

if TYPE_CHECKING:
    from commit_cli.cli.command_context import CommandContext
    from commit_cli.core.model import Plan
    from commit_cli.history.git import Repository
    from commit_cli.plan.columns_load import ColumnsLoad, IndexedPPC
    from commit_cli.plan.load import LoadResult
    from commit_cli.plan.sources import PlanSource
    from commit_cli.query.index import PlanIndex
    from commit_cli.query.scope import Scope


def plan_here(plan_dir: Path | None = None) -> Path | None:
    """The plan folder a command would use, or None when there is none: for commands that
    make files elsewhere and must not make them inside it."""
    from commit_cli.plan.sources import find_plan_dir

    try:
        return find_plan_dir(plan_dir)
    except EnvironmentFailure:
        return None


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


def committed_changes(
    context: CommandContext,
    plan_dir: Path | None,
    first: date | None,
    last: date,
    rev: str | None,
    day: date,
) -> list[dict[str, Any]] | None:
    """The plan's changes committed from `first` (None: from the start) to `last`, and with
    `rev` up to that revision, as data, oldest first, from the plan's git history: what the
    summary report's record of changes and the site's period pages word for readers. None
    where there is no history to read (not a git repository, no git, a shallow clone), so
    the reader is told. Changes not yet committed count only for the working tree as of
    today (`day`): they are today's."""
    from commit_cli.errors import UsageError

    try:
        with repository(plan_dir) as repo, output.progress("Reading the plan's history") as step:
            from commit_cli.history.walk import plan_history  # only once there is a history

            history = plan_history(repo, first, rev or last, context.cache(plan_dir), step)
    except (EnvironmentFailure, NotFound, UsageError):
        return None
    uncommitted = rev is None and day >= context.today()
    return [
        change.to_json()
        for change in history.changes
        if (change.by is None and uncommitted)
        or (
            change.by is not None
            and (first is None or first <= change.by.day)
            and change.by.day <= last
        )
    ]


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


def load_source(
    context: CommandContext, source: PlanSource, check_today: bool = False, locate: bool = True
) -> LoadResult:
    """`source` loaded with every problem; with `check_today`, also the warnings that
    compare it with today (validate shows warnings; the other commands need only errors,
    and skip that pass over every milestone). Without `locate`, the problems are not given
    their lines (`load_plan`): for a command that prints none of them."""
    from commit_cli.plan.load import LoadResult

    found = _load_source(context, source, check_today, columns=False, locate=locate)
    assert isinstance(found, LoadResult)
    return found


def _load_source(
    context: CommandContext,
    source: PlanSource,
    check_today: bool,
    columns: bool,
    locate: bool = True,
) -> LoadResult | ColumnsLoad:
    """`load_source`; with `columns`, the plan as its read index when it can be read so
    (`plan.columns_load`), else loaded whole, and its index stored for the next run."""
    from commit_cli.plan.load import load_plan
    from commit_cli.plan.sources import FolderSource

    folder = source.folder if isinstance(source, FolderSource) else None
    cache = context.cache(folder)
    if cache is not None and isinstance(source, FolderSource):
        from commit_cli.plan.manifest import StampManifest

        source.manifest = StampManifest(cache, source.folder, context.started_ns())
    result: LoadResult | ColumnsLoad | None = None
    if columns and cache is not None and isinstance(source, FolderSource):
        from commit_cli.plan.columns_load import keep_columns, load_columns
        from commit_cli.plan.refresh import Refresher

        unread: set[str] = set()
        result = load_columns(source, cache, unread, Refresher(cache))
        if result is None:
            result = load_plan(source, cache)
            keep_columns(result, cache, unread)
    if result is None:
        today = context.today() if check_today else None
        result = load_plan(source, cache, today=today, locate=locate)
    if isinstance(source, FolderSource) and source.manifest is not None:
        source.manifest.save()
    return result


def load(
    context: CommandContext,
    plan_dir: Path | None,
    rev: str | None = None,
    check_today: bool = False,
) -> LoadResult:
    """The plan in `plan_dir` (or the one found from here), or as committed at `rev`,
    loaded with every problem."""
    with plan_source(plan_dir, rev) as (source, _):
        return load_source(context, source, check_today)


def _refuse(result: LoadResult) -> InvalidPlan:
    for problem in result.errors:
        output.error_line(problem.format())
    count = result.error_count
    return InvalidPlan(f"the plan has {count} error(s); run `commit validate`", count)


def require_valid(result: LoadResult) -> Plan:
    """The loaded plan; when it has errors, they are shown and InvalidPlan is raised."""
    if result.plan is None:
        raise _refuse(result)
    return result.plan


def valid_plan(context: CommandContext, plan_dir: Path | None, rev: str | None = None) -> Plan:
    """The valid plan (see `require_valid`), as written: for the commands that change it or
    compare it. Read commands take it as known on their day through `readable_plan`; the
    reports cut it in `reports.context.facts.Facts.of`."""
    return require_valid(load(context, plan_dir, rev))


@dataclass
class ReadPlan:
    """The plan a read command shows, as it was known on `day` (the day the command speaks
    for: `--as-of`, else the commit date of the revision read, else today); the exit code it
    ends with, and where each PPC is written (PPC id → file)."""

    plan: Plan
    exit_code: int
    day: date
    files: dict[str, str] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    header_file: str = ""
    left_out_ids: dict[str, str] = field(default_factory=dict)  # id → the file left out
    result: LoadResult | None = None  # the load itself (its translations: `translations_in`)
    # Each PPC's milestones as the read index holds them, when the plan was read so (the
    # PPCs of `plan` then hold no milestones): see `readable_plan`'s `columns`.
    columns: tuple[IndexedPPC, ...] | None = None


def readable_plan(
    context: CommandContext,
    plan_dir: Path | None,
    strict: bool = False,
    rev: str | None = None,
    as_of: date | None = None,
    columns: bool = False,
) -> ReadPlan:
    """What the plan's valid files say, as known on the day the command speaks for (every
    recorded fact dated after it left out: `core.known`). With errors, a banner on stderr
    counts them and names the files left out, and the exit code is 1; with `strict`, or when
    not even the plan's header can be read, the errors are shown and InvalidPlan is
    raised.

    With `columns` (for a command that reads only what the read index holds: status), a
    valid plan may come as its index (`plan.columns_load`): its PPCs without their
    milestones, and `ReadPlan.columns` set."""
    from commit_cli.core.known import known_on

    with plan_source(plan_dir, rev) as (source, revision_day):
        found = _load_source(context, source, False, columns)
    day = context.day(as_of, revision_day)
    if columns:
        from commit_cli.plan.columns_load import ColumnsLoad

        if isinstance(found, ColumnsLoad):
            plan = known_on(found.plan, day)
            files = dict(found.ppc_file_of)
            return ReadPlan(plan, OK, day, files, [], found.header, {}, None, found.columns)
    from commit_cli.plan.load import LoadResult

    assert isinstance(found, LoadResult)
    result = found
    header = result.files[0].name if result.files else ""
    if result.plan is not None:
        plan = known_on(result.plan, day)
        return ReadPlan(plan, OK, day, dict(result.ppc_file_of), [], header, {}, result)
    if strict or result.readable is None:
        raise _refuse(result)
    output.error_line(banner(result))
    left_out_ids = {
        ident: source_file.name
        for source_file in result.files
        if source_file.name in result.left_out
        for ident in ids_written(source_file.raw_data)
    }
    return ReadPlan(
        known_on(result.readable, day),
        PROBLEMS,
        day,
        dict(result.ppc_file_of),
        list(result.left_out),
        header,
        left_out_ids,
        result,
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
    from commit_cli.query.index import PlanIndex
    from commit_cli.query.scope import resolve_scope

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
    errors = result.error_count
    files = sorted({problem.file for problem in result.errors})
    where = files[0] if len(files) == 1 else f"{len(files)} files"
    text = f"commit: warning: the plan has {errors} error(s) in {where}; "
    if result.left_out:
        text += f"showing what the other files say ({', '.join(result.left_out)} left out)"
    else:
        text += "showing it as written"
    return text + "; run `commit validate` to see them (`--strict` refuses instead)"
