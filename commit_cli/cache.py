"""A cache of validated results, so unchanged plan files are not parsed again.

Entries are keyed by a digest of the file's bytes, the tool's version and the source of the
modules that decide what a valid result is; a change to any of them is a different key, so an
entry is never stale. Entries are written to a temporary file and renamed into place, so two
processes running at once never see half an entry. An entry that cannot be read or does not
validate is ignored (and rewritten): the cache can make a run faster, never wrong.

Entries are pickles of validated models, read back without validation; the folder is the
user's own and created private (as with Python's bytecode cache, whoever can write it can
already run code as the user). The cache lives outside the plan: `$COMMIT_CACHE_DIR`, else
`$XDG_CACHE_HOME/commit`, else `~/.cache/commit`. `COMMIT_NO_CACHE=1` (or `--no-cache`)
turns it off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

from commit_cli import __version__

CACHE_ENV_VAR = "COMMIT_CACHE_DIR"
NO_CACHE_ENV_VAR = "COMMIT_NO_CACHE"
_FINGERPRINT_MODULES = ("model.py", "periods.py", "checks.py", "schema_errors.py", "cache.py")


def digest(*parts: bytes) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()


@cache
def code_fingerprint() -> bytes:
    """The tool version and the bytes of the modules that define validity."""
    package = Path(__file__).parent
    parts = [__version__.encode()]
    for name in _FINGERPRINT_MODULES:
        try:
            parts.append((package / name).read_bytes())
        except OSError:
            parts.append(name.encode())
    return digest(*parts).encode()


def default_cache_dir() -> Path:
    explicit = os.environ.get(CACHE_ENV_VAR)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "commit"


class ResultCache:
    """Bytes stored under content keys in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def from_environment(cls) -> ResultCache | None:
        if os.environ.get(NO_CACHE_ENV_VAR, "") not in ("", "0"):
            return None
        return cls(default_cache_dir())

    def key(self, kind: str, *parts: bytes) -> str:
        return digest(code_fingerprint(), kind.encode(), *parts)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.parent.mkdir(mode=0o700, exist_ok=True)
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
