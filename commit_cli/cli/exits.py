"""The one table from what went wrong to the exit code a command ends with.

    0  the command did what it was asked (validate: the plan is valid; warnings allowed
       unless --strict)
    1  the plan has problems, or an id or filter value names nothing in the plan, or a
       report template is broken
    2  the command line is malformed (typer's own usage errors too), or the environment
       fails: no plan folder, an unreadable file or folder, an output that cannot be written;
       or an editing command met a bug (see `handle_edit_errors`)

Library code raises the kinds in `commit_cli.errors`; `handle_errors` shows each as one line
on stderr and exits with its code. Any other exception is a bug and keeps its traceback,
except in the commands that edit the plan, which run on anyone's input: there it is one
line (`COMMIT_DEBUG=1` keeps the traceback).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import ParamSpec

import typer

from commit_cli.cli import output
from commit_cli.errors import (
    BrokenTemplate,
    CommitError,
    EnvironmentFailure,
    InvalidPlan,
    NotFound,
    UsageError,
)

OK = 0
PROBLEMS = 1
USAGE = 2

EXIT_CODES: dict[type[CommitError], int] = {
    InvalidPlan: PROBLEMS,
    NotFound: PROBLEMS,
    BrokenTemplate: PROBLEMS,
    UsageError: USAGE,
    EnvironmentFailure: USAGE,
}

P = ParamSpec("P")
DEBUG_ENV_VAR = "COMMIT_DEBUG"  # set to 1: a bug in an editing command keeps its traceback


def exit_code_for(error: CommitError) -> int:
    for kind in type(error).__mro__:
        if kind in EXIT_CODES:
            return EXIT_CODES[kind]
    return USAGE


def handle_errors(command: Callable[P, int]) -> Callable[P, None]:
    """Run a command that returns its exit code; show a CommitError as one line on stderr
    and exit with the code the table gives it."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            code = command(*args, **kwargs)
        except CommitError as exc:
            output.error(exc.message)
            code = exit_code_for(exc)
        if code:
            raise typer.Exit(code)

    return wrapper


def handle_edit_errors(command: Callable[P, int]) -> Callable[P, None]:
    """`handle_errors` for a command that edits the plan, where any other exception (a bug)
    also ends as one line on stderr and exit 2. The plan is then as it was: an edit replaces
    its file last, whole, in one rename. With COMMIT_DEBUG=1 the traceback is kept."""
    checked = handle_errors(command)

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            checked(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get(DEBUG_ENV_VAR, "") not in ("", "0"):
                raise
            output.error(
                f"internal error ({_described(exc)}); nothing was written. This is a bug in"
                f" commit: please report it with the command you ran ({DEBUG_ENV_VAR}=1 shows"
                " where it happened)"
            )
            raise typer.Exit(USAGE) from None

    return wrapper


def _described(exc: BaseException) -> str:
    try:
        detail = str(exc)
    except Exception:  # an exception whose own text fails
        detail = ""
    name = type(exc).__name__
    return f"{name}: {detail}" if detail else name
