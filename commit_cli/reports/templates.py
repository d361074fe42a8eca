"""Where report templates are: the defaults, a plan repository's own, and `--templates`.

The defaults live in the repository's top-level `templates/` (the project's layout). A wheel
carries them inside the package as `commit_cli/templates` (pyproject's force-include); an
editable install runs from the repository, where they sit next to the package.

A template is found by file name in the first of: the `--templates` folder, the plan
repository's `templates/` (next to `plan/`), the defaults. So a plan repository overrides
any default, a partial (`_macros.md.j2`) included, by holding a file of the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from commit_cli.core.hints import did_you_mean
from commit_cli.errors import BrokenTemplate, EnvironmentFailure, NotFound, UsageError

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR_NAME = "templates"
TEMPLATE_SUFFIX = ".j2"
MAX_TEMPLATE_BYTES = 1024 * 1024


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


@dataclass(frozen=True)
class TemplateFolder:
    """One folder templates are looked up in, and how it is named in messages."""

    path: Path
    origin: str  # "--templates", "plan" or "default"
    shown: str  # the folder as messages print it, e.g. "templates"

    def names(self) -> list[str]:
        try:
            return sorted(
                entry.name
                for entry in self.path.iterdir()
                if entry.name.endswith(TEMPLATE_SUFFIX) and entry.is_file()
            )
        except OSError as exc:
            raise EnvironmentFailure(
                f"cannot read the templates folder {self.shown}: {exc.strerror or exc}"
            ) from None


def _shown(path: Path) -> str:
    """A folder as the user would write it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) or "."
    except (OSError, ValueError):
        return str(path)


def template_folders(plan_dir: Path | None, explicit: Path | None) -> list[TemplateFolder]:
    """The folders to look in, first match wins: `--templates`, the plan repository's
    `templates/`, the defaults (a folder listed twice is looked in once)."""
    folders: list[TemplateFolder] = []
    if explicit is not None:
        if not explicit.is_dir():
            raise EnvironmentFailure(
                f"--templates: the folder '{explicit}' does not exist or is not a folder"
            )
        folders.append(TemplateFolder(explicit, "--templates", str(explicit)))
    default = default_templates_dir()
    if plan_dir is not None:
        own = plan_dir.parent / TEMPLATES_DIR_NAME
        if own.is_symlink():
            raise BrokenTemplate(
                f"{_shown(own)}: refused: the templates folder is a symbolic link; a plan"
                " repository's templates must be a real folder (templates read only files"
                " inside it)"
            )
        if own.is_dir() and own.resolve() != default.resolve():
            folders.append(TemplateFolder(own, "plan", _shown(own)))
    folders.append(TemplateFolder(default, "default", _shown(default)))
    unique: list[TemplateFolder] = []
    seen: set[Path] = set()
    for folder in folders:
        key = folder.path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(folder)
    return unique


@dataclass(frozen=True)
class TemplateEntry:
    """A template name, the folder it is taken from, and the defaults it overrides."""

    name: str
    origin: str
    path: str
    overrides_default: bool

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "origin": self.origin,
            "path": self.path,
            "overrides_default": self.overrides_default,
        }


def list_templates(folders: list[TemplateFolder]) -> list[TemplateEntry]:
    """Every template name, with the folder that provides it (the first that has it)."""
    defaults = {name for f in folders if f.origin == "default" for name in f.names()}
    chosen: dict[str, TemplateEntry] = {}
    for folder in folders:
        for name in folder.names():
            if name not in chosen:
                chosen[name] = TemplateEntry(
                    name,
                    folder.origin,
                    f"{folder.shown}/{name}",
                    folder.origin != "default" and name in defaults,
                )
    return [chosen[name] for name in sorted(chosen)]


def _expand(name: str, available: list[str]) -> list[str]:
    """A file name (`summary.md.j2`, or without `.j2`) or a report kind (`summary`: its md
    and html templates)."""
    wanted = name.strip()
    if wanted in available:
        return [wanted]
    if f"{wanted}{TEMPLATE_SUFFIX}" in available:
        return [f"{wanted}{TEMPLATE_SUFFIX}"]
    return [n for n in available if n.split(".")[0] == wanted and not wanted.startswith("_")]


def is_template_name(name: str) -> bool:
    """Whether `name` names default templates (so it is not the folder to copy into)."""
    try:
        available = TemplateFolder(default_templates_dir(), "default", "").names()
    except EnvironmentFailure:
        return False
    return bool(_expand(name, available))


def copy_templates(
    names: list[str], target: Path, force: bool = False, plan_dir: Path | None = None
) -> list[Path]:
    """Copy default templates into `target` (created when missing) to start a custom one.
    Refuses to replace a file there unless `force`, and never writes through a link (a link
    planted in `templates/` could point at a plan file, or anywhere); refuses a `target`
    inside `plan_dir`. An unknown name names the closest."""
    from commit_cli.export.files import make_output_folder, write_bytes_atomically

    default = default_templates_dir()
    available = TemplateFolder(default, "default", "").names()
    chosen: list[str] = []
    for name in names:
        found = _expand(name, available)
        if not found:
            raise NotFound(
                f"no default template '{name}'{did_you_mean(name, available)}"
                f" (`commit templates list` shows them)"
            )
        chosen.extend(n for n in found if n not in chosen)
    make_output_folder(target, plan_dir)
    for name in chosen:
        path = target / name
        if path.is_symlink():
            raise UsageError(
                f"refusing to write {path}: it is a symbolic link, and writes never follow"
                " links; remove the link first"
            )
    existing = [name for name in chosen if (target / name).exists()]
    if existing and not force:
        raise UsageError(
            f"{target / existing[0]} exists; edit it, remove it, or pass --force to replace it"
        )
    copied = []
    for name in chosen:
        try:
            data = (default / name).read_bytes()
        except OSError as exc:
            raise EnvironmentFailure(
                f"cannot read the default template {name}: {exc.strerror or exc}"
            ) from None
        write_bytes_atomically(target / name, data, plan_dir, replace=force)
        copied.append(target / name)
    return copied
