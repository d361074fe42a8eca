"""One plan file through the stages (`plan.file_read`): read, validated and stored once, then
served from the cache; what a file that fails keeps for the later steps (its data, its text)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import PPC_1, REPO

from commit_cli.core.model import PPC
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.entries import facts_digest
from commit_cli.plan.file_read import FileRead, read_one
from commit_cli.plan.sources import FolderSource

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


def read_ppc1(plan_dir: Path, cache: ResultCache | None, keep: bool = False) -> FileRead:
    source = FolderSource(plan_dir)
    name = source.files().ppcs[0]
    return read_one(source, name, PPC, "one PPC", cache, keep_parsed=keep)


def write_ppc1(plan_dir: Path, text: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(text, encoding="utf-8")


def test_a_clean_file_is_stored_and_then_served_from_the_cache(
    plan_dir: Path, tmp_path: Path
) -> None:
    cache = ResultCache(tmp_path / "cache")
    cold = read_ppc1(plan_dir, cache, keep=True)
    assert isinstance(cold.record, PPC)
    assert cold.problems == ()
    assert cold.text == PPC_1
    assert cold.parsed is not None
    assert cold.cache_key
    assert cold.facts == facts_digest(cold.record)
    warm = read_ppc1(plan_dir, cache, keep=True)
    assert warm == FileRead(cold.name, cold.record, (), cold.cache_key, cold.facts)
    assert warm.text is None
    assert warm.parsed is None


def test_without_a_cache_nothing_is_keyed(plan_dir: Path) -> None:
    read = read_ppc1(plan_dir, None)
    assert isinstance(read.record, PPC)
    assert (read.cache_key, read.facts, read.parsed) == ("", "", None)


def test_a_file_with_a_warning_is_stored_with_its_warning(plan_dir: Path, tmp_path: Path) -> None:
    write_ppc1(plan_dir, PPC_1.replace("Exchange information.", '"Exchange\\u202e information."'))
    cache = ResultCache(tmp_path / "cache")
    first = read_ppc1(plan_dir, cache)
    assert isinstance(first.record, PPC)
    assert [p.code for p in first.problems] == ["control-character"]
    again = read_ppc1(plan_dir, cache)
    assert again.text is None  # from the cache, not parsed again
    assert again.problems == first.problems
    assert again.record == first.record


def test_a_file_that_fails_validation_keeps_its_data(plan_dir: Path, tmp_path: Path) -> None:
    write_ppc1(plan_dir, PPC_1.replace("    kind: assessment", "    knd: assessment"))
    cache = ResultCache(tmp_path / "cache")
    read = read_ppc1(plan_dir, cache)
    assert read.record is None
    assert read.raw_data is not None
    assert read.raw_data["id"] == "ppc-1"
    assert read.text is not None
    assert {p.code for p in read.problems} >= {"unknown-key"}
    assert all(p.line == 0 and p.path for p in read.problems)  # placed by the loader
    assert read_ppc1(plan_dir, cache).text is not None  # never stored


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"id: ppc-1\nlabel: PPC 1: extra\n", "yaml-colon-in-value"),
        (b"id: ppc-1\n<<<<<<< HEAD\n", "merge-conflict"),
        (b"id: \xff\n", "encoding"),
        (b"- id: ppc-1\n", "not-a-mapping"),
    ],
)
def test_a_file_that_cannot_be_read_has_no_data(plan_dir: Path, raw: bytes, code: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_bytes(raw)
    read = read_ppc1(plan_dir, None, keep=True)
    assert (read.record, read.raw_data, read.parsed) == (None, None, None)
    assert [p.code for p in read.problems] == [code]
    assert read.problems[0].line >= 1  # located where it was found


def test_a_file_read_cannot_be_changed(plan_dir: Path) -> None:
    read = read_ppc1(plan_dir, None)
    with pytest.raises(AttributeError):
        read.record = None  # type: ignore[misc]


def test_a_stored_record_holds_each_text_and_day_once(tmp_path: Path) -> None:
    """What is stored is the record as validated, with its equal texts and days shared
    (`core.record.shared`): read back from the cache, two milestones of one agency hold one
    text, and the record is the one read without a cache."""
    plan_dir = generate(40, tmp_path / "gen", seed=3, per_file=40)
    cache = ResultCache(tmp_path / "cache")
    alone = read_ppc1(plan_dir, None).record
    cold = read_ppc1(plan_dir, cache).record
    warm = read_ppc1(plan_dir, cache).record
    assert isinstance(alone, PPC)
    assert isinstance(warm, PPC)
    assert cold == warm == alone
    assert warm.model_dump(mode="json") == alone.model_dump(mode="json")
    for record in (cold, warm):
        assert isinstance(record, PPC)
        leads = [m.lead for m in record.milestones if m.lead is not None]
        starts = [m.window.start for m in record.milestones if m.window is not None]
        assert len(set(leads)) < len(leads)
        assert len(set(starts)) < len(starts)
        assert len({id(lead) for lead in leads}) == len(set(leads))
        assert len({id(start) for start in starts}) == len(set(starts))
