"""One edit, start to end: lock the plan, find the object, change its file's data, write
only what differs, check the plan as it would be, and write the file (or, with a dry run,
only say what would change).

An edit is refused, and nothing written, when the plan as it would be has an error the plan
had not (new warnings are reported and do not block), or when the plan cannot be read whole
and so cannot be checked across its files (what the load says: a file refused, not UTF-8,
with conflict markers, that does not parse or repeats a key, a header that does not
validate), the file to edit above all. Only the edited file is read and checked again; every
other file is taken as the plan was just loaded (from the cache when unchanged since the last
run). The new bytes are read as any file is, so a file that would be over the size limit is
refused too.

The file to edit must be the one the plan was loaded from, and still be the same just
before it is replaced (its stamp: inode, size, times): when another program writes it
meanwhile, the edit is made again from the new file (a few times, then it gives up).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commit_cli.atomic import ChangedMeanwhile, write_atomically
from commit_cli.core import schema
from commit_cli.core.fields import field_order
from commit_cli.core.model import PlanHeader
from commit_cli.edit.replaced import Replaced, replacements
from commit_cli.edit.targets import Target, find_target
from commit_cli.errors import EnvironmentFailure, InvalidPlan, NotFound, UsageError
from commit_cli.locking import plan_lock
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.load import LoadResult, load_plan, reload
from commit_cli.plan.sources import FolderSource, RefusedFile, is_utf8
from commit_cli.problems import Problem, YamlPath
from commit_cli.safetext import one_line
from commit_cli.yamlio.emit import Layout
from commit_cli.yamlio.reader import YamlSyntaxError
from commit_cli.yamlio.roundtrip import Document, RoundTripMismatch
from commit_cli.yamlio.textdiff import unified_diff

Operation = Callable[[dict[str, Any]], str]
DECISION = "decision"  # the kind of a new decision: the edit is to the decisions file
# Period narratives and reviews are written in block style however short (read as prose).
BLOCK_KEYS = frozenset({"updates", "review"})


class EditRefused(InvalidPlan):
    """The edit would leave the plan worse, or the plan cannot be checked; `problems` says
    why (located in the file as the edit would have written it)."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message, len(problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    path: str
    old: Any
    new: Any
    steps: YamlPath = ()  # the path as keys and indexes

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": self.new}


@dataclass
class EditResult:
    """What an edit did (or, in a dry run, would do)."""

    command: str
    target: Target
    file: str
    summary: str
    changes: list[Change]
    diff: str
    written: bool
    dry_run: bool
    warnings: list[Problem] = field(default_factory=list)
    replaced: list[Replaced] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "id": self.target.ident,
            "kind": self.target.kind,
            "file": self.file,
            "summary": self.summary,
            "dry_run": self.dry_run,
            "written": self.written,
            "changes": [change.to_json() for change in self.changes],
            "diff": self.diff,
            "warnings": [problem.to_json() for problem in self.warnings],
            "replaced": [value.to_json() for value in self.replaced],
        }


def changes_between(old: Any, new: Any, path: YamlPath = ()) -> list[Change]:
    """The leaves (and added or removed subtrees) that differ, by dotted path."""
    if isinstance(old, dict) and isinstance(new, dict):
        found: list[Change] = []
        for key in [*old, *(k for k in new if k not in old)]:
            found.extend(changes_between(old.get(key), new.get(key), (*path, key)))
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            c
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for c in changes_between(a, b, (*path, i))
        ]
    if type(old) is type(new) and old == new:
        return []
    return [Change(".".join(str(step) for step in path), old, new, path)]


def _key(problem: Problem) -> tuple[str, str, str, str]:
    return (problem.file, problem.code, str(problem.severity), problem.message)


def _added(before: Sequence[Problem], after: Sequence[Problem]) -> list[Problem]:
    """The problems of `after` that `before` did not have (by file, code and message; line
    numbers move when lines are added)."""
    remaining = Counter(_key(problem) for problem in before)
    added = []
    for problem in after:
        if remaining[_key(problem)]:
            remaining[_key(problem)] -= 1
        else:
            added.append(problem)
    return added


def _navigate(data: Any, path: YamlPath) -> dict[str, Any]:
    for step in path:
        data = data[step]
    if not isinstance(data, dict):
        raise EditRefused(
            f"cannot edit: the object at {'.'.join(map(str, path))} is not a mapping", []
        )
    return data


