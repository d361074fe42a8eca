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
of its facts (`plan.checks.facts`) and its own warnings (`plan.entries`); where each of the
file's problems lies (line and column) is a JSON entry under the file's entry key
(`plan.locating`), so a warm run places warnings without parsing the file. The checks'
results are JSON entries: the whole plan's, keyed by every file's bytes, and its parts
(`plan.checking.CachedParts`): each PPC file's own rules, keyed by its bytes and the header
facts they read, and the rules across files, keyed by every file's facts digest, so recording
progress in one file reruns neither the other files' rules nor those across files.

Unpickling can run code, so an entry is loaded only when this user wrote it, as three
checks tell, each enough on its own:
- the cache is used only while its folder (and each entry's subfolder) is owned by the user
  and writable by no one else;
- each entry is opened without following a link, and read only when the open file is a
  regular file owned by the user and writable by no one else (`fstat` on the descriptor, so
  nothing can be swapped in between the check and the read);
- each entry is signed: an HMAC-SHA256 of its key and bytes, with a key of this user's that
  lives in the cache folder (`signing-key`, made on first use, mode 0600, and replaced by a
  new one if it is ever found readable by anyone else). An entry whose signature does not
  verify is ignored and rewritten; so an entry planted by anyone who cannot read that key
  (copied from another machine, left by another user, written by a hostile plan) is never
  unpickled.

The cache lives outside the plan: `$COMMIT_CACHE_DIR`, else `$XDG_CACHE_HOME/commit`, else
`~/.cache/commit`. `COMMIT_NO_CACHE=1` (or `--no-cache`) turns it off.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import sys
from functools import cache
from pathlib import Path

from commit_cli import __version__

CACHE_ENV_VAR = "COMMIT_CACHE_DIR"
MAX_ENTRY_BYTES = 64 * 1024 * 1024
KEY_FILE = "signing-key"  # in the cache folder; entries live in its subfolders
KEY_BYTES = 32
ENTRY_MAGIC = b"commit-cache-1\n"  # then the signature, then the entry's bytes
SIGNATURE_BYTES = 32  # HMAC-SHA256
_HEADER_BYTES = len(ENTRY_MAGIC) + SIGNATURE_BYTES
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_UID = os.getuid()
_WRITABLE_BY_OTHERS = stat.S_IWGRP | stat.S_IWOTH
_PRIVATE_KEY = stat.S_IRWXG | stat.S_IRWXO  # a key file no one else may read or write
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


def text_part(text: str) -> bytes:
    """A part of a key made of text, such as a file name: its UTF-8 bytes, lone surrogates
    included (a name that is not UTF-8 reaches Python with them), so every text gives other
    bytes than every other text and none fails to encode."""
    return text.encode("utf-8", "surrogatepass")


def validating_modules(package: Path) -> list[Path]:
    """Every module whose code defines validity, and the data it reads to validate (the
    checks of `plan.quick_validate`, generated from the models), in a stable order."""
    found = [package / name for name in VALIDATING_MODULES]
    for sub in VALIDATING_SUBPACKAGES:
        found.extend(sorted((package / sub).rglob("*.py")))
    found.extend(sorted((package / "core").glob("*.json")))
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


def is_private(folder: Path | str) -> bool:
    """Whether only this user can write `folder`: owned by us, not group- or world-writable.
    Cache entries are pickles, so a folder anyone else can write is never read."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return info.st_uid == _UID and not info.st_mode & _WRITABLE_BY_OTHERS


def _read_own_file(path: Path | str, limit: int, hidden: bool = False) -> bytes | None:
    """The bytes of `path` when it is a regular file (not a link) that this user owns and no
    one else can write (with `hidden`, nor read), of at most `limit` bytes; None otherwise.
    Everything is checked on the open descriptor, so nothing can be swapped in between."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        others = _PRIVATE_KEY if hidden else _WRITABLE_BY_OTHERS
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != _UID
            or info.st_mode & others
            or info.st_size > limit
        ):
            return None
        chunks = [os.read(descriptor, info.st_size + 1)]
        size = len(chunks[0])
        while chunks[-1] and size <= limit:  # a file that grew since, or a short read
            chunks.append(os.read(descriptor, min(limit + 1 - size, 1 << 16)))
            size += len(chunks[-1])
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return (chunks[0] if len(chunks) == 2 else b"".join(chunks)) if size <= limit else None


