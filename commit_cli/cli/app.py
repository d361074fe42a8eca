"""The typer application: global options and the commands, each from its own module."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from commit_cli import __version__
from commit_cli.cli import output
from commit_cli.cli.commands.add import add_app
from commit_cli.cli.commands.cancel import cancel
from commit_cli.cli.commands.demo import demo
from commit_cli.cli.commands.done import done
from commit_cli.cli.commands.export import export
from commit_cli.cli.commands.fmt import fmt
from commit_cli.cli.commands.listing import list_
from commit_cli.cli.commands.note import note
from commit_cli.cli.commands.postpone import postpone
from commit_cli.cli.commands.record import record
from commit_cli.cli.commands.report import report_app
from commit_cli.cli.commands.set_field import set_field
from commit_cli.cli.commands.show import show
from commit_cli.cli.commands.start import start
from commit_cli.cli.commands.status import status
from commit_cli.cli.commands.templates import templates_app
from commit_cli.cli.commands.timeline import timeline
from commit_cli.cli.commands.update import update
from commit_cli.cli.commands.validate import validate
from commit_cli.cli.loading import global_options

app = typer.Typer(
    name="commit",
    help="Track a multi-government action plan kept as YAML files in git.",
    no_args_is_help=True,
    add_completion=False,
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
app.add_typer(report_app, name="report")
app.add_typer(templates_app, name="templates")
app.command()(demo)


def run() -> None:
    # Our models use no pydantic plugins; looking them up costs ~10 ms of start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    output.use_replacement_for_unencodable_text()
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    sys.exit(code or output.flush_or_fail())
