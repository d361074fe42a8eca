"""Finding the plan folder (`plan.sources`): from the current folder up, with a message that
says what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from commit_cli.errors import EnvironmentFailure
from commit_cli.plan.sources import find_plan_dir


def test_find_plan_dir_searches_parents(plan_dir: Path, tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_plan_dir(start=nested) == plan_dir
    assert find_plan_dir(start=plan_dir / "ppcs") == plan_dir


def test_find_plan_dir_explains_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentFailure, match="no plan found"):
        find_plan_dir(start=tmp_path)
    with pytest.raises(EnvironmentFailure, match="does not exist"):
        find_plan_dir(tmp_path / "nowhere")
    with pytest.raises(EnvironmentFailure, match=r"has no plan\.yaml"):
        find_plan_dir(tmp_path)
