"""The plan's read index (`plan.columns`, `plan.columns_load`): status read from it says what
status says of the whole plan, on every day; an index that is missing, stale, tampered or
not the file's is never used; a plan with an error, translations or a file not read is
always loaded whole."""

from __future__ import annotations

import os
import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.core.known import known_on
from commit_cli.core.model import PPC
from commit_cli.plan import columns_load
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.columns import (
    _break_days,
    build_columns,
    columns_key,
    read_columns,
    read_titles,
    state_of,
    titles_key,
)
from commit_cli.plan.columns_load import ColumnsLoad, keep_columns, load_columns
from commit_cli.plan.load import LoadResult, load_plan
from commit_cli.plan.manifest import SETTLED_NS, StampManifest
from commit_cli.plan.sources import FolderSource
from commit_cli.query.index import PlanIndex
from commit_cli.query.scope import Scope
from commit_cli.query.status import plan_status
from commit_cli.query.status_columns import plan_status_columns

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

LATER = 10 * SETTLED_NS
runner = CliRunner()


@pytest.fixture
def cache(isolated_cache: Path) -> ResultCache:
    return ResultCache(isolated_cache)


def whole(plan_dir: Path, cache: ResultCache, unread: set[str] | None = None) -> LoadResult:
    """A whole load, with the manifest, that stores the read index (as status does)."""
    source = FolderSource(plan_dir)
    source.manifest = StampManifest(cache, plan_dir, time.time_ns() + LATER)
    result = load_plan(source, cache)
    source.manifest.save()
    keep_columns(result, cache, unread)
    return result


def indexed(
    plan_dir: Path, cache: ResultCache, unread: set[str] | None = None
) -> ColumnsLoad | None:
    source = FolderSource(plan_dir)
    source.manifest = StampManifest(cache, plan_dir, time.time_ns() + LATER)
    found = load_columns(source, cache, unread)
    source.manifest.save()
    return found


def days_over(result: LoadResult, step: int = 9) -> list[date]:
    """Days from before the plan's period to after it, and every day a milestone's state
    changes on, with the days either side."""
    assert result.plan is not None
    period = result.plan.period
    first = date(period.start.year - 1, 1, 1)
    days = {first + timedelta(days=n) for n in range(0, 365 * 6, step)}
    for ppc in result.plan.ppcs:
        for milestone in ppc.milestones:
            for day in _break_days(milestone):
                days.update(date.fromordinal(day + shift) for shift in (-1, 0, 1))
    return sorted(days)


def same_status(result: LoadResult, found: ColumnsLoad, day: date, ppc: str | None) -> None:
    assert result.plan is not None
    full = PlanIndex(known_on(result.plan, day), result.ppc_file_of)
    light = PlanIndex(known_on(found.plan, day), found.ppc_file_of)
    expected = plan_status(full, day, Scope(ppc))
    tables = light.milestone_tables
    got = plan_status_columns(light, found.columns, day, Scope(ppc))
    assert light.milestone_tables is tables  # the caller's index is left as it was
    assert got.to_json() == expected.to_json(), day
    assert [row.next_due_brief for row in got.ppcs] == [
        None if row.next_due is None else (row.next_due.id, row.next_due.due)
        for row in expected.ppcs
    ]
    assert [row.next_due for row in got.ppcs] == [row.next_due for row in expected.ppcs]
    assert list(got.overdue) == list(expected.overdue)
    assert list(got.due_next) == list(expected.due_next)


