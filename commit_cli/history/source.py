"""The plan as committed at a revision: a `PlanSource` that reads git objects.

Files are named `REV:plan/ppcs/ppc-02.yaml`, the revision as the user wrote it (which is
also how `git show` names the file), so a problem reads `REV:plan/ppcs/ppc-02.yaml:41:7`.
Each file's content id is its blob id, so the cache skips blobs it has validated before
without even reading them.

A revision is read as a checkout would be: no entry that a checkout would show is passed
over in silence. A link is followed inside the commit's tree (and refused, as on disk, when
it leads out of the plan folder, nowhere, or round in a loop); a folder or a submodule where
a file should be, a name that is not UTF-8 and a name a tree lists twice are each a located
problem of that file; a blob over the size a plan file may have is refused from its size,
unread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from commit_cli.errors import EnvironmentFailure
from commit_cli.history.git import Commit, Repository
from commit_cli.history.objects import GitObject, ObjectTooLarge, TreeEntry, tree_entries
from commit_cli.plan import sources
from commit_cli.plan.sources import (
    BROKEN_LINK,
    DECISIONS_FILE,
    HEADER_FILE,
    I18N_DIR,
    LINK_LOOP,
    LINK_OUTSIDE,
    NAME_NOT_UTF8,
    PLAN_DIR_NAME,
    PPC_DIR,
    PlanFiles,
    RefusedFile,
)

MAX_LINKS = 40  # links followed for one path, as Linux allows
MAX_LINK_BYTES = 4096  # a link's target is a path: PATH_MAX
FOLDER = "not read: it is a folder; plan files must be regular files"
SUBMODULE = "not read: it is a submodule (a folder in a checkout); plan files must be regular files"
REPEATED = "not read: the commit lists two entries of this name (a malformed tree: run `git fsck`)"
MALFORMED_NAME = (
    "not read: the name is not one a checkout writes (a '/' in one entry: a malformed tree;"
    " run `git fsck`)"
)


class _Repeated:
    """A name a tree lists more than once: no one entry of it is the file."""


Listing = dict[str, TreeEntry | _Repeated]
Resolved = str | RefusedFile  # a blob id, or why the file is not read


def listing(entries: list[TreeEntry]) -> Listing:
    found: Listing = {}
    for entry in entries:
        found[entry.name] = _Repeated() if entry.name in found else entry
    return found


class CommitTree:
    """One commit's tree, read folder by folder as paths are looked up, links followed."""

    def __init__(self, repository: Repository, commit: str) -> None:
        self.repository = repository
        self.commit = commit
        self._folders: dict[tuple[str, ...], Listing | None] = {}

    def folder(self, parts: tuple[str, ...]) -> Listing | None:
        """The entries of the folder at `parts` (no links in it); None when it is none."""
        if parts in self._folders:
            return self._folders[parts]
        found: Listing | None = None
        if not parts:
            tree = self.repository.objects.get(f"{self.commit}^{{tree}}")
            found = listing(tree_entries(tree.data)) if tree and tree.kind == "tree" else None
        else:
            parent = self.folder(parts[:-1])
            entry = parent.get(parts[-1]) if parent is not None else None
            if isinstance(entry, TreeEntry) and entry.is_tree:
                tree = self.repository.objects.get(entry.oid)
                found = listing(tree_entries(tree.data)) if tree and tree.kind == "tree" else None
        self._folders[parts] = found
        return found

    def resolve(self, path: str) -> tuple[tuple[str, ...], TreeEntry] | RefusedFile:
        """The real path of `path` in the tree (every link in it followed, as the file
        system would) and the entry there; a RefusedFile when it leads nowhere, out of the
        repository, or round in a loop."""
        pending = [part for part in reversed(path.split("/"))]
        real: list[str] = []
        entry: TreeEntry | None = None
        links = 0
        while pending:
            part = pending.pop()
            if part in ("", "."):
                continue
            if part == "..":
                if not real:
                    return RefusedFile(LINK_OUTSIDE)
                real.pop()
                continue
            folder = self.folder(tuple(real))
            found = folder.get(part) if folder is not None else None
            if found is None:
                return RefusedFile(BROKEN_LINK)
            if isinstance(found, _Repeated):
                return RefusedFile(REPEATED)
            if found.is_link:
                links += 1
                if links > MAX_LINKS:
                    return RefusedFile(LINK_LOOP)
                target = self._link_target(found)
                if target.startswith("/"):
                    return RefusedFile(LINK_OUTSIDE)  # outside the repository, wherever it is
                pending.extend(reversed(target.split("/")))
                continue
            real.append(part)
            entry = found
        if entry is None:
            return RefusedFile(FOLDER)  # the path named the top of the tree
        return tuple(real), entry

    def _link_target(self, entry: TreeEntry) -> str:
        try:
            found = self.repository.objects.get(entry.oid, limit=MAX_LINK_BYTES)
        except ObjectTooLarge:
            return "/"  # no path is that long: it leads nowhere inside
        if found is None:
            raise self.repository.missing(f"the link {entry.name}")
        return found.data.decode("utf-8", "surrogateescape")

    def real_path(self, path: str) -> str | None:
        """Where `path` leads once its links are followed; None when it leads nowhere."""
        found = self.resolve(path)
        return None if isinstance(found, RefusedFile) else "/".join(found[0])

    def plan_file(self, prefix: str, path: str, entry: TreeEntry | _Repeated) -> Resolved:
        """What a checkout would read at `path` (an entry of the plan folder `prefix`): the
        blob id, or why it is not read."""
        if isinstance(entry, _Repeated):
            return RefusedFile(REPEATED)
        if not sources.is_utf8(entry.name):
            return RefusedFile(NAME_NOT_UTF8)
        if entry.is_link:
            found = self.resolve(path)
            if isinstance(found, RefusedFile):
                return found
            real, entry = found
            inside = tuple(prefix.split("/")) if prefix else ()
            if real[: len(inside)] != inside or len(real) == len(inside):
                return RefusedFile(LINK_OUTSIDE)
        if entry.is_file:
            return entry.oid
        if entry.is_submodule:
            return RefusedFile(SUBMODULE)
        if entry.is_tree:
            return RefusedFile(FOLDER)
        return RefusedFile(f"not read: git records it as mode {entry.mode}, not a regular file")


