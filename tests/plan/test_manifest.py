"""Plan files known by their stamps (`plan.manifest`): a warm load reads no file whose stamp
is the one recorded, and never takes a changed file for the one read before: not when its
bytes change under the same size and modification time, not when it is renamed or replaced,
not when it changed too shortly before the run, not on another file system."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from commit_cli.core.model import PPC
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.fetch import fetch, fetch_bytes
from commit_cli.plan.load import LoadResult, load_plan
from commit_cli.plan.manifest import SETTLED_NS, StampManifest, content_id
from commit_cli.plan.sources import FileStamp, FolderSource

LATER = 10 * SETTLED_NS  # a run that starts this long after the files were written


class CountingSource(FolderSource):
    """A plan folder that counts the files it reads."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.reads: list[str] = []

    def read(self, name: str) -> bytes:
        self.reads.append(Path(name).name)
        return super().read(name)


def run(plan_dir: Path, cache: ResultCache, started_ns: int | None = None) -> CountingSource:
    """One command's load of the plan with the manifest, as `cli.plan_access` does it."""
    source = CountingSource(plan_dir)
    start = time.time_ns() + LATER if started_ns is None else started_ns
    source.manifest = StampManifest(cache, plan_dir, start)
    source.loaded = load_plan(source, cache)  # type: ignore[attr-defined]
    source.manifest.save()
    return source


def titles(source: CountingSource) -> list[str]:
    loaded: LoadResult = source.loaded  # type: ignore[attr-defined]
    assert loaded.plan is not None, loaded.problems
    return [m.title for ppc in loaded.plan.ppcs for m in ppc.milestones]


@pytest.fixture
def cache(isolated_cache: Path) -> ResultCache:
    return ResultCache(isolated_cache)


def test_a_warm_load_reads_no_file_and_gives_the_same_plan(
    plan_dir: Path, cache: ResultCache
) -> None:
    first = run(plan_dir, cache)
    assert sorted(first.reads) == ["plan.yaml", "ppc-01.yaml", "ppc-02.yaml"]
    second = run(plan_dir, cache)
    assert second.reads == []
    assert titles(second) == titles(first)
    uncached = load_plan(FolderSource(plan_dir))
    assert second.loaded.plan == uncached.plan  # type: ignore[attr-defined]


def test_the_same_bytes_with_a_new_modification_time_are_read_again(
    plan_dir: Path, cache: ResultCache
) -> None:
    run(plan_dir, cache)
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    found = path.stat()
    os.utime(path, ns=(found.st_atime_ns, found.st_mtime_ns + 1_000_000_000))
    again = run(plan_dir, cache)
    assert again.reads == ["ppc-01.yaml"]
    assert run(plan_dir, cache).reads == []  # and known by its new stamp after


