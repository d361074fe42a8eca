"""The result cache makes runs faster and never wrong: stale, corrupt or unreadable entries
are ignored and rebuilt."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PPC_1

from commit_cli.plan import cache as cache_module
from commit_cli.plan.cache import PACKAGE_DIR, ResultCache, code_fingerprint
from commit_cli.plan.load import load_plan
from commit_cli.plan.manifest import content_id
from commit_cli.plan.sources import FolderSource


def entries(folder: Path) -> list[Path]:
    """The cache's entries (each in a subfolder; the signing key is at the top)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.parent != folder)


def test_warm_load_gives_the_same_plan_as_cold(plan_dir: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    cold = load_plan(FolderSource(plan_dir), cache)
    # header, two PPCs; the checks: across files, each PPC file's own, the whole result, and
    # the table of each PPC file's parts (`plan.check_table`)
    assert len(entries(cache.folder)) == 8
    warm = load_plan(FolderSource(plan_dir), cache)
    assert warm.plan is not None
    assert warm.plan == cold.plan == load_plan(FolderSource(plan_dir)).plan
    assert all(source.text is None for source in warm.files)  # nothing was parsed again


def test_a_changed_file_is_read_again(plan_dir: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    load_plan(FolderSource(plan_dir), cache)
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("Regional seminar", "Regional seminar on data"), encoding="utf-8"
    )
    plan = load_plan(FolderSource(plan_dir), cache).plan
    assert plan is not None
    assert plan.ppcs[0].milestones[1].title == "Regional seminar on data"


def test_corrupt_entries_are_ignored_and_rebuilt(plan_dir: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    expected = load_plan(FolderSource(plan_dir), cache).plan
    sizes = {entry: len(entry.read_bytes()) for entry in entries(cache.folder)}
    for entry in sizes:  # cut short, by at least one byte
        entry.write_bytes(entry.read_bytes()[: min(20, sizes[entry] - 1)])
    assert load_plan(FolderSource(plan_dir), cache).plan == expected
    assert {entry: len(entry.read_bytes()) for entry in sizes} == sizes


def test_entries_of_the_wrong_type_are_rebuilt(plan_dir: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    expected = load_plan(FolderSource(plan_dir), cache).plan
    for entry in entries(cache.folder):
        entry.write_bytes(pickle.dumps({"id": "not a model"}))
    assert load_plan(FolderSource(plan_dir), cache).plan == expected


def test_a_record_stored_without_the_digest_of_its_facts_is_read_again(
    plan_dir: Path, tmp_path: Path
) -> None:
    cache = ResultCache(tmp_path / "cache")
    expected = load_plan(FolderSource(plan_dir), cache)
    for entry in entries(cache.folder):
        data = cache.get(entry.name)
        assert data is not None
        if data.startswith(b"\x80"):  # a pickle: (format, record, facts, problems, whole)
            record = pickle.loads(data)[1]
            cache.put(entry.name, pickle.dumps(record))  # the record alone, as entries once were
    again = load_plan(FolderSource(plan_dir), cache)
    assert again.plan == expected.plan
    assert again.problems == expected.problems == ()
    assert all(source.text is not None for source in again.files)  # parsed again
    assert [s.facts for s in again.files] == [s.facts for s in expected.files]


def test_stored_check_results_that_do_not_fit_the_plan_are_rebuilt(
    plan_dir: Path, tmp_path: Path
) -> None:
    """A results entry that reads back as JSON but names an indicator the plan lacks is not
    trusted: the rules across files run again."""
    cache = ResultCache(tmp_path / "cache")
    load_plan(FolderSource(plan_dir), cache)
    (across,) = [e for e in entries(cache.folder) if b'"counting"' in e.read_bytes()]
    cache.put(across.name, b'{"problems": [], "counting": [[7, 0]]}')
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    lead: uniap\n", "    lead: uniap\n    notes: Booked.\n"),
        encoding="utf-8",
    )
    result = load_plan(FolderSource(plan_dir), cache)
    assert result.plan is not None
    assert result.problems == ()
    assert b"[[7, 0]]" not in across.read_bytes()


def test_cached_problems_are_shown_the_same_way(plan_dir: Path, tmp_path: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    window: 2005-H2\n", ""), encoding="utf-8"
    )
    cache = ResultCache(tmp_path / "cache")
    cold = [p.format() for p in load_plan(FolderSource(plan_dir), cache).problems]
    warm = [p.format() for p in load_plan(FolderSource(plan_dir), cache).problems]
    assert len(cold) == 1
    assert cold[0].startswith("plan/ppcs/ppc-01.yaml:9:9: warning:")
    assert warm == cold


def test_an_unusable_cache_folder_is_ignored(plan_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = load_plan(FolderSource(plan_dir), ResultCache(blocker))
    assert result.plan is not None
    assert result.problems == ()


def test_environment_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COMMIT_CACHE_DIR", str(tmp_path / "c"))
    cache = ResultCache.from_environment()
    assert cache is not None
    assert cache.folder == tmp_path / "c"
    monkeypatch.setenv("COMMIT_NO_CACHE", "1")
    assert ResultCache.from_environment() is None


def test_two_processes_sharing_a_cache_both_succeed(plan_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "shared-cache"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from commit_cli.plan.cache import ResultCache\n"
        "from commit_cli.plan.load import load_plan\n"
        "from commit_cli.plan.sources import FolderSource\n"
        "for _ in range(20):\n"
        "    result = load_plan(FolderSource(Path(sys.argv[1])), ResultCache(Path(sys.argv[2])))\n"
        "    assert result.plan is not None and not result.problems, result.problems\n"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", code, str(plan_dir), str(folder)]) for _ in range(2)
    ]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    assert not list(folder.rglob(".tmp-*"))


# --- the key: every validating module ------------------------------------------------------


def copy_of_package(tmp_path: Path) -> Path:
    copy = tmp_path / "commit_cli"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize(
    "module",
    [
        "plan/checks/series.py",
        "core/model.py",
        "yamlio/reader.py",
        "plan/load.py",
        "problems.py",
        "core/quick_checks.json",  # what plan.quick_validate accepts
    ],
)
def test_changing_a_validating_module_changes_every_key(tmp_path: Path, module: str) -> None:
    package = copy_of_package(tmp_path)
    before = code_fingerprint(package)
    with (package / module).open("a", encoding="utf-8") as stream:
        stream.write("\n# changed\n")
    assert code_fingerprint.__wrapped__(package) != before


def test_a_new_module_in_a_validating_subpackage_changes_the_key(tmp_path: Path) -> None:
    package = copy_of_package(tmp_path)
    before = code_fingerprint(package)
    (package / "plan" / "checks" / "new_rule.py").write_text("RULES = ()\n", encoding="utf-8")
    assert code_fingerprint.__wrapped__(package) != before


def test_changing_a_view_keeps_the_key(tmp_path: Path) -> None:
    package = copy_of_package(tmp_path)
    before = code_fingerprint(package)
    with (package / "cli" / "views" / "status.py").open("a", encoding="utf-8") as stream:
        stream.write("\n# changed\n")
    assert code_fingerprint.__wrapped__(package) == before


def test_a_changed_module_misses_the_cache(
    plan_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResultCache(tmp_path / "cache")
    load_plan(FolderSource(plan_dir), cache)
    stored = len(entries(cache.folder))
    package = copy_of_package(tmp_path)
    with (package / "plan" / "checks" / "dates.py").open("a", encoding="utf-8") as stream:
        stream.write("\n# changed\n")
    monkeypatch.setattr(cache_module, "PACKAGE_DIR", package)
    monkeypatch.setattr(
        cache_module, "code_fingerprint", lambda: code_fingerprint.__wrapped__(package)
    )
    load_plan(FolderSource(plan_dir), cache)
    assert len(entries(cache.folder)) == 2 * stored  # every file and the checks, again


# --- privacy: a cache folder anyone else can write is never used --------------------------


def test_a_group_or_world_writable_folder_is_not_used(plan_dir: Path, tmp_path: Path) -> None:
    for mode in (0o770, 0o707):
        folder = tmp_path / f"cache-{mode:o}"
        folder.mkdir()
        folder.chmod(mode)
        cache = ResultCache(folder)
        assert load_plan(FolderSource(plan_dir), cache).plan is not None
        assert not cache.usable()
        assert entries(folder) == []


def test_a_writable_entry_subfolder_is_not_read(plan_dir: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    load_plan(FolderSource(plan_dir), cache)
    identity = content_id((plan_dir / "plan.yaml").read_bytes())
    key = cache.key("PlanHeader", b"content-id", identity.encode())
    assert cache.get(key) is not None
    (cache.folder / key[:2]).chmod(0o777)
    assert cache.get(key) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_owned_by_another_user_is_not_used(plan_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, 12345, 12345)
    cache = ResultCache(folder)
    assert load_plan(FolderSource(plan_dir), cache).plan is not None
    assert not cache.usable()
    assert entries(folder) == []


def test_a_warning_that_depends_on_today_is_never_served_from_the_cache(
    plan_dir: Path, tmp_path: Path
) -> None:
    """The same bytes warn one day (an actual date still to come) and pass the next: the
    checks that compare with today run every time, and the cached checks never hold them."""
    from datetime import date

    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace(
            "    lead: uniap\n",
            "    lead: uniap\n    status: in_progress\n    actual: {start: 2006-07-01}\n",
        ),
        encoding="utf-8",
    )
    cache = ResultCache(tmp_path / "cache")

    def codes(today: date) -> list[str]:
        return [p.code for p in load_plan(FolderSource(plan_dir), cache, today=today).problems]

    assert codes(date(2006, 6, 30)) == ["actual-in-future"]
    assert codes(date(2006, 7, 1)) == []  # warm: the checks come from the cache
    assert codes(date(2006, 6, 30)) == ["actual-in-future"]
    # Nothing about today was stored: the ninth entry is where the warning's path lies in
    # the file, a fact of its bytes (plan.locating), not of the day.
    assert len(entries(cache.folder)) == 9
    assert not any(b"actual-in-future" in entry.read_bytes() for entry in entries(cache.folder))
