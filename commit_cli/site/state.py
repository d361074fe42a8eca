"""What the last build of a site was made from, so `--incremental` makes again only the pages
whose inputs changed.

Every page is made from the plan as known on the day. Most of the plan lives in its PPCs, and
most pages read only one or a few of them: a milestone's page reads its own PPC and the PPCs of
the milestones it depends on and that depend on it; a PPC's page and its indicators' pages
read that PPC. So the inputs of a build are digested in two parts: everything that is not a
PPC (the plan's header and decisions, the translations, the day, the language, the templates
and this code: `whole`), and each PPC on its own (`ppcs`). A page that names the PPCs it reads
(`Planned.reads`) is made again only when one of them, or `whole`, changed; the pages that read
the whole plan (home, A to Z, search, countries, periods) are made every time and compared by
their context's digest, as before.

The state is kept in the signed result cache (`plan.cache`), one entry per output folder, and
holds the digest of the manifest the build wrote: a manifest changed, removed or put back from
an older build no longer matches it, and neither does a state this user did not write (its
signature fails), so the build then makes every page's context (and still writes only the
files whose bytes differ). A state that does not read as expected is ignored the same way:
it can make a build faster, never wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import commit_cli
from commit_cli import __version__
from commit_cli.core.model import Plan
from commit_cli.export.parts import Part, ppc_of

if TYPE_CHECKING:
    from commit_cli.reports.languages import Cache
    from commit_cli.site.pages import Page

STATE_VERSION = 1
STATE_KIND = "site-state"


@dataclass(frozen=True)
class Planned:
    """A page before its context is made: where it goes, the PPCs it reads (None: the whole
    plan) and how to make it."""

    path: str
    reads: tuple[str, ...] | None
    make: Callable[[], Page]


@dataclass(frozen=True)
class Inputs:
    """The plan's digests: everything but the PPCs (`whole`) and each PPC (by id)."""

    whole: str
    ppcs: Mapping[str, str]


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """The tool's version, the source of every one of its modules and the versions of the
    libraries that write pages (the state's cache key holds Python's and pydantic's): a page
    is made by code as well as by data."""
    import jinja2
    import markupsafe

    root = Path(commit_cli.__file__).parent
    digest = hashlib.sha256(f"{__version__}\0{jinja2.__version__}\0".encode())
    if markupsafe.__file__:  # its source, as its __version__ is going away
        digest.update(Path(markupsafe.__file__).read_bytes())
    for folder, folders, names in os.walk(root):
        folders.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                path = Path(folder, name)
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def plan_inputs(plan: Plan) -> Inputs:
    """The digests of `plan` itself (as known on the day, in the language shown): pickled,
    so two equal digests are two equal plans (the other way round is not needed: a
    digest that differs only makes a page again)."""
    whole = _digest(pickle.dumps(plan.model_copy(update={"ppcs": []}), 5))
    return Inputs(whole, {ppc.id: _digest(pickle.dumps(ppc, 5)) for ppc in plan.ppcs})


def source_inputs(
    header: Iterable[tuple[str, str]], ppc_files: Mapping[str, str], keys: Mapping[str, str]
) -> Inputs | None:
    """The digests of a plan from its files' cache keys (each a digest of the file's bytes
    and of the code that reads it): `header`, the (name, key) of every file but the PPC
    files; `ppc_files`, each PPC's file; `keys`, each PPC file's key. None when a file has
    no key (read without a cache)."""
    header = list(header)
    if any(not key for _, key in header) or any(not keys.get(f) for f in ppc_files.values()):
        return None
    whole = _digest(*(f"{name}\0{key}".encode() for name, key in header))
    return Inputs(whole, {ident: keys[name] for ident, name in ppc_files.items()})


@dataclass
class State:
    """The last build's inputs and each page's PPCs, as read back (see the module's
    docstring)."""

    whole: str = ""
    ppcs: dict[str, str] = field(default_factory=dict)
    pages: dict[str, list[str]] = field(default_factory=dict)
    layouts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # path -> parts

    def unchanged(self, whole: str, ppcs: Mapping[str, str]) -> set[str]:
        """The PPCs whose digests are as they were (none when `whole` changed)."""
        if whole != self.whole:
            return set()
        return {ident for ident, digest in ppcs.items() if self.ppcs.get(ident) == digest}


def state_key(cache: Cache, root: Path) -> str:
    return cache.key(STATE_KIND, os.fsencode(os.path.realpath(root)))


def read_state(cache: Cache | None, root: Path, manifest: bytes | None) -> State | None:
    """The state the last build into `root` left, when it is this user's (signed), reads as
    expected and belongs to `manifest` (the bytes of the manifest found in `root`)."""
    if cache is None or manifest is None:
        return None
    data = cache.get(state_key(cache, root))
    if data is None:
        return None
    try:
        found: Any = json.loads(data)
    except ValueError:
        return None
    if not isinstance(found, dict) or found.get("version") != STATE_VERSION:
        return None
    if found.get("manifest") != hashlib.sha256(manifest).hexdigest():
        return None
    whole, ppcs, pages = found.get("whole"), found.get("ppcs"), found.get("pages")
    layouts = found.get("layouts")
    if not isinstance(whole, str) or not isinstance(ppcs, dict) or not isinstance(pages, dict):
        return None
    if not isinstance(layouts, dict) or not all(
        isinstance(layout, list)
        and all(
            isinstance(part, list)
            and len(part) == 2
            and isinstance(part[0], str)
            and type(part[1]) is int
            and part[1] >= 0
            for part in layout
        )
        for layout in layouts.values()
    ):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in ppcs.items()):
        return None
    if not all(isinstance(v, list) and all(isinstance(i, str) for i in v) for v in pages.values()):
        return None
    laid = {path: [(key, size) for key, size in layout] for path, layout in layouts.items()}
    return State(whole, ppcs, pages, laid)


def write_state(cache: Cache | None, root: Path, manifest: bytes, state: State) -> None:
    """Keep `state` for the next build into `root`, paired with the manifest just written."""
    if cache is None:
        return
    data = {
        "version": STATE_VERSION,
        "manifest": hashlib.sha256(manifest).hexdigest(),
        "whole": state.whole,
        "ppcs": state.ppcs,
        "pages": state.pages,
        "layouts": state.layouts,
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    key = state_key(cache, root)
    if cache.get(key) != text:
        cache.put(key, text)


def pieces(
    parts: Sequence[Part],
    old: bytes | None,
    layout: list[tuple[str, int]] | None,
    same: set[str],
    laid: list[tuple[str, int]],
) -> Iterator[bytes]:
    """A file's bytes from its parts (`export.parts`), one part at a time (so a large file
    is never whole in memory), each part of a PPC in `same` (unchanged) taken from `old`,
    the file the last build wrote, where its `layout` (each part's key, "" for none, and
    size) places it; the new file's layout is put in `laid` as the parts are made."""
    places: dict[str, tuple[int, int]] = {}
    if old is not None and layout is not None and sum(size for _, size in layout) == len(old):
        at = 0
        for named, size in layout:
            if named:
                places[named] = (at, size)
            at += size
    laid.clear()
    for key, make in parts:
        place = places.get(key) if key and ppc_of(key) in same else None
        if place is not None and old is not None:
            piece = old[place[0] : place[0] + place[1]]
        else:
            piece = make()
        laid.append((key or "", len(piece)))
        yield piece
