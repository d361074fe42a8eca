"""Finding the object an edit is about: its file and its place in that file, by id."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from commit_cli.core.hints import closest
from commit_cli.core.model import PPC
from commit_cli.errors import NotFound
from commit_cli.plan.file_read import FileRead
from commit_cli.problems import YamlPath
from commit_cli.query.index import PPCName, resolve_ppc

KINDS = {"milestones": "milestone", "indicators": "indicator"}


@dataclass(frozen=True)
class Target:
    """A milestone, indicator or PPC: its id, kind, file, and path inside the file."""

    kind: str
    ident: str
    file: str
    path: YamlPath
    ppc: str


def _objects(ppc_id: str, data: Any, file: str) -> Iterator[Target]:
    yield Target("ppc", ppc_id, file, (), ppc_id)
    for key, kind in KINDS.items():
        items = data.get(key) if isinstance(data, dict) else None
        for i, item in enumerate(items if isinstance(items, list) else []):
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str):
                yield Target(kind, ident, file, (key, i), ppc_id)


def _model_objects(ppc: PPC, file: str) -> Iterator[Target]:
    yield Target("ppc", ppc.id, file, (), ppc.id)
    for i, milestone in enumerate(ppc.milestones):
        yield Target("milestone", milestone.id, file, ("milestones", i), ppc.id)
    for i, indicator in enumerate(ppc.indicators):
        yield Target("indicator", indicator.id, file, ("indicators", i), ppc.id)


def every_target(files: Sequence[FileRead]) -> Iterator[Target]:
    """Every object of the PPC files `files` as loaded: from a file's record, else from
    the data of a file that failed validation."""
    for file in files:
        if isinstance(file.record, PPC):
            yield from _model_objects(file.record, file.name)
        elif isinstance(file.raw_data, dict):
            ident = file.raw_data.get("id")
            yield from _objects(ident if isinstance(ident, str) else "", file.raw_data, file.name)


def _ppc_named(files: Sequence[FileRead], text: str) -> Target | None:
    """The PPC `text` names by its label, number or file (`PPC 4`, `4`, `ppc-04.yaml`), as
    every command names a PPC (`query.index.resolve_ppc`)."""
    ppcs: dict[str, tuple[Target, PPCName]] = {}
    for file in files:
        data = file.record if isinstance(file.record, PPC) else file.raw_data
        ident = data.id if isinstance(data, PPC) else (data or {}).get("id")
        label = data.label if isinstance(data, PPC) else (data or {}).get("label")
        if isinstance(ident, str) and ident not in ppcs:
            name = PPCName(ident, label if isinstance(label, str) else "", file.name)
            ppcs[ident] = (Target("ppc", ident, file.name, (), ident), name)
    found = resolve_ppc(text, [name for _, name in ppcs.values()])
    return ppcs[found][0] if found is not None else None


def find_target(files: Sequence[FileRead], ident: str, kinds: tuple[str, ...]) -> Target:
    """The object `ident` names among `kinds` in the PPC files `files` as loaded; NotFound
    naming the closest ids otherwise."""
    wanted = ident.strip()
    candidates: list[str] = []
    other: Target | None = None
    for target in every_target(files):
        if target.ident == wanted:
            if target.kind in kinds:
                return target
            other = target
        if target.kind in kinds:
            candidates.append(target.ident)
    names = " or ".join(kinds)
    if "ppc" in kinds and (named := _ppc_named(files, wanted)) is not None:
        return named
    if other is not None:
        raise NotFound(f"'{wanted}' is a {other.kind}, not a {names}")
    close = closest(wanted, candidates, n=3, cutoff=0.5) or closest(
        wanted.lower(), candidates, n=3, cutoff=0.5
    )
    hint = f"; closest: {', '.join(close)}" if close else ""
    unread = [
        file.name
        for file in files
        if not isinstance(file.record, PPC) and not isinstance(file.raw_data, dict)
    ]
    if unread:
        hint += f" ({', '.join(unread)} could not be read; run `commit validate`)"
    raise NotFound(f"unknown {names} '{wanted}'{hint}")
