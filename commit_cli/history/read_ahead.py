"""The blobs a history walk will read, read before it on two cores (`two_cores`).

The walk reads each commit's changed files in the order of the commits, and most of its
time goes to the first commit's (every file of the plan, each parsed and validated whole).
Each file's versions are read one after the other (each re-read only where it differs from
the one before, `yamlio.splice`), but what a version reads to depends on its own bytes only,
never on another file's: so the files are split in two, by the work they hold, and each half
is read, file by file and version by version, by a reader of its own, one half in a forked
child. The walk then takes each answer where it would have read the blob.

What a blob reads to also names it (a problem reads `abc1234:plan/ppcs/ppc-02.yaml:41:7`),
and the walk gives a blob met again the answer it gave the first time. So an answer is kept
under the blob, its file and that name together, and only for a blob the walk meets once as
a new version: the walk uses it only when it would read that blob under that name, and
reads anything else itself, as before. An answer read ahead is the very answer the walk
would have found, and each reader stores what it reads in the cache as the walk does (by
blob id, signed as every entry is).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Protocol

from commit_cli.core.record import Record
from commit_cli.history import two_cores

Key = tuple[str, str, str]  # a blob id, its file (within the plan folder), its name
Found = tuple[Record | None, str | None]  # the record, or None and the first problem
Versions = dict[str, list[tuple[str, str]]]  # each file's (blob, name), oldest first

# Read ahead only a history with this many versions to read: below it, the fork and the
# answer's pickle cost more than the second core saves.
MIN_READS = 64
# A file's first version is read whole; each later one only where it differs, and only its
# changed items are validated: about this many later versions cost what a first one does.
FIRST_READ_WEIGHT = 8


class Reader(Protocol):
    def get(self, blob: str, relative: str, label: str) -> Found: ...


def versions(reads: list[Key], stored: Callable[[str, str], bool] = lambda *_: False) -> Versions:
    """Of the reads the walk will make (in its order), those that can be read ahead, by file:
    a blob read twice (the same bytes in two files, or a version brought back) is left to
    the walk, which gives it the answer of the first read, and so is a blob whose answer is
    `stored` in the cache (`stored(blob, file)`): the walk reads it back for less than a
    child's answer costs."""
    counts = Counter(blob for blob, _, _ in reads)
    found: Versions = {}
    for blob, relative, label in reads:
        if counts[blob] == 1 and not stored(blob, relative):
            found.setdefault(relative, []).append((blob, label))
    return found


def halves(files: Versions) -> tuple[Versions, Versions]:
    """The files split in two of about the same work (the larger part first)."""
    parts: tuple[Versions, Versions] = ({}, {})
    loads = [0, 0]
    weight = {name: FIRST_READ_WEIGHT + len(found) - 1 for name, found in files.items()}
    for name in sorted(files, key=lambda name: (-weight[name], name)):
        lighter = 0 if loads[0] <= loads[1] else 1
        parts[lighter][name] = files[name]
        loads[lighter] += weight[name]
    return parts


def read_all(files: Versions, reader: Reader) -> dict[Key, Found]:
    """Every version of `files`, each file's in order, by one reader."""
    return {
        (blob, relative, label): reader.get(blob, relative, label)
        for relative, found in files.items()
        for blob, label in found
    }


def read_ahead(
    reads: list[Key],
    reader: Callable[[list[str], bool], Reader],
    stored: Callable[[str, str], bool] = lambda *_: False,
) -> dict[Key, Found]:
    """The answers to `reads` that can be read ahead (`versions`), read on two cores; none
    when too few are left to gain from it or this machine has one core. `reader(blobs,
    child)` makes a reader for the blobs of a half (`child`: in the forked child)."""
    files = versions(reads, stored)
    if sum(len(found) for found in files.values()) < MIN_READS or not two_cores.can_fork():
        return {}
    theirs, mine = halves(files)

    def blobs(part: Versions) -> list[str]:
        return [blob for found in part.values() for blob, _ in found]

    def here() -> dict[Key, Found]:
        try:
            return read_all(mine, reader(blobs(mine), False))
        except Exception:  # the walk reads these itself, and says what failed
            return {}

    found, own = two_cores.in_two(lambda: read_all(theirs, reader(blobs(theirs), True)), here)
    return {**own, **(found or {})}
