"""After a hand edit of one file, status reads the plan from its index (`plan.refresh`): the
edited file read again, the problems across the files found from the index and each file's
progress columns. Differential: over random plans and random one-file edits (some of which
make or clear problems across files), what it finds is what a whole load without any cache
finds, problem for problem (file, line, column, message), and the status it shows is the
same."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commit_cli.core.known import known_on
from commit_cli.core.model import PPC
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.columns_load import load_columns
from commit_cli.plan.entries import progress_key, read_progress, record_key, write_progress
from commit_cli.plan.fetch import Fetched
from commit_cli.plan.load import load_plan
from commit_cli.plan.manifest import StampManifest, content_id
from commit_cli.plan.refresh import Refresher
from commit_cli.plan.sources import FolderSource
from commit_cli.query.index import PlanIndex
from commit_cli.query.status import plan_status
from commit_cli.query.status_columns import plan_status_columns

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

DAY = date(2006, 6, 30)
STATUSES = ("planned", "in_progress", "done", "postponed", "cancelled")
# The kinds of edit of `_edit`; the last three make the file fail its validation.
EDITS = (
    "title", "status", "depends", "id", "cross", "cross", "bad-status", "bad-window", "bad-key",
)  # fmt: skip


def _source(plan_dir: Path, cache: ResultCache) -> FolderSource:
    source = FolderSource(plan_dir)
    source.manifest = StampManifest(cache, plan_dir, time.time_ns())
    return source


def _status_run(plan_dir: Path, cache: ResultCache) -> object:
    """What `status` does: the index (refreshed), else a whole load that stores it."""
    from commit_cli.plan.columns_load import keep_columns

    source = _source(plan_dir, cache)
    unread: set[str] = set()
    found = load_columns(source, cache, unread, Refresher(cache))
    if found is None:
        result = load_plan(source, cache)
        keep_columns(result, cache, unread)
        return result
    return found


def _shown(problems: object) -> list[str]:
    assert isinstance(problems, tuple)
    return sorted(problem.format() for problem in problems)


def _edit(text: str, kind: str, k: int, other: list[str]) -> str:
    """`text` with one field of one milestone changed."""
    patterns = {
        "title": r"^    title: (.*)$",
        "status": r"^    status: (\w+)$",
        "depends": r"^    depends_on: \[(.*)\]$",
        "id": r"^  - id: (p\d+-m\d+)$",
        "bad-status": r"^    status: (\w+)$",  # not a status: the file does not validate
        "bad-window": r"^    window: (\{.*\})$",  # ends before it starts: a rule broken
        "bad-key": r"^    (lead): ",  # a key no model declares
    }
    if kind == "cross":  # work taken up that depends on a milestone of any file
        block = r"^    depends_on: \[(.*)\]\n    status: (\w+)$"
        blocks = list(re.finditer(block, text, re.MULTILINE))
        if blocks:
            match = blocks[k % len(blocks)]
            status = ("in_progress", "done", "planned")[k % 3]
            new = f"    depends_on: [{other[k % len(other)]}]\n    status: {status}"
            return text[: match.start()] + new + text[match.end() :]
        kind = "title"
    found = list(re.finditer(patterns[kind], text, re.MULTILINE))
    if not found:
        return text + "\n# touched\n"
    match = found[k % len(found)]
    new = {
        "title": f"{match.group(1)} (retitled {k})",
        "status": STATUSES[k % len(STATUSES)],
        "depends": other[k % len(other)],
        "id": other[k % len(other)],
        "bad-status": "finished",
        "bad-window": "{start: 2007-01-01, end: 2006-01-01}",
        "bad-key": "leader",
    }[kind]
    return text[: match.start(1)] + new + text[match.end(1) :]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(20, 90),
    kind=st.sampled_from(EDITS),
    k=st.integers(0, 200),
    target=st.integers(0, 10),
    twice=st.booleans(),
)
def test_status_after_a_hand_edit_finds_what_a_whole_load_finds(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    count: int,
    kind: str,
    k: int,
    target: int,
    twice: bool,
) -> None:
    root = tmp_path_factory.mktemp("refresh")
    plan_dir = generate(count, root / "gen", seed=seed, per_file=15)
    cache = ResultCache(root / "cache")
    _status_run(plan_dir, cache)  # a user's earlier status: every index stored
    files = sorted((plan_dir / "ppcs").glob("*.yaml"))
    every = re.findall(r"^  - id: (\S+)$", "".join(f.read_text() for f in files), re.MULTILINE)
    other = [*every, "no-such-milestone"]
    for step in range(2 if twice else 1):  # a second edit: to make or clear a problem again
        path = files[(target + step) % len(files)]
        path.write_text(_edit(path.read_text(), kind, k + step, other), encoding="utf-8")
        found = _status_run(plan_dir, cache)
        whole = load_plan(FolderSource(plan_dir), None)  # no cache: every rule run afresh
        cached = load_plan(FolderSource(plan_dir), cache)  # what the refresh stored
        assert _shown(cached.problems) == _shown(whole.problems)
        if whole.plan is None:
            assert found is not None
            assert not hasattr(found, "columns")  # loaded whole: its errors are shown
            continue
        assert hasattr(found, "columns")  # read from the index
        light = PlanIndex(known_on(found.plan, DAY), found.ppc_file_of)  # type: ignore[attr-defined]
        full = PlanIndex(known_on(whole.plan, DAY), whole.ppc_file_of)
        got = plan_status_columns(light, found.columns, DAY)
        assert got.to_json() == plan_status(full, DAY).to_json()


def _dependency_plan(root: Path) -> Path:
    """A plan whose first file's second milestone depends on the first, both planned."""
    plan_dir = generate(30, root / "gen", seed=3, per_file=15)
    path = sorted((plan_dir / "ppcs").glob("*.yaml"))[1]
    text = path.read_text()
    text = re.sub(r"^    depends_on: .*\n", "", text, flags=re.MULTILINE)
    text = re.sub(r"^    status: \w+$", "    status: planned", text, flags=re.MULTILINE)
    text = re.sub(r"^    actual: .*\n", "", text, flags=re.MULTILINE)
    text = re.sub(r"^    (outcome|attendance|postponed|cancelled): .*\n", "", text, flags=re.M)
    first = sorted((plan_dir / "ppcs").glob("*.yaml"))[0]
    planned = re.search(
        r"^  - id: (\S+)\n(?:    .*\n)*?    status: planned$", first.read_text(), re.MULTILINE
    )
    assert planned is not None
    text = text.replace(
        "    status: planned", f"    depends_on: [{planned.group(1)}]\n    status: planned", 1
    )
    path.write_text(text)
    return plan_dir