def test_new_bytes_of_the_same_size_and_modification_time_are_seen(
    plan_dir: Path, cache: ResultCache
) -> None:
    before = titles(run(plan_dir, cache))
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    found = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("Assessment of information systems", "Assessment of information sistems")
    assert changed != text
    assert len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(found.st_atime_ns, found.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (found.st_size, found.st_mtime_ns)
    again = run(plan_dir, cache)
    assert again.reads == ["ppc-01.yaml"]
    assert "Assessment of information sistems" in titles(again)
    assert "Assessment of information sistems" not in before


def test_files_renamed_over_each_other_are_read_again(plan_dir: Path, cache: ResultCache) -> None:
    run(plan_dir, cache)
    folder = plan_dir / "ppcs"
    first, second = folder / "ppc-01.yaml", folder / "ppc-02.yaml"
    text_1, text_2 = first.read_bytes(), second.read_bytes()
    os.rename(first, folder / "swap")
    os.rename(second, first)
    os.rename(folder / "swap", second)
    again = run(plan_dir, cache)
    assert sorted(again.reads) == ["ppc-01.yaml", "ppc-02.yaml"]
    assert (first.read_bytes(), second.read_bytes()) == (text_2, text_1)
    loaded: LoadResult = again.loaded  # type: ignore[attr-defined]
    assert dict(loaded.ppc_file_of) == {
        ppc.id: name for name, ppc in loaded.ppc_files.items() if isinstance(ppc, PPC)
    }
    assert {Path(name).name for name in loaded.ppc_files} == {"ppc-01.yaml", "ppc-02.yaml"}
    assert loaded.ppc_file_of == load_plan(FolderSource(plan_dir)).ppc_file_of


def test_a_file_replaced_by_a_copy_with_the_same_times_is_read_again(
    plan_dir: Path, cache: ResultCache
) -> None:
    run(plan_dir, cache)
    path = plan_dir / "ppcs" / "ppc-02.yaml"
    copy = plan_dir.parent / "copy.yaml"
    shutil.copy2(path, copy)  # the same bytes and times, another inode
    os.replace(copy, path)
    assert run(plan_dir, cache).reads == ["ppc-02.yaml"]


def test_a_file_changed_just_before_the_run_is_not_recorded(
    plan_dir: Path, cache: ResultCache
) -> None:
    written = (plan_dir / "ppcs" / "ppc-01.yaml").stat().st_ctime_ns
    run(plan_dir, cache, started_ns=written + SETTLED_NS // 2)
    again = run(plan_dir, cache, started_ns=written + SETTLED_NS // 2)
    assert "ppc-01.yaml" in again.reads
    settled = run(plan_dir, cache)
    assert "ppc-01.yaml" in settled.reads  # recorded by this run, known from the next
    assert run(plan_dir, cache).reads == []


def test_a_stamp_from_another_file_system_or_a_link_is_never_trusted(
    plan_dir: Path, cache: ResultCache
) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    found = FileStamp.of(os.lstat(path))
    manifest = StampManifest(cache, plan_dir, time.time_ns() + LATER)
    manifest.learn(path, found._replace(device=found.device + 1), "sha256:x")
    manifest.save()
    assert StampManifest(cache, plan_dir, time.time_ns()).known_id(path) is None
    manifest = StampManifest(cache, plan_dir, time.time_ns() + LATER)
    manifest.learn(path, found, "sha256:y")
    manifest.save()
    assert StampManifest(cache, plan_dir, time.time_ns()).known_id(path) == "sha256:y"
    link = plan_dir / "ppcs" / "ppc-03.yaml"
    link.symlink_to(path)
    manifest = StampManifest(cache, plan_dir, time.time_ns() + LATER)
    manifest.learn(link, found, "sha256:y")
    manifest.save()
    assert StampManifest(cache, plan_dir, time.time_ns()).known_id(link) is None


def test_bytes_read_after_the_stamp_was_looked_at_are_filed_by_their_own_id(
    plan_dir: Path, cache: ResultCache
) -> None:
    source = FolderSource(plan_dir)
    name = source.files().header
    path = source.path_of(name)
    manifest = StampManifest(cache, plan_dir, time.time_ns() + LATER)
    manifest.learn(path, FileStamp.of(os.lstat(path)), "sha256:stale")
    manifest.save()
    source.manifest = StampManifest(cache, plan_dir, time.time_ns())
    named = fetch(source, name, by_id=True)
    assert (named.raw, named.content_id) == (None, "sha256:stale")
    read = fetch_bytes(source, named)
    assert read.content_id == content_id(path.read_bytes())


def test_a_manifest_that_cannot_be_read_is_rebuilt(plan_dir: Path, cache: ResultCache) -> None:
    run(plan_dir, cache)
    manifest = StampManifest(cache, plan_dir, 0)
    cache.put(manifest._key, b'{"format": 1, "files": {"plan.yaml": [1, 2]}}')
    assert sorted(run(plan_dir, cache).reads) == ["plan.yaml", "ppc-01.yaml", "ppc-02.yaml"]
    assert run(plan_dir, cache).reads == []


def test_the_manifest_is_the_same_from_whichever_folder_the_command_runs(
    plan_dir: Path, cache: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(plan_dir, cache)
    monkeypatch.chdir(plan_dir / "ppcs")
    assert run(plan_dir.resolve(), cache).reads == []
    monkeypatch.chdir(plan_dir.parent.parent)
    assert run(Path(os.path.relpath(plan_dir)), cache).reads == []
