"""A plan's branding, without copying the base template: `brand.yaml` in the plan's own
templates folder (or the `--templates` folder) names the organisation, sets the accent and
text colours and points at a logo file beside it. `templates/_base.html.j2` reads the result
as `brand` (None when there is no `brand.yaml`).

`brand.yaml` arrives in pull requests like the templates, so it is hostile input: every
problem is one line, `file:line:column: what is wrong (and the likely fix)`, raised as a
`BrokenTemplate` before anything is rendered, so nothing is written. The rules:

- the file is YAML holding a mapping of the known keys only (`name`, `colours`, `logo`);
- `name` is one line of text; `colours` maps `accent` and `ink` to `#rrggbb` colours;
- a colour that falls below 4.5:1 (WCAG AA for small text) against any background the base
  template writes it on is refused, naming that background and the ratio: a report a
  ministry cannot read is worse than a report that was not made;
- `logo` names a `.svg` or `.png` file inside the same folder: no link (`https:`, `data:`),
  no absolute path or `..`, no hidden file, no symbolic link on the way, at most
  `MAX_LOGO_BYTES`, and really a PNG or an SVG (`logo.check_png`, `logo.check_svg`). It is
  embedded as a `data:` URI shown by `<img>`, where an SVG can run no script.
"""

from __future__ import annotations

import base64
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commit_cli.core.hints import did_you_mean
from commit_cli.errors import BrokenTemplate
from commit_cli.reports.templates import TemplateFolder
from commit_cli.safetext import one_line

if TYPE_CHECKING:  # YAML and the logo checks are imported by a plan that has a brand.yaml
    from yaml.nodes import Node

BRAND_FILE = "brand.yaml"
MAX_BRAND_BYTES = 64 * 1024
MAX_LOGO_BYTES = 512 * 1024
MAX_NAME_CHARS = 120
KEYS = ("name", "colours", "logo")
AA_SMALL_TEXT = 4.5
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Each colour a brand may set, and the backgrounds `_base.html.j2` writes it on.
COLOURS: dict[str, dict[str, str]] = {
    "accent": {  # the title, links, the PPC rows of tables
        "white": "#ffffff",
        "the grey of table headers": "#f5f7fa",
    },
    "ink": {  # all text
        "white": "#ffffff",
        "the grey of table headers": "#f5f7fa",
        "the notice's yellow": "#fff5d6",
        "the lightest shade of a heat table": "#e3eefa",
        "the second shade of a heat table": "#b3cdee",
    },
}
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


@dataclass(frozen=True)
class Brand:
    name: str | None
    colours: dict[str, str]
    logo: tuple[str, bytes] | None  # its media type and bytes

    def to_json(self) -> dict[str, Any]:
        """What `_base.html.j2` reads: `{name, colours: {accent?, ink?}, logo: {src, type} |
        null}`; `logo.src` is a `data:` URI."""
        logo = None
        if self.logo is not None:
            media, data = self.logo
            encoded = base64.b64encode(data).decode("ascii")
            logo = {"src": f"data:{media};base64,{encoded}", "type": media}
        return {"name": self.name, "colours": dict(self.colours), "logo": logo}


