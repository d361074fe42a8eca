"""Where a plan's files come from: a source names them and hands over their bytes.

Loading reads only through a `PlanSource`, so a plan can come from a folder or from a git
revision's objects (`history.source.RevisionSource`) the same way, never through a checkout.
A plan is `plan.yaml` (plan-wide data) and `ppcs/*.yaml` (one file per PPC, so pull requests
on different PPCs never touch the same file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from commit_cli.errors import EnvironmentFailure

PLAN_DIR_NAME = "plan"
HEADER_FILE = "plan.yaml"
PPC_DIR = "ppcs"
PLAN_ENV_VAR = "COMMIT_PLAN"


@dataclass(frozen=True, slots=True)
class PlanFiles:
    """A plan's file names as the user sees them: the header, the PPC files in name order,
    and files that look like PPC files but are not read (`*.yml`)."""

    header: str
    ppcs: list[str]
    ignored: list[str]


class PlanSource(Protocol):
    """A plan's files: their names, and each one's bytes by name."""

    def files(self) -> PlanFiles: ...

    def read(self, name: str) -> bytes:
        """The file's bytes; raises EnvironmentFailure when it cannot be read."""
        ...

    def content_id(self, name: str) -> str | None:
        """A name for the file's bytes that changes whenever they do (a git blob id), when
        the source knows one without reading them; None otherwise. The cache keys on it, so
        a file whose content id was validated before is neither read nor parsed again."""
        ...


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class FolderSource:
    """A plan folder on disk. Hidden files in `ppcs/` (editor locks, swap copies) are not
    plan files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._paths: dict[str, Path] = {}

    def _name(self, path: Path) -> str:
        name = display_path(path)
        self._paths[name] = path
        return name

    def files(self) -> PlanFiles:
        folder = self.folder / PPC_DIR
        try:
            paths = (
                sorted(p for p in folder.iterdir() if not p.name.startswith("."))
                if folder.is_dir()
                else []
            )
        except OSError as exc:
            raise EnvironmentFailure(
                f"cannot read the folder {folder}: {exc.strerror or exc}"
            ) from None
        return PlanFiles(
            header=self._name(self.folder / HEADER_FILE),
            ppcs=[self._name(path) for path in paths if path.suffix == ".yaml"],
            ignored=[self._name(path) for path in paths if path.suffix == ".yml"],
        )

    def content_id(self, name: str) -> str | None:
        return None

    def read(self, name: str) -> bytes:
        try:
            return self._paths[name].read_bytes()
        except OSError as exc:
            raise EnvironmentFailure(f"cannot read {name}: {exc.strerror or exc}") from None


def find_plan_dir(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The plan folder: `explicit` (from --plan or COMMIT_PLAN), else `plan/` in the current
    folder or the nearest ancestor that has one."""
    if explicit is not None:
        if not explicit.is_dir():
            raise EnvironmentFailure(f"plan folder '{explicit}' does not exist or is not a folder")
        if not (explicit / HEADER_FILE).is_file():
            raise EnvironmentFailure(f"'{explicit}' is not a plan folder: it has no {HEADER_FILE}")
        return explicit
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / PLAN_DIR_NAME
        if (candidate / HEADER_FILE).is_file():
            return candidate
        if folder.name == PLAN_DIR_NAME and (folder / HEADER_FILE).is_file():
            return folder
    raise EnvironmentFailure(
        f"no plan found: no {PLAN_DIR_NAME}/{HEADER_FILE} in {here} or its parents;"
        f" pass --plan DIR or set {PLAN_ENV_VAR}"
    )
