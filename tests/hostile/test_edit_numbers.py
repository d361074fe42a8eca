"""Command-line numbers follow the file rules: a number written in a form a plan file refuses
(`010` is 8 to YAML 1.1, `1:30` is 90, `0x10`, `1_000`, `+5`, digits of other scripts, more
than 40 characters) is refused in every argument of every editing command with the file's
own reason, never written as another number while the command echoes what was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPC_1
from hostile_helpers import assert_refused_in_lines, plan_unchanged, run_commit
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()

# (how it is written, what the file and the argument both say of it)
FORMS = [
    ("010", "'010' would be read as an octal number; write 10"),
    ("-007", "'-007' would be read as an octal number; write 7"),
    ("1:30", "'1:30' would be read as a base-60 number"),
    ("2006:1", "would be read as a base-60 number"),
    ("0x10", "'0x10' is not written as a plain decimal number"),
    ("0b101", "'0b101' is not written as a plain decimal number"),
    ("1_000", "'1_000' is not written as a plain decimal number"),
    ("+5", "'+5' is not written as a plain decimal number"),
    ("+1.5", "'+1.5' is not written as a plain decimal number"),
    ("9" * 41, "a number of 41 characters is too long"),
    ("1." + "0" * 45, "a number of 47 characters is too long"),
]

# Where a number goes on the command line: the arguments, with {} for the number.
PLACES = [
    ["record", "ppc1-seminars-held", "--period", "2006-H1", "--", "{}"],
    ["record", "ppc1-seminars-held", "1", "--period", "{}"],
    ["set", "ppc1-seminars-held", "target", "--", "{}"],
    ["set", "ppc1-seminar", "min_duration_days", "--", "{}"],
    ["set", "ppc1-seminar", "participants.max", "--", "{}"],
    ["set", "ppc1-seminars-held", "baseline", "--", "{}"],
    ["set", "ppc1-seminars-held", "values.{}", "3"],  # a period key
    ["done", "ppc1-seminar", "--attended", "{}"],
    ["done", "ppc1-seminar", "--attended", "9", "--women", "{}"],
    ["done", "ppc1-seminar", "--attended", "9", "--men", "{}"],
    ["done", "ppc1-seminar", "--attended", "9", "--country", "KH={}"],
    ["postpone", "ppc1-seminar", "--to", "{}", "--reason", "Funds."],
    ["update", "ppc-1", "--period", "{}", "--progress", "Going."],
    [
        "add",
        "milestone",
        "ppc-1",
        "--id",
        "ppc1-x",
        "--title",
        "X",
        "--kind",
        "seminar",
        "--phase",
        "core",
        "--window",
        "{}",
    ],
    [
        "add",
        "milestone",
        "ppc-1",
        "--id",
        "ppc1-x",
        "--title",
        "X",
        "--kind",
        "seminar",
        "--phase",
        "core",
        "--min-duration-days",
        "{}",
    ],
    [
        "add",
        "milestone",
        "ppc-1",
        "--id",
        "ppc1-x",
        "--title",
        "X",
        "--kind",
        "seminar",
        "--phase",
        "core",
        "--participants",
        "{}-30",
    ],
]


def fits(place: list[str], form: str) -> bool:
    """Whether `form` can stand in `place` as one value: a dot separates the steps of a field
    path, a dash MIN from MAX."""
    text = " ".join(place)
    return not ("values.{}" in text and "." in form) and not ("{}-30" in text and "-" in form)


CASES = [(place, form, reason) for place in PLACES for form, reason in FORMS if fits(place, form)]


@pytest.mark.parametrize(
    ("place", "form", "reason"),
    CASES,
    ids=[f"{' '.join(place[:3])} {form[:12]}" for place, form, _ in CASES],
)
def test_a_number_a_plan_file_refuses_is_refused_as_an_argument(
    plan_dir: Path, place: list[str], form: str, reason: str
) -> None:
    arguments = [part.replace("{}", form) for part in place]
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, arguments)
    assert result.exit_code == 2, result.output
    (line,) = result.output.splitlines()
    assert line.startswith("commit: error: "), line
    assert reason in line, line
    assert "quotes" not in line  # advice for files, not for the command line


@pytest.mark.parametrize(("form", "reason"), FORMS, ids=[form[:12] for form, _ in FORMS])
def test_the_file_gives_the_same_reason_for_the_same_form(
    plan_dir: Path, form: str, reason: str
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    target: 1", f"    target: {form}"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert reason in result.output.splitlines()[0]


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["done", "ppc1-seminar", "--attended", "٣"], "--attended ٣: write a whole number"),
        (["done", "ppc1-seminar", "--attended", "２"], "--attended ２: write a whole number"),
        (["done", "ppc1-seminar", "--attended", "2.5"], "--attended 2.5: write a whole number"),
        (["done", "ppc1-seminar", "--attended", "true"], "--attended true: write a whole"),
        (["done", "ppc1-seminar", "--attended", "9", "--country", "KH=٥"], "--country KH=٥"),
        (["done", "ppc1-seminar", "--attended", "9", "--country", "KH"], "write CODE=N"),
        (["done", "ppc1-seminar", "--attended", "9", "--country", "=3"], "write CODE=N"),
        (
            [
                "add",
                "milestone",
                "ppc-1",
                "--id",
                "ppc1-x",
                "--title",
                "X",
                "--kind",
                "seminar",
                "--phase",
                "core",
                "--participants",
                "20-",
            ],
            "write MIN-MAX",
        ),
    ],
)
def test_a_count_is_a_whole_number_in_ascii_digits(
    plan_dir: Path, arguments: list[str], reason: str
) -> None:
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, arguments)
    assert result.exit_code == 2, result.output
    assert reason in result.output, result.output


@pytest.mark.parametrize(
    ("arguments", "written"),
    [
        (["record", "ppc1-seminars-held", "10", "--period", "2006-H1"], "{2006-H1: 10}"),
        (["record", "ppc1-seminars-held", "0", "--period", "2006-H2"], "{2006-H2: 0}"),
        (["record", "ppc1-seminars-held", "--period", "2006-H1", "--", "-0.5"], "{2006-H1: -0.5}"),
        (["record", "ppc1-seminars-held", " 2.50 ", "--period", "2006-H1"], "{2006-H1: 2.5}"),
        (["set", "ppc1-seminar", "min_duration_days", "3"], "min_duration_days: 3"),
        (["done", "ppc1-seminar", "--attended", "0", "--country", "KH=0"], "total: 0"),
    ],
)
def test_plain_numbers_are_written_as_typed(
    plan_dir: Path, arguments: list[str], written: str
) -> None:
    if "-0.5" in arguments:
        path = plan_dir / "ppcs" / "ppc-01.yaml"
        text = path.read_text().replace(
            "    target: 1\n", "    target: 1\n    allow_negative: true\n"
        )
        path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert written in (plan_dir / "ppcs" / "ppc-01.yaml").read_text(encoding="utf-8")


def test_a_refused_number_as_a_real_process(plan_dir: Path) -> None:
    with plan_unchanged(plan_dir):
        run = run_commit(
            "record", "ppc1-seminars-held", "010", "--period", "2006-H1", cwd=plan_dir.parent
        )
    assert_refused_in_lines(run, 2, "VALUE 010: '010' would be read as an octal number")
    assert "recorded" not in run.output
