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
The output folder is written as `site.folder` says.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from commit_cli import __version__
from commit_cli.core.model import Plan
from commit_cli.export.parts import ppc_of
from commit_cli.reports.templates import TemplateFolder
from commit_cli.site.downloads import downloads
from commit_cli.site.folder import SiteFolder
from commit_cli.site.pages import Page, SiteData
from commit_cli.site.periods import REPORTS, reports_found
from commit_cli.site.planned import planned_pages
from commit_cli.site.state import (
    Inputs,
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


def context_digest(page: Page, templates: str) -> str:
    """What made a page: the templates and tool (`templates`, with what every page says of
    the site, digested once), the page's template and the rest of its context."""
    # Keys in the order the pages put them (the same code puts them in the same order; a
    # change of order only renders a page again): a tenth of a second less at 10,000 pages.
    own = {key: value for key, value in page.context.items() if key != "site"}
    text = json.dumps(own, ensure_ascii=False, default=str, check_circular=False)
    digest = hashlib.sha256(f"{templates}\0{page.template}\0".encode())
    digest.update(text.encode())  # not joined first: a country's page holds megabytes
    return digest.hexdigest()


def manifest_text(manifest: Mapping[str, object]) -> bytes:
    """The manifest as `json.dumps(manifest, indent=1, sort_keys=True)` writes it, and a
    line end: written piece by piece, as `dumps` would first hold every piece of it in a
    list (a hundred thousand files: half a million pieces, tens of megabytes)."""
    text = io.StringIO()
    for piece in json.JSONEncoder(indent=1, sort_keys=True).iterencode(manifest):
        text.write(piece)
    text.write("\n")
    return text.getvalue().encode()


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
    manifest_bytes = manifest_text(manifest)
    folder.before_change = None
    folder.put(MANIFEST, manifest_bytes)
    write_state(compiled, root, manifest_bytes, state)
    return built
