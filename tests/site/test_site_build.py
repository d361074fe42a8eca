"""How the site is written: the same input gives the same bytes; `--incremental` rewrites
only the pages whose content changed (one `commit note` later: its milestone's page and its
PPC's, and the JSON export, which holds notes); files the last build wrote and this one does
not are removed, and nothing else in the folder is touched; the plan folder is refused."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from site_helpers import build, files, runner

from commit_cli.cli.app import app
from commit_cli.site.build import manifest_text

DAY = ["--as-of", "2007-06-30"]


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time in nanoseconds."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "plan", tmp_path / "plan")
    return tmp_path / "plan"


def test_the_same_input_gives_the_same_bytes(plan: Path, tmp_path: Path) -> None:
    build(plan, tmp_path / "one", *DAY)
    build(plan, tmp_path / "two", *DAY)
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert one == two
    assert (tmp_path / "one" / ".commit-site.json").read_bytes() == (
        tmp_path / "two" / ".commit-site.json"
    ).read_bytes()
    assert all(str(tmp_path).encode() not in data for data in one.values())


def test_another_day_gives_other_bytes(plan: Path, tmp_path: Path) -> None:
    build(plan, tmp_path / "one", *DAY)
    build(plan, tmp_path / "two", "--as-of", "2007-07-01")
    assert files(tmp_path / "one")["index.html"] != files(tmp_path / "two")["index.html"]


@pytest.mark.parametrize("incremental", [True, False])
def test_a_rebuild_after_one_note_rewrites_only_what_changed(
    plan: Path, tmp_path: Path, incremental: bool
) -> None:
    site = tmp_path / "site"
    build(plan, site, *DAY)
    before = stamps(site)
    again = ["--incremental"] if incremental else []
    output = build(plan, site, *DAY, *again)
    assert "0 files written" in output
    assert stamps(site) == before
    result = runner.invoke(
        app,
        ["note", "ppc3-capacity-support", "Met the trainers.", "--on", "2007-05-02",
         "--by", "Sok", "--plan", str(plan)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    build(plan, site, *DAY, *again)
    after = stamps(site)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == [
        ".commit-site.json",
        "data/plan.json",
        "milestone/ppc3-capacity-support.html",
        "ppc/ppc-3.html",
    ]
    assert "Met the trainers." in (site / "milestone/ppc3-capacity-support.html").read_text()


def test_incremental_renders_again_a_page_that_was_removed(plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(plan, site, *DAY)
    kept = (site / "country" / "KH.html").read_bytes()
    (site / "country" / "KH.html").unlink()
    build(plan, site, *DAY, "--incremental")
    assert (site / "country" / "KH.html").read_bytes() == kept


def test_pages_no_longer_made_are_removed_and_nothing_else(plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "CNAME").write_text("plan.example.org\n")
    build(plan, site, *DAY)
    manifest = json.loads((site / ".commit-site.json").read_text())
    manifest["files"]["ppc/ppc-99.html"] = "an old digest"  # a PPC since taken out
    (site / ".commit-site.json").write_text(json.dumps(manifest))
    (site / "ppc" / "ppc-99.html").write_text("old")
    output = build(plan, site, *DAY)
    assert "1 removed" in output
    assert not (site / "ppc" / "ppc-99.html").exists()
    assert (site / "CNAME").read_text() == "plan.example.org\n"


def test_a_manifest_naming_files_outside_is_not_followed(plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(plan, site, *DAY)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (site / "keep.txt").write_text("keep")
    (site / ".commit-site.json").write_text(
        '{"files": {"../victim.txt": "x", "keep.txt": "x", "/etc/hostname": "x"}}'
    )
    build(plan, site, *DAY)
    assert victim.read_text() == "keep"
    assert (site / "keep.txt").exists() is False  # named by the manifest: the site wrote it


def test_a_link_in_the_site_is_replaced_not_followed(plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(plan, site, *DAY)
    outside = tmp_path / "outside.html"
    outside.write_text("mine")
    (site / "a-z.html").unlink()
    os.symlink(outside, site / "a-z.html")
    build(plan, site, *DAY)
    assert outside.read_text() == "mine"
    assert not (site / "a-z.html").is_symlink()


def test_a_link_where_a_download_goes_is_replaced_not_followed(plan: Path, tmp_path: Path) -> None:
    """Downloads are streamed to a temporary file: the link there is compared with nothing,
    never written through, and no temporary file is left."""
    site = tmp_path / "site"
    build(plan, site, *DAY)
    made = (site / "data" / "plan.json").read_bytes()
    outside = tmp_path / "outside.json"
    outside.write_bytes(made)  # the same bytes: still not a file of the site's own
    (site / "data" / "plan.json").unlink()
    os.symlink(outside, site / "data" / "plan.json")
    build(plan, site, *DAY)
    assert outside.read_bytes() == made
    assert not (site / "data" / "plan.json").is_symlink()
    assert (site / "data" / "plan.json").read_bytes() == made
    assert not [p.name for p in (site / "data").iterdir() if p.name.startswith(".")]


def test_a_link_at_a_temporary_name_foreseen_from_the_pid_is_left_alone(
    plan: Path, tmp_path: Path
) -> None:
    """Links put where a temporary file named after the process would go (the build runs in
    this process) are neither written through nor in the build's way: the temporary names
    are random, and the links are left as they are (they are not the site's files)."""
    site = tmp_path / "site"
    build(plan, site, *DAY)
    made = {name: (site / name).read_bytes() for name in ("a-z.html", "data/plan.json")}
    outside = tmp_path / "outside"
    outside.write_text("mine")
    for name in made:
        (site / name).unlink()  # so the build writes it again
        folder, _, base = name.rpartition("/")
        os.symlink(outside, site / folder / f".{base}.{os.getpid()}.tmp")
    build(plan, site, *DAY)
    assert outside.read_text() == "mine"
    for name, data in made.items():
        assert (site / name).read_bytes() == data
        folder, _, base = name.rpartition("/")
        assert (site / folder / f".{base}.{os.getpid()}.tmp").is_symlink()


def test_an_unchanged_download_is_not_written_again(plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(plan, site, *DAY)
    before = (site / "data" / "milestones.csv").stat()
    build(plan, site, *DAY)
    after = (site / "data" / "milestones.csv").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not [p.name for p in (site / "data").iterdir() if p.name.startswith(".")]


def test_a_linked_sub_folder_is_refused(plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, site / "ppc")
    result = runner.invoke(app, ["site", "-o", str(site), "--plan", str(plan), *DAY])
    assert result.exit_code != 0
    assert "not a folder" in result.output
    assert list(elsewhere.iterdir()) == []


def test_the_plan_folder_is_refused(plan: Path) -> None:
    result = runner.invoke(app, ["site", "-o", str(plan / "site"), "--plan", str(plan), *DAY])
    assert result.exit_code == 2
    assert "inside the plan folder" in result.output
    assert not (plan / "site").exists()


EDITS = [
    ["note", "ppc3-capacity-support", "Met the trainers.", "--on", "2007-05-02", "--by", "Sok"],
    ["done", "ppc1-needs-assessments", "--on", "2006-03-02", "--outcome", "Shared."],
    ["set", "ppc1-needs-assessments", "title", "Needs assessed, again"],
    ["record", "ppc1-ind-needs-assessments", "5", "--period", "2006-H1", "--country", "KH"],
    ["update", "ppc-1", "--period", "2006-H1", "--progress", "Moving on."],
    ["set", "ppc-2", "short_title", "Victims first"],
]


@pytest.mark.parametrize("edit", EDITS, ids=[" ".join(edit[:2]) for edit in EDITS])
def test_incremental_rewrites_exactly_the_files_a_full_build_changes(
    plan: Path, tmp_path: Path, edit: list[str]
) -> None:
    """The oracle: after an edit, `--incremental` leaves the folder byte for byte as a
    build from nothing makes it, and rewrites exactly the files whose bytes differ."""
    site = tmp_path / "site"
    build(plan, site, *DAY)
    before, old = stamps(site), files(site)
    result = runner.invoke(app, [*edit, "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    build(plan, site, *DAY, "--incremental")
    build(plan, tmp_path / "fresh", *DAY)
    new = files(site)
    assert new == files(tmp_path / "fresh")
    after = stamps(site)
    rewritten = {name for name in after if after[name] != before.get(name)}
    differ = {name for name in new if new[name] != old.get(name)}
    assert rewritten - {".commit-site.json"} == differ
    assert differ  # the edit shows somewhere


@settings(max_examples=60, deadline=None)
@given(
    files=st.dictionaries(st.text(min_size=1), st.text(), max_size=20),
    tool=st.text(),
)
def test_the_manifest_is_written_as_json_dumps_writes_it(files: dict[str, str], tool: str) -> None:
    """Differential: the manifest written piece by piece (`manifest_text`) is byte for byte
    what `json.dumps(..., indent=1, sort_keys=True)` and a line end make, whatever its names
    and digests hold."""
    manifest: dict[str, object] = {"tool": tool, "files": files}
    expected = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    assert manifest_text(manifest) == expected
    assert json.loads(manifest_text(manifest)) == manifest
