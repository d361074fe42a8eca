"""The whole site, start to end: every page and download, written where it changed.

Every file's bytes depend only on the plan as known on the day, the templates and this
version of the tool (no clock, no build time, no absolute path), so the same input gives the
same bytes. A file is written only when its bytes differ from what is there. A manifest in
the output folder (`MANIFEST`) records, for each file the site wrote, a digest of what made
it (the page's context, the templates, the tool's version). Files the previous build wrote
and this one does not are removed; nothing else in the folder is touched.

With `incremental`, what makes a rebuild after one `commit note` fast (`site.state`): the
pages of a PPC, a milestone or an indicator name the PPCs they read, and one none of whose
PPCs changed since the last build (nor anything else: header, day, language, templates,
code) is not made at all; the other pages are made and rendered again only when their
context's digest differs from the manifest's; a download's parts of unchanged PPCs are
copied from the file already there. The manifest is trusted only while the state the last
build kept in this user's signed cache vouches for it; otherwise every page is made and
rendered (and still written only where its bytes differ). The manifest is removed before the
first file is changed and written last, so a build that stops half way vouches for nothing.

Files are replaced through a temporary file in the same folder and a rename (a reader never
sees half a page); a link in the folder is replaced, never followed. Unlike the plan's own
files they are not flushed to disk one by one: the site is made from the plan and can always
be made again, and ten thousand flushes would cost more than the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from commit_cli import __version__
from commit_cli.core.model import PPC, Indicator, Plan
from commit_cli.errors import EnvironmentFailure, UsageError
from commit_cli.export.parts import Part, given, ppc_of
from commit_cli.query.index import Located
from commit_cli.reports.templates import TemplateFolder, default_templates_dir
from commit_cli.site.pages import (
    AZ,
    HOME,
    SEARCH,
    Page,
    SiteData,
    az_page,
    country_page,
    entries,
    home,
    href,
    indicator_page,
    milestone_page,
    ppc_page,
    search_page,
)
from commit_cli.site.periods import REPORTS, period_page, reports_found
from commit_cli.site.state import (
    Inputs,
    Planned,
    State,
    code_digest,
    pieces,
    plan_inputs,
    read_state,
    write_state,
)
from commit_cli.wording import ENGLISH, Translated, Wording, speaking

if TYPE_CHECKING:
    from commit_cli.reports.languages import Cache

MANIFEST = ".commit-site.json"
MANIFEST_LIMIT = 256 * 1024 * 1024  # a manifest over this is not read (10k milestones: ~1 MB)
SCRIPT = "search.js"
SEARCH_INDEX = "search-index.js"
BLOCK = 1024 * 1024  # bytes compared at a time


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


def milestone_reads(data: SiteData, item: Located) -> tuple[str, ...]:
    """The PPCs a milestone's page reads: its own, and those of the milestones it depends on
    and of those that depend on it (listed with their titles and states)."""
    index, own = data.index, item.ppc.id
    reads = [own]
    for ident in (*item.milestone.depends_on, *index.dependents.get(item.milestone.id, ())):
        other = index.milestones.get(ident)
        if other is not None and other.ppc.id not in reads:
            reads.append(other.ppc.id)
    return tuple(reads)


class Reads:
    """The PPCs each page of a PPC, milestone or indicator reads."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.series: dict[str, list[str]] = {}  # series name -> the PPCs of its milestones
        for item in data.index.located():
            series = item.milestone.series
            if series is not None:
                found = self.series.setdefault(series.name, [])
                if item.ppc.id not in found:
                    found.append(item.ppc.id)

    def indicator(self, ppc: PPC, indicator: Indicator) -> list[str]:
        """Its own PPC, and the PPCs of the milestones it counts (in a series, or by id):
        its values are theirs."""
        reads = [ppc.id]
        counts = indicator.counts
        if counts is not None:
            found = list(self.series.get(counts.series, [])) if counts.series else []
            for ident in counts.milestones:
                item = self.data.index.milestones.get(ident)
                if item is not None:
                    found.append(item.ppc.id)
            reads += [ident for ident in found if ident not in reads]
        return reads

    def ppc(self, ppc: PPC) -> tuple[str, ...]:
        """Its own, and those its indicators read."""
        reads = [ppc.id]
        for indicator in ppc.indicators:
            reads += [ident for ident in self.indicator(ppc, indicator) if ident not in reads]
        return tuple(reads)