@dataclass(slots=True)
class PlanTree:
    """Where the plan is in one commit's tree: its folder, and what a checkout would read for
    each of its files (a blob id, or why it is not read)."""

    prefix: str
    header: Resolved | None  # plan.yaml
    ppcs: dict[str, Resolved] = field(default_factory=dict)  # file name in ppcs/ ->
    ignored: list[str] = field(default_factory=list)  # *.yml files in ppcs/
    folder_problem: str | None = None  # what is wrong with ppcs/, as on disk
    decisions: Resolved | None = None  # decisions.yaml, when the plan has one
    translations: dict[str, Resolved] = field(default_factory=dict)  # i18n/<lang>.yaml
    refused: list[tuple[str, str]] = field(default_factory=list)  # under i18n/, with why


def _path(prefix: str, *parts: str) -> str:
    return "/".join((prefix, *parts)) if prefix else "/".join(parts)


def plan_tree(  # noqa: C901 -- one flat branch per kind of tree entry a checkout would refuse
    repository: Repository, commit: Commit | str, prefix: str
) -> PlanTree | None:
    """The plan files in `commit` (or the commit of that id) under `prefix`; None when it has
    no `plan.yaml` there."""
    tree = CommitTree(repository, commit if isinstance(commit, str) else commit.oid)
    parts = tuple(prefix.split("/")) if prefix else ()
    entries = tree.folder(parts)
    if entries is None:
        return None
    header = entries.get(HEADER_FILE)
    if header is None:
        return None
    found = PlanTree(prefix, tree.plan_file(prefix, _path(prefix, HEADER_FILE), header))
    book = entries.get(DECISIONS_FILE)
    if book is not None:
        found.decisions = tree.plan_file(prefix, _path(prefix, DECISIONS_FILE), book)
    _translations(tree, found, entries.get(I18N_DIR), parts)
    ppc_dir = entries.get(PPC_DIR)
    folder: Listing | None = None
    if ppc_dir is None:
        found.folder_problem = "is missing"
    elif isinstance(ppc_dir, _Repeated):
        found.folder_problem = "is listed twice in the commit (a malformed tree: run `git fsck`)"
    elif ppc_dir.is_tree:
        folder = tree.folder((*parts, PPC_DIR))
    elif ppc_dir.is_link:
        target = tree.resolve(_path(prefix, PPC_DIR))
        if isinstance(target, RefusedFile):
            found.folder_problem = "is a link that leads nowhere, or out of the repository"
        elif target[0][: len(parts)] != parts or len(target[0]) == len(parts):
            found.folder_problem = "is a link to a folder outside the plan folder"
        elif not target[1].is_tree:
            found.folder_problem = "is a file, not a folder"
        else:
            folder = tree.folder(target[0])
    elif ppc_dir.is_submodule:
        found.folder_problem = "is a submodule, not a folder of this repository"
    else:
        found.folder_problem = "is a file, not a folder"
    for name, entry in sorted((folder or {}).items()):
        if name.startswith("."):
            continue
        if "/" in name:  # no checkout writes it (git fsck: fullPathname)
            if name.endswith(".yaml") or sources.looks_like_yaml(name):
                found.ppcs[name] = RefusedFile(MALFORMED_NAME)
        elif name.endswith(".yaml"):
            found.ppcs[name] = tree.plan_file(prefix, _path(prefix, PPC_DIR, name), entry)
        elif sources.looks_like_yaml(name):
            found.ignored.append(name)
    return found


