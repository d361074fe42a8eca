"""Replacing a file whole: the new version is written to a hidden temporary file in the same
folder (`.commit-*.tmp`, a short name, since the target's own may be as long as names go),
flushed to disk, given the old file's mode and renamed over it, so a process killed at any
moment leaves the old file or the new one, never a torn one. Plan edits, `fmt` and every
output file go through here.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from commit_cli.errors import EnvironmentFailure


class ChangedMeanwhile(Exception):
    """The file to replace changed after the writer read it: nothing was written."""


def write_atomically(
    path: Path, data: bytes | Iterable[bytes], unchanged: Callable[[], bool] | None = None
) -> None:
    """Replace `path` with `data` (bytes, or pieces of them written one after another),
    keeping its mode (a new file gets what the umask allows); EnvironmentFailure when it
    cannot. `unchanged`, when given, is asked last, just before the new file takes the old
    one's place: when it says the old file is no longer the one the writer read, nothing is
    written and ChangedMeanwhile is raised (the writer then does its work again)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".commit-", suffix=".tmp")
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write_pieces(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if unchanged is not None and not unchanged():
            raise ChangedMeanwhile(str(path))
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    _sync_folder(path.parent)


def write_pieces(stream: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    """Write `data`, bytes or an iterable of pieces, to `stream`."""
    if isinstance(data, bytes):
        stream.write(data)
        return
    for piece in data:
        stream.write(piece)


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


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
