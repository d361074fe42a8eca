"""What changed in the plan over a range of history, commit by commit, and who changed it.

Three git processes answer it, whatever the length of the history: `git log` for the shape
of the history (every commit and its parents, to find the pull request that brought each
commit in), `git log --raw` for the plan files each commit changed (old and new blob ids),
and one `git cat-file --batch` for commit objects and blobs. Each commit that changed the
plan is compared with its first parent, file by file (see `diff`); merges bring no changes
of their own (their branches' commits carry them), so a change made while resolving a merge
conflict is not shown. Every blob is validated once: in memory for the run, and in the
result cache, keyed by blob id, across runs. A long history's blobs not in the cache are
read ahead on two cores (`read_ahead`: a forked child, with its own `cat-file`, reads half).

A plan file that cannot be read at some commit is reported (`Unreadable`) and the walk goes
on; its changes are counted from the next commit where it reads. When the plan folder moved,
the walk follows it to where it was before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from commit_cli.core.model import PPC, PlanHeader
from commit_cli.core.periods import PeriodError, Span, parse_date, parse_period_spec
from commit_cli.core.record import Record
from commit_cli.errors import EnvironmentFailure, UsageError
from commit_cli.history import versions
from commit_cli.history.changed_files import (
    NO_BLOB,
    ChangedFiles,
    LogEntry,
    PlanFileChange,
    log_entries,
    relative_path,
)
from commit_cli.history.changes import Attribution, Change, JsonDict, Unreadable
from commit_cli.history.diff import HEADER, FileModel, diff_states
from commit_cli.history.git import (
    SHALLOW_HINT,
    Commit,
    Repository,
    ShallowHistory,
    parse_commit,
)
from commit_cli.history.objects import FILE_MODES, MAX_COMMIT_BYTES, GitObject
from commit_cli.history.read_ahead import Found, Key, read_ahead
from commit_cli.history.source import (
    BlobSource,
    Resolved,
    blob_content_id,
    plan_folders,
    plan_tree,
)
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.entries import record_key
from commit_cli.plan.fetch import Fetched
from commit_cli.plan.load import read_file
from commit_cli.plan.sources import PPC_DIR
from commit_cli.plan.validate import KnownItems
from commit_cli.yamlio.splice import Parsed

Bound = date | str  # a day, or a revision
Progress = Callable[[int, int], None]
FilesBefore = dict[str, Resolved | None]  # a moved plan's files before the move


def parse_bound(text: str | None, option: str) -> Bound | None:
    """`--since`/`--until`: a day written YYYY-MM-DD, else a revision."""
    if text is None:
        return None
    value = text.strip()
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
        try:
            return parse_date(value)
        except PeriodError as exc:
            raise UsageError(f"{option}: {exc}") from None
    if not value:
        raise UsageError(f"{option}: name a revision (commit, branch, tag) or a day YYYY-MM-DD")
    return value


def period_bounds(text: str) -> tuple[date, date]:
    """`--period 2006-H1` (or any period spec: 2006, 2006-Q3, 2006-05): its first and last
    day."""
    try:
        span: Span = parse_period_spec(text)
    except PeriodError as exc:
        raise UsageError(f"--period: {exc}") from None
    return span.start, span.end


@dataclass
class History:
    """The changes to the plan in a range of history, oldest first."""

    since: str | None
    until: str
    commits: int  # commits in the range that changed the plan's files
    changes: list[Change] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ppc_titles: dict[str, str] = field(default_factory=dict)  # "PPC 1 · Short title" by id

    def unreadable_lines(self) -> list[str]:
        return [item.problem for item in self.unreadable]

    def to_json(self) -> JsonDict:
        return {
            "since": self.since,
            "until": self.until,
            "commits": self.commits,
            "changes": [change.to_json() for change in self.changes],
            "unreadable": [item.to_json() for item in self.unreadable],
            "notes": self.notes,
        }


class _Models:
    """Each blob validated once per run (and once ever, through the cache); of a blob read,
    only the items that differ from the last version of its file read are validated (the
    others are the very objects validated then: `KnownItems`)."""

    def __init__(self, repository: Repository, cache: ResultCache | None) -> None:
        self.source = BlobSource(repository)
        self.cache = cache
        self.seen: dict[str, tuple[Record | None, str | None]] = {}
        self.titles: dict[str, str] = {}
        self.last: dict[str, Parsed] = {}  # the last version of each file read, by path
        self.known: dict[str, KnownItems] = {}  # the items each file's versions validated
        self.valid: dict[str, tuple[str, Record]] = {}  # the last valid version, by path
        self.tips: set[str] = set()  # each file's last version in the walk: stored whole
        self.ready: dict[Key, Found] = {}  # the answers read ahead (`history.read_ahead`)

    def get(self, blob: Resolved, relative: str, label: str) -> tuple[Record | None, str | None]:
        """The validated model of a blob, or None and its first problem (for a file that is
        not read, why)."""
        oid = blob if isinstance(blob, str) else f"refused:{label}"
        if oid in self.seen:
            return self.seen[oid]
        ready = self.ready.pop((oid, relative, label), None)
        if ready is not None:
            return self._found(oid, relative, *ready)
        model = _model_of(relative)
        cache = self.cache
        if cache is not None and isinstance(blob, str):
            stored = versions.load(cache, blob, model, self._record)
            if stored is not None:
                return self._found(oid, relative, stored, None)
        before = self.valid.get(relative)
        # A later version of a file read before is stored as what differs from that one
        # (`history.versions`), not whole: its read neither writes nor digests it.
        as_version = (
            cache is not None and before is not None and isinstance(blob, str)
        ) and blob not in self.tips
        name = self.source.add(label, blob)
        what = "the plan's header" if relative == HEADER else "one PPC"
        known = self.known.setdefault(relative, KnownItems())
        found, problems, parsed = read_file(
            self.source,
            name,
            model,
            what,
            None if as_version else cache,
            self.last.get(relative),
            known,
        )
        if parsed is not None:
            self.last[relative] = parsed
        if as_version and found is not None and cache is not None and before is not None:
            versions.store(cache, oid, found, *before)
        errors = [p for p in problems if p.severity == "error"]
        return self._found(oid, relative, found, errors[0].format() if errors else name)

    def stored(self, blob: str, relative: str) -> bool:
        """Whether the cache holds an entry of the blob, whole or as a version (unread)."""
        cache = self.cache
        if cache is None:
            return False
        model = _model_of(relative)
        whole = record_key(cache, model, Fetched(relative, content_id=blob_content_id(blob)))
        return cache.holds(whole) or versions.stored(cache, blob, model)

    def _record(self, oid: str) -> Record | None:
        """The record of a version read in this walk, when it validated."""
        found = self.seen.get(oid)
        return found[0] if found is not None else None

    def _found(
        self, oid: str, relative: str, found: Record | None, problem: str | None
    ) -> tuple[Record | None, str | None]:
        if found is not None:
            self.valid[relative] = (oid, found)
        if isinstance(found, PPC):
            self.titles[found.id] = f"{found.label} · {found.short_title}"
        result = (found, None) if found is not None else (None, problem)
        self.seen[oid] = result
        return result


def _model_of(relative: str) -> type[Record]:
    return PlanHeader if relative == HEADER else PPC


def _pull_requests(
    graph: list[tuple[str, tuple[str, ...]]], repository: Repository, tip: str
) -> dict[str, int]:
    """The pull request that brought each commit in: its own message's, else that of the
    merge whose branch holds it (merges read oldest first, so each commit goes to the first
    merge that brought it)."""
    parents = dict(graph)
    mainline: set[str] = set()
    walker: str | None = tip
    while walker is not None and walker in parents:
        mainline.add(walker)
        walker = parents[walker][0] if parents[walker] else None
    found: dict[str, int] = {}
    for oid, merge_parents in reversed(graph):
        if len(merge_parents) < 2:
            continue
        merge = repository.objects.get(oid, MAX_COMMIT_BYTES, truncate=True)
        number = None
        if merge is not None:
            number = parse_commit(oid, merge.data).pr
        if number is None:
            continue
        stack = list(merge_parents[1:])
        while stack:
            current = stack.pop()
            if current in found or current in mainline or current not in parents:
                continue
            found[current] = number
            stack.extend(parents[current])
    return found


class _Walk:
    def __init__(
        self, repository: Repository, cache: ResultCache | None, progress: Progress | None
    ) -> None:
        self.repository = repository
        self.models = _Models(repository, cache)
        self.progress = progress
        self.versions: dict[str, list[Resolved]] = {}  # each plan file's blobs, oldest first
        self.changed_files = ChangedFiles(repository)
        self.notes: list[str] = []

    def log(self, tip: str, exclude: str | None, prefix: str) -> list[LogEntry]:
        args = [
            "log",
            "--raw",
            "-z",
            "--no-renames",
            "--no-abbrev",
            "--topo-order",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--no-show-signature",
            "--format=commit %H %P",
            tip,
        ]
        if exclude:
            args.append(f"^{exclude}")
        args += ["--", f"{prefix}/" if prefix else "."]
        return log_entries(self.repository.run_bytes(*args)[1])

    def segments(
        self, tip: str, exclude: str | None
    ) -> Iterator[tuple[LogEntry, str, FilesBefore | None]]:
        """Each commit that changed the plan's files, newest first, with the plan folder it
        changed and, for a commit that moved the folder, the files before the move."""
        prefix = self.repository.prefix
        while True:
            entries = self.log(tip, exclude, prefix)
            moved: tuple[LogEntry, str, FilesBefore] | None = None
            for entry in entries:
                header = f"{prefix}/{HEADER}" if prefix else HEADER
                added = any(f.path == header and f.old == NO_BLOB for f in entry.files)
                if added and entry.parents:
                    before = self._moved_from(entry.parents[0], prefix)
                    if before is not None:
                        moved = (entry, before[0], before[1])
                        yield entry, prefix, before[1]
                        break
                yield entry, prefix, None
            if moved is None:
                return
            entry, old_prefix, _ = moved
            self.notes.append(
                f"the plan folder moved from {old_prefix or '.'}/ to {prefix or '.'}/ in"
                f" {entry.oid[:7]}; earlier changes are read from {old_prefix or '.'}/"
            )
            tip, prefix = entry.parents[0], old_prefix

    def _moved_from(self, parent: str, prefix: str) -> tuple[str, FilesBefore] | None:
        """Where the plan was in `parent`, when not at `prefix`, and its files there."""
        commit = self.commit_at(parent)
        if commit is None or plan_tree(self.repository, commit, prefix) is not None:
            return None
        folders = [f for f in plan_folders(self.repository, commit) if f != prefix]
        if len(folders) != 1:
            return None
        tree = plan_tree(self.repository, commit, folders[0])
        if tree is None:
            return None
        files: FilesBefore = {HEADER: tree.header}
        files.update({f"{PPC_DIR}/{name}": found for name, found in tree.ppcs.items()})
        return folders[0], files

    def reader(self, blobs: list[str], child: bool) -> _Models:
        """A reader of its own for `blobs` (`read_ahead`), which stores each file's
        versions in the cache as this walk would; `child`: in a forked child."""
        if child:
            self.repository.forget_objects()
        models = _Models(self.repository, self.models.cache)
        models.tips = self.models.tips
        models.source.expect(blobs)
        return models

    def commit_at(self, oid: str) -> Commit | None:
        found = self.repository.objects.get(oid, MAX_COMMIT_BYTES, truncate=True)
        if found is None or found.kind != "commit":
            return None
        return parse_commit(oid, found.data)

    def record(self, files: list[PlanFileChange]) -> None:
        """Note the blobs a commit gave the plan's files (read only when needed)."""
        for change in files:
            if change.new is not None:
                self.versions.setdefault(change.relative, []).append(change.new)

    def readable_before(self, relative: str) -> Record | None:
        """The newest earlier version of a file that could be read: what a commit that
        repairs an unreadable file is compared with."""
        for found in reversed(self.versions.get(relative, [])[:-1]):
            if not isinstance(found, str):
                continue
            model, _ = self.models.get(found, relative, f"{found[:7]}:{relative}")
            if model is not None:
                return model
        return None

    def compare(
        self,
        commit: Commit,
        files: list[PlanFileChange],
        before_move: FilesBefore | None,
        by: Attribution,
    ) -> tuple[list[Change], list[Unreadable]]:
        old: dict[str, FileModel] = {}
        new: dict[str, FileModel] = {}
        unreadable: list[Unreadable] = []
        label = commit.short
        for change in files:
            relative = change.relative
            if change.old is not None and before_move is None:
                model, _ = self.models.get(change.old, relative, f"{label}~1:{change.path}")
                old[relative] = model if model is not None else self.readable_before(relative)
                if old[relative] is None:
                    del old[relative]
            if change.new is not None:
                model, problem = self.models.get(change.new, relative, f"{label}:{change.path}")
                new[relative] = model
                if model is None:
                    unreadable.append(Unreadable(f"{label}:{change.path}", problem or "", by))
        if before_move is not None:
            for relative, found in before_move.items():
                if found is not None:
                    model, _ = self.models.get(found, relative, f"{label}~1:{relative}")
                    old[relative] = model
            for relative, model in list(new.items()):
                if model is None:
                    old.pop(relative, None)
        return [c.attributed(by) for c in diff_states(old, new)], unreadable


