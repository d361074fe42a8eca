"""`commit decide` and `--decision` through the command line: the bytes written (the
decisions file made when missing, decisions in date order, a citation in the postponement,
cancellation or target it made), what is refused (exit 1, the bytes unchanged), and --json."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PPC_1
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.edit.books import NEW_DECISIONS_FILE

runner = CliRunner()
SOM2 = ["decide", "som2-d1", "--meeting", "SOM 2", "--on", "2005-11-15", "--text", "Start."]


def book(plan_dir: Path) -> bytes:
    return (plan_dir / "decisions.yaml").read_bytes()


def test_decide_makes_the_book_and_keeps_it_in_date_order(plan_dir: Path) -> None:
    result = runner.invoke(app, [*SOM2, "--ppc", "ppc-1"])
    assert result.exit_code == 0, result.output
    assert (
        result.output == "recorded: decision som2-d1 (SOM 2, 2005-11-15) in plan/decisions.yaml\n"
    )
    first = NEW_DECISIONS_FILE + (
        "  - id: som2-d1\n"
        "    meeting: SOM 2\n"
        "    date: 2005-11-15\n"
        "    text: Start.\n"
        "    ppcs: [ppc-1]\n"
    )
    assert book(plan_dir) == first.encode()
    earlier = ["decide", "som1-d1", "--meeting", "SOM 1", "--on", "2005-06-01", "--text", "Go."]
    assert runner.invoke(app, earlier).exit_code == 0
    assert (
        book(plan_dir)
        == first.replace(
            "decisions:\n",
            "decisions:\n  - id: som1-d1\n    meeting: SOM 1\n    date: 2005-06-01\n"
            "    text: Go.\n",
        ).encode()
    )


def test_a_dry_run_without_a_book_writes_nothing(plan_dir: Path) -> None:
    result = runner.invoke(app, [*SOM2, "--dry-run"])
    assert result.exit_code == 1
    assert "no decisions file" in result.output
    assert not (plan_dir / "decisions.yaml").exists()


def test_superseding_a_later_or_missing_decision_is_refused(plan_dir: Path) -> None:
    assert runner.invoke(app, SOM2).exit_code == 0
    before = book(plan_dir)
    for supersedes, says in (("som9-d9", "not a decision"), ("som2-d1", "taken after it")):
        result = runner.invoke(
            app,
            ["decide", "som1-d1", "--meeting", "SOM 1", "--on", "2005-06-01", "--text", "Go.",
             "--supersedes", supersedes],
        )  # fmt: skip
        assert result.exit_code == 1, result.output
        assert says in result.output
        assert book(plan_dir) == before
    again = runner.invoke(app, SOM2)
    assert again.exit_code == 2
    assert "recorded already" in again.output


def test_postpone_cancel_and_a_target_cite_the_decision(plan_dir: Path) -> None:
    assert runner.invoke(app, SOM2).exit_code == 0
    ppc1 = plan_dir / "ppcs" / "ppc-01.yaml"
    result = runner.invoke(
        app,
        ["postpone", "ppc1-seminar", "--to", "2007-H1", "--reason", "SOM 2 said so.",
         "--on", "2005-11-16", "--decision", "som2-d1", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert {"path": "milestones.1.postponed", "old": None}.items() <= next(
        c for c in json.loads(result.output)["changes"] if c["path"].endswith("postponed")
    ).items()
    text = ppc1.read_text(encoding="utf-8")
    assert (
        "    postponed:\n"
        "      date: 2005-11-16\n"
        "      reason: SOM 2 said so.\n"
        "      from_window: {start: 2006-H1, end: 2006}\n"
        "      decision: som2-d1\n"
    ) in text
    assert (
        runner.invoke(
            app, ["cancel", "ppc1-assessment", "--reason", "Merged.", "--decision", "som2-d1"]
        ).exit_code
        == 0
    )
    assert "decision: som2-d1" in ppc1.read_text(encoding="utf-8").split("ppc1-seminar")[0]
    before = ppc1.read_bytes()
    result = runner.invoke(
        app, ["set", "ppc1-seminars-held", "target", "2", "--decision", "som2-d1"]
    )
    assert result.exit_code == 0, result.output
    assert ppc1.read_bytes() == before.replace(
        b"    target: 1\n", b"    target: 2\n    target_decision: som2-d1\n", 1
    )


def test_citing_an_unknown_decision_is_refused(plan_dir: Path) -> None:
    ppc1 = plan_dir / "ppcs" / "ppc-01.yaml"
    for command in (
        ["cancel", "ppc1-seminar", "--reason", "x", "--decision", "som9-d9"],
        ["set", "ppc1-seminars-held", "target", "2", "--decision", "som9-d9"],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, result.output
        assert "unknown decision 'som9-d9'" in result.output
        assert ppc1.read_text(encoding="utf-8") == PPC_1
    wrong = runner.invoke(app, ["set", "ppc1-seminar", "outcome", "x", "--decision", "som9-d9"])
    assert wrong.exit_code == 2
    assert "--decision goes with a change of an indicator's target" in wrong.output


def test_log_and_show_say_which_decision_moved_a_milestone(demo_repo: Path) -> None:
    """The demo's third training course was postponed citing SOM 3's decision som3-d2
    (2005-12-27): `log` words the postponement with the decision, its meeting and day, in
    text and Markdown (and JSON names it); `show` says it beside the record."""
    plan = ["--plan", str(demo_repo / "plan")]
    cited = "(decision som3-d2, SOM 3, 2005-12-27)"
    text = runner.invoke(app, ["log", "ppc1-training-course-3", *plan])
    assert text.exit_code == 0, text.output
    (line,) = [line for line in text.output.splitlines() if ": postponed on" in line]
    assert f"postponed on 2007-02-23 {cited}: Flooding" in line
    markdown = runner.invoke(app, ["log", "ppc1-training-course-3", "--format", "md", *plan])
    assert f"postponed on 2007-02-23 {cited}: Flooding" in markdown.output
    document = runner.invoke(app, ["log", "ppc1-training-course-3", "--format", "json", *plan])
    changes = json.loads(document.output)["changes"]
    assert [c["decision"] for c in changes if c["kind"] == "postponed"] == ["som3-d2"]
    assert all(c["decision"] is None for c in changes if c["kind"] != "postponed")
    shown = runner.invoke(app, ["show", "ppc1-training-course-3", *plan])
    assert shown.exit_code == 0, shown.output
    assert f"Postponed {cited}" in shown.output
    assert "Decisions (1)" in shown.output
    plain = runner.invoke(app, ["show", "ppc1-training-course-1", *plan])
    assert "(decision " not in plain.output
