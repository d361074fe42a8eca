"""Shapes that once turned a 1 MB file into a hang: each run must finish far inside the hang
guard, print bounded output and write a bounded cache entry."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import PPC_2
from hostile_helpers import run_commit

MILESTONE = "  - id: m{i}\n    title: M\n    kind: meeting\n    phase: core\n    window: 2006\n"


def many(count: int, extra: str) -> str:
    return "".join(MILESTONE.format(i=i) + extra.format(i=i, n=i + 1) for i in range(count))


SHAPES = {
    # every milestone depends on the next and on m0: thousands of long cycles
    "cycles": lambda n: many(n, "    depends_on: [m{n}, m0]\n"),
    # series members that disagree on the count, each differently
    "series": lambda n: many(n, "    series: {{name: s, number: 1, of: {n}}}\n"),
    # thousands of problems of one kind to locate
    "problems": lambda n: many(n, "    status: finished\n"),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_hostile_shape_stays_linear_and_bounded(
    plan_dir: Path, tmp_path: Path, isolated_cache: Path, shape: str
) -> None:
    milestones = SHAPES[shape](8000)
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text(
        PPC_2.replace("indicators:", milestones + "indicators:"), encoding="utf-8"
    )
    started = time.perf_counter()
    run = run_commit("validate", cwd=tmp_path, env={"COMMIT_CACHE_DIR": str(isolated_cache)})
    elapsed = time.perf_counter() - started
    assert run.code == 1 and "Traceback" not in run.output
    assert elapsed < 15, elapsed  # tens of seconds before; ~2 s expected
    assert len(run.stdout) < 200_000
    assert "more problems like this" in run.stdout or shape == "series"
    cached = sum(p.stat().st_size for p in isolated_cache.rglob("*") if p.is_file())
    assert cached < 5_000_000
