"""Plan text in any of the six countries' scripts renders as letters, not boxes.

A browser draws a character with the font fontconfig picks for it; with no installed font that
covers the script it draws the .notdef box. Debian's `fonts-noto-core` and `fonts-noto-cjk`
cover all six (`.ci/run` installs them when it can). Each test asks fontconfig for the sans-serif
font it would use for a sample character and reads that font's character map with fontTools.
A script with no installed font at all is skipped, naming the package to install.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from commit_cli.reports.templates import default_templates_dir

# (script, sample character, fontconfig language, the Debian package with its font,
#  the Noto family the HTML names for it)
SCRIPTS = [
    ("Khmer", "\u1780", "km", "fonts-noto-core", "Noto Sans Khmer"),
    ("Lao", "\u0e81", "lo", "fonts-noto-core", "Noto Sans Lao"),
    ("Burmese", "\u1000", "my", "fonts-noto-core", "Noto Sans Myanmar"),
    ("Thai", "\u0e01", "th", "fonts-noto-core", "Noto Sans Thai"),
    ("Vietnamese", "\u1ec7", "vi", "fonts-noto-core", "Noto Sans"),
    ("Chinese", "\u4e2d", "zh-cn", "fonts-noto-cjk", "Noto Sans CJK SC"),
]


def _fontconfig(*arguments: str) -> str:
    return subprocess.run(arguments, capture_output=True, text=True, check=True).stdout


def _has_glyph(file: str, index: int, character: str) -> bool:
    """Whether the font's own character map (read with fontTools) maps the character."""
    with TTFont(file, fontNumber=index, lazy=True) as font:
        return ord(character) in (font.getBestCmap() or {})


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="no fontconfig (fc-match) here")
@pytest.mark.parametrize(("script", "character", "lang", "package", "family"), SCRIPTS)
def test_the_font_chosen_for_each_script_has_its_glyphs(
    script: str, character: str, lang: str, package: str, family: str
) -> None:
    code = f"{ord(character):04x}"
    covering = _fontconfig("fc-list", "--format", "%{file}\n", f":charset={code}")
    if not covering.strip():
        pytest.skip(f"no installed font covers {script}: apt-get install {package}")
    chosen = _fontconfig(
        "fc-match", "--format", "%{file}\t%{index}", f"sans-serif:charset={code}:lang={lang}"
    )
    file, index = chosen.split("\t")
    assert _has_glyph(file, int(index), character), (
        f"{script} {character!r} would be a box: fontconfig picks {file}, which lacks it"
    )


def test_the_html_names_a_font_for_each_script() -> None:
    """The page's font stack names each script's Noto family, so a browser need not guess
    (and Chinese gets the Simplified Chinese design, not the Japanese one)."""
    css = (default_templates_dir() / "_base.html.j2").read_text(encoding="utf-8")
    body = re.search(r"\bbody \{[^}]*font:([^;}]*)", css)
    assert body, "the base template sets no body font"
    stack = [name.strip().strip('"') for name in body.group(1).split(",")]
    for script, _, _, _, family in SCRIPTS:
        assert family in stack, f"{script}: {family} is not in the body font stack {stack}"