def _write_new(folder: Path, *parts: bytes) -> str:
    """A new file in `folder` (mode 0600) holding `parts`: its path, for renaming into
    place. Made as `tempfile.mkstemp` makes one (a random name, created only if no file is
    there, not through a link), without importing `tempfile` (and `random`): 2 ms of the
    first `status` after a hand edit, which writes a few entries."""
    for _ in range(100):
        temporary = os.path.join(folder, f".tmp-{os.urandom(8).hex()}")
        try:
            handle = os.open(temporary, _CREATE_FLAGS, 0o600)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"no free name for a new entry in {folder}")
    try:
        with os.fdopen(handle, "wb") as stream:
            for part in parts:
                stream.write(part)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def signing_key(folder: Path) -> bytes | None:
    """This user's key for signing entries in `folder` (a private folder): read, or made on
    first use; a key anyone else could read or write is replaced. None when no key can be
    had (the cache is then not used)."""
    path = folder / KEY_FILE
    for _ in range(3):
        # Whether a file was there before it was read: one that appears after (another
        # process making the key on its first use too) is that process's key, not one to
        # replace, or the entries it signs with it would all fail their signature here.
        existed = os.path.lexists(path)
        key = _read_own_file(path, KEY_BYTES, hidden=True)
        if key is not None and len(key) == KEY_BYTES:
            return key
        try:
            temporary = _write_new(folder, os.urandom(KEY_BYTES))
            try:
                if existed:
                    os.replace(temporary, path)  # not ours, not private, or not a key
                else:
                    os.link(temporary, path)  # a race with another process: first one wins
            finally:
                Path(temporary).unlink(missing_ok=True)
        except FileExistsError:
            continue
        except OSError:
            return None
    return None


def _signature(secret: bytes, key: str, data: bytes) -> bytes:
    mac = hmac.new(secret, key.encode("ascii", "replace"), hashlib.sha256)
    mac.update(b"\0")
    mac.update(data)
    return mac.digest()


class ResultCache:
    """Bytes stored under content keys in one folder (used only while the folder is private;
    otherwise every get misses and every put is skipped)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._root = os.fspath(folder)  # as text: `get` joins paths without pathlib
        self._private: bool | None = None
        self._secret = b""

    def usable(self) -> bool:
        if self._private is None:
            try:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError:
                self._private = False
            else:
                key = signing_key(self.folder) if is_private(self.folder) else None
                self._private = key is not None
                self._secret = key or b""
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

    def holds(self, key: str) -> bool:
        """Whether an entry is stored under `key` (whether it reads back is not looked at:
        `get` says that)."""
        return self.usable() and os.path.lexists(self._path(key))

    def get(self, key: str) -> bytes | None:
        """The bytes stored under `key`, when this user stored them (see the module's
        docstring); None otherwise."""
        if not self.usable():
            return None
        # The path as `_path` makes it, joined as text: a warm 100k status gets 1,000
        # entries, and pathlib's joins were a quarter of the time `get` took apart from
        # reading and signing.
        parent = os.path.join(self._root, key[:2])
        if not is_private(parent):
            return None
        entry = _read_own_file(os.path.join(parent, key), _HEADER_BYTES + MAX_ENTRY_BYTES)
        if entry is None or not entry.startswith(ENTRY_MAGIC):
            return None
        data = entry[_HEADER_BYTES:]
        signature = entry[len(ENTRY_MAGIC) : _HEADER_BYTES]
        if not hmac.compare_digest(signature, _signature(self._secret, key, data)):
            return None  # not signed with our key: ignored, and rewritten by the caller
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`; entries over MAX_ENTRY_BYTES are not stored, so a
        hostile plan cannot fill the disk through the cache."""
        path = self._path(key)
        if len(data) > MAX_ENTRY_BYTES or not self.usable():
            return
        signature = _signature(self._secret, key, data)
        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)
            if not is_private(path.parent):
                return
            temporary = _write_new(path.parent, ENTRY_MAGIC, signature, data)
            try:
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return
