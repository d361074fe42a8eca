"""Git plumbing: the repository a plan folder lives in, its commits, and its objects.

Every object is read through one long-lived `git cat-file --batch` process per command
(`ObjectReader`); the few other questions (where the repository is, the log of a range, the
merge base) are one short git process each, never one per commit or per file. Nothing here
checks anything out or writes to the repository: the working tree is never touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import IO, Self

from commit_cli import git_process
from commit_cli.core.hints import closest
from commit_cli.errors import EnvironmentFailure, NotFound, UsageError
from commit_cli.plan.sources import MAX_FILE_BYTES

SHALLOW_HINT = (
    "this is a shallow clone, so older commits are missing: fetch the whole history"
    " (`git fetch --unshallow`; in GitHub Actions, `actions/checkout` with `fetch-depth: 0`)"
)
_PR_PATTERNS = (
    re.compile(r"^Merge pull request #(\d+)\b"),
    re.compile(r"\(#(\d+)\)\s*$"),
    re.compile(r"^Merge branch .* into .*\(#(\d+)\)"),
    re.compile(r"See merge request [^\s!]*!(\d+)"),
)


TREE_MODE = "40000"
FILE_MODES = ("100644", "100755")
LINK_MODE = "120000"
SUBMODULE_MODE = "160000"
# No object of a plan's history is read whole above this: a plan file may hold no more (as
# on disk), and a commit or a tree of that size is not one a plan's history needs.
MAX_OBJECT_BYTES = MAX_FILE_BYTES
# A commit is read up to this: its headers and the start of its message (a longer message is
# cut, never read whole).
MAX_COMMIT_BYTES = 1024 * 1024
MAX_NAME = 4096  # the longest object name asked of git (a revision, a path in it)


class ShallowHistory(EnvironmentFailure):
    """A revision or merge base that a shallow clone does not have."""


def find_git() -> str:
    """The git executable on PATH."""
    found = git_process.find_git()
    if found is None:
        raise EnvironmentFailure(
            "git is not installed (or not on PATH); reading the plan's history needs git:"
            " install it (e.g. `apt-get install git`) and try again"
        )
    return found


def first_line(data: bytes) -> str:
    """The first non-empty line of git's message, as text."""
    for text in data.decode("utf-8", "replace").splitlines():
        if text.strip():
            return text.strip().removeprefix("fatal: ").removeprefix("error: ")
    return "git failed"


def pr_number(message: str) -> int | None:
    """The pull- or merge-request number a commit message names (GitHub's merge and squash
    messages, GitLab's merge requests), if any."""
    subject = message.split("\n", 1)[0]
    for pattern in _PR_PATTERNS:
        found = pattern.search(subject) or pattern.search(message)
        if found:
            return int(found.group(1))
    return None


def _when(seconds: str, offset: str) -> datetime:
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = int(offset[1:3] or 0), int(offset[3:5] or 0)
    zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime.fromtimestamp(int(seconds), UTC).astimezone(zone)


def _person(value: str) -> tuple[str, str, datetime]:
    """Name, email and time of a commit's `author` or `committer` line."""
    head, _, rest = value.rpartition(">")
    name, _, email = head.partition("<")
    fields = rest.split()
    when = (
        _when(fields[0], fields[1])
        if len(fields) == 2 and fields[0].isdigit()
        else datetime.fromtimestamp(0, UTC)
    )
    return name.strip(), email.strip(), when


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit: who wrote it and when, when it entered the history, and its message."""

    oid: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: datetime
    committed: datetime
    message: str

    @property
    def short(self) -> str:
        return self.oid[:7]

    @property
    def day(self) -> date:
        """The day it was committed, in the committer's time zone."""
        return self.committed.date()

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()

    @property
    def pr(self) -> int | None:
        return pr_number(self.message)


def parse_commit(oid: str, data: bytes) -> Commit:
    """A commit object's text (as `git cat-file` gives it)."""
    text = data.decode("utf-8", "replace")
    head, _, message = text.partition("\n\n")
    parents: list[str] = []
    author = committer = ("", "", datetime.fromtimestamp(0, UTC))
    for line in head.split("\n"):
        key, _, value = line.partition(" ")
        if key == "parent":
            parents.append(value.strip())
        elif key == "author":
            author = _person(value)
        elif key == "committer":
            committer = _person(value)
    return Commit(oid, tuple(parents), author[0], author[1], author[2], committer[2], message)


@dataclass(frozen=True, slots=True)
class GitObject:
    oid: str
    kind: str
    data: bytes
    truncated: bool = False  # only the first bytes were read (see ObjectReader)


