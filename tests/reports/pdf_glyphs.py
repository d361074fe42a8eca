"""What a PDF printed by Chromium draws, read back from the file: the characters its
embedded fonts map (fontTools over each embedded font file, and each font's ToUnicode map
through pypdf's text extraction) and whether any glyph drawn is glyph 0, the `.notdef` box a
browser draws for a character no font has.

Chromium (Skia) embeds TrueType fonts as Type0/Identity-H (two-byte glyph ids) and CFF fonts
such as Noto Sans CJK as Type3 fonts whose glyphs are named `g<id>`.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from pypdf import PdfReader
from pypdf.generic import ContentStream, TextStringObject

# A consonant after one of these is drawn as a subscript form inside its cluster's glyphs.
STACKERS = {"\u17d2", "\u1039", "\u0e3a", "\u0eba"}  # Khmer coeng, Myanmar virama, Thai/Lao


@dataclass
class Drawn:
    """What the PDF draws: `fonts` (base font names), `mapped` (every character an embedded
    font's own character map holds), `text` (the text extracted through ToUnicode) and
    `boxes` (each font that drew its glyph 0, with the page number)."""

    fonts: set[str] = field(default_factory=set)
    mapped: set[str] = field(default_factory=set)
    text: str = ""
    boxes: list[str] = field(default_factory=list)

    def missing(self, phrase: str) -> list[str]:
        """The characters of `phrase` the PDF shows no glyph for. A nonspacing mark, and a
        consonant in a stack (either side of a coeng or virama), are drawn inside their
        cluster's glyphs (which map back to one of its characters), so they need no glyph
        of their own here; a box drawn for them is in `boxes`."""
        shown = self.mapped | set(self.text)
        lost = []
        for index, char in enumerate(phrase):
            if char.isspace() or char in shown:
                continue
            stacked = phrase[index - 1 : index + 2].strip(char)[:1] in STACKERS or (
                index + 1 < len(phrase) and phrase[index + 1] in STACKERS
            )
            if unicodedata.category(char) == "Mn" or stacked:
                continue
            lost.append(char)
        return lost


def read_pdf(data: bytes) -> Drawn:
    reader = PdfReader(io.BytesIO(data))
    drawn = Drawn()
    for number, page in enumerate(reader.pages, start=1):
        drawn.text += page.extract_text() + "\n"
        resources: Any = page["/Resources"]
        fonts = resources.get("/Font", {})
        for name, ref in fonts.items():
            font = ref.get_object()
            drawn.fonts.add(str(font.get("/BaseFont", name)))
            drawn.mapped |= _embedded_characters(font)
        for font_name, code in _glyph_codes(page, reader):
            font = fonts[font_name].get_object()
            if _is_notdef(font, code):
                drawn.boxes.append(f"page {number}: {font.get('/BaseFont', font_name)}")
    return drawn


def _embedded_characters(font: Any) -> set[str]:
    """The characters the embedded font file's own cmap maps (TrueType subsets keep one)."""
    if "/DescendantFonts" not in font:
        return set()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            try:
                with TTFont(io.BytesIO(descriptor[key].get_object().get_data())) as parsed:
                    return {chr(point) for point in (parsed.getBestCmap() or {})}
            except Exception:  # a bare CFF program has no cmap: ToUnicode covers it
                return set()
    return set()


def _glyph_codes(page: Any, reader: PdfReader) -> list[tuple[str, bytes]]:
    """(font resource name, the code of one glyph) for every glyph the page's text draws."""
    found: list[tuple[str, bytes]] = []
    current = ""
    fonts = page["/Resources"].get("/Font", {})
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            current = str(operands[0])
        elif operator in (b"Tj", b"'", b'"', b"TJ"):
            strings = operands[-1] if operator != b"TJ" else operands[0]
            for item in strings if operator == b"TJ" else [strings]:
                if isinstance(item, TextStringObject | bytes):
                    raw = item.original_bytes if isinstance(item, TextStringObject) else item
                    width = 2 if "/DescendantFonts" in fonts[current].get_object() else 1
                    found += [(current, raw[i : i + width]) for i in range(0, len(raw), width)]
    return found


def _is_notdef(font: Any, code: bytes) -> bool:
    if "/DescendantFonts" in font:  # Identity-H: the code is the glyph id
        return code == b"\x00\x00"
    differences = font.get("/Encoding", {}).get("/Differences", [])
    name, at = None, None
    for item in differences:  # [code name name ... code name ...]
        if isinstance(item, int):
            at = item
        else:
            if at == code[0]:
                name = str(item)
            at = None if at is None else at + 1
    return name in ("/g0", "/.notdef")
