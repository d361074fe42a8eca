"""The one place that writes to stdout and stderr.

Everything shown passes through `safetext`: plan text can never drive the terminal or forge a
line of output. Colour only on a terminal and never when NO_COLOR is set; FORCE_COLOR=1
forces it (for CI logs), but an empty or "0" FORCE_COLOR does not. Piped output is plain
text, as wide as its data unless COLUMNS says otherwise (nothing is cut for want of room; a
COLUMNS below 40 or not a number is ignored), without the trailing spaces that pad table
cells, so it diffs well. A write that fails (a full disk, a closed pipe) is an
EnvironmentFailure, so it ends as one line and exit 2.
"""

from __future__ import annotations

import codecs
import functools
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from itertools import islice
from typing import TYPE_CHECKING, Any, TextIO

from commit_cli.errors import EnvironmentFailure
from commit_cli.safetext import flat, json_safe, one_line, visible

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# Piped output with no COLUMNS: as wide as the data (a table's lines are as long as its
# longest cells, text is not wrapped).
PIPED_WIDTH = 100_000
MIN_WIDTH = 40
_NOT_ON_PURPOSE = {"", "0", "false", "no", "off"}


@contextmanager
def _writing() -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write the output: {exc.strerror or exc}") from None


def _write(stream: TextIO, text: str) -> None:
    with _writing():
        stream.write(text)


def stdout_is_closed() -> bool:
    return sys.stdout is None


def write(text: str) -> None:
    """Text to stdout, as it is (JSON, whose strings are escaped already)."""
    _write(sys.stdout, text)


def write_utf8(data: bytes) -> None:
    """UTF-8 text to stdout, as it is: straight to the byte stream when stdout is UTF-8 (no
    decoding and encoding again of a large export), else as text, like `write`."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None or codecs.lookup(stream.encoding or "ascii").name != "utf-8":
        write(data.decode("utf-8"))
        return
    with _writing():
        stream.flush()
        buffer.write(data)
        buffer.flush()


def line(text: str) -> None:
    """One line to stdout, made safe."""
    _write(sys.stdout, visible(text) + "\n")


def error_line(text: str) -> None:
    """One line to stderr, with anything that could break it onto two escaped. If stderr
    itself cannot be written, there is nowhere left to say so."""
    if sys.stderr is None:
        return
    with suppress(OSError):
        sys.stderr.write(one_line(text, limit=10_000) + "\n")


def error(message: str) -> None:
    """A user error, as `commit: error: message` on stderr."""
    error_line(f"commit: error: {message}")


LINES_PER_WRITE = 1024


def write_lines(lines: Iterable[str]) -> None:
    """Lines of plain text (`cli/plain.py`) to stdout, each made one safe line (a line break
    or control character in one is shown escaped), LINES_PER_WRITE at a time: written as
    they are made, never held whole as one string."""
    found = iter(lines)
    while chunk := list(islice(found, LINES_PER_WRITE)):
        if not "".join(chunk).isprintable():  # most chunks: every line safe as it is
            chunk = list(map(flat, chunk))
        chunk.append("")
        _write(sys.stdout, "\n".join(chunk))


JSON_PIECES = 1 << 16  # the encoder's pieces of JSON written at a time


def print_json(document: Any) -> None:
    """`document` as `export.json_document.json_text` writes it, written as it is encoded,
    JSON_PIECES of the encoder's pieces at a time: a document of 100,000 milestones is never
    held whole as one string (nor as the encoder's million pieces)."""
    from commit_cli.export.json_document import json_chunks

    chunks = json_chunks(document)
    while pieces := list(islice(chunks, JSON_PIECES)):
        write(json_safe("".join(pieces)))
    write("\n")


def terminal_width() -> int | None:
    """COLUMNS when it is a usable number, else None."""
    columns = os.environ.get("COLUMNS", "")
    usable = columns.isascii() and columns.isdigit() and MIN_WIDTH <= int(columns) <= 10_000
    return int(columns) if usable else None


def rich_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment rich sees: FORCE_COLOR only when it means it, no TTY_COMPATIBLE, and
    COLUMNS only when usable."""
    kept = {
        k: v for k, v in environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS")
    }
    force = environ.get("FORCE_COLOR")
    if force is not None and force.strip().lower() not in _NOT_ON_PURPOSE:
        kept["FORCE_COLOR"] = "1"
    width = terminal_width()
    if width is not None:
        kept["COLUMNS"] = str(width)
    return kept


@functools.cache
def _safe_console_class() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A console that shows unsafe characters in plan text as escapes. The check sits
        where rich turns segments into the text it writes, so no view can forget it."""

        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                segment if segment.control else Segment(visible(segment.text), segment.style)
                for segment in buffer
            )

    return SafeConsole


def make_console(stderr: bool = False) -> Console:
    """A console that colours only on a terminal, never when NO_COLOR is set, and is as
    wide as the data when piped (unless COLUMNS says otherwise)."""
    environ = rich_environment(os.environ)
    no_color = environ.get("NO_COLOR", "") != ""
    console = _safe_console_class()(
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        color_system=None if no_color else "auto",
        no_color=no_color or None,
        force_terminal=False if no_color else None,
        _environ=environ,
    )
    if not console.is_terminal and terminal_width() is None:
        console.width = PIPED_WIDTH
    return console


def emit(console: Console, renderable: RenderableType) -> None:
    """Print, never cropping a line that is longer than the console is wide (the terminal
    wraps it: ids and dates are never cut); when not on a terminal, without the trailing
    spaces that pad table cells."""
    with _writing():
        if console.is_terminal:
            console.print(renderable, crop=False)
            return
        with console.capture() as captured:
            console.print(renderable, crop=False)
        lines = captured.get().split("\n")
        console.file.write("\n".join(text.rstrip(" ") for text in lines))
        console.file.flush()


def use_replacement_for_unencodable_text() -> None:
    """On a stream whose encoding is not UTF-8 (PYTHONIOENCODING=latin-1, an old console),
    write what it cannot encode as '?' instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def flush_or_fail() -> int:
    """Flush stdout at the end of a command: 0, or 2 after one line on stderr when the
    output could not be written (and stdout is then closed quietly)."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        error(f"cannot write the output: {exc.strerror or exc}")
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 2
    return 0


def flushed() -> bool:
    """Flush stdout and stderr at the very end: True when both took everything written."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # ValueError: the stream was closed
            return False
    return True


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
