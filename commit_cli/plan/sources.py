"""Where a plan's files come from: a source names them and hands over their bytes.

Loading reads only through a `PlanSource`, so a plan can come from a folder or from a git
revision's objects (`history.source.RevisionSource`) the same way, never through a checkout.
A plan is `plan.yaml` (plan-wide data) and `ppcs/*.yaml` (one file per PPC, so pull requests
on different PPCs never touch the same file).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple, Protocol

from commit_cli.core.languages import TRANSLATED
from commit_cli.errors import EnvironmentFailure

if TYPE_CHECKING:
    from commit_cli.plan.manifest import StampManifest

PLAN_DIR_NAME = "plan"
HEADER_FILE = "plan.yaml"
PPC_DIR = "ppcs"
DECISIONS_FILE = "decisions.yaml"  # the meetings' decisions, beside plan.yaml (optional)
I18N_DIR = "i18n"  # the plan's titles in other languages, <lang>.yaml each (optional)
PLAN_ENV_VAR = "COMMIT_PLAN"
MAX_FILE_BYTES = 16 * 1024 * 1024
_LOOKS_LIKE_YAML = re.compile(r"\.ya?ml", re.IGNORECASE)
# Why a plan file is not read, in a folder or at a revision alike.
LINK_OUTSIDE = (
    "not read: it is a link to a file outside the plan folder; plan files must be regular"
    " files inside it"
)
BROKEN_LINK = "not read: it does not exist (a broken link?)"
LINK_LOOP = "not read: it is a link that loops (or goes through too many links)"
NAME_NOT_UTF8 = "not read: its name is not UTF-8; rename it (plan file names are UTF-8 text)"


class RefusedFile(Exception):
    """A plan file that is not read, for a reason that lies in the plan (a link out of the
    plan folder, a device, a FIFO, an oversized file): reported as a problem of that file."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FileStamp(NamedTuple):
    """What says a file on disk is the one read before: any write to it changes its change
    time (and its modification time, and usually its size), and a file renamed over it has
    another inode."""

    device: int
    inode: int
    size: int
    modified_ns: int
    changed_ns: int

    @classmethod
    def of(cls, found: os.stat_result) -> FileStamp:
        return cls(found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def refuse_oversized(size: int) -> None:
    """RefusedFile when a plan file of `size` bytes is over the limit every read keeps to
    (so an edit cannot write a file that no command would read afterwards)."""
    if size > MAX_FILE_BYTES:
        raise RefusedFile(
            f"not read: it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; split the"
            " PPC, or check what was committed"
        )


@dataclass(frozen=True, slots=True)
class PlanFiles:
    """A plan's file names as the user sees them: the header, the PPC files in name order,
    and files that look like PPC files but are not read (`*.yml`, `*.YAML`, backups)."""

    header: str
    ppcs: list[str]
    ignored: list[str] = field(default_factory=list)
    # Why the PPC folder could not be listed (missing, or not a folder), when it could not.
    folder_problem: tuple[str, str] | None = None  # (name, message)
    decisions: str | None = None  # decisions.yaml, when the plan has one
    translations: list[str] = field(default_factory=list)  # i18n/<lang>.yaml, by name
    # Files and folders of the translations that are not read, each with why not.
    refused: list[tuple[str, str]] = field(default_factory=list)


def translation_language(name: str) -> str:
    """The language a translations file is in: its name's stem (`km` for `i18n/km.yaml`)."""
    return PurePosixPath(name.replace(os.sep, "/")).stem


def translation_file_reason(name: str) -> str:
    """Why a file in the translations folder is not read, or an empty string when it is one
    (`<lang>.yaml`, for a language a report can be written in other than English)."""
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix == "yaml" and stem in TRANSLATED:
        return ""
    languages = ", ".join(TRANSLATED)
    if dot and suffix.lower() in ("yaml", "yml") and stem.lower() in TRANSLATED:
        return f"not read: translation files end in .yaml; rename it to {stem.lower()}.yaml"
    return (
        f"not read: a translations file is named after its language ({languages}), e.g."
        f" {I18N_DIR}/km.yaml"
    )


class PlanSource(Protocol):
    """A plan's files: their names, and each one's bytes by name."""

    def files(self) -> PlanFiles: ...

    def read(self, name: str) -> bytes:
        """The file's bytes; raises RefusedFile for a file the plan must not hold and
        EnvironmentFailure when it cannot be read."""
        ...

    def content_id(self, name: str) -> str | None:
        """A name for the file's bytes that changes whenever they do (a git blob id), when
        the source knows one without reading them; None otherwise. The cache keys on it, so
        a file whose content id was validated before is neither read nor parsed again."""
        ...


def is_utf8(name: str) -> bool:
    """Whether a file name (as Python decodes it) was UTF-8: bytes that were not are kept as
    surrogates, which no plan file name may hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except (ValueError, OSError):  # another drive, or no current folder any more
        return str(path)


def looks_like_yaml(name: str) -> bool:
    """Whether a file in the PPC folder that is not read looks like a plan file (`*.yml`,
    `*.YAML`, a backup copy), so a warning says it is not read."""
    return not name.endswith(".yaml") and bool(_LOOKS_LIKE_YAML.search(name))


def not_read_reason(name: str) -> str:
    """Why a file in the PPC folder that looks like a plan file is not read."""
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in ("yaml", "yml") and stem:
        return f"not read: PPC files end in .yaml; rename it to {stem}.yaml"
    return "not read: it looks like a backup or editor copy; PPC files end in .yaml"


def _kind_of(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def _folder_problem(plan_folder: Path, folder: Path) -> str:
    """What is wrong with the PPC folder, or an empty string. A link out of the plan folder
    is refused before its listing is read, so not even its file names are shown."""
    try:
        if not folder.is_dir():
            return "is a file, not a folder" if os.path.lexists(folder) else "is missing"
        if not folder.resolve().is_relative_to(plan_folder.resolve()):
            return "is a link to a folder outside the plan folder"
    except (OSError, RuntimeError) as exc:
        return f"cannot be read ({_reason(exc)})"
    return ""


class FolderSource:
    """A plan folder on disk, read as hostile: only regular files inside the folder are read
    (links that resolve elsewhere, devices, FIFOs and sockets are refused without blocking),
    at most MAX_FILE_BYTES each. Hidden files in `ppcs/` (editor locks, swap copies) are not
    plan files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._paths: dict[str, Path] = {}
        self._resolved: dict[Path, Path] = {}  # folders resolved so far (see read_regular_file)
        self._stamps: dict[str, FileStamp] = {}  # of each file as last read
        # Set by the command that loads the plan with a cache: the files known by their
        # stamps, so they need not be read (`plan.manifest`).
        self.manifest: StampManifest | None = None

    def _name(self, path: Path, shown_folder: str | None = None) -> str:
        """The file's name as shown (`display_path`); `shown_folder` is its folder's, when
        known, so that the name is its folder's joined with the file's own (the same text,
        without a walk of both paths for each of a large plan's files)."""
        if shown_folder is None:
            name = display_path(path)
        elif shown_folder == os.curdir:
            name = path.name
        else:
            name = os.path.join(shown_folder, path.name)
        self._paths[name] = path
        return name

    def files(self) -> PlanFiles:
        header = self._name(self.folder / HEADER_FILE)
        book = self.folder / DECISIONS_FILE
        decisions = self._name(book) if os.path.lexists(book) else None
        translations, refused = self._translations()
        folder = self.folder / PPC_DIR
        what = _folder_problem(self.folder, folder)
        if what:
            message = f"the PPC folder {what}; PPC files go in {PLAN_DIR_NAME}/{PPC_DIR}/*.yaml"
            problem = (display_path(folder), message)
            return PlanFiles(
                header,
                [],
                folder_problem=problem,
                decisions=decisions,
                translations=translations,
                refused=refused,
            )
        try:
            # Sorted by name as paths sort (`normcase`: by case only where the system
            # ignores it): comparing a thousand Paths took longer than listing them.
            names = sorted(
                (name for name in os.listdir(folder) if not name.startswith(".")),
                key=os.path.normcase,
            )
        except OSError as exc:
            raise EnvironmentFailure(
                f"cannot read the folder {folder}: {exc.strerror or exc}"
            ) from None
        paths = [folder / name for name in names]
        shown = display_path(folder)
        return PlanFiles(
            header=header,
            ppcs=[self._name(path, shown) for path in paths if path.name.endswith(".yaml")],
            ignored=[self._name(path, shown) for path in paths if looks_like_yaml(path.name)],
            decisions=decisions,
            translations=translations,
            refused=refused,
        )

    def _translations(self) -> tuple[list[str], list[tuple[str, str]]]:
        """The translations files (`i18n/<lang>.yaml`), and those not read with why not. A
        folder that is a file, or a link out of the plan folder, is not listed at all."""
        folder = self.folder / I18N_DIR
        if not os.path.lexists(folder):
            return [], []
        what = _folder_problem(self.folder, folder)
        if what:
            where = f"{PLAN_DIR_NAME}/{I18N_DIR}/<lang>.yaml"
            return [], [
                (display_path(folder), f"not read: this folder {what}; translations go in {where}")
            ]
        try:
            paths = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
        except OSError as exc:
            return [], [(display_path(folder), f"not read: it cannot be listed ({_reason(exc)})")]
        read: list[str] = []
        refused: list[tuple[str, str]] = []
        for path in paths:
            reason = translation_file_reason(path.name)
            if not reason:
                read.append(self._name(path))
            elif path.name.endswith(".yaml") or looks_like_yaml(path.name):
                refused.append((self._name(path), reason))
        return read, refused

    def path_of(self, name: str) -> Path:
        """Where the file named `name` (as `files` names it) lives."""
        return self._paths[name]

    def content_id(self, name: str) -> str | None:
        """The id of the file's bytes when the manifest knows the file by its stamp (it is
        then not read); None otherwise: its bytes are read, and `fetch` gives their id."""
        if self.manifest is None or name not in self._paths:
            return None
        return self.manifest.known_id(self._paths[name])

    def identified(self, name: str, identity: str) -> None:
        """The file `name`, just read, has the content id `identity` (for the manifest)."""
        stamp = self._stamps.get(name)
        if self.manifest is not None and stamp is not None:
            self.manifest.learn(self._paths[name], stamp, identity)

    def read(self, name: str) -> bytes:
        path = self._paths[name]
        if not is_utf8(path.name):
            raise RefusedFile(NAME_NOT_UTF8)
        return read_regular_file(path, self.folder, name, self._resolved, self._stamps)

    def stamp(self, name: str) -> FileStamp | None:
        """The stamp of the file `name` as it was last read (None before it was)."""
        return self._stamps.get(name)

    def unchanged(self, name: str) -> bool:
        """Whether the file `name` on disk is still the one last read (same stamp)."""
        try:
            return FileStamp.of(os.stat(self._paths[name])) == self._stamps.get(name)
        except OSError:
            return False


def _resolved(path: Path, resolved: dict[Path, Path]) -> Path:
    """`path` resolved (strictly); a folder once per `resolved`, and a file that is not a
    link as its resolved folder and name, so a plan of a thousand files does not walk every
    path component of every file."""
    parent = path.parent
    folder = resolved.get(parent)
    if folder is None:
        folder = resolved[parent] = parent.resolve(strict=True)
    if stat.S_ISLNK(os.lstat(path).st_mode):
        return path.resolve(strict=True)
    return folder / path.name


def read_regular_file(
    path: Path,
    folder: Path,
    name: str,
    resolved: dict[Path, Path] | None = None,
    stamps: dict[str, FileStamp] | None = None,
) -> bytes:
    """The bytes of `path`, read as hostile: only a regular file that resolves inside
    `folder` is read (a link elsewhere, a device, a FIFO or a socket is a RefusedFile, found
    without blocking), at most MAX_FILE_BYTES; EnvironmentFailure when it cannot be read.
    `resolved` keeps the folders resolved by earlier reads of one source; `stamps`, when
    given, gets the stamp of the file read under `name` (taken on the open file)."""
    resolved = {} if resolved is None else resolved
    try:
        root = resolved.get(folder)
        if root is None:
            root = resolved[folder] = folder.resolve(strict=True)
        real = _resolved(path, resolved)
    except FileNotFoundError:
        raise RefusedFile(BROKEN_LINK) from None
    except RuntimeError:  # Python 3.11 and 3.12 report a loop of links so
        raise RefusedFile(LINK_LOOP) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RefusedFile(LINK_LOOP) from None
        raise EnvironmentFailure(f"cannot read {name}: {_reason(exc)}") from None
    if not real.is_relative_to(root):
        raise RefusedFile(LINK_OUTSIDE)
    try:
        mode = os.stat(real).st_mode  # a socket cannot even be opened: look first
    except OSError as exc:
        raise EnvironmentFailure(f"cannot read {name}: {_reason(exc)}") from None
    if not stat.S_ISREG(mode):
        raise RefusedFile(f"not read: it is {_kind_of(mode)}; plan files must be regular files")
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot read {name}: {_reason(exc)}") from None
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        opened = os.fstat(descriptor)  # what was opened, should it have changed
        mode = opened.st_mode
        if stamps is not None:
            stamps[name] = FileStamp.of(opened)
        if not stat.S_ISREG(mode):
            raise RefusedFile(f"not read: it is {_kind_of(mode)}; plan files must be regular files")
        chunks: list[bytes] = []
        size = 0
        try:
            while size <= MAX_FILE_BYTES and (chunk := stream.read(MAX_FILE_BYTES + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
        except OSError as exc:
            raise EnvironmentFailure(f"cannot read {name}: {_reason(exc)}") from None
    refuse_oversized(size)
    return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


class OverlaySource:
    """A source with some files' bytes replaced: the plan as an edit would leave it. The
    new bytes are read within the limits a read of the files keeps to (MAX_FILE_BYTES), so
    an edit that would make a file unreadable is refused as any unreadable file is."""

    def __init__(self, base: PlanSource, changed: dict[str, bytes]) -> None:
        self.base = base
        self.changed = changed

    def files(self) -> PlanFiles:
        return self.base.files()

    def read(self, name: str) -> bytes:
        if name in self.changed:
            refuse_oversized(len(self.changed[name]))
            return self.changed[name]
        return self.base.read(name)

    def content_id(self, name: str) -> str | None:
        return None if name in self.changed else self.base.content_id(name)

    def path_of(self, name: str) -> Path:
        """Where the file lives on disk."""
        if isinstance(self.base, FolderSource):
            return self.base.path_of(name)
        raise EnvironmentFailure(f"{name} is not a file on disk")


def find_plan_dir(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The plan folder: `explicit` (from --plan or COMMIT_PLAN), else `plan/` in the current
    folder or the nearest ancestor that has one. Folders that cannot be entered on the way
    up are passed over."""
    try:
        return _find_plan_dir(explicit, start)
    except OSError as exc:
        where = explicit if explicit is not None else "the current folder"
        raise EnvironmentFailure(f"cannot look for the plan in {where}: {_reason(exc)}") from None


def _is_plan_header(path: Path) -> bool:
    """Whether `path` names something: a plan.yaml that is a FIFO or a broken link still
    marks its folder as the plan (which then reports it), rather than sending the search
    on to a parent's plan."""
    try:
        return os.path.lexists(path)
    except OSError:  # a folder we may not enter, a name too long: not a plan here
        return False


def _find_plan_dir(explicit: Path | None, start: Path | None) -> Path:
    if explicit is not None:
        if not explicit.is_dir():
            raise EnvironmentFailure(f"plan folder '{explicit}' does not exist or is not a folder")
        if not _is_plan_header(explicit / HEADER_FILE):
            raise EnvironmentFailure(f"'{explicit}' is not a plan folder: it has no {HEADER_FILE}")
        return explicit
    try:
        here = (start or Path.cwd()).resolve()
    except FileNotFoundError:
        raise EnvironmentFailure(
            "the current folder no longer exists; cd to the plan repository again"
        ) from None
    for folder in (here, *here.parents):
        candidate = folder / PLAN_DIR_NAME
        if _is_plan_header(candidate / HEADER_FILE):
            return candidate
        if folder.name == PLAN_DIR_NAME and _is_plan_header(folder / HEADER_FILE):
            return folder
    raise EnvironmentFailure(
        f"no plan found: no {PLAN_DIR_NAME}/{HEADER_FILE} in {here} or its parents;"
        f" pass --plan DIR or set {PLAN_ENV_VAR}"
    )
