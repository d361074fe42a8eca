"""`plan.checks.today`: what depends on the day runs on every load, so a warm command imports
only the families that have such checks, never the others nor `run`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from commit_cli.plan.checks.run import FAMILIES
from commit_cli.plan.checks.today import TODAY_FAMILIES


def test_today_runs_every_family_that_has_a_check_of_the_day() -> None:
    having = [family for family in FAMILIES if hasattr(family, "check_today")]
    assert having == list(TODAY_FAMILIES)


def test_a_warm_load_imports_only_the_checks_of_the_day(plan_dir: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from commit_cli.plan.cache import ResultCache\n"
        "from commit_cli.plan.load import load_plan\n"
        "from commit_cli.plan.sources import FolderSource\n"
        "source, cache = FolderSource(Path(sys.argv[1])), ResultCache(Path(sys.argv[2]))\n"
        "result = load_plan(source, cache, today=date(2006, 6, 30))\n"
        "assert result.plan is not None\n"
        "print(sorted(m for m in sys.modules if m.startswith('commit_cli.plan.checks.')))\n"
    )
    argv = [sys.executable, "-c", code, str(plan_dir), str(tmp_path / "cache")]
    cold = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    assert "commit_cli.plan.checks.run" in cold  # a cold load checks the whole plan
    warm = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    assert warm.strip() == str(
        ["commit_cli.plan.checks.context", "commit_cli.plan.checks.progress",
         "commit_cli.plan.checks.today"]
    )  # fmt: skip
