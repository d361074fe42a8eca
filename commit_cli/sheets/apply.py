"""Making a workbook's edits: all of them, or none.

Each edit runs through the editing commands' engine (`edit.session.run_edit`: checked
against the whole plan, refused if it adds an error, byte-exact, atomic, under the lock),
one after another in the workbook's order, exactly as the commands would run them. They are
made first on a copy of the plan folder, so an edit refused after others succeeded leaves
the plan untouched; only when every one succeeds there are they made on the plan itself. A
dry run stops after the copy.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from commit_cli.edit.session import EditRefused, EditResult, run_edit
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


def _named(text: str, copy: Path, plan_dir: Path) -> str:
    """`text` naming the plan's own files where it named the copy's (as paths are shown:
    relative to the current folder, else whole)."""
    for old, new in ((display_path(copy), display_path(plan_dir)), (str(copy), str(plan_dir))):
        text = text.replace(old, new)
    return text


def _renamed(problems: Sequence[Problem], copy: Path, plan_dir: Path) -> list[Problem]:
    """Problems found in the copy, named as the plan's own files."""
    return [replace(problem, file=_named(problem.file, copy, plan_dir)) for problem in problems]


def _run_all(
    folder: Path, planned: Sequence[Planned], cache: ResultCache | None, dry_run: bool
) -> list[EditResult]:
    results = []
    for item in planned:
        try:
            results.append(run_edit(folder, item.edit, cache, dry_run))
        except EditRefused as refused:
            raise Refused(item.where, refused.message, refused.problems) from None
        except CommitError as error:
            raise Refused(item.where, error.message, []) from None
    return results


def apply_edits(
    plan_dir: Path, planned: Sequence[Planned], cache: ResultCache | None, dry_run: bool
) -> list[EditResult]:
    """Make `planned` on the plan in `plan_dir` (on a copy only, with `dry_run`); Refused
    naming the cell whose edit was refused, with nothing written."""
    if not planned:
        return []
    with tempfile.TemporaryDirectory(prefix="commit-sheet-") as scratch:
        copy = Path(scratch) / plan_dir.name
        shutil.copytree(plan_dir, copy, symlinks=True)
        try:
            tried = _run_all(copy, planned, cache, dry_run=False)
        except Refused as refused:
            refused.message = _named(refused.message, copy, plan_dir)
            refused.problems = _renamed(refused.problems, copy, plan_dir)
            raise
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
    return _run_all(plan_dir, planned, cache, dry_run=False)
