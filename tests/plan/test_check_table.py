"""The table of each PPC file's parts of the checks (`plan.check_table`) gives a row only for
the bytes it was found for: another version of a file (same size and times or not), a
renamed file or a tampered table gives none, and the checks then find the parts again (the
differential test of `tests/plan/test_refresh.py` holds the results equal to a whole load)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from conftest import REPO

from commit_cli.plan.cache import ResultCache
from commit_cli.plan.check_table import CheckTable
from commit_cli.plan.file_read import FileRead
from commit_cli.plan.load import LoadResult, load_plan
from commit_cli.plan.sources import FolderSource

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


def _table(result: LoadResult, cache: ResultCache) -> CheckTable:
    """The table a check of `result`'s files reads."""
    header, *ppcs = result.files
    return CheckTable(cache, [header], ppcs)


def _rows(table: CheckTable, count: int) -> list[bool]:
    """For each PPC file, whether the table holds both of its parts."""
    return [table.progress(i) is not None and table.problems(i) is not None for i in range(count)]


def _load(plan_dir: Path, cache: ResultCache) -> LoadResult:
    return load_plan(FolderSource(plan_dir), cache)


def test_a_row_is_taken_only_for_the_bytes_it_was_found_for(tmp_path: Path) -> None:
    plan_dir = generate(45, tmp_path / "gen", seed=5, per_file=15)
    cache = ResultCache(tmp_path / "cache")
    result = _load(plan_dir, cache)  # a whole load stores the table
    count = len(result.files) - 1
    assert _rows(_table(result, cache), count) == [True] * count
    first = sorted((plan_dir / "ppcs").glob("*.yaml"))[0]
    stat = first.stat()
    text = first.read_text(encoding="utf-8")
    edited = text.replace("status: planned\n", "status: done   \n", 1)  # the same size
    assert edited != text
    assert len(edited) == len(text)
    first.write_text(edited, encoding="utf-8")
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same times
    changed = _load(plan_dir, ResultCache(tmp_path / "other"))  # the new bytes' entry keys
    assert changed.files[1].cache_key != result.files[1].cache_key
    assert _rows(_table(changed, cache), count) == [False] + [True] * (count - 1)


def test_a_renamed_file_or_a_tampered_table_gives_no_row(tmp_path: Path) -> None:
    plan_dir = generate(45, tmp_path / "gen", seed=5, per_file=15)
    cache = ResultCache(tmp_path / "cache")
    result = _load(plan_dir, cache)
    count = len(result.files) - 1
    header, *ppcs = result.files
    renamed = [ppcs[0]._replace(name=ppcs[0].name.replace("ppc-", "ppc-x")), *ppcs[1:]]
    assert _rows(CheckTable(cache, [header], renamed), count) == [False] * count
    table = _table(result, cache)
    stored = cache.folder / table.key[:2] / table.key
    entry = bytearray(stored.read_bytes())
    entry[-3] ^= 1
    stored.write_bytes(bytes(entry))
    assert _rows(_table(result, cache), count) == [False] * count
    _load(plan_dir, ResultCache(tmp_path / "cache"))  # the checks come from their entry
    removed = [read for read in cache.folder.rglob("*") if read.is_file()]
    for path in removed:
        if path.parent != cache.folder and path.name != table.key:
            path.unlink()  # every entry but the (tampered) table: the checks run again
    assert _load(plan_dir, cache).problems == result.problems
    assert _rows(_table(result, cache), count) == [True] * count  # and store it again


def test_a_file_read_without_a_key_is_never_stored(tmp_path: Path) -> None:
    plan_dir = generate(30, tmp_path / "gen", seed=5, per_file=15)
    cache = ResultCache(tmp_path / "cache")
    result = _load(plan_dir, cache)
    header, *ppcs = result.files
    keyless = [FileRead(ppcs[0].name), *ppcs[1:]]
    table = CheckTable(cache, [header], keyless)
    table.note_problems(0, [])
    table.save()
    assert _rows(_table(result, cache), len(ppcs)) == [True] * len(ppcs)


def test_an_edited_header_gives_no_row(tmp_path: Path) -> None:
    """A PPC file's own rules read the header's facts (the plan's period, its countries): a
    table found for another version of plan.yaml gives no row for any file, though every PPC
    file's bytes are the same."""
    plan_dir = generate(45, tmp_path / "gen", seed=5, per_file=15)
    cache = ResultCache(tmp_path / "cache")
    result = _load(plan_dir, cache)
    count = len(result.files) - 1
    assert _rows(_table(result, cache), count) == [True] * count
    header = plan_dir / "plan.yaml"
    header.write_text(header.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    changed = _load(plan_dir, ResultCache(tmp_path / "other"))
    assert [read.cache_key for read in changed.files[1:]] == [
        read.cache_key for read in result.files[1:]
    ]
    assert _rows(_table(changed, cache), count) == [False] * count
