"""An edit always checks the whole plan: while any file cannot be read whole (it does not
parse, for any reason the YAML reader explains, repeats a key, is not UTF-8, holds conflict
markers, is refused) or the header does not validate, so that the checks across files cannot
see every id, an edit is refused with the problems listed and exit 1, nothing written. Before,
an `add milestone` with a dangling reference was written while plan.yaml had a syntax error."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import HEADER, PPC_2
from hostile_helpers import assert_refused_in_lines, plan_unchanged, run_commit
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()
Break = Callable[[Path], None]


def written(name: str, text: str | bytes) -> Break:
    def make(plan: Path) -> None:
        path = plan / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    return make


def header_with(old: str, new: str) -> Break:
    assert old in HEADER
    return written("plan.yaml", HEADER.replace(old, new, 1))


def other_ppc_with(old: str, new: str) -> Break:
    assert old in PPC_2
    return written("ppcs/ppc-02.yaml", PPC_2.replace(old, new, 1))


def linked_outside(name: str) -> Break:
    def make(plan: Path) -> None:
        outside = plan.parent / "elsewhere.yaml"
        outside.write_text((plan / name).read_text(encoding="utf-8"), encoding="utf-8")
        (plan / name).unlink()
        os.symlink(outside, plan / name)

    return make


def no_ppc_folder(plan: Path) -> None:
    (plan / "ppcs").rename(plan / "ppcs-old")


# (id, how the plan is broken, where the problem is located)
BROKEN: list[tuple[str, Break, str]] = [
    (
        "header: ': ' in a value",
        header_with("title: Test plan", "title: Test plan: draft"),
        "plan/plan.yaml:2:",
    ),
    (
        "header: indentation",
        header_with("  cadence_months: 6", "    cadence_months: 6\n  x: 1"),
        "plan/plan.yaml:",
    ),
    (
        "header: unclosed quote",
        header_with("title: Test plan", "title: 'Test plan"),
        "plan/plan.yaml:",
    ),
    (
        "header: unclosed bracket",
        header_with("period: {start", "period: [{start"),
        "plan/plan.yaml:",
    ),
    ("header: tab", header_with("  cadence_months: 6", "\tcadence_months: 6"), "plan/plan.yaml:"),
    (
        "header: no space after ':'",
        header_with("title: Test plan", "title:Test plan"),
        "plan/plan.yaml:",
    ),
    (
        "header: a line without a key",
        header_with("title: Test plan\n", "title: Test plan\njust words\n"),
        "plan/plan.yaml:",
    ),
    (
        "header: duplicate key",
        header_with("title: Test plan\n", "title: Test plan\ntitle: Two\n"),
        "plan/plan.yaml:3:1: error: duplicate key 'title'",
    ),
    (
        "header: alias",
        header_with("title: Test plan\n", "title: &t Test plan\nx: *t\n"),
        "plan/plan.yaml:",
    ),
    ("header: tag", header_with("title: Test plan", "title: !!binary aGk="), "plan/plan.yaml:"),
    (
        "header: not UTF-8",
        written("plan.yaml", HEADER.encode().replace(b"Test", b"T\xe9st")),
        "plan/plan.yaml:2:9: error: the file is not valid UTF-8 (byte 0xe9)",
    ),
    (
        "header: conflict markers",
        header_with(
            "title: Test plan\n",
            "<<<<<<< ours\ntitle: Test plan\n=======\ntitle: X\n>>>>>>> theirs\n",
        ),
        "plan/plan.yaml:2:1: error: git merge",
    ),
    ("header: empty", written("plan.yaml", ""), "plan/plan.yaml:1:1: error: the file is empty"),
    ("header: a list", written("plan.yaml", "- a\n- b\n"), "plan/plan.yaml:1:1: error:"),
    (
        "header: does not validate",
        header_with("title: Test plan", "titel: Test plan"),
        "plan/plan.yaml:",
    ),
    ("header: a link outside", linked_outside("plan.yaml"), "plan/plan.yaml:1:1: error: not read"),
    (
        "other PPC: ': ' in a value",
        other_ppc_with("title: Activity 2", "title: Activity: 2"),
        "plan/ppcs/ppc-02.yaml:",
    ),
    (
        "other PPC: indentation",
        other_ppc_with("    kind: workshop", "      kind: workshop"),
        "plan/ppcs/ppc-02.yaml:",
    ),
    (
        "other PPC: unclosed quote",
        other_ppc_with("title: Activity 2", 'title: "Activity 2'),
        "plan/ppcs/ppc-02.yaml:",
    ),
    (
        "other PPC: duplicate milestones",
        other_ppc_with("indicators:", "milestones: []\nindicators:"),
        "plan/ppcs/ppc-02.yaml:",
    ),
    (
        "other PPC: not UTF-8",
        written(
            "ppcs/ppc-02.yaml",
            b"\xef\xbb\xbf" + PPC_2.encode().replace(b"Activity", b"Activit\xff"),
        ),
        "plan/ppcs/ppc-02.yaml:3:",
    ),
    ("other PPC: a link outside", linked_outside("ppcs/ppc-02.yaml"), "plan/ppcs/ppc-02.yaml:1:1"),
    ("no PPC folder", no_ppc_folder, "plan/ppcs:1:1: error: the PPC folder is missing"),
]
COMMANDS = [
    [
        "add",
        "milestone",
        "ppc-1",
        "--id",
        "ppc1-new",
        "--title",
        "New",
        "--kind",
        "seminar",
        "--phase",
        "core",
        "--depends-on",
        "ppc2-nowhere",
        "--activity",
        "act-9",
    ],
    ["note", "ppc1-seminar", "Booked.", "--by", "x", "--on", "2006-01-02"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=["add milestone", "note"])
@pytest.mark.parametrize(
    ("broken", "where"), [row[1:] for row in BROKEN], ids=[row[0] for row in BROKEN]
)
def test_no_edit_while_the_plan_cannot_be_read_whole(
    plan_dir: Path, broken: Break, where: str, command: list[str]
) -> None:
    broken(plan_dir)
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(line.startswith(where) for line in lines), result.output
    assert "cannot check an edit while the plan cannot be read whole" in lines[-1]


def test_the_file_to_edit_itself_is_named(plan_dir: Path) -> None:
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    path.write_text(path.read_text() + "id: again\n", encoding="utf-8")
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, ["note", "ppc1-seminar", "x", "--by", "x"])
    assert result.exit_code == 1
    assert "duplicate key 'id'" in result.output
    assert "cannot edit plan/ppcs/ppc-01.yaml: fix it first" in result.output


def test_a_dangling_reference_is_not_written_while_the_header_does_not_parse(
    plan_dir: Path,
) -> None:
    """The attack as it was found, as a real process."""
    header_with("title: Test plan", "title: Test plan: draft")(plan_dir)
    with plan_unchanged(plan_dir):
        run = run_commit(*COMMANDS[0], cwd=plan_dir.parent)
    assert_refused_in_lines(run, 1, "cannot check an edit while the plan cannot be read whole")
    assert "plan/plan.yaml:2:8: error: a ': ' inside a value starts a new key" in run.stderr


def test_an_error_the_plan_already_had_still_lets_edits_through(plan_dir: Path) -> None:
    """A plan read whole, with an error in a file that validates no further: edits that add
    no error still land (the near miss of the rows above)."""
    other_ppc_with("    kind: workshop", "    kind: workshopp")(plan_dir)
    result = runner.invoke(app, COMMANDS[1])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, COMMANDS[0])
    assert result.exit_code == 1
    assert "nothing written: this would add" in result.output
