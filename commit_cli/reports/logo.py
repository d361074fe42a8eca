"""A brand's logo file, checked before it is embedded in a report as a `data:` URI.

The logo is shown through `<img>`, where a browser runs no script and loads nothing, so even
an SVG that holds script is inert in the report. The checks here are for the author: a logo
that is not what its name says, or that holds script, links or a DOCTYPE, is refused with
its place, rather than shown broken or carried along. Nothing is decoded beyond the PNG
header and the SVG's XML events (no entity is declared or expanded: a DOCTYPE is refused).
"""

from __future__ import annotations

import re
import struct
from typing import Any
from xml.parsers import expat

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SEP = " "  # between an XML name's namespace and its local name, as expat reports them
# elements that run script or hold other documents
ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
LINK_ATTRIBUTES = {"href", "src"}
OUTSIDE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import|javascript:", re.IGNORECASE)


class LogoProblem(Exception):
    """What is wrong with a logo file, at a 1-based line and column of that file."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def check_png(data: bytes) -> None:
    """A PNG starts with its signature and an IHDR chunk of a non-empty image."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 33:
        raise LogoProblem(1, 1, "not a PNG image (its first bytes are not a PNG header)")
    width, height = struct.unpack(">II", data[16:24])
    if width == 0 or height == 0:
        raise LogoProblem(1, 1, "the PNG image has no pixels (its width or height is 0)")


def check_svg(data: bytes) -> None:
    """An SVG logo is well-formed XML whose root is an SVG `<svg>`, with no DOCTYPE, no
    processing instruction, no script or embedded document, no event handler attribute and
    no reference to anything outside itself (a link, `url(…)` or `@import`)."""
    parser = expat.ParserCreate(namespace_separator=SEP)
    seen: list[str] = []
    in_style: list[bool] = []

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse(message: str) -> None:
        raise LogoProblem(*where(), message)

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(SEP)
        if not seen and (namespace != SVG_NAMESPACE or local != "svg"):
            refuse(
                f"not an SVG image: its root element is <{local}>, not <svg> in the SVG"
                f' namespace (add xmlns="{SVG_NAMESPACE}")'
            )
        seen.append(local)
        if local.lower() in ACTIVE_ELEMENTS:
            refuse(f"the SVG holds a <{local}> element: a logo may not hold script (remove it)")
        for key, value in attributes.items():
            problem = _attribute_problem(key.rpartition(SEP)[2].lower(), value)
            if problem is not None:
                refuse(problem)
        in_style.append(local == "style")

    def end(name: str) -> None:
        in_style.pop()

    def text(content: str) -> None:
        if in_style and in_style[-1] and OUTSIDE.search(content):
            refuse(
                "the SVG's style refers to something outside itself (url(…), @import or"
                " javascript:); a logo must be self-contained"
            )

    def doctype(*_: Any) -> None:
        refuse("the SVG has a DOCTYPE: a logo may declare no entities (remove the DOCTYPE)")

    def instruction(target: str, _: str) -> None:
        refuse(f"the SVG has a processing instruction (<?{target} …?>); remove it")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        raise LogoProblem(exc.lineno, exc.offset + 1, f"not a well-formed SVG: {message}") from None
    if not seen:
        raise LogoProblem(1, 1, "not an SVG image: it holds no element")


def _attribute_problem(attribute: str, value: str) -> str | None:
    """What is wrong with one attribute of an SVG logo's element, if anything."""
    if attribute.startswith("on"):
        return (
            f"the SVG has an event handler ({attribute}=…): a logo may not hold script"
            " (remove the attribute)"
        )
    if attribute in LINK_ATTRIBUTES and not value.strip().startswith("#"):
        return (
            f"the SVG links to something outside itself ({attribute}=…): a logo must be one"
            " self-contained file (embed or remove what it links)"
        )
    if OUTSIDE.search(value):
        return (
            f"the SVG's {attribute} attribute refers to something outside itself (url(…),"
            " @import or javascript:); a logo must be self-contained"
        )
    return None
