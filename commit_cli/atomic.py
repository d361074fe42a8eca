"""Replacing a file whole, and never through a link.

The new version is written to a hidden temporary file in the same folder (`.commit-*.tmp`,
a short name, since the target's own may be as long as names go), flushed to disk, given the
old file's mode and renamed over it, so a process killed at any moment leaves the old file or
the new one, never a torn one. Plan edits, `fmt` and every output file go through here.

Everything happens through a descriptor of the folder (`os.open` of the folder, then
`dir_fd=` for the look at the target, the temporary file, the check and the rename), so the
folder cannot be swapped for another between the checks and the write. A target that is a
link is refused, never followed and never replaced by a file: a link planted where a file is
written could point anywhere (another plan file, a file outside the checkout). A writer that
read the file first passes what it read (`expected`): the file must still hold those bytes
just before it is replaced, else nothing is written (another program changed it meanwhile).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from commit_cli.errors import EnvironmentFailure

_TEMPORARY_TRIES = 16


class ChangedSinceRead(EnvironmentFailure):
    """The file no longer holds what the writer read: another program changed it."""


class ChangedMeanwhile(Exception):
    """The file to replace changed after the writer read it (its `unchanged` check said
    so, just before the rename): nothing was written, and the writer does its work again."""


def write_atomically(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    expected: bytes | None = None,
    replace: bool = True,
    unchanged: Callable[[], bool] | None = None,
) -> None:
    """Replace `path` with `data` (bytes, or pieces of them written one after another),
    keeping its mode (a new file gets what the umask allows). With `expected`, the file must
    still hold exactly those bytes (ChangedSinceRead otherwise); with `unchanged`, it is
    asked last, just before the new file takes the old one's place, and when it says the old
    file is no longer the one the writer read, nothing is written (ChangedMeanwhile); with
    `replace` false, a file already there is left alone (EnvironmentFailure). A link at
    `path` is refused. EnvironmentFailure when it cannot write."""
    folder = open_folder(path)
    try:
        write_in_folder(
            folder, path.name, data, path, expected=expected, replace=replace, unchanged=unchanged
        )
    finally:
        os.close(folder)


def open_folder(path: Path) -> int:
    """A descriptor of the folder `path` is written in (links on the way to it are
    followed: the folder is what the caller named); EnvironmentFailure when it cannot be
    opened."""
    folder = path.parent
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise EnvironmentFailure(
            f"cannot write {path}: the folder {folder} does not exist; create it first"
        ) from None
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {path}: {_reason(exc)}") from None


def look(folder: int, name: str, shown: Path) -> os.stat_result | None:
    """What `name` is in `folder`, without following a link (None: nothing there)."""
    try:
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {shown}: {_reason(exc)}") from None


def refuse_link(found: os.stat_result | None, shown: Path) -> None:
    """EnvironmentFailure when `found` is a link: writes never go through one."""
    if found is not None and stat.S_ISLNK(found.st_mode):
        raise EnvironmentFailure(
            f"refusing to write {shown}: it is a symbolic link, and writes never follow"
            " links; remove the link, or name the file it points to"
        )


def write_in_folder(
    folder: int,
    name: str,
    data: bytes | Iterable[bytes],
    shown: Path,
    *,
    expected: bytes | None = None,
    replace: bool = True,
    unchanged: Callable[[], bool] | None = None,
) -> None:
    """`write_atomically` for the entry `name` (no slash) of the open `folder`; `shown` is
    how messages name the file."""
    found = look(folder, name, shown)
    refuse_link(found, shown)
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise EnvironmentFailure(f"cannot write {shown}: it is not a regular file")
    if found is not None and not replace:
        raise EnvironmentFailure(f"{shown} exists; nothing was written")
    if expected is not None and found is None:
        raise ChangedSinceRead(f"{shown} was removed while commit worked; nothing was written")
    mode = stat.S_IMODE(found.st_mode) if found is not None else _new_file_mode()
    handle, temporary = _temporary(folder, shown)
    try:
        with os.fdopen(handle, "wb") as stream:
            write_pieces(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), mode)
        _check_unchanged(folder, name, shown, expected)
        if unchanged is not None and not unchanged():
            raise ChangedMeanwhile(str(shown))
        if replace:
            refuse_link(look(folder, name, shown), shown)
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        else:  # a link is made only where nothing is: never replaces what appeared meanwhile
            os.link(temporary, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
            os.unlink(temporary, dir_fd=folder)
    except BaseException as exc:
        _remove(folder, temporary)
        if isinstance(exc, FileExistsError):
            raise EnvironmentFailure(f"{shown} exists; nothing was written") from None
        if isinstance(exc, OSError):
            raise EnvironmentFailure(f"cannot write {shown}: {_reason(exc)}") from None
        raise
    _sync(folder)


def _check_unchanged(folder: int, name: str, shown: Path, expected: bytes | None) -> None:
    """ChangedSinceRead unless `name` still holds `expected` (no check when it is None)."""
    if expected is None:
        return
    try:
        handle = os.open(
            name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder
        )
    except FileNotFoundError:
        raise ChangedSinceRead(
            f"{shown} was removed while commit worked; nothing was written"
        ) from None
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {shown}: {_reason(exc)}") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise EnvironmentFailure(f"cannot write {shown}: it is not a regular file")
        now = stream.read(len(expected) + 1)
    if now != expected:
        raise ChangedSinceRead(
            f"{shown} changed while commit worked (another program wrote it); nothing was"
            " written to it: run the command again"
        )


def _temporary(folder: int, shown: Path) -> tuple[int, str]:
    """A new hidden file in `folder`, open for writing, and its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(_TEMPORARY_TRIES):
        name = f".commit-{secrets.token_hex(6)}.tmp"
        try:
            return os.open(name, flags, 0o600, dir_fd=folder), name
        except FileExistsError:
            continue
        except OSError as exc:
            raise EnvironmentFailure(f"cannot write in {shown.parent}: {_reason(exc)}") from None
    raise EnvironmentFailure(f"cannot write in {shown.parent}: no free temporary name")


def _remove(folder: int, name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=folder)


def write_pieces(stream: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    """Write `data`, bytes or an iterable of pieces, to `stream`."""
    if isinstance(data, bytes):
        stream.write(data)
        return
    for piece in data:
        stream.write(piece)


def _sync(folder: int) -> None:
    """Make the rename itself durable (where the system allows syncing a folder)."""
    with contextlib.suppress(OSError):
        os.fsync(folder)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)
