"""Who is writing a note: `git config user.name` in the plan's folder, else the login name."""

from __future__ import annotations

import getpass
import subprocess
from pathlib import Path


def author(folder: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        name = done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