def planned_pages(data: SiteData) -> Iterator[Planned]:
    """Every page of the site, in a fixed order, before its context is made: the pages of a
    PPC, a milestone or an indicator name the PPCs they read; the others read the whole
    plan. Each PPC's page comes just before its milestones' pages, with that PPC held
    (`SiteData.hold`) while the build makes them: when it asks for the next page, those
    before it are written, and the next PPC's taking hold lets go of the last one's."""
    reads = Reads(data)
    yield Planned(HOME, None, partial(home, data))
    yield Planned(AZ, None, lambda: az_page(data, entries(data)))
    yield Planned(SEARCH, None, lambda: search_page(data, entries(data)))
    for ppc in data.plan.ppcs:
        data.hold(ppc.id)
        yield Planned(href("ppc", ppc.id), reads.ppc(ppc), partial(ppc_page, data, ppc))
        for item in data.by_ppc[ppc.id]:
            path = href("milestone", item.milestone.id)
            page = partial(milestone_page, data, item)
            yield Planned(path, milestone_reads(data, item), page)
    data.hold(None)
    for ident in data.rows:
        ppc, indicator = data.index.indicators[ident]
        page = partial(indicator_page, data, ident)
        yield Planned(href("indicator", ident), tuple(reads.indicator(ppc, indicator)), page)
    for code in data.index.country_codes:
        yield Planned(href("country", code), None, partial(country_page, data, code))
    for period in data.index.calendar.periods:
        yield Planned(href("period", period.label), None, partial(period_page, data, period))


def context_digest(page: Page, templates: str) -> str:
    """What made a page: the templates and tool (`templates`, with what every page says of
    the site, digested once), the page's template and the rest of its context."""
    # Keys in the order the pages put them (the same code puts them in the same order; a
    # change of order only renders a page again): a tenth of a second less at 10,000 pages.
    own = {key: value for key, value in page.context.items() if key != "site"}
    text = json.dumps(own, ensure_ascii=False, default=str, check_circular=False)
    return hashlib.sha256(f"{templates}\0{page.template}\0{text}".encode()).hexdigest()


