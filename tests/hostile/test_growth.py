"""Shapes that once turned a 1 MB file into a hang: each run must finish far inside the hang
guard, print bounded output and write a bounded cache entry."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from hostile_helpers import run_commit

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import HOSTILE_SHAPES, hostile_ppc


@pytest.mark.parametrize("shape", sorted(HOSTILE_SHAPES))
def test_a_hostile_shape_stays_linear_and_bounded(
    plan_dir: Path, tmp_path: Path, isolated_cache: Path, shape: str
) -> None:
    (plan_dir / "ppcs" / "ppc-99.yaml").write_text(hostile_ppc(shape, 8000), encoding="utf-8")
    started = time.perf_counter()
    run = run_commit("validate", cwd=tmp_path, env={"COMMIT_CACHE_DIR": str(isolated_cache)})
    elapsed = time.perf_counter() - started
    assert run.code == 1
    assert "Traceback" not in run.output
    assert elapsed < 15, elapsed  # tens of seconds before; ~2 s expected
    assert len(run.stdout) < 200_000
    assert "more problems like this" in run.stdout or shape == "series"
    assert run.stdout.count("\n") < 1_000
    if shape == "problems":  # the summary line still counts what it stands for
        assert run.stdout.splitlines()[-1].startswith("invalid: 8000 error(s)")
    cached = sum(p.stat().st_size for p in isolated_cache.rglob("*") if p.is_file())
    assert cached < 5_000_000


@pytest.mark.parametrize(
    "text",
    [
        "id: ppc-9\n" + "=======\n" * 100_000,
        "id: ppc-9\nlabel: X\ntitle: X\nshort_title: X\nactivities: []\nobjective: X\n"
        "countries: [" + ", ".join(["ZZ"] * 20_000) + "]\n",
    ],
    ids=["conflict-markers", "unknown-countries"],
)
def test_many_markers_or_unknown_countries_stay_linear(
    plan_dir: Path, tmp_path: Path, text: str
) -> None:
    header = (plan_dir / "plan.yaml").read_text(encoding="utf-8")
    countries = "".join(
        f"  - code: {a}{b}\n    name: C\n"
        for a in "ABCDEFGHIJKLMNOPQRSTUVWXY"
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXY"
    )
    (plan_dir / "plan.yaml").write_text(
        header.replace("countries:\n", "countries:\n" + countries), encoding="utf-8"
    )
    (plan_dir / "ppcs" / "ppc-99.yaml").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    run = run_commit("--no-cache", "validate", cwd=tmp_path)
    assert run.code == 1
    assert "Traceback" not in run.output
    assert time.perf_counter() - started < 10
