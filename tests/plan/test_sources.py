"""Finding the plan folder (`plan.sources`): from the current folder up, with a message that
says what is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from commit_cli.errors import EnvironmentFailure
from commit_cli.plan.sources import FolderSource, display_path, find_plan_dir


def test_find_plan_dir_searches_parents(plan_dir: Path, tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_plan_dir(start=nested) == plan_dir
    assert find_plan_dir(start=plan_dir / "ppcs") == plan_dir


def test_find_plan_dir_explains_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentFailure, match="no plan found"):
        find_plan_dir(start=tmp_path)
    with pytest.raises(EnvironmentFailure, match="does not exist"):
        find_plan_dir(tmp_path / "nowhere")
    with pytest.raises(EnvironmentFailure, match=r"has no plan\.yaml"):
        find_plan_dir(tmp_path)


@pytest.mark.parametrize("where", ["above", "plan", "ppcs", "below ppcs", "elsewhere"])
def test_plan_files_are_named_as_the_user_sees_their_paths_from_any_folder(
    plan_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A PPC file's name is its folder's shown path joined with its own (made once for the
    folder): the same text as the file's own path shown from the current folder."""
    (plan_dir / "ppcs" / "notes.yml").write_text("x: 1\n", encoding="utf-8")  # not read
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    folders = {
        "above": tmp_path,
        "plan": plan_dir,
        "ppcs": plan_dir / "ppcs",
        "below ppcs": plan_dir / "ppcs" / ".sub",
        "elsewhere": elsewhere,
    }
    folders[where].mkdir(exist_ok=True)
    monkeypatch.chdir(folders[where])
    for folder in (plan_dir, Path(os.path.relpath(plan_dir))):
        source = FolderSource(folder)
        found = source.files()
        paths = sorted((plan_dir / "ppcs").glob("*.y*ml"))
        assert found.ppcs == [display_path(p) for p in paths if p.suffix == ".yaml"]
        assert found.ignored == [display_path(p) for p in paths if p.suffix == ".yml"]
        assert all(source.path_of(name).samefile(name) for name in found.ppcs)


def test_ppc_files_are_read_in_the_order_their_paths_sort(tmp_path: Path) -> None:
    """The PPC files (and the files not read) come in the order of their paths, whatever
    order the folder lists them in: the plan's order of PPCs follows it."""
    plan = tmp_path / "plan"
    (plan / "ppcs").mkdir(parents=True)
    (plan / "plan.yaml").write_text("id: x\n")
    names = ["b.yaml", "A.yaml", "B2.yaml", "a10.yaml", "a9.yaml", "Z.yml", "a.yaml~", ".h.yaml"]
    for name in names:
        (plan / "ppcs" / name).write_text("id: x\n")
    listed = FolderSource(plan).files()
    paths = sorted(plan / "ppcs" / name for name in names if not name.startswith("."))
    expected = [path.name for path in paths if path.name.endswith(".yaml")]
    assert expected == ["A.yaml", "B2.yaml", "a10.yaml", "a9.yaml", "b.yaml"]
    assert [Path(name).name for name in listed.ppcs] == expected
    assert [Path(name).name for name in listed.ignored] == ["Z.yml", "a.yaml~"]
