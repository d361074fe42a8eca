"""The script that takes the site's screenshots for the docs (docs/screenshots/site.py) runs:
it builds the demo's site, has headless Chromium take the home page and a PPC page, and
writes two PNGs of the window's size; and the README and docs/site.md show them. Skipped,
saying why, without Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from picture_scripts import png_size, run_picture_script

from commit_cli.reports.pdf import find_browser

SCRIPT = REPO / "docs" / "screenshots" / "site.py"
PICTURES = ("site-home.png", "site-ppc.png")


@pytest.mark.slow
@pytest.mark.skipif(
    find_browser() is None,
    reason="no headless Chromium here (apt-get install chromium; .ci/run does when it can)",
)
def test_the_picture_script_takes_the_home_and_a_ppc_page(tmp_path: Path) -> None:
    out = tmp_path / "pictures"
    run_picture_script(SCRIPT, tmp_path, "-o", str(out))
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
