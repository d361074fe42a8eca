"""The script that takes the site's screenshots for the docs (docs/screenshots/site.py) runs:
it builds the demo's site, has headless Chromium take the home page and a PPC page, and
writes two PNGs of the window's size; and the README and docs/site.md show them. Skipped,
saying why, without Chromium."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from commit_cli.reports.pdf import find_browser

SCRIPT = REPO / "docs" / "screenshots" / "site.py"
PICTURES = ("site-home.png", "site-ppc.png")


def png_size(png: bytes) -> tuple[int, int]:
    """The width and height in a PNG's header (its IHDR chunk comes first)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.slow
@pytest.mark.skipif(
    find_browser() is None,
    reason="no headless Chromium here (apt-get install chromium; .ci/run does when it can)",
)
def test_the_picture_script_takes_the_home_and_a_ppc_page(tmp_path: Path) -> None:
    out = tmp_path / "pictures"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "-o", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode == 3:
        pytest.skip(done.stderr.strip())
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(PICTURES)
    for name in PICTURES:
        png = (out / name).read_bytes()
        assert png_size(png) == (1280, 900)  # the window, not a blank or a whole long page
        assert len(png) > 20_000  # drawn on: a blank page of that size compresses to little


@pytest.mark.parametrize("page", ["README.md", "docs/site.md"])
def test_the_docs_show_both_pictures(page: str) -> None:
    text = (REPO / page).read_text(encoding="utf-8")
    prefix = "docs/" if page == "README.md" else ""
    for name in PICTURES:
        assert f"]({prefix}{name})" in text
        assert png_size((REPO / "docs" / name).read_bytes()) == (1280, 900)
    assert "python docs/screenshots/site.py" in text
