"""The typer application: global options and the commands, each from its own module,
imported and built only when it is run (`registry` has the table of them).

Each run gets a fresh context (`command_context`: the day, the cache, the global options,
the collector off while it runs), however it is entered: `run()` from the console, or
`app()` as a test's CliRunner calls it.

Global options work before or after the command name (`commit --no-cache status` and
`commit status --no-cache`; `commit --plan DIR show ppc-1` and `commit show ppc-1 --plan
DIR`), and a mistyped command name gets the closest ones (`commit st` → status).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from commit_cli import __version__
from commit_cli.cli import output
from commit_cli.cli.command_context import (
    GlobalOptions,
    collector_off_until_exit,
    command_run,
    current,
)
from commit_cli.cli.exits import exit_code_for
from commit_cli.cli.registry import COMMANDS, build
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
    """The root command: global options anywhere, "did you mean" for command names, and
    each command built only when it is run (see `registry`): its module is imported then,
    and the root's own help lists the commands from the table, in plain text, without rich."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """One run of `commit` (both `run()` and CliRunner come through here), in its own
        context."""
        with command_run():
            return super().main(*args, **kwargs)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = build(cmd_name)
        return self.commands[cmd_name]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:  # `commit` alone: the help, and exit 2
            output.write(ctx.get_help() + "\n")
            raise typer.Exit(2)
        return super().parse_args(ctx, place_global_options(args))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            from commit_cli.core.hints import closest, one_of

            started = sorted(
                (command for command in COMMANDS if command.startswith(name)),
                key=lambda command: READ_FIRST.index(command) if command in READ_FIRST else 99,
            )
            close = started[:3] or closest(name, list(COMMANDS), n=3, cutoff=0.5)
            hint = f"; did you mean {one_of(close)}?" if close else ""
            ctx.fail(f"No such command '{name}'{hint} (`commit --help` lists them)")
        return super().resolve_command(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        super(TyperGroup, self).format_help(ctx, formatter)  # click's plain help, not rich's

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, entry.summary) for name, entry in COMMANDS.items()])

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        try:
            from typer._click.shell_completion import CompletionItem
        except ImportError:  # a typer on click itself: its own way, which builds every command
            return list(super().shell_complete(ctx, incomplete))
        names = [
            CompletionItem(name, help=entry.summary)
            for name, entry in COMMANDS.items()
            if name.startswith(incomplete)
        ]
        return names + list(super(TyperGroup, self).shell_complete(ctx, incomplete))


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
    current().options = GlobalOptions(use_cache=not no_cache)


def run() -> None:
    """The console entry point (`commit`, `python -m commit_cli`)."""
    # Our models use no pydantic plugins; looking them up costs ~10 ms of start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if output.stdout_is_closed():  # started as `commit status >&-`
        output.error("cannot write the output: standard output is closed")
        sys.exit(2)
    output.use_replacement_for_unencodable_text()
    collector_off_until_exit()  # the process ends through `leave` once the command has run
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
    leave(code or output.flush_or_fail())


def leave(code: int) -> NoReturn:
    """End the process with `code`. Once the exit handlers have run (logging's, if something
    imported it) and stdout and stderr are flushed, through os._exit, so that Python does not
    free every object one by one first (150–190 ms at 100,000 milestones) for memory the
    system takes back anyway. Files a command writes are whole and closed before it returns
    (`atomic`), and git's processes are waited for. The ordinary exit stays for a failed
    flush (Python then reports what it could not write, as always), another thread still
    running, and a profiler or tracer (they report at exit)."""
    import atexit
    import threading

    alone = threading.active_count() == 1 and sys.getprofile() is None and sys.gettrace() is None
    if alone:
        atexit._run_exitfuncs()  # and forgets them: an ordinary exit after does not rerun them
        if output.flushed():
            os._exit(code)
    sys.exit(code)
