"""Which commit-cli a new plan repository's CI installs: exactly the one that made it.

`commit init` writes this requirement into the workflow, so that CI checks the plan with the
tool its author used. It comes from the installed distribution's metadata: PEP 610's
`direct_url.json` when the tool was installed from a URL (a git commit, a local folder, an
archive), else its version, as installed from a package index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from commit_cli import __version__

DISTRIBUTION = "commit-cli"
# What to do when the runner cannot install the requirement (said with the requirement).
REACH = (
    "GitHub's runners cannot install it: set the repository variable COMMIT_CLI_SPEC to a"
    f" requirement they can (e.g. `{DISTRIBUTION} @ git+https://github.com/OWNER/commit@COMMIT`),"
    " or install commit-cli from such a URL and run `commit init` again"
)


@dataclass(frozen=True)
class ToolRequirement:
    """A pip requirement for the tool, what it names (in words), and whether a CI runner on
    the internet can install it."""

    text: str
    what: str
    reachable: bool = True

    def describe(self) -> str:
        """One line: what the workflow installs, and what to do when CI cannot."""
        said = f"the workflow installs {self.text} ({self.what})"
        return said if self.reachable else f"{said}; {REACH}"


def installed_distribution() -> metadata.Distribution | None:
    """The installed commit-cli distribution, or None when the code runs uninstalled."""
    try:
        return metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None


def tool_requirement(distribution: metadata.Distribution | None) -> ToolRequirement:
    """The requirement that installs what `distribution` is (see the module's docs)."""
    if distribution is None:
        return ToolRequirement(
            f"{DISTRIBUTION}=={__version__}",
            "the version of this code, which is not installed as a package here",
        )
    version = distribution.version
    try:
        direct = json.loads(distribution.read_text("direct_url.json") or "null")
    except (OSError, ValueError):
        direct = None
    url = direct.get("url") if isinstance(direct, dict) else None
    if not isinstance(direct, dict) or not isinstance(url, str) or not url.strip():
        return ToolRequirement(
            f"{DISTRIBUTION}=={version}", "the version installed here, from a package index"
        )
    return _direct(direct, _without_password(url.strip()), version)


def _direct(direct: dict[str, Any], url: str, version: str) -> ToolRequirement:
    """The PEP 508 direct reference for a PEP 610 record."""
    remote = urlsplit(url).scheme in ("https", "http")
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id")
        kind = vcs.get("vcs") if isinstance(vcs.get("vcs"), str) else "git"
        at = f"@{commit}" if isinstance(commit, str) and commit else ""
        reference = f"{DISTRIBUTION} @ {kind}+{url}{at}{_subdirectory(direct)}"
        what = f"the {kind} commit installed here, version {version}"
        return ToolRequirement(reference, what, remote)
    archive = direct.get("archive_info")
    if isinstance(archive, dict):
        digest = _archive_hash(archive)
        fragment = f"#{digest}" if digest else ""
        what = f"the archive installed here, version {version}"
        return ToolRequirement(f"{DISTRIBUTION} @ {url}{fragment}", what, remote)
    folder = direct.get("dir_info")
    editable = isinstance(folder, dict) and folder.get("editable") is True
    what = "a local folder, installed editable" if editable else "a local folder"
    return ToolRequirement(
        f"{DISTRIBUTION} @ {url}{_subdirectory(direct)}", f"{what}, version {version}", remote
    )


def _subdirectory(direct: dict[str, Any]) -> str:
    sub = direct.get("subdirectory")
    return f"#subdirectory={sub}" if isinstance(sub, str) and sub else ""


def _archive_hash(archive: dict[str, Any]) -> str:
    """`sha256=…` (the strongest hash recorded), as pip's URL fragment takes it."""
    hashes = archive.get("hashes")
    if isinstance(hashes, dict):
        for name in ("sha512", "sha384", "sha256", "sha224"):
            value = hashes.get(name)
            if isinstance(value, str) and value:
                return f"{name}={value}"
    single = archive.get("hash")  # the older form: "sha256=…"
    return single if isinstance(single, str) and "=" in single else ""


def _without_password(url: str) -> str:
    """`url` without a password (a workflow is public; PEP 610 allows only `git@` or
    environment variables there, but a record may hold more)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=host))