def _resolve(repository: Repository, bound: Bound | None, fallback: str | None) -> Commit | None:
    if isinstance(bound, str):
        return repository.commit(bound)
    if fallback is None:
        return None
    if (
        fallback == "HEAD"
        and repository.objects.get("HEAD^{commit}", MAX_COMMIT_BYTES, truncate=True) is None
    ):
        raise EnvironmentFailure("the repository has no commits yet, so the plan has no history")
    return repository.commit(fallback)


def _check_order(
    repository: Repository,
    since: Bound | None,
    until: Bound | None,
    since_commit: Commit | None,
    until_commit: Commit,
) -> None:
    if since is None:
        return
    since_day = since if isinstance(since, date) else since_commit.day if since_commit else None
    until_day = until if isinstance(until, date) else until_commit.day
    if isinstance(since, str) and isinstance(until, str) and since_commit is not None:
        later = since_commit.oid != until_commit.oid and repository.is_ancestor(
            until_commit.oid, since_commit.oid
        )
    else:
        later = since_day is not None and since_day > until_day
    if later:
        raise UsageError(f"--since {since} is after --until {until or 'HEAD'}; swap them")


def plan_history(
    repository: Repository,
    since: Bound | None = None,
    until: Bound | None = None,
    cache: ResultCache | None = None,
    progress: Progress | None = None,
) -> History:
    """The changes to the plan after `since` (a revision: not reachable from it; a day: on
    or after it) up to `until` (a revision; a day: on or before it; default HEAD), oldest
    first, each attributed to its commit."""
    if repository.shallow:
        # Its first commit would seem to add the whole plan: every field credited to it.
        raise ShallowHistory(f"cannot read the plan's history: {SHALLOW_HINT}")
    return _plan_history(repository, since, until, cache, progress)


