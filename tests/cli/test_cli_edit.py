"""The editing commands and `commit fmt` through the command line: what each writes, what is
refused (located, exit 1, the file's bytes unchanged), and the output forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PPC_1, REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

runner = CliRunner()


def snapshot(plan_dir: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in plan_dir.rglob("*") if path.is_file()}


def ppc1(plan_dir: Path) -> str:
    return (plan_dir / "ppcs" / "ppc-01.yaml").read_text(encoding="utf-8")


def test_done_records_a_held_seminar(plan_dir: Path) -> None:
    result = runner.invoke(
        app,
        [
            "done",
            "ppc1-seminar",
            "--on",
            "2006-03-10",
            "--from",
            "2006-03-08",
            "--attended",
            "27",
            "--women",
            "12",
            "--men",
            "15",
            "--country",
            "KH=14",
            "--country",
            "th=13",
            "--outcome",
            "Agreed a list of contact points.",
            "--report",
            "https://example.org/r",
        ],
    )
    assert result.exit_code == 0, result.output
    recorded, *warnings = result.output.splitlines()
    assert recorded == (
        "recorded: ppc1-seminar done on 2006-03-10, 27 attended in plan/ppcs/ppc-01.yaml"
    )
    # a new warning is shown and does not block: the assessment it depends on is planned
    assert warnings == [
        "commit: warning: this adds a warning (dependency-still-planned), which a pull"
        " request's check refuses; to clear: `commit done ppc1-assessment` or"
        " `commit cancel ppc1-assessment --reason TEXT`"
    ]
    assert ppc1(plan_dir) == PPC_1.replace(
        "    depends_on: [ppc1-assessment]\n",
        "    depends_on: [ppc1-assessment]\n"
        "    status: done\n"
        "    actual: {start: 2006-03-08, end: 2006-03-10}\n"
        "    attended: {total: 27, women: 12, men: 15, by_country: {KH: 14, TH: 13}}\n"
        "    outcome: Agreed a list of contact points.\n"
        "    report: https://example.org/r\n",
    )
    assert runner.invoke(app, ["validate"]).exit_code == 0  # the one warning above stays


def test_start_postpone_cancel_note(plan_dir: Path) -> None:
    assert runner.invoke(app, ["start", "ppc1-assessment", "--on", "2005-08-01"]).exit_code == 0
    assert "    status: in_progress\n    actual: {start: 2005-08-01}\n" in ppc1(plan_dir)
    result = runner.invoke(
        app,
        [
            "postpone",
            "ppc1-seminar",
            "--to",
            "2007-H1",
            "--reason",
            "No funds.",
            "--on",
            "2006-05-02",
        ],
    )
    assert result.exit_code == 0, result.output
    text = ppc1(plan_dir)
    assert "    window: 2007-H1\n" in text
    assert (
        "    postponed: {date: 2006-05-02, reason: No funds.,"
        " from_window: {start: 2006-H1, end: 2006}}\n" in text
    )
    # Postponed again: the first window stays the one recorded.
    runner.invoke(
        app,
        [
            "postpone",
            "ppc1-seminar",
            "--to",
            "2007-H2",
            "--reason",
            "Still none.",
            "--on",
            "2006-11-02",
        ],
    )
    assert "from_window: {start: 2006-H1, end: 2006}" in ppc1(plan_dir)
    result = runner.invoke(
        app, ["cancel", "ppc2-workshop", "--reason", "Merged into PPC 1.", "--on", "2006-06-01"]
    )
    assert result.exit_code == 0, result.output
    text = (plan_dir / "ppcs" / "ppc-02.yaml").read_text()
    assert (
        "    status: cancelled\n    cancelled: {date: 2006-06-01, reason: Merged into PPC 1.}\n"
        in text
    )
    for day, words in (("2006-02-01", "Second"), ("2006-01-01", "First: yes")):
        result = runner.invoke(app, ["note", "ppc1-seminar", words, "--on", day, "--by", "Dara"])
        assert result.exit_code == 0, result.output
    assert (
        "    log:\n"
        "      - date: 2006-01-01\n        by: Dara\n        text: 'First: yes'\n"
        "      - date: 2006-02-01\n        by: Dara\n        text: Second\n"
    ) in ppc1(plan_dir)
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 0


def test_note_author_comes_from_git_or_the_login(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("commit_cli.edit.authors.author", lambda folder: "Somchai")
    assert runner.invoke(app, ["note", "ppc1-seminar", "Booked."]).exit_code == 0
    assert "        by: Somchai\n" in ppc1(plan_dir)


def test_record_stores_a_country_code_in_capitals(plan_dir: Path) -> None:
    """`--country kh` is Cambodia's KH, as the plan spells every code: one key per country,
    never a second, lower-case one beside it."""
    ppc2 = plan_dir / "ppcs" / "ppc-02.yaml"
    for value, country in (("1", "kh"), ("2", " Th "), ("3", "KH")):
        result = runner.invoke(
            app,
            ["record", "ppc2-workshops-held", value, "--period", "2007-H1", "--country", country],
        )
        assert result.exit_code == 0, result.output
    assert "    values: {2007-H1: {KH: 3, TH: 2}}\n" in ppc2.read_text(encoding="utf-8")
    assert not load_plan(FolderSource(plan_dir), None).errors


def test_an_edit_adding_an_error_the_plan_already_has_is_refused(plan_dir: Path) -> None:
    """An edit may not add an error, even one the plan already has word for word (same file,
    code and message): each error counts, not only each kind of error."""
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    path.write_text(ppc1(plan_dir).replace("window: 2005-H2", "window: 2008-H1"), "utf-8")
    existing = runner.invoke(app, ["validate"])
    assert existing.exit_code == 1
    assert existing.output.startswith(
        "plan/ppcs/ppc-01.yaml:13:13: error: window end 2008-06-30 is outside the plan period"
    )
    before = snapshot(plan_dir)
    args = ["postpone", "ppc1-seminar", "--to", "2008-H1", "--reason", "x", "--on", "2006-05-02"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[:2] == [
        "plan/ppcs/ppc-01.yaml:19:13: error: window end 2008-06-30 is outside the plan period"
        " (2005-01-01 to 2007-12-31)",
        "plan/ppcs/ppc-01.yaml:19:13: error: window start 2008-01-01 is outside the plan period"
        " (2005-01-01 to 2007-12-31)",
    ]
    assert "commit: error: nothing written: this would add 2 error(s)" in result.output
    assert snapshot(plan_dir) == before


def test_record_update_set_and_add(plan_dir: Path) -> None:
    assert (
        runner.invoke(app, ["record", "ppc1-seminars-held", "1", "--period", "2006-H1"]).exit_code
        == 0
    )
    assert (
        runner.invoke(
            app, ["record", "ppc2-workshops-held", "1", "--period", "2007-H1", "--country", "KH"]
        ).exit_code
        == 0
    )
    assert "    values: {2006-H1: 1}\n" in ppc1(plan_dir)
    assert "    values: {2007-H1: {KH: 1}}\n" in (plan_dir / "ppcs" / "ppc-02.yaml").read_text()
    result = runner.invoke(
        app,
        [
            "update",
            "ppc-1",
            "--period",
            "2006-H1",
            "--progress",
            "The seminar was held.",
            "--obstacle",
            "Late funds.",
            "--next",
            "Publish the report.",
        ],
    )
    assert result.exit_code == 0, result.output
    assert ppc1(plan_dir).endswith(
        "updates:\n  2006-H1:\n    progress: The seminar was held.\n"
        "    obstacles:\n      - Late funds.\n    next_steps:\n      - Publish the report.\n"
    )
    assert runner.invoke(app, ["set", "ppc1-seminar", "window.end", "2006-09-30"]).exit_code == 0
    assert "    window: {start: 2006-H1, end: 2006-09-30}\n" in ppc1(plan_dir)
    assert runner.invoke(app, ["set", "ppc1-assessment", "window.end", "2005-11-30"]).exit_code == 0
    assert "    window: {start: 2005-H2, end: 2005-11-30}\n" in ppc1(plan_dir)
    assert runner.invoke(app, ["set", "ppc1-seminars-held", "target", "2"]).exit_code == 0
    assert "    target: 2\n" in ppc1(plan_dir)
    result = runner.invoke(
        app,
        [
            "add",
            "milestone",
            "ppc-1",
            "--id",
            "ppc1-report",
            "--title",
            "Seminar report",
            "--kind",
            "report",
            "--phase",
            "follow_up",
            "--window",
            "2006-H2",
            "--activity",
            "act-1",
            "--depends-on",
            "ppc1-seminar",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "  - id: ppc1-report\n    title: Seminar report\n    kind: report\n    phase: follow_up\n"
        "    activities: [act-1]\n    window: 2006-H2\n    depends_on: [ppc1-seminar]\n"
        "    status: planned\nindicators:\n"
    ) in ppc1(plan_dir)
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 0


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ["set", "ppc1-seminar", "actual.end", "2006-02-30"],
            "ppc-01.yaml:24:19: error: end: '2006-02-30' is not a real date",
        ),
        (
            ["done", "ppc1-seminar", "--on", "2006-03-10", "--attended", "-3"],
            "ppc-01.yaml:26:23: error: total must be at least 0",
        ),
        (
            [
                "done",
                "ppc1-seminar",
                "--on",
                "2006-03-10",
                "--attended",
                "20",
                "--women",
                "12",
                "--men",
                "9",
            ],
            "women and men (21) are more than the total (20)",
        ),
        (
            ["set", "ppc1-seminar", "status", "finished"],
            "ppc-01.yaml:24:13: error: unknown status 'finished'",
        ),
        (
            ["record", "ppc1-seminars-held", "1", "--period", "2008-H1"],
            "reporting period 2008-H1 is outside the plan period",
        ),
        (
            ["update", "ppc-1", "--period", "2009-H2", "--progress", "x"],
            "updates: 2009-H2 is outside the plan period",
        ),
        (
            ["postpone", "ppc1-seminar", "--to", "2008-H1", "--reason", "x", "--on", "2006-05-02"],
            "window end 2008-06-30 is outside the plan period",
        ),
        (["record", "ppc1-seminars-held", "--period", "2006-H1", "--", "-1"], "cannot be negative"),
        (
            [
                "add",
                "milestone",
                "ppc-1",
                "--id",
                "ppc1-seminar",
                "--title",
                "T",
                "--kind",
                "party",
                "--phase",
                "core",
            ],
            "unknown kind 'party'",
        ),
    ],
    ids=[
        "bad-date",
        "negative",
        "over-total",
        "status",
        "period",
        "update-period",
        "window",
        "negative-value",
        "add",
    ],
)
def test_invalid_edits_are_refused_located_and_write_nothing(
    plan_dir: Path, command: list[str], message: str
) -> None:
    before = snapshot(plan_dir)
    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert result.output.startswith("plan/ppcs/")
    assert "commit: error: nothing written" in result.output
    assert "Traceback" not in result.output
    assert snapshot(plan_dir) == before


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["done", "ppc1-seminr"], "unknown milestone 'ppc1-seminr'; closest: ppc1-seminar"),
        (
            ["record", "ppc1-seminar", "3", "--period", "2006-H1"],
            "'ppc1-seminar' is a milestone, not a indicator",
        ),
        (
            ["update", "ppc-9", "--period", "2006-H1", "--progress", "x"],
            "unknown ppc 'ppc-9'; closest: ppc-1, ppc-2",
        ),
    ],
)
def test_unknown_ids_name_the_closest_and_exit_1(
    plan_dir: Path, command: list[str], message: str
) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    assert message in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["done", "ppc1-seminar", "--women", "3"],
        ["update", "ppc-1", "--period", "2006-H1"],
        ["set", "ppc1-seminar", "windw.end", "2006-01-01"],
        ["set", "ppc1-seminar", "window", "2006-01-01"],
        ["postpone", "ppc1-seminar", "--to", "2007-H1"],
        ["done", "ppc1-seminar", "--attended", "many"],
    ],
    ids=" ".join,
)
def test_a_malformed_edit_command_exits_2(plan_dir: Path, command: list[str]) -> None:
    before = snapshot(plan_dir)
    assert runner.invoke(app, command).exit_code == 2
    assert snapshot(plan_dir) == before


def test_conflict_markers_and_unparseable_files_are_refused(plan_dir: Path) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    path.write_text(
        PPC_1.replace("    lead: uniap\n", "<<<<<<< HEAD\n    lead: uniap\n=======\n"),
        encoding="utf-8",
    )
    before = snapshot(plan_dir)
    result = runner.invoke(app, ["done", "ppc2-workshop", "--on", "2007-03-01"])
    assert result.exit_code == 1
    assert "plan/ppcs/ppc-01.yaml:14:1: error: git merge-conflict marker" in result.output
    assert snapshot(plan_dir) == before
    path.write_text(PPC_1.replace("    lead: uniap\n", "    lead: [uniap\n"), encoding="utf-8")
    result = runner.invoke(app, ["done", "ppc1-seminar", "--on", "2006-03-01"])
    assert result.exit_code == 1
    assert "plan/ppcs/ppc-01.yaml:14:11: error: this '[' is not closed" in result.output
    assert "cannot check an edit while the plan cannot be read whole" in result.output
    assert snapshot(plan_dir) == {**before, path: path.read_bytes()}


def test_an_edit_is_allowed_when_the_plan_already_had_that_error(plan_dir: Path) -> None:
    path = plan_dir / "ppcs" / "ppc-02.yaml"
    path.write_text(
        path.read_text().replace("depends_on: [ppc1-seminar]", "depends_on: [ppc1-semnar]")
    )
    result = runner.invoke(app, ["done", "ppc1-seminar", "--on", "2006-03-10"])
    assert result.exit_code == 0, result.output


def test_new_warnings_are_shown_and_do_not_block(plan_dir: Path) -> None:
    result = runner.invoke(app, ["done", "ppc1-seminar", "--on", "2006-03-10", "--attended", "40"])
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == [
        "commit: warning: this adds 2 warnings (dependency-still-planned,"
        " attendance-outside-range), which a pull request's check refuses; to clear:"
        " `commit done ppc1-assessment` or `commit cancel ppc1-assessment --reason TEXT`;"
        " `commit set ppc1-seminar attended.total N` (or `participants.min`,"
        " `participants.max`)"
    ]


def test_dry_run_prints_the_diff_and_writes_nothing(plan_dir: Path) -> None:
    before = snapshot(plan_dir)
    result = runner.invoke(app, ["done", "ppc1-seminar", "--on", "2006-03-10", "--dry-run"])
    assert result.exit_code == 0
    assert result.output.startswith("--- a/plan/ppcs/ppc-01.yaml\n+++ b/plan/ppcs/ppc-01.yaml\n")
    assert "+    status: done\n+    actual: {end: 2006-03-10}\n" in result.output
    assert snapshot(plan_dir) == before


def test_json_says_what_changed(plan_dir: Path) -> None:
    result = runner.invoke(app, ["done", "ppc1-seminar", "--on", "2006-03-10", "--json"])
    document = json.loads(result.stdout)  # warnings go to stderr
    assert document["written"] is True
    assert document["file"] == "plan/ppcs/ppc-01.yaml"
    assert document["changes"] == [
        {"path": "milestones.1.status", "old": None, "new": "done"},
        {"path": "milestones.1.actual", "old": None, "new": {"end": "2006-03-10"}},
    ]
    again = json.loads(
        runner.invoke(app, ["done", "ppc1-seminar", "--on", "2006-03-10", "--json"]).stdout
    )
    assert again["written"] is False
    assert again["changes"] == []


def test_the_cache_serves_the_next_command(plan_dir: Path) -> None:
    assert runner.invoke(app, ["done", "ppc1-seminar", "--on", "2006-03-10"]).exit_code == 0
    result = load_plan(FolderSource(plan_dir))
    assert result.plan is not None
    assert result.plan.ppcs[0].milestones[1].status == "done"


def test_fmt_check_diff_and_write(plan_dir: Path) -> None:
    path = plan_dir / "ppcs" / "ppc-02.yaml"
    path.write_text(
        path.read_text()
        .replace("label: PPC 2\n", "")
        .replace("id: ppc-2\n", "label: PPC 2\nid: ppc-2\n")
    )
    before = snapshot(plan_dir)
    result = runner.invoke(app, ["fmt", "--check"])
    assert result.exit_code == 1
    assert "would reformat plan/ppcs/ppc-02.yaml" in result.output
    assert "ppc-01" not in result.output
    result = runner.invoke(app, ["fmt", "--diff"])
    assert "+id: ppc-2\n label: PPC 2\n-id: ppc-2\n" in result.output
    assert snapshot(plan_dir) == before
    result = runner.invoke(app, ["fmt"])
    assert result.exit_code == 0
    assert "reformatted plan/ppcs/ppc-02.yaml" in result.output
    assert runner.invoke(app, ["fmt", "--check"]).exit_code == 0
    assert runner.invoke(app, ["fmt", "--check", str(path)]).exit_code == 0


def test_fmt_reports_a_file_it_cannot_read(plan_dir: Path) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    path.write_text("id: [x\n")
    result = runner.invoke(app, ["fmt"])
    assert result.exit_code == 1
    assert result.output.startswith("plan/ppcs/ppc-01.yaml:")
    assert path.read_text() == "id: [x\n"


def test_readme_lists_the_add_group() -> None:
    from commit_cli.cli.registry import COMMANDS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "add" in COMMANDS
    assert "`commit add" in readme


@pytest.mark.parametrize(
    ("to", "on", "refused"),
    [
        ("2006-H1", "2006-07-01", True),  # ended the day before
        ("2006-06-15", "2006-06-16", True),  # a day, past
        ("2006-H1", "2006-06-30", False),  # ends on the day: still ahead
        ("2007-H1", "2006-07-01", False),
    ],
)
def test_postponing_to_a_window_that_has_ended_is_refused(
    plan_dir: Path, to: str, on: str, refused: bool
) -> None:
    before = ppc1(plan_dir)
    args = ["postpone", "ppc1-seminar", "--to", to, "--reason", "No funds.", "--on", on]
    result = runner.invoke(app, args)
    if refused:
        assert result.exit_code == 2
        assert f"--to {to} ended on" in result.output
        assert f"postpone to a window that ends on or after {on}" in result.output
        assert ppc1(plan_dir) == before
    else:
        assert result.exit_code == 0, result.output
        assert f"    window: {to}\n" in ppc1(plan_dir)
