"""The errors library code raises when a command cannot do what it was asked.

Each kind says *why*, not what exit code it deserves: `commit_cli.cli.exits` maps kinds to
exit codes in one table. A problem *inside* the plan's files is not an error but a
`Problem` (see `problems`), reported with its place and never raised.
"""

from __future__ import annotations


class CommitError(Exception):
    """An error the user can fix, shown as one line with no traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(CommitError):
    """An id or a filter value names nothing in the plan (an unknown PPC, area, country or
    id); the message names the closest ones."""


class InvalidPlan(CommitError):
    """The plan has errors, so a command that needs a valid plan cannot run."""

    def __init__(self, message: str, error_count: int) -> None:
        super().__init__(message)
        self.error_count = error_count


class UsageError(CommitError):
    """The command line is malformed: an unreadable date, an unknown sort key, status or
    granularity, or options that do not go together."""


class EnvironmentFailure(CommitError):
    """The environment fails the command: no plan folder, an unreadable file or folder, an
    output file that cannot be written."""


class BrokenTemplate(CommitError):
    """A report template that cannot be compiled or rendered; the message starts with the
    template's file and line (`templates/summary.md.j2:12: …`)."""
