"""The watchdog: a render stops once its time has passed (see `sandbox`).

In the main thread an interval timer interrupts even a loop that calls nothing, and fires
again every REPEAT_SECONDS should the first be caught. Its signal may arrive at any
bytecode, so the handler raises only while the guarded work is running, that is while
`_guarded`'s frame for that work is on the interrupted stack (a repeat that arrives while
the first interruption unwinds through the work is still a timeout). One that arrives a
moment too late (while the first unwinds through the caller, while the timer is being taken
down, or after) is ignored: it can never escape into the caller's code, leave the timer
running or the handler installed. Elsewhere the sandbox checks the time whenever the
template makes or prints something.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

from commit_cli.reports.limits import TemplateTimeout
from commit_cli.reports.sandbox import ReportSandbox

T = TypeVar("T")

REPEAT_SECONDS = 0.1  # the timer fires again at this interval, should the first be caught


def before_deadline(env: ReportSandbox, seconds: float, work: Callable[[], T]) -> T:
    """`work()`, stopped by TemplateTimeout (and `env.timed_out` set) once `seconds` have
    passed."""
    env.deadline = time.monotonic() + seconds
    try:
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            return _timed(env, seconds, work)
        return work()
    finally:
        env.deadline = None


def _timed(env: ReportSandbox, seconds: float, work: Callable[[], T]) -> T:
    def stop(signum: int, frame: FrameType | None) -> None:
        if running(frame, work):
            env.timed_out = True
            raise TemplateTimeout

    previous = signal.getsignal(signal.SIGALRM)  # None: set from C, not restorable
    try:
        signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
        return _guarded(work)
    finally:  # `stop` raises nothing here: this frame is not `_guarded`'s
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


def _guarded(work: Callable[[], T]) -> T:
    """The one frame below which the watchdog interrupts `work`."""
    return work()


def running(frame: FrameType | None, work: Callable[..., object]) -> bool:
    """Whether `frame`, the interrupted one, runs inside `_guarded(work)`."""
    while frame is not None:
        if frame.f_code is _guarded.__code__ and frame.f_locals.get("work") is work:
            return True
        frame = frame.f_back
    return False
