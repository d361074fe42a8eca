"""Making a workbook's edits: all of them, or none.

Each edit is the operation a command performs (`edit.operations`), made by the editing
commands' engine (`edit.session.prepare_edit`: checked against the whole plan, refused if it
adds an error, byte-exact). The edits to one PPC's file are made in one batch, in the
workbook's order (a workbook of a hundred changes checks the plan once a file, not once a
cell; a property test holds the bytes equal to the commands' one by one).

Under the plan lock, held from the first read to the last write, the plan is loaded once and
every batch is made in memory, each on the plan as the ones before it leave it (the trial).
Only when every one succeeds are the files written, after confirming that the plan on disk
is still the one the trial checked (no file added, removed or touched by a program that does
not take the lock, each file to write holding the bytes it was read with); a file changed
between two writes puts back the ones already written. A dry run stops after the trial.
When a batch is refused, longer runs of its edits are tried to name the cell whose edit is
refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commit_cli.atomic import ChangedMeanwhile, write_atomically
from commit_cli.edit.session import (
    Edit,
    EditRefused,
    EditResult,
    Prepared,
    keep_read_index,
    prepare_edit,
)
from commit_cli.errors import CommitError, EnvironmentFailure
from commit_cli.locking import plan_lock
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.load import LoadResult, load_plan
from commit_cli.plan.sources import FolderSource, RefusedFile, display_path
from commit_cli.problems import Problem
from commit_cli.sheets.changes import Planned


@dataclass
class Refused(Exception):
    """An edit of the workbook was refused: which cell, why, and the plan's problems."""

    where: str
    message: str
    problems: list[Problem]


@dataclass(frozen=True)
class Batch:
    """The workbook's edits to one PPC's file, in order, as one edit of the PPC."""

    ppc: str
    items: tuple[Planned, ...]

    def edit(self) -> Edit:
        def operation(ppc: dict[str, Any]) -> str:
            return "; ".join(_apply(ppc, item.edit) for item in self.items)

        return Edit("sheet apply", self.ppc, ("ppc",), operation)


def _apply(ppc: dict[str, Any], edit: Edit) -> str:
    """`edit`'s operation on its object inside the PPC's data."""
    if edit.kinds == ("ppc",):
        return edit.operation(ppc)
    key = "milestones" if edit.kinds == ("milestone",) else "indicators"
    for item in ppc.get(key) or []:
        if isinstance(item, dict) and item.get("id") == edit.ident:
            return edit.operation(item)
    raise EditRefused(f"{edit.ident} is not in {ppc.get('id')}'s file any more", [])


def batches(planned: Sequence[Planned]) -> list[Batch]:
    """The edits grouped by the PPC whose file they change, in the order of each's first."""
    grouped: dict[str, list[Planned]] = {}
    for item in planned:
        grouped.setdefault(item.ppc, []).append(item)
    return [Batch(ppc, tuple(items)) for ppc, items in grouped.items()]


def _prepared(
    source: FolderSource,
    state: LoadResult,
    edit: Edit,
    where: str,
    cache: ResultCache | None,
    dry_run: bool,
) -> Prepared:
    try:
        return prepare_edit(source, state, edit, cache, dry_run)
    except ChangedMeanwhile as changed:
        raise _changed(source, str(changed)) from None
    except EditRefused as refused:
        raise Refused(where, refused.message, refused.problems) from None
    except CommitError as error:
        raise Refused(where, error.message, []) from None


def _culprit(
    source: FolderSource,
    state: LoadResult,
    batch: Batch,
    cache: ResultCache | None,
    first: Refused,
) -> Refused:
    """The refusal of the first of the batch's edits that is refused after the ones before
    it (each longer run of them tried from `state`, the plan before the batch), else the
    batch's own."""
    for end in range(1, len(batch.items) + 1):
        part = Batch(batch.ppc, batch.items[:end])
        try:
            _prepared(source, state, part.edit(), batch.items[end - 1].where, cache, True)
        except Refused as refused:
            return refused
    return first


def trial(
    source: FolderSource, groups: Sequence[Batch], cache: ResultCache | None, dry_run: bool
) -> list[Prepared]:
    """Every batch made in memory, in order, each on the plan as the ones before it leave
    it (the plan is loaded once); Refused naming the cell whose edit is refused."""
    state = load_plan(source, cache)
    made: list[Prepared] = []
    for batch in groups:
        try:
            prepared = _prepared(source, state, batch.edit(), batch.items[0].where, cache, dry_run)
        except Refused as refused:
            raise _culprit(source, state, batch, cache, refused) from None
        made.append(prepared)
        state = prepared.would
    return made


def _changed(source: FolderSource, name: str) -> EnvironmentFailure:
    return EnvironmentFailure(
        f"nothing written: {display_path(source.folder / name if name else source.folder)}"
        " changed while the workbook was applied (another program wrote the plan); run"
        " `commit sheet apply` again when it has finished"
    )


def _confirm_unchanged(source: FolderSource, made: Sequence[Prepared]) -> None:
    """EnvironmentFailure unless the plan on disk is the one the trial checked: the same
    files, each with the stamp it was read with, and each file to write with the same bytes."""
    listing, checked = source.files(), made[0].would.listing
    names = [listing.header, *listing.ppcs]
    if names != [checked.header, *checked.ppcs] or listing.folder_problem:
        raise _changed(source, "")  # a file added, removed or renamed
    for name in names:
        if source.stamp(name) is not None and not source.unchanged(name):
            raise _changed(source, name)
    for prepared in made:
        name = prepared.result.file
        try:
            same = source.unchanged(name) and source.read(name) == prepared.raw
        except (RefusedFile, CommitError):
            same = False
        if not same:
            raise _changed(source, name)


def _still(source: FolderSource, name: str) -> Callable[[], bool]:
    return lambda: source.unchanged(name)


def _write_all(source: FolderSource, made: Sequence[Prepared]) -> None:
    """Each changed file replaced; when one changed on disk meanwhile, the ones already
    replaced are put back as they were, and EnvironmentFailure."""
    written: list[Prepared] = []
    for prepared in made:
        name = prepared.result.file
        try:
            write_atomically(source.path_of(name), prepared.new_raw, unchanged=_still(source, name))
        except ChangedMeanwhile:
            for done in reversed(written):
                write_atomically(source.path_of(done.result.file), done.raw)
            raise _changed(source, name) from None
        prepared.result.written = True
        written.append(prepared)


def apply_edits(
    plan_dir: Path, planned: Sequence[Planned], cache: ResultCache | None, dry_run: bool
) -> list[EditResult]:
    """Make `planned` on the plan in `plan_dir` (in memory only, with `dry_run`): one result
    for each PPC file; Refused naming the cell whose edit was refused, EnvironmentFailure
    when another program wrote the plan meanwhile; either way, nothing written."""
    if not planned:
        return []
    groups = batches(planned)
    with plan_lock(plan_dir):
        source = FolderSource(plan_dir)
        made = trial(source, groups, cache, dry_run)
        if not dry_run:
            _confirm_unchanged(source, made)
            _write_all(source, [prepared for prepared in made if prepared.result.changed])
            keep_read_index(made[-1].would, cache)  # the plan as every batch left it
    return [prepared.result for prepared in made]