@dataclass(frozen=True, slots=True)
class TreeEntry:
    mode: str
    name: str  # decoded as the file system would show it (undecodable bytes kept, escaped)
    oid: str

    @property
    def is_tree(self) -> bool:
        return self.mode == TREE_MODE

    @property
    def is_file(self) -> bool:
        return self.mode in FILE_MODES

    @property
    def is_link(self) -> bool:
        return self.mode == LINK_MODE

    @property
    def is_submodule(self) -> bool:
        return self.mode == SUBMODULE_MODE


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
        self, names: list[str], limit: int = MAX_OBJECT_BYTES, truncate: bool = False
    ) -> list[GitObject | None]:
        """Many objects, as `get` gives each, in one stream (or one per object cut short)."""
        found: list[GitObject | None] = []
        while len(found) < len(names):
            found += self._stream(names[len(found) :], limit, truncate)
        return found

    def _stream(self, names: list[str], limit: int, truncate: bool) -> list[GitObject | None]:
        """The answers for `names`, up to the first one cut short (which stops the process):
        the names are written by a second thread while the answers are read, so neither
        side waits for the other's pipe to drain."""
        import threading

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
                answer = self._answer(limit, truncate)
                found.append(answer)
                if answer is not None and answer.truncated:
                    break  # the process is stopped: the rest are asked of the next one
        finally:
            writer.join()
        return found

    def _answer(self, limit: int, truncate: bool) -> GitObject | None:
        _, stdout = self._pipes()
        try:
            line = stdout.readline(MAX_NAME + 100)
        except OSError as exc:
            raise EnvironmentFailure(f"git cat-file stopped: {exc.strerror or exc}") from None
        if not line:
            raise EnvironmentFailure("git cat-file stopped unexpectedly")
        header = _header(line)
        if header is None:
            if not line.endswith(b"\n"):  # not an answer git gives: the stream is lost
                self._stop()
                raise EnvironmentFailure("git cat-file gave an answer that cannot be read")
            return None  # "<name> missing" or "<name> ambiguous"
        oid, kind, size = header
        if size > limit and not truncate:
            self._stop()  # the body is never read: this process is done with
            raise ObjectTooLarge(oid, kind, size, limit)
        wanted = min(size, limit)
        try:
            data = stdout.read(wanted)
            end = stdout.read(1) if wanted == size else b"\n"
        except OSError as exc:
            raise EnvironmentFailure(f"git cat-file stopped: {exc.strerror or exc}") from None
        if len(data) != wanted or end != b"\n":
            self._stop()
            raise EnvironmentFailure("git cat-file stopped unexpectedly")
        if wanted < size:
            self._stop()  # the rest of the body is never read
            return GitObject(oid, kind, data, truncated=True)
        return GitObject(oid, kind, data)

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


def _run(
    git: str, arguments: tuple[str, ...], settings: tuple[str, ...]
) -> subprocess.CompletedProcess[bytes]:
    """One short git process under the fixed configuration (see `git_process`)."""
    try:
        return subprocess.run(
            git_process.git_command(git, *arguments, settings=settings),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=git_process.git_environment(),
            check=False,
        )
    except OSError as exc:
        raise EnvironmentFailure(f"cannot run git: {exc.strerror or exc}") from None


def _locate(
    git: str, folder: Path, settings: tuple[str, ...]
) -> subprocess.CompletedProcess[bytes]:
    return _run(git, ("-C", str(folder), "rev-parse", "--show-toplevel", "--show-prefix"), settings)


