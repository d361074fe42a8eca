"""Tables that fit the terminal (`cli/tables.py`): an indicator's or a milestone's title
that the terminal would cut to a few characters is shown whole beneath its id instead; with
room, it stays beside the id."""

from __future__ import annotations

import json

import pytest
from conftest import REPO
from rich.console import Console
from typer.testing import CliRunner

from commit_cli.cli import plain
from commit_cli.cli.app import app
from commit_cli.cli.tables import INDENT, STACK_BELOW, Column, Fit, FitTable

runner = CliRunner()
PLAN = str(REPO / "plan")
ID = "ppc1-ind-assessment-review"
TITLE = "Regional seminar held to review the training needs assessments"


@pytest.fixture(autouse=True)
def piped_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def table(under: str | None) -> FitTable:
    fitted = FitTable(
        Column("Indicator"),
        Column("Title", Fit.title, under=under),
        Column("Figure", justify="right"),
        Column("Target", justify="right"),
    )
    fitted.add_row(ID, TITLE, "0", "1")
    return fitted


def rich_lines(fitted: FitTable, width: int) -> list[str]:
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as captured:
        console.print(fitted)
    return [line.rstrip() for line in captured.get().splitlines()]


@pytest.mark.parametrize("width", [44, 50])
def test_a_title_with_too_little_room_goes_whole_beneath_its_id(width: int) -> None:
    lines = list(plain.table_lines(table("Indicator"), width))
    assert lines == rich_lines(table("Indicator"), width)
    assert lines[0].split() == ["Indicator", "Figure", "Target"]
    assert lines[2].split() == [ID, "0", "1"]
    assert " ".join(" ".join(lines[3:]).split()) == TITLE
    assert all(line.startswith(INDENT) and len(line) <= width for line in lines[3:])
    assert "…" not in "".join(lines)


def test_without_under_the_same_title_is_cut() -> None:
    lines = list(plain.table_lines(table(None), 50))
    assert lines[2].split()[:1] == [ID]
    assert "…" in lines[2]
    assert len(lines) == 3


def test_a_title_given_room_enough_stays_beside_its_id() -> None:
    width = len(ID) + 2 + STACK_BELOW + 2 + len("Figure") + 2 + len("Target")
    lines = list(plain.table_lines(table("Indicator"), width))
    assert lines[0].split() == ["Indicator", "Title", "Figure", "Target"]
    assert len(lines) == 3
    assert lines[2].startswith(f"{ID}  {TITLE[: STACK_BELOW - 1]}…")


def titles(kind: str, *args: str) -> dict[str, str]:
    result = runner.invoke(app, [*args, "--json", "--plan", PLAN])
    assert result.exit_code == 0, result.output
    return {row["id"]: row["title"] for row in json.loads(result.output)[kind]}


@pytest.mark.parametrize("kind", ["indicators", "milestones"])
@pytest.mark.parametrize("width", ["80", "100"])
def test_at_80_and_100_columns_every_title_is_whole(kind: str, width: str) -> None:
    args = ["list", kind, "--as-of", "2006-06-30"]
    result = runner.invoke(app, [*args, "--plan", PLAN], env={"COLUMNS": width})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= int(width) for line in lines)
    shown = " ".join(result.output.split())
    for id_, title in titles(kind, *args).items():
        assert f"{id_} " in shown
        assert " ".join(title.split()) in shown, id_
    assert "…" not in result.output
