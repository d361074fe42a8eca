"""The whole site, start to end: every page and download, written where it changed.

Every file's bytes depend only on the plan as known on the day, the templates and this
version of the tool (no clock, no build time, no absolute path), so the same input gives the
same bytes. A file is written only when its bytes differ from what is there. A manifest in
the output folder (`MANIFEST`) records, for each file the site wrote, a digest of what made
it (the page's context, the templates, the tool's version); with `incremental`, a page whose
digest is unchanged and whose file is still there is not rendered again, which is what makes
a rebuild after one `commit note` fast. Files the previous build wrote and this one does not
are removed; nothing else in the folder is touched.

Files are replaced through a temporary file in the same folder and a rename (a reader never
sees half a page); a link in the folder is replaced, never followed. Unlike the plan's own
files they are not flushed to disk one by one: the site is made from the plan and can always
be made again, and ten thousand flushes would cost more than the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from commit_cli import __version__
from commit_cli.core.model import Plan
from commit_cli.errors import EnvironmentFailure, UsageError
from commit_cli.reports.templates import TemplateFolder, default_templates_dir
from commit_cli.site.pages import (
    Page,
    SiteData,
    az_page,
    country_page,
    entries,
    home,
    indicator_page,
    milestone_page,
    ppc_page,
    search_page,
)
from commit_cli.site.periods import REPORTS, period_page, reports_found
from commit_cli.wording import ENGLISH, Translated, Wording, speaking

if TYPE_CHECKING:
    from commit_cli.reports.languages import Cache

MANIFEST = ".commit-site.json"
SCRIPT = "search.js"
SEARCH_INDEX = "search-index.js"


@dataclass
class Built:
    """What a build did: files written, files left as they were, files removed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    pages: int = 0


