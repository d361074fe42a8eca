"""Loading, stage 1: a plan file's bytes from its source.

Takes a `PlanSource` and a file's name; returns a `Fetched`: the file's bytes, or only its
content id when the caller can use that instead (a git blob's id names its bytes, so a file
found in the cache by it is never read), or the located problem of a file the source refuses
to read (a link leading out of the plan, a device, a file too large)."""

from __future__ import annotations

from typing import NamedTuple

from commit_cli.plan.sources import PlanSource, RefusedFile
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
    return _read(source, name, content_id)


def fetch_bytes(source: PlanSource, fetched: Fetched) -> Fetched:
    """`fetched` with its bytes read, when they were not yet."""
    if fetched.raw is not None or fetched.refused is not None:
        return fetched
    return _read(source, fetched.name, fetched.content_id)


def _read(source: PlanSource, name: str, content_id: str | None) -> Fetched:
    try:
        return Fetched(name, source.read(name), content_id)
    except RefusedFile as refused:
        problem = Problem(name, refused.reason, "refused-file", line=1, column=1)
        return Fetched(name, content_id=content_id, refused=problem)
