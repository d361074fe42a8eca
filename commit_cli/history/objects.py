"""Git objects through one long-lived `git cat-file --batch` process (`ObjectReader`), and
what a tree object lists (`tree_entries`).

An object's size comes in git's answer before its body, so no object is ever read whole
above a limit: one over it is refused, or cut short where the caller says (a commit's
headers and the start of its message are all a history needs), and the process is stopped
with the rest left unread. A watchdog stops a git that does not answer.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

from commit_cli import git_process
from commit_cli.errors import EnvironmentFailure
from commit_cli.plan.sources import MAX_FILE_BYTES

FILE_MODES = ("100644", "100755")
LINK_MODE = "120000"
# No object of a plan's history is read whole above this: a plan file may hold no more (as
# on disk), and a commit or a tree of that size is not one a plan's history needs.
MAX_OBJECT_BYTES = MAX_FILE_BYTES
# A commit is read up to this: its headers and the start of its message (a longer message is
# cut, never read whole).
MAX_COMMIT_BYTES = 1024 * 1024
MAX_NAME = 4096  # the longest object name asked of git (a revision, a path in it)
# Guards against a git that never answers (a FIFO where .git holds a file, or that its
# configuration includes): far above what any answer takes, so only a stuck git meets them.
ANSWER_SECONDS = 60.0  # one object from `cat-file`
STUCK = (
    "gave no answer in {seconds:.0f} s: something in the repository's .git folder cannot be"
    " read (a FIFO or a device where a file should be, or a configuration `include` of one)"
)


@dataclass(frozen=True, slots=True)
class GitObject:
    oid: str
    kind: str
    data: bytes
    truncated: bool = False  # only the first bytes were read (see ObjectReader)
    size: int | None = None  # its whole size, when not all of it was read


@dataclass(frozen=True, slots=True)
class TreeEntry:
    mode: str
    name: str  # decoded as the file system would show it (undecodable bytes kept, escaped)
    oid: str

    @property
    def is_tree(self) -> bool:
        return entry_kind(self.mode) == stat.S_IFDIR

    @property
    def is_file(self) -> bool:
        return entry_kind(self.mode) == stat.S_IFREG

    @property
    def is_link(self) -> bool:
        return entry_kind(self.mode) == stat.S_IFLNK

    @property
    def is_submodule(self) -> bool:
        return entry_kind(self.mode) == SUBMODULE


SUBMODULE = 0o160000  # a commit of another repository: a folder in a checkout


def entry_kind(mode: str) -> int:
    """What a tree entry's mode makes it, as a checkout reads the mode: its type bits
    (`100664` of old repositories is a file like `100644`, `040000` a folder like `40000`);
    0 for a mode that is not octal."""
    try:
        return int(mode, 8) & 0o170000
    except ValueError:
        return 0


def tree_entries(data: bytes) -> list[TreeEntry]:
    """The entries of a tree object's raw bytes (`<mode> <name>\\0<20-byte id>` each). Names
    are decoded as Python decodes file names (`surrogateescape`), so two names that differ in
    their bytes stay two names, as they are two files in a checkout."""
    entries: list[TreeEntry] = []
    position = 0
    try:
        while position < len(data):
            space = data.index(b" ", position)
            nul = data.index(b"\0", space)
            oid = data[nul + 1 : nul + 21].hex()
            if len(oid) != 40:
                raise ValueError("truncated entry")
            mode = data[position:space].decode("ascii")
            name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
            entries.append(TreeEntry(mode, name, oid))
            position = nul + 21
    except ValueError:
        raise EnvironmentFailure(
            "the repository holds a malformed tree object; run `git fsck` to find it"
        ) from None
    return entries


class ObjectTooLarge(EnvironmentFailure):
    """An object larger than a reader's limit: refused from the size in git's answer, before
    a byte of it is read."""

    def __init__(self, oid: str, kind: str, size: int, limit: int) -> None:
        super().__init__(
            f"git {kind} {oid[:7]} is {size:,} bytes, over the {limit // (1024 * 1024)} MiB"
            " that commit reads of one object; not read"
        )
        self.oid = oid
        self.kind = kind
        self.size = size


def _header(line: bytes) -> tuple[str, str, int] | None:
    """`<oid> <type> <size>` from git's answer; None for `<name> missing` (or ambiguous),
    whatever spaces the name held."""
    fields = line.split()
    if len(fields) != 3 or not fields[2].isdigit() or fields[2] == b"missing":
        return None
    try:
        return fields[0].decode("ascii"), fields[1].decode("ascii"), int(fields[2])
    except ValueError:
        return None


def _askable(name: str) -> bool:
    """Whether `name` can be asked of `cat-file --batch` (one line, which git echoes back in
    a line we read whole); any other name names no object."""
    return bool(name) and "\n" not in name and "\0" not in name and len(name) <= MAX_NAME


class ObjectReader:
    """One `git cat-file --batch` process: any object by name, in one round trip each.

    Each answer's header gives the object's size before its body, so an object over the
    limit (MAX_OBJECT_BYTES unless the caller says) is never read whole: it is refused
    (ObjectTooLarge), or, with `truncate`, only its first `limit` bytes are read (a commit's
    headers and the start of its message are all a history needs). Either way the process
    is stopped with the rest of the body left in its pipe, and another is started for the
    next question. So a 1 GiB blob in history costs a restart, never a gigabyte of memory."""

    def __init__(self, git: str, root: Path, settings: tuple[str, ...] = ()) -> None:
        self._command = git_process.git_command(
            git, "-C", str(root), "cat-file", "--batch", settings=settings
        )
        self._process: subprocess.Popen[bytes] | None = None
        self._waiting_since: float | None = None  # when the answer being read was asked for
        self._stuck = False

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        if self._process is None:
            try:
                self._process = subprocess.Popen(
                    self._command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=git_process.git_environment(),
                )
            except OSError as exc:
                raise EnvironmentFailure(f"cannot run git: {exc.strerror or exc}") from None
            self._watch(self._process)
        stdin, stdout = self._process.stdin, self._process.stdout
        if stdin is None or stdout is None:  # pragma: no cover - Popen made both pipes
            raise EnvironmentFailure("git cat-file has no pipes")
        return stdin, stdout

    def get(
        self, name: str, limit: int = MAX_OBJECT_BYTES, truncate: bool = False
    ) -> GitObject | None:
        """The object `name` names (an id, `REV^{commit}`, `REV:path`); None when git knows
        no such object; ObjectTooLarge when it is over `limit` bytes (with `truncate`, its
        first `limit` bytes instead)."""
        if not _askable(name):
            return None
        stdin, _ = self._pipes()
        try:
            stdin.write(os.fsencode(name) + b"\n")
            stdin.flush()
        except OSError as exc:
            raise EnvironmentFailure(f"git cat-file stopped: {exc.strerror or exc}") from None
        return self._answer(limit, truncate)

    def get_many(
        self,
        names: list[str],
        limit: int = MAX_OBJECT_BYTES,
        truncate: bool = False,
        unread: bool = False,
    ) -> list[GitObject | None]:
        """Many objects, as `get` gives each, in one stream (or one per object cut short).
        With `unread`, an object over `limit` comes back empty and `truncated`, with its
        size, instead of stopping the others (none of its bytes is read)."""
        found: list[GitObject | None] = []
        while len(found) < len(names):
            found += self._stream(names[len(found) :], limit, truncate, unread)
        return found

    def _stream(
        self, names: list[str], limit: int, truncate: bool, unread: bool = False
    ) -> list[GitObject | None]:
        """The answers for `names`, up to the first one cut short (which stops the process):
        the names are written by a second thread while the answers are read, so neither
        side waits for the other's pipe to drain."""
        stdin, _ = self._pipes()
        wanted = [name if _askable(name) else "-" for name in names]

        def write() -> None:
            try:
                stdin.write(b"".join(os.fsencode(name) + b"\n" for name in wanted))
                stdin.flush()
            except (OSError, ValueError):
                pass  # the reader below reports the failure (or stopped the process itself)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        found: list[GitObject | None] = []
        try:
            for _ in wanted:
                answer = self._answer(limit, truncate, unread)
                found.append(answer)
                if answer is not None and answer.truncated:
                    break  # the process is stopped: the rest are asked of the next one
        finally:
            writer.join()
        return found

    def _watch(self, process: subprocess.Popen[bytes]) -> None:
        """Stop `process` if an answer is awaited for over ANSWER_SECONDS (one thread per
        process, which looks once a second: reading an object costs it nothing)."""
        self._stuck = False

        def watch() -> None:
            while process.poll() is None:
                time.sleep(1)
                since = self._waiting_since
                if since is not None and time.monotonic() - since > ANSWER_SECONDS:
                    self._stuck = True
                    process.kill()

        threading.Thread(target=watch, daemon=True).start()

    def _answer(self, limit: int, truncate: bool, unread: bool = False) -> GitObject | None:
        _, stdout = self._pipes()
        self._waiting_since = time.monotonic()
        try:
            return self._read_answer(stdout, limit, truncate, unread)
        except OSError as exc:
            raise EnvironmentFailure(f"git cat-file stopped: {exc.strerror or exc}") from None
        finally:
            self._waiting_since = None

    def _read_answer(
        self, stdout: IO[bytes], limit: int, truncate: bool, unread: bool = False
    ) -> GitObject | None:
        line = stdout.readline(MAX_NAME + 100)
        header = _header(line)
        if header is None:
            if not line.endswith(b"\n"):  # no answer, or not one git gives: the stream is lost
                self._stopped(line)
            return None  # "<name> missing" or "<name> ambiguous"
        oid, kind, size = header
        if size > limit and not truncate:
            self._stop()  # the body is never read: this process is done with
            if unread:
                return GitObject(oid, kind, b"", truncated=True, size=size)
            raise ObjectTooLarge(oid, kind, size, limit)
        wanted = min(size, limit)
        data = stdout.read(wanted)
        end = stdout.read(1) if wanted == size else b"\n"
        if len(data) != wanted or end != b"\n":
            self._stopped(b"")
        if wanted < size:
            self._stop()  # the rest of the body is never read
            return GitObject(oid, kind, data, truncated=True, size=size)
        return GitObject(oid, kind, data)

    def _stopped(self, line: bytes) -> NoReturn:
        """The stream is lost: say why, and leave the next question to another process."""
        stuck = self._stuck
        self._stop()
        if stuck:
            raise EnvironmentFailure(f"git cat-file {STUCK.format(seconds=ANSWER_SECONDS)}")
        if line:
            raise EnvironmentFailure("git cat-file gave an answer that cannot be read")
        raise EnvironmentFailure("git cat-file stopped unexpectedly")

    def _stop(self) -> None:
        """End the process now, whatever it was writing; the next question starts another."""
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()