def copy_of(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy" / "plan"
    shutil.copytree(folder, target)
    return target


@pytest.fixture
def demo_plan(demo_repo: Path, tmp_path: Path) -> Path:
    """A copy of the demo's plan: every status, postponements with the windows they
    replaced, cancellations, notes, decisions."""
    return copy_of(demo_repo / "plan", tmp_path)


@pytest.mark.parametrize("which", ["status fixture", "demo", "generated"])
def test_status_from_the_index_is_status_of_the_whole_plan_on_every_day(
    which: str,
    status_plan_dir: Path,
    tmp_path: Path,
    cache: ResultCache,
    request: pytest.FixtureRequest,
) -> None:
    if which == "demo":
        plan_dir = request.getfixturevalue("demo_plan")
    elif which == "generated":
        plan_dir = generate(600, tmp_path / "gen", seed=11, per_file=50)
    else:
        plan_dir = status_plan_dir
    result = whole(plan_dir, cache)
    assert result.plan is not None
    found = indexed(plan_dir, cache)
    assert found is not None
    assert [head.id for head in found.plan.ppcs] == [ppc.id for ppc in result.plan.ppcs]
    assert all(not head.milestones for head in found.plan.ppcs)
    first = result.plan.ppcs[0].id
    days = days_over(result, step=9 if which != "generated" else 40)
    for day in days:
        same_status(result, found, day, None)
    for day in days[:: max(1, len(days) // 20)]:
        same_status(result, found, day, first)


def test_each_state_in_the_index_is_the_milestone_s_state_on_that_day(demo_plan: Path) -> None:
    plan = load_plan(FolderSource(demo_plan)).plan
    assert plan is not None
    for ppc in plan.ppcs:
        entry = build_columns(ppc, "facts", (), True)
        assert entry is not None
        assert entry.ids.split("\n") == [m.id for m in ppc.milestones]
        for position, milestone in enumerate(ppc.milestones):
            for day in [date(2004, 1, 1), *map(date.fromordinal, _break_days(milestone))]:
                for shifted in (day - timedelta(days=1), day):
                    assert entry.state_on(position, shifted.toordinal()) == state_of(
                        milestone, shifted
                    )


def test_the_latest_recorded_day_is_the_day_after_which_nothing_is_cut(demo_plan: Path) -> None:
    plan = load_plan(FolderSource(demo_plan)).plan
    assert plan is not None
    for ppc in plan.ppcs:
        entry = build_columns(ppc, "facts", (), True)
        assert entry is not None
        if entry.latest_day:
            after = date.fromordinal(entry.latest_day)
            cut = known_on(plan, after)
            assert cut.ppcs[plan.ppcs.index(ppc)].milestones == ppc.milestones
    assert any(getattr(build_columns(ppc, "f", (), True), "latest_day", 0) for ppc in plan.ppcs)


# --- when the index is not used --------------------------------------------------------------


def test_no_index_before_a_whole_load_has_stored_it(plan_dir: Path, cache: ResultCache) -> None:
    assert indexed(plan_dir, cache) is None
    whole(plan_dir, cache)
    assert indexed(plan_dir, cache) is not None


def test_a_plan_with_an_error_is_never_read_from_its_index(
    plan_dir: Path, cache: ResultCache
) -> None:
    whole(plan_dir, cache)
    path = plan_dir / "ppcs" / "ppc-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: ppc-2", "id: ppc-1", 1))
    result = whole(plan_dir, cache)
    assert result.plan is None  # two PPCs with one id: an error across files
    assert indexed(plan_dir, cache) is None


def test_a_plan_with_a_file_not_read_or_translations_is_loaded_whole(
    plan_dir: Path, cache: ResultCache
) -> None:
    whole(plan_dir, cache)
    assert indexed(plan_dir, cache) is not None
    backup = plan_dir / "ppcs" / "ppc-01.yml"
    backup.write_text("id: x\n", encoding="utf-8")
    assert indexed(plan_dir, cache) is None
    backup.unlink()
    assert indexed(plan_dir, cache) is not None
    (plan_dir / "i18n").mkdir()
    (plan_dir / "i18n" / "km.yaml").write_text("{}\n", encoding="utf-8")
    assert indexed(plan_dir, cache) is None


def test_a_tampered_index_entry_is_not_read(plan_dir: Path, cache: ResultCache) -> None:
    result = whole(plan_dir, cache)
    keys = [read.cache_key for read in result.files[1:]]
    path = cache._path(columns_key(cache, keys[0]))
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF  # the same size, another byte: its signature no longer matches
    path.write_bytes(bytes(data))
    assert read_columns(cache, keys[0]) is None
    unread: set[str] = set()
    assert indexed(plan_dir, cache, unread) is None
    assert unread == {keys[0]}
    whole(plan_dir, cache, unread)  # stored again
    assert indexed(plan_dir, cache) is not None


def test_after_a_hand_edit_only_the_file_edited_gets_a_new_index(
    plan_dir: Path, cache: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole(plan_dir, cache)
    written: list[str] = []
    from commit_cli.plan.columns import write_columns as real

    def counted(cache: ResultCache, key: str, entry: object) -> None:
        written.append(key)
        real(cache, key, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(columns_load, "write_columns", counted)
    path = plan_dir / "ppcs" / "ppc-02.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    unread: set[str] = set()
    assert indexed(plan_dir, cache, unread) is None
    result = whole(plan_dir, cache, unread)
    assert written == [result.files[2].cache_key]
    assert unread == set(written)
    assert indexed(plan_dir, cache) is not None


def test_a_signed_entry_of_another_shape_is_not_read(plan_dir: Path, cache: ResultCache) -> None:
    result = whole(plan_dir, cache)
    key = result.files[1].cache_key
    cache.put(columns_key(cache, key), b"not a pickle")
    assert read_columns(cache, key) is None
    import pickle

    cache.put(columns_key(cache, key), pickle.dumps(("ppc-columns-1", "short")))
    assert read_columns(cache, key) is None
    assert indexed(plan_dir, cache) is None


def test_an_index_is_the_index_of_the_bytes_it_was_made_from(
    plan_dir: Path, cache: ResultCache
) -> None:
    """The index is keyed by the file's entry key (its bytes), so a file's new bytes are
    never read through the index of its old ones."""
    result = whole(plan_dir, cache)
    found = indexed(plan_dir, cache)
    assert found is not None
    record = result.files[1].record
    assert isinstance(record, PPC)
    assert found.columns[0].ids == [m.id for m in record.milestones]
    assert found.columns[0].milestones() == list(record.milestones)


# --- through the command ---------------------------------------------------------------------


def status(*args: str) -> str:
    result = runner.invoke(app, ["status", "--as-of", "2006-06-30", *args])
    assert result.exit_code == 0, result.output
    return result.output


def uncached(*args: str) -> str:
    result = runner.invoke(
        app, ["status", "--as-of", "2006-06-30", *args], env={"COMMIT_NO_CACHE": "1"}
    )
    assert result.exit_code == 0, result.output
    return result.output


def count_whole_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one for each whole load the status command makes."""
    calls: list[int] = []
    from commit_cli.plan import load

    real = load.load_plan

    def counted(*args: object, **kwargs: object) -> LoadResult:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "load_plan", counted)
    return calls


def test_status_twice_reads_the_index_the_second_time_and_says_the_same(
    status_plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_whole_loads(monkeypatch)
    first = status()
    assert calls == [1]
    assert status() == first == uncached()
    assert calls == [1, 1]  # the uncached run only
    assert status("--json") == uncached("--json")
    assert status("--ppc", "ppc-3") == uncached("--ppc", "ppc-3")
    assert calls == [1, 1, 1, 1]
    assert status("--country", "KH") == uncached("--country", "KH")  # loaded whole


def edit_keeping_size_and_times(path: Path, old: str, new: str) -> None:
    found = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new)
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(found.st_atime_ns, found.st_mtime_ns))
    assert path.stat().st_size == found.st_size


def settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs start later than the files were written, so the manifest keeps their stamps."""
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + LATER)


def test_a_changed_file_is_never_read_through_its_old_index(
    status_plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle(monkeypatch)
    folder = status_plan_dir / "ppcs"
    status()
    assert status() == uncached()
    # New bytes with the same size and modification time.
    before = status("--json")
    review = "    window: 2006-H2\n    status: postponed"
    edit_keeping_size_and_times(folder / "ppc-03.yaml", review, review.replace("2006", "2007"))
    assert status("--json") == uncached("--json") != before
    assert status() == uncached()
    # Files renamed over each other.
    os.rename(folder / "ppc-01.yaml", folder / "swap")
    os.rename(folder / "ppc-03.yaml", folder / "ppc-01.yaml")
    os.rename(folder / "swap", folder / "ppc-03.yaml")
    assert status() == uncached()
    assert status("--json") == uncached("--json")
    # A file replaced by a copy of itself with other bytes (another inode, the same times).
    path = folder / "ppc-02.yaml"
    copy = status_plan_dir / "copy.yaml"
    text = path.read_text(encoding="utf-8")
    assert "title: " in text
    copy.write_text(text.replace("title: ", "title: X", 1)[:-1], encoding="utf-8")
    found = path.stat()
    os.utime(copy, ns=(found.st_atime_ns, found.st_mtime_ns))
    os.replace(copy, path)
    assert status("--json") == uncached("--json")
    assert status() == uncached()


def test_a_whole_entry_gone_is_read_from_the_file(
    status_plan_dir: Path, cache: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    status()
    expected = status("--json")
    for entry in cache.folder.glob("*/*"):
        data = entry.read_bytes()
        if b"record+facts+problems" in data:
            entry.write_bytes(data[:-3] + b"xyz")  # the full entries: no longer signed
    assert status("--json") == expected


def test_a_file_changed_after_its_index_was_read_is_refused_not_misread(
    status_plan_dir: Path, cache: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    status()
    found = indexed(status_plan_dir, cache)
    assert found is not None
    for entry in cache.folder.glob("*/*"):
        data = entry.read_bytes()
        if b"record+facts+problems" in data:
            entry.unlink()
    path = status_plan_dir / "ppcs" / "ppc-01.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    from commit_cli.errors import EnvironmentFailure

    with pytest.raises(EnvironmentFailure, match="changed while"):
        found.columns[0].milestones()
    assert columns_load.IndexedPPC is type(found.columns[0])


# --- export, from the index ------------------------------------------------------------------


def export(*args: str, env: dict[str, str] | None = None) -> bytes:
    result = runner.invoke(app, ["export", "--format", "json", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("which", ["status fixture", "demo"])
def test_export_from_the_index_is_the_export_of_the_whole_plan(
    which: str,
    status_plan_dir: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if which == "demo":
        monkeypatch.chdir(request.getfixturevalue("demo_plan").parent)
    calls = count_whole_loads(monkeypatch)
    export()  # loaded whole; the index is stored
    assert calls == [1]
    for day in ("2004-01-01", "2005-06-30", "2006-06-30", "2007-03-31", "2009-01-01", None):
        args = ("--as-of", day) if day else ()
        first, second = export(*args), export(*args)
        assert first == second == export(*args, env={"COMMIT_NO_CACHE": "1"}), day
    assert calls == [1] + [1] * 6  # the uncached runs only


def test_a_tampered_piece_of_the_export_is_written_again(
    status_plan_dir: Path, cache: ResultCache
) -> None:
    export()
    expected = export()  # the pieces are kept
    pieces = [p for p in cache.folder.glob("*/*") if b'    {\n      "id": "ppc-' in p.read_bytes()]
    assert pieces
    for path in pieces:
        data = bytearray(path.read_bytes())
        data[-2] = ord("X")  # the same size, its signature no longer matches
        path.write_bytes(bytes(data))
    assert export() == expected == export(env={"COMMIT_NO_CACHE": "1"})


def _titles_of(result: LoadResult) -> list[list[str]]:
    assert result.plan is not None
    return [[milestone.title for milestone in ppc.milestones] for ppc in result.plan.ppcs]


def test_status_reads_no_titles_and_a_list_reads_them_from_their_own_entry(
    plan_dir: Path, cache: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The titles are not in the entry status reads (they were two fifths of its bytes at
    100,000 milestones); a list finds them in their own entry, the record not read."""
    result = whole(plan_dir, cache)
    asked: list[str] = []
    real_get = ResultCache.get

    def get(self: ResultCache, key: str) -> bytes | None:
        asked.append(key)
        return real_get(self, key)

    monkeypatch.setattr(ResultCache, "get", get)
    found = indexed(plan_dir, cache)
    assert found is not None
    assert all(indexed_ppc.entry.titles is None for indexed_ppc in found.columns)
    day = date(2006, 6, 30)
    plan_status_columns(PlanIndex(known_on(found.plan, day)), found.columns, day)
    keys = [read.cache_key for read in result.files[1:]]
    assert not {titles_key(cache, key) for key in keys} & set(asked)
    monkeypatch.setattr(columns_load.IndexedPPC, "record", lambda self: pytest.fail("read"))
    assert [indexed_ppc.titles for indexed_ppc in found.columns] == _titles_of(result)


def test_titles_missing_tampered_or_of_another_file_are_read_from_the_record(
    plan_dir: Path, cache: ResultCache
) -> None:
    result = whole(plan_dir, cache)
    keys = [read.cache_key for read in result.files[1:]]
    expected = _titles_of(result)
    counts = [len(titles) for titles in expected]
    assert counts[0]
    assert counts[0] != counts[1]
    assert read_titles(cache, keys[0], counts[0]) == expected[0]
    path = cache._path(titles_key(cache, keys[0]))
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF  # the same size, another byte: its signature no longer matches
    path.write_bytes(bytes(data))
    assert read_titles(cache, keys[0], counts[0]) is None
    other = cache.get(titles_key(cache, keys[1]))
    assert other is not None
    cache.put(titles_key(cache, keys[0]), other)  # signed, but another file's titles
    assert read_titles(cache, keys[0], counts[0]) is None
    cache._path(titles_key(cache, keys[1])).unlink()
    assert read_titles(cache, keys[1], counts[1]) is None
    found = indexed(plan_dir, cache)
    assert found is not None  # status does not need them
    assert [indexed_ppc.titles for indexed_ppc in found.columns] == expected
    # and stored again, so the next list reads them without the record
    assert read_titles(cache, keys[0], counts[0]) == expected[0]
    assert read_titles(cache, keys[1], counts[1]) == expected[1]


def test_the_screen_s_ppc_table_reads_no_milestone_record(
    demo_plan: Path, cache: ResultCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each PPC row shows its next milestone due by id and day, both in the index: making
    the table reads no PPC file's record (50 of them at 10,000 milestones, before)."""
    from commit_cli.cli.views.status import _ppc_table

    result = whole(demo_plan, cache)
    found = indexed(demo_plan, cache)
    assert result.plan is not None
    assert found is not None
    day = date(2006, 6, 30)
    got = plan_status_columns(PlanIndex(known_on(found.plan, day)), found.columns, day)
    assert any(row.next_due_brief is not None for row in got.ppcs)
    monkeypatch.setattr(columns_load.IndexedPPC, "record", lambda self: pytest.fail("read"))
    table = _ppc_table(got, got.ppcs)
    assert table is not None
