"""The typer application: global options and the commands, each from its own module.

Global options work before or after the command name (`commit --no-cache status` and
`commit status --no-cache`; `commit --plan DIR show ppc-1` and `commit show ppc-1 --plan
DIR`), and a mistyped command name gets the closest ones (`commit st` → status).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from commit_cli import __version__
from commit_cli.cli import output
from commit_cli.cli.commands.add import add_app
from commit_cli.cli.commands.cancel import cancel
from commit_cli.cli.commands.changes import changes
from commit_cli.cli.commands.demo import demo
from commit_cli.cli.commands.diff import diff
from commit_cli.cli.commands.done import done
from commit_cli.cli.commands.export import export
from commit_cli.cli.commands.fmt import fmt
from commit_cli.cli.commands.init import init
from commit_cli.cli.commands.listing import list_
from commit_cli.cli.commands.log import log
from commit_cli.cli.commands.note import note
from commit_cli.cli.commands.postpone import postpone
from commit_cli.cli.commands.record import record
from commit_cli.cli.commands.report import report_app
from commit_cli.cli.commands.schema import schema
from commit_cli.cli.commands.set_field import set_field
from commit_cli.cli.commands.show import show
from commit_cli.cli.commands.start import start
from commit_cli.cli.commands.status import status
from commit_cli.cli.commands.templates import templates_app
from commit_cli.cli.commands.timeline import timeline
from commit_cli.cli.commands.update import update
from commit_cli.cli.commands.validate import validate
from commit_cli.cli.exits import exit_code_for
from commit_cli.cli.loading import global_options
from commit_cli.errors import CommitError

GLOBAL_FLAGS = ("--no-cache",)  # the root's own: moved before the command name
COMMAND_OPTIONS = ("--plan",)  # each command's own (with a value): moved after it


def place_global_options(args: Sequence[str]) -> list[str]:
    """`args` with the global options where the parser expects them: root flags given
    after the command name moved before it, and `--plan DIR` given before the command name
    moved after the command's own arguments. Nothing after `--` moves."""
    args = list(args)
    before: list[str] = []
    moved: list[str] = []
    i = 0
    while i < len(args) and args[i] != "--":
        arg = args[i]
        if arg in COMMAND_OPTIONS and i + 1 < len(args):
            moved += args[i : i + 2]
            i += 2
        elif arg.split("=", 1)[0] in COMMAND_OPTIONS:
            moved.append(arg)
            i += 1
        elif arg.startswith("-"):
            before.append(arg)
            i += 1
        else:
            break  # the command name
    rest = args[i:]
    end = rest.index("--") if "--" in rest else len(rest)
    flags = [arg for arg in rest[:end] if arg in GLOBAL_FLAGS]
    rest = [arg for arg in rest[:end] if arg not in GLOBAL_FLAGS] + moved + rest[end:]
    return [*before, *flags, *rest]


# The commands people run most, first among those a mistyped name could start
# (`commit st` is `status` before `start` or `set`).
READ_FIRST = ("status", "show", "list", "validate", "timeline", "changes", "diff", "log")


class CommitGroup(TyperGroup):
    """The root command: global options anywhere, and "did you mean" for command names."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, place_global_options(args))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from commit_cli.core.hints import closest, one_of

            started = sorted(
                (command for command in self.commands if command.startswith(name)),
                key=lambda command: READ_FIRST.index(command) if command in READ_FIRST else 99,
            )
            close = started[:3] or closest(name, list(self.commands), n=3, cutoff=0.5)
            hint = f"; did you mean {one_of(close)}?" if close else ""
            ctx.fail(f"No such command '{name}'{hint} (`commit --help` lists them)")
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="commit",
    cls=CommitGroup,
    help="Track a multi-government action plan kept as YAML files in git.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        output.line(f"commit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Neither read nor write the cache of validated files (also COMMIT_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Track a multi-government action plan kept as YAML files in git."""
    global_options.use_cache = not no_cache


app.command()(validate)
app.command()(export)
app.command()(status)
app.command()(show)
app.command("list")(list_)
app.command()(timeline)
app.command()(start)
app.command()(done)
app.command()(postpone)
app.command()(cancel)
app.command()(record)
app.command()(update)
app.command()(note)
app.command("set")(set_field)
app.add_typer(add_app, name="add")
app.command()(fmt)
app.command()(changes)
app.command()(diff)
app.command()(log)
app.add_typer(report_app, name="report")
app.add_typer(templates_app, name="templates")
app.command()(demo)
app.command()(schema)
app.command()(init)


def run() -> None:
    # Our models use no pydantic plugins; looking them up costs ~10 ms of start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if output.stdout_is_closed():  # started as `commit status >&-`
        output.error("cannot write the output: standard output is closed")
        sys.exit(2)
    output.use_replacement_for_unencodable_text()
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except OSError as exc:  # help or usage text that could not be written
        output.error(f"cannot write the output: {exc.strerror or exc}")
        code = 2
    except CommitError as exc:  # raised outside a command (--version)
        output.error(exc.message)
        code = exit_code_for(exc)
    sys.exit(code or output.flush_or_fail())
