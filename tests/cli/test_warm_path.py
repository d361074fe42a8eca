"""The warm path (every file read from the cache as plain records, pydantic never imported)
gives exactly what the validating path gives (every file parsed and validated), and reads
what it can from the cache in the new format, rebuilding any entry it cannot use."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.core.model import PPC, PlanHeader, Record
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

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


def another_record(record: object) -> object:
    """A valid record of another kind than `record`."""
    if isinstance(record, PPC):
        period = {"start": "2005-01-01", "end": "2005-12-31"}
        return PlanHeader.model_validate({"id": "x", "title": "X", "period": period})
    return PPC.model_validate(
        {"id": "p", "label": "P", "title": "T", "short_title": "S", "activities": [],
         "objective": "O"}
    )  # fmt: skip


def entry_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def file_entries(cache: ResultCache, plan_dir: Path) -> list[Path]:
    """The cache entries of the plan's files (not of its checks)."""
    result = load_plan(FolderSource(plan_dir), cache)
    keys = {source.cache_key for source in result.files}
    return [path for path in entry_files(cache.folder) if path.name in keys]


Entry = tuple[str, Record, str]  # (format, record, digest of its facts), as load.py writes


def replaced(entry: Entry, record: object = None, facts: object = None) -> bytes:
    kind, old_record, old_facts = entry
    return pickle.dumps(
        (kind, old_record if record is None else record, old_facts if facts is None else facts)
    )


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda entry: b"\x80\x05garbage", id="not-a-pickle"),
        pytest.param(lambda entry: pickle.dumps(entry)[:-9], id="truncated"),
        pytest.param(lambda entry: pickle.dumps(entry[1]), id="a-bare-record"),
        pytest.param(lambda entry: replaced(entry, ("x",) * 99), id="a-plain-tuple"),
        pytest.param(
            lambda entry: replaced(entry, type(entry[1]).from_values(tuple(entry[1])[:-1])),
            id="an-older-shape",
        ),
        pytest.param(lambda entry: replaced(entry, another_record(entry[1])), id="another-record"),
        pytest.param(lambda entry: replaced(entry, facts=""), id="no-facts"),
        pytest.param(lambda entry: pickle.dumps(("format 0", *entry[1:])), id="another-format"),
    ],
)
def test_an_unusable_entry_in_the_new_format_is_rebuilt(
    plan_dir: Path, tmp_path: Path, spoil: object
) -> None:
    cache = ResultCache(tmp_path / "cache")
    expected = load_plan(FolderSource(plan_dir), cache)
    assert expected.plan is not None
    spoiled = file_entries(cache, plan_dir)
    assert len(spoiled) == 3  # the header and two PPCs
    for path in spoiled:
        entry = pickle.loads(cache.get(path.name) or b"")
        cache.put(path.name, spoil(entry))  # type: ignore[operator]
    again = load_plan(FolderSource(plan_dir), cache)
    assert again.plan == expected.plan
    assert [source.text is not None for source in again.files] == [True, True, True]
    rebuilt = load_plan(FolderSource(plan_dir), cache)
    assert rebuilt.plan == expected.plan
    assert all(source.text is None for source in rebuilt.files)  # served from the cache
