"""A plan file's record in the cache (`plan.entries`): written for a file that validated,
read back as the same record with its facts digest, problems and wholeness, and rebuilt
whenever the entry cannot be used (not a pickle, cut short, another format, another record,
an older shape, no digest, problems that are not)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from commit_cli.core.conversion import validated
from commit_cli.core.model import PPC, PlanHeader
from commit_cli.core.record import Record
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.entries import (
    ENTRY_FORMAT,
    facts_digest,
    read_entry,
    record_key,
    write_entry,
)
from commit_cli.plan.fetch import Fetched
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource


def test_an_entry_reads_back_as_the_record_and_its_facts(plan_dir: Path, tmp_path: Path) -> None:
    record = load_plan(FolderSource(plan_dir)).header
    assert record is not None
    cache = ResultCache(tmp_path / "cache")
    key = record_key(cache, PlanHeader, Fetched("plan.yaml", b"bytes"))
    assert read_entry(cache, key, PlanHeader) is None
    write_entry(cache, key, record, facts_digest(record))
    assert read_entry(cache, key, PlanHeader) == (record, facts_digest(record), (), True)
    assert read_entry(cache, key, PPC) is None  # another kind of record: not used
    assert pickle.loads(cache.get(key) or b"")[0] == ENTRY_FORMAT


def test_the_key_names_the_kind_of_record_and_the_bytes_or_their_id(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    by_bytes = record_key(cache, PPC, Fetched("a.yaml", b"id: x\n"))
    assert by_bytes == record_key(cache, PPC, Fetched("b.yaml", b"id: x\n"))  # not the name
    assert by_bytes == cache.key("PPC", b"id: x\n")
    assert by_bytes != record_key(cache, PlanHeader, Fetched("a.yaml", b"id: x\n"))
    assert by_bytes != record_key(cache, PPC, Fetched("a.yaml", b"id: y\n"))
    by_id = record_key(cache, PPC, Fetched("a.yaml", content_id="0123abcd"))
    assert by_id == cache.key("PPC", b"content-id", b"0123abcd")
    assert by_id != record_key(cache, PPC, Fetched("a.yaml", b"0123abcd"))


def another_record(record: object) -> object:
    """A valid record of another kind than `record`."""
    if isinstance(record, PPC):
        period = {"start": "2005-01-01", "end": "2005-12-31"}
        return validated(PlanHeader, {"id": "x", "title": "X", "period": period})
    return validated(
        PPC,
        {"id": "p", "label": "P", "title": "T", "short_title": "S", "activities": [],
         "objective": "O"}
    )  # fmt: skip


def entry_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def file_entries(cache: ResultCache, plan_dir: Path) -> list[Path]:
    """The cache entries of the plan's files (not of its checks)."""
    result = load_plan(FolderSource(plan_dir), cache)
    keys = {source.cache_key for source in result.files}
    return [path for path in entry_files(cache.folder) if path.name in keys]


# (format, record, digest of its facts, its problems, read whole), as entries.py writes
Entry = tuple[str, Record, str, tuple[object, ...], bool]


def replaced(
    entry: Entry, record: object = None, facts: object = None, problems: object = None
) -> bytes:
    kind, old_record, old_facts, old_problems, whole = entry
    return pickle.dumps(
        (
            kind,
            old_record if record is None else record,
            old_facts if facts is None else facts,
            old_problems if problems is None else problems,
            whole,
        )
    )


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda entry: b"\x80\x05garbage", id="not-a-pickle"),
        pytest.param(lambda entry: pickle.dumps(entry)[:-9], id="truncated"),
        pytest.param(lambda entry: pickle.dumps(entry[1]), id="a-bare-record"),
        pytest.param(lambda entry: replaced(entry, ("x",) * 99), id="a-plain-tuple"),
        pytest.param(
            lambda entry: replaced(entry, type(entry[1]).from_values(tuple(entry[1])[:-1])),
            id="an-older-shape",
        ),
        pytest.param(lambda entry: replaced(entry, another_record(entry[1])), id="another-record"),
        pytest.param(lambda entry: replaced(entry, facts=""), id="no-facts"),
        pytest.param(lambda entry: replaced(entry, problems=("x",)), id="not-problems"),
        pytest.param(lambda entry: pickle.dumps(entry[:3]), id="an-older-format"),
        pytest.param(lambda entry: pickle.dumps(("format 0", *entry[1:])), id="another-format"),
    ],
)
def test_an_unusable_entry_in_the_new_format_is_rebuilt(
    plan_dir: Path, tmp_path: Path, spoil: object
) -> None:
    cache = ResultCache(tmp_path / "cache")
    expected = load_plan(FolderSource(plan_dir), cache)
    assert expected.plan is not None
    spoiled = file_entries(cache, plan_dir)
    assert len(spoiled) == 3  # the header and two PPCs
    for path in spoiled:
        entry = pickle.loads(cache.get(path.name) or b"")
        cache.put(path.name, spoil(entry))  # type: ignore[operator]
    again = load_plan(FolderSource(plan_dir), cache)
    assert again.plan == expected.plan
    assert [source.text is not None for source in again.files] == [True, True, True]
    rebuilt = load_plan(FolderSource(plan_dir), cache)
    assert rebuilt.plan == expected.plan
    assert all(source.text is None for source in rebuilt.files)  # served from the cache
