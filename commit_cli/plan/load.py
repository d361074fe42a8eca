"""Loading a plan from its source into a validated `Plan`, with every problem located."""

from __future__ import annotations

import gc
import pickle
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from commit_cli.core.model import PPC, Plan, PlanHeader
from commit_cli.plan.cache import ResultCache
from commit_cli.plan.sources import PlanSource
from commit_cli.problems import (
    Problem,
    Severity,
    problems_from_json,
    problems_to_json,
)

if TYPE_CHECKING:
    from commit_cli.yamlio.reader import YamlIssue

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass
class SourceFile:
    name: str
    text: str | None = None
    cache_key: str = ""
    raw_data: Any = None  # the parsed data of a file that failed validation


@dataclass
class LoadResult:
    """A loaded plan (None when the plan has any error) and every problem, located and
    sorted by file and line.

    `readable` is what can be read even so: the header and every PPC file that is itself
    valid (None when the header is not); `left_out` names the PPC files it lacks, and
    `ppc_files` the file each of its PPCs is written in (PPC id → file)."""

    plan: Plan | None
    problems: list[Problem]
    files: list[SourceFile] = field(default_factory=list)
    cross_checked: bool = True
    readable: Plan | None = None
    left_out: list[str] = field(default_factory=list)
    ppc_files: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


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
    plan_source: PlanSource,
    source: SourceFile,
    model: type[ModelT],
    what: str,
    cache: ResultCache | None,
) -> tuple[ModelT | None, list[Problem]]:
    raw = plan_source.read(source.name)
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
    validation and no validator build (see `plan.cache` for why reading them is safe)."""
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
    from commit_cli.plan.schema_errors import problems_from_validation_error
    from commit_cli.yamlio.reader import YamlSyntaxError, load_data

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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building many small objects triggers the cyclic GC over and over; pausing it during
    a load makes libyaml loading 2-3x faster (benchmarks/RESULTS.md). Nothing cyclic is built.
    Re-entrant: an inner pause leaves the collector as the outer one found it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_plan(
    source: PlanSource, cache: ResultCache | None = None, today: date | None = None
) -> LoadResult:
    """Read, validate and check a whole plan; never raises for bad plan content (only
    EnvironmentFailure when the source cannot be read).

    With a cache, files whose bytes were validated before are not parsed again, and the
    cross-file checks of an unchanged plan are not run again. The checks that compare the
    plan with `today` (an actual date in the future) run only when it is given, and then on
    every load, never cached: the same bytes can pass them one day and fail them the next.
    The caller reads the clock; nothing below does.
    """
    with gc_paused():
        return _load_plan(source, cache, today)


def _load_plan(
    plan_source: PlanSource, cache: ResultCache | None, today: date | None
) -> LoadResult:
    names = plan_source.files()
    header_source = SourceFile(names.header)
    ppc_sources = [SourceFile(name) for name in names.ppcs]
    sources = [header_source, *ppc_sources]
    header, problems = _read_model(
        plan_source, header_source, PlanHeader, "the plan's header", cache
    )
    problems.extend(
        Problem(
            name,
            f"not read: PPC files end in .yaml; rename it to {PurePath(name).stem}.yaml",
            "ignored-file",
            Severity.warning,
            line=1,
            column=1,
        )
        for name in names.ignored
    )
    ppcs: list[PPC] = []
    valid_sources: list[SourceFile] = []
    failed: list[SourceFile] = []
    for source in ppc_sources:
        ppc, ppc_problems = _read_model(plan_source, source, PPC, "one PPC", cache)
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
                _partial_cross_file_problems(plan, header_source, valid_sources, failed, today)
            )
        else:
            problems.extend(_cross_file_problems(plan, header_source, ppc_sources, cache))
            if today is not None:
                problems.extend(_today_problems(plan, header_source, ppc_sources, today))
    if problems:
        from commit_cli.yamlio.positions import locate_problems

        problems = sorted(
            locate_problems(problems, _texts_of(plan_source, sources, problems)),
            key=Problem.sort_key,
        )
    readable = plan
    if any(p.severity == "error" for p in problems):
        plan = None
    return LoadResult(
        plan,
        problems,
        sources,
        cross_checked=cross_checked,
        readable=readable,
        left_out=[s.name for s in failed],
        ppc_files={ppc.id: s.name for ppc, s in zip(ppcs, valid_sources, strict=True)},
    )


def _partial_cross_file_problems(
    plan: Plan,
    header: SourceFile,
    valid: list[SourceFile],
    failed: list[SourceFile],
    today: date | None,
) -> list[Problem]:
    """Cross-file checks while some PPC files fail validation: over the valid files, with
    the ids that the failing files declare counted as known (never cached)."""
    from commit_cli.plan.checks import check_plan, check_plan_today

    unreadable = [(s.name, s.raw_data) for s in failed if isinstance(s.raw_data, dict)]
    names = [s.name for s in valid]
    problems = check_plan(plan, header.name, names, unreadable)
    if today is not None:
        problems += check_plan_today(plan, header.name, names, today, unreadable)
    return problems


def _today_problems(
    plan: Plan, header: SourceFile, ppcs: list[SourceFile], today: date
) -> list[Problem]:
    """The checks that depend on today: run every time, never cached."""
    from commit_cli.plan.checks import check_plan_today

    return check_plan_today(plan, header.name, [s.name for s in ppcs], today)


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
    from commit_cli.plan.checks import check_plan

    problems = check_plan(plan, header.name, [s.name for s in ppcs])
    if cache is not None:
        cache.put(key, problems_to_json(problems))
    return problems


def _texts_of(
    plan_source: PlanSource, sources: list[SourceFile], problems: list[Problem]
) -> dict[str, str]:
    """The text of every file that has a problem still to be located."""
    wanted = {p.file for p in problems if not p.line}
    texts: dict[str, str] = {}
    for source in sources:
        if source.name in wanted:
            text = source.text
            if text is None:
                text, _ = _decode(source, plan_source.read(source.name))
            if text is not None:
                texts[source.name] = text
    return texts
