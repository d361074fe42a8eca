"""Formatting a plan's files (`commit fmt`): which files, which model orders each one's
keys (`plan.yaml` the header's, the others a PPC's), what formatting would change, and
writing it under the plan lock.

`commit fmt` is a writer like the editing commands: it writes only while it holds the plan
lock (`commit_cli.locking`), so an edit made while it runs waits for it and is never lost.
Each file is formatted, then, under the lock, read again: a file that changed since (an edit
landed first) is formatted again from what it holds now. Just before a file is replaced it
must still hold the bytes that were formatted (`atomic.write_atomically`'s `expected`), so a
program that takes no lock (an editor) is not overwritten either: that file is named and
left as it is.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from commit_cli.core.fields import field_order
from commit_cli.core.schema import PPC, DecisionBook, PlanHeader, Translations
from commit_cli.plan.screen import conflict_markers
from commit_cli.plan.sources import (
    DECISIONS_FILE,
    HEADER_FILE,
    I18N_DIR,
    MAX_FILE_BYTES,
    PPC_DIR,
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
    folder: Path | None = None  # the plan folder whose lock guards writing the file
    written: bool = False

    @property
    def changed(self) -> bool:
        return not self.problems and self.original != self.formatted

    @property
    def diff(self) -> str:
        from commit_cli.yamlio.textdiff import unified_diff

        return unified_diff(self.name, self.original, self.formatted)


def _order(path: Path) -> type[PlanHeader] | type[PPC] | type[DecisionBook] | type[Translations]:
    """The model whose field order a file's keys take, by where it is in the plan folder."""
    if path.name == HEADER_FILE:
        return PlanHeader
    if path.parent.name == I18N_DIR:
        return Translations
    return DecisionBook if path.name == DECISIONS_FILE and path.parent.name != PPC_DIR else PPC


def format_file(path: Path, folder: Path) -> FormatResult:
    """`path` formatted; it is read only if it is a regular file inside `folder` (the plan
    folder, or for a file named outside any plan, its own folder)."""
    name = display_path(path)
    try:
        raw = read_regular_file(path, folder, name)
    except RefusedFile as refused:
        problem = Problem(name, refused.reason, "refused-file", line=1, column=1)
        return FormatResult(name, path, b"", b"", [problem], folder)
    return format_raw(name, path, folder, raw)


def format_raw(name: str, path: Path, folder: Path, raw: bytes) -> FormatResult:
    """The bytes `raw` of the file `path` formatted (or the problems that stop it)."""
    from commit_cli.yamlio.fmt import FormatMismatch, format_bytes
    from commit_cli.yamlio.reader import YamlSyntaxError

    model = _order(path)
    markers = conflict_markers(name, raw.decode("utf-8", errors="replace"))
    if markers:
        return FormatResult(name, path, raw, raw, markers, folder)

    def order(keys: YamlPath) -> list[str] | None:
        return field_order(model, keys)

    def refused(message: str, code: str, line: int = 1, column: int = 1) -> FormatResult:
        problem = Problem(name, message, code, line=line, column=column)
        return FormatResult(name, path, raw, raw, [problem], folder)

    try:
        formatted = format_bytes(raw, order).formatted
    except UnicodeDecodeError as exc:
        return refused(
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            "encoding",
        )
    except YamlSyntaxError as exc:
        issue = exc.issue
        return refused(issue.message, issue.code, issue.line, issue.column)
    except FormatMismatch as exc:
        return refused(
            f"not reformatted: {exc}; the file is left as it is (please report this)",
            "format-refused",
        )
    if len(formatted) > MAX_FILE_BYTES:  # every command would refuse to read it
        return refused(
            f"not reformatted: the formatted file would be larger than"
            f" {MAX_FILE_BYTES // (1024 * 1024)} MiB, which plan files may not be; split it",
            "format-refused",
        )
    return FormatResult(name, path, raw, formatted, folder=folder)


def format_files(plan_dir: Path | None, files: list[Path]) -> list[FormatResult]:
    """Every named file, or every file of the plan, formatted (nothing is written)."""
    if not files:
        folder = find_plan_dir(plan_dir)
        source = FolderSource(folder)
        names = source.files()
        books = [names.decisions] if names.decisions else []
        every = (names.header, *names.ppcs, *books, *names.translations)
        return [format_file(source.path_of(name), folder) for name in every]
    return [format_file(path, _plan_folder_of(path)) for path in files]


def write_formatted(results: list[FormatResult]) -> list[FormatResult]:
    """Write each file that formatting changes, holding the lock of every plan folder
    involved (see the module docs); returns each file's result as written, in order (`written`
    says which were; a file changed by another program meanwhile has a problem instead)."""
    from commit_cli.locking import plan_lock

    folders = {result.folder for result in results if result.changed and result.folder}
    done: list[FormatResult] = []
    with ExitStack() as locks:
        for folder in sorted(folders, key=str):
            locks.enter_context(plan_lock(folder))
        for result in results:
            done.append(_write_one(result) if result.changed else result)
    return done


def _write_one(result: FormatResult) -> FormatResult:
    """`result` written, after reading its file again under the lock."""
    from commit_cli.atomic import ChangedSinceRead, write_atomically

    folder = result.folder or result.path.parent
    try:
        now = read_regular_file(result.path, folder, result.name)
    except RefusedFile as refused:
        problem = Problem(result.name, refused.reason, "refused-file", line=1, column=1)
        return FormatResult(result.name, result.path, b"", b"", [problem], folder)
    if now != result.original:  # another writer came first: format what it left
        result = format_raw(result.name, result.path, folder, now)
        if not result.changed:
            return result
    try:
        write_atomically(result.path, result.formatted, expected=result.original)
    except ChangedSinceRead as exc:
        problem = Problem(result.name, exc.message, "changed-meanwhile", line=1, column=1)
        return FormatResult(result.name, result.path, now, now, [problem], folder)
    result.written = True
    return result


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
