"""Writing output files safely: never into the plan, never half-written."""

from __future__ import annotations

import stat
from collections.abc import Iterable
from pathlib import Path

from commit_cli.atomic import write_atomically, write_pieces
from commit_cli.errors import EnvironmentFailure, UsageError


def refuse_inside_plan(path: Path, plan_dir: Path | None) -> None:
    """UsageError when `path` lies inside the plan folder: outputs, copies and new
    repositories never go where the user's plan is."""
    if plan_dir is None:
        return
    try:
        inside = path.resolve().is_relative_to(plan_dir.resolve())
    except (OSError, RuntimeError) as exc:
        raise EnvironmentFailure(f"cannot write {path}: {_reason(exc)}") from None
    if inside:
        raise UsageError(
            f"refusing to write {path}: it is inside the plan folder {plan_dir};"
            " write the output elsewhere"
        )


def write_text_atomically(path: Path, text: str, plan_dir: Path) -> None:
    """Write `text` (UTF-8) to `path` as `write_bytes_atomically` does."""
    write_bytes_atomically(path, text.encode("utf-8"), plan_dir)


def write_bytes_atomically(path: Path, data: bytes | Iterable[bytes], plan_dir: Path) -> None:
    """Write `data` (bytes, or pieces of them) to `path` through a temporary file in the same
    folder, flushed to disk and renamed into place: a full disk or a killed process leaves the
    old file whole. Refuses any path inside `plan_dir`, where it would replace the user's
    plan, and names a missing folder. A target that exists and is not a regular file
    (/dev/null, /dev/stdout, a FIFO) is written in place: renaming over it would replace a
    device with a file."""
    refuse_inside_plan(path, plan_dir)
    try:
        target = path.resolve()
        mode = target.stat().st_mode if target.exists() else None
    except (OSError, RuntimeError) as exc:
        raise EnvironmentFailure(f"cannot write {path}: {_reason(exc)}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"cannot write {path}: it is a folder; name a file")
    if mode is not None and not stat.S_ISREG(mode):
        _write_in_place(path, target, data)
        return
    if not target.parent.is_dir():
        raise EnvironmentFailure(
            f"cannot write {path}: the folder {path.parent} does not exist; create it first"
        )
    write_atomically(target, data)


def _write_in_place(path: Path, target: Path, data: bytes | Iterable[bytes]) -> None:
    try:
        with open(target, "wb") as stream:
            write_pieces(stream, data)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {path}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)
