"""Hostile environments: one clear line and exit 2 (or a working run), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_helpers import assert_one_clear_line, run_commit

from commit_cli.cli import output


def test_a_full_stdout_is_one_line_and_exit_2(plan_dir: Path, tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        run = run_commit("status", "--as-of", "2006-01-01", cwd=tmp_path, stdout=full.fileno())
    assert_one_clear_line(run, 2, "commit: error: cannot write the output: No space left")
    assert len(run.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", [["status", "--as-of", "2006-01-01"], ["show", "ppc-1"]])
def test_a_latin_1_stdout_gets_replacement_characters(
    plan_dir: Path, tmp_path: Path, command: list[str]
) -> None:
    run = run_commit(*command, cwd=tmp_path, env={"PYTHONIOENCODING": "latin-1"})
    assert run.code == 0, run.output
    assert "Traceback" not in run.output


def test_a_plan_path_too_long_is_one_line(tmp_path: Path) -> None:
    run = run_commit("validate", "--plan", "x" * 5000, cwd=tmp_path)
    assert_one_clear_line(run, 2, "commit: error: cannot look for the plan in")


def test_a_parent_plan_folder_that_cannot_be_entered_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commit_cli.errors import EnvironmentFailure
    from commit_cli.plan.sources import find_plan_dir

    real_is_file = Path.is_file

    def is_file(self: Path) -> bool:
        if "locked" in str(self):
            raise PermissionError(13, "Permission denied")
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    start = tmp_path / "locked" / "work"
    start.mkdir(parents=True)
    with pytest.raises(EnvironmentFailure, match="no plan found"):
        find_plan_dir(start=start)


def test_no_home_and_no_cache_setting_runs_without_a_cache(plan_dir: Path, tmp_path: Path) -> None:
    env = {"HOME": "", "COMMIT_CACHE_DIR": "", "XDG_CACHE_HOME": ""}
    environment = {k: v for k, v in os.environ.items() if k not in env}
    code = (
        "import os, pwd\n"
        "os.environ.pop('HOME', None)\n"
        "pwd.getpwuid = lambda uid: (_ for _ in ()).throw(KeyError(uid))\n"
        "from commit_cli.cli.app import run\n"
        "run()\n"
    )
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code, "validate"],
        cwd=tmp_path,
        env={**environment, "COMMIT_CACHE_DIR": "", "XDG_CACHE_HOME": ""},
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]  # no './~/.cache' made


def test_a_deleted_current_folder_is_one_line(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    code = (
        "import os, sys\n"
        f"os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})\n"
        "sys.argv = ['commit', 'status']\n"
        "from commit_cli.cli.app import run\n"
        "run()\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "commit: error: the current folder no longer exists; cd to the plan repository again"
    )


@pytest.mark.parametrize("cadence", [1, 3, 6, 12])
@pytest.mark.parametrize("as_of", ["2999-12-31", "1900-01-01"])
def test_as_of_at_the_edges_of_the_calendar(
    plan_dir: Path, tmp_path: Path, cadence: int, as_of: str
) -> None:
    header = plan_dir / "plan.yaml"
    header.write_text(
        header.read_text(encoding="utf-8").replace(
            "cadence_months: 6", f"cadence_months: {cadence}"
        ),
        encoding="utf-8",
    )
    from typer.testing import CliRunner

    from commit_cli.cli.app import app

    for command in (["status"], ["timeline"], ["list", "milestones"]):
        result = CliRunner().invoke(app, [*command, "--as-of", as_of])
        assert result.exit_code == 0, (command, result.output)


@pytest.mark.parametrize("columns", ["0", "1", "-5", "abc", ""])
def test_a_useless_columns_value_is_ignored(plan_dir: Path, tmp_path: Path, columns: str) -> None:
    run = run_commit("status", "--as-of", "2006-01-01", cwd=tmp_path, env={"COLUMNS": columns})
    unset = run_commit("status", "--as-of", "2006-01-01", cwd=tmp_path)
    assert run.code == 0
    assert run.stdout
    assert run.stdout == unset.stdout  # as wide as the data, as when COLUMNS is unset


@pytest.mark.parametrize(
    ("value", "forced"), [("1", True), ("yes", True), ("", False), ("0", False), ("false", False)]
)
def test_force_color_is_honoured_only_on_purpose(value: str, forced: bool) -> None:
    environ = output.rich_environment({"FORCE_COLOR": value, "TTY_COMPATIBLE": "1"})
    assert ("FORCE_COLOR" in environ) is forced
    assert "TTY_COMPATIBLE" not in environ


def test_no_color_wins_over_force_color(plan_dir: Path, tmp_path: Path) -> None:
    run = run_commit(
        "status", "--as-of", "2006-01-01", cwd=tmp_path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert run.code == 0
    assert "\x1b[" not in run.stdout


@pytest.mark.parametrize("args", [["--version"], ["--help"], [], ["validate", "--help"]])
def test_help_and_version_into_a_full_stdout_are_one_line(tmp_path: Path, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        run = run_commit(*args, cwd=tmp_path, stdout=full.fileno())
    assert_one_clear_line(run, 2, "commit: error: cannot write the output")


def test_a_closed_stdout_is_one_line(plan_dir: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "commit_cli", "validate"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=20,
        close_fds=True,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert done.stderr == "commit: error: cannot write the output: standard output is closed\n"


def test_a_deleted_current_folder_with_an_absolute_plan_still_works(
    plan_dir: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    gone = tmp_path / "gone"
    gone.mkdir()
    code = (
        "import os, sys\n"
        f"os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})\n"
        f"sys.argv = ['commit', 'validate', '--plan', {str(plan_dir)!r}]\n"
        "from commit_cli.cli.app import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("columns", ["²³", "1e3", "99999999999"])
def test_columns_that_are_not_plain_numbers_are_ignored(
    plan_dir: Path, tmp_path: Path, columns: str
) -> None:
    run = run_commit("status", "--as-of", "2006-01-01", cwd=tmp_path, env={"COLUMNS": columns})
    assert run.code == 0
    assert "Traceback" not in run.output
