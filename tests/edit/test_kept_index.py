"""An edit stores the read index of the file it wrote (`edit.session.keep_read_index`), so the
next `status` is warm: what it stores is exactly what a cold load of the same bytes stores, it
is keyed by those bytes (a file changed after the edit is never read from it), and a tampered
entry is never trusted."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commit_cli.core.known import known_on
from commit_cli.core.model import PPC
from commit_cli.edit import operations
from commit_cli.edit.session import Edit, EditRefused, run_edit
from commit_cli.errors import UsageError
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.columns import columns_key, read_columns
from commit_cli.plan.columns_load import ColumnsLoad, keep_columns, load_columns
from commit_cli.plan.entries import record_key
from commit_cli.plan.fetch import Fetched
from commit_cli.plan.load import load_plan
from commit_cli.plan.manifest import StampManifest, content_id
from commit_cli.plan.sources import FolderSource
from commit_cli.query.index import PlanIndex
from commit_cli.query.status import plan_status
from commit_cli.query.status_columns import plan_status_columns

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

DAY = date(2006, 6, 30)


def _status_load(plan_dir: Path, cache: ResultCache) -> ColumnsLoad | None:
    """What `status` does first: the plan from its read index, with the manifest."""
    source = FolderSource(plan_dir)
    source.manifest = StampManifest(cache, plan_dir, time.time_ns())
    found = load_columns(source, cache)
    source.manifest.save()
    return found


def _warm(plan_dir: Path, cache: ResultCache) -> None:
    """A status run as a user's earlier command: every file's entry and index stored."""
    result = load_plan(FolderSource(plan_dir), cache)
    keep_columns(result, cache)
    assert _status_load(plan_dir, cache) is not None


def _entries(cache: ResultCache, raw: bytes) -> tuple[bytes | None, bytes | None]:
    """The stored bytes of the record entry and the read index of a PPC file of bytes `raw`."""
    key = record_key(cache, PPC, Fetched("f", raw, content_id(raw)))
    return cache.get(key), cache.get(columns_key(cache, key))


def _note(ident: str, text: str) -> Edit:
    return Edit(
        "note",
        ident,
        ("milestone",),
        partial(operations.note, text=text, on="2006-01-02", by="tester"),
    )


def _done(ident: str, text: str) -> Edit:
    del text
    return Edit("done", ident, ("milestone",), partial(operations.done, on="2006-01-10"))


def _start(ident: str, text: str) -> Edit:
    del text
    return Edit("start", ident, ("milestone",), partial(operations.start, on="2006-01-05"))


@pytest.fixture
def small_plan(tmp_path: Path) -> Path:
    return generate(120, tmp_path / "gen", seed=5, per_file=30)


def _edit_then_compare(plan_dir: Path, edit: Edit, home: Path, fresh: Path) -> None:
    cache = ResultCache(home)
    result = run_edit(plan_dir, edit, cache)
    if not result.written:  # `done` on a milestone already done: nothing to keep
        assert edit.command != "note"
        return
    raw = Path(result.file).read_bytes()  # named from the current folder
    stored = _entries(cache, raw)
    assert stored[0] is not None
    assert stored[1] is not None
    cold = ResultCache(fresh)
    keep_columns(load_plan(FolderSource(plan_dir), cold), cold)
    # The same bytes, entry for entry (each signed with its own cache's key).
    assert stored == _entries(cold, raw)
    assert read_columns(cache, record_key(cache, PPC, Fetched("f", raw, content_id(raw))))
    # And the next status reads the plan from the index, as after a cold load.
    found = _status_load(plan_dir, cache)
    assert found is not None
    whole = load_plan(FolderSource(plan_dir), None)
    assert whole.plan is not None
    light = PlanIndex(known_on(found.plan, DAY), found.ppc_file_of)
    full = PlanIndex(known_on(whole.plan, DAY), whole.ppc_file_of)
    got = plan_status_columns(light, found.columns, DAY)
    assert got.to_json() == plan_status(full, DAY).to_json()


def test_after_a_note_the_next_status_reads_the_index(
    small_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_plan.parent)
    cache = ResultCache(tmp_path / "cache")
    _warm(small_plan, cache)
    _edit_then_compare(small_plan, _note("p1-m1", "Seen."), tmp_path / "cache", tmp_path / "b")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.data(),
    text=st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1),
)
def test_an_edit_stores_what_a_cold_load_stores(
    small_plan: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, text: str
) -> None:
    """Differential: whatever the edit, the entries it leaves for the file it wrote are the
    bytes a cold load of the file as written stores."""
    text = text.strip() or "x"
    operation = data.draw(st.sampled_from([_note, _done, _start]))
    ident = data.draw(st.sampled_from(["p1-m1", "p2-m2", "p3-m4", "p4-m21"]))
    home = tmp_path_factory.mktemp("home")
    fresh = tmp_path_factory.mktemp("fresh")
    old = os.getcwd()
    os.chdir(small_plan.parent)
    try:
        _warm(small_plan, ResultCache(home))
        # An edit the plan refuses (done twice, a note it cannot hold) keeps nothing.
        with contextlib.suppress(EditRefused, UsageError):
            _edit_then_compare(small_plan, operation(ident, text), home, fresh)
    finally:
        os.chdir(old)


def test_a_file_changed_after_the_edit_is_not_read_from_the_kept_index(
    small_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept entries are keyed by the bytes written: the same size, the same times put
    back (`os.utime`), other bytes: the next status reads the new bytes."""
    monkeypatch.chdir(small_plan.parent)
    cache = ResultCache(tmp_path / "cache")
    _warm(small_plan, cache)
    run_edit(small_plan, _note("p1-m1", "Seen."), cache)
    path = small_plan / "ppcs" / "ppc-0001.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "status: planned" in text
    path.write_text(text.replace("status: planned", "status: ongoing", 1), encoding="utf-8")
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    stale = load_plan(FolderSource(small_plan), cache)
    assert any(problem.file.endswith("ppc-0001.yaml") for problem in stale.errors)
    assert _status_load(small_plan, cache) is None  # not from the index: the file has an error


def test_a_tampered_kept_index_is_not_trusted(
    small_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_plan.parent)
    cache = ResultCache(tmp_path / "cache")
    _warm(small_plan, cache)
    run_edit(small_plan, _note("p1-m1", "Seen."), cache)
    raw = (small_plan / "ppcs" / "ppc-0001.yaml").read_bytes()
    key = columns_key(cache, record_key(cache, PPC, Fetched("f", raw, content_id(raw))))
    stored = cache.folder / key[:2] / key
    entry = bytearray(stored.read_bytes())
    entry[-1] ^= 1
    stored.write_bytes(bytes(entry))
    assert _status_load(small_plan, cache) is None  # loaded whole instead


def test_no_cache_no_index(small_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(small_plan.parent)
    assert run_edit(small_plan, _note("p1-m1", "Seen."), None).written
