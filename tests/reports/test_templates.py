"""The default report templates are found from a wheel and from an editable install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

from commit_cli.errors import EnvironmentFailure
from commit_cli.reports.templates import default_templates_dir


def test_a_source_checkout_or_editable_install_finds_the_repository_templates() -> None:
    assert default_templates_dir() == REPO / "templates"


def test_a_wheel_layout_finds_the_templates_inside_the_package(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "commit_cli"
    (package / "templates").mkdir(parents=True)
    (tmp_path / "templates").mkdir()  # a stray folder next to site-packages is not used
    assert default_templates_dir(package) == package / "templates"


def test_missing_templates_are_named(tmp_path: Path) -> None:
    package = tmp_path / "lib" / "commit_cli"
    package.mkdir(parents=True)
    with pytest.raises(EnvironmentFailure, match="default report templates are missing"):
        default_templates_dir(package)


@pytest.mark.slow
def test_a_built_wheel_carries_and_finds_the_templates(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0:
        pytest.skip(f"no wheel could be built here (pip needs hatchling): {built.stderr[-300:]}")
    (wheel,) = tmp_path.glob("*.whl")
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        assert "commit_cli/templates/README.md" in archive.namelist()
        assert "commit_cli/templates/summary.html.j2" in archive.namelist()
        assert "commit_cli/bundled_plan/plan.yaml" in archive.namelist()
        # The reports' catalogs, as their .po sources (`commit report --lang`).
        assert "commit_cli/locale/commit.pot" in archive.namelist()
        for language in ("km", "lo", "my", "th", "vi", "zh"):
            assert f"commit_cli/locale/{language}/LC_MESSAGES/commit.po" in archive.namelist()
        # What `commit init` copies into a new plan repository.
        for scaffold in (".github/workflows/plan.yml", ".yamllint.yaml"):
            assert f"commit_cli/scaffold/files/{scaffold}" in archive.namelist(), scaffold
        archive.extractall(unpacked)
    code = (
        "from commit_cli.reports.templates import default_templates_dir\n"
        "print(default_templates_dir())\n"
        "from commit_cli.demo.bundled import bundled_plan_dir\n"
        "print(bundled_plan_dir())\n"
    )
    found = subprocess.run(
        [sys.executable, "-S", "-c", code],  # -S: no site-packages, so no editable install
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(unpacked)},
        cwd=tmp_path,
    )
    templates, plan = found.stdout.split()
    assert Path(templates) == unpacked / "commit_cli" / "templates"
    assert Path(plan) == unpacked / "commit_cli" / "bundled_plan"
