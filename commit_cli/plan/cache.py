"""A cache of validated results, so unchanged plan files are not parsed again.

Entries are keyed by a digest of the file's bytes, the tool, Python and pydantic versions and
the source of every module of the subpackages that decide what a file means (found by walking
them, so a moved or new module counts without anyone listing it); a change to any of them is a
different key, so an entry does not go stale. Entries are written to a temporary file and
renamed into place, so two processes running at once never see half an entry. An entry that
cannot be read or does not load is ignored (and rewritten): the cache can make a run faster,
never wrong.

A plan file's entry is a pickle of its validated record (`core.model`: tuples, so reading one
back runs no Python code per object and needs neither validation nor pydantic) with the digest
of its facts (`plan.checks.facts`). The checks' results are JSON entries: the whole plan's,
keyed by every file's bytes, and its parts (`plan.checking.CachedParts`): each PPC file's own
rules, keyed by its bytes and the header facts they read, and the rules across files, keyed
by every file's facts digest, so recording progress in one file reruns neither the other
files' rules nor those across files. Unpickling can run code, so the cache is used only
while its folder (and each entry's subfolder) is owned by the user and writable by no one
else: then whoever can plant an entry can already run code as the user.

The cache lives outside the plan: `$COMMIT_CACHE_DIR`, else `$XDG_CACHE_HOME/commit`, else
`~/.cache/commit`. `COMMIT_NO_CACHE=1` (or `--no-cache`) turns it off.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from functools import cache
from pathlib import Path

from commit_cli import __version__

CACHE_ENV_VAR = "COMMIT_CACHE_DIR"
MAX_ENTRY_BYTES = 64 * 1024 * 1024
NO_CACHE_ENV_VAR = "COMMIT_NO_CACHE"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
# What decides what a file means or whether it is valid: these subpackages, whole, and these
# modules at the package's top.
VALIDATING_SUBPACKAGES = ("core", "yamlio", "plan")
VALIDATING_MODULES = ("__init__.py", "problems.py", "errors.py", "safetext.py")


def digest(*parts: bytes) -> str:
    """A key for `parts` (each length-prefixed, so no two lists of parts share a key). SHA-256
    runs in hardware on current CPUs: twice as fast as BLAKE2 over a large plan's bytes."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()[:40]


def validating_modules(package: Path) -> list[Path]:
    """Every module whose code defines validity, in a stable order."""
    found = [package / name for name in VALIDATING_MODULES]
    for sub in VALIDATING_SUBPACKAGES:
        found.extend(sorted((package / sub).rglob("*.py")))
    return found


def pydantic_version_source() -> bytes:
    """The text of pydantic's version module, found on the import path without importing
    pydantic (a warm run never imports it); pydantic pins the pydantic-core it runs with."""
    for entry in sys.path:
        candidate = Path(entry or ".") / "pydantic" / "version.py"
        try:
            return candidate.read_bytes()
        except OSError:
            continue
    return b"(none)"


@cache
def code_fingerprint(package: Path = PACKAGE_DIR) -> bytes:
    """The tool version, the Python version, pydantic's version module, and the name and
    bytes of every module that defines validity."""
    parts = [__version__.encode(), sys.version.encode(), pydantic_version_source()]
    for path in validating_modules(package):
        parts.append(path.relative_to(package).as_posix().encode())
        try:
            parts.append(path.read_bytes())
        except OSError:
            parts.append(b"(unreadable)")
    return digest(*parts).encode()


def default_cache_dir() -> Path | None:
    """`$COMMIT_CACHE_DIR` (a leading `~` is the home folder), else `$XDG_CACHE_HOME/commit`,
    else `~/.cache/commit`; None when none of them gives an absolute path (a relative
    XDG_CACHE_HOME is invalid by the XDG spec, and HOME may be unset for a user with no
    passwd entry): the command then runs without a cache."""
    explicit = os.environ.get(CACHE_ENV_VAR)
    xdg = os.environ.get("XDG_CACHE_HOME")
    try:
        if explicit:
            folder = Path(explicit).expanduser()
        elif xdg and Path(xdg).is_absolute():
            folder = Path(xdg) / "commit"
        else:
            folder = Path.home() / ".cache" / "commit"
    except (RuntimeError, KeyError, OSError):  # no home folder to be found
        return None
    return folder if folder.is_absolute() else None


def working_tree_of(folder: Path) -> Path:
    """The git working tree holding `folder`, or `folder` itself outside git."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def is_private(folder: Path) -> bool:
    """Whether only this user can write `folder`: owned by us, not group- or world-writable.
    Cache entries are pickles, so a folder anyone else can write is never read."""
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class ResultCache:
    """Bytes stored under content keys in one folder (used only while the folder is private;
    otherwise every get misses and every put is skipped)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._private: bool | None = None

    def usable(self) -> bool:
        if self._private is None:
            try:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError:
                self._private = False
            else:
                self._private = is_private(self.folder)
        return self._private

    @classmethod
    def from_environment(cls, plan_dir: Path | None = None) -> ResultCache | None:
        """The cache the environment asks for, or None: when it is turned off, when no
        usable folder is named, and when the folder lies inside the plan or the working tree
        that holds it (the cache must never be committed or change the user's files)."""
        if os.environ.get(NO_CACHE_ENV_VAR, "") not in ("", "0"):
            return None
        folder = default_cache_dir()
        if folder is None:
            return None
        if plan_dir is not None:
            try:
                protected = working_tree_of(plan_dir.resolve())
                if folder.resolve().is_relative_to(protected):
                    return None
            except (OSError, RuntimeError):
                return None
        return cls(folder)

    def key(self, kind: str, *parts: bytes) -> str:
        return digest(code_fingerprint(), kind.encode(), *parts)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        if not self.usable() or not is_private(path.parent):
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`; entries over MAX_ENTRY_BYTES are not stored, so a
        hostile plan cannot fill the disk through the cache."""
        path = self._path(key)
        if len(data) > MAX_ENTRY_BYTES or not self.usable():
            return
        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)
            import tempfile  # only when an entry is written

            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return
