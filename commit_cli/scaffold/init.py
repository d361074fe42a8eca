"""`commit init`: write a new plan repository into an empty folder.

The files come from this repository (its bundled plan, `.github/workflows/plan.yml`,
`.yamllint.yaml`); a wheel carries them inside the package as `commit_cli/scaffold/files`
(pyproject's force-include), an editable install finds them next to the package.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from commit_cli import git_process
from commit_cli.core.jsonschema import schema_texts
from commit_cli.errors import EnvironmentFailure, UsageError
from commit_cli.scaffold.blank import blank_plan_yaml, blank_ppc_yaml
from commit_cli.scaffold.requirement import ToolRequirement

PACKAGE_DIR = Path(__file__).resolve().parent.parent
WORKFLOW = ".github/workflows/plan.yml"
FILES = ("plan", WORKFLOW, ".yamllint.yaml")
# The workflow's line that names the commit-cli to install (written with the exact one).
REQUIREMENT_LINE = re.compile(r"^(  COMMIT_CLI_REQUIREMENT: ).*$", re.MULTILINE)

PRE_COMMIT_CONFIG = """\
# pre-commit hooks (https://pre-commit.com): `pip install pre-commit && pre-commit install`.
# They run the `commit` on PATH, so install commit-cli where pre-commit runs.
repos:
  - repo: local
    hooks:
      # What the commit adds: errors always stop it, a warning only when it is new since
      # the last commit (as CI judges a pull request against its base).
      - id: commit-validate
        name: commit validate
        entry: commit validate --new-since HEAD
        language: unsupported
        files: ^plan/.*\\.ya?ml$
        pass_filenames: false
      - id: commit-fmt
        name: commit fmt
        entry: commit fmt
        language: unsupported
        files: ^plan/.*\\.ya?ml$
"""

README = """\
# {title}

