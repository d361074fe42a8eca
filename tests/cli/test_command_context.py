"""The context of a command run: the day (--as-of, else the revision's date, else today,
read once and only when needed), the cache, and the collector off while a command runs."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli import command_context
from commit_cli.cli.app import app
from commit_cli.cli.command_context import CommandContext, GlobalOptions, current
from commit_cli.plan.cache import ResultCache

runner = CliRunner()
FAKE_TODAY = date(2006, 3, 1)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[tuple[CommandContext, bool]]:
    """Each reading of the system date: the context of the run that read it, and whether
    the collector was on at that moment. The date read is FAKE_TODAY."""
    readings: list[tuple[CommandContext, bool]] = []

    def system_date() -> date:
        readings.append((current(), gc.isenabled()))
        return FAKE_TODAY

    monkeypatch.setattr(command_context, "system_date", system_date)
    return readings


def counting_clock(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    readings: list[date] = []

    def system_date() -> date:
        readings.append(FAKE_TODAY)
        return FAKE_TODAY

    monkeypatch.setattr(command_context, "system_date", system_date)
    return readings


def test_the_day_is_as_of_else_the_revision_date_else_today(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    readings = counting_clock(monkeypatch)
    run = CommandContext()
    assert run.day(date(2006, 6, 30), date(2006, 1, 15)) == date(2006, 6, 30)
    assert run.day(None, date(2006, 1, 15)) == date(2006, 1, 15)
    assert readings == []  # not read while nothing needs it
    assert run.day(None) == FAKE_TODAY
    assert run.today() == FAKE_TODAY
    assert readings == [FAKE_TODAY]  # once per run, however often it is asked


def test_each_run_reads_the_clock_once_at_most_in_a_fresh_context(
    plan_dir: Path, clock: list[tuple[CommandContext, bool]]
) -> None:
    status = runner.invoke(app, ["status", "--json"])
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["as_of"] == FAKE_TODAY.isoformat()
    assert len(clock) == 1
    assert runner.invoke(app, ["status", "--as-of", "2006-06-30"]).exit_code == 0
    assert len(clock) == 1  # --as-of given: today is never read
    assert runner.invoke(app, ["validate"]).exit_code == 0
    assert len(clock) == 2
    assert clock[0][0] is not clock[1][0]
    with pytest.raises(LookupError):
        current()  # no run outside a command


def test_an_edit_is_dated_with_the_one_today(
    plan_dir: Path, clock: list[tuple[CommandContext, bool]]
) -> None:
    result = runner.invoke(app, ["note", "ppc1-seminar", "Venue booked.", "--by", "Sok"])
    assert result.exit_code == 0, result.output
    written = (plan_dir / "ppcs" / "ppc-01.yaml").read_text(encoding="utf-8")
    assert f"date: {FAKE_TODAY.isoformat()}" in written
    assert len(clock) == 1


def test_the_collector_is_off_while_a_command_runs_and_as_it_was_after(
    plan_dir: Path, clock: list[tuple[CommandContext, bool]]
) -> None:
    was_enabled = gc.isenabled()
    try:
        gc.enable()
        assert runner.invoke(app, ["validate"]).exit_code == 0
        assert gc.isenabled()
        gc.disable()
        assert runner.invoke(app, ["validate"]).exit_code == 0
        assert not gc.isenabled()
        gc.enable()
        assert runner.invoke(app, ["validate", "--plan", "missing"]).exit_code == 2
        assert gc.isenabled()  # restored when a command fails too
    finally:
        (gc.enable if was_enabled else gc.disable)()
    assert [on for _, on in clock] == [False, False]


def test_the_console_entry_point_keeps_the_collector_off_to_its_exit() -> None:
    prelude = (
        "import gc, os, sys\n"
        "real_exit = os._exit\n"
        "def reported_exit(code):\n"
        "    sys.stderr.write(f'collector on at exit: {gc.isenabled()}\\n')\n"
        "    sys.stderr.flush()\n"
        "    real_exit(code)\n"
        "os._exit = reported_exit\n"
        "sys.argv = ['commit', 'status', '--as-of', '2006-06-30']\n"
        "from commit_cli.cli.app import run\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", prelude],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
    )
    assert done.returncode == 0, done.stderr
    assert "collector on at exit: False" in done.stderr


@pytest.mark.parametrize(
    ("options", "environment", "cached"),
    [
        (GlobalOptions(), {}, True),
        (GlobalOptions(use_cache=False), {}, False),  # --no-cache
        (GlobalOptions(), {"COMMIT_NO_CACHE": "1"}, False),
    ],
)
def test_the_cache_unless_it_is_turned_off(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: GlobalOptions,
    environment: dict[str, str],
    cached: bool,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    run = CommandContext(options)
    found = run.cache(tmp_path / "plan")
    assert isinstance(found, ResultCache) is cached
    assert run.cache(tmp_path / "plan") is found  # one per plan folder for the whole run


def test_no_cache_before_or_after_the_command_reaches_the_context(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[ResultCache | None] = []
    real_cache = CommandContext.cache

    def cache(self: CommandContext, plan_dir: Path | None = None) -> ResultCache | None:
        seen.append(real_cache(self, plan_dir))
        return seen[-1]

    monkeypatch.setattr(CommandContext, "cache", cache)
    for args in (["--no-cache", "validate"], ["validate", "--no-cache"], ["validate"]):
        assert runner.invoke(app, args).exit_code == 0
    assert [found is None for found in seen] == [True, True, False]
