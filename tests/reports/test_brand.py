"""Branding without copying the base (issue 24): a plan's `templates/brand.yaml` sets the
name, colours and logo of its HTML reports. It is hostile input: each rule has an example
that breaks it (one located line, a non-zero exit, nothing written) and one that keeps it
(the report is written, branded)."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner
from webtools import axe_violations, html_validate_errors, needs_axe, needs_html_validate

from commit_cli.cli.app import app
from commit_cli.reports.brand import MAX_LOGO_BYTES, contrast_ratio

runner = CliRunner()
LOCATED = re.compile(r"^commit: error: \S+:\d+:\d+: \S")
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10" fill="#1d4e89"/></svg>\n'
)


def png(width: int = 1, height: int = 1, padding: int = 0) -> bytes:
    """A real PNG of `width` x `height` grey pixels (`padding`: bytes of a text chunk)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    text = chunk(b"tEXt", b"c\x00" + b"x" * padding) if padding else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + text
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def branded(plan_dir: Path, brand: str, files: dict[str, str | bytes] | None = None) -> Path:
    """The plan's templates folder holding `brand` as brand.yaml and `files` beside it."""
    folder = plan_dir.parent / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "brand.yaml").write_text(brand, encoding="utf-8")
    for name, data in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return folder


def report(plan_dir: Path) -> tuple[int, str, Path]:
    out = plan_dir.parent / "summary.html"
    args = ["report", "summary", "--period", "2006-H1", "-f", "html", "--plan", str(plan_dir)]
    result = runner.invoke(app, [*args, "-o", str(out)])
    return result.exit_code, result.output, out


def refused(plan_dir: Path, where: str, words: str) -> None:
    code, output, out = report(plan_dir)
    lines = output.strip().splitlines()
    assert code != 0, output
    assert len(lines) == 1, output
    assert LOCATED.match(lines[0]), output
    assert f"/{where}" in lines[0], output  # where: the file, line and column (or its start)
    assert words in lines[0], output
    assert not out.exists()
    assert "Traceback" not in output


def accepted(plan_dir: Path) -> str:
    code, output, out = report(plan_dir)
    assert code == 0, output
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("brand", "where", "words"),
    [
        ("name: [unclosed\n", "brand.yaml:1:7", "not closed"),
        ("- name\n", "brand.yaml:1:1", "must be a mapping"),
        ("name: A\ncolour: {accent: '#1d4e89'}\n", "brand.yaml:2:1", "did you mean 'colours'"),
        ("name: A\nname: B\n", "brand.yaml:2:1", "name"),
        ("name: [A, B]\n", "brand.yaml:1:7", "name must be text"),
        ('name: "A\\u202eB"\n', "brand.yaml:1:7", "one line"),
        ("colours: '#1d4e89'\n", "brand.yaml:1:10", "colours must be a mapping"),
        ("colours:\n  accnt: '#1d4e89'\n", "brand.yaml:2:3", "did you mean 'accent'"),
        ("colours:\n  accent: red\n", "brand.yaml:2:11", "#rrggbb"),
        ("colours:\n  accent: '#fff'\n", "brand.yaml:2:11", "#rrggbb"),
        ("colours:\n  accent: '#1d4e8g'\n", "brand.yaml:2:11", "#rrggbb"),
    ],
)
def test_a_broken_brand_file_is_refused_where_it_is_wrong(
    plan_dir: Path, brand: str, where: str, words: str
) -> None:
    branded(plan_dir, brand)
    refused(plan_dir, where, words)


def test_a_plain_brand_file_brands_the_report(plan_dir: Path) -> None:
    branded(plan_dir, "name: Ministry of Social Development\ncolours:\n  accent: '#7B2D26'\n")
    page = accepted(plan_dir)
    assert '<p class="brand"><span>Ministry of Social Development</span></p>' in page
    assert ":root { --accent: #7b2d26; }" in page


