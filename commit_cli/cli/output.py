"""The one place that writes to stdout and stderr.

Colour only on a terminal and never when NO_COLOR is set; piped output is plain text, as wide
as its data unless COLUMNS says otherwise (nothing is cut for want of room), without the
trailing spaces that pad table cells, so it diffs well.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# Piped output with no COLUMNS: as wide as the data (a table's lines are as long as its
# longest cells, text is not wrapped).
PIPED_WIDTH = 100_000


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
    """A console that colours only on a terminal, never when NO_COLOR is set, and is as
    wide as the data when piped (unless COLUMNS says otherwise)."""
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
    """Print, never cropping a line that is longer than the console is wide (the terminal
    wraps it: ids and dates are never cut); when not on a terminal, without the trailing
    spaces that pad table cells."""
    if console.is_terminal:
        console.print(renderable, crop=False)
        return
    with console.capture() as captured:
        console.print(renderable, crop=False)
    lines = captured.get().split("\n")
    console.file.write("\n".join(text.rstrip(" ") for text in lines))
    console.file.flush()
