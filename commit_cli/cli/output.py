"""The one place that writes to stdout and stderr.

Colour only on a terminal and never when NO_COLOR is set; piped output is plain text,
100 columns wide unless COLUMNS says otherwise, without the trailing spaces that pad table
cells, so it diffs well.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

PIPED_WIDTH = 100


def write(text: str) -> None:
    """Text to stdout, as it is."""
    sys.stdout.write(text)


def line(text: str) -> None:
    """One line to stdout."""
    sys.stdout.write(text + "\n")


def error_line(text: str) -> None:
    """One line to stderr."""
    sys.stderr.write(text + "\n")


def error(message: str) -> None:
    """A user error, as `commit: error: message` on stderr."""
    error_line(f"commit: error: {message}")


def print_json(document: Any) -> None:
    from commit_cli.export.json_document import json_text

    write(json_text(document))


def make_console(stderr: bool = False) -> Console:
    """A console that colours only on a terminal, never when NO_COLOR is set, and is
    100 columns wide when piped (unless COLUMNS says otherwise)."""
    from rich.console import Console

    no_color = os.environ.get("NO_COLOR", "") != ""
    console = Console(
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        color_system=None if no_color else "auto",
        no_color=no_color or None,
    )
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console.width = PIPED_WIDTH
    return console


def emit(console: Console, renderable: RenderableType) -> None:
    """Print; when not on a terminal, without the trailing spaces that pad table cells."""
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    lines = captured.get().split("\n")
    console.file.write("\n".join(text.rstrip(" ") for text in lines))
    console.file.flush()


PROGRESS_AFTER_S = 1.0


@contextmanager
def progress(description: str) -> Iterator[Callable[[int, int], None]]:
    """A callback `(done, total)` that shows a progress bar on stderr once the work has
    taken more than a second, and only when stderr is a terminal; the bar is gone when the
    work ends."""
    from rich.progress import Progress, TaskID

    started = time.monotonic()
    shown: list[tuple[Progress, TaskID]] = []

    def update(done: int, total: int) -> None:
        if not shown:
            if not sys.stderr.isatty() or time.monotonic() - started < PROGRESS_AFTER_S:
                return
            bar = Progress(console=make_console(stderr=True), transient=True)
            bar.start()
            shown.append((bar, bar.add_task(description, total=total)))
        bar, task = shown[0]
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        for bar, _ in shown:
            bar.stop()
