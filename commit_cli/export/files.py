"""Writing output files safely: never into the plan, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from commit_cli.errors import EnvironmentFailure, UsageError


def write_text_atomically(path: Path, text: str, plan_dir: Path) -> None:
    """Write `text` (UTF-8) to `path` as `write_bytes_atomically` does."""
    write_bytes_atomically(path, text.encode("utf-8"), plan_dir)


def write_bytes_atomically(path: Path, data: bytes, plan_dir: Path) -> None:
    """Write `data` to `path` through a temporary file in the same folder, flushed to disk
    and renamed into place: a full disk or a killed process leaves the old file whole.
    Refuses any path inside `plan_dir`, where it would replace the user's plan, and names a
    missing folder."""
    try:
        target = path.resolve()
        inside = target.is_relative_to(plan_dir.resolve())
    except (OSError, RuntimeError) as exc:
        raise EnvironmentFailure(f"cannot write {path}: {exc}") from None
    if inside:
        raise UsageError(
            f"refusing to write {path}: it is inside the plan folder {plan_dir};"
            " write the output elsewhere"
        )
    if target.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder; name a file")
    if not target.parent.is_dir():
        raise EnvironmentFailure(
            f"cannot write {path}: the folder {path.parent} does not exist; create it first"
        )
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None


def _mode_for(target: Path) -> int:
    """The replaced file's mode, or what a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
