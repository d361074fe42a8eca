"""Loading, last stage: every problem given its line and column, from the cache when it can.

`located` takes the source, the plan's files as read (`FileRead`), the problems and the
cache, and returns the problems located and sorted by file and line. A problem that names
its place by a path (the keys and indexes from the file's top) is located by composing the
file's text (`yamlio.positions`), which costs a parse of the file. So, with a cache, where
each path lies in a file is kept under the file's own entry key (`positions`: a JSON object
of path → line and column): the key names the file's bytes, the tool and its rules, so the
places cannot go stale, and a warm run locates the warnings of an unchanged file, its own
and those the checks across files find, without reading its text or parsing YAML. A path
not found there (a problem new since, from a change in another file or a new day) makes the
file's text be composed once more, and the entry is written again with every place known.
The YAML reader is imported only then."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from commit_cli.problems import Problem

if TYPE_CHECKING:
    from commit_cli.plan.cache import ResultCache
    from commit_cli.plan.file_read import FileRead
    from commit_cli.plan.sources import PlanSource

Places = dict[str, list[int]]  # place key → [line, column]


def place_key(problem: Problem) -> str:
    """What names a problem's place in its file: its path and whether it is at the key
    (`repr`: steps of other types than text and numbers, such as dates, stay apart)."""
    return repr((problem.path, problem.at_key))


def located(
    source: PlanSource,
    files: Sequence[FileRead],
    problems: list[Problem],
    cache: ResultCache | None = None,
) -> list[Problem]:
    """`problems` with a line and column each (from the cache, else found from its file's
    text when it has only a path), sorted by file and line."""
    wanted = {p.file for p in problems if not p.line}
    keys = {r.name: r.cache_key for r in files if r.name in wanted and r.cache_key}
    known: dict[str, Places] = {}
    if cache is not None:
        known = {name: _read_places(cache, key) for name, key in keys.items()}
    found: list[Problem] = []
    missing: list[int] = []  # the problems not located from the cache
    for problem in problems:
        if not problem.line:
            place = known.get(problem.file, {}).get(place_key(problem))
            if place is not None:
                problem = replace(problem, line=place[0], column=place[1])
            else:
                missing.append(len(found))
        found.append(problem)
    if missing:
        found = _from_texts(source, files, found, {found[i].file for i in missing})
        if cache is not None:
            _write_places(cache, keys, known, [found[i] for i in missing])
    return sorted(found, key=Problem.sort_key)


def _from_texts(
    source: PlanSource, files: Sequence[FileRead], problems: list[Problem], wanted: set[str]
) -> list[Problem]:
    """`problems` located from the text of every file in `wanted`."""
    from commit_cli.plan.screen import decode
    from commit_cli.yamlio.positions import locate_problems

    texts: dict[str, str] = {}
    for read in files:
        if read.name in wanted:
            text = read.text
            if text is None:
                text, _ = decode(read.name, source.read(read.name))
            if text is not None:
                texts[read.name] = text
    return locate_problems(problems, texts)


def _places_key(cache: ResultCache, entry_key: str) -> str:
    return cache.key("positions", entry_key.encode("ascii", "replace"))


def _read_places(cache: ResultCache, entry_key: str) -> Places:
    """The places kept for the file whose entry is `entry_key`; none when the entry is
    missing or is not what `_write_places` writes (it is then written again)."""
    data = cache.get(_places_key(cache, entry_key))
    if data is None:
        return {}
    try:
        places = json.loads(data)
    except ValueError:
        return {}
    if type(places) is not dict or not all(
        type(v) is list and len(v) == 2 and all(type(n) is int and n > 0 for n in v)
        for v in places.values()
    ):
        return {}
    return places


def _write_places(
    cache: ResultCache, keys: dict[str, str], known: dict[str, Places], problems: list[Problem]
) -> None:
    """Keep the places of `problems`, just located from their files' texts, with those
    known before, for every file read with a cache key."""
    new: dict[str, Places] = {}
    for problem in problems:
        if problem.line and problem.file in keys:
            places = new.setdefault(problem.file, dict(known.get(problem.file, {})))
            places[place_key(problem)] = [problem.line, problem.column]
    for name, places in new.items():
        cache.put(_places_key(cache, keys[name]), json.dumps(places).encode())
