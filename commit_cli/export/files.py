"""Writing output files safely: never into the plan, never through a link, never
half-written.

An output file is written through a descriptor of its folder (`commit_cli.atomic`): the
folder is opened once, checked to lie outside the plan (by the identity of each folder above
it, so no link or `..` can hide the plan), and the file is looked at, written and renamed
there without following a link. A link where the file goes is refused, and so is a folder
named for the output (`-o DIR/`) that is itself a link: a link committed in a checkout could
point into the plan, at the repository's `.git`, or out of the checkout.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from commit_cli.atomic import look, open_folder, refuse_link, write_in_folder, write_pieces
from commit_cli.errors import EnvironmentFailure, UsageError

# Folders no checkout can plant a link in, whose links (`/dev/stdout`) are written through.
SYSTEM_FOLDERS = (Path("/dev"), Path("/proc"))


def refuse_inside_plan(path: Path, plan_dir: Path | None) -> None:
    """UsageError when `path` lies inside the plan folder (as its links resolve): outputs,
    copies and new repositories never go where the user's plan is."""
    if plan_dir is None:
        return
    try:
        inside = path.resolve().is_relative_to(plan_dir.resolve())
    except (OSError, RuntimeError) as exc:
        raise EnvironmentFailure(f"cannot write {path}: {_reason(exc)}") from None
    if inside:
        raise _inside(path, plan_dir)


def _inside(path: Path, plan_dir: Path) -> UsageError:
    return UsageError(
        f"refusing to write {path}: it is inside the plan folder {plan_dir};"
        " write the output elsewhere"
    )


def make_output_folder(folder: Path, plan_dir: Path | None) -> None:
    """Create `folder` (and the folders above it) for output, after checking, before anything
    is made, that it lies outside the plan and is not a link."""
    refuse_inside_plan(folder, plan_dir)
    refuse_linked_folder(folder)
    try:
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"cannot write into {folder}: it is a file; name a folder")
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot create {folder}: {_reason(exc)}") from None


def refuse_linked_folder(folder: Path) -> None:
    """UsageError when the folder named for output is a symbolic link, or is reached through
    one (see `refuse_links_on_the_way`)."""
    refuse_links_on_the_way(folder, last=True)


def refuse_links_on_the_way(path: Path, *, last: bool) -> None:
    """UsageError when a folder on the way to `path` is a symbolic link: for a relative path
    (inside the current folder, where a checkout can commit links) every folder it names,
    and with `last` the path itself (for an absolute path, only that: its folders are the
    user's own)."""
    parts = path.parts if last else path.parts[:-1]
    if path.is_absolute():
        places = [path] if last else []
    else:
        places = [Path(*parts[: i + 1]) for i in range(len(parts))]
    for place in places:
        if place.name not in ("", ".", "..") and place.is_symlink():
            raise UsageError(
                f"refusing to write into {place}: it is a symbolic link, and output never goes"
                " through links; name the folder it points to"
            )


def check_outputs(paths: list[Path], plan_dir: Path | None) -> None:
    """Refuse, before anything is written, every output path that lies inside the plan or is
    a link (so a command writing several files writes all of them or none)."""
    for path in paths:
        refuse_inside_plan(path, plan_dir)
        refuse_links_on_the_way(path, last=False)
        if path.is_symlink():
            raise EnvironmentFailure(
                f"refusing to write {path}: it is a symbolic link, and writes never follow"
                " links; remove the link, or name the file it points to"
            )


def write_text_atomically(path: Path, text: str, plan_dir: Path | None) -> None:
    """Write `text` (UTF-8) to `path` as `write_bytes_atomically` does."""
    write_bytes_atomically(path, text.encode("utf-8"), plan_dir)


def write_bytes_atomically(
    path: Path, data: bytes | Iterable[bytes], plan_dir: Path | None, *, replace: bool = True
) -> None:
    """Write `data` (bytes, or pieces of them) to `path` through a temporary file in the same
    folder, flushed to disk and renamed into place: a full disk or a killed process leaves the
    old file whole. Refuses any path inside `plan_dir`, where it would replace the user's
    plan, a link at `path`, and names a missing folder. A target that exists and is not a
    regular file (a device, a FIFO) is written in place: renaming over it would replace a
    device with a file; so is anything in /dev or /proc (`/dev/stdout`, `/dev/fd/1`), whose
    links no checkout can plant.
    With `replace` false, a file already there is left alone (EnvironmentFailure)."""
    refuse_inside_plan(path, plan_dir)
    refuse_links_on_the_way(path, last=False)
    name = path.name
    if name in ("", ".", ".."):
        raise UsageError(f"cannot write {path}: it is a folder; name a file")
    folder = open_folder(path)
    try:
        real = _real_folder(folder, path)
        refuse_folder_in_plan(real, path, plan_dir)
        if any(real.is_relative_to(system) for system in SYSTEM_FOLDERS):
            _write_in_place(folder, name, path, data, follow=True)
            return
        found = look(folder, name, path)
        refuse_link(found, path)
        if found is not None and stat.S_ISDIR(found.st_mode):
            raise UsageError(f"cannot write {path}: it is a folder; name a file")
        if found is not None and not stat.S_ISREG(found.st_mode):
            _write_in_place(folder, name, path, data, follow=False)
            return
        write_in_folder(folder, name, data, path, replace=replace)
    finally:
        os.close(folder)


def _real_folder(folder: int, path: Path) -> Path:
    """The real path of the open `folder` (checked to be the folder opened)."""
    try:
        real = Path(os.path.realpath(path.parent))
        same = os.path.samestat(os.stat(real), os.fstat(folder))
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {path}: {_reason(exc)}") from None
    if not same:
        raise EnvironmentFailure(f"cannot write {path}: its folder changed while writing")
    return real


def refuse_folder_in_plan(real: Path, path: Path, plan_dir: Path | None) -> None:
    """UsageError when the folder `real` (a real path) is the plan folder or inside it: each
    folder above it is compared with the plan folder by device and inode, so no link, `..`
    or second name of a folder can hide the plan."""
    if plan_dir is None:
        return
    try:
        plan = os.stat(plan_dir)
    except OSError:
        return  # no plan folder on disk: nothing to write into
    try:
        for ancestor in (real, *real.parents):
            if os.path.samestat(os.stat(ancestor), plan):
                raise _inside(path, plan_dir)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {path}: {_reason(exc)}") from None


def _write_in_place(
    folder: int, name: str, path: Path, data: bytes | Iterable[bytes], *, follow: bool
) -> None:
    flags = os.O_WRONLY | os.O_TRUNC | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    try:
        handle = os.open(name, flags, dir_fd=folder)
        with os.fdopen(handle, "wb") as stream:
            write_pieces(stream, data)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write {path}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)
