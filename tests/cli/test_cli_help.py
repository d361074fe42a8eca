"""Every command's help has a one-line summary and an example; ids complete from the plan."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
import typer
from typer._click.core import Command
from typer.core import TyperGroup
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.cli.completion import (
    complete_any_id,
    complete_indicator,
    complete_milestone,
    complete_ppc,
)

runner = CliRunner()


def subcommands(command: Command) -> dict[str, Command]:
    """A group's commands, each built as when it runs (the root builds them on demand)."""
    if not isinstance(command, TyperGroup):
        return {}
    context = typer.Context(command)
    found: dict[str, Command] = {}
    for name in command.list_commands(context):
        child = command.get_command(context, name)
        assert child is not None, name  # every command listed is built
        found[name] = child
    return found


def command_paths() -> list[list[str]]:
    """Every command, subcommands included, as the words that run it."""
    paths: list[list[str]] = []

    def walk(command: Command, words: list[str]) -> None:
        children = subcommands(command)
        if children:
            for name, child in children.items():
                walk(child, [*words, name])
        else:
            paths.append(words)

    walk(typer.main.get_command(app), [])
    return paths


PATHS = command_paths()


def test_every_command_is_found() -> None:
    names = {" ".join(p) for p in PATHS}
    assert {"validate", "export", "schema", "init", "add milestone", "show"} <= names


def command_of(words: list[str]) -> Command:
    command: Command = typer.main.get_command(app)
    for word in words:
        command = subcommands(command)[word]
    return command


@pytest.mark.parametrize("words", PATHS, ids=lambda p: " ".join(p))
def test_help_has_a_one_line_summary_and_an_example(words: list[str]) -> None:
    text = (command_of(words).help or "").strip()
    summary = text.split("\n\n")[0]
    assert "\n" not in summary, (words, summary)
    assert len(summary) <= 100, (words, summary)
    assert summary.endswith((".", ")")), (words, summary)
    assert "Example" in text, words
    assert f"commit {' '.join(words)}" in text.replace("\n", " "), words
    result = runner.invoke(app, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_ids_complete_from_the_plan(plan_dir: Path) -> None:
    assert complete_milestone(None, "ppc1-") == ["ppc1-assessment", "ppc1-seminar"]
    assert complete_indicator(None, "") == ["ppc1-seminars-held", "ppc2-workshops-held"]
    assert complete_ppc(None, "ppc-") == ["ppc-1", "ppc-2"]
    assert "act-1" in complete_any_id(None, "")


def test_completion_of_a_broken_plan_offers_what_can_be_read(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text("id: [", encoding="utf-8")
    assert complete_milestone(None, "ppc") == ["ppc1-assessment", "ppc1-seminar"]


def test_completion_without_a_plan_completes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMIT_PLAN", raising=False)
    assert complete_milestone(None, "") == []


def test_the_shell_gets_ids(plan_dir: Path) -> None:
    script = Path(sys.executable).parent / "commit"
    if not script.exists():
        pytest.skip("the commit script is not installed")
    completed = subprocess.run(
        [str(script)],
        env={
            **os.environ,
            "_COMMIT_COMPLETE": "complete_bash",
            "COMP_WORDS": "commit done ppc1-s",
            "COMP_CWORD": "2",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.stdout.split() == ["ppc1-seminar"]


@pytest.mark.parametrize("words", PATHS, ids=lambda p: " ".join(p))
def test_help_paragraphs_wrap_to_the_terminal_not_to_the_source(words: list[str]) -> None:
    """At 80 columns, no line of a help paragraph ends early (where the docstring's source
    line ended) unless the paragraph ends there or an example starts on the next line."""
    result = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    lines = [line.strip() for line in result.output.split("Usage:", 1)[1].splitlines()]
    description = lines[: next(i for i, line in enumerate(lines) if line.startswith("╭"))]
    for line, after in pairwise(description):
        if line and after and not after.startswith("commit ") and not line.endswith(":"):
            assert len(line) + 1 + len(after.split()[0]) > 76, (words, line, after)