def test_an_empty_brand_file_changes_nothing(plan_dir: Path) -> None:
    plain = accepted(plan_dir)
    branded(plan_dir, "# no branding yet\n")
    assert accepted(plan_dir) == plain


@pytest.mark.parametrize(
    ("key", "colour", "background"),
    [
        ("accent", "#9ab0c8", "on white"),
        ("ink", "#888888", "on white"),
        ("ink", "#52606d", "on the second shade of a heat table"),  # 6.5:1 on white
    ],
)
def test_a_colour_text_cannot_be_read_on_is_refused(
    plan_dir: Path, key: str, colour: str, background: str
) -> None:
    branded(plan_dir, f"colours:\n  {key}: '{colour}'\n")
    refused(plan_dir, f"brand.yaml:2:{len(key) + 5}", background)


@pytest.mark.parametrize(("key", "colour"), [("accent", "#7b2d26"), ("ink", "#000000")])
def test_a_colour_that_can_be_read_is_used(plan_dir: Path, key: str, colour: str) -> None:
    branded(plan_dir, f"colours:\n  {key}: '{colour}'\n")
    assert f"--{key}: {colour};" in accepted(plan_dir)


def test_the_contrast_is_wcags() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("logo", "words"),
    [
        ("https://example.org/logo.png", "not a link"),
        ("data:image/png;base64,iVBORw0KGgo=", "not a link"),
        ("//example.org/logo.png", "not a link"),
        ("../logo.svg", "inside the templates folder"),
        ("/etc/logo.svg", "inside the templates folder"),
        (".hidden.svg", "hidden"),
        ("logo.gif", ".svg or .png"),
        ("missing.svg", "not found"),
        ("[logo.svg]", "must name a file"),
    ],
)
def test_a_logo_that_is_not_a_file_of_the_folder_is_refused(
    plan_dir: Path, logo: str, words: str
) -> None:
    branded(plan_dir, f"logo: '{logo}'\n" if not logo.startswith("[") else f"logo: {logo}\n")
    refused(plan_dir, "brand.yaml:1:7", words)


def test_a_logo_that_is_a_link_is_refused(plan_dir: Path) -> None:
    folder = branded(plan_dir, "logo: logo.svg\n", {"real.svg": SVG})
    (folder / "logo.svg").symlink_to(folder / "real.svg")
    refused(plan_dir, "brand.yaml:1:7", "symbolic link")


def test_a_logo_in_a_linked_folder_is_refused(plan_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "logo.svg").write_text(SVG, encoding="utf-8")
    folder = branded(plan_dir, "logo: art/logo.svg\n")
    (folder / "art").symlink_to(elsewhere)
    refused(plan_dir, "brand.yaml:1:7", "symbolic link")


