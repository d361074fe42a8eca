"""No traceback from an edit, ever: bytes that are not UTF-8 in an argument or in git's
user.name, numbers YAML spells `.nan` and `.inf`, files whose lines end in CR alone (or mix
their line ends), `? key` syntax, and insertions after a block scalar that keeps its final
line breaks (`|+`, `>+`) each end in a clean edit or in one line per problem, the plan
untouched. Real processes; then properties over arbitrary text (hypothesis), and a bug in an
edit, which is one line and exit 2 too."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import PPC_1, REPO
from hostile_helpers import (
    assert_refused_in_lines,
    plan_unchanged,
    run_commit,
    snapshot,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.core import schema
from commit_cli.core.fields import field_order
from commit_cli.edit import operations
from commit_cli.edit.session import BLOCK_KEYS, Edit, run_edit
from commit_cli.errors import CommitError
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.yamlio.emit import Layout
from commit_cli.yamlio.reader import YamlSyntaxError, load_data
from commit_cli.yamlio.roundtrip import Document, same

PPC_FILE = Path("plan/ppcs/ppc-01.yaml")
SEMINAR = "ppc1-seminar"
LAYOUT = Layout(order=lambda path: field_order(schema.PPC, path), block_keys=BLOCK_KEYS)
Setup = Callable[[Path], None]


def replaced(old: str, new: str, newline: bytes = b"\n") -> Setup:
    """A setup writing PPC_1 with `old` replaced by `new`, lines ended by `newline`."""

    def setup(root: Path) -> None:
        assert old in PPC_1
        text = PPC_1.replace(old, new).encode().replace(b"\n", newline)
        (root / PPC_FILE).write_bytes(text)

    return setup


def flow_document(before: str = "# the whole file in flow style\n") -> Setup:
    """PPC_1 as one JSON line (a flow mapping), after `before`."""

    def setup(root: Path) -> None:
        data, _ = load_data(PPC_1)
        (root / PPC_FILE).write_text(before + json.dumps(data) + "  # its end\n", encoding="utf-8")

    return setup


def last_milestone_keeps() -> Setup:
    """The milestones last in the file, the last one ending in a `|+` block."""
    head, indicators = PPC_1.split("indicators:\n")
    head, milestones = head.split("milestones:\n")
    text = (
        f"{head}indicators:\n{indicators}milestones:\n{milestones}    outcome: |+\n      Kept.\n\n"
    )

    def setup(root: Path) -> None:
        (root / PPC_FILE).write_text(text, encoding="utf-8")

    return setup


def nothing(root: Path) -> None:
    return None


def git_user(name: bytes) -> Setup:
    def setup(root: Path) -> None:
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        subprocess.run(["git", "-C", str(root), "config", "user.name", name], check=True)

    return setup


KEEP = "    depends_on: [ppc1-assessment]\n    outcome: |+\n      Held.\n\n\n"
EXPLICIT = "    ? title\n    : Regional seminar\n"

# (id, setup, arguments, exit code, what the output says)
REFUSED: list[tuple[str, Setup, list[str | bytes], int, str]] = [
    (
        "values nested 900 deep",
        replaced("    target: 1\n", "    target: 1\n    x: " + "[" * 900 + "]" * 900 + "\n"),
        ["record", "ppc1-seminars-held", "1", "--period", "2006-H1"],
        1,
        "nests values deeper than an edit can follow",
    ),
    ("note text", nothing, ["note", SEMINAR, b"caf\xe9", "--by", "x"], 2, "not UTF-8"),
    ("note --by", nothing, ["note", SEMINAR, "t", "--by", b"S\xf6k"], 2, "not UTF-8"),
    ("the id", nothing, ["note", b"ppc1-semin\xe9r", "t", "--by", "x"], 1, "unknown milestone"),
    ("done --outcome", nothing, ["done", SEMINAR, "--outcome", b"\xff\xfe"], 2, "not UTF-8"),
    (
        "done --country",
        nothing,
        ["done", SEMINAR, "--attended", "3", "--country", b"K\xff=3"],
        2,
        "not UTF-8",
    ),
    ("set value", nothing, ["set", SEMINAR, "outcome", b"a\x80b"], 2, "not UTF-8"),
    (
        "record --period",
        nothing,
        ["record", "ppc1-seminars-held", "1", "--period", b"2006-H\xb9"],
        2,
        "not UTF-8",
    ),
    (
        "update --progress",
        nothing,
        ["update", "ppc-1", "--period", "2006-H1", "--progress", b"\xc3("],
        2,
        "not UTF-8",
    ),
    (
        "git user.name in Latin-1",
        git_user(b"S\xf6k Chan"),
        ["note", SEMINAR, "t"],
        2,
        "git config user.name is not UTF-8",
    ),
    (
        "record .nan",
        nothing,
        ["record", "ppc1-seminars-held", ".nan", "--period", "2006-H1"],
        1,
        "nothing written",
    ),
    (
        "record .inf",
        nothing,
        ["record", "ppc1-seminars-held", ".inf", "--period", "2006-H1"],
        1,
        "nothing written",
    ),
    (
        "set target -.inf",
        nothing,
        ["set", "ppc1-seminars-held", "target", "--", "-.inf"],
        1,
        "target must be a finite number",
    ),
    (
        "set target .NaN",
        nothing,
        ["set", "ppc1-seminars-held", "target", ".NaN"],
        1,
        "target must be a finite number",
    ),
    (
        "record 44 digits",
        nothing,
        ["record", "ppc1-seminars-held", "9" * 44, "--period", "2006-H1"],
        2,
        "a number of 44 characters is too long",
    ),
    (
        "set 44 digits",
        nothing,
        ["set", "ppc1-seminars-held", "target", "1" + "0" * 43],
        2,
        "too long",
    ),
]


@pytest.mark.parametrize(
    ("setup", "arguments", "code", "expected"),
    [row[1:] for row in REFUSED],
    ids=[row[0] for row in REFUSED],
)
def test_a_value_no_plan_file_can_hold_is_refused_in_one_line(
    plan_dir: Path,
    setup: Setup,
    arguments: list[str | bytes],
    code: int,
    expected: str,
) -> None:
    setup(plan_dir.parent)
    with plan_unchanged(plan_dir):
        run = run_commit(*arguments, cwd=plan_dir.parent)
    assert_refused_in_lines(run, code, expected)


# (id, setup, arguments, what the edited file must hold)
WRITTEN: list[tuple[str, Setup, list[str], bytes]] = [
    (
        "a flow document",
        flow_document(),
        ["note", SEMINAR, "t", "--by", "x"],
        b"# the whole file in flow style\n# its end\nid: ppc-1\n",
    ),
    (
        "a flow document after ---",
        flow_document("%YAML 1.1\n--- "),
        ["done", SEMINAR],
        b"%YAML 1.1\n---   # its end\nid: ppc-1\n",
    ),
    (
        "document markers",
        replaced("id: ppc-1\n", "---\nid: ppc-1\n"),
        ["record", "ppc1-seminars-held", "1", "--period", "2006-H1"],
        b"    values: {2006-H1: 1}\n",
    ),
    (
        "NEL line ends",
        replaced("", "", "\x85".encode()),
        ["note", SEMINAR, "t", "--by", "x"],
        b"    log:\n",
    ),
    (
        "line separators for line ends",
        replaced("", "", "\u2028".encode()),
        ["done", SEMINAR],
        b"    status: done\n",
    ),
    (
        "CR-only note",
        replaced("", "", b"\r"),
        ["note", SEMINAR, "Booked.", "--by", "x"],
        b"        text: Booked.\r",
    ),
    (
        "CR-only done",
        replaced("", "", b"\r"),
        ["done", SEMINAR, "--attended", "4"],
        b"    status: done\r",
    ),
    (
        "CR-only set",
        replaced("", "", b"\r"),
        ["set", SEMINAR, "outcome", "Held."],
        b"    outcome: Held.\r",
    ),
    (
        "CR-only note of paragraphs",
        replaced("", "", b"\r"),
        ["note", SEMINAR, "One.\n\nTwo.\n\n", "--by", "x"],
        b"        text: >+\r          One.\r\r\r          Two.\r\r",
    ),
    (
        "CR-only add",
        replaced("", "", b"\r"),
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
        ],
        b"  - id: ppc1-x\r",
    ),
    (
        "CRLF note",
        replaced("", "", b"\r\n"),
        ["note", SEMINAR, "Booked.", "--by", "x"],
        b"        text: Booked.\r\n",
    ),
    (
        "mixed line ends",
        replaced("    kind: seminar\n", "    kind: seminar\r\n"),
        ["done", SEMINAR],
        b"    status: done\n",
    ),
    (
        "a CR alone inside",
        replaced("    phase: core\n    window: {", "    phase: core\r    window: {"),
        ["done", SEMINAR],
        b"    status: done\n",
    ),
    (
        "a line separator in text",
        replaced("    depends_on: [ppc1-assessment]\n", '    outcome: "a\u2028b"\n'),
        ["done", SEMINAR],
        b"    status: done\n",
    ),
    (
        "? key, value set",
        replaced("    title: Regional seminar\n", EXPLICIT),
        ["set", SEMINAR, "title", "Renamed"],
        b"    ? title\n    : Renamed\n",
    ),
    (
        "? key first, key added before it",
        replaced(
            "    depends_on: [ppc1-assessment]\n",
            "    depends_on: [ppc1-assessment]\n    status: done\n    actual:\n      ? end\n"
            "      : 2006-03-02\n",
        ),
        ["done", SEMINAR, "--from", "2006-03-01", "--on", "2006-03-02"],
        b"    actual:\n      start: 2006-03-01\n      ? end\n",
    ),
    (
        "? key, note after it",
        replaced(
            "    depends_on: [ppc1-assessment]\n", "    ? depends_on\n    : [ppc1-assessment]\n"
        ),
        ["note", SEMINAR, "t", "--by", "x"],
        b"    log:\n",
    ),
    (
        "note after |+",
        replaced("    depends_on: [ppc1-assessment]\n", KEEP),
        ["note", SEMINAR, "Booked.", "--by", "x"],
        b"      Held.\n\n\n    log:\n",
    ),
    (
        "done after >+",
        replaced("    depends_on: [ppc1-assessment]\n", KEEP.replace("|+", ">+")),
        ["done", SEMINAR],
        b"      Held.\n\n\n",
    ),
    (
        "|+ at the end of the file",
        last_milestone_keeps(),
        ["note", SEMINAR, "t", "--by", "x"],
        b"      Kept.\n\n    log:\n",
    ),
    (
        "|2+ with a comment",
        replaced("    depends_on: [ppc1-assessment]\n", KEEP.replace("|+", "|2+  # kept")),
        ["note", SEMINAR, "t", "--by", "x"],
        b"      Held.\n\n\n    log:",
    ),
]


@pytest.mark.parametrize(
    ("setup", "arguments", "expected"),
    [row[1:] for row in WRITTEN],
    ids=[row[0] for row in WRITTEN],
)
def test_an_edit_of_an_unusual_file_is_written_and_reads_back(
    plan_dir: Path, setup: Setup, arguments: list[str], expected: bytes
) -> None:
    setup(plan_dir.parent)
    before = (plan_dir.parent / PPC_FILE).read_bytes()
    run = run_commit(*arguments, cwd=plan_dir.parent)
    assert run.code == 0, run.output
    assert "Traceback" not in run.output, run.output
    after = (plan_dir.parent / PPC_FILE).read_bytes()
    assert expected in after
    for ending in (b"\r\n", b"\r", b"\n"):
        assert after.count(ending) >= before.count(ending)  # no line end of another kind
    assert load_plan(FolderSource(plan_dir)).errors == ()


def test_every_later_note_after_one_that_ends_in_a_blank_line_lands(plan_dir: Path) -> None:
    for i, text in enumerate(["Ends blank.\n\n", "Then this.", "And this.\n\n\n", "Last."]):
        run = run_commit(
            "note", SEMINAR, text, "--by", "x", "--on", f"2006-0{i + 1}-01", cwd=plan_dir.parent
        )
        assert run.code == 0, run.output
    data, _ = load_data((plan_dir.parent / PPC_FILE).read_text(encoding="utf-8"))
    log = data["milestones"][1]["log"]
    assert [entry["text"] for entry in log] == [
        "Ends blank.\n\n",
        "Then this.",
        "And this.\n\n\n",
        "Last.",
    ]


# --- properties over arbitrary text ---------------------------------------------------------

LINE = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs", "Cc", "Zl", "Zp"], blacklist_characters="\ufeff"
    ),
    max_size=30,
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)


@st.composite
def unusual_files(draw: st.DrawFn) -> bytes:
    """PPC_1 with a block scalar of any chomping and arbitrary lines (blank ones after it
    too) as one milestone's outcome, any line end, with or without a byte-order mark and a
    final line end."""
    style = draw(st.sampled_from(["|", ">"]))
    header = draw(st.sampled_from(["", "+", "-", "2", "+2", "2-"]))
    lines = draw(st.lists(LINE, min_size=1, max_size=4))
    blank = draw(st.integers(0, 3))
    block = "".join(f"      {line}\n" if line.strip() else "\n" for line in lines) + "\n" * blank
    where = draw(st.sampled_from(["    lead: uniap\n", "    depends_on: [ppc1-assessment]\n"]))
    text = PPC_1.replace(where, f"{where}    outcome: {style}{header}\n{block}")
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    raw = text.replace("\n", newline).encode()
    if not draw(st.booleans()):
        raw = raw.rstrip(b"\r\n")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + raw


EDITS: dict[str, Callable[[dict[str, Any], str], object]] = {
    "note": lambda m, text: operations.note(m, text, "2006-01-01", "x"),
    "note before": lambda m, text: operations.note(m, text, "1999-01-01", text or "x"),
    "done": lambda m, text: operations.done(m, "2006-01-02", outcome=text),
    "set outcome": lambda m, text: m.__setitem__("outcome", text),
    "set title": lambda m, text: m.__setitem__("title", text),
    "postpone": lambda m, text: operations.postpone(m, "2007-H1", text, "2006-01-03"),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=unusual_files(),
    edit=st.sampled_from(sorted(EDITS)),
    text=TEXT,
    which=st.sampled_from([0, 1]),
)
def test_every_edit_of_any_file_reads_back_with_its_line_ends(
    raw: bytes, edit: str, text: str, which: int
) -> None:
    try:
        document = Document(raw)
    except YamlSyntaxError:
        assume(False)
        raise
    data = copy.deepcopy(document.data)
    EDITS[edit](data["milestones"][which], text)
    written = document.encode(document.apply(data, LAYOUT))  # checks that it reads back
    again = Document(written)
    assert same(again.data, data)
    assert again.encoding == document.encoding
    unchanged = raw.replace(b"\r\n", b"")
    if b"\r" not in unchanged:
        assert b"\r" not in written.replace(b"\r\n", b"")
    if b"\n" not in unchanged:
        assert b"\n" not in written.replace(b"\r\n", b"")


def _bytes_edit(text: str) -> Callable[[dict[str, Any]], str]:
    return lambda milestone: operations.note(milestone, text, "2006-01-01", "x")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    raw=unusual_files(),
    text=TEXT | st.binary(max_size=20).map(lambda b: b.decode("utf-8", "surrogateescape")),
    bad=st.one_of(st.none(), st.binary(min_size=1, max_size=4)),
)
def test_an_edit_of_any_bytes_with_any_argument_lands_or_is_refused(
    plan_dir: Path, raw: bytes, text: str, bad: bytes | None
) -> None:
    """Arguments from any bytes (as Python receives them), files with bytes that may not be
    UTF-8: the edit is written and reads back, or refused as a CommitError, the file as it
    was."""
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    if bad is not None:
        at = len(raw) // 2
        raw = raw[:at] + bad + raw[at:]
    path.write_bytes(raw)
    edit = Edit("note", SEMINAR, ("milestone",), _bytes_edit(text))
    try:
        result = run_edit(plan_dir, edit, None)
    except CommitError:
        assert path.read_bytes() == raw
        return
    assert result.written
    data, issues = load_data(Document(path.read_bytes()).text)
    assert not issues
    assert data["milestones"][1]["log"][-1]["text"] == text


# --- a bug in an edit ---------------------------------------------------------------------

runner = CliRunner()


def test_a_bug_in_an_edit_is_one_line_and_exit_2_with_the_plan_unchanged(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(Document, "apply", broken)
    monkeypatch.delenv("COMMIT_DEBUG", raising=False)
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, ["note", SEMINAR, "t", "--by", "x"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith(
        "commit: error: internal error (ZeroDivisionError: division by zero); nothing was"
        " written. This is a bug in commit: please report it"
    )
    monkeypatch.setenv("COMMIT_DEBUG", "1")
    result = runner.invoke(app, ["note", SEMINAR, "t", "--by", "x"])
    assert isinstance(result.exception, ZeroDivisionError)  # the traceback, when asked for


def test_a_bug_in_an_edit_as_a_real_process(plan_dir: Path) -> None:
    script = (
        "import sys\n"
        "from commit_cli.yamlio import roundtrip\n"
        "def broken(*args, **kwargs): raise KeyError('x')\n"
        "roundtrip.Document.apply = broken\n"
        "from commit_cli.cli.app import run\n"
        "sys.argv = ['commit', 'note', 'ppc1-seminar', 'text', '--by', 'x']\n"
        "run()\n"
    )
    before = snapshot(plan_dir)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("COMMIT_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=plan_dir.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("commit: error: internal error (KeyError: 'x')")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert snapshot(plan_dir) == before


# --- any arguments, any editing command -----------------------------------------------------

ARGUMENT = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "010",
            "1:30",
            ".nan",
            "-.inf",
            "9" * 45,
            "",
            " ",
            "-",
            "--",
            "KH=",
            "=3",
            "2006-H1",
            "ppc1-seminar",
            "window.end",
            "values.2006-H1",
            "a.b.c",
            "log.0.text",
            "milestones.9",
            "0",
            "-1",
            "2.5",
            "true",
            "null",
            "~",
        ]
    ),
    st.binary(max_size=12).map(lambda b: b.decode("utf-8", "surrogateescape")),
)
COMMAND_LINES = {
    "note": lambda a: ["note", "ppc1-seminar", a[0], "--by", a[1], "--on", a[2]],
    "done": lambda a: [
        "done",
        "ppc1-seminar",
        "--attended",
        a[0],
        "--country",
        a[1],
        "--outcome",
        a[2],
    ],
    "start": lambda a: ["start", a[0], "--on", a[1]],
    "postpone": lambda a: ["postpone", "ppc1-seminar", "--to", a[0], "--reason", a[1]],
    "cancel": lambda a: ["cancel", "ppc1-seminar", "--reason", a[0], "--on", a[1]],
    "record": lambda a: [
        "record",
        "ppc1-seminars-held",
        "--period",
        a[1],
        "--country",
        a[2],
        "--",
        a[0],
    ],
    "update": lambda a: ["update", "ppc-1", "--period", a[0], "--progress", a[1], "--next", a[2]],
    "set": lambda a: ["set", "ppc1-seminar", a[0], "--", a[1]],
    "set indicator": lambda a: ["set", "ppc1-seminars-held", a[0], "--", a[1]],
    "add": lambda a: [
        "add",
        "milestone",
        "ppc-1",
        "--id",
        a[0],
        "--title",
        a[1],
        "--kind",
        "seminar",
        "--phase",
        "core",
        "--participants",
        a[2],
    ],
}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    command=st.sampled_from(sorted(COMMAND_LINES)),
    arguments=st.lists(ARGUMENT, min_size=3, max_size=3),
)
def test_any_arguments_to_any_editing_command_end_cleanly(
    tmp_path_factory: pytest.TempPathFactory, command: str, arguments: list[str]
) -> None:
    """An edit lands (exit 0), or is refused in lines of one problem each (exit 1 or 2) with
    the plan as it was; never an internal error."""
    from conftest import write_plan

    plan = write_plan(tmp_path_factory.mktemp("plan"))
    before = snapshot(plan)
    result = runner.invoke(app, [*COMMAND_LINES[command](arguments), "--plan", str(plan)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "internal error" not in result.output, result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code:
        assert snapshot(plan) == before
