"""One lock for every writer: `commit fmt` and the editing commands, run at the same time as
real processes, all land (none overwrites what another wrote), and a writer that finds a file
changed since it read it formats what is there now, or leaves it alone and says so."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PPC_1, PPC_2, REPO, write_plan
from hostile_helpers import HANG_GUARD_SECONDS, assert_one_clear_line, plan_unchanged, run_commit

from commit_cli import atomic
from commit_cli.locking import plan_lock
from commit_cli.plan.formatting import format_files, write_formatted
from commit_cli.yamlio.reader import load_data

# Milestones written out of the canonical layout (key order, spacing, quoting), so that
# `fmt` rewrites the whole file.
MESSY_MILESTONE = """\
  - title:    'Extra milestone {i}'
    id: extra-{i}
    kind: meeting
    phase: core
    window:   2006-H1
"""
EXTRA = 100

# A racer: imports the CLI, says it is ready, waits for its start file, then runs commit.
# A racer given a pause file is a slow `fmt`: once it has read (and formatted) ppc-01.yaml it
# makes the pause file and sleeps before writing, so the racers that start on the pause file
# write while `fmt` holds what it read: the window in which, without the lock, their work
# was lost.
LAUNCHER = """
import os, sys, time
from commit_cli.cli.app import run
import commit_cli.yamlio.fmt as fmt
start, pause = sys.argv[1], sys.argv[2]
if pause != "-":
    formatter = fmt.format_bytes
    def slow(raw, *args, **kwargs):
        done = formatter(raw, *args, **kwargs)
        if b"ppc1-seminar" in raw and not os.path.exists(pause):
            open(pause, "w").close()
            time.sleep(PAUSE)
        return done
    fmt.format_bytes = slow
print("ready", flush=True)
while not os.path.exists(start):
    time.sleep(0.001)
