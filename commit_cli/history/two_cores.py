"""Work done in two processes at once: one part in a forked child, the other here.

A cold `commit changes` spends most of its time parsing and validating the first commit's
files (≈ 100 PPC files of a 10,000-milestone plan), one file after another, on one core of
a machine that has two. The files' versions are independent of each other file's, so half of
them can be read by a child while this process reads the other half.

`in_two` forks (the child shares everything this process has read so far, at no cost),
runs one part in the child and the other here, and takes the child's answer back as a
pickle through a pipe that only the two processes hold. The child never writes to the
terminal and never runs the parent's exit handlers (it leaves by `os._exit`). Whatever goes
wrong in the child (an exception, a signal, an answer cut short), its part comes back as
None, and the caller does that part itself, as it would have without the child: the child
can make a run faster, never different.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a child would run beside this process now: fork exists and a core is free."""
    return hasattr(os, "fork") and cores() > 1 and runnable() < cores()


def runnable(loadavg: str = "/proc/loadavg") -> int:
    """How many tasks the kernel has running or ready to run at this moment, this process
    among them (the fourth field of /proc/loadavg, `running/total`; 1 where it cannot be
    read). A child pays for itself only on a core nothing else wants: on a busy machine it
    adds the cost of the fork and of sending its answer back, and finishes no sooner. The
    load average would say so a minute late (after a run of commands, one after another,
    it still counts them on an idle machine)."""
    try:
        with open(loadavg, "rb") as stream:
            return int(stream.read(256).split()[3].split(b"/")[0])
    except (OSError, IndexError, ValueError):
        return 1


def in_two(child: Callable[[], T], here: Callable[[], U]) -> tuple[T | None, U]:
    """`child()` run in a forked child while `here()` runs in this process: the child's
    answer (None when it gave none) and this one's. An exception of `here` is raised, once
    the child is stopped."""
    try:
        readable, writable = os.pipe()
    except OSError:  # no descriptors left: no child
        return None, here()
    try:
        pid = os.fork()
    except OSError:  # no process left to this user, or no memory: no child
        os.close(readable)
        os.close(writable)
        return None, here()
    if pid == 0:  # pragma: no cover - the child: coverage does not follow a fork
        _run_child(child, readable, writable)
    os.close(writable)
    reaped = False
    try:
        mine = here()
        with os.fdopen(readable, "rb") as stream:
            readable = -1
            data = stream.read()
        _, status = os.waitpid(pid, 0)
        reaped = True
    finally:
        if readable >= 0:
            os.close(readable)
        if not reaped:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    if status != 0 or not data:
        return None, mine
    try:
        found: T = pickle.loads(data)  # our own child's answer, through our pipe
    except Exception:  # an answer cut short: the caller does the part itself
        return None, mine
    return found, mine


def _run_child(
    work: Callable[[], object], readable: int, writable: int
) -> None:  # pragma: no cover
    """In the child: do `work`, write its answer to the pipe, and leave without running
    anything of the parent's (exit handlers, buffered output)."""
    status = 1
    try:
        os.close(readable)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child, silently
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writable, "wb") as stream:
            stream.write(data)
        status = 0
    except BaseException:  # whatever it was, the parent does the part itself
        status = 1
    finally:
        os._exit(status)
