"""Building a site for the tests, and reading it back: its files, its links and the
figures its pages mark with `data-figure`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


def build(plan: Path, out: Path, *args: str) -> str:
    """`commit site -o out --plan plan ARGS`; its output (the test fails on any error)."""
    result = runner.invoke(app, ["site", "-o", str(out), "--plan", str(plan), *args])
    assert result.exit_code == 0, result.output
    return result.output


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def files(root: Path) -> dict[str, bytes]:
    """Every file of the site (not the manifest), by its path relative to `root`."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def pages(root: Path) -> dict[str, str]:
    return {
        name: data.decode("utf-8") for name, data in files(root).items() if name.endswith(".html")
    }


@dataclass
class Parsed(HTMLParser):
    """A page's links (href, src and every other attribute that loads or leads somewhere),
    its ids, its inline styles and style blocks, and the text of each `data-figure`."""

    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    ids: set[str] = field(default_factory=set)
    styles: list[str] = field(default_factory=list)
    figures: list[tuple[str, str, str]] = field(default_factory=list)  # (row, key, text)
    metas: list[dict[str, str]] = field(default_factory=list)
    scripts: list[dict[str, str]] = field(default_factory=list)
    inline_script: bool = False
    tags: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._open: list[tuple[str, str, str, list[str]]] = []
        self._row = ""
        self._in_style = False
        self._in_script = False

    LINKING = ("href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.tags.add(tag)
        self.attributes.update(found)
        for name in self.LINKING:
            if name in found:
                self.links.append((tag, name, found[name]))
        if "id" in found:
            self.ids.add(found["id"])
        if "style" in found:
            self.styles.append(found["style"])
        if tag == "meta":
            self.metas.append(found)
        if tag == "script":
            self.scripts.append(found)
            self._in_script = True
        if tag == "style":
            self._in_style = True
        if tag == "tr":
            self._row = found.get("data-ppc", "")
        if "data-figure" in found:
            self._open.append((tag, self._row, found["data-figure"], []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag == "script":
            self._in_script = False
        if self._open and self._open[-1][0] == tag:
            _, row, key, text = self._open.pop()
            self.figures.append((row, key, "".join(text).strip()))

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        if self._in_script and data.strip():
            self.inline_script = True
        for _, _, _, text in self._open:
            text.append(data)


def parse(html: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(html)
    parsed.close()
    return parsed


def visible_text(html: str) -> str:
    """The page's text, without tags, styles and scripts, one run per line."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", "\n", text)
    return re.sub(r"\n\s*\n+", "\n", text)
