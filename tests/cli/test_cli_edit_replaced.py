"""An edit that overwrites a recorded value says what it replaces, after "recorded" (one
line each), and `--json` carries it; an edit that only adds (a first record, a note, a
status moving on) says nothing of the kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


def run(*args: str) -> list[str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def replaced(*args: str) -> list[str]:
    return [line for line in run(*args) if line.startswith("replaced: ")]


def test_cancelling_again_names_the_reason_it_replaces(plan_dir: Path) -> None:
    cancel = ("cancel", "ppc1-assessment", "--reason")
    assert replaced(*cancel, "No funds", "--on", "2006-03-01") == []
    assert replaced(*cancel, "again", "--on", "2006-03-01") == [
        "replaced: the cancellation reason 'No funds' (recorded 2006-03-01)"
    ]
    assert replaced(*cancel, "later", "--on", "2006-04-02") == [
        "replaced: the cancellation date 2006-03-01",
        "replaced: the cancellation reason 'again' (recorded 2006-03-01)",
    ]


def test_json_carries_what_was_replaced(plan_dir: Path) -> None:
    run("record", "ppc1-seminars-held", "1", "--period", "2006-H1")
    document = json.loads(
        "\n".join(run("record", "ppc1-seminars-held", "2", "--period", "2006-H1", "--json"))
    )
    assert document["replaced"] == [
        {
            "path": "indicators.0.values.2006-H1",
            "old": 1,
            "recorded": None,
            "text": "the value for 2006-H1 1",
        }
    ]


@pytest.mark.parametrize(
    ("first", "then", "said"),
    [
        (
            ("record", "ppc1-seminars-held", "1", "--period", "2006-H1"),
            ("record", "ppc1-seminars-held", "3", "--period", "2006-H1"),
            ["replaced: the value for 2006-H1 1"],
        ),
        (
            ("done", "ppc1-assessment", "--on", "2005-12-01", "--attended", "9"),
            ("done", "ppc1-assessment", "--on", "2005-12-02", "--attended", "9"),
            ["replaced: the actual end 2005-12-01"],
        ),
        (
            ("done", "ppc1-assessment", "--on", "2005-12-01", "--outcome", "A list."),
            ("done", "ppc1-assessment", "--on", "2005-12-01", "--outcome", "Two lists."),
            ["replaced: the outcome 'A list.'"],
        ),
        (
            ("done", "ppc1-assessment", "--on", "2005-12-01"),
            ("cancel", "ppc1-assessment", "--reason", "Never held", "--on", "2005-12-05"),
            ["replaced: the status done"],
        ),
        (
            (
                "postpone",
                "ppc1-assessment",
                "--to",
                "2006-H1",
                "--reason",
                "a",
                "--on",
                "2005-09-01",
            ),
            (
                "postpone",
                "ppc1-assessment",
                "--to",
                "2006-H2",
                "--reason",
                "b",
                "--on",
                "2005-09-01",
            ),
            [
                "replaced: the window 2006-H1",
                "replaced: the postponement reason 'a' (recorded 2005-09-01)",
            ],
        ),
        (
            ("set", "ppc1-seminar", "title", "Seminar"),
            ("set", "ppc1-seminar", "participants.max", "40"),
            ["replaced: participants.max 30"],
        ),
    ],
)
def test_each_overwrite_is_named(
    plan_dir: Path, first: tuple[str, ...], then: tuple[str, ...], said: list[str]
) -> None:
    run(*first)
    assert replaced(*then) == said


@pytest.mark.parametrize(
    "command",
    [
        ("done", "ppc1-assessment", "--on", "2005-12-01", "--attended", "9"),
        ("start", "ppc1-assessment", "--on", "2005-08-01"),
        ("postpone", "ppc1-assessment", "--to", "2006-H1", "--reason", "a", "--on", "2005-09-01"),
        ("note", "ppc1-assessment", "Venue booked"),
        ("record", "ppc1-seminars-held", "1", "--period", "2006-H1"),
        ("update", "ppc-1", "--period", "2006-H1", "--obstacle", "Late funds"),
    ],
    ids=" ".join,
)
def test_an_edit_that_only_adds_replaces_nothing(plan_dir: Path, command: tuple[str, ...]) -> None:
    assert replaced(*command) == []