def _translations(
    tree: CommitTree, found: PlanTree, entry: TreeEntry | _Repeated | None, parts: tuple[str, ...]
) -> None:
    """The translations files of the plan `found` (`i18n/<lang>.yaml`), and those not read.
    At a revision the folder is read only when it is a folder: a link is not followed."""
    if entry is None:
        return
    if isinstance(entry, _Repeated) or not entry.is_tree:
        where = f"{PLAN_DIR_NAME}/{I18N_DIR}/<lang>.yaml"
        found.refused.append(
            (I18N_DIR, f"not read: it is not a folder; translations go in {where}")
        )
        return
    for name, file in sorted((tree.folder((*parts, I18N_DIR)) or {}).items()):
        if name.startswith(".") or "/" in name:
            continue
        reason = sources.translation_file_reason(name)
        if not reason:
            path = _path(found.prefix, I18N_DIR, name)
            found.translations[name] = tree.plan_file(found.prefix, path, file)
        elif name.endswith(".yaml") or sources.looks_like_yaml(name):
            found.refused.append((f"{I18N_DIR}/{name}", reason))


def plan_folders(repository: Repository, commit: Commit) -> list[str]:
    """Every folder of `commit` that holds a `plan.yaml` (one short git process)."""
    listing = repository.run_bytes("ls-tree", "-r", "--name-only", "-z", commit.oid)[1]
    folders = []
    for path in (os.fsdecode(raw) for raw in listing.split(b"\0") if raw):
        pure = PurePosixPath(path)
        if pure.name == HEADER_FILE:
            folders.append("" if str(pure.parent) == "." else str(pure.parent))
    return sorted(folders, key=lambda folder: (folder.count("/"), folder))


def find_plan_tree(repository: Repository, commit: Commit, label: str) -> PlanTree:
    """The plan in `commit`: in the plan folder's place today, or, when the folder moved,
    in the one other folder of that revision that holds a plan."""
    tree = plan_tree(repository, commit, repository.prefix)
    if tree is not None:
        return tree
    here = f"{repository.prefix}/" if repository.prefix else "the repository's top folder"
    elsewhere = [f for f in plan_folders(repository, commit) if f != repository.prefix]
    if len(elsewhere) == 1:
        moved = plan_tree(repository, commit, elsewhere[0])
        if moved is not None:
            return moved
    if elsewhere:
        folders = ", ".join(f"{folder or '.'}/" for folder in elsewhere)
        raise EnvironmentFailure(
            f"revision {label} has no plan in {here} and several elsewhere ({folders}); the plan"
            " folder moved: run from a checkout where --plan names the folder to read"
        )
    raise EnvironmentFailure(
        f"revision {label} has no plan: no {repository.path(HEADER_FILE)} in that commit"
        f" (the plan was added later, or is kept elsewhere there)"
    )


def blob_content_id(oid: str) -> str:
    """The content id of the blob `oid` (what the cache's entries are keyed by,
    `plan.entries.record_key`): its blob id names its bytes."""
    return f"git-blob:{oid}"


