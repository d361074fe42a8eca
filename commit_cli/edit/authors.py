"""Who is writing a note: `git config user.name` in the plan's folder, else the login name.

git runs as every git process of ours does (`git_process`: a fixed configuration, no
`GIT_*` variable of the caller), so the repository's own configuration can make it run
nothing; the name is read from the repository's configuration, else from the user's own and
the system's (read apart, as `git_process.user_settings` reads them), in git's order. A name
that is not UTF-8 is refused with what to do, never guessed at.
"""

from __future__ import annotations

import getpass
import subprocess
from pathlib import Path

from commit_cli.errors import UsageError

NOT_UTF8 = (
    "git config user.name is not UTF-8 text; set it again in UTF-8"
    " (git config --global user.name 'Your Name') or pass --by NAME"
)


def author(folder: Path) -> str:
    """The note's author: git's user.name for `folder`, else the login name, else "unknown";
    UsageError when git's name is not UTF-8."""
    name = _git_name(folder)
    if name is None:
        raise UsageError(NOT_UTF8)
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _git_name(folder: Path) -> str | None:
    """git's user.name for `folder` (empty when there is none, or no git); None when it is
    not UTF-8."""
    from commit_cli.git_process import find_git, user_settings

    git = find_git()
    if git is None:
        return ""
    raw = _repository_name(git, folder)
    if raw is None:  # the system's, then the user's own configuration: the last one wins
        found = [value for _, value in user_settings(git, r"^user\.name$", str(folder))]
        raw = found[-1].encode("utf-8", "surrogateescape") if found else b""
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None


def _repository_name(git: str, folder: Path) -> bytes | None:
    """user.name as the repository's own configuration sets it (None when it does not)."""
    from commit_cli.git_process import git_command, git_environment

    try:
        done = subprocess.run(
            git_command(git, "config", "--get", "user.name"),
            cwd=folder,
            env=git_environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.rstrip(b"\n") if done.returncode == 0 and done.stdout.strip() else None
