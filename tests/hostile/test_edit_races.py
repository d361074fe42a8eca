"""An edit never replaces a file that changed after it read it. Another program (an editor,
`git checkout`, a writer that takes no lock) writing the file while an edit runs, in place or
by renaming a new file over it, at any moment between the plan's load and the rename: the
edit is made again from the new file and both changes are kept, or, when the file keeps
changing, the edit gives up in one line (exit 2) and writes nothing.

Real processes: the edit runs as `commit`, and at the chosen moment another process writes
the file (the moment is chosen by wrapping the edit's own reads, in the edit's process)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from hostile_helpers import HANG_GUARD_SECONDS

from commit_cli.yamlio.reader import load_data

TARGET = "ppc-01.yaml"
NOTE = ["note", "ppc1-seminar", "Booked.", "--by", "x", "--on", "2006-01-02"]

# Another program writing the file: how, as a separate process.
WRITER = """
import os, sys
how, path = sys.argv[1], sys.argv[2]
with open(path, "rb") as stream:
    data = stream.read()
if how == "in place":
    with open(path, "ab") as stream:
        stream.write(b"# written outside\\n")
elif how == "renamed over":
    with open(path + ".new", "wb") as stream:
        stream.write(data + b"# written outside\\n")
    os.replace(path + ".new", path)
elif how == "same size":
    with open(path, "r+b") as stream:
        stream.write(data.replace(b"Regional seminar", b"Regional SEMINAR"))
elif how == "touched":
    os.utime(path)
elif how == "removed":
    os.remove(path)
elif how == "milestone added before":
    new = b"milestones:\\n  - {id: ppc1-first, title: First, kind: report, phase: core}\\n"
    with open(path + ".new", "wb") as stream:
        stream.write(data.replace(b"milestones:\\n", new, 1))
    os.replace(path + ".new", path)
"""

# `commit`, with another process writing the file at a moment of the edit.
DRIVER = """
import subprocess, sys
from commit_cli.plan import sources
from commit_cli.cli.app import run
moment, how, writer = sys.argv[1:4]
seen = {"reads": 0, "checks": 0}
real_read, real_unchanged = sources.FolderSource.read, sources.FolderSource.unchanged

def outside(path):
    subprocess.run([sys.executable, writer, how, str(path)], check=True)

def read(self, name):
    data = real_read(self, name)
    if name.endswith("TARGET"):
        seen["reads"] += 1
        if moment == "after the load" and seen["reads"] == 1:
            outside(self.path_of(name))
    return data

def unchanged(self, name):
    seen["checks"] += 1
    if moment == "every time" or (moment == "before the rename" and seen["checks"] == 1):
        outside(self.path_of(name))
    return real_unchanged(self, name)

sources.FolderSource.read = read
sources.FolderSource.unchanged = unchanged
sys.argv = ["commit", *sys.argv[4:]]
run()
""".replace("TARGET", TARGET)

# What the file says afterwards of the outside change, by how it was written.
OUTSIDE = {
    "in place": b"# written outside\n",
    "renamed over": b"# written outside\n",
    "same size": b"Regional SEMINAR",
    "touched": b"",
    "milestone added before": b"  - {id: ppc1-first,",
}


def edit_with_a_writer(plan_dir: Path, moment: str, how: str) -> subprocess.CompletedProcess[str]:
    writer = plan_dir.parent / "writer.py"
    writer.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("COMMIT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", DRIVER, moment, how, str(writer), *NOTE],
        cwd=plan_dir.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS * 3,
        check=False,
    )


ROWS = [
    (moment, how)
    for moment in ("after the load", "before the rename")
    for how in ("in place", "renamed over", "same size", "touched", "milestone added before")
]


@pytest.mark.parametrize(("moment", "how"), ROWS, ids=[f"{m}, {h}" for m, h in ROWS])
def test_a_file_written_meanwhile_is_edited_again_and_both_changes_are_kept(
    plan_dir: Path, moment: str, how: str
) -> None:
    done = edit_with_a_writer(plan_dir, moment, how)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("recorded: note on ppc1-seminar")
    written = (plan_dir / "ppcs" / TARGET).read_bytes()
    assert OUTSIDE[how] in written  # the other program's change is kept
    data, issues = load_data(written.decode("utf-8"))
    logs = {m["id"]: m.get("log") for m in data["milestones"]}
    assert not issues
    assert logs.pop("ppc1-seminar")[0]["text"] == "Booked."
    assert set(logs.values()) == {None}  # on that milestone and no other


@pytest.mark.parametrize("moment", ["after the load", "before the rename"])
def test_a_file_removed_meanwhile_stays_removed(plan_dir: Path, moment: str) -> None:
    done = edit_with_a_writer(plan_dir, moment, "removed")
    assert done.returncode == 1, done.stderr
    assert done.stderr == "commit: error: unknown milestone 'ppc1-seminar'\n"
    assert not (plan_dir / "ppcs" / TARGET).exists()


@pytest.mark.parametrize("how", ["in place", "renamed over"])
def test_a_file_that_keeps_changing_is_not_written(plan_dir: Path, how: str) -> None:
    done = edit_with_a_writer(plan_dir, "every time", how)
    assert done.returncode == 2
    assert done.stderr.startswith("commit: error: nothing written: a file of the plan in ")
    assert "kept changing while the edit ran" in done.stderr
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    written = (plan_dir / "ppcs" / TARGET).read_bytes()
    assert written.count(b"# written outside\n") == 3  # every outside write kept
    assert b"Booked." not in written


APPENDER = """
import random, sys, time
path, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
for i in range(count):
    time.sleep(rng.uniform(0.05, 0.4))
    with open(path, "ab") as stream:
        stream.write(b"# outside %d\\n" % i)
"""


@pytest.mark.slow
def test_edits_and_an_outside_writer_racing(plan_dir: Path) -> None:
    """Edits (which wait for each other through the lock) and a program that takes no lock
    appending to the file now and then: every edit lands or says in one line that it gave
    up, and the file stays whole."""
    env = {**os.environ, "COMMIT_LOCK_TIMEOUT": "60", "PYTHONPATH": str(REPO)}
    path = plan_dir / "ppcs" / TARGET
    appender = subprocess.Popen([sys.executable, "-c", APPENDER, str(path), "8"], env=env)
    edits = []
    for i in range(6):
        edits.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "commit_cli",
                    "note",
                    "ppc1-seminar",
                    f"note {i}",
                    "--by",
                    "x",
                    "--on",
                    "2006-01-02",
                    "--plan",
                    str(plan_dir),
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        time.sleep(0.1)
    results = [(edit.wait(120), *edit.communicate()) for edit in edits]
    appender.wait(60)
    data, issues = load_data(path.read_text(encoding="utf-8"))
    assert not issues
    notes = {entry["text"] for entry in data["milestones"][1].get("log", [])}
    for i, (code, stdout, stderr) in enumerate(results):
        assert "Traceback" not in stderr
        if code == 0:
            assert f"note {i}" in notes, stdout
        else:
            assert code == 2, stderr
            assert "kept changing" in stderr, stderr
            assert stderr.count("\n") == 1, stderr
