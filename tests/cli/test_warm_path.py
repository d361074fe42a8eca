"""The warm path (every file read from the cache as plain records, pydantic never imported)
gives exactly what the validating path gives (every file parsed and validated). How a file's
entry is read back, and rebuilt when it cannot be used: tests/plan/test_entries.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate

runner = CliRunner()
COMMANDS = [
    ["status", "--as-of", "2006-06-30"],
    ["status", "--as-of", "2006-06-30", "--json"],
    ["list", "milestones"],
    ["list", "milestones", "--json"],
    ["timeline", "--as-of", "2006-06-30"],
    ["export", "--format", "json"],
    ["export", "--format", "ics"],
    ["validate"],
]


def outputs(plan_dir: Path, env: dict[str, str]) -> list[tuple[int, str]]:
    found = []
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--plan", str(plan_dir)], env=env)
        found.append((result.exit_code, result.output))
    return found


@pytest.fixture(params=["bundled", "generated"])
def any_plan(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "bundled":
        return REPO / "plan"
    return generate(400, tmp_path / "generated", seed=13, per_file=100)


def test_the_warm_path_prints_what_the_validating_path_prints(
    any_plan: Path, tmp_path: Path
) -> None:
    env = {"COLUMNS": "120", "NO_COLOR": "1", "COMMIT_CACHE_DIR": str(tmp_path / "cache")}
    validating = outputs(any_plan, {**env, "COMMIT_NO_CACHE": "1"})
    outputs(any_plan, env)  # fills the cache
    warm = outputs(any_plan, env)
    assert [code for code, _ in validating] == [0] * len(COMMANDS)
    assert warm == validating


def test_a_warm_status_never_imports_pydantic_or_a_yaml_parser(tmp_path: Path) -> None:
    env = {**os.environ, "COMMIT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("COMMIT_NO_CACHE", None)
    probe = (
        "import sys\n"
        "from commit_cli.cli.app import app\n"
        "try:\n"
        "    app(['status', '--as-of', '2006-06-30', '--plan', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'pydantic_core',"
        " 'yaml', 'ruamel', 'jinja2'})\n"
        "print('IMPORTED', ' '.join(heavy))\n"
    )
    command = [sys.executable, "-c", probe, str(REPO / "plan")]
    cold = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "pydantic" in cold.stdout.split("IMPORTED")[1]  # the first run validates
    warm = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert warm.stdout.split("IMPORTED")[1].strip() == ""
    assert warm.stdout.split("IMPORTED")[0] == cold.stdout.split("IMPORTED")[0]
