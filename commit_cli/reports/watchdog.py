"""The watchdog: a render stops once its time has passed (see `sandbox`)."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from commit_cli.reports.limits import TemplateTimeout
from commit_cli.reports.sandbox import ReportSandbox


@contextmanager
def deadline(env: ReportSandbox, seconds: float) -> Iterator[None]:
    """Stop what runs inside (raising TemplateTimeout) once `seconds` have passed. In the
    main thread an interval timer interrupts even a loop that calls nothing; elsewhere the
    sandbox checks the time whenever the template makes or prints something."""
    env.deadline = time.monotonic() + seconds
    use_signal = threading.current_thread() is threading.main_thread() and hasattr(
        signal, "setitimer"
    )
    if not use_signal:
        try:
            yield
        finally:
            env.deadline = None
        return
    active = True

    def stop(signum: int, frame: Any) -> None:
        if active:
            env.timed_out = True
            raise TemplateTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)  # and again, should it be caught
    try:
        yield
    finally:
        active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        env.deadline = None