@dataclass
class Edit:
    """An edit to make: which command, on which id (of which kinds), and what it does."""

    command: str
    ident: str
    kinds: tuple[str, ...]
    operation: Operation
    by_kind: dict[str, Operation] = field(default_factory=dict)  # when it depends on the kind
    # when it depends on the plan (the countries it names): made once the plan is loaded
    with_plan: Callable[[PlanHeader], Operation] | None = None


ATTEMPTS = 3  # reads of the plan before an edit gives up on a file that keeps changing


def run_edit(
    plan_dir: Path, edit: Edit, cache: ResultCache | None, dry_run: bool = False
) -> EditResult:
    """Make `edit` on the plan in `plan_dir` (see the module docs); raises NotFound for an
    unknown id, UsageError for options that do not fit the data, EditRefused when refused,
    EnvironmentFailure when the file to edit keeps changing under the edit."""
    with plan_lock(plan_dir):
        for _ in range(ATTEMPTS):
            try:
                return _run(FolderSource(plan_dir), edit, cache, dry_run)
            except ChangedMeanwhile:
                continue  # another program wrote the file after it was read: read it again
    raise EnvironmentFailure(
        f"nothing written: a file of the plan in {plan_dir} kept changing while the edit ran"
        " (another program is writing it); run the command again when it has finished"
    )


def _run(source: FolderSource, edit: Edit, cache: ResultCache | None, dry_run: bool) -> EditResult:
    """Down the floors once: load the plan, make the edit in memory (`prepare_edit`), write.
    ChangedMeanwhile when the file to edit is not the one loaded, or changes before it is
    replaced."""
    prepared = prepare_edit(source, load_plan(source, cache), edit, cache, dry_run)
    result = prepared.result
    if not dry_run and result.changed:
        write_atomically(
            source.path_of(result.file),
            prepared.new_raw,
            unchanged=lambda: source.unchanged(result.file),
        )
        result.written = True
        keep_read_index(prepared.would, cache)
    return result


def keep_read_index(would: LoadResult, cache: ResultCache | None) -> None:
    """Store the read index of each file an edit wrote (`plan.columns_load.keep_columns`,
    as the loader stores it after a whole load), so the next `status` reads the plan from
    its index instead of loading it whole.

    `would` is the plan as the edit left it, checked under the lock: each written file was
    read from the bytes written, and its record entry stored then, keyed by them
    (`plan.entries`). Entries are keyed by content, never by the file's stamp, so a file
    changed after the edit is read, hashed and found under another key: nothing stored
    here is taken for it. (The stamp manifest does not learn the file either: it was
    changed too recently, `plan.manifest`.)"""
    if cache is None:
        return
    from commit_cli.plan.columns_load import keep_columns

    keep_columns(would, cache)


@dataclass
class Prepared:
    """An edit made in memory: what it does (not yet written), its file's bytes before and
    after, and the plan as it would be (`current` itself when nothing changes)."""

    result: EditResult
    raw: bytes
    new_raw: bytes
    would: LoadResult


def prepare_edit(
    source: FolderSource,
    current: LoadResult,
    edit: Edit,
    cache: ResultCache | None,
    dry_run: bool = False,
) -> Prepared:
    """`edit` made on the plan `current` (loaded from `source`, or as earlier edits of other
    files would leave it): find the object, change its file's data, re-read only that file
    from its new bytes (every other file as in `current`), check; nothing is written.
    ChangedMeanwhile when the file on disk is not the one `current` was loaded from."""
    try:
        target = _target(current, edit)
    except NotFound:
        _refuse_broken(current, None)  # the id may be in what could not be read
        raise
    _refuse_broken(current, target.file)
    loaded = source.stamp(target.file)
    try:
        raw = source.read(target.file)
    except RefusedFile:  # it was read whole a moment ago: another program changed it
        raise ChangedMeanwhile(target.file) from None
    if loaded is None or source.stamp(target.file) != loaded:
        raise ChangedMeanwhile(target.file)  # the plan was checked with other bytes
    document = _document(target.file, raw)
    operation = edit.by_kind.get(target.kind, edit.operation)
    if edit.with_plan is not None and current.header is not None:
        operation = edit.with_plan(current.header)
    try:
        summary, changes, text, replaced = _edited(document, target, operation)
    except RecursionError:
        raise EditRefused(
            f"cannot edit {target.file}: it nests values deeper than an edit can follow (a"
            " plan file nests a few levels); fix it first (`commit validate`)",
            [],
        ) from None
    new_raw = document.encode(text)
    if new_raw == raw:
        result = EditResult(edit.command, target, target.file, summary, [], "", False, dry_run)
        return Prepared(result, raw, raw, current)
    would = reload(current, source, {target.file: new_raw}, cache)
    warnings = _refuse_new_errors(current, would)
    _refuse_broken(would, target.file)
    diff = unified_diff(target.file, document.text, text)
    result = EditResult(
        edit.command,
        target,
        target.file,
        summary,
        changes,
        diff,
        False,
        dry_run,
        warnings,
        replaced,
    )
    return Prepared(result, raw, new_raw, would)