def _plan_history(
    repository: Repository,
    since: Bound | None,
    until: Bound | None,
    cache: ResultCache | None,
    progress: Progress | None,
) -> History:
    until_commit = _resolve(repository, until, "HEAD" if not isinstance(until, str) else None)
    assert until_commit is not None
    since_commit = _resolve(repository, since, None)
    _check_order(repository, since, until, since_commit, until_commit)
    exclude = since_commit.oid if since_commit else None
    walk = _Walk(repository, cache, progress)
    if exclude is not None:
        walk.changed_files.note_links(exclude, repository.prefix)
    entries = [
        (entry, prefix, before)
        for entry, prefix, before in walk.segments(until_commit.oid, exclude)
    ]
    graph_args = ["log", "--no-show-signature", "--format=%H %P", "--topo-order", until_commit.oid]
    if exclude:
        graph_args.append(f"^{exclude}")
    graph = [
        (words[0], tuple(words[1:]))
        for words in (line.split() for line in repository.run(*graph_args).splitlines())
        if words
    ]
    prs = _pull_requests(graph, repository, until_commit.oid)
    history = History(
        since=str(since) if since is not None else None,
        until=str(until) if until is not None else "HEAD",
        commits=0,
        notes=walk.notes,
        ppc_titles=walk.models.titles,
    )
    total = len(entries)
    chronological = list(reversed(entries))
    walk.models.source.expect(  # the plan files the walk reads: never a PDF or picture beside
        [
            oid
            for entry, prefix, _ in chronological
            for change in entry.files
            if relative_path(change.path, prefix) is not None
            for oid, mode in ((change.old, change.old_mode), (change.new, change.new_mode))
            if oid != NO_BLOB and mode in FILE_MODES
        ]
    )
    last = {change.path: change.new for entry, _, _ in chronological for change in entry.files}
    walk.models.tips = set(last.values())
    objects = repository.objects.get_many(
        [entry.oid for entry, _, _ in chronological], MAX_COMMIT_BYTES, truncate=True
    )
    commits = [
        (entry, before_move, commit, walk.changed_files.of(entry, prefix) if commit else [])
        for (entry, prefix, before_move), commit in zip(
            chronological, (_commit_of(found) for found in objects), strict=True
        )
    ]
    compared = [
        (commit, files)
        for entry, _, commit, files in commits
        if commit is not None and _within(commit.day, since, until) and len(entry.parents) < 2
    ]
    if cache is not None:
        # The signing key is made (or read) here, before a child is forked: two processes
        # that make it at once could each sign with their own.
        cache.usable()
    walk.models.ready = read_ahead(
        [
            (change.new, change.relative, f"{commit.short}:{change.path}")
            for commit, files in compared
            for change in files
            if isinstance(change.new, str)
        ],
        walk.reader,
        walk.models.stored,
    )
    for done, (entry, before_move, commit, files) in enumerate(commits, start=1):
        if progress is not None:
            progress(done, total)
        if commit is None:
            continue
        if not _within(commit.day, since, until):
            walk.record(files)
            continue
        if len(entry.parents) > 1:
            continue
        history.commits += 1
        by = Attribution.of(commit, prs.get(commit.oid))
        walk.record(files)
        changes, unreadable = walk.compare(commit, files, before_move, by)
        history.changes.extend(changes)
        history.unreadable.extend(unreadable)
    return history


def _commit_of(found: GitObject | None) -> Commit | None:
    return parse_commit(found.oid, found.data) if found and found.kind == "commit" else None


def _within(day: date, since: Any, until: Any) -> bool:
    if isinstance(since, date) and day < since:
        return False
    return not (isinstance(until, date) and day > until)
