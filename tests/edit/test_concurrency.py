"""Real processes: edits racing on one file all land (the plan lock), and a writer killed
with SIGKILL at any moment leaves the old file or the new one, never a torn one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from commit_cli.locking import plan_lock
from commit_cli.yamlio.reader import load_data


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "COMMIT_LOCK_TIMEOUT": "60", "PYTHONPATH": str(REPO), **extra}
    env.pop("COMMIT_PLAN", None)
    return env


def _race(plan_dir: Path, count: int) -> None:
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "commit_cli",
                "note",
                "ppc1-seminar",
                f"note {i}",
                "--on",
                "2006-01-01",
                "--by",
                f"writer {i}",
                "--plan",
                str(plan_dir),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=_env(),
        )
        for i in range(count)
    ]
    outputs = [process.communicate(timeout=120)[0].decode() for process in processes]
    assert [process.returncode for process in processes] == [0] * count, outputs
    data, _ = load_data((plan_dir / "ppcs" / "ppc-01.yaml").read_text(encoding="utf-8"))
    notes = sorted(entry["text"] for entry in data["milestones"][1]["log"])
    assert notes == sorted(f"note {i}" for i in range(count))


def test_racing_edits_all_land(plan_dir: Path) -> None:
    _race(plan_dir, 4)


@pytest.mark.slow
def test_many_racing_edits_all_land(plan_dir: Path) -> None:
    _race(plan_dir, 16)


def test_a_held_lock_makes_an_edit_wait_then_say_so(plan_dir: Path) -> None:
    with plan_lock(plan_dir):
        done = subprocess.run(
            [sys.executable, "-m", "commit_cli", "done", "ppc1-seminar", "--plan", str(plan_dir)],
            capture_output=True,
            text=True,
            env=_env(COMMIT_LOCK_TIMEOUT="0.3"),
            check=False,
        )
    assert done.returncode == 2
    assert "another commit command is changing the plan" in done.stderr
    assert "status: done" not in (plan_dir / "ppcs" / "ppc-01.yaml").read_text()


WRITER = """
import sys
from pathlib import Path
from commit_cli.atomic import write_atomically
path = Path(sys.argv[1])
versions = [Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes()]
print("ready", flush=True)
i = 0
while True:
    write_atomically(path, versions[i % 2])
    i += 1
"""


def test_a_killed_writer_leaves_a_whole_file(tmp_path: Path) -> None:
    old = b"id: ppc-1\n" + b"# padding line to make the file larger than one block\n" * 400
    new = old.replace(b"padding", b"PADDING") + b"extra: true\n"
    target = tmp_path / "ppc-01.yaml"
    target.write_bytes(old)
    target.chmod(0o640)
    (tmp_path / "a").write_bytes(old)
    (tmp_path / "b").write_bytes(new)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(11)
    for _ in range(8):
        writer = subprocess.Popen(
            [sys.executable, str(script), str(target), str(tmp_path / "a"), str(tmp_path / "b")],
            stdout=subprocess.PIPE,
            env=_env(),
        )
        assert writer.stdout is not None
        assert writer.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.05))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert target.read_bytes() in (old, new)
        assert target.stat().st_mode & 0o777 == 0o640
