"""Plain tables and charts (`cli/plain.py`): what rich shows piped, byte for byte, made
fast; ids and dates never cut; plan text escaped; rich kept for short views on a terminal."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PPC_1, REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from commit_cli.cli import output, plain, wrapping
from commit_cli.cli.app import app
from commit_cli.cli.tables import Column, Fit, FitTable, fit_widths

runner = CliRunner()
WIDTHS = [None, "120", "80", "60", "40"]
COMMANDS = [
    ("list", "milestones", "--as-of", "2006-06-30"),
    ("list", "indicators", "--as-of", "2006-06-30"),
    ("timeline", "--as-of", "2006-06-30"),
    ("timeline", "--by", "month", "--as-of", "2008-01-01"),
    ("status", "--as-of", "2006-06-30"),
    ("status", "--as-of", "2006-06-30", "--limit", "0"),
    ("status", "--as-of", "2008-01-01", "--ppc", "ppc-1"),
]


@pytest.fixture(autouse=True)
def piped_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def generated_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan of 250 milestones in 3 PPCs: more rows than PLAIN_ABOVE."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    return generate(250, tmp_path_factory.mktemp("generated"), seed=3)


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def through_rich(monkeypatch: pytest.MonkeyPatch, *args: str, env: dict[str, str]) -> str:
    with monkeypatch.context() as patched:
        patched.setattr(plain, "is_wanted", lambda on_terminal, rows: False)
        return run(*args, env=env)


def env_of(width: str | None) -> dict[str, str]:
    return {"COLUMNS": width} if width else {}


# --- the same output as rich --------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", COMMANDS)
def test_plain_output_is_what_rich_shows_piped(
    status_plan_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
    width: str | None,
) -> None:
    shown = run(*command, env=env_of(width))
    assert shown == through_rich(monkeypatch, *command, env=env_of(width))
    assert "\x1b[" not in shown


@pytest.mark.parametrize("width", [None, "80", "40"])
@pytest.mark.parametrize("command", [*COMMANDS[:3], COMMANDS[5]])
def test_plain_output_of_a_long_table_is_what_rich_shows_piped(
    generated_plan: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
    width: str | None,
) -> None:
    args = (*command, "--plan", str(generated_plan))
    shown = run(*args, env=env_of(width))
    assert shown == through_rich(monkeypatch, *args, env=env_of(width))
    if command[0] == "list":
        count = json.loads(run(*args, "--json"))["count"]
        assert shown.splitlines()[-1] == f"{count} {command[1]}"  # the count stays beneath


@pytest.mark.parametrize("width", ["40", "60"])
def test_ids_and_dates_are_never_cut(generated_plan: Path, width: str) -> None:
    args = ("list", "milestones", "--as-of", "2006-06-30", "--plan", str(generated_plan))
    lines = run(*args, env={"COLUMNS": width}).splitlines()
    milestones = json.loads(run(*args, "--json"))["milestones"]
    rows = [line.split() for line in lines if line and not line.startswith((" ", "─"))]
    assert rows[0][:2] == ["Milestone", "Status"]
    rows = rows[1:-1]
    assert [row[0] for row in rows] == [m["id"] for m in milestones]
    for row, milestone in zip(rows, milestones, strict=True):
        assert milestone["window"]["end"] in row
    assert max(map(len, lines)) <= int(width)
    chart = run("timeline", "--plan", str(generated_plan), env={"COLUMNS": width}).splitlines()
    assert {m["id"] for m in milestones} <= {line.split()[0] for line in chart if line[:2] == "  "}


# --- plan text ----------------------------------------------------------------------------

HOSTILE = '"Seminar \\e[31mred \\u202eeurt \\x9b2J\\a"'  # one line: the model refuses \\r


@pytest.mark.parametrize("command", [["list", "milestones"], ["timeline"]])
def test_plan_text_is_escaped_in_plain_output(plan_dir: Path, command: list[str]) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("title: Regional seminar", f"title: {HOSTILE}").replace(
            "short_title: Information exchange", f"short_title: {HOSTILE}"
        ),
        encoding="utf-8",
    )
    shown = run(*command)
    assert run(*command) == shown  # the list's second run reads the titles from the index
    assert [c for c in ("\x1b", "\u202e", "\x9b", "\x07") if c in shown] == []
    assert "Seminar \\x1b[31mred \\u202eeurt \\x9b2J" in shown  # rich's Text drops \\a


def test_escaped_text_keeps_the_columns_aligned() -> None:
    table = FitTable(Column("Id"), Column("Title", Fit.title), Column("Due"))
    table.add_row("a", "plain", "2006-01-01")
    table.add_row("b", "red\x1b[31m\u202e\r\nnext", "2006-06-30")
    table.add_row("c", "ក្រុង", "2007-12-31")  # wide and combining characters
    lines = list(plain.table_lines(table, 100_000))
    assert lines[3] == "b   red\\x1b[31m\\u202e\\r\\nnext  2006-06-30"
    assert [line[-10:] for line in lines[2:]] == ["2006-01-01", "2006-06-30", "2007-12-31"]
    assert {wrapping.cells(line) for line in lines[1:]} == {len(lines[1])}  # the rule's width


def test_every_line_written_is_one_safe_line(capsys: pytest.CaptureFixture[str]) -> None:
    output.write_lines(["a\x1b[2J", "b\nc", "d"])
    assert capsys.readouterr().out == "a\\x1b[2J\nb\\nc\nd\n"


# --- when plain -------------------------------------------------------------------------


def test_plain_when_piped_or_past_the_threshold() -> None:
    assert plain.is_wanted(on_terminal=False, rows=1)
    assert not plain.is_wanted(on_terminal=True, rows=plain.PLAIN_ABOVE)
    assert plain.is_wanted(on_terminal=True, rows=plain.PLAIN_ABOVE + 1)


@pytest.mark.parametrize("command", [["list", "milestones"], ["timeline"]])
def test_on_a_terminal_rich_shows_short_views_and_plain_text_long_ones(
    status_plan_dir: Path, generated_plan: Path, command: list[str]
) -> None:
    terminal = {"FORCE_COLOR": "1", "COLUMNS": "100"}  # rich takes stdout for a terminal
    assert "\x1b[" in run(*command, env=terminal)  # in colour: rich
    long = run(*command, "--plan", str(generated_plan), env=terminal)
    assert "\x1b[" not in long
    assert "p1-m1 " in long


# --- streaming ----------------------------------------------------------------------------


def test_output_is_the_same_written_line_by_line_or_at_once(
    generated_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("list", "milestones", "--plan", str(generated_plan))
    writes: list[int] = []
    real_write = output._write

    def counted(stream: Any, text: str) -> None:
        writes.append(text.count("\n"))
        real_write(stream, text)

    monkeypatch.setattr(output, "_write", counted)
    monkeypatch.setattr(output, "LINES_PER_WRITE", 1)
    one_by_one = run(*args)
    assert len(writes) == len(one_by_one.splitlines()) == 250 + 3
    monkeypatch.setattr(output, "LINES_PER_WRITE", 100)
    writes.clear()
    assert run(*args) == one_by_one
    assert writes == [100, 100, 53]
    monkeypatch.setattr(output, "LINES_PER_WRITE", 10**9)
    writes.clear()
    assert run(*args) == one_by_one
    assert writes == [253]


def synthetic(rows: int) -> FitTable:
    table = FitTable(
        Column("Id"),
        Column("Status", Fit.wrap),
        Column("Count", justify="right"),
        Column("Title", Fit.title),
    )
    for i in range(rows):
        table.add_row(f"m-{i}", "planned (overdue)" if i % 3 else "done", str(i), f"Title {i} " * 3)
    return table


def test_a_table_is_laid_out_once_and_its_rows_a_block_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = {"fit_widths": 0, "lines": 0}
    real_lines = plain._Layout.lines

    def fit(*args: Any) -> list[int]:
        calls["fit_widths"] += 1
        return fit_widths(*args)

    def counted_lines(self: Any, start: int, stop: int) -> list[str]:
        calls["lines"] += 1
        return real_lines(self, start, stop)

    monkeypatch.setattr(plain, "fit_widths", fit)
    monkeypatch.setattr(plain._Layout, "lines", counted_lines)
    rows = 5 * plain.BLOCK
    lines = list(plain.table_lines(synthetic(rows), 50))
    assert len(lines) == rows + 2
    assert lines[3] == "m-1     planned (overdue)      1  Title 1 Title 1…"
    assert calls == {"fit_widths": 1, "lines": 1 + 5}


def test_ten_thousand_rows_take_milliseconds_not_seconds() -> None:
    table = synthetic(10_000)
    for width in (100_000, 60):
        started = time.perf_counter()
        lines = list(plain.table_lines(table, width))
        assert time.perf_counter() - started < 2.0  # rich: about 7 s; plain: about 0.03 s
        assert len(lines) == 10_002


# --- wrapping and cutting as rich does ----------------------------------------------------

WORDS = st.text(alphabet="ab  -…中", max_size=40)


def rich_lines(text: Text, width: int) -> Iterator[str]:
    console = Console(width=width, color_system=None)
    for line in text.wrap(console, width):
        yield line.plain.rstrip(" ")


@settings(max_examples=300, deadline=None)
@given(text=WORDS, width=st.integers(min_value=2, max_value=30))
def test_wrap_breaks_lines_where_rich_does(text: str, width: int) -> None:
    assert wrapping.wrap(text, width) == list(rich_lines(Text(text), width))


@settings(max_examples=300, deadline=None)
@given(text=WORDS, width=st.integers(min_value=2, max_value=30))
def test_titles_are_cut_where_rich_cuts_them(text: str, width: int) -> None:
    table = FitTable(Column("T", Fit.title))
    table.add_row(text)
    table.add_row("x" * width)  # the column is `width` wide
    console = Console(width=width, color_system=None, file=None)
    with console.capture() as captured:
        console.print(table.table(width), crop=False)
    expected = [line.rstrip(" ") for line in captured.get().split("\n")[:-1]]
    assert list(plain.table_lines(table, width)) == expected


def test_a_table_with_a_footer_and_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    table = FitTable(
        Column("PPC", footer="All"),
        Column("Title", Fit.title, footer="2 PPCs"),
        Column("Rule", footer=Text("sum", style="bold")),
        show_footer=True,
        notes={"Rule": Text("* computed", style="dim")},
    )
    table.add_row("ppc-1", "A long title of a PPC", "sum*")
    table.add_row("ppc-22", "Short", "last")
    console = Console(width=30, color_system=None)
    with console.capture() as captured:
        console.print(table, crop=False)
    expected = [line.rstrip(" ") for line in captured.get().split("\n")[:-1]]
    assert list(plain.table_lines(table, 30)) == expected
    assert expected[-2:] == ["All     2 PPCs            sum", "* computed"]
    assert re.fullmatch("─+", expected[1])
