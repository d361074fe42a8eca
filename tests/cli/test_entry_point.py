"""The console entry point as a real process (`commit`, `python -m commit_cli`): it leaves
through os._exit once its output is flushed, so its exit codes and output must be exactly
those of the command run in-process, files it wrote whole, and a closed pipe still one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PPC_1, REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app

BUNDLED = str(REPO / "plan")
# Reports each os._exit on stderr before making it, so a test can see the fast exit taken.
MARKED = (
    "import os, sys\n"
    "real_exit = os._exit\n"
    "def marked_exit(code):\n"
    "    sys.stderr.write(f'os._exit({code})\\n')\n"
    "    sys.stderr.flush()\n"
    "    real_exit(code)\n"
    "os._exit = marked_exit\n"
)


def environment() -> dict[str, str]:
    """This environment, with a buffered stdout as users have (PYTHONUNBUFFERED makes a
    write into a closed pipe lose its rest silently) and output as when piped."""
    kept = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "FORCE_COLOR")}
    return kept | {"NO_COLOR": "1", "COLUMNS": "120"}


def entry_point(how: str) -> list[str]:
    if how == "script":
        script = Path(sys.executable).parent / "commit"
        if not script.exists():
            pytest.skip("the commit script is not installed")
        return [str(script)]
    return [sys.executable, "-m", "commit_cli"]


def run(*args: str, how: str = "module", prelude: str = "") -> subprocess.CompletedProcess[bytes]:
    if prelude:
        start = (
            f"sys.argv = ['commit', *{list(args)!r}]\nfrom commit_cli.cli.app import run\nrun()\n"
        )
        code = prelude + start
        argv = [sys.executable, "-c", code]
    else:
        argv = [*entry_point(how), *args]
    return subprocess.run(argv, capture_output=True, env=environment(), timeout=60, check=False)


def in_process(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "120"})
    return result.stdout


@pytest.mark.parametrize("how", ["script", "module"])
def test_a_large_output_piped_whole_is_the_in_process_output(how: str) -> None:
    done = run("export", "--format", "json", "--plan", BUNDLED, how=how)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 200_000  # more than a pipe holds
    assert done.stdout.decode("utf-8") == in_process(
        "export", "--format", "json", "--plan", BUNDLED
    )
    assert done.stderr == b""


@pytest.mark.parametrize("how", ["script", "module"])
def test_success_exits_0_through_os_exit_with_all_its_output(how: str) -> None:
    args = ("status", "--as-of", "2006-06-30", "--plan", BUNDLED)
    done = run(*args, how=how)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == in_process(*args)
    marked = run(*args, prelude=MARKED)
    assert (marked.returncode, marked.stdout) == (0, done.stdout)
    assert marked.stderr == b"os._exit(0)\n"


def test_a_plan_with_errors_exits_1_with_every_problem(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    lead: uniap", "    status: finished"), encoding="utf-8"
    )
    done = run("validate", prelude=MARKED)
    assert done.returncode == 1
    assert done.stdout.decode("utf-8") == in_process("validate")
    assert b"unknown status 'finished'" in done.stdout
    assert done.stderr.endswith(b"os._exit(1)\n")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["status", "--bogus"], "No such option: --bogus"),
        (["stauts"], "did you mean 'status'"),
        (["status", "--as-of", "someday"], "--as-of"),
        ([], "Usage: commit"),
    ],
)
def test_a_malformed_command_line_exits_2(args: list[str], says: str) -> None:
    done = run(*args, prelude=MARKED)
    assert done.returncode == 2
    assert says in (done.stdout + done.stderr).decode("utf-8")
    assert done.stderr.endswith(b"os._exit(2)\n")


def test_an_interrupted_command_exits_130() -> None:
    interrupt = (
        "import commit_cli.query.status as status\n"
        "def interrupted(*args, **kwargs):\n"
        "    raise KeyboardInterrupt\n"
        "status.plan_status = interrupted\n"
    )
    done = run("status", "--plan", BUNDLED, prelude=MARKED + interrupt)
    assert done.returncode == 130
    assert done.stderr.endswith(b"os._exit(130)\n")


def test_output_into_a_pipe_closed_after_one_line_is_one_error_line_and_exit_2() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "commit_cli", "export", "--format", "json", "--plan", BUNDLED],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.readline() == b"{\n"
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 2
    assert stderr == b"commit: error: cannot write the output: Broken pipe\n"


def test_files_written_are_whole_when_the_process_ends(tmp_path: Path) -> None:
    whole = in_process("export", "--format", "json", "--plan", BUNDLED)
    done = run("export", "--format", "json", "--plan", BUNDLED, "-o", str(tmp_path / "plan.json"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "plan.json").read_text(encoding="utf-8") == whole
    tables = tmp_path / "tables"
    done = run("export", "--format", "csv", "--plan", BUNDLED, "-o", str(tables), prelude=MARKED)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(b"wrote ") == 3
    assert done.stderr.endswith(b"os._exit(0)\n")
    assert sorted(p.name for p in tables.iterdir()) == [
        "indicator_values.csv",
        "indicators.csv",
        "milestones.csv",
    ]
    assert all(p.read_bytes().endswith(b"\n") for p in tables.iterdir())
    assert not [p for p in tmp_path.rglob(".commit-*")]  # no temporary file left


def test_exit_handlers_run_before_the_exit() -> None:
    handler = "import atexit\natexit.register(lambda: sys.stderr.write('handler ran\\n'))\n"
    done = run("status", "--bogus", prelude=MARKED + handler)
    assert done.returncode == 2
    assert done.stderr.endswith(b"handler ran\nos._exit(2)\n")


def test_under_a_profiler_the_exit_is_the_ordinary_one() -> None:
    profiled = "import cProfile\ncProfile.Profile().enable()\n"
    done = run("status", "--as-of", "2006-06-30", "--plan", BUNDLED, prelude=MARKED + profiled)
    assert done.returncode == 0
    assert b"os._exit" not in done.stderr
