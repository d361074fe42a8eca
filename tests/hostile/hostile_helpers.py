"""Helpers for the hostile-input tests: run `commit` as a real process with a time limit,
and check that the plan folder's bytes never change."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HANG_GUARD_SECONDS = 20  # far above any expected time: a guard against hangs, not a benchmark


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_commit(
    *args: str | bytes, cwd: Path, env: dict[str, str] | None = None, stdout: int | None = None
) -> Run:
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "commit_cli", *args],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    text = done.stdout.decode("utf-8", "replace") if isinstance(done.stdout, bytes) else ""
    return Run(done.returncode, text, done.stderr.decode("utf-8", "replace"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@contextmanager
def plan_unchanged(folder: Path) -> Iterator[None]:
    """Fails the test if what runs inside changes any byte under `folder`."""
    before = snapshot(folder)
    yield
    assert snapshot(folder) == before


def assert_one_clear_line(run: Run, code: int, expected: str) -> None:
    assert run.code == code, run.output
    assert "Traceback" not in run.output
    assert expected in run.output, run.output


LOCATED = re.compile(r"^\S.*:\d+:\d+: (error|warning): \S")


def assert_refused_in_lines(run: Run, code: int, expected: str) -> None:
    """`run` exited with `code` saying `expected`, in lines of one problem each: a located
    problem (`file:line:column: error: …`) or the command's own `commit: error: …` line."""
    assert_one_clear_line(run, code, expected)
    for line in run.stderr.splitlines():
        assert line.startswith("commit: ") or LOCATED.match(line), run.stderr
