"""Git plumbing: the repository a plan folder lives in, its commits, and its objects.

Every object is read through one long-lived `git cat-file --batch` process per command
(`objects.ObjectReader`); the few other questions (where the repository is, the log of a
range, the merge base) are one short git process each, never one per commit or per file, each
under the fixed configuration of `git_process` and a time limit. Nothing here checks anything
out or writes to the repository: the working tree is never touched.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import Self

from commit_cli import git_process
from commit_cli.core.hints import closest
from commit_cli.errors import EnvironmentFailure, NotFound, UsageError
from commit_cli.history.objects import MAX_COMMIT_BYTES, STUCK, ObjectReader

PROBE_SECONDS = 60.0  # finding the repository (reads its configuration and HEAD)
COMMAND_SECONDS = 600.0  # any other command (a log of a long history)
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


def _run(
    git: str,
    arguments: tuple[str, ...],
    settings: tuple[str, ...],
    timeout: float = COMMAND_SECONDS,
) -> subprocess.CompletedProcess[bytes]:
    """One short git process under the fixed configuration (see `git_process`)."""
    try:
        return subprocess.run(
            git_process.git_command(git, *arguments, settings=settings),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=git_process.git_environment(),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        what = arguments[2] if arguments[:1] == ("-C",) else arguments[0]
        raise EnvironmentFailure(f"git {what} {STUCK.format(seconds=timeout)}") from None
    except OSError as exc:
        raise EnvironmentFailure(f"cannot run git: {exc.strerror or exc}") from None


def _locate(
    git: str, folder: Path, settings: tuple[str, ...]
) -> subprocess.CompletedProcess[bytes]:
    arguments = (
        *("-C", str(folder), "rev-parse"),
        *("--show-toplevel", "--show-prefix", "--is-shallow-repository"),
    )
    return _run(git, arguments, settings, PROBE_SECONDS)


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
        which git reads only there: it is passed on, as the user's choice). A bare repository
        committed inside the work tree is never used (`safe.bareRepository`)."""
        git = find_git()
        settings: tuple[str, ...] = ()
        done = _locate(git, folder, settings)
        if done.returncode != 0 and b"dubious ownership" in done.stderr:
            trusted = git_process.user_settings(git, r"^safe\.directory$")
            if trusted:
                settings = tuple(f"safe.directory={value}" for _, value in trusted)
                done = _locate(git, folder, settings)
        inside = ""
        if done.returncode != 0 and b"bare repository" in done.stderr:
            # The folder looks like a bare repository (committed HEAD, objects/, refs/):
            # not the one it is in, which is found from its parent.
            try:
                real = folder.resolve()
            except (OSError, RuntimeError):
                real = folder
            done, inside = _locate(git, real.parent, settings), real.name
        if done.returncode != 0:
            reason = first_line(done.stderr)
            if "not a git repository" in reason:
                raise EnvironmentFailure(
                    f"{folder} is not in a git repository, so it has no history; commit the"
                    " plan to git (`git init && git add plan && git commit`) or work in a clone"
                )
            raise EnvironmentFailure(f"cannot use the git repository of {folder}: {reason}")
        lines = os.fsdecode(done.stdout).split("\n")
        root = Path(lines[0]) if lines and lines[0] else folder
        prefix = lines[1].strip().rstrip("/") if len(lines) > 1 else ""
        prefix = "/".join(part for part in (prefix, inside) if part)
        shallow = len(lines) > 2 and lines[2].strip() == "true"
        return cls(git, root, prefix, shallow=shallow, settings=settings)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._objects is not None:
            self._objects.close()
            self._objects = None

    def forget_objects(self) -> None:
        """In a forked child: the `cat-file` process it inherited is the parent's (its
        pipes carry the parent's questions), so the child asks its own, started when it
        first asks; the parent's is left to the parent."""
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

    def missing(self, what: str) -> EnvironmentFailure:
        """The error for an object of `what` that the repository lacks: in a partial clone
        (`git clone --filter`), say that commit fetches nothing."""
        code, out = self.run_bytes("config", "--get", "extensions.partialClone", ok=(0, 1))
        hint = (
            " (this is a partial clone, and commit fetches nothing: clone without --filter)"
            if code == 0 and out.strip()
            else ""
        )
        return EnvironmentFailure(
            f"cannot read {what}: the object is missing from the repository{hint}"
        )

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