class _Blobs:
    """Plan files by name, each a blob id or the reason it is not read."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self._files: dict[str, Resolved] = {}

    def content_id(self, name: str) -> str | None:
        """The blob id; None for a file that is not read, so that `read` says why."""
        found = self._files.get(name)
        return blob_content_id(found) if isinstance(found, str) else None

    def _blob(self, oid: str, limit: int) -> GitObject | None:
        """The blob `oid` (ObjectTooLarge over `limit`)."""
        return self.repository.objects.get(oid, limit=limit)

    def read(self, name: str) -> bytes:
        found = self._files.get(name)
        if isinstance(found, RefusedFile):
            raise found
        limit = sources.MAX_FILE_BYTES
        try:
            blob = self._blob(found, limit) if found else None
        except ObjectTooLarge:
            raise RefusedFile(
                f"not read: it is larger than {limit // (1024 * 1024)} MiB; split the PPC, or"
                " check what was committed"
            ) from None
        if blob is None or blob.kind != "blob":
            raise self.repository.missing(name)
        return blob.data


class RevisionSource(_Blobs):
    """The plan's files as committed at `rev`, read from git objects (no checkout)."""

    def __init__(self, repository: Repository, rev: str) -> None:
        super().__init__(repository)
        self.label = rev
        self.commit = repository.commit(rev)
        self.tree = find_plan_tree(repository, self.commit, rev)

    @property
    def moved(self) -> str | None:
        """The folder the plan is in at this revision, when it is not where it is now."""
        return self.tree.prefix if self.tree.prefix != self.repository.prefix else None

    def _name(self, *parts: str) -> str:
        return f"{self.label}:{_path(self.tree.prefix, *parts)}"

    def files(self) -> PlanFiles:
        header = self._name(HEADER_FILE)
        if self.tree.header is not None:
            self._files[header] = self.tree.header
        ppcs = []
        for file_name, found in self.tree.ppcs.items():
            name = self._name(PPC_DIR, file_name)
            self._files[name] = found
            ppcs.append(name)
        ignored = [self._name(PPC_DIR, file_name) for file_name in self.tree.ignored]
        problem = None
        if self.tree.folder_problem is not None:
            message = (
                f"the PPC folder {self.tree.folder_problem}; PPC files go in"
                f" {PLAN_DIR_NAME}/{PPC_DIR}/*.yaml"
            )
            problem = (self._name(PPC_DIR), message)
        decisions = None
        if self.tree.decisions is not None:
            decisions = self._name(DECISIONS_FILE)
            self._files[decisions] = self.tree.decisions
        translations = []
        for file_name, blob in self.tree.translations.items():
            name = self._name(I18N_DIR, file_name)
            self._files[name] = blob
            translations.append(name)
        return PlanFiles(
            header=header,
            ppcs=ppcs,
            ignored=ignored,
            folder_problem=problem,
            decisions=decisions,
            translations=translations,
            refused=[(self._name(path), reason) for path, reason in self.tree.refused],
        )


PREFETCH = 16  # blobs asked for in one stream, when the walk says which come next


class BlobSource(_Blobs):
    """Files named by the caller, each a blob (or the reason it is not read): for reading
    one file of a revision at a time (the history walk), through the loader and its cache
    like any other plan file.

    The walk says which blobs it will read, in order (`expect`): a blob to be read is then
    asked for with the next few expected after it, in one stream (`get_many`), instead of
    one round trip to git each; those found in the cache meanwhile are never read, and are
    let go once the walk is past them."""

    def __init__(self, repository: Repository) -> None:
        super().__init__(repository)
        self._order: dict[str, int] = {}  # each expected blob's place
        self._expected: list[str] = []
        self._ready: dict[str, GitObject | None] = {}

    def expect(self, oids: list[str]) -> None:
        self._expected = list(dict.fromkeys(oids))
        self._order = {oid: place for place, oid in enumerate(self._expected)}
        self._ready = {}

    def _blob(self, oid: str, limit: int) -> GitObject | None:
        place = self._order.get(oid)
        if place is None:
            return super()._blob(oid, limit)
        if oid not in self._ready:
            self._ready = {k: v for k, v in self._ready.items() if self._order[k] > place}
            wanted = [o for o in self._expected[place : place + PREFETCH] if o not in self._ready]
            found = self.repository.objects.get_many(wanted, limit, unread=True)
            self._ready.update(zip(wanted, found, strict=True))
        blob = self._ready.pop(oid)
        if blob is not None and blob.truncated:
            raise ObjectTooLarge(blob.oid, blob.kind, blob.size or 0, limit)
        return blob

    def add(self, name: str, found: Resolved) -> str:
        self._files[name] = found
        return name

    def files(self) -> PlanFiles:
        return PlanFiles(header="", ppcs=[], ignored=[])
