"""Where the bundled plan is, from any install: a wheel carries it inside the package as
`commit_cli/bundled_plan` (pyproject's force-include); a checkout or an editable install has
it as the repository's `plan/`, next to the package."""

from __future__ import annotations

from pathlib import Path

from commit_cli.errors import EnvironmentFailure

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_plan_dir(package_dir: Path = PACKAGE_DIR) -> Path:
    """The bundled plan's folder: inside the package (a wheel), else next to it."""
    for candidate in (package_dir / "bundled_plan", package_dir.parent / "plan"):
        if (candidate / "plan.yaml").is_file():
            return candidate
    raise EnvironmentFailure("the bundled plan is missing from this install; reinstall commit")
