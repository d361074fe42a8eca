"""Writing a plan file safely: the whole new file or none of it, and one writer at a time.

A new version is written to a temporary file in the same folder, flushed to disk, given the
old file's mode and renamed over it, so a process killed at any moment leaves the old file
or the new one, never a torn one (a killed writer may leave a hidden `.NAME.*.tmp` file,
which the plan never reads). Edits hold an exclusive lock on the plan folder from reading
the plan to writing the file, so two edits at once both land: the second waits (up to
`COMMIT_LOCK_TIMEOUT` seconds, 10 by default) and then reads what the first wrote.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from commit_cli.errors import EnvironmentFailure

LOCK_TIMEOUT_ENV_VAR = "COMMIT_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, keeping its mode; EnvironmentFailure when it cannot."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_TIMEOUT_ENV_VAR, DEFAULT_LOCK_TIMEOUT)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


@contextmanager
def plan_lock(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the plan folder's exclusive lock (a lock on the folder itself, so nothing is
    left on disk); wait up to `timeout` seconds for another edit to finish."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this system: edits are not serialised
        yield
        return
    wait = lock_timeout() if timeout is None else timeout
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot open the plan folder {folder}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise EnvironmentFailure(
                        f"another commit command is changing the plan in {folder} (waited"
                        f" {wait:g} s); try again when it has finished"
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(handle)
