"""Which plan files a commit changed, each as a checkout of the commit and of its parent
would read it.

`git log --raw` names the paths a commit changed, with their modes and object ids. A regular
file is its blob; anything else is read as a checkout would: a link is followed inside the
commit's tree (and a change to the file a link leads to counts as a change of the link), a
submodule or a folder where a plan file should be is refused as a problem of that file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from commit_cli.history.git import Repository
from commit_cli.history.objects import FILE_MODES, LINK_MODE, TreeEntry, entry_kind
from commit_cli.history.source import CommitTree, Resolved, plan_tree
from commit_cli.plan.sources import HEADER_FILE, PPC_DIR, RefusedFile, is_utf8

NO_BLOB = "0" * 40


@dataclass(frozen=True, slots=True)
class FileChange:
    """One path a commit changed, as `git log --raw` gives it."""

    old: str  # object id, NO_BLOB when the file is new
    new: str  # object id, NO_BLOB when the file was deleted
    path: str  # in the repository
    old_mode: str = FILE_MODES[0]
    new_mode: str = FILE_MODES[0]


@dataclass(frozen=True, slots=True)
class PlanFileChange:
    """What a checkout of the commit and of its parent would read for one plan file: a blob
    id, or why it is not read (a link out of the plan, a submodule); None where the file
    is not there."""

    relative: str  # in the plan folder: plan.yaml, ppcs/ppc-01.yaml
    path: str  # in the repository
    old: Resolved | None
    new: Resolved | None


@dataclass
class LogEntry:
    oid: str
    parents: tuple[str, ...]
    files: list[FileChange] = field(default_factory=list)


def log_entries(data: bytes) -> list[LogEntry]:
    """`git log --raw -z --format='commit %H %P'`, newest first."""
    entries: list[LogEntry] = []
    tokens = data.split(b"\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        index += 1
        if token.startswith(b"commit "):
            words = token.decode().split()
            entries.append(LogEntry(words[1], tuple(words[2:])))
        elif token.startswith(b":") and entries and index < len(tokens):
            fields = token[1:].decode("ascii", "replace").split()
            path = os.fsdecode(tokens[index])  # as the file system names it
            index += 1
            if len(fields) >= 4:
                modes = fields[0], fields[1]
                entries[-1].files.append(FileChange(fields[2], fields[3], path, *modes))
    return entries


def relative_path(path: str, prefix: str) -> str | None:
    """A plan file's path inside the plan folder (`plan.yaml`, `ppcs/ppc-01.yaml`); None
    for anything else in the folder."""
    found = plan_file_of(path, prefix)
    return found[0] if found is not None and found[1] else None


def plan_file_of(path: str, prefix: str) -> tuple[str, bool] | None:
    """The plan file `path` is (True) or lies inside of, as a folder of that name (False);
    None for anything else."""
    if prefix:
        if not path.startswith(prefix + "/"):
            return None
        path = path[len(prefix) + 1 :]
    parts = path.split("/")  # git's paths: no empty part, no '.' or '..'
    if parts[0] == HEADER_FILE:
        return HEADER_FILE, len(parts) == 1
    if len(parts) >= 2 and parts[0] == PPC_DIR:
        name = parts[1]
        if name.endswith(".yaml") and not name.startswith("."):
            return f"{PPC_DIR}/{name}", len(parts) == 2
    return None


def _same(one: Resolved | None, other: Resolved | None) -> bool:
    if isinstance(one, RefusedFile) and isinstance(other, RefusedFile):
        return one.reason == other.reason
    return one == other


class ChangedFiles:
    """The plan files each commit changed, read as a checkout would read them; it keeps the
    plan files that are links, to count a change to what one leads to."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.links: dict[str, str] = {}  # plan files that are links: the path they lead to
        self.ppc_link: str | None = None  # where the PPC folder leads, when it is a link

    def of(self, entry: LogEntry, prefix: str) -> list[PlanFileChange]:
        """The plan files `entry` changed, each as a checkout would read it before and after:
        a link followed inside the commit's tree (and a file a link leads to that changed
        counted as a change of the link), a submodule or a folder where a file should be
        refused."""
        found: list[PlanFileChange] = []
        parent = entry.parents[0] if entry.parents else None
        folders: dict[str, str] = {}  # plan files that are (or were) folders: their paths
        for change in entry.files:
            plan_file = plan_file_of(change.path, prefix)
            if plan_file is None:
                continue
            relative, exact = plan_file
            if not exact:
                folders[relative] = f"{prefix}/{relative}" if prefix else relative
                continue
            old = new = None
            if change.old != NO_BLOB and parent is not None:
                old = self._read_as(parent, prefix, change.path, change.old_mode, change.old)
            if change.new != NO_BLOB:
                new = self._read_as(entry.oid, prefix, change.path, change.new_mode, change.new)
                if entry_kind(change.new_mode) == stat.S_IFLNK:
                    real = CommitTree(self.repository, entry.oid).real_path(change.path)
                    self.links[change.path] = real or ""
                else:
                    self.links.pop(change.path, None)
            else:
                self.links.pop(change.path, None)
            found.append(PlanFileChange(relative, change.path, old, new))
        by_path = {change.path: index for index, change in enumerate(found)}
        for relative, path in folders.items():  # a side the file was a folder on
            at = by_path.get(path)
            known = found[at] if at is not None else None
            old = known.old if known is not None else None
            new = known.new if known is not None else None
            if old is None and parent is not None:
                old = self._entry_at(parent, prefix, path)
            if new is None:
                new = self._entry_at(entry.oid, prefix, path)
            folder_change = PlanFileChange(relative, path, old, new)
            if at is None:
                by_path[path] = len(found)
                found.append(folder_change)
            else:
                found[at] = folder_change
        done = set(by_path)
        changed = {change.path for change in entry.files}
        if self._ppc_folder_changed(entry, prefix, changed):
            found = [c for c in found if not c.relative.startswith(f"{PPC_DIR}/")]
            found += self._every_ppc_file(parent, entry.oid, prefix)
            done = {c.path for c in found}
        for path, real in self.links.items():
            linked = relative_path(path, prefix)
            if path in done or real not in changed or linked is None:
                continue
            before = self._entry_at(parent, prefix, path) if parent is not None else None
            now = self._read_as(entry.oid, prefix, path, LINK_MODE, "")
            found.append(PlanFileChange(linked, path, before, now))
        return found

    def _ppc_folder_changed(self, entry: LogEntry, prefix: str, changed: set[str]) -> bool:
        """Whether `entry` changed the PPC folder itself (made it a link, moved where its
        link leads) or, through its link, what it holds; notes where the link leads."""
        folder = f"{prefix}/{PPC_DIR}" if prefix else PPC_DIR
        through = self.ppc_link is not None and any(
            path.startswith(self.ppc_link + "/") for path in changed
        )
        if folder in changed:
            real = CommitTree(self.repository, entry.oid).real_path(folder)
            self.ppc_link = real if real not in (None, folder) else None
            return True
        return through

    def _every_ppc_file(self, parent: str | None, commit: str, prefix: str) -> list[PlanFileChange]:
        """Every PPC file whose content differs between `parent` and `commit`, each as a
        checkout reads it (through a PPC folder that is a link)."""
        before = plan_tree(self.repository, parent, prefix) if parent is not None else None
        after = plan_tree(self.repository, commit, prefix)
        old = before.ppcs if before is not None else {}
        new = after.ppcs if after is not None else {}
        found = []
        for name in sorted({*old, *new}):
            if _same(old.get(name), new.get(name)):
                continue
            path = f"{prefix}/{PPC_DIR}/{name}" if prefix else f"{PPC_DIR}/{name}"
            found.append(PlanFileChange(f"{PPC_DIR}/{name}", path, old.get(name), new.get(name)))
        return found

    def note_links(self, commit: str, prefix: str) -> None:
        """The plan files that are links in `commit`, where the walk starts after it, so a
        change to the file one leads to counts as the link's."""
        tree = CommitTree(self.repository, commit)
        top = tuple(prefix.split("/")) if prefix else ()
        for folder, base in ((top, prefix), ((*top, PPC_DIR), "/".join((*top, PPC_DIR)))):
            for name, entry in (tree.folder(folder) or {}).items():
                path = f"{base}/{name}" if base else name
                if isinstance(entry, TreeEntry) and entry.is_link and relative_path(path, prefix):
                    self.links[path] = tree.real_path(path) or ""
        ppc_folder = "/".join((*top, PPC_DIR))
        real = tree.real_path(ppc_folder)
        self.ppc_link = real if real not in (None, ppc_folder) else None

    def _entry_at(self, commit: str, prefix: str, path: str) -> Resolved | None:
        """What a checkout of `commit` reads at `path`; None when nothing is there."""
        tree = CommitTree(self.repository, commit)
        parent, _, name = path.rpartition("/")
        folder = tree.folder(tuple(parent.split("/")) if parent else ())
        entry = folder.get(name) if folder is not None else None
        return None if entry is None else tree.plan_file(prefix, path, entry)

    def _read_as(self, commit: str, prefix: str, path: str, mode: str, oid: str) -> Resolved:
        name = path.rpartition("/")[2]
        if mode in FILE_MODES and is_utf8(name):
            return oid  # a regular file: its blob (no need to look at the tree)
        return CommitTree(self.repository, commit).plan_file(
            prefix, path, TreeEntry(mode, name, oid)
        )
