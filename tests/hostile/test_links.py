"""Writes never follow a link: a link planted where `commit` writes (committed in a checkout,
in `templates/`, in an output folder, in the plan itself) is refused in one line, and
neither the plan, nor what the link points to, nor the link itself changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_helpers import assert_one_clear_line, run_commit, snapshot

from commit_cli.atomic import write_atomically
from commit_cli.errors import EnvironmentFailure

SECRET = b"not yours to overwrite\n"

# Each row: the links to plant (path -> what it points to, relative to the repository; a
# trailing "/" makes the folder the link is in), the command, and a word of its one line.
# "outside/" is a folder outside the repository's plan holding secret.txt.
ROWS: list[tuple[str, dict[str, str], list[str], str]] = [
    (
        "templates copy --force over a link to a plan file",
        {"templates/summary.md.j2": "../plan/plan.yaml"},
        ["templates", "copy", "summary.md.j2", "--force"],
        "symbolic link",
    ),
    (
        "templates copy through a dangling link into the plan",
        {"templates/summary.md.j2": "../plan/ppcs/ppc-99.yaml"},
        ["templates", "copy", "summary"],
        "symbolic link",
    ),
    (
        "templates copy --force through a link to a file outside",
        {"templates/final.html.j2": "../outside/secret.txt"},
        ["templates", "copy", "final", "--force"],
        "symbolic link",
    ),
    (
        "templates copy into a templates folder that links into the plan",
        {"templates": "plan/ppcs"},
        ["templates", "copy", "summary.md.j2"],
        "inside the plan folder",
    ),
    (
        "templates copy into a templates folder that links outside",
        {"templates": "outside"},
        ["templates", "copy", "summary.md.j2"],
        "symbolic link",
    ),
    (
        "report -o DIR/ with a link to a plan file in it",
        {"out/final.md": "../plan/plan.yaml"},
        ["report", "final", "-o", "out/"],
        "inside the plan folder",
    ),
    (
        "report -o DIR/ with a dangling link into the plan in it",
        {"out/final.html": "../plan/ppcs/ppc-99.yaml"},
        ["report", "final", "-f", "html", "-o", "out/"],
        "inside the plan folder",
    ),
    (
        "report -o FILE that is a link outside",
        {"out/final.md": "../outside/secret.txt"},
        ["report", "final", "-o", "out/final.md"],
        "symbolic link",
    ),
    (
        "report -o DIR/ that links into the plan",
        {"out": "plan/ppcs"},
        ["report", "final", "-o", "out/"],
        "refusing to write",
    ),
    (
        "report -o DIR/ that links outside",
        {"out": "outside"},
        ["report", "final", "-f", "md", "-f", "json", "-o", "out/"],
        "symbolic link",
    ),
    (
        "report -o FILE in a folder that links into the plan",
        {"out/sub": "../plan"},
        ["report", "final", "-o", "out/sub/final.md"],
        "inside the plan folder",
    ),
    (
        "export -o FILE that is a link to a plan file",
        {"out/plan.json": "../plan/plan.yaml"},
        ["export", "-o", "out/plan.json"],
        "inside the plan folder",
    ),
    (
        "export -o FILE that is a dangling link",
        {"out/meetings.ics": "../plan/ppcs/ppc-99.yaml"},
        ["export", "--format", "ics", "-o", "out/meetings.ics"],
        "inside the plan folder",
    ),
    (
        "export csv into a folder with a link in it",
        {"out/milestones.csv": "../plan/plan.yaml"},
        ["export", "--format", "csv", "-o", "out"],
        "inside the plan folder",
    ),
    (
        "export csv into a folder that links into the plan",
        {"out": "plan/ppcs"},
        ["export", "--format", "csv", "-o", "out"],
        "inside the plan folder",
    ),
    (
        "export csv into a new folder below a link into the plan",
        {"out": "plan"},
        ["export", "--format", "csv", "-o", "out/tables"],
        "inside the plan folder",
    ),
    (
        "schema -o DIR with a link in it",
        {"out/ppc.schema.json": "../plan/ppcs/ppc-01.yaml"},
        ["schema", "-o", "out"],
        "inside the plan folder",
    ),
    (
        "schema -o DIR with a link outside in it",
        {"out/plan.schema.json": "../outside/secret.txt"},
        ["schema", "-o", "out"],
        "symbolic link",
    ),
    (
        "export csv into a folder with a dangling link outside in it",
        {"out/indicators.csv": "../outside/new.csv"},
        ["export", "--format", "csv", "-o", "out"],
        "symbolic link",
    ),
    (
        "report -o DIR/ with a dangling link outside in it",
        {"out/final.json": "../outside/new.json"},
        ["report", "final", "-f", "md", "-f", "json", "-o", "out/"],
        "symbolic link",
    ),
    (
        "report -o FILE in a folder that links outside",
        {"out": "outside"},
        ["report", "final", "-o", "out/final.md"],
        "symbolic link",
    ),
    (
        "export -o FILE below a link outside",
        {"out": "outside"},
        ["export", "-o", "out/new/plan.json"],
        "symbolic link",
    ),
    (
        "schema -o a new folder below a link outside",
        {"out": "outside"},
        ["schema", "-o", "out/new"],
        "symbolic link",
    ),
    (
        "templates copy into a folder below a link outside",
        {"mine": "outside"},
        ["templates", "copy", "summary.md.j2", "mine/templates"],
        "symbolic link",
    ),
    (
        "schema -o a new folder in the plan",
        {},
        ["schema", "-o", "plan/schema"],
        "inside the plan folder",
    ),
    (
        "schema -o a new folder below a link into the plan",
        {"out": "plan/ppcs"},
        ["schema", "-o", "out/new/deeper"],
        "inside the plan folder",
    ),
    (
        "an edit of a plan file that is a link inside the plan",
        {"plan/ppcs/ppc-01.yaml": "real/ppc-01.yaml"},
        ["note", "ppc1-seminar", "a note", "--on", "2006-01-01", "--by", "x"],
        "symbolic link",
    ),
    (
        "fmt of a plan file that is a link inside the plan",
        {"plan/ppcs/ppc-01.yaml": "real/ppc-01.yaml"},
        ["fmt"],
        "symbolic link",
    ),
]


def plant(repository: Path, links: dict[str, str]) -> None:
    (repository / "outside").mkdir()
    (repository / "outside" / "secret.txt").write_bytes(SECRET)
    for name, target in links.items():
        link = repository / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if name == "plan/ppcs/ppc-01.yaml":  # the real file moves to a folder in the plan
            real = link.parent / target
            real.parent.mkdir()
            real.write_bytes(b"# messy  \n" + link.read_bytes())  # something for fmt to do
            link.unlink()
        link.symlink_to(target)


def state(repository: Path) -> dict[str, object]:
    """Every file's bytes (links not followed) and every link's target."""
    links = {
        str(p.relative_to(repository)): os.readlink(p)
        for p in repository.rglob("*")
        if p.is_symlink()
    }
    return {"files": snapshot(repository), "links": links}


@pytest.mark.parametrize(("title", "links", "command", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_writes_never_follow_a_link(
    plan_dir: Path, title: str, links: dict[str, str], command: list[str], expected: str
) -> None:
    repository = plan_dir.parent
    plant(repository, links)
    before = state(repository)
    run = run_commit(*command, cwd=repository)
    assert_one_clear_line(run, 2, expected)
    assert len(run.output.strip().splitlines()) == 1, run.output  # nothing written first
    after = state(repository)
    assert after == before  # no file written, changed or removed anywhere, links kept
    assert not (plan_dir / "schema").exists()
    assert not (plan_dir / "ppcs" / "new").exists()
    assert not (plan_dir / "ppcs" / "ppc-99.yaml").exists()
    assert (repository / "outside" / "secret.txt").read_bytes() == SECRET
    assert sorted(p.name for p in (repository / "outside").iterdir()) == ["secret.txt"]


# Writing where no link is planted still works, and links in /dev are written through.
ALLOWED = [
    ("report into a real folder", ["report", "final", "-o", "out/"], "out/final.md"),
    ("export to /dev/null", ["export", "-o", "/dev/null"], None),
    ("export to /dev/stdout", ["export", "-o", "/dev/stdout"], None),
    ("templates copy into a new folder", ["templates", "copy", "summary.md.j2", "mine"], None),
]


@pytest.mark.parametrize(("title", "command", "made"), ALLOWED, ids=[r[0] for r in ALLOWED])
def test_writes_without_links_still_work(
    plan_dir: Path, title: str, command: list[str], made: str | None
) -> None:
    repository = plan_dir.parent
    (repository / "out").mkdir()
    run = run_commit(*command, cwd=repository)
    assert run.code == 0, run.output
    if made is not None:
        assert (repository / made).is_file()
    if command[-1] == "/dev/stdout":
        assert run.stdout.startswith("{")


@pytest.mark.parametrize(("expected", "replace"), [(None, True), (b"id: x\n", True), (None, False)])
def test_write_atomically_never_replaces_a_link(
    tmp_path: Path, expected: bytes | None, replace: bool
) -> None:
    target = tmp_path / "target.yaml"
    target.write_bytes(b"id: x\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target.name)
    with pytest.raises(EnvironmentFailure, match="symbolic link"):
        write_atomically(link, b"changed\n", expected=expected, replace=replace)
    assert link.is_symlink()
    assert target.read_bytes() == b"id: x\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "target.yaml"]
