"""The table of commands (cli/registry.py) against the commands themselves, so that it cannot
drift; and the root builds and imports only the command that is run."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli import app as app_module
from commit_cli.cli.app import app
from commit_cli.cli.registry import COMMANDS, build, load, unwrapped

COMMAND_MODULES = sorted(
    path.stem
    for path in (REPO / "commit_cli" / "cli" / "commands").glob("*.py")
    if path.stem != "__init__"
)


def defined_commands(module_name: str) -> dict[str, Any]:
    """What a command module defines as commands, read from the module, not from the table:
    its typer apps, and its functions wrapped by @handle_errors that no app of the module
    holds as a subcommand."""
    module = import_module(f"commit_cli.cli.commands.{module_name}")
    here = {
        name: value
        for name, value in vars(module).items()
        if getattr(value, "__module__", None) == module.__name__ or isinstance(value, typer.Typer)
    }
    apps = {name: value for name, value in here.items() if isinstance(value, typer.Typer)}
    held = {info.callback for value in apps.values() for info in value.registered_commands}
    functions = {
        name: value
        for name, value in here.items()
        if inspect.isfunction(value) and hasattr(value, "__wrapped__") and value not in held
    }
    return apps | functions


def test_every_command_module_has_one_command_and_it_is_in_the_table() -> None:
    in_table = {(entry.module, entry.attribute) for entry in COMMANDS.values()}
    defined = set()
    for module_name in COMMAND_MODULES:
        (attribute,) = defined_commands(module_name)  # one command per module
        defined.add((module_name, attribute))
    assert in_table == defined
    assert len(COMMANDS) == len(COMMAND_MODULES)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_table_has_each_commands_name_and_first_line_of_help(name: str) -> None:
    command = build(name)
    assert command.name == name
    help_text = inspect.cleandoc(command.help or "")
    assert help_text.splitlines()[0] == COMMANDS[name].summary
    assert help_text.split("\n\n")[0] == COMMANDS[name].summary  # as typer lists it
    helps = [help_text] + [sub.help or "" for sub in getattr(command, "commands", {}).values()]
    assert any(f"commit {name} " in text.replace("\n", " ") for text in helps)  # the example


def test_a_command_built_alone_is_the_one_typer_builds_with_all_the_others() -> None:
    everything = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    for name in COMMANDS:
        target = load(name)
        if isinstance(target, typer.Typer):
            everything.add_typer(target, name=name)
        else:
            everything.command(name)(target)
    together = typer.main.get_group(everything).commands
    assert sorted(together) == sorted(COMMANDS)
    for name, command in together.items():
        alone = build(name)
        assert type(alone) is type(command)
        assert alone.help == unwrapped(command.help)  # each paragraph one line, to wrap
        assert alone.no_args_is_help == command.no_args_is_help
        assert [p.opts for p in alone.params] == [p.opts for p in command.params]
        assert sorted(getattr(alone, "commands", {})) == sorted(getattr(command, "commands", {}))


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["--help"], []),
        (["--version"], []),
        (["status", "--help"], ["status"]),
        (["add", "--help"], ["add"]),
        (["templates", "list", "--help"], ["templates"]),
    ],
)
def test_only_the_command_run_is_built(
    args: list[str], built: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def recording_build(name: str) -> Any:
        calls.append(name)
        return build(name)

    monkeypatch.setattr(app_module, "build", recording_build)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert calls == built


def imported_after(args: list[str], env: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """(stdout, [command modules imported, and "rich" when it was]) of `app(args)` in a
    fresh interpreter."""
    code = (
        "import sys\n"
        "from commit_cli.cli.app import app\n"
        "try:\n"
        f"    app({args!r}, prog_name='commit')\n"
        "except SystemExit:\n"
        "    pass\n"
        "prefix = 'commit_cli.cli.commands.'\n"
        "found = [m.removeprefix(prefix) for m in sys.modules if m.startswith(prefix)]\n"
        "found += ['rich'] if 'rich' in sys.modules else []\n"
        "sys.stderr.write('imported=' + ','.join(sorted(found)) + '\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    last = done.stderr.splitlines()[-1].removeprefix("imported=")
    return done.stdout, [name for name in last.split(",") if name]


@pytest.mark.parametrize(
    ("args", "imported"),
    [
        (["--help"], []),
        (["--version"], []),
        ([], []),
        (["status", "--help"], ["rich", "status"]),  # a command's own help stays rich's
    ],
)
def test_the_root_help_imports_no_command_module_and_not_rich(
    args: list[str], imported: list[str]
) -> None:
    stdout, found = imported_after(args)
    assert found == imported
    if not args or args == ["--help"]:
        assert "Commands:" in stdout
        assert "status " in stdout


def test_command_names_complete_without_importing_the_commands() -> None:
    environ = {"_COMMIT_COMPLETE": "complete_bash", "COMP_WORDS": "commit st", "COMP_CWORD": "1"}
    stdout, found = imported_after([], environ)
    assert stdout.split() == ["status", "start"]
    assert found == []


def test_the_shell_completes_command_names() -> None:
    script = Path(sys.executable).parent / "commit"
    if not script.exists():
        pytest.skip("the commit script is not installed")
    environ = {"_COMMIT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "commit tem"}
    done = subprocess.run(
        [str(script)], env={**os.environ, **environ}, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "templates" in done.stdout
    assert COMMANDS["templates"].summary[:20] in done.stdout
