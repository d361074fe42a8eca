"""The command line, through typer's CliRunner: exit codes, formats, and fast start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import PPC_1, REPO
from typer.testing import CliRunner

from commit_cli import __version__
from commit_cli.cli.app import app
from commit_cli.cli.registry import COMMANDS, load

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"commit {__version__}"


def test_help_lists_every_command_with_a_summary() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1].split()
    for name, entry in COMMANDS.items():
        assert name in listed
        assert " ".join(entry.summary.split()[:3]) in " ".join(listed), name


def test_validate_valid_plan_exits_0(plan_dir: Path) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "valid: 0 error(s), 0 warning(s) in 3 file(s)" in result.output


def test_validate_reports_problems_and_exits_1(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    lead: uniap", "    status: finished"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "plan/ppcs/ppc-01.yaml:14:13: error: unknown status 'finished'; expected one of"
        " planned, in_progress, done, postponed, cancelled; did you mean 'done'?"
    )
    assert "Traceback" not in result.output


def test_validate_json_format(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    window: 2005-H2\n", ""), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["valid"] is True
    assert (document["errors"], document["warnings"]) == (0, 1)
    (problem,) = document["problems"]
    assert problem == {
        "file": "plan/ppcs/ppc-01.yaml",
        "line": 9,
        "column": 9,
        "severity": "warning",
        "code": "no-window",
        "message": problem["message"],
    }


def test_validate_strict_fails_on_warnings(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    window: 2005-H2\n", ""), encoding="utf-8"
    )
    assert runner.invoke(app, ["validate"]).exit_code == 0
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 1


def test_validate_without_a_plan_exits_2(tmp_path: Path, monkeypatch: object) -> None:
    result = runner.invoke(app, ["validate", "--plan", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_plan_folder_from_environment(plan_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = runner.invoke(app, ["validate"], env={"COMMIT_PLAN": str(plan_dir)})
    assert result.exit_code == 0, result.output


def test_validate_never_writes_to_the_plan(plan_dir: Path) -> None:
    before = {p: p.read_bytes() for p in plan_dir.rglob("*") if p.is_file()}
    runner.invoke(app, ["validate"])
    after = {p: p.read_bytes() for p in plan_dir.rglob("*") if p.is_file()}
    assert before == after


def test_export_json_is_the_whole_plan_in_stable_order(plan_dir: Path) -> None:
    first = runner.invoke(app, ["export", "--format", "json"])
    assert first.exit_code == 0
    document = json.loads(first.output)
    assert list(document)[:5] == ["id", "title", "short_title", "notice", "description"]
    assert document["period"] == {"start": "2005-01-01", "end": "2007-12-31"}
    seminar = document["ppcs"][0]["milestones"][1]
    assert seminar["window"] == {"start": "2006-01-01", "end": "2006-12-31"}
    assert seminar["participants"] == {"min": 20, "max": 30}
    assert runner.invoke(app, ["export"]).output == first.output


def test_export_of_invalid_plan_exits_1_with_problems(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 1
    assert "plan/ppcs/ppc-01.yaml:1:1: error: the file is empty" in result.output


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["status", "--help"]])
def test_help_and_version_do_not_import_heavy_modules(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from commit_cli.cli.app import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('pydantic', 'jinja2', 'ruamel.yaml', 'yaml') if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "heavy="


def test_commands_use_the_cache_unless_told_not_to(plan_dir: Path, isolated_cache: Path) -> None:
    assert runner.invoke(app, ["--no-cache", "validate"]).exit_code == 0
    assert not [p for p in isolated_cache.rglob("*") if p.is_file()]
    assert runner.invoke(app, ["validate"]).exit_code == 0
    # three files, and the checks: across files, each PPC file's own, the whole result and
    # the table of each PPC file's parts (each entry in a subfolder; the key at the top)
    entries = [p for p in isolated_cache.rglob("*") if p.is_file() and p.parent != isolated_cache]
    assert len(entries) == 8
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    lead: uniap", "    status: finished"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "unknown status 'finished'" in result.output


def test_readme_lists_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        target = load(name)
        if not isinstance(target, typer.Typer):
            assert f"`commit {name}" in readme, name
            continue
        for command in target.registered_commands:
            assert command.callback is not None
            assert command.callback.__doc__
            words = f"{name} {command.name or command.callback.__name__}"
            assert f"`commit {words}" in readme, words


def test_unreadable_plan_file_exits_2(plan_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def guarded_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if os.fspath(path).endswith("ppc-02.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", guarded_open)
    result = runner.invoke(app, ["--no-cache", "validate"])
    assert result.exit_code == 2
    assert "commit: error: cannot read plan/ppcs/ppc-02.yaml: Permission denied" in result.output


def test_unreadable_ppc_folder_exits_2(plan_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_listdir = os.listdir

    def listdir(path: str | os.PathLike[str]) -> list[str]:
        if os.fspath(path).endswith("ppcs"):  # as root (CI), a mode of 000 would not stop it
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
    assert "cannot read the folder" in result.output


def test_validate_compares_actual_dates_with_today(
    plan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from commit_cli.cli import command_context

    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace(
            "    lead: uniap\n",
            "    lead: uniap\n    status: done\n    actual: {start: 2006-03-01, end: 2006-03-02}\n",
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(command_context, "system_date", lambda: date(2006, 3, 1))
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert (
        "plan/ppcs/ppc-01.yaml:16:38: warning: actual end 2006-03-02 is after today (2006-03-01)"
    ) in result.output
    monkeypatch.setattr(command_context, "system_date", lambda: date(2006, 3, 2))
    assert "is after today" not in runner.invoke(app, ["validate"]).output


# --- ids and options people type (issue 10, section 5) ------------------------------------


@pytest.mark.parametrize("name", ["12", "ppc-12", "PPC 12", "plan/ppcs/ppc-12.yaml"])
def test_status_and_show_find_pp12_by_number_label_and_file(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    status = runner.invoke(app, ["status", "--ppc", name, "--json", "--as-of", "2006-06-30"])
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["filters"]["ppc"] == "pp-12"
    shown = runner.invoke(app, ["show", name])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("ppc pp-12 — ")


def test_global_options_work_before_or_after_the_command(
    plan_dir: Path, tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path.parent)  # no plan/ here: --plan must be used
    plan = str(plan_dir)

    def runs(*args: str) -> None:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, (args, result.output)

    runs("--no-cache", "show", "ppc-1", "--plan", plan)
    runs("show", "ppc-1", "--no-cache", "--plan", plan)
    runs("--plan", plan, "--no-cache", "validate")
    runs("validate", "--no-cache", "--plan", plan)
    assert not [p for p in isolated_cache.rglob("*") if p.is_file()]  # --no-cache, anywhere
    runs("--plan", plan, "status", "--as-of", "2006-01-01")
    runs("status", "--as-of", "2006-01-01", "--plan", plan)
    runs(f"--plan={plan}", "list", "milestones")
    assert [p for p in isolated_cache.rglob("*") if p.is_file()]


def test_only_what_comes_before_a_double_dash_moves() -> None:
    from commit_cli.cli.app import place_global_options

    assert place_global_options(["show", "x", "--no-cache"]) == ["--no-cache", "show", "x"]
    assert place_global_options(["--plan", "p", "show", "x"]) == ["show", "x", "--plan", "p"]
    assert place_global_options(["show", "--", "--no-cache"]) == ["show", "--", "--no-cache"]


@pytest.mark.parametrize(("typed", "meant"), [("st", "status"), ("stauts", "status")])
def test_a_mistyped_command_gets_the_closest(typed: str, meant: str) -> None:
    result = runner.invoke(app, [typed])
    assert result.exit_code == 2
    assert f"No such command '{typed}'; did you mean '{meant}'" in result.output
