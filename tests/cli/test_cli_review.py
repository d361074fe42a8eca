"""`commit review PPC` writes the `review:` block the final report reads: lessons,
recommendations, failures and obstacles, from options or from a file for longer text;
what is there is kept, and the final report shows what was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPC_1
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


def ppc1(plan_dir: Path) -> str:
    return (plan_dir / "ppcs" / "ppc-01.yaml").read_text(encoding="utf-8")


def test_review_writes_the_block_and_keeps_what_is_there(plan_dir: Path) -> None:
    result = runner.invoke(
        app,
        [
            "review",
            "ppc-1",
            "--lessons",
            "Ask the task forces first.",
            "--recommendation",
            "Hold the seminar yearly.",
            "--failure",
            "No follow-up meeting.",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("recorded: ppc-1 review in plan/ppcs/ppc-01.yaml")
    assert ppc1(plan_dir) == PPC_1 + (
        "review:\n"
        "  failures:\n    - No follow-up meeting.\n"
        "  lessons:\n    - Ask the task forces first.\n"
        "  recommendations:\n    - Hold the seminar yearly.\n"
    )
    again = runner.invoke(app, ["review", "ppc-1", "--lesson", "Budget for interpreters."])
    assert again.exit_code == 0, again.output
    assert "  lessons:\n    - Ask the task forces first.\n    - Budget for interpreters.\n" in (
        ppc1(plan_dir)
    )
    report = runner.invoke(app, ["report", "final"])
    assert report.exit_code == 0, report.output
    assert "Budget for interpreters." in report.output


def test_review_from_a_file(plan_dir: Path) -> None:
    (plan_dir.parent / "review.yaml").write_text(
        "lessons:\n  - >-\n    A long lesson,\n    written over two lines.\n"
        "recommendations: One recommendation.\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["review", "ppc-1", "--from-file", "review.yaml", "--obstacle", "Floods."]
    )
    assert result.exit_code == 0, result.output
    assert ppc1(plan_dir).endswith(
        "review:\n  obstacles:\n    - Floods.\n"
        "  lessons:\n    - A long lesson, written over two lines.\n"
        "  recommendations:\n    - One recommendation.\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lesons: [x]\n", "review.yaml:1:1: unknown key 'lesons'; did you mean 'lessons'?"),
        ("lessons: {a: b}\n", "review.yaml:1:10: lessons: write a text, or a list of texts"),
        ("- x\n", "review.yaml:1:1: write lessons:, recommendations:, failures: or obstacles:"),
        ("lessons: [x\n", "review.yaml:1:10: this '[' is not closed"),
    ],
)
def test_a_review_file_that_is_not_a_review_is_refused(
    plan_dir: Path, text: str, message: str
) -> None:
    (plan_dir.parent / "review.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["review", "ppc-1", "--from-file", "review.yaml"])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert ppc1(plan_dir) == PPC_1


def test_review_needs_something_to_say(plan_dir: Path) -> None:
    result = runner.invoke(app, ["review", "ppc-1"])
    assert result.exit_code == 2
    assert "--lesson" in result.output
    assert ppc1(plan_dir) == PPC_1
