"""The one table from what went wrong to the exit code a command ends with.

    0  the command did what it was asked (validate: the plan is valid; warnings allowed
       unless --strict)
    1  the plan has problems, or an id or filter value names nothing in the plan, or a
       report template is broken
    2  the command line is malformed (typer's own usage errors too), or the environment
       fails: no plan folder, an unreadable file or folder, an output that cannot be written

Library code raises the kinds in `commit_cli.errors`; `handle_errors` shows each as one line
on stderr and exits with its code. Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import functools
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