def contrast_ratio(one: str, other: str) -> float:
    """The WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        def linear(channel: int) -> float:
            c = channel / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def load_brand(folders: list[TemplateFolder]) -> Brand | None:
    """The brand of the first folder that is not the defaults' and holds `brand.yaml`;
    None when none does (or it is empty)."""
    for folder in folders:
        if folder.origin == "default":
            continue
        path = folder.path / BRAND_FILE
        if not path.is_symlink() and not path.exists():
            continue
        return _Reader(folder, path).brand()
    return None


class _Reader:
    """One `brand.yaml`, read and checked; each problem raised with its place."""

    def __init__(self, folder: TemplateFolder, path: Path) -> None:
        self.folder, self.path = folder, path
        self.shown = f"{folder.shown}/{BRAND_FILE}"
        self.text = ""
        self.root: Node | None = None

    def fail(self, node: Node | None, message: str) -> BrokenTemplate:
        from commit_cli.yamlio.lines import LineIndex

        line, column = (1, 1)
        if node is not None:
            line, column = LineIndex(self.text).position(node.start_mark.index)
        return BrokenTemplate(f"{self.shown}:{line}:{column}: {message}")

    def brand(self) -> Brand | None:
        from commit_cli.yamlio.reader import YamlSyntaxError, compose, load_data

        self.text = self._read_text()
        try:
            data, issues = load_data(self.text)
        except YamlSyntaxError as exc:
            issue = exc.issue
            raise BrokenTemplate(
                f"{self.shown}:{issue.line}:{issue.column}: {issue.message}"
            ) from None
        if issues:
            issue = issues[0]
            raise BrokenTemplate(f"{self.shown}:{issue.line}:{issue.column}: {issue.message}")
        if data is None:
            return None
        self.root = compose(self.text)
        if not isinstance(data, dict):
            raise self.fail(self.root, "brand.yaml must be a mapping of name, colours and logo")
        for key in data:
            if key not in KEYS:
                raise self.fail(
                    self._key(key),
                    f"unknown key '{one_line(str(key))}' (known: {', '.join(KEYS)})"
                    f"{did_you_mean(str(key), KEYS)}",
                )
        return Brand(
            name=self._name(data.get("name")),
            colours=self._colours(data.get("colours")),
            logo=self._logo(data.get("logo")),
        )

    def _read_text(self) -> str:
        if self.path.is_symlink():
            raise self.fail(None, "refused: brand.yaml is a symbolic link (make it a real file)")
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            handle = os.open(self.path, flags)
        except OSError as exc:
            raise self.fail(None, f"cannot be read: {exc.strerror or exc}") from None
        if not _regular(handle):  # before fdopen, which refuses a folder on its own terms
            raise self.fail(None, "refused: brand.yaml is not a regular file")
        with os.fdopen(handle, "rb") as stream:
            data = stream.read(MAX_BRAND_BYTES + 1)
        if len(data) > MAX_BRAND_BYTES:
            raise self.fail(None, f"brand.yaml is over {MAX_BRAND_BYTES // 1024} KiB")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail(None, "brand.yaml is not UTF-8 text (save it as UTF-8)") from None

    def _key(self, *keys: str) -> Node | None:
        """The node of the key at the end of `keys` (None when missing)."""
        return self._node(*keys, value=False)

    def _value(self, *keys: str) -> Node | None:
        return self._node(*keys, value=True)

    def _node(self, *keys: str, value: bool) -> Node | None:
        from yaml.nodes import MappingNode

        node, found = self.root, None
        for key in keys:
            if not isinstance(node, MappingNode):
                return node
            for key_node, value_node in node.value:
                if key_node.value == key:
                    found, node = (value_node if value else key_node), value_node
                    break
            else:
                return node
        return found

    def _name(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(self._value("name"), "name must be text, e.g. name: Ministry of …")
        if CONTROL.search(value) or len(value) > MAX_NAME_CHARS:
            raise self.fail(
                self._value("name"),
                f"name must be one line of at most {MAX_NAME_CHARS} characters, with no"
                " control or direction characters",
            )
        return value.strip()

    def _colours(self, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(
                self._value("colours"),
                "colours must be a mapping, e.g. colours: {accent: '#1d4e89'}",
            )
        found = {}
        for key, colour in value.items():
            if key not in COLOURS:
                raise self.fail(
                    self._key("colours", str(key)),
                    f"unknown colour '{one_line(str(key))}' (known: {', '.join(COLOURS)})"
                    f"{did_you_mean(str(key), list(COLOURS))}",
                )
            node = self._value("colours", key)
            if not isinstance(colour, str) or not COLOUR.fullmatch(colour):
                raise self.fail(
                    node,
                    f"colours.{key}: {one_line(str(colour))!r} is not a colour written #rrggbb"
                    " (six hex digits, quoted: accent: '#1d4e89')",
                )
            for background, behind in COLOURS[key].items():
                ratio = contrast_ratio(colour, behind)
                if ratio < AA_SMALL_TEXT:
                    raise self.fail(
                        node,
                        f"colours.{key}: {colour} on {background} ({behind}) has a contrast of"
                        f" {ratio:.2f}:1, below the {AA_SMALL_TEXT}:1 text needs to be read"
                        " (choose a darker colour)",
                    )
            found[key] = colour.lower()
        return found

    def _logo(self, value: Any) -> tuple[str, bytes] | None:
        if value is None:
            return None
        node = self._value("logo")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, "logo must name a file in this folder, e.g. logo: logo.svg")
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) or value.startswith("//"):
            raise self.fail(
                node,
                "logo must be a file in the templates folder, not a link or URI (save the"
                " image beside brand.yaml and name it: logo: logo.svg)",
            )
        parts = value.replace("\\", "/").split("/")
        if value.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise self.fail(
                node, "logo must be a file inside the templates folder (no absolute path, no ..)"
            )
        if any(part.startswith(".") for part in parts) or CONTROL.search(value):
            raise self.fail(node, "logo must not be a hidden file or hold control characters")
        media = LOGO_TYPES.get(Path(parts[-1]).suffix.lower())
        if media is None:
            raise self.fail(node, "logo must be an .svg or .png file")
        root = self.folder.path
        path = root
        for part in parts:
            path = path / part
            if path.is_symlink():
                raise self.fail(
                    node, f"refused: {one_line(value)} is a symbolic link (copy the image here)"
                )
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise self.fail(node, f"logo file {one_line(value)} not found in this folder") from None
        if not resolved.is_relative_to(root.resolve()):
            raise self.fail(node, "logo must be a file inside the templates folder")
        data = self._read_logo(resolved, node, value)
        from commit_cli.reports.logo import LogoProblem, check_png, check_svg

        try:
            check_svg(data) if media == "image/svg+xml" else check_png(data)
        except LogoProblem as problem:
            shown = f"{self.folder.shown}/{'/'.join(parts)}"
            raise BrokenTemplate(
                f"{shown}:{problem.line}:{problem.column}: {problem.message}"
                f" (the logo named in {BRAND_FILE})"
            ) from None
        return media, data

    def _read_logo(self, path: Path, node: Node | None, value: str) -> bytes:
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            handle = os.open(path, flags)
        except OSError as exc:
            raise self.fail(node, f"logo cannot be read: {exc.strerror or exc}") from None
        if not _regular(handle):
            raise self.fail(node, f"logo {one_line(value)} is not a regular file")
        with os.fdopen(handle, "rb") as stream:
            data = stream.read(MAX_LOGO_BYTES + 1)
        if len(data) > MAX_LOGO_BYTES:
            raise self.fail(
                node,
                f"logo {one_line(value)} is over {MAX_LOGO_BYTES // 1024} KiB; every report"
                " embeds it (make it smaller: an SVG, or a PNG of a few hundred pixels)",
            )
        return data


def _regular(handle: int) -> bool:
    """Whether the open file `handle` is a regular file; a folder, FIFO or device is closed."""
    if stat.S_ISREG(os.fstat(handle).st_mode):
        return True
    os.close(handle)
    return False
