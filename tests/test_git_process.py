"""How every git process starts: no `GIT_*` variable but ours, and our settings before the
command's arguments, where git reads them as the command line's (which wins over every
configuration file)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_cli import git_process

NAMES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789", min_size=1, max_size=20)


@given(
    names=st.lists(NAMES, max_size=8), value=st.text(max_size=10).filter(lambda v: "\0" not in v)
)
def test_no_git_variable_of_the_caller_reaches_git(names: list[str], value: str) -> None:
    planted = {f"GIT_{name}": value for name in names} | {f"git_{names[0]}": value} if names else {}
    saved = dict(os.environ)
    try:
        os.environ.update(planted)
        environment = git_process.git_environment({"GIT_AUTHOR_NAME": "Sok Chan"})
    finally:
        os.environ.clear()
        os.environ.update(saved)
    ours = {k for k in git_process._ENVIRONMENT if k.startswith("GIT_")} | {"GIT_AUTHOR_NAME"}
    assert {k for k in environment if k.upper().startswith("GIT_")} == ours
    assert all(environment[k] == v for k, v in git_process._ENVIRONMENT.items())
    assert environment["GIT_AUTHOR_NAME"] == "Sok Chan"


@pytest.mark.parametrize(
    "setting",
    [
        "log.showSignature=false",
        "core.fsmonitor=false",
        f"core.hooksPath={os.devnull}",
        "protocol.allow=never",
        "protocol.ext.allow=never",
        "core.useReplaceRefs=false",
        "safe.bareRepository=explicit",
        "credential.helper=",
    ],
)
def test_every_git_command_carries_the_fixed_settings_before_its_arguments(setting: str) -> None:
    command = git_process.git_command("git", "log", "--raw", settings=("user.name=x",))
    assert command[0] == "git"
    assert command[-2:] == ["log", "--raw"]
    options = command[1:-2]
    assert options[0] == "--no-pager"
    pairs = list(zip(options[1::2], options[2::2], strict=True))
    assert ("-c", setting) in pairs
    assert pairs[-1] == ("-c", "user.name=x")  # the caller's come last, so they win


def test_the_users_settings_are_read_from_their_own_configuration_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[safe]\n\tdirectory = /srv/plans\n[user]\n\tname = Sok\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, capture_output=True)
    (repo / ".git" / "config").write_text("[safe]\n\tdirectory = /\n[user]\n\tname = Them\n")
    saved = dict(os.environ)
    try:
        os.environ["HOME"] = str(home)
        os.environ.pop("XDG_CONFIG_HOME", None)
        os.environ["GIT_CONFIG_NOSYSTEM"] = "1"  # cleared: the system's counts too
        found = git_process.user_settings(
            git_process.find_git() or "git", r"^(safe\.directory|user\.name)$", cwd=str(repo)
        )
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert ("safe.directory", "/srv/plans") in found
    assert ("user.name", "Sok") in found
    assert ("user.name", "Them") not in found
    assert ("safe.directory", "/") not in found
