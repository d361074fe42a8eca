"""Finding a plan folder and loading it into a validated `Plan`, with every problem located.

A plan folder holds `plan.yaml` (plan-wide data) and `ppcs/*.yaml` (one file per PPC, so
pull requests on different PPCs never touch the same file).
"""

from __future__ import annotations

import gc
import os
import pickle
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from commit_cli.cache import ResultCache
from commit_cli.model import PPC, Plan, PlanHeader
from commit_cli.problems import (
    CommitError,
    Problem,
    Severity,
    problems_from_json,
    problems_to_json,
)

if TYPE_CHECKING:
    from commit_cli.yamlread import YamlIssue

PLAN_DIR_NAME = "plan"
HEADER_FILE = "plan.yaml"
PPC_DIR = "ppcs"
PLAN_ENV_VAR = "COMMIT_PLAN"

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)

ModelT = TypeVar("ModelT", bound=BaseModel)


def find_plan_dir(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The plan folder: `explicit` (from --plan or COMMIT_PLAN), else `plan/` in the current
    folder or the nearest ancestor that has one."""
    if explicit is not None:
        if not explicit.is_dir():
            raise CommitError(f"plan folder '{explicit}' does not exist or is not a folder")
        if not (explicit / HEADER_FILE).is_file():
            raise CommitError(f"'{explicit}' is not a plan folder: it has no {HEADER_FILE}")
        return explicit
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / PLAN_DIR_NAME
        if (candidate / HEADER_FILE).is_file():
            return candidate
        if folder.name == PLAN_DIR_NAME and (folder / HEADER_FILE).is_file():
            return folder
    raise CommitError(
        f"no plan found: no {PLAN_DIR_NAME}/{HEADER_FILE} in {here} or its parents;"
        f" pass --plan DIR or set {PLAN_ENV_VAR}"
    )


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@dataclass
class SourceFile:
    path: Path
    name: str
    text: str | None = None
    cache_key: str = ""
    raw_data: Any = None  # the parsed data of a file that failed validation


@dataclass
class LoadResult:
    """A loaded plan (None when any file could not be read or validated) and every problem,
    located and sorted by file and line."""

    plan: Plan | None
    problems: list[Problem]
    files: list[SourceFile] = field(default_factory=list)
    cross_checked: bool = True

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _read_bytes(source: SourceFile) -> bytes:
    try:
        return source.path.read_bytes()
    except OSError as exc:
        raise CommitError(f"cannot read {source.name}: {exc.strerror or exc}") from None


def _decode(source: SourceFile, raw: bytes) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x});"
            " save it with UTF-8 encoding"
        )
        return None, [Problem(source.name, message, "encoding", line=line, column=column)]


def _conflict_markers(source: SourceFile, text: str) -> list[Problem]:
    return [
        Problem(
            source.name,
            "git merge-conflict marker left in the file; resolve the conflict and delete"
            " the marker lines",
            "merge-conflict",
            line=text.count("\n", 0, match.start()) + 1,
            column=1,
        )
        for match in _CONFLICT_MARKER.finditer(text)
    ]


def _issue_problem(source: SourceFile, issue: YamlIssue) -> Problem:
    return Problem(source.name, issue.message, issue.code, line=issue.line, column=issue.column)


def _read_model(
    source: SourceFile, model: type[ModelT], what: str, cache: ResultCache | None
) -> tuple[ModelT | None, list[Problem]]:
    raw = _read_bytes(source)
    if cache is not None:
        source.cache_key = cache.key(model.__name__, raw)
        cached = _cached_model(cache, source.cache_key, model)
        if cached is not None:
            return cached, []
    result, problems = _parse_model(source, raw, model, what)
    if cache is not None and result is not None and not problems:
        cache.put(source.cache_key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result, problems


def _cached_model(cache: ResultCache, key: str, model: type[ModelT]) -> ModelT | None:
    """The validated model stored under `key`, or None when the entry is missing or unusable.

    Entries are pickles of models that passed validation when written, so loading needs no
    validation and no validator build (see `cache` for why reading them is safe)."""
    data = cache.get(key)
    if data is None:
        return None
    try:
        result = pickle.loads(data)
    except Exception:  # any unreadable entry is rebuilt, whatever broke it
        return None
    return result if isinstance(result, model) else None


def _parse_model(
    source: SourceFile, raw: bytes, model: type[ModelT], what: str
) -> tuple[ModelT | None, list[Problem]]:
    from commit_cli.schema_errors import problems_from_validation_error
    from commit_cli.yamlread import YamlSyntaxError, load_data

    text, problems = _decode(source, raw)
    if text is None:
        return None, problems
    source.text = text
    problems = _conflict_markers(source, text)
    if problems:
        return None, problems
    try:
        data, issues = load_data(text)
    except YamlSyntaxError as exc:
        return None, [_issue_problem(source, exc.issue)]
    problems = [_issue_problem(source, issue) for issue in issues]
    if data is None:
        message = f"the file is empty; it should hold {what}"
        return None, [*problems, Problem(source.name, message, "empty-file", line=1, column=1)]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"'{data}'"
        message = f"the file should hold {what} (key: value lines), but holds {found}"
        return None, [*problems, Problem(source.name, message, "not-a-mapping", line=1, column=1)]
    try:
        return model.model_validate(data), problems
    except ValidationError as exc:
        source.raw_data = data
        return None, problems + problems_from_validation_error(exc, model, source.name)


def plan_sources(plan_dir: Path) -> tuple[SourceFile, list[SourceFile], list[Path]]:
    """The header file, the PPC files (`ppcs/*.yaml`, in name order) and the files in `ppcs/`
    that look like plan files but are not read (`*.yml`). Hidden files (editor locks and
    swap copies) are neither."""
    header = plan_dir / HEADER_FILE
    folder = plan_dir / PPC_DIR
    try:
        names = (
            sorted(p for p in folder.iterdir() if not p.name.startswith("."))
            if (folder.is_dir())
            else []
        )
    except OSError as exc:
        raise CommitError(f"cannot read the folder {folder}: {exc.strerror or exc}") from None
    return (
        SourceFile(header, display_path(header)),
        [SourceFile(path, display_path(path)) for path in names if path.suffix == ".yaml"],
        [path for path in names if path.suffix == ".yml"],
    )


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building many small objects triggers the cyclic GC over and over; pausing it during
    a load makes libyaml loading 2-3x faster (see PERF-NOTES.md). Nothing cyclic is built.
    Re-entrant: an inner pause leaves the collector as the outer one found it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_plan(plan_dir: Path, cache: ResultCache | None = None) -> LoadResult:
    """Read, validate and check a whole plan folder; never raises for bad plan content.

    With a cache, files whose bytes were validated before are not parsed again, and the
    cross-file checks of an unchanged plan are not run again.
    """
    with gc_paused():
        return _load_plan(plan_dir, cache)


def _load_plan(plan_dir: Path, cache: ResultCache | None) -> LoadResult:
    header_source, ppc_sources, ignored = plan_sources(plan_dir)
    sources = [header_source, *ppc_sources]
    header, problems = _read_model(header_source, PlanHeader, "the plan's header", cache)
    problems.extend(
        Problem(
            display_path(path),
            f"not read: PPC files end in .yaml; rename it to {path.stem}.yaml",
            "ignored-file",
            Severity.warning,
            line=1,
            column=1,
        )
        for path in ignored
    )
    ppcs: list[PPC] = []
    valid_sources: list[SourceFile] = []
    failed: list[SourceFile] = []
    for source in ppc_sources:
        ppc, ppc_problems = _read_model(source, PPC, "one PPC", cache)
        problems.extend(ppc_problems)
        if ppc is not None:
            ppcs.append(ppc)
            valid_sources.append(source)
        else:
            failed.append(source)
    plan: Plan | None = None
    # Cross-file checks need every file's ids: a file that could not even be parsed hides them.
    cross_checked = header is not None and all(isinstance(s.raw_data, dict) for s in failed)
    if header is not None:
        plan = Plan.model_construct(**dict(header), ppcs=ppcs)
    if plan is not None and cross_checked:
        if failed:
            problems.extend(
                _partial_cross_file_problems(plan, header_source, valid_sources, failed)
            )
        else:
            problems.extend(_cross_file_problems(plan, header_source, ppc_sources, cache))
    if problems:
        from commit_cli.positions import locate_problems

        problems = sorted(
            locate_problems(problems, _texts_of(sources, problems)), key=Problem.sort_key
        )
    if any(p.severity == "error" for p in problems):
        plan = None
    return LoadResult(plan, problems, sources, cross_checked=cross_checked)


def _partial_cross_file_problems(
    plan: Plan, header: SourceFile, valid: list[SourceFile], failed: list[SourceFile]
) -> list[Problem]:
    """Cross-file checks while some PPC files fail validation: over the valid files, with
    the ids that the failing files declare counted as known (never cached)."""
    from commit_cli.checks import check_plan

    unreadable = [(s.name, s.raw_data) for s in failed if isinstance(s.raw_data, dict)]
    return check_plan(plan, header.name, [s.name for s in valid], unreadable)


def _cross_file_problems(
    plan: Plan, header: SourceFile, ppcs: list[SourceFile], cache: ResultCache | None
) -> list[Problem]:
    key = ""
    if cache is not None:
        parts = [part.encode() for s in (header, *ppcs) for part in (s.name, s.cache_key)]
        key = cache.key("checks", *parts)
        cached = cache.get(key)
        if cached is not None:
            try:
                return problems_from_json(cached)
            except (ValueError, TypeError, KeyError):
                pass  # unreadable entry: check again and rewrite it
    from commit_cli.checks import check_plan

    problems = check_plan(plan, header.name, [s.name for s in ppcs])
    if cache is not None:
        cache.put(key, problems_to_json(problems))
    return problems


def _texts_of(sources: list[SourceFile], problems: list[Problem]) -> dict[str, str]:
    """The text of every file that has a problem still to be located."""
    wanted = {p.file for p in problems if not p.line}
    texts: dict[str, str] = {}
    for source in sources:
        if source.name in wanted:
            text = source.text
            if text is None:
                text, _ = _decode(source, _read_bytes(source))
            if text is not None:
                texts[source.name] = text
    return texts


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (dates as ISO strings), in the model's field order."""
    return plan.model_dump(mode="json")