class Repository:
    """The git repository that holds a plan folder, and where the folder is inside it."""

    def __init__(
        self, git: str, root: Path, prefix: str, shallow: bool, settings: tuple[str, ...] = ()
    ) -> None:
        self.git = git
        self.root = root
        self.prefix = prefix  # the plan folder, relative to the root ('plan'; '' for the root)
        self.shallow = shallow
        self.settings = settings  # `key=value` given to every git process, after ours
        self._objects: ObjectReader | None = None

    @classmethod
    def of(cls, folder: Path) -> Repository:
        """The repository whose work tree holds `folder`. A repository that git refuses as
        another user's is used when the user's own configuration lists it (`safe.directory`,
        which git reads only there: it is passed on, as the user's choice)."""
        git = find_git()
        settings: tuple[str, ...] = ()
        done = _locate(git, folder, settings)
        if done.returncode != 0 and b"dubious ownership" in done.stderr:
            trusted = git_process.user_settings(git, r"^safe\.directory$")
            if trusted:
                settings = tuple(f"safe.directory={value}" for _, value in trusted)
                done = _locate(git, folder, settings)
        if done.returncode != 0:
            reason = first_line(done.stderr)
            if "not a git repository" in reason:
                raise EnvironmentFailure(
                    f"{folder} is not in a git repository, so it has no history; commit the"
                    " plan to git (`git init && git add plan && git commit`) or work in a clone"
                )
            raise EnvironmentFailure(f"cannot use the git repository of {folder}: {reason}")
        lines = os.fsdecode(done.stdout).splitlines()
        root = Path(lines[0]) if lines else folder
        prefix = lines[1].strip().rstrip("/") if len(lines) > 1 else ""
        repository = cls(git, root, prefix, shallow=False, settings=settings)
        repository.shallow = repository.run("rev-parse", "--is-shallow-repository") == "true"
        return repository

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._objects is not None:
            self._objects.close()
            self._objects = None

    @property
    def objects(self) -> ObjectReader:
        if self._objects is None:
            self._objects = ObjectReader(self.git, self.root, self.settings)
        return self._objects

    def run_bytes(self, *args: str, ok: tuple[int, ...] = (0,)) -> tuple[int, bytes]:
        """Run one git command in the repository; its exit code and output."""
        done = _run(self.git, ("-C", str(self.root), *args), self.settings)
        if done.returncode not in ok:
            raise EnvironmentFailure(f"git {args[0]} failed: {first_line(done.stderr)}")
        return done.returncode, done.stdout

    def run(self, *args: str) -> str:
        return self.run_bytes(*args)[1].decode("utf-8", "replace").strip()

    def path(self, *parts: str) -> str:
        """A path inside the repository, for a folder or file of the plan."""
        return str(PurePosixPath(self.prefix, *parts)) if self.prefix else "/".join(parts)

    # revisions

    def commit(self, rev: str) -> Commit:
        """The commit `rev` names (a commit id, branch, tag, `HEAD~2`…)."""
        if rev.startswith("-") or not rev.strip():
            raise UsageError(f"'{rev}' is not a revision; name a commit, branch or tag")
        found = self.objects.get(f"{rev}^{{commit}}", MAX_COMMIT_BYTES, truncate=True)
        if found is None:
            raise self.unknown_revision(rev)
        return parse_commit(found.oid, found.data)

    def commit_by_id(self, oid: str) -> Commit:
        found = self.objects.get(oid, MAX_COMMIT_BYTES, truncate=True)
        if found is None or found.kind != "commit":
            raise self.unknown_revision(oid)
        return parse_commit(found.oid, found.data)

    def refs(self) -> list[str]:
        listing = self.run("for-each-ref", "--format=%(refname:short)")
        return [name for name in listing.splitlines() if name]

    def unknown_revision(self, rev: str) -> NotFound | ShallowHistory:
        if self.shallow:
            return ShallowHistory(f"unknown revision '{rev}': {SHALLOW_HINT}")
        close = closest(rev, [*self.refs(), "HEAD"], n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        return NotFound(f"unknown revision '{rev}' (no commit, branch or tag of that name){hint}")

    def is_ancestor(self, older: str, newer: str) -> bool:
        code, _ = self.run_bytes("merge-base", "--is-ancestor", older, newer, ok=(0, 1))
        return code == 0

    def merge_base(self, one: str, other: str, names: tuple[str, str]) -> str:
        code, out = self.run_bytes("merge-base", one, other, ok=(0, 1))
        if code == 1 or not out.strip():
            what = f"{names[0]} and {names[1]} have no common ancestor"
            if self.shallow:
                raise ShallowHistory(f"{what} here: {SHALLOW_HINT}")
            raise NotFound(f"{what}; name the base to compare with: `commit diff BASE`")
        return out.decode().split()[0]

    def default_branch(self) -> str:
        """The branch pull requests go into: `origin/$GITHUB_BASE_REF` in a GitHub pull
        request, else the remote's default (`origin/HEAD`), else main or master."""
        names = set(self.refs())
        base_ref = os.environ.get("GITHUB_BASE_REF", "")
        candidates = [f"origin/{base_ref}", base_ref] if base_ref else []
        code, out = self.run_bytes(
            "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD", ok=(0, 1, 128)
        )
        if code == 0 and out.strip():
            candidates.append(out.decode().strip())
        candidates += ["origin/main", "origin/master", "main", "master"]
        for name in candidates:
            if name and name in names:
                return name
        hint = f" ({SHALLOW_HINT})" if self.shallow else ""
        raise NotFound(
            "cannot tell the default branch to compare with (no origin/HEAD, main or master)"
            f"{hint}; name the base: `commit diff BASE`"
        )
