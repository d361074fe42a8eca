"""The script that renders a workbook for the docs (docs/screenshots/workbook.py) runs: it
exports the bundled plan's workbook, fills a milestone in, has headless LibreOffice render it,
and writes a PNG cropped to the table. Skipped, saying why, without LibreOffice or its PNG
export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from picture_scripts import png_size, run_picture_script

SCRIPT = REPO / "docs" / "screenshots" / "workbook.py"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None,
    reason="no LibreOffice here (apt-get install libreoffice-calc-nogui libreoffice-draw-nogui;"
    " .ci/run does when it can)",
)
def test_the_picture_script_renders_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "picture.png"
    run_picture_script(SCRIPT, tmp_path, "-o", str(out), "--rows", "3")
    width, height = png_size(out.read_bytes())
    assert width > 600  # the sheet's columns, legible
    assert height < 200  # cropped to a header and two milestones, not the whole page


def test_the_docs_show_the_picture() -> None:
    setup = (REPO / "docs" / "setup.md").read_text(encoding="utf-8")
    assert "![" in setup
    assert "(workbook-kh-2006-H2.png)" in setup
    png = (REPO / "docs" / "workbook-kh-2006-H2.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
