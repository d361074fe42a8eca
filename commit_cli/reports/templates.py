"""Where the default report templates are, from any install.

The defaults live in the repository's top-level `templates/` (the project's layout). A wheel
carries them inside the package as `commit_cli/templates` (pyproject's force-include); an
editable install runs from the repository, where they sit next to the package.
"""

from __future__ import annotations

from pathlib import Path

from commit_cli.errors import EnvironmentFailure

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR_NAME = "templates"


def default_templates_dir(package_dir: Path = PACKAGE_DIR) -> Path:
    """The folder of default templates: inside the package (a wheel), else next to it (an
    editable install or a source checkout)."""
    for candidate in (package_dir / TEMPLATES_DIR_NAME, package_dir.parent / TEMPLATES_DIR_NAME):
        if candidate.is_dir():
            return candidate
    raise EnvironmentFailure(
        f"the default report templates are missing (looked in {package_dir / TEMPLATES_DIR_NAME}"
        f" and {package_dir.parent / TEMPLATES_DIR_NAME}); reinstall commit"
    )
