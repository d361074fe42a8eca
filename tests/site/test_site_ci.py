"""A new plan repository publishes its site: the workflow `commit init` writes builds it on
every push to the default branch and deploys it to GitHub Pages (a pull request gets it as
an artifact), and the repository's README says where it will appear."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from commit_cli.scaffold.init import init_repository
from commit_cli.scaffold.requirement import ToolRequirement


def test_an_initialised_repository_publishes_its_site(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    init_repository(folder, blank=False, today=date(2006, 1, 1),
                    requirement=ToolRequirement("commit-cli", "a test"))  # fmt: skip
    workflow = yaml.safe_load((folder / ".github/workflows/plan.yml").read_text("utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    build = next(step for step in steps if step.get("name") == "Build the site")
    assert build["run"] == "commit site -o public/"
    uploads = {step.get("uses", "").split("@")[0]: step for step in steps[steps.index(build) :]}
    assert uploads["actions/upload-pages-artifact"]["with"]["path"] == "public/"
    assert uploads["actions/upload-pages-artifact"]["if"] == "github.event_name == 'push'"
    assert uploads["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"
    pages = workflow["jobs"]["pages"]
    assert pages["needs"] == "check"
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow[True]["push"]["branches"] == ["main", "master"]  # `on:` is True in YAML 1.1
    readme = (folder / "README.md").read_text("utf-8")
    assert "https://OWNER.github.io/REPOSITORY/" in readme
    assert 'set "Source" to "GitHub Actions"' in " ".join(readme.split())
    assert "commit site -o public/" in readme
