"""The plan as committed at a revision: a `PlanSource` that reads git objects.

Files are named `REV:plan/ppcs/ppc-02.yaml`, the revision as the user wrote it (which is
also how `git show` names the file), so a problem reads `REV:plan/ppcs/ppc-02.yaml:41:7`.
Each file's content id is its blob id, so the cache skips blobs it has validated before
without even reading them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from commit_cli.errors import EnvironmentFailure
from commit_cli.history.git import Commit, Repository, TreeEntry, tree_entries
from commit_cli.plan import sources
from commit_cli.plan.sources import HEADER_FILE, PPC_DIR, PlanFiles, RefusedFile

BLOB_MODES = ("100644", "100755")


@dataclass(slots=True)
class PlanTree:
    """Where the plan is in one commit's tree: its folder and the blob of each file."""

    prefix: str
    header: str | None  # blob id of plan.yaml
    ppcs: dict[str, str] = field(default_factory=dict)  # file name in ppcs/ -> blob id
    ignored: list[str] = field(default_factory=list)  # *.yml files in ppcs/


def _subtree(repository: Repository, oid: str, path: str) -> list[TreeEntry] | None:
    name = f"{oid}:{path}" if path else f"{oid}^{{tree}}"
    found = repository.objects.get(name)
    if found is None or found.kind != "tree":
        return None
    return tree_entries(found.data)


def plan_tree(repository: Repository, commit: Commit, prefix: str) -> PlanTree | None:
    """The plan files in `commit` under `prefix`; None when it has no `plan.yaml` there."""
    entries = _subtree(repository, commit.oid, prefix)
    if entries is None:
        return None
    by_name = {entry.name: entry for entry in entries}
    header = by_name.get(HEADER_FILE)
    if header is None or header.mode not in BLOB_MODES:
        return None
    tree = PlanTree(prefix, header.oid)
    ppc_dir = by_name.get(PPC_DIR)
    if ppc_dir is not None and ppc_dir.is_tree:
        found = repository.objects.get(ppc_dir.oid)
        for entry in sorted(tree_entries(found.data) if found else [], key=lambda e: e.name):
            if entry.name.startswith(".") or entry.mode not in BLOB_MODES:
                continue
            if entry.name.endswith(".yaml"):
                tree.ppcs[entry.name] = entry.oid
            elif entry.name.endswith(".yml"):
                tree.ignored.append(entry.name)
    return tree


def plan_folders(repository: Repository, commit: Commit) -> list[str]:
    """Every folder of `commit` that holds a `plan.yaml` (one short git process)."""
    listing = repository.run("ls-tree", "-r", "--name-only", "-z", commit.oid)
    folders = []
    for path in listing.split("\0"):
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


class RevisionSource:
    """The plan's files as committed at `rev`, read from git objects (no checkout)."""

    def __init__(self, repository: Repository, rev: str) -> None:
        self.repository = repository
        self.label = rev
        self.commit = repository.commit(rev)
        self.tree = find_plan_tree(repository, self.commit, rev)
        self._blobs: dict[str, str] = {}

    @property
    def moved(self) -> str | None:
        """The folder the plan is in at this revision, when it is not where it is now."""
        return self.tree.prefix if self.tree.prefix != self.repository.prefix else None

    def _name(self, *parts: str) -> str:
        path = str(PurePosixPath(self.tree.prefix, *parts)) if self.tree.prefix else "/".join(parts)
        return f"{self.label}:{path}"

    def files(self) -> PlanFiles:
        header = self._name(HEADER_FILE)
        if self.tree.header is not None:
            self._blobs[header] = self.tree.header
        ppcs = []
        for file_name, oid in self.tree.ppcs.items():
            name = self._name(PPC_DIR, file_name)
            self._blobs[name] = oid
            ppcs.append(name)
        ignored = [self._name(PPC_DIR, file_name) for file_name in self.tree.ignored]
        return PlanFiles(header=header, ppcs=ppcs, ignored=ignored)

    def content_id(self, name: str) -> str | None:
        oid = self._blobs.get(name)
        return f"git-blob:{oid}" if oid else None

    def read(self, name: str) -> bytes:
        oid = self._blobs.get(name)
        found = self.repository.objects.get(oid) if oid else None
        if found is None:
            raise EnvironmentFailure(
                f"cannot read {name}: the object is missing from the repository"
            )
        return _capped(found.data)


class BlobSource:
    """Files named by the caller, each a blob: for reading one file of a revision at a time
    (the history walk), through the loader and its cache like any other plan file."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self._blobs: dict[str, str] = {}

    def add(self, name: str, oid: str) -> str:
        self._blobs[name] = oid
        return name

    def files(self) -> PlanFiles:
        return PlanFiles(header="", ppcs=[], ignored=[])

    def content_id(self, name: str) -> str | None:
        return f"git-blob:{self._blobs[name]}"

    def read(self, name: str) -> bytes:
        found = self.repository.objects.get(self._blobs[name])
        if found is None:
            raise EnvironmentFailure(
                f"cannot read {name}: the object is missing from the repository"
            )
        return _capped(found.data)


def _capped(data: bytes) -> bytes:
    """A committed plan file over the size a plan file may have is refused, as on disk."""
    if len(data) > sources.MAX_FILE_BYTES:
        raise RefusedFile(
            f"not read: it is larger than {sources.MAX_FILE_BYTES // (1024 * 1024)} MiB;"
            " split the PPC, or check what was committed"
        )
    return data
