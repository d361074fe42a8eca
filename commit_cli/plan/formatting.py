"""Formatting a plan's files (`commit fmt`): which files, which model orders each one's
keys (`plan.yaml` the header's, the others a PPC's), and what formatting would change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from commit_cli.core.fields import field_order
from commit_cli.core.schema import PPC, PlanHeader
from commit_cli.plan.screen import conflict_markers
from commit_cli.plan.sources import (
    HEADER_FILE,
    FolderSource,
    RefusedFile,
    display_path,
    find_plan_dir,
    read_regular_file,
)
from commit_cli.problems import Problem, YamlPath


@dataclass
class FormatResult:
    name: str
    path: Path
    original: bytes
    formatted: bytes
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return not self.problems and self.original != self.formatted

    @property
    def diff(self) -> str:
        from commit_cli.yamlio.textdiff import unified_diff

        return unified_diff(self.name, self.original, self.formatted)


def _order(path: Path) -> type[PlanHeader] | type[PPC]:
    return PlanHeader if path.name == HEADER_FILE else PPC


def format_file(path: Path, folder: Path) -> FormatResult:
    """`path` formatted; it is read only if it is a regular file inside `folder` (the plan
    folder, or for a file named outside any plan, its own folder)."""
    from commit_cli.yamlio.fmt import format_bytes
    from commit_cli.yamlio.reader import YamlSyntaxError

    name = display_path(path)
    try:
        raw = read_regular_file(path, folder, name)
    except RefusedFile as refused:
        problem = Problem(name, refused.reason, "refused-file", line=1, column=1)
        return FormatResult(name, path, b"", b"", [problem])
    model = _order(path)
    markers = conflict_markers(name, raw.decode("utf-8", errors="replace"))
    if markers:
        return FormatResult(name, path, raw, raw, markers)

    def order(keys: YamlPath) -> list[str] | None:
        return field_order(model, keys)

    try:
        formatted = format_bytes(raw, order).formatted
    except UnicodeDecodeError as exc:
        message = f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        return FormatResult(
            name, path, raw, raw, [Problem(name, message, "encoding", line=1, column=1)]
        )
    except YamlSyntaxError as exc:
        issue = exc.issue
        problem = Problem(name, issue.message, issue.code, line=issue.line, column=issue.column)
        return FormatResult(name, path, raw, raw, [problem])
    return FormatResult(name, path, raw, formatted)


def format_files(plan_dir: Path | None, files: list[Path]) -> list[FormatResult]:
    """Every named file, or every file of the plan, formatted (nothing is written)."""
    if not files:
        folder = find_plan_dir(plan_dir)
        source = FolderSource(folder)
        names = source.files()
        return [format_file(source.path_of(name), folder) for name in (names.header, *names.ppcs)]
    return [format_file(path, _plan_folder_of(path)) for path in files]


def _plan_folder_of(path: Path) -> Path:
    """The plan folder `path` is written in (the nearest folder above it holding plan.yaml),
    else the folder it is in."""
    parent = path.absolute().parent
    for folder in (parent, *parent.parents):
        try:
            if (folder / HEADER_FILE).is_file():
                return folder
        except OSError:  # a folder we may not look into: not a plan here
            continue
    return parent
