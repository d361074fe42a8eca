"""The workflow's release step for country workbooks does what it says: the `commit sheet
export` line it runs on a `report/<period>` tag writes one workbook per country of the plan,
for that period, where the upload step takes them (`workbooks/*.xlsx`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "plan.yml"


def test_the_release_step_writes_a_workbook_per_country(tmp_path: Path) -> None:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["release"]["steps"]
    [step] = [s for s in steps if "commit sheet export" in s.get("run", "")]
    export, upload = step["run"].strip().splitlines()
    assert upload == 'gh release upload "$TAG" workbooks/*.xlsx'
    shutil.copytree(REPO / "plan", tmp_path / "plan")
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "TAG": "report/2006-H1", "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", export],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    plan = yaml.safe_load((REPO / "plan" / "plan.yaml").read_text(encoding="utf-8"))
    codes = sorted(country["code"].lower() for country in plan["countries"])
    written = sorted(path.name for path in (tmp_path / "workbooks").glob("*.xlsx"))
    assert written == [f"{code}-2006-H1.xlsx" for code in codes]
