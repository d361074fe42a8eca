"""The watchdog stops a render that runs past its time, and nothing else: a late signal never
escapes into the caller's code, and the timer and its handler are always taken down."""

from __future__ import annotations

import signal
import sys
import time

import pytest

from commit_cli.reports.limits import TemplateTimeout
from commit_cli.reports.sandbox import ReportSandbox
from commit_cli.reports.watchdog import before_deadline, running

BEFORE = signal.getsignal(signal.SIGALRM)  # SIG_DFL, or SIG_IGN inherited


def _quiet() -> None:
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == BEFORE


def test_work_within_its_time_returns_its_value_and_leaves_nothing_behind() -> None:
    env = ReportSandbox()
    assert before_deadline(env, 5.0, lambda: 42) == 42
    assert env.deadline is None
    assert not env.timed_out
    _quiet()


def test_a_loop_that_calls_nothing_is_stopped_every_time_and_the_timer_is_taken_down() -> None:
    env = ReportSandbox()

    def forever() -> None:
        while True:
            pass

    for _ in range(5):
        started = time.monotonic()
        with pytest.raises(TemplateTimeout):
            before_deadline(env, 0.1, forever)
        assert time.monotonic() - started < 5
        assert env.timed_out
        env.timed_out = False
        _quiet()
    time.sleep(0.3)  # a repeat of the timer, had it been left running, would raise here


def test_the_handler_raises_inside_the_work_only() -> None:
    """A signal handled after the work has returned (while Jinja handles the first
    interruption, or while the timer is being taken down) must raise nothing: raised there,
    it would escape the caller's `except` and leave the timer running."""
    env = ReportSandbox()
    outside = sys._getframe()
    seen: list[str] = []

    def work() -> None:
        handler = signal.getsignal(signal.SIGALRM)
        assert callable(handler)
        handler(signal.SIGALRM, outside)  # the caller's frame: nothing happens
        seen.append("outside: nothing")
        with pytest.raises(TemplateTimeout):
            handler(signal.SIGALRM, sys._getframe())
        seen.append("inside: stopped")

    before_deadline(env, 60.0, work)
    assert seen == ["outside: nothing", "inside: stopped"]
    _quiet()


def test_running_knows_its_own_work_from_another() -> None:
    def theirs() -> None:
        pass

    def mine() -> tuple[bool, bool]:
        here = sys._getframe()
        return running(here, mine), running(here, theirs)

    assert before_deadline(ReportSandbox(), 60.0, mine) == (True, False)
    assert not running(sys._getframe(), mine)
    assert not running(None, mine)