def templates_digest(folders: list[TemplateFolder], words: Wording = ENGLISH) -> str:
    """A digest of every template the site could read, of the tool's version and of the
    language the pages speak (its tag and its catalog's messages): a page whose context is
    unchanged is still rendered again when its chrome would read differently."""
    digest = hashlib.sha256(__version__.encode())
    if isinstance(words, Translated):
        digest.update(words.tag.encode())
        digest.update(json.dumps(words.messages, sort_keys=True, ensure_ascii=False).encode())
    for folder in folders:
        for path in sorted(folder.path.rglob("*")):
            if path.is_file() and not path.is_symlink():
                digest.update(str(path.relative_to(folder.path)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def all_pages(data: SiteData) -> Iterator[Page]:
    """Every page of the site, in a fixed order."""
    yield home(data)
    found = entries(data)
    yield az_page(data, found)
    yield search_page(data, found)
    for ppc in data.plan.ppcs:
        yield ppc_page(data, ppc)
    for item in data.index.located():
        yield milestone_page(data, item)
    for ident in data.rows:
        yield indicator_page(data, ident)
    for code in data.index.country_codes:
        yield country_page(data, code)
    for period in data.index.calendar.periods:
        yield period_page(data, period)


def context_digest(page: Page, templates: str) -> str:
    """What made a page: the templates and tool (`templates`, with what every page says of
    the site, digested once), the page's template and the rest of its context."""
    # Keys in the order the pages put them (the same code puts them in the same order; a
    # change of order only renders a page again): a tenth of a second less at 10,000 pages.
    own = {key: value for key, value in page.context.items() if key != "site"}
    text = json.dumps(own, ensure_ascii=False, default=str, check_circular=False)
    return hashlib.sha256(f"{templates}\0{page.template}\0{text}".encode()).hexdigest()


def downloads(plan: Plan, day: date, data: SiteData) -> Iterator[tuple[str, bytes]]:
    """The data files (`commit export`'s JSON, CSV tables and calendar), the search index
    and the search script."""
    from commit_cli.export.calendar import calendar_bytes
    from commit_cli.export.json_document import plan_json_chunks
    from commit_cli.export.tables import csv_text, plan_tables

    yield "data/plan.json", b"".join(plan_json_chunks(data.plan))
    for table in plan_tables(data.plan):
        yield f"data/{table.file_name}", csv_text(table).encode("utf-8")
    yield "data/calendar.ics", calendar_bytes(data.plan, day)
    from commit_cli.site.render import shown

    rows = [[shown(entry["title"]), entry["kind"], entry["href"]] for entry in entries(data)]
    index = json.dumps(rows, ensure_ascii=True, separators=(",", ":"))
    yield SEARCH_INDEX, f"window.commitSearch = {index};\n".encode("ascii")
    script = default_templates_dir() / "site" / SCRIPT
    try:
        yield SCRIPT, script.read_bytes()
    except OSError as exc:
        raise EnvironmentFailure(
            f"cannot read {script}: {exc.strerror or exc}; reinstall commit"
        ) from None


class SiteFolder:
    """The output folder: files written only when their bytes differ, through a temporary
    file and a rename, in sub-folders that are real folders (never links)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.checked: set[str] = set()

    def folder(self, relative: str) -> None:
        parts = relative.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub in self.checked:
                continue
            path = self.root / sub
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                path.mkdir()
                mode = os.lstat(path).st_mode
            if not stat.S_ISDIR(mode):
                raise UsageError(
                    f"refusing to write into {path}: it is not a folder (a link?); remove it"
                )
            self.checked.add(sub)

    def current(self, relative: str) -> bytes | None:
        path = self.root / relative
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return None
        with os.fdopen(handle, "rb") as stream:
            return stream.read() if stat.S_ISREG(os.fstat(handle).st_mode) else None

    def exists(self, relative: str) -> bool:
        try:  # a string path: ten thousand Path objects cost a third of a second
            return stat.S_ISREG(os.lstat(os.path.join(self.root, relative)).st_mode)
        except OSError:
            return False

    def put(self, relative: str, data: bytes) -> bool:
        """Write `data` unless the file holds it already; whether it was written."""
        self.folder(relative)
        if self.current(relative) == data:
            return False
        path = self.root / relative
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            handle = os.open(temporary, flags, 0o644)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
        return True

    def listing(self, relative: str) -> list[str]:
        """The names of the regular files in the sub-folder `relative`, if it is a real
        folder (not a link); links and folders in it are left out."""
        path = self.root / relative
        try:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                return []
            with os.scandir(path) as found:
                return sorted(e.name for e in found if e.is_file(follow_symlinks=False))
        except OSError:
            return []

    def remove(self, relative: str) -> bool:
        path = self.root / relative
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
                return True
        except OSError:
            pass
        return False


def read_manifest(folder: SiteFolder) -> dict[str, str]:
    data = folder.current(MANIFEST)
    if data is None:
        return {}
    try:
        found = json.loads(data)
    except ValueError:
        return {}
    files = found.get("files") if isinstance(found, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def safe_relative(path: str) -> bool:
    """A manifest's name of a file the site wrote: relative, inside the folder, not hidden."""
    parts = path.split("/")
    return (
        bool(path)
        and not path.startswith("/")
        and all(part and not part.startswith(".") for part in parts)
    )


def build_site(
    plan: Plan,
    day: date,
    root: Path,
    folders: list[TemplateFolder],
    incremental: bool = False,
    render: Callable[[str, dict[str, object]], str] | None = None,
    changes: list[dict[str, object]] | None = None,
    words: Wording = ENGLISH,
    compiled: Cache | None = None,
) -> Built:
    """Build the site of `plan` as known on `day` into the folder `root` (which exists).
    `changes` are the plan's changes committed up to the day, as data (None: no history
    to read); the period pages word them and link the reports found in `root/reports/`.
    Every page speaks `words`'s language (its sentences, labels, numbers and days; the
    plan's own text as given)."""
    with speaking(words):
        return _build(plan, day, root, folders, incremental, render, changes, words, compiled)


def _build(
    plan: Plan,
    day: date,
    root: Path,
    folders: list[TemplateFolder],
    incremental: bool,
    render: Callable[[str, dict[str, object]], str] | None,
    changes: list[dict[str, object]] | None,
    words: Wording,
    compiled: Cache | None = None,
) -> Built:
    if render is None:
        from commit_cli.site.render import PageRenderer

        render = PageRenderer(folders, words, compiled).render
    folder = SiteFolder(root)
    before = read_manifest(folder)
    data = SiteData(plan, day, changes, reports_found(folder.listing(REPORTS)))
    site = json.dumps(data.site(), sort_keys=True, ensure_ascii=False, default=str)
    templates = hashlib.sha256(f"{templates_digest(folders, words)}\0{site}".encode()).hexdigest()
    built = Built()
    after: dict[str, str] = {}
    for page in all_pages(data):
        built.pages += 1
        digest = context_digest(page, templates)
        after[page.path] = digest
        if incremental and before.get(page.path) == digest and folder.exists(page.path):
            built.unchanged.append(page.path)
            continue
        text = render(page.template, page.context)
        wrote = folder.put(page.path, text.encode("utf-8"))
        (built.written if wrote else built.unchanged).append(page.path)
    for path, data_bytes in downloads(plan, day, data):
        after[path] = hashlib.sha256(data_bytes).hexdigest()
        if incremental and before.get(path) == after[path] and folder.exists(path):
            built.unchanged.append(path)
            continue
        wrote = folder.put(path, data_bytes)
        (built.written if wrote else built.unchanged).append(path)
    for path in sorted(set(before) - set(after)):
        if safe_relative(path) and folder.remove(path):
            built.removed.append(path)
    manifest = {"tool": "commit site", "files": after}
    folder.put(MANIFEST, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    return built
