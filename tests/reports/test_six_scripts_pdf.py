"""Each report, with plan text in the six countries' scripts, printed to PDF by headless
Chromium: every character of that text is drawn with a glyph of an embedded font, and no
glyph drawn is a box (glyph 0). The PDF is read back with pypdf and the embedded font files
with fontTools (`pdf_glyphs`).

A script no installed font covers is left out of the plan with a warning naming the Debian
package that has its font (`.ci/run` installs both); the other scripts are still checked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from pdf_glyphs import read_pdf
from six_scripts import PHRASES, six_script_plan
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.reports.pdf import find_browser, print_to_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_browser() is None,
        reason="no headless Chromium here (apt-get install chromium; .ci/run does when it can)",
    ),
]
runner = CliRunner()

# The Debian package whose font covers each script.
PACKAGES = {
    "Khmer": "fonts-noto-core",
    "Lao": "fonts-noto-core",
    "Burmese": "fonts-noto-core",
    "Thai": "fonts-noto-core",
    "Vietnamese": "fonts-noto-core",
    "Chinese": "fonts-noto-cjk",
}
REPORTS = {
    "summary": ["summary", "--period", "2006-H1", "--as-of", "2006-06-30"],
    "ppc": ["ppc", "ppc-1", "--as-of", "2006-12-31"],
    "final": ["final", "--as-of", "2007-12-31"],
}


def _covered(phrase: str) -> bool:
    """Whether some installed font (fontconfig) has every letter of the phrase."""
    if shutil.which("fc-list") is None:
        return True  # no fontconfig to ask: check them all
    for char in {c for c in phrase if c.isalpha()}:
        found = subprocess.run(
            ["fc-list", "--format", "%{file}\n", f":charset={ord(char):04x}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if not found.strip():
            return False
    return True


def installed_scripts() -> dict[str, str]:
    """The phrases of the scripts some installed font covers; a warning for each other."""
    chosen = {}
    for script, phrase in PHRASES.items():
        if _covered(phrase):
            chosen[script] = phrase
        else:
            warnings.warn(
                f"no installed font covers {script}: its text would print as boxes;"
                f" apt-get install {PACKAGES[script]}",
                stacklevel=2,
            )
    return chosen


@pytest.mark.parametrize("kind", list(REPORTS))
def test_every_character_of_the_six_scripts_has_a_glyph_in_the_pdf(
    kind: str, tmp_path: Path
) -> None:
    phrases = installed_scripts()
    plan_dir = six_script_plan(tmp_path, phrases)
    result = runner.invoke(app, ["report", *REPORTS[kind], "-f", "html", "--plan", str(plan_dir)])
    assert result.exit_code == 0, result.output
    drawn = read_pdf(print_to_pdf(result.output))
    assert drawn.boxes == [], f"boxes drawn (no font had the character): {drawn.boxes}"
    printed = re.sub(r"<title>.*?</title>", "", result.output, flags=re.DOTALL)  # not drawn
    shown = {script: phrase for script, phrase in phrases.items() if phrase in printed}
    if kind != "final":  # the final report shows fewer of the texts (no milestone titles)
        assert shown == phrases
    assert shown
    for script, phrase in shown.items():
        assert drawn.missing(phrase) == [], f"{script}: no glyph in {sorted(drawn.fonts)}"


def test_the_check_finds_a_character_no_font_has() -> None:
    """A code point no font maps (unassigned U+0378) prints as a box, and is found."""
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Box</title></head>'
        "<body><p>A box: \u0378.</p></body></html>"
    )
    drawn = read_pdf(print_to_pdf(html))
    assert len(drawn.boxes) == 1
    assert drawn.missing("A box: \u0378.") == ["\u0378"]
