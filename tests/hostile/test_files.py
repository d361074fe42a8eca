"""Plan files that are not regular files inside the plan folder are refused, without
hanging, without reading their content, and without quoting it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from conftest import PPC_2, write_plan
from hostile_helpers import assert_one_clear_line, run_commit

from commit_cli.plan import sources
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

SECRET = "token=ghp_0123456789abcdefSECRET"


def replace_ppc2(plan_dir: Path, make: str, tmp_path: Path) -> None:
    target = plan_dir / "ppcs" / "ppc-02.yaml"
    target.unlink()
    if make == "link-to-dev-zero":
        target.symlink_to("/dev/zero")
    elif make == "fifo":
        os.mkfifo(target)
    elif make == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    elif make == "link-to-secret":
        secret = tmp_path / "credentials"
        secret.write_text(SECRET + "\n", encoding="utf-8")
        target.symlink_to(secret)
    elif make == "link-inside":
        (plan_dir / "ppc-02-source.yaml").write_text(PPC_2, encoding="utf-8")
        target.symlink_to(plan_dir / "ppc-02-source.yaml")
    elif make == "broken-link":
        target.symlink_to(tmp_path / "nowhere.yaml")
    elif make == "folder":
        target.mkdir()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("link-to-dev-zero", "it is a link to a file outside the plan folder"),
        ("fifo", "it is a FIFO; plan files must be regular files"),
        ("socket", "it is a socket"),
        ("link-to-secret", "it is a link to a file outside the plan folder"),
        ("broken-link", "it does not exist (a broken link?)"),
        ("folder", "it is a folder"),
    ],
)
def test_a_file_that_is_not_a_regular_file_in_the_plan_is_refused(
    plan_dir: Path, tmp_path: Path, make: str, message: str
) -> None:
    replace_ppc2(plan_dir, make, tmp_path)
    run = run_commit("validate", cwd=tmp_path)
    assert_one_clear_line(run, 1, f"plan/ppcs/ppc-02.yaml:1:1: error: not read: {message}")
    assert SECRET not in run.output


def test_a_link_to_a_file_inside_the_plan_is_read(plan_dir: Path, tmp_path: Path) -> None:
    replace_ppc2(plan_dir, "link-inside", tmp_path)
    assert run_commit("validate", cwd=tmp_path).code == 0


def test_a_file_over_the_size_limit_is_refused_unread(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1024)
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text(PPC_2 + "#" * 2000 + "\n", encoding="utf-8")
    problems = [p.format() for p in load_plan(FolderSource(plan_dir)).problems]
    assert problems == [
        "plan/ppcs/ppc-02.yaml:1:1: error: not read: it is larger than 0 MiB; split the PPC,"
        " or check what was committed"
    ]


def test_a_secret_that_is_not_a_mapping_is_never_quoted(plan_dir: Path, tmp_path: Path) -> None:
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text(SECRET + "\n", encoding="utf-8")
    run = run_commit("validate", cwd=tmp_path)
    assert_one_clear_line(run, 1, "holds a single line of text")
    assert SECRET not in run.output


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("ppc-13.YAML", "PPC files end in .yaml; rename it to ppc-13.yaml"),
        ("ppc-13.yml", "PPC files end in .yaml; rename it to ppc-13.yaml"),
        ("ppc-01.yaml~", "it looks like a backup or editor copy; PPC files end in .yaml"),
        ("ppc-01.yaml.bak", "it looks like a backup or editor copy; PPC files end in .yaml"),
        ("ppc-01.yaml.orig", "it looks like a backup or editor copy; PPC files end in .yaml"),
    ],
)
def test_a_ppc_file_that_is_not_read_gets_a_warning(plan_dir: Path, name: str, hint: str) -> None:
    (plan_dir / "ppcs" / name).write_text(PPC_2, encoding="utf-8")
    problems = [p.format() for p in load_plan(FolderSource(plan_dir)).problems]
    assert problems == [f"plan/ppcs/{name}:1:1: warning: not read: {hint}"]


@pytest.mark.parametrize(("make", "what"), [("missing", "is missing"), ("file", "is a file")])
def test_a_ppc_folder_that_is_missing_or_a_file_is_named_once(
    tmp_path: Path, make: str, what: str
) -> None:
    plan_dir = write_plan(tmp_path, ppcs={})
    (plan_dir / "ppcs").rmdir()
    if make == "file":
        (plan_dir / "ppcs").write_text("", encoding="utf-8")
    run = run_commit("validate", cwd=tmp_path)
    assert_one_clear_line(run, 1, f"plan/ppcs:1:1: error: the PPC folder {what}")
    assert run.stdout.count("error:") == 1


@pytest.mark.parametrize("make", ["fifo", "broken-link", "link-to-dev-zero"])
def test_an_unreadable_plan_yaml_never_sends_discovery_to_a_parent_plan(
    tmp_path: Path, make: str
) -> None:
    write_plan(tmp_path)  # a valid plan above the pull request's checkout
    inner = write_plan(tmp_path / "pr")
    header = inner / "plan.yaml"
    header.unlink()
    if make == "fifo":
        os.mkfifo(header)
    elif make == "broken-link":
        header.symlink_to(tmp_path / "nowhere.yaml")
    else:
        header.symlink_to("/dev/zero")
    run = run_commit("validate", cwd=tmp_path / "pr")
    assert_one_clear_line(run, 1, "plan/plan.yaml:1:1: error: not read:")
    assert run.stdout.startswith("plan/plan.yaml:1:1")  # the inner plan, not ../plan


def test_a_ppc_folder_linked_outside_the_plan_shows_no_file_names(
    plan_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "creds-of-admin.yaml").write_text("x: 1\n", encoding="utf-8")
    for path in (plan_dir / "ppcs").iterdir():
        path.unlink()
    (plan_dir / "ppcs").rmdir()
    (plan_dir / "ppcs").symlink_to(outside)
    run = run_commit("validate", cwd=tmp_path)
    assert_one_clear_line(run, 1, "the PPC folder is a link to a folder outside the plan folder")
    assert "creds-of-admin" not in run.output


def test_a_file_name_that_is_not_utf_8_is_escaped(plan_dir: Path, tmp_path: Path) -> None:
    name = os.fsencode(plan_dir / "ppcs") + b"/x\x9b2J\x9b31m.yaml"
    with open(name, "wb") as stream:
        stream.write(b"- a list\n")
    for env in ({}, {"PYTHONIOENCODING": "utf-8"}):
        run = run_commit("validate", cwd=tmp_path, env=env)
        assert run.code == 1
        assert "Traceback" not in run.output
        assert "\x9b" not in run.output
        assert "\\udc9b" in run.output
        json_run = run_commit("validate", "--format", "json", cwd=tmp_path, env=env)
        assert "\x9b" not in json_run.output
        assert "Traceback" not in json_run.output


@pytest.mark.parametrize("make", ["fifo", "link-to-secret", "link-to-dev-zero"])
@pytest.mark.parametrize("named", [False, True])
def test_fmt_never_reads_a_file_that_is_not_a_regular_file_in_the_plan(
    plan_dir: Path, tmp_path: Path, make: str, named: bool
) -> None:
    replace_ppc2(plan_dir, make, tmp_path)
    args = ["fmt", "plan/ppcs/ppc-02.yaml"] if named else ["fmt", "--check"]
    run = run_commit(*args, cwd=tmp_path)  # a FIFO used to hang here
    assert_one_clear_line(run, 1, "plan/ppcs/ppc-02.yaml:1:1: error: not read: it is")
    assert SECRET not in run.output
    assert (plan_dir / "ppcs" / "ppc-02.yaml").is_symlink() or make == "fifo"
