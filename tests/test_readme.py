"""The README as a Markdown parser reads it: its command table holds every command, one
row each (a blank line inside the table ended it, and the rows after it were a paragraph),
its test command shows pytest's skips, its Quick start is two set-up commands, and every
link to the reference in docs/ reaches a page and a heading there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from commit_cli.cli import registry
from commit_cli.cli.app import app

README = (REPO / "README.md").read_text(encoding="utf-8")


def command_paths() -> set[str]:
    found: set[str] = set()
    for name in registry.COMMANDS:
        command = registry.build(name)
        subcommands = getattr(command, "commands", {})
        found.update(f"{name} {sub}" for sub in subcommands) if subcommands else found.add(name)
    return found


def table_commands(text: str) -> list[str]:
    """The command of each row of the first table after `## Commands`, as `commit X`."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    start = next(
        i
        for i, token in enumerate(tokens)
        if token.type == "inline" and token.content == "Commands" and tokens[i - 1].tag == "h2"
    )
    rows: list[str] = []
    inside = False
    for token in tokens[start:]:
        if token.type == "table_open":
            inside = True
        elif token.type == "table_close":
            break
        elif inside and token.type == "inline" and token.content.startswith("`commit "):
            rows.append(token.content)
        elif not inside and token.type == "heading_open" and rows == [] and token.tag == "h2":
            break
    return rows


def test_the_command_table_has_a_row_for_every_command() -> None:
    rows = table_commands(README)
    named = {path for path in command_paths() for row in rows if row.startswith(f"`commit {path}")}
    assert named == command_paths(), sorted(command_paths() - named)


def test_a_blank_line_ends_a_table() -> None:
    broken = "## Commands\n\n| a | b |\n|---|---|\n| `commit x` | y |\n\n| `commit z` | w |\n"
    assert table_commands(broken) == ["`commit x`"]


def test_the_test_command_reports_skips() -> None:
    commands = re.findall(r"\S*pytest[^\n`]*", README.split("## Quick start", 1)[1][:2000])
    assert commands, commands
    assert all(" -rs" in command for command in commands), commands


def test_the_changes_section_says_what_the_readme_promises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reference quotes what the summary's record of changes says outside git; it does."""
    reports = (REPO / "docs" / "reports.md").read_text(encoding="utf-8")
    promise = re.search(r'none to read, and the annex\s+says "([^"]+)"', reports)
    assert promise is not None
    shutil.copytree(REPO / "plan", tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMIT_PLAN", raising=False)
    result = CliRunner().invoke(app, ["report", "summary", "--period", "2006-H1"])
    assert result.exit_code == 0, result.output
    section = result.output.split("## Annex B: the record of changes", 1)[1].split("\n## ")[0]
    assert promise.group(1) in section, (promise.group(1), section)


def test_the_quick_start_is_two_set_up_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```sh\n(.*?)^```", quick, re.M | re.S)
    assert len(blocks) == 2, blocks
    assert all(block.count("\n") == 1 for block in blocks), blocks


def slugs(text: str) -> set[str]:
    tokens = MarkdownIt("commonmark").parse(text)
    found = set()
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            title = tokens[i + 1].content.strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return found


def test_every_link_to_the_reference_reaches_its_heading() -> None:
    pages = {"README.md": README} | {
        f"docs/{page.name}": page.read_text(encoding="utf-8")
        for page in (REPO / "docs").glob("*.md")
    }
    broken = []
    for name, text in pages.items():
        for target, anchor in re.findall(r"\]\(([\w./-]*\.md)?#([^)]+)\)", text):
            page = name if not target else str(Path(name).parent / target)
            page = str(Path(page)).replace("docs/../", "")
            if page not in pages or anchor not in slugs(pages[page]):
                broken.append(f"{name}: {target}#{anchor}")
    assert broken == []