def downloads(plan: Plan, day: date, data: SiteData) -> Iterator[tuple[str, list[Part]]]:
    """The data files (`commit export`'s JSON, CSV tables and calendar), the search index
    and the search script, each in parts (`export.parts`)."""
    from commit_cli.export.calendar import calendar_parts
    from commit_cli.export.json_document import plan_json_parts
    from commit_cli.export.tables import table_parts

    yield "data/plan.json", plan_json_parts(data.plan)
    for name, parts in table_parts(data.plan):
        yield f"data/{name}", parts
    yield "data/calendar.ics", calendar_parts(data.plan, day)
    from commit_cli.site.render import shown

    rows = [[shown(entry["title"]), entry["kind"], entry["href"]] for entry in entries(data)]
    index = json.dumps(rows, ensure_ascii=True, separators=(",", ":"))
    yield SEARCH_INDEX, [(None, given(f"window.commitSearch = {index};\n".encode("ascii")))]
    script = default_templates_dir() / "site" / SCRIPT
    try:
        yield SCRIPT, [(None, given(script.read_bytes()))]
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
        self.listed: dict[str, frozenset[str]] = {}
        self.before_change: Callable[[], None] | None = None  # called once, before a change

    def changing(self) -> None:
        if self.before_change is not None:
            call, self.before_change = self.before_change, None
            call()

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

    def current(
        self, relative: str, size: int | None = None, at_most: int | None = None
    ) -> bytes | None:
        """The bytes of the regular file at `relative`, or None: for a link (never followed),
        a FIFO or device (opened without blocking and looked at before it is read: one
        left in the folder must not hang the build), a file other than `size` bytes (only
        read to be compared with bytes of that size) or over `at_most`."""
        path = self.root / relative
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            return None
        with os.fdopen(handle, "rb") as stream:
            found = os.fstat(handle)
            if not stat.S_ISREG(found.st_mode):
                return None
            if (size is not None and found.st_size != size) or (
                at_most is not None and found.st_size > at_most
            ):
                return None
            return stream.read()

    def exists(self, relative: str) -> bool:
        """Whether a regular file is at `relative`, as its folder was listed when first
        asked about (one listing of ten thousand names costs much less than as many
        `lstat` calls); the files this build writes are not asked about again."""
        parent, _, name = relative.rpartition("/")
        names = self.listed.get(parent)
        if names is None:
            names = self.listed[parent] = self.regular_files(parent or ".")
        return name in names

    def put(self, relative: str, data: bytes) -> bool:
        """Write `data` unless the file holds it already; whether it was written."""
        self.folder(relative)
        if self.current(relative, size=len(data)) == data:
            return False
        return self.replace(relative, (data,))

    def put_pieces(self, relative: str, pieces: Iterable[bytes]) -> tuple[bool, str]:
        """Write the file made of `pieces` unless the file holds those bytes already;
        whether it was written, and the SHA-256 of its bytes. The pieces go to the
        temporary file as they are made, so a large file is never whole in memory; it is
        then compared with the file there, a block at a time, and dropped if the same."""
        self.folder(relative)
        digest = hashlib.sha256()

        def hashed() -> Iterator[bytes]:
            for piece in pieces:
                digest.update(piece)
                yield piece

        return self.replace(relative, hashed(), self.holds), digest.hexdigest()

    def replace(
        self,
        relative: str,
        pieces: Iterable[bytes],
        same: Callable[[str, Path, int], bool] | None = None,
    ) -> bool:
        """Write `pieces` to a new temporary file beside `relative` and put it in the
        file's place with a rename (a reader sees the old file or the new one, never half
        of one); unless `same` finds (the file's name, the temporary file, its size) that
        the file there holds those bytes already, when the temporary file is dropped.
        Whether the file was replaced. The temporary file's name is random, so it cannot be
        foreseen (a link put there first is never written through: it is opened only if
        new); it is removed whatever stops the write."""
        path = self.root / relative
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        try:
            handle = os.open(temporary, flags, 0o644)
        except OSError as exc:
            raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            size = 0
            with os.fdopen(handle, "wb") as stream:
                for piece in pieces:
                    size += len(piece)
                    stream.write(piece)
            if same is not None and same(relative, temporary, size):
                temporary.unlink()
                return False
            self.changing()
            os.replace(temporary, path)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise EnvironmentFailure(f"cannot write {path}: {exc.strerror or exc}") from None
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return True

    def holds(self, relative: str, made: Path, size: int) -> bool:
        """Whether the regular file at `relative` (a link, FIFO or device never is, and is
        never followed or read) holds the `size` bytes of the file `made`."""
        path = self.root / relative
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            return False
        with os.fdopen(handle, "rb") as there, made.open("rb") as here:
            found = os.fstat(handle)
            if not stat.S_ISREG(found.st_mode) or found.st_size != size:
                return False
            while True:
                block = there.read(BLOCK)
                if block != here.read(BLOCK):
                    return False
                if not block:
                    return True

    def listing(self, relative: str) -> list[str]:
        """The names of the regular files in the sub-folder `relative`, if it is a real
        folder (not a link), A to Z; links and folders in it are left out."""
        return sorted(self.regular_files(relative))

    def regular_files(self, relative: str) -> frozenset[str]:
        path = self.root / relative
        try:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                return frozenset()
            with os.scandir(path) as found:
                return frozenset(e.name for e in found if e.is_file(follow_symlinks=False))
        except OSError:
            return frozenset()

    def remove(self, relative: str) -> bool:
        path = self.root / relative
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                self.changing()
                path.unlink()
                return True
        except OSError:
            pass
        return False