sys.argv = ["commit", *sys.argv[3:]]
run()
"""
PAUSE_SECONDS = 1.5


def messy_plan(root: Path) -> Path:
    extra = "".join(MESSY_MILESTONE.format(i=i) for i in range(EXTRA))
    ppc = PPC_1.replace("milestones:\n", "milestones:\n" + extra, 1)
    return write_plan(root, ppcs={"ppc-01": ppc, "ppc-02": PPC_2})


def _env() -> dict[str, str]:
    env = {**os.environ, "COMMIT_LOCK_TIMEOUT": "60", "PYTHONPATH": str(REPO)}
    env.pop("COMMIT_PLAN", None)
    return env


Racer = tuple[str, list[str]]  # when it starts ("go", "paused" or "slow fmt"), its arguments


def race(root: Path, racers: list[Racer]) -> list[tuple[int, str]]:
    """Run the racers as processes; "go" and "slow fmt" start at one moment, "paused" once
    the slow fmt has read the file."""
    launcher = root / "launcher.py"
    launcher.write_text(LAUNCHER.replace("PAUSE", str(PAUSE_SECONDS)), encoding="utf-8")
    go, paused = root / "go", root / "paused"
    processes = []
    for when, arguments in racers:
        start, pause = (paused, "-") if when == "paused" else (go, "-")
        if when == "slow fmt":
            pause = str(paused)
        processes.append(
            subprocess.Popen(
                [sys.executable, str(launcher), str(start), pause, *arguments],
                cwd=root,
                env=_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
        )
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline() == b"ready\n"
    go.touch()
    outputs = [process.communicate(timeout=HANG_GUARD_SECONDS * 3)[0] for process in processes]
    return [(p.returncode, out.decode()) for p, out in zip(processes, outputs, strict=True)]


def note(i: int) -> list[str]:
    return ["note", "ppc1-seminar", f"note {i}", "--on", "2006-01-01", "--by", f"writer {i}"]


# Each row: the writers. Every note must be in the file afterwards, and nothing else lost.
RACES: list[tuple[str, list[Racer]]] = [
    (
        "three notes while fmt formats the plan",
        [("slow fmt", ["fmt"]), ("paused", note(0)), ("paused", note(1)), ("paused", note(2))],
    ),
    (
        "a note while fmt formats one named file",
        [("slow fmt", ["fmt", "plan/ppcs/ppc-01.yaml"]), ("paused", note(0))],
    ),
    (
        "a second fmt and a note while fmt formats",
        [("slow fmt", ["fmt"]), ("paused", ["fmt"]), ("paused", note(0))],
    ),
    ("fmt and two notes at once", [("go", ["fmt"]), ("go", note(0)), ("go", note(1))]),
]


@pytest.mark.parametrize(("title", "racers"), RACES, ids=[row[0] for row in RACES])
def test_racing_writers_all_land(tmp_path: Path, title: str, racers: list[Racer]) -> None:
    plan_dir = messy_plan(tmp_path)
    done = race(tmp_path, racers)
    assert [code for code, _ in done] == [0] * len(racers), done
    data, issues = load_data((plan_dir / "ppcs" / "ppc-01.yaml").read_text("utf-8"))
    assert issues == []
    seminar = next(m for m in data["milestones"] if m["id"] == "ppc1-seminar")
    notes = sorted(entry["text"] for entry in seminar.get("log", []))
    assert notes == sorted(arguments[2] for _, arguments in racers if arguments[0] == "note")
    assert len(data["milestones"]) == EXTRA + 2  # fmt lost nothing either


HELD = [
    ("fmt of the whole plan", ["fmt"]),
    ("fmt of one file", ["fmt", "plan/ppcs/ppc-01.yaml"]),
    ("fmt of a file named through its folder", ["fmt", "plan/ppcs/../ppcs/ppc-01.yaml"]),
]


@pytest.mark.parametrize(("title", "command"), HELD, ids=[row[0] for row in HELD])
def test_fmt_waits_for_the_plan_lock_then_says_so(
    tmp_path: Path, title: str, command: list[str]
) -> None:
    plan_dir = messy_plan(tmp_path)
    with plan_unchanged(plan_dir), plan_lock(plan_dir):
        run = run_commit(*command, cwd=tmp_path, env={"COMMIT_LOCK_TIMEOUT": "0.3"})
    assert_one_clear_line(run, 2, "another commit command is changing the plan")
    assert "reformatted" not in run.output


# Another program (an editor, `git checkout`) that takes no lock changes the file. Each row:
# when it writes, what it writes, and whether fmt then writes the file.
MEANWHILE = [
    # before fmt holds the lock: fmt formats what the file holds now
    ("before the lock", "title: Regional seminar", "title: Regional seminar, renamed", True),
    # after fmt read it again under the lock, just before the rename: the file is left as
    # the other program wrote it, and named
    ("just before the rename", "title: Regional seminar", "title: Seminar, renamed", False),
]


@pytest.mark.parametrize(
    ("when", "old", "new", "written"), MEANWHILE, ids=[row[0] for row in MEANWHILE]
)
def test_a_file_changed_meanwhile_is_never_overwritten(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    when: str,
    old: str,
    new: str,
    written: bool,
) -> None:
    plan_dir = messy_plan(tmp_path)
    path = plan_dir / "ppcs" / "ppc-01.yaml"
    results = format_files(plan_dir, [])
    assert any(result.changed for result in results)

    def other_program() -> None:
        path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")

    if when == "before the lock":
        other_program()
    else:
        real_fsync = os.fsync

        def fsync_then_other_program(handle: int) -> None:
            real_fsync(handle)
            monkeypatch.setattr(os, "fsync", real_fsync)
            other_program()

        monkeypatch.setattr(os, "fsync", fsync_then_other_program)
    done = {result.name.rsplit("/", 1)[-1]: result for result in write_formatted(results)}
    after = path.read_text("utf-8")
    assert new.split(": ", 1)[1] in after  # what the other program wrote is there
    assert done["ppc-01.yaml"].written is written
    if not written:
        (problem,) = done["ppc-01.yaml"].problems
        assert "changed while commit worked" in problem.message
        assert "title:    'Extra milestone 0'" in after  # fmt's version never landed
    else:
        assert "title:    'Extra milestone 0'" not in after


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.write_bytes(b"other\n"), "changed while commit worked"),
        (lambda p: p.unlink(), "was removed while commit worked"),
        (lambda p: p.write_bytes(p.read_bytes() + b"\n"), "changed while commit worked"),
    ],
    ids=["rewritten", "removed", "one byte longer"],
)
def test_write_atomically_refuses_a_file_that_is_not_what_was_read(
    tmp_path: Path, change: object, message: str
) -> None:
    path = tmp_path / "ppc-01.yaml"
    path.write_bytes(b"id: ppc-1\n")
    read = path.read_bytes()
    change(path)  # type: ignore[operator]
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(atomic.ChangedSinceRead, match=message):
        atomic.write_atomically(path, b"id: ppc-1  # formatted\n", expected=read)
    assert (path.read_bytes() if path.exists() else None) == before
    assert [p.name for p in tmp_path.iterdir()] == ([path.name] if before is not None else [])


# Each row: COMMIT_LOCK_TIMEOUT, and the seconds a writer waits for another ('nan' once waited
# not at all: `max(0.0, nan)` is 0.0).
LOCK_TIMEOUT_ROWS = [("3", 3.0), ("-1", 0.0), ("nan", 10.0), ("soon", 10.0), ("inf", math.inf)]


@pytest.mark.parametrize(("value", "seconds"), LOCK_TIMEOUT_ROWS)
def test_the_lock_waits_as_long_as_asked(
    monkeypatch: pytest.MonkeyPatch, value: str, seconds: float
) -> None:
    from commit_cli.locking import lock_timeout

    monkeypatch.setenv("COMMIT_LOCK_TIMEOUT", value)
    assert lock_timeout() == seconds
