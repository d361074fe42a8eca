"""The site's output folder: files written only when their bytes differ, in sub-folders
that are real folders (never links), nothing in it followed or left half written.

Files are replaced through a temporary file in the same folder and a rename (a reader never
sees half a page); a link in the folder is replaced, never followed. Unlike the plan's own
files they are not flushed to disk one by one: the site is made from the plan and can always
be made again, and ten thousand flushes would cost more than the build.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from commit_cli.errors import EnvironmentFailure, UsageError

BLOCK = 1024 * 1024  # bytes compared at a time


class SiteFolder:
    """The output folder: files written only when their bytes differ, through a temporary
    file and a rename, in sub-folders that are real folders (never links)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.checked: set[str] = set()
        self.listed: dict[str, frozenset[str]] = {}
        self.before_change: Callable[[], None] | None = None  # called once, before a change

    def changing(self) -> None:
        if self.before_change is not None:
            call, self.before_change = self.before_change, None
            call()

    def folder(self, relative: str) -> None:
        parts = relative.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub in self.checked:
                continue
            path = self.root / sub
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                path.mkdir()
                mode = os.lstat(path).st_mode
            if not stat.S_ISDIR(mode):
                raise UsageError(
                    f"refusing to write into {path}: it is not a folder (a link?); remove it"
                )
            self.checked.add(sub)

    def current(
        self, relative: str, size: int | None = None, at_most: int | None = None
    ) -> bytes | None:
        """The bytes of the regular file at `relative`, or None: for a link (never followed),
        a FIFO or device (opened without blocking and looked at before it is read: one
        left in the folder must not hang the build), a file other than `size` bytes (only
        read to be compared with bytes of that size) or over `at_most`."""
        path = self.root / relative
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            return None
        with os.fdopen(handle, "rb") as stream:
            found = os.fstat(handle)
            if not stat.S_ISREG(found.st_mode):
                return None
            if (size is not None and found.st_size != size) or (
                at_most is not None and found.st_size > at_most
            ):
                return None
            return stream.read()

    def exists(self, relative: str) -> bool:
        """Whether a regular file is at `relative`, as its folder was listed when first
        asked about (one listing of ten thousand names costs much less than as many
        `lstat` calls); the files this build writes are not asked about again."""
        parent, _, name = relative.rpartition("/")
        names = self.listed.get(parent)
        if names is None:
            names = self.listed[parent] = self.regular_files(parent or ".")
        return name in names

    def put(self, relative: str, data: bytes) -> bool:
        """Write `data` unless the file holds it already; whether it was written."""
        self.folder(relative)
        if self.current(relative, size=len(data)) == data:
            return False
        return self.replace(relative, (data,))

    def put_pieces(self, relative: str, pieces: Iterable[bytes]) -> tuple[bool, str]:
        """Write the file made of `pieces` unless the file holds those bytes already;
        whether it was written, and the SHA-256 of its bytes. The pieces go to the
        temporary file as they are made, so a large file is never whole in memory; it is
        then compared with the file there, a block at a time, and dropped if the same."""
        self.folder(relative)
        digest = hashlib.sha256()

        def hashed() -> Iterator[bytes]:
            for piece in pieces:
                digest.update(piece)
                yield piece

        return self.replace(relative, hashed(), self.holds), digest.hexdigest()

    def replace(
        self,
        relative: str,
        pieces: Iterable[bytes],
        same: Callable[[str, Path, int], bool] | None = None,
    ) -> bool:
        """Write `pieces` to a new temporary file beside `relative` and put it in the
        file's place with a rename (a reader sees the old file or the new one, never half
        of one); unless `same` finds (the file's name, the temporary file, its size) that
        the file there holds those bytes already, when the temporary file is dropped.
        Whether the file was replaced. The temporary file's name is random, so it cannot be
        foreseen (a link put there first is never written through: it is opened only if
        new); it is removed whatever stops the write."""
        path = self.root / relative
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        try:
            handle = os.open(temporary, flags, 0o644)
        except OSError as exc:
            raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            size = 0
            with os.fdopen(handle, "wb") as stream:
                for piece in pieces:
                    size += len(piece)
                    stream.write(piece)
            if same is not None and same(relative, temporary, size):
                temporary.unlink()
                return False
            self.changing()
            os.replace(temporary, path)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return True

    def holds(self, relative: str, made: Path, size: int) -> bool:
        """Whether the regular file at `relative` (a link, FIFO or device never is, and is
        never followed or read) holds the `size` bytes of the file `made`."""
        path = self.root / relative
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            return False
        with os.fdopen(handle, "rb") as there, made.open("rb") as here:
            found = os.fstat(handle)
            if not stat.S_ISREG(found.st_mode) or found.st_size != size:
                return False
            while True:
                block = there.read(BLOCK)
                if block != here.read(BLOCK):
                    return False
                if not block:
                    return True

    def listing(self, relative: str) -> list[str]:
        """The names of the regular files in the sub-folder `relative`, if it is a real
        folder (not a link), A to Z; links and folders in it are left out."""
        return sorted(self.regular_files(relative))

    def regular_files(self, relative: str) -> frozenset[str]:
        path = self.root / relative
        try:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                return frozenset()
            with os.scandir(path) as found:
                return frozenset(e.name for e in found if e.is_file(follow_symlinks=False))
        except OSError:
            return frozenset()

    def remove(self, relative: str) -> bool:
        path = self.root / relative
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                self.changing()
                path.unlink()
                return True
        except OSError:
            pass
        return False
