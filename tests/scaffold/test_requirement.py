"""The requirement `commit init` writes into the workflow: exactly the commit-cli that made the
repository, read from its distribution's metadata (PEP 610's direct_url.json, or its
version)."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from commit_cli import __version__
from commit_cli.scaffold.requirement import tool_requirement

COMMIT = "2f1c0de5" * 5
SHA256 = "9" * 64


def distribution(tmp_path: Path, direct_url: dict[str, Any] | str | None) -> metadata.Distribution:
    """An installed commit-cli 0.14.0 as its dist-info folder says it, with `direct_url`
    as its direct_url.json (none when None; a string is written as it is)."""
    info = tmp_path / "commit_cli-0.14.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: commit-cli\nVersion: 0.14.0\n", encoding="utf-8"
    )
    if direct_url is not None:
        text = direct_url if isinstance(direct_url, str) else json.dumps(direct_url)
        (info / "direct_url.json").write_text(text, encoding="utf-8")
    return metadata.PathDistribution(info)


CASES = {
    "index": (None, "commit-cli==0.14.0", True),
    "git": (
        {
            "url": "https://github.com/example/commit.git",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "v0.14.0"},
        },
        f"commit-cli @ git+https://github.com/example/commit.git@{COMMIT}",
        True,
    ),
    "git in a subfolder": (
        {
            "url": "https://github.com/example/tools",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT},
            "subdirectory": "commit",
        },
        f"commit-cli @ git+https://github.com/example/tools@{COMMIT}#subdirectory=commit",
        True,
    ),
    "git on this machine": (
        {"url": "file:///src/commit", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
        f"commit-cli @ git+file:///src/commit@{COMMIT}",
        False,
    ),
    "folder, editable": (
        {"url": "file:///src/commit", "dir_info": {"editable": True}},
        "commit-cli @ file:///src/commit",
        False,
    ),
    "folder": (
        {"url": "file:///src/commit", "dir_info": {}},
        "commit-cli @ file:///src/commit",
        False,
    ),
    "archive": (
        {
            "url": "https://example.org/commit_cli-0.14.0.tar.gz",
            "archive_info": {"hashes": {"sha256": SHA256}, "hash": f"sha256={SHA256}"},
        },
        f"commit-cli @ https://example.org/commit_cli-0.14.0.tar.gz#sha256={SHA256}",
        True,
    ),
    "archive with the older hash": (
        {
            "url": "https://example.org/commit_cli-0.14.0-py3-none-any.whl",
            "archive_info": {"hash": f"sha256={SHA256}"},
        },
        f"commit-cli @ https://example.org/commit_cli-0.14.0-py3-none-any.whl#sha256={SHA256}",
        True,
    ),
    "archive on this machine": (
        {"url": "file:///tmp/commit_cli-0.14.0.tar.gz", "archive_info": {}},
        "commit-cli @ file:///tmp/commit_cli-0.14.0.tar.gz",
        False,
    ),
    "a password is never written": (
        {
            "url": "https://user:secret@git.example.org/commit.git",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT},
        },
        f"commit-cli @ git+https://git.example.org/commit.git@{COMMIT}",
        True,
    ),
    "unreadable direct_url.json": ("{not json", "commit-cli==0.14.0", True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_requirement_of_each_kind_of_install(tmp_path: Path, case: str) -> None:
    direct_url, expected, reachable = CASES[case]
    requirement = tool_requirement(distribution(tmp_path, direct_url))
    assert requirement.text == expected
    assert requirement.reachable is reachable
    line = requirement.describe()
    assert line.startswith(f"the workflow installs {expected} (")
    assert ("GitHub's runners cannot install it" in line) is not reachable
    assert "\n" not in line


def test_each_kind_says_what_it_is(tmp_path: Path) -> None:
    said = {
        case: tool_requirement(distribution(tmp_path / str(i), CASES[case][0])).what
        for i, case in enumerate(("index", "git", "folder, editable", "archive"))
    }
    assert said == {
        "index": "the version installed here, from a package index",
        "git": "the git commit installed here, version 0.14.0",
        "folder, editable": "a local folder, installed editable, version 0.14.0",
        "archive": "the archive installed here, version 0.14.0",
    }


def test_uninstalled_code_names_its_own_version() -> None:
    requirement = tool_requirement(None)
    assert requirement.text == f"commit-cli=={__version__}"
    assert "not installed as a package" in requirement.what