def read_manifest(data: bytes | None) -> dict[str, str]:
    """The files the last build wrote, each with the digest of what made it, from the
    manifest's bytes (none when there is no manifest or it does not read as one)."""
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
    inputs: Inputs | None = None,
) -> Built:
    """Build the site of `plan` as known on `day` into the folder `root` (which exists).
    `changes` are the plan's changes committed up to the day, as data (None: no history
    to read); the period pages word them and link the reports found in `root/reports/`.
    Every page speaks `words`'s language (its sentences, labels, numbers and days; the
    plan's own text as given)."""
    with speaking(words):
        return _build(
            plan, day, root, folders, incremental, render, changes, words, compiled, inputs
        )


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
    inputs: Inputs | None = None,
) -> Built:
    if render is None:
        from commit_cli.site.render import PageRenderer

        render = PageRenderer(folders, words, compiled).render
    folder = SiteFolder(root)
    manifest_bytes = folder.current(MANIFEST, at_most=MANIFEST_LIMIT)
    before = read_manifest(manifest_bytes)

    def forget() -> None:
        """An interrupted build must leave no manifest vouching for files it changed."""
        folder.remove(MANIFEST)

    folder.before_change = forget
    data = SiteData(plan, day, changes, reports_found(folder.listing(REPORTS)))
    site = json.dumps(data.site(), sort_keys=True, ensure_ascii=False, default=str)
    templates = hashlib.sha256(f"{templates_digest(folders, words)}\0{site}".encode()).hexdigest()
    known = inputs if inputs is not None and set(inputs.ppcs) >= set(data.index.ppcs) else None
    known = known or plan_inputs(data.plan)
    whole = hashlib.sha256(f"{templates}\0{code_digest()}\0{known.whole}".encode()).hexdigest()
    last = read_state(compiled, root, manifest_bytes) if incremental else None
    same = last.unchanged(whole, known.ppcs) if last is not None else set()
    # The manifest's digests are trusted only when the state vouches for it (it is the one
    # this user's last build wrote); without a cache to keep a state in, as before.
    vouched = before if incremental and (last is not None or compiled is None) else {}
    state = State(whole, {ident: known.ppcs[ident] for ident in data.index.ppcs})
    built = Built()
    after: dict[str, str] = {}
    for planned in planned_pages(data):
        built.pages += 1
        path, reads = planned.path, planned.reads
        old = vouched.get(path)
        if reads is not None:
            state.pages[path] = list(reads)
            if (
                last is not None
                and old is not None
                and same.issuperset(reads)
                and same.issuperset(last.pages.get(path, ("",)))  # what it read last time
                and folder.exists(path)
            ):
                after[path] = old  # made from the same inputs as the page on disk
                built.unchanged.append(path)
                continue
        page = planned.make()
        digest = context_digest(page, templates)
        after[path] = digest
        if old == digest and folder.exists(path):
            built.unchanged.append(path)
            continue
        text = render(page.template, page.context)
        wrote = folder.put(path, text.encode("utf-8"))
        (built.written if wrote else built.unchanged).append(path)
    for path, parts in downloads(plan, day, data):
        written, layout = None, last.layouts.get(path) if last is not None else None
        if layout is not None and path in vouched and any(ppc_of(k) in same for k, _ in layout):
            # its parts are copied only if it is as written (else it is made again whole)
            written = folder.current(path, size=sum(size for _, size in layout))
            if written is not None and hashlib.sha256(written).hexdigest() != vouched[path]:
                written = None
        laid: list[tuple[str, int]] = []
        state.layouts[path] = laid
        if written is not None and folder.exists(path):
            # parts copied from the file there: as it was, unless a changed part differs
            hashed = hashlib.sha256()
            for piece in pieces(parts, written, layout, same, laid):
                hashed.update(piece)
            if hashed.hexdigest() == vouched[path]:
                after[path] = vouched[path]
                built.unchanged.append(path)
                continue
        wrote, after[path] = folder.put_pieces(path, pieces(parts, written, layout, same, laid))
        (built.written if wrote else built.unchanged).append(path)
    for path in sorted(set(before) - set(after)):
        if safe_relative(path) and folder.remove(path):
            built.removed.append(path)
    manifest = {"tool": "commit site", "files": after}
    manifest_bytes = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    folder.before_change = None
    folder.put(MANIFEST, manifest_bytes)
    write_state(compiled, root, manifest_bytes, state)
    return built
