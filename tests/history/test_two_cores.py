"""`in_two`: one part of the work in a forked child, the other here; the child's answer
back, or None whatever goes wrong in it, and never a child left behind."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from commit_cli.history import two_cores


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_both_answers() -> None:
    child, here = two_cores.in_two(lambda: (os.getpid(), [1, 2]), os.getpid)
    assert here == os.getpid()
    assert child is not None
    assert child[1] == [1, 2]
    assert child[0] != here  # answered by another process
    assert no_child_left()


def test_a_child_that_raises_or_dies_gives_no_answer() -> None:
    def raises() -> int:
        raise RuntimeError("no")

    def dies() -> int:
        os.kill(os.getpid(), signal.SIGKILL)
        return 1

    def exits() -> int:
        raise SystemExit(0)

    for child in (raises, dies, exits):
        assert two_cores.in_two(child, lambda: "mine") == (None, "mine")
    assert no_child_left()


def test_an_answer_too_large_for_the_pipe_comes_back_whole() -> None:
    big = b"x" * (4 * 1024 * 1024)
    assert two_cores.in_two(lambda: big, lambda: b"") == (big, b"")


def test_a_failure_here_is_raised_and_the_child_stopped() -> None:
    def fails() -> None:
        raise ValueError("here")

    with pytest.raises(ValueError, match="here"):
        two_cores.in_two(lambda: signal.pause(), fails)
    assert no_child_left()


def test_the_child_writes_nothing_to_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    print("before", end="")  # buffered in this process when the child is forked

    def child() -> int:
        return 1

    two_cores.in_two(child, lambda: None)
    print("", flush=True)
    assert capfd.readouterr().out == "before\n"


def test_no_child_when_none_can_be_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert two_cores.in_two(lambda: "theirs", lambda: "mine") == (None, "mine")


def test_a_child_is_made_only_when_a_core_is_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy machine the child only adds the fork and its answer's cost (measured: 8%
    more CPU, no sooner done): it is made only when fewer tasks are running than cores."""
    loadavg = tmp_path / "loadavg"
    loadavg.write_text("9.50 8.10 6.00 5/812 4242\n")
    assert two_cores.runnable(str(loadavg)) == 5
    monkeypatch.setattr(two_cores, "cores", lambda: 2)
    monkeypatch.setattr(two_cores, "runnable", lambda: 2)
    assert not two_cores.can_fork()
    monkeypatch.setattr(two_cores, "runnable", lambda: 1)
    assert two_cores.can_fork()


@pytest.mark.parametrize("text", ["", "0.1 0.2 0.3", "0.1 0.2 0.3 x/9 1", "\xff\xfe"])
def test_an_unreadable_count_of_running_tasks_is_this_process_alone(
    tmp_path: Path, text: str
) -> None:
    loadavg = tmp_path / "loadavg"
    loadavg.write_text(text, encoding="latin-1")
    assert two_cores.runnable(str(loadavg)) == 1
    assert two_cores.runnable(str(tmp_path / "missing")) == 1
