"""Loading, stage 1: a plan file's bytes from its source.

Takes a `PlanSource` and a file's name; returns a `Fetched`: the file's bytes, or only its
content id when the caller can use that instead (a git blob's id names its bytes, and a file
on disk whose stamp is unchanged is named by the id of the bytes read before, so a file
found in the cache by it is never read), or the located problem of a file the source refuses
to read (a link leading out of the plan, a device, a file too large)."""

from __future__ import annotations

from typing import NamedTuple

from commit_cli.plan.manifest import content_id as bytes_id
from commit_cli.plan.sources import FolderSource, PlanSource, RefusedFile
from commit_cli.problems import Problem


class Fetched(NamedTuple):
    """What the source gave for one file: its bytes (None while only its content id was
    asked for, or when it was refused), its content id (None when the source has none) and,
    for a refused file, the problem that says why."""

    name: str
    raw: bytes | None = None
    content_id: str | None = None
    refused: Problem | None = None


def fetch(source: PlanSource, name: str, by_id: bool = False) -> Fetched:
    """The file `name` of `source`: with `by_id`, only its content id when the source has
    one (`fetch_bytes` reads the bytes later, if they are needed); else its bytes."""
    content_id = source.content_id(name)
    if by_id and content_id is not None:
        return Fetched(name, content_id=content_id)
    return _read(source, name, content_id, by_id)


def fetch_bytes(source: PlanSource, fetched: Fetched) -> Fetched:
    """`fetched` with its bytes read, when they were not yet."""
    if fetched.raw is not None or fetched.refused is not None:
        return fetched
    return _read(source, fetched.name, fetched.content_id, by_id=True)


def _read(source: PlanSource, name: str, content_id: str | None, by_id: bool) -> Fetched:
    """The file's bytes; with `by_id`, and a source that has no id for them, with the id of
    the bytes (`manifest.content_id`), so a file on disk is keyed in the cache the same way
    whether it was read or known by its stamp."""
    try:
        raw = source.read(name)
    except RefusedFile as refused:
        problem = Problem(name, refused.reason, "refused-file", line=1, column=1)
        return Fetched(name, content_id=content_id, refused=problem)
    if isinstance(source, FolderSource) and by_id:
        # The bytes read name themselves: a file that changed after its stamp was looked
        # at must not be filed under the id the manifest gave for it.
        content_id = bytes_id(raw)
        source.identified(name, content_id)
    elif by_id and content_id is None:
        content_id = bytes_id(raw)
    return Fetched(name, raw, content_id)
