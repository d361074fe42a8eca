"""A plan with warnings costs a warm run nothing (issue 29): every file's own warnings come
back with its entry and every warning's place from the cache (`plan.locating`), so a warm
`status` or `validate` parses no YAML and prints what a cold run prints, place and all; an
edited file, or a place entry that is not ours, is read again."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

import commit_cli.plan.parse
import commit_cli.yamlio.positions
from commit_cli.cli.app import app
from commit_cli.plan.cache import ResultCache

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate

runner = CliRunner()
STATUS = ["status", "--as-of", "2006-06-30"]
WARNINGS = 6


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    """A plan of 4 PPC files with 6 warnings: 3 found by the checks, 3 found reading."""
    return generate(400, tmp_path / "generated", seed=13, per_file=100, warnings=WARNINGS)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"COLUMNS": "120", "NO_COLOR": "1", "COMMIT_CACHE_DIR": str(tmp_path / "cache")}


class Parses:
    """Counts the calls to the parse stage and to the composer that locates problems."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        for module, name in (
            (commit_cli.plan.parse, "parse"),
            (commit_cli.yamlio.positions, "compose"),
        ):
            monkeypatch.setattr(module, name, self._counted(getattr(module, name)))

    def _counted(self, function: Callable[..., object]) -> Callable[..., object]:
        def counted(*args: object, **kwargs: object) -> object:
            self.calls += 1
            return function(*args, **kwargs)

        return counted


def run(plan: Path, env: dict[str, str], *command: str) -> tuple[int, str]:
    result = runner.invoke(app, [*command, "--plan", str(plan)], env=env)
    return result.exit_code, result.output


def warning_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": warning: " in line]


def test_a_warm_status_on_a_plan_with_warnings_parses_nothing(
    warned: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = Parses(monkeypatch)
    cold = run(warned, env, *STATUS)
    assert parses.calls > 0  # the spy sees the parser when it runs
    parses.calls = 0
    warm = run(warned, env, *STATUS)
    assert parses.calls == 0
    assert warm == cold
    assert cold[0] == 0


def test_a_warm_validate_prints_the_same_located_warnings(
    warned: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    uncached = run(warned, {**env, "COMMIT_NO_CACHE": "1"}, "validate")
    parses = Parses(monkeypatch)
    cold = run(warned, env, "validate")
    parses.calls = 0
    warm = run(warned, env, "validate")
    assert parses.calls == 0
    assert warm == cold == uncached
    located = warning_lines(warm[1])
    assert len(located) == WARNINGS
    assert all(line.split(":")[1] != "0" and line.split(":")[2] != "0" for line in located)


def test_an_edited_file_is_read_again_and_its_warnings_placed_anew(
    warned: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(warned, env, "validate")
    first = warned / "ppcs" / "ppc-0001.yaml"
    before = [line for line in warning_lines(run(warned, env, "validate")[1]) if "0001" in line]
    assert before
    first.write_text("# moved down a line\n" + first.read_text(encoding="utf-8"), "utf-8")
    parses = Parses(monkeypatch)
    edited = run(warned, env, "validate")
    assert parses.calls > 0  # the edited file missed
    assert edited == run(warned, {**env, "COMMIT_NO_CACHE": "1"}, "validate")
    after = [line for line in warning_lines(edited[1]) if "0001" in line]
    assert [int(line.split(":")[1]) for line in after] == [
        int(line.split(":")[1]) + 1 for line in before
    ]


@pytest.mark.parametrize("spoiled", [b"not json", b'{"x": [0, 1]}', b"[]", b'{"x": "1:1"}'])
def test_a_places_entry_that_does_not_read_is_rebuilt(
    warned: Path, env: dict[str, str], tmp_path: Path, spoiled: bytes
) -> None:
    cold = run(warned, env, "validate")
    cache = ResultCache(tmp_path / "cache")
    files = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    places = [p for p in files if b'": [' in p.read_bytes()]
    assert places
    for path in places:
        data = cache.get(path.name)
        if data is not None and data.startswith(b"{"):
            cache.put(path.name, spoiled)
    assert run(warned, env, "validate") == cold
    assert run(warned, env, "validate") == cold


def test_a_places_entry_not_signed_with_our_key_is_ignored(
    warned: Path, env: dict[str, str], tmp_path: Path
) -> None:
    cold = run(warned, env, "validate")
    cache = ResultCache(tmp_path / "cache")
    for path in (tmp_path / "cache").rglob("*"):
        data = cache.get(path.name) if path.is_file() else None
        if data is not None and data.startswith(b"{") and b'": [' in data:
            raw = path.read_bytes()
            path.write_bytes(raw.replace(b"[", b"[9"))  # other places, with a stale signature
    assert run(warned, env, "validate") == cold


def test_warnings_from_the_cache_name_each_file_as_this_run_names_it(
    warned: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's entry is keyed by its bytes alone, so a run from another folder, or after a
    rename, reads warnings another run stored: they name the file and place as a run
    without the cache does (they named the first run's path, at 0:0)."""
    uncached = {**env, "COMMIT_NO_CACHE": "1"}
    monkeypatch.chdir(warned.parent)
    run(warned, env, "validate")
    monkeypatch.chdir(warned)
    here = run(Path("."), env, "validate")
    assert here == run(Path("."), uncached, "validate")
    assert warning_lines(here[1])
    assert not any(":0:0:" in line for line in warning_lines(here[1]))
    first = warned / "ppcs" / "ppc-0001.yaml"
    assert any(line.startswith("ppcs/ppc-0001.yaml:") for line in warning_lines(here[1]))
    first.rename(warned / "ppcs" / "ppc-0001-renamed.yaml")
    renamed = run(Path("."), env, "validate")
    assert renamed == run(Path("."), uncached, "validate")
    assert any(line.startswith("ppcs/ppc-0001-renamed.yaml:") for line in warning_lines(renamed[1]))
    assert run(Path("."), env, *STATUS) == run(Path("."), uncached, *STATUS)
