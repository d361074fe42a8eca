"""One writer at a time: the plan lock, taken by every command that writes plan files (the
editing commands and `commit fmt`).

A writer holds an exclusive lock on the plan folder itself (so nothing is left on disk) from
reading the files it changes to replacing them (`commit_cli.atomic.write_atomically`), so two
writers at once both land: the second waits (up to `COMMIT_LOCK_TIMEOUT` seconds, 10 by
default) and then reads what the first wrote. A program that does not take the lock (an
editor, `git checkout`) is caught by the check `write_atomically` makes just before it
replaces a file: the file must still hold the bytes the writer read.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from commit_cli.errors import EnvironmentFailure

LOCK_TIMEOUT_ENV_VAR = "COMMIT_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0


def lock_timeout() -> float:
    """Seconds to wait for another writer: `COMMIT_LOCK_TIMEOUT`, else 10 (also for `nan`,
    which would otherwise wait not at all)."""
    try:
        seconds = float(os.environ.get(LOCK_TIMEOUT_ENV_VAR, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return DEFAULT_LOCK_TIMEOUT if math.isnan(seconds) else max(0.0, seconds)


@contextmanager
def plan_lock(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the plan folder's exclusive lock (a lock on the folder itself, so nothing is
    left on disk); wait up to `timeout` seconds for another writer to finish."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this system: writers are not serialised
        yield
        return
    wait = lock_timeout() if timeout is None else timeout
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
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
