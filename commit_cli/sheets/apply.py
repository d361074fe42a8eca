"""Making a workbook's edits: all of them, or none.

Each edit is the operation a command performs (`edit.operations`), and they run through the
editing commands' engine (`edit.session.run_edit`: checked against the whole plan, refused if
it adds an error, byte-exact, atomic, under the lock). The edits to one PPC's file are made
in one run, in the workbook's order (a workbook of a hundred changes reads and checks the
plan once a file, not once a cell; a property test holds the bytes equal to the commands'
one by one). They are made first on a copy of the plan folder, so an edit refused after
others succeeded leaves the plan untouched; only when every one succeeds there are they made
on the plan itself. A dry run stops after the copy. When a file's edits are refused, they
are tried one by one on the copy to name the cell whose edit is refused.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from commit_cli.edit.session import Edit, EditRefused, EditResult, run_edit
from commit_cli.errors import CommitError
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.sources import display_path
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


def _named(text: str, copy: Path, plan_dir: Path) -> str:
    """`text` naming the plan's own files where it named the copy's (as paths are shown:
    relative to the current folder, else whole)."""
    for old, new in ((display_path(copy), display_path(plan_dir)), (str(copy), str(plan_dir))):
        text = text.replace(old, new)
    return text


def _renamed(problems: Sequence[Problem], copy: Path, plan_dir: Path) -> list[Problem]:
    """Problems found in the copy, named as the plan's own files."""
    return [replace(problem, file=_named(problem.file, copy, plan_dir)) for problem in problems]


def _run(folder: Path, edit: Edit, where: str, cache: ResultCache | None) -> EditResult:
    try:
        return run_edit(folder, edit, cache, dry_run=False)
    except EditRefused as refused:
        raise Refused(where, refused.message, refused.problems) from None
    except CommitError as error:
        raise Refused(where, error.message, []) from None


def _culprit(folder: Path, batch: Batch, cache: ResultCache | None, first: Refused) -> Refused:
    """The refusal of the first of the batch's edits that is refused on its own, made one by
    one on a scratch copy of `folder` (else the batch's own)."""
    with tempfile.TemporaryDirectory(prefix="commit-sheet-") as scratch:
        copy = Path(scratch) / folder.name
        shutil.copytree(folder, copy, symlinks=True)
        for item in batch.items:
            try:
                _run(copy, item.edit, item.where, cache)
            except Refused as refused:
                refused.message = _named(refused.message, copy, folder)
                refused.problems = _renamed(refused.problems, copy, folder)
                return refused
    return first


def apply_edits(
    plan_dir: Path, planned: Sequence[Planned], cache: ResultCache | None, dry_run: bool
) -> list[EditResult]:
    """Make `planned` on the plan in `plan_dir` (on a copy only, with `dry_run`): one result
    for each PPC file changed; Refused naming the cell whose edit was refused, with nothing
    written."""
    if not planned:
        return []
    groups = batches(planned)
    with tempfile.TemporaryDirectory(prefix="commit-sheet-") as scratch:
        copy = Path(scratch) / plan_dir.name
        shutil.copytree(plan_dir, copy, symlinks=True)
        tried = []
        for batch in groups:
            try:
                tried.append(_run(copy, batch.edit(), batch.items[0].where, cache))
            except Refused as refused:
                found = _culprit(copy, batch, cache, refused)
                found.message = _named(found.message, copy, plan_dir)
                found.problems = _renamed(found.problems, copy, plan_dir)
                raise found from None
        if dry_run:
            return [
                replace(
                    result,
                    file=_named(result.file, copy, plan_dir),
                    diff=_named(result.diff, copy, plan_dir),
                    written=False,
                    dry_run=True,
                    warnings=_renamed(result.warnings, copy, plan_dir),
                )
                for result in tried
            ]
    return [_run(plan_dir, batch.edit(), batch.items[0].where, cache) for batch in groups]
