"""Templates cannot read outside their folder, even through a link to a parent: a template
from a pull request that includes `.git/config` (where CI's checkout token would be), a
file through a link out, or a hidden file is refused in one line, and nothing of what it
names reaches the report."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import REPO
from hostile_helpers import assert_one_clear_line, run_commit

SECRET = "AUTHORIZATION: basic c2VjcmV0LXRva2Vu"
REPORT = ["report", "summary", "--period", "2006-H1"]

# Each row: files to write (text) and links to plant (name -> target), relative to the
# repository; the command's extra arguments; a word of its one line. The repository has
# .git/config holding SECRET.
ROWS: list[tuple[str, dict[str, str], dict[str, str], list[str], str]] = [
    (
        "a templates folder that links to the repository",
        {"summary.md.j2": "{% include '.git/config' %}"},
        {"templates": "."},
        [],
        "templates folder is a symbolic link",
    ),
    (
        "a templates folder that links to .git",
        {},
        {"templates": ".git"},
        [],
        "templates folder is a symbolic link",
    ),
    (
        "a link to the parent inside templates, then .git",
        {"templates/summary.md.j2": "{% include 'up/.git/config' %}"},
        {"templates/up": ".."},
        [],
        "hidden files or folders",
    ),
    (
        "a link to the parent inside templates, then a plan file",
        {"templates/summary.md.j2": "{% include 'up/plan/plan.yaml' %}"},
        {"templates/up": ".."},
        [],
        "leaves the templates folder",
    ),
    (
        "a template that is a link to .git/config",
        {"templates/summary.md.j2": "{% include 'leak.md.j2' %}"},
        {"templates/leak.md.j2": "../.git/config"},
        [],
        "leaves the templates folder",
    ),
    (
        "the report's own template is a link out",
        {},
        {"templates/summary.md.j2": "../.git/config"},
        [],
        "leaves the templates folder",
    ),
    (
        "a template linked by an absolute path",
        {"templates/summary.md.j2": "{% include 'abs.md.j2' %}"},
        {"templates/abs.md.j2": "/etc/hostname"},
        [],
        "leaves the templates folder",
    ),
    (
        "a hidden file inside templates",
        {"templates/summary.md.j2": "{% include '.hidden.md.j2' %}", "templates/.hidden.md.j2": ""},
        {},
        [],
        "hidden files or folders",
    ),
    (
        "a link inside templates to a hidden file inside it",
        {"templates/summary.md.j2": "{% include 'x.md.j2' %}", "templates/.secret": SECRET},
        {"templates/x.md.j2": ".secret"},
        [],
        "link to a hidden file",
    ),
    (
        "a hidden folder inside templates",
        {"templates/summary.md.j2": "{% include 'sub/.git/config' %}"},
        {"templates/sub": ".."},
        [],
        "hidden files or folders",
    ),
    (
        "import, from and extends of .git",
        {"templates/summary.md.j2": "{% import 'up/.git/config' as x %}"},
        {"templates/up": ".."},
        [],
        "hidden files or folders",
    ),
    (
        "extends through ..",
        {"templates/summary.md.j2": "{% extends '../.git/config' %}"},
        {},
        [],
        "outside the templates folder",
    ),
    (
        "a Windows separator",
        {"templates/summary.md.j2": "{% include 'up\\\\.git\\\\config' %}"},
        {"templates/up": ".."},
        [],
        "hidden files or folders",
    ),
    (
        "--templates naming the repository itself",
        {"summary.md.j2": "{% include '.git/config' %}"},
        {},
        ["--templates", "."],
        "hidden files or folders",
    ),
    (
        "a name holding a NUL",
        {"templates/summary.md.j2": "{% include 'x\\x00.md.j2' %}"},
        {},
        [],
        "control character",
    ),
    (
        "a name made by the template",
        {"templates/summary.md.j2": "{% include ['.', 'git/config']|join %}"},
        {},
        [],
        "hidden files or folders",
    ),
]


@pytest.mark.parametrize(
    ("title", "files", "links", "extra", "expected"), ROWS, ids=[row[0] for row in ROWS]
)
def test_templates_read_only_inside_their_folder(
    plan_dir: Path,
    title: str,
    files: dict[str, str],
    links: dict[str, str],
    extra: list[str],
    expected: str,
) -> None:
    repository = plan_dir.parent
    (repository / ".git").mkdir()
    (repository / ".git" / "config").write_text(f"[http]\n\textraheader = {SECRET}\n")
    for name, target in links.items():
        (repository / name).parent.mkdir(parents=True, exist_ok=True)
        (repository / name).symlink_to(target)
    for name, text in files.items():
        (repository / name).parent.mkdir(parents=True, exist_ok=True)
        (repository / name).write_text(text, encoding="utf-8")
    run = run_commit(*REPORT, *extra, cwd=repository)
    assert_one_clear_line(run, 1, expected)
    assert "refused" in run.output
    assert SECRET not in run.output
    assert "extraheader" not in run.output


def test_a_plain_templates_folder_still_works(plan_dir: Path) -> None:
    repository = plan_dir.parent
    (repository / "templates" / "parts").mkdir(parents=True)
    (repository / "templates" / "parts" / "x.md.j2").write_text("from a subfolder\n")
    (repository / "templates" / "summary.md.j2").write_text(
        "{{ report.title }}\n{% include 'parts/x.md.j2' %}"
    )
    run = run_commit(*REPORT, cwd=repository)
    assert run.code == 0, run.output
    assert "from a subfolder" in run.stdout


def test_the_generated_workflow_keeps_no_credentials_after_checkout() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "plan.yml").read_text())
    checkouts = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if str(step.get("uses", "")).startswith("actions/checkout@")
    ]
    assert checkouts
    assert all(step.get("with", {}).get("persist-credentials") is False for step in checkouts)