def test_a_status_edit_that_makes_a_progress_warning_is_found_from_the_index(
    tmp_path: Path,
) -> None:
    """Work taken up in one file that waits on work still planned in another: found (and
    cleared again) while the other file is read from its index only."""
    plan_dir = _dependency_plan(tmp_path)
    cache = ResultCache(tmp_path / "cache")
    assert not any(
        p.code == "dependency-still-planned"
        for p in load_plan(FolderSource(plan_dir), None).problems
    )
    _status_run(plan_dir, cache)
    second = sorted((plan_dir / "ppcs").glob("*.yaml"))[1]
    second.write_text(
        second.read_text().replace("    status: planned", "    status: in_progress", 1)
    )
    found = _status_run(plan_dir, cache)
    assert hasattr(found, "columns")
    problems = load_plan(FolderSource(plan_dir), cache).problems
    assert [p.code for p in problems if p.code == "dependency-still-planned"] == [
        "dependency-still-planned"
    ]
    assert _shown(problems) == _shown(load_plan(FolderSource(plan_dir), None).problems)


def test_a_tampered_progress_entry_is_not_trusted(tmp_path: Path) -> None:
    plan_dir = generate(30, tmp_path / "gen", seed=3, per_file=15)
    cache = ResultCache(tmp_path / "cache")
    _status_run(plan_dir, cache)
    first = sorted((plan_dir / "ppcs").glob("*.yaml"))[0]
    raw = first.read_bytes()
    key = record_key(cache, PPC, Fetched("f", raw, content_id(raw)))
    assert read_progress(cache, key) is not None
    stored = cache.folder / progress_key(cache, key)[:2] / progress_key(cache, key)
    entry = bytearray(stored.read_bytes())
    entry[-2] ^= 1
    stored.write_bytes(bytes(entry))
    assert read_progress(cache, key) is None  # and computed again from the record
    record = load_plan(FolderSource(plan_dir), None).files[1].record
    assert isinstance(record, PPC)
    write_progress(cache, key, record)
    assert read_progress(cache, key) is not None


def test_a_cold_cache_is_loaded_whole(tmp_path: Path) -> None:
    plan_dir = generate(60, tmp_path / "gen", seed=3, per_file=15)
    cache = ResultCache(tmp_path / "cache")
    assert not hasattr(_status_run(plan_dir, cache), "columns")
    assert hasattr(_status_run(plan_dir, cache), "columns")
    shutil.rmtree(tmp_path / "gen")


def test_the_first_status_after_a_hand_edit_does_not_import_pydantic(tmp_path: Path) -> None:
    """The edited file is validated without pydantic (`plan.quick_validate`): a hand edit
    costs no import of pydantic and no building of its validators. A file the quick check
    is not sure of is still validated by pydantic, and shown as any load shows it."""
    plan_dir = generate(60, tmp_path / "gen", seed=3, per_file=15)
    env = {**os.environ, "COMMIT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    argv = [sys.executable, "-X", "importtime", "-m", "commit_cli", "status"]

    def status() -> str:
        """Whether the run imported pydantic, and its exit code."""
        run = subprocess.run(
            [*argv, "--plan", str(plan_dir)], env=env, capture_output=True, text=True
        )
        imported = re.search(r"\| pydantic$", run.stderr, re.MULTILINE) is not None
        return f"{imported} {run.returncode}"

    assert status() == "True 0"  # a cold cache: every file validated by pydantic
    assert status() == "False 0"
    first = sorted((plan_dir / "ppcs").glob("*.yaml"))[0]
    first.write_text(_edit(first.read_text(), "title", 1, ["-"]), encoding="utf-8")
    assert status() == "False 0"
    first.write_text(_edit(first.read_text(), "bad-window", 1, ["-"]), encoding="utf-8")
    assert status() == "True 1"  # the error found and worded by pydantic
