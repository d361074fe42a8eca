"""The script that takes the translated report's screenshot for the docs
(docs/screenshots/report.py) runs: it renders the demo's summary in Thai, has headless
Chromium take the top of the page, and writes a PNG of the window's size; and the README and
docs/reports.md show it. Skipped, saying why, without Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from picture_scripts import png_size, run_picture_script

from commit_cli.reports.pdf import find_browser

SCRIPT = REPO / "docs" / "screenshots" / "report.py"
PICTURE = "summary-2006-H1-th.png"


@pytest.mark.slow
@pytest.mark.skipif(
    find_browser() is None,
    reason="no headless Chromium here (apt-get install chromium; .ci/run does when it can)",
)
def test_the_picture_script_takes_the_translated_summary(tmp_path: Path) -> None:
    out = tmp_path / "pictures"
    run_picture_script(SCRIPT, tmp_path, "-o", str(out))
    assert [path.name for path in out.iterdir()] == [PICTURE]
    png = (out / PICTURE).read_bytes()
    assert png_size(png) == (1280, 900)  # the window, not a blank or a whole long page
    assert len(png) > 20_000  # drawn on: a blank page of that size compresses to little


@pytest.mark.parametrize(("page", "prefix"), [("README.md", "docs/"), ("docs/reports.md", "")])
def test_the_docs_show_the_translated_report(page: str, prefix: str) -> None:
    text = (REPO / page).read_text(encoding="utf-8")
    assert f"]({prefix}{PICTURE})" in text
    assert "python docs/screenshots/report.py" in text
    assert "--lang" in text
    assert "native speaker" in text
    assert png_size((REPO / "docs" / PICTURE).read_bytes()) == (1280, 900)