def _target(current: LoadResult, edit: Edit) -> Target:
    """What `edit` changes: a new decision goes to the decisions file (which must exist);
    anything else is found by id in the PPC files as read."""
    if edit.kinds == (DECISION,):
        if current.decisions is None:
            raise NotFound("the plan has no decisions file (decisions.yaml) to add to")
        return Target(DECISION, edit.ident.strip(), current.decisions.name, (), "")
    return find_target(current.files[1:], edit.ident, edit.kinds)  # the PPC files as read


def _edited(
    document: Document, target: Target, operation: Operation
) -> tuple[str, list[Change], str, list[Replaced]]:
    """What `operation` says it did to the object `target` names in `document`, the changes
    it made, the file's new text and the recorded values it replaced; UsageError for text a
    file cannot hold."""
    data = copy.deepcopy(document.data)
    summary = operation(_navigate(data, target.path))
    old, new = _navigate(document.data, target.path), _navigate(data, target.path)
    changes = changes_between(old, new, target.path)
    _refuse_unwritable_text(changes)
    model = schema.DecisionBook if target.kind == DECISION else schema.PPC
    layout = Layout(order=lambda path: field_order(model, path), block_keys=BLOCK_KEYS)
    try:
        text = document.apply(data, layout)
    except RoundTripMismatch as exc:
        raise RoundTripMismatch(f"{target.file}: {exc}") from None
    return summary, changes, text, replacements(changes, target.path, old, new)


def _refuse_broken(loaded: LoadResult, file: str | None) -> None:
    """EditRefused unless the plan was read whole and checked across its files: a file that
    could not be read, or not all of it (it does not parse, repeats a key, is not UTF-8,
    holds conflict markers, is refused), a header that does not validate, or a PPC folder
    that cannot be listed hides ids and facts the checks need. The file to edit first."""
    broken = {read.name for read in loaded.files if not read.whole}
    if file in broken:
        own = [problem for problem in loaded.errors if problem.file == file]
        raise EditRefused(f"cannot edit {file}: fix it first (`commit validate`)", own)
    if not broken and loaded.cross_checked:
        return
    if loaded.header is None:
        broken.add(loaded.listing.header)
    if loaded.listing.folder_problem is not None:
        broken.add(loaded.listing.folder_problem[0])
    problems = [problem for problem in loaded.errors if problem.file in broken]
    raise EditRefused(
        "cannot check an edit while the plan cannot be read whole; fix it first"
        " (`commit validate`)",
        problems or list(loaded.errors),
    )


def _refuse_unwritable_text(changes: Sequence[Change]) -> None:
    """UsageError for new text that a UTF-8 file cannot hold: bytes that were not UTF-8 in
    an argument (or a name from the environment) reach Python as lone surrogates."""
    for change in changes:
        stack = [change.new]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack.extend(value.keys())
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
            elif isinstance(value, str) and not is_utf8(value):
                raise UsageError(
                    f"cannot write {change.path}: '{one_line(value)}' holds bytes that are not"
                    " UTF-8 text (shown as \\udcXX); give it as UTF-8"
                )


def _document(file: str, raw: bytes) -> Document:
    """The file to edit, read for splicing; EditRefused when it does not parse."""
    try:
        return Document(raw)
    except YamlSyntaxError as exc:
        problem = Problem(
            file, exc.issue.message, exc.issue.code, line=exc.issue.line, column=exc.issue.column
        )
        raise EditRefused(f"cannot edit {file}: fix it first", [problem]) from None


def _refuse_new_errors(current: LoadResult, would: LoadResult) -> list[Problem]:
    """The warnings the edit adds; EditRefused when it adds an error."""
    errors = _added(current.errors, would.errors)
    warnings = _added(current.warnings, would.warnings)
    if errors:
        raise EditRefused(
            f"nothing written: this would add {len(errors)} error(s) to the plan"
            " (lines as the edited file would have them)",
            errors + warnings,
        )
    return warnings