A plan of action kept as YAML in git, tracked with
[commit](https://pypi.org/project/commit-cli/).

- `plan/plan.yaml`: the plan-wide data; `plan/ppcs/*.yaml`: one file per project proposal.
- `commit validate` checks the plan; `commit status` shows where it stands; `commit --help`
  lists every command.
- `schema/`: JSON Schemas for editors (VS Code's YAML extension reads the first line of each
  plan file); `commit schema -o schema/` refreshes them.
- `templates/`: your own report templates, used before the built-in ones.
- `.github/workflows/plan.yml`: CI for pull requests and `report/*` tags;
  `.pre-commit-config.yaml`: the same checks before each commit.

## The plan's web site

Every push to the default branch builds the plan's web site (`commit site`) and publishes it
on GitHub Pages, at `https://OWNER.github.io/REPOSITORY/` (your account or organisation and
this repository's name). Once, in the repository's Settings → Pages, set "Source" to "GitHub
Actions". Each pull request gets the site as a downloadable artifact (`site`), next to its
semantic diff. `commit site -o public/` builds it on your machine: open `public/index.html`.
"""

BLANK_TITLE = "My plan of action"
BUNDLED_TITLE = "COMMIT Sub-regional Plan of Action 2005–2007"


@dataclass
class InitResult:
    folder: Path
    requirement: ToolRequirement
    written: list[str] = field(default_factory=list)
    committed: bool = False
    note: str | None = None


def source_file(relative: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """A file to copy: inside the package (a wheel; the plan is the one `commit demo` uses,
    `commit_cli/bundled_plan`), else in the repository beside it."""
    inside = "bundled_plan" if relative == "plan" else f"scaffold/files/{relative}"
    for candidate in (package_dir / inside, package_dir.parent / relative):
        if candidate.exists():
            return candidate
    raise EnvironmentFailure(
        f"the files for a new plan repository are missing ({relative}); reinstall commit-cli"
    )


def check_empty(folder: Path) -> None:
    try:
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise UsageError(
                f"{folder} is not an empty folder; `commit init` writes a new plan repository"
                " only into a new or empty folder"
            )
    except OSError as exc:
        raise EnvironmentFailure(f"cannot read {folder}: {exc.strerror or exc}") from None


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted string: printable ASCII as it is (but the quote and
    the backslash), everything else escaped, so no character can end the string, start a
    comment or break the line."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def workflow_text(template: str, requirement: ToolRequirement) -> str:
    """The workflow, installing `requirement`."""
    found = REQUIREMENT_LINE.findall(template)
    if len(found) != 1:
        raise EnvironmentFailure(
            f"the workflow to copy ({WORKFLOW}) does not say which commit-cli to install"
            " (no `COMMIT_CLI_REQUIREMENT:` line); reinstall commit-cli"
        )
    value = yaml_quoted(requirement.text)
    return REQUIREMENT_LINE.sub(lambda match: match[1] + value, template)


def init_repository(
    folder: Path, blank: bool, today: date, requirement: ToolRequirement
) -> InitResult:
    """Write the plan repository into `folder` (new or empty), with a workflow that
    installs `requirement`, then `git init` and commit."""
    check_empty(folder)
    workflow = workflow_text(source_file(WORKFLOW).read_text(encoding="utf-8"), requirement)
    result = InitResult(folder, requirement)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if blank:
            _write(folder, "plan/plan.yaml", blank_plan_yaml(today.year), result)
            _write(folder, "plan/ppcs/ppc-01.yaml", blank_ppc_yaml(today.year), result)
        else:
            shutil.copytree(source_file("plan"), folder / "plan")
            result.written.append("plan/")
        _write(folder, WORKFLOW, workflow, result)
        for relative in FILES[2:]:
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_file(relative), target)
            result.written.append(relative)
        for name, text in schema_texts().items():
            _write(folder, f"schema/{name}", text, result)
        _write(folder, ".pre-commit-config.yaml", PRE_COMMIT_CONFIG, result)
        _write(folder, "templates/.gitkeep", "", result)
        title = BLANK_TITLE if blank else BUNDLED_TITLE
        _write(folder, "README.md", README.format(title=title), result)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot write into {folder}: {exc.strerror or exc}") from None
    _git_first_commit(folder, result)
    return result


def _write(folder: Path, relative: str, text: str, result: InitResult) -> None:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    result.written.append(relative)


# What the user's own configuration says about a new repository: who commits, and the name
# of the first branch (read from the user's and the system's configuration only).
USER_SETTINGS = r"^(user|author|committer)\.(name|email)$|^init\.defaultbranch$"


def _git(
    git: str, folder: Path, *args: str, settings: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """git on the new repository only (`git init` makes it; every later command names its
    git folder and work tree outright), under the fixed configuration, with no `GIT_*`
    variable but ours and the committer's name."""
    identity = {k: v for k in git_process.IDENTITY_VARIABLES if (v := os.environ.get(k))}
    where = (
        ()
        if args[0] == "init"
        else ("--git-dir", str(folder.absolute() / ".git"), "--work-tree", ".")
    )
    return subprocess.run(
        git_process.git_command(git, *where, *args, settings=settings),
        cwd=folder,
        env=git_process.git_environment(identity),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def _git_first_commit(folder: Path, result: InitResult) -> None:
    """`git init` and a first commit, in `folder` and nowhere else (whatever `GIT_DIR` or
    `GIT_WORK_TREE` say); without a git identity, the files stay uncommitted and the note
    says how to commit them (we never invent an author)."""
    git = git_process.find_git()
    if git is None:
        result.note = "git is not installed: the files are written, not committed"
        return
    try:
        done = _git(git, folder, "init", "--quiet", ".")
        if done.returncode != 0:
            raise EnvironmentFailure(f"git init failed in {folder}: {done.stderr.strip()}")
        # Read once the repository exists, so that `includeIf "gitdir:…"` sections apply.
        mine = git_process.user_settings(git, USER_SETTINGS, cwd=str(folder))
        settings = tuple(f"{key}={value}" for key, value in mine if key != "init.defaultbranch")
        branch = next((v for k, v in reversed(mine) if k == "init.defaultbranch" and v), None)
        if branch is not None:
            _git(git, folder, "symbolic-ref", "HEAD", f"refs/heads/{branch}")  # else git's own
        done = _git(git, folder, "add", "-A")
        if done.returncode != 0:
            raise EnvironmentFailure(f"git add failed in {folder}: {done.stderr.strip()}")
        message = "A new plan repository (commit init)"
        done = _git(git, folder, "commit", "-q", "-m", message, settings=settings)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        result.note = (
            "the files are written and staged but not committed (git said: "
            f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'no reason'});"
            " set user.name and user.email, then `git commit`"
        )
        return
    result.committed = True
