"""Running the scripts under docs/screenshots/ in tests, and reading the PNGs they write:
one way for every picture the docs show (the workbook, the site, the translated report)."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

SKIPPED = 3  # what a picture script exits with when a tool it needs is missing


def run_picture_script(script: Path, cwd: Path, *args: str) -> None:
    """Run `script` with `args`; skip the test, saying why, when it lacks a tool, and fail
    with its error output when it fails."""
    done = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode == SKIPPED:
        pytest.skip(done.stderr.strip())
    assert done.returncode == 0, done.stderr


def png_size(png: bytes) -> tuple[int, int]:
    """The width and height in a PNG's header (its IHDR chunk comes first)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height
