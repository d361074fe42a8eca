"""Which plan files on disk are the ones read before, from their stamps alone.

A warm command used to read every plan file and hash its bytes only to find the file's
cache entry: 49 MB read and hashed for a plan of 100,000 milestones, where a `stat` of the
same files takes milliseconds. The manifest keeps, per plan folder, each file's stamp
(`sources.FileStamp`: device, inode, size, modification and change times, in nanoseconds)
with the content id of the bytes read under it (`content_id`: their SHA-256). A file whose
stamp is the one recorded is known by that id without being read; any other file is read
and hashed as before.

The stamp is trusted because every write to a file changes its change time, which no program
can set back (`os.utime` sets only the access and modification times), and a file renamed
or copied over it has another inode; the device is in the stamp, so a plan on another file
system (a copy, a remount) is read again. Only a file whose change time is at least
`SETTLED_NS` older than the start of the command is recorded: a second write in the same
tick of the file system's clock as the one before the read would leave the change time as
it was, and such a file is read again on the next run instead. A link, or anything that is
not a regular file, is never known by its stamp.

The manifest is an entry of the result cache (`plan.cache`: signed, private to the user), so
it is as safe as the entries it points to; a manifest that cannot be read is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from commit_cli.plan.cache import ResultCache, text_part
from commit_cli.plan.sources import FileStamp

MANIFEST_FORMAT = 1
SETTLED_NS = 2_000_000_000  # a change younger than this at the command's start is not kept
ID_PREFIX = "sha256:"


def content_id(raw: bytes) -> str:
    """The id of a file's bytes, by which its cache entries are keyed when it is read from
    disk (git files are keyed by their blob ids)."""
    return ID_PREFIX + hashlib.sha256(raw).hexdigest()


class StampManifest:
    """The stamps and content ids of one plan folder's files, as recorded by earlier runs,
    and what this run learns (`learn`), written back by `save`."""

    def __init__(self, cache: ResultCache, folder: Path, started_ns: int) -> None:
        self._cache = cache
        self._folder = os.path.abspath(folder)
        self._inside = os.path.join(self._folder, "")  # with the separator at its end
        self._key = cache.key("stamp-manifest", text_part(self._folder))
        self._settled_before = started_ns - SETTLED_NS
        self._known = self._read()
        self._now: dict[str, tuple[FileStamp, str]] = {}  # this run's files, as found

    def _read(self) -> dict[str, tuple[FileStamp, str]]:
        data = self._cache.get(self._key)
        if data is None:
            return {}
        try:
            found = json.loads(data)
            if found.get("format") != MANIFEST_FORMAT:
                return {}
            return {
                name: (FileStamp(*map(int, entry[:5])), str(entry[5]))
                for name, entry in found["files"].items()
            }
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return {}  # not ours to explain: the manifest is rebuilt

    def _name(self, path: Path) -> str:
        """A file's name in the manifest: its path from the plan folder, the same from
        whichever folder the command runs (`relpath`, without its walk for the files in the
        folder, which are all of them)."""
        found = os.path.abspath(path)
        if found.startswith(self._inside):
            return found[len(self._inside) :]
        return os.path.relpath(found, self._folder)

    def known_id(self, path: Path) -> str | None:
        """The content id of the file at `path` when its stamp is the one recorded with it
        (the file is then not read); None otherwise."""
        name = self._name(path)
        recorded = self._known.get(name)
        if recorded is None:
            return None
        try:
            found = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(found.st_mode) or FileStamp.of(found) != recorded[0]:
            return None
        self._now[name] = recorded
        return recorded[1]

    def learn(self, path: Path, stamp: FileStamp, identity: str) -> None:
        """Record that the file at `path`, read under `stamp`, has the content id
        `identity`, unless it changed too shortly before this run started to be told apart
        (see the module)."""
        if stamp.changed_ns < self._settled_before:
            self._now[self._name(path)] = (stamp, identity)

    def save(self) -> None:
        """Write the manifest back when this run found other files or stamps than it holds:
        the files this run knew or learned, so a file deleted from the plan drops out."""
        if self._now == self._known:
            return
        files = {name: [*stamp, identity] for name, (stamp, identity) in sorted(self._now.items())}
        self._cache.put(self._key, json.dumps({"format": MANIFEST_FORMAT, "files": files}).encode())