def test_a_brand_file_that_is_a_link_is_refused(plan_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("name: A\n", encoding="utf-8")
    folder = plan_dir.parent / "templates"
    folder.mkdir()
    (folder / "brand.yaml").symlink_to(tmp_path / "real.yaml")
    refused(plan_dir, "brand.yaml:1:1", "symbolic link")


def test_a_brand_file_that_is_a_folder_is_refused(plan_dir: Path) -> None:
    (plan_dir.parent / "templates" / "brand.yaml").mkdir(parents=True)
    refused(plan_dir, "brand.yaml:1:1", "not a regular file")


def test_a_logo_that_is_a_folder_is_refused(plan_dir: Path) -> None:
    folder = branded(plan_dir, "logo: logo.svg\n")
    (folder / "logo.svg").mkdir()
    refused(plan_dir, "brand.yaml:1:7", "not a regular file")


def test_a_logo_too_big_to_embed_is_refused(plan_dir: Path) -> None:
    branded(plan_dir, "logo: logo.png\n", {"logo.png": png(padding=MAX_LOGO_BYTES)})
    refused(plan_dir, "brand.yaml:1:7", "KiB")


@pytest.mark.parametrize(
    ("name", "data", "where", "words"),
    [
        ("logo.png", b"GIF89a not a png at all, though named one", "logo.png:1:1", "not a PNG"),
        ("logo.png", png(0, 1), "logo.png:1:1", "no pixels"),
        ("logo.svg", "<html><body>hi</body></html>", "logo.svg:1:1", "not an SVG"),
        ("logo.svg", "<svg>no namespace</svg>", "logo.svg:1:1", "not an SVG"),
        (
            "logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
            "logo.svg:1:",
            "well-formed",
        ),
        ("logo.svg", "", "logo.svg:1:1", "well-formed"),
        (
            "logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg">\n  <script>alert(1)</script>\n</svg>',
            "logo.svg:2:3",
            "may not hold script",
        ),
        (
            "logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "logo.svg:1:1",
            "event handler (onload",
        ),
        (
            "logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            '<image x:href="https://example.org/t.png"/></svg>',
            "logo.svg:1:",
            "links to something outside",
        ),
        (
            "logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(x.css);</style></svg>',
            "logo.svg:1:",
            "style refers to something outside",
        ),
        (
            "logo.svg",
            '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            "logo.svg:2:",
            "DOCTYPE",
        ),
        (
            "logo.svg",
            '<?xml-stylesheet href="x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "logo.svg:1:1",
            "processing instruction",
        ),
    ],
)
def test_a_logo_that_is_not_a_plain_image_is_refused_where_it_is_wrong(
    plan_dir: Path, name: str, data: str | bytes, where: str, words: str
) -> None:
    branded(plan_dir, f"name: A\nlogo: {name}\n", {name: data})
    refused(plan_dir, where, words)


@pytest.mark.parametrize(
    ("name", "data", "media"),
    [
        ("logo.svg", SVG, "image/svg+xml"),
        (
            "art/logo.svg",
            '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
            ' xmlns:x="http://www.w3.org/1999/xlink"><defs><circle id="c" r="4"/></defs>'
            '<use x:href="#c"/><style>circle { fill: url(#g); }</style></svg>',
            "image/svg+xml",
        ),
        ("logo.png", png(4, 3), "image/png"),
    ],
)
def test_a_plain_logo_is_embedded_as_an_inert_image(
    plan_dir: Path, name: str, data: str | bytes, media: str
) -> None:
    branded(plan_dir, f"name: Ministry of Social Development\nlogo: {name}\n", {name: data})
    page = accepted(plan_dir)
    (image,) = re.findall(r'<p class="brand"><img src="([^"]+)" alt="">', page)
    assert image.startswith(f"data:{media};base64,")
    assert page.count("<svg xmlns=") == 0  # never inline: an <img> runs no script


def test_a_logo_without_a_name_is_named_logo(plan_dir: Path) -> None:
    branded(plan_dir, "logo: logo.svg\n", {"logo.svg": SVG})
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Logo">', accepted(plan_dir))


def test_markdown_is_not_branded_and_not_stopped(plan_dir: Path) -> None:
    """The brand is the HTML's (and so the PDF's): a Markdown report neither reads nor
    needs it."""
    branded(plan_dir, "name: [broken\n")
    args = ["report", "summary", "--period", "2006-H1", "-f", "md", "--plan", str(plan_dir)]
    assert runner.invoke(app, args).exit_code == 0


@needs_axe
@needs_html_validate
@pytest.mark.slow
def test_a_branded_report_stays_accessible_and_valid(plan_dir: Path) -> None:
    brand = "name: Ministry of Social Development\ncolours: {accent: '#7b2d26', ink: '#111111'}\n"
    branded(plan_dir, brand + "logo: logo.svg\n", {"logo.svg": SVG})
    page = accepted(plan_dir)
    assert [str(violation) for violation in axe_violations(page)] == []
    assert html_validate_errors(page) == []
