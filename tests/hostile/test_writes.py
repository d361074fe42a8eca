"""Nothing is ever written where the user's data is: outputs go elsewhere and whole, and the
cache never lands inside the plan or its working tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_helpers import assert_one_clear_line, plan_unchanged, run_commit

from commit_cli.export.files import write_text_atomically
from commit_cli.plan.cache import ResultCache


@pytest.mark.parametrize(
    "target", ["plan/plan.yaml", "plan/ppcs/ppc-01.yaml", "plan/new.json", "plan/../plan/x.json"]
)
def test_export_refuses_to_write_into_the_plan(plan_dir: Path, tmp_path: Path, target: str) -> None:
    with plan_unchanged(plan_dir):
        run = run_commit("export", "-o", target, cwd=tmp_path)
    assert_one_clear_line(run, 2, "it is inside the plan folder")
    assert not (plan_dir / "new.json").exists()
    assert not (plan_dir / "x.json").exists()


@pytest.mark.parametrize(
    ("target", "expected"),
    [("missing/out.json", "cannot write missing/out.json"), (".", "it is a folder")],
)
def test_export_to_a_place_it_cannot_write_is_one_line(
    plan_dir: Path, tmp_path: Path, target: str, expected: str
) -> None:
    run = run_commit("export", "-o", target, cwd=tmp_path)
    assert_one_clear_line(run, 2, expected)


def test_a_failed_write_keeps_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old and whole\n", encoding="utf-8")
    target.chmod(0o640)

    def full_disk(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(Exception, match="No space left on device"):
        write_text_atomically(target, "new" * 1000, tmp_path / "plan")
    assert target.read_text(encoding="utf-8") == "old and whole\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left behind
    monkeypatch.undo()
    write_text_atomically(target, "new\n", tmp_path / "plan")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640  # the file keeps its mode


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("XDG_CACHE_HOME", "."),
        ("XDG_CACHE_HOME", "plan"),
        ("COMMIT_CACHE_DIR", "{plan}/.cache"),
        ("COMMIT_CACHE_DIR", "{repo}/.commit-cache"),
    ],
)
def test_the_cache_never_lands_inside_the_plan_or_its_working_tree(
    plan_dir: Path,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    variable: str,
    value: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / ".git").mkdir()  # tmp_path is the plan's working tree
    home = tmp_path_factory.mktemp("home")
    setting = value.format(plan=plan_dir, repo=tmp_path)
    monkeypatch.delenv("COMMIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv(variable, setting)
    monkeypatch.chdir(plan_dir)
    cache = ResultCache.from_environment(plan_dir)
    assert cache is None or not cache.folder.resolve().is_relative_to(tmp_path)
    env = {"HOME": str(home), "COMMIT_CACHE_DIR": "", variable: setting}
    with plan_unchanged(plan_dir):
        run = run_commit("validate", cwd=plan_dir, env=env)
    assert run.code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "plan"]


def test_a_tilde_in_commit_cache_dir_means_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COMMIT_CACHE_DIR", "~/commit-cache")
    cache = ResultCache.from_environment(tmp_path / "repo" / "plan")
    assert cache is not None
    assert cache.folder == tmp_path / "home" / "commit-cache"


def test_export_writes_into_a_device_in_place(plan_dir: Path, tmp_path: Path) -> None:
    import stat

    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("making a device node needs root")
    run = run_commit("export", "-o", str(null), cwd=tmp_path)
    assert run.code == 0, run.output
    assert stat.S_ISCHR(null.stat().st_mode)  # still the device, not a file put in its place


@pytest.mark.parametrize("length", [250, 300])
def test_long_output_names_are_written_or_refused_in_one_line(
    plan_dir: Path, tmp_path: Path, length: int
) -> None:
    run = run_commit("export", "-o", "x" * length, cwd=tmp_path)
    if length <= 255:
        assert run.code == 0, run.output
        assert (tmp_path / ("x" * length)).is_file()
    else:
        assert_one_clear_line(run, 2, "commit: error: cannot write")


@pytest.mark.parametrize(
    "command",
    [
        ["templates", "copy", "summary.md.j2", "plan"],
        ["templates", "copy", "summary.md.j2", "plan/ppcs"],
        ["demo", "plan/demo"],
        ["init", "plan/new"],
    ],
    ids=" ".join,
)
def test_copies_and_new_repositories_never_land_in_the_plan(
    plan_dir: Path, tmp_path: Path, command: list[str]
) -> None:
    with plan_unchanged(plan_dir):
        run = run_commit(*command, cwd=tmp_path)
    assert_one_clear_line(run, 2, "it is inside the plan folder")
    assert sorted(p.name for p in plan_dir.iterdir()) == ["plan.yaml", "ppcs"]
