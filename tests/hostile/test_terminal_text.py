"""Text that reaches a terminal or a CI log: file names and plan text never carry control
characters, bidi overrides or line breaks raw; validate warns where they are; raw control
characters and odd line breaks in a file are reported where they stand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PPC_1, PPC_2
from hostile_helpers import run_commit
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()
RAW = ("\x1b", "\u202e", "\x9b", "\x07", "\r")
SGR = re.compile("\x1b\\[[0-9;]*m")  # the colours rich itself writes


def forbidden_in(text: str) -> list[str]:
    return [c for c in RAW if c in text]


@pytest.mark.parametrize(
    "name",
    ["x\n::error file=y.yaml::forged\ny.yaml", "x\x1b[2J.yaml", "x\u202eyaml.txt.yaml"],
)
def test_file_names_are_escaped_wherever_printed(plan_dir: Path, tmp_path: Path, name: str) -> None:
    (plan_dir / "ppcs" / name).write_text("- a list\n", encoding="utf-8")
    run = run_commit("validate", cwd=tmp_path)
    assert run.code == 1
    assert forbidden_in(run.output) == []
    assert not any(line.startswith("::error") for line in run.output.splitlines())


TITLE = '"Seminar \\e[31mred\\e]8;;http://evil\\e\\\\ \\u202eeurt \\x9b2J\\a"'


@pytest.mark.parametrize(
    "command",
    [
        ["status", "--as-of", "2006-01-01"],
        ["show", "ppc-1"],
        ["show", "ppc1-seminar"],
        ["list", "milestones"],
        ["timeline"],
    ],
)
@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}, {"FORCE_COLOR": "1"}])
def test_plan_text_reaches_no_view_raw(
    plan_dir: Path, command: list[str], env: dict[str, str]
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("title: Regional seminar", f"title: {TITLE}").replace(
            "short_title: Information exchange", f"short_title: {TITLE}"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, command, env=env, color=True)
    assert result.exit_code == 0, result.output
    without_our_colours = SGR.sub("", result.output)
    assert forbidden_in(without_our_colours) == []
    if command[0] == "show":
        assert "\\x1b[31mred" in without_our_colours  # shown, escaped


@pytest.mark.parametrize(
    "command",
    [
        ["report", "ppc", "ppc-1", "--as-of", "2006-06-30", "-f", "md"],
        ["report", "ppc", "ppc-1", "--as-of", "2006-06-30", "-f", "html"],
        ["report", "summary", "--period", "2006-H1", "-f", "md"],
        ["report", "summary", "--period", "2006-H1", "-f", "html"],
    ],
)
def test_a_report_shows_plan_text_escaped(plan_dir: Path, command: list[str]) -> None:
    """A report printed to a terminal, or a report file read in a pager, carries no raw
    control character or bidi override: they are shown escaped, as in every view."""
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("title: Regional seminar", f"title: {TITLE}"), encoding="utf-8"
    )
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert forbidden_in(result.output) == []
    assert "\\x1b[31mred" in result.output or "\\x1b\\[31mred" in result.output
    assert "\\u202eeurt" in result.output


def test_validate_warns_where_unsafe_characters_are(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("title: Regional seminar", f"title: {TITLE}"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "plan/ppcs/ppc-01.yaml:16:12: warning: title holds invisible control characters"
        " (\\u202e, \\x07, \\x1b, \\x9b); they are shown escaped, delete them"
    )


@pytest.mark.parametrize(
    ("insert", "line", "column", "expected"),
    [
        ("\x0c", 16, 12, "a control character (\\x0c) is not allowed"),
        ("\x01", 16, 12, "a control character (\\x01) is not allowed"),
    ],
)
def test_raw_control_characters_are_reported_where_they_stand(
    plan_dir: Path, insert: str, line: int, column: int, expected: str
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("title: Regional seminar", f"title: {insert}Regional seminar"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.output.startswith(f"plan/ppcs/ppc-01.yaml:{line}:{column}: error: {expected}")
    assert "#x" not in result.output  # no parser internals


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\r"])
def test_odd_line_breaks_do_not_shift_later_line_numbers(plan_dir: Path, separator: str) -> None:
    text = PPC_2.replace("objective: Share experience", f"objective: Share{separator} experience")
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text(
        text.replace("    kind: workshop", "    kind: party"), encoding="utf-8", newline=""
    )
    result = runner.invoke(app, ["validate"])
    line = text[: text.index("    kind: workshop")].count("\n") + 1
    assert f"plan/ppcs/ppc-02.yaml:{line}:11: error: unknown kind 'party'" in result.output
