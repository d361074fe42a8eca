"""Loading a plan from its source into a validated `Plan`, with every problem located."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeVar

from commit_cli.core.model import PPC, Plan, PlanHeader
from commit_cli.core.record import Record
from commit_cli.plan.cache import ResultCache, digest
from commit_cli.plan.sources import PlanSource, RefusedFile, not_read_reason
from commit_cli.problems import (
    Problem,
    Severity,
    YamlPath,
    problems_from_json,
    problems_to_json,
    summarise_repeats,
)
from commit_cli.safetext import UNSAFE_IN_BLOCK, unsafe_characters
from commit_cli.yamlio.lines import LineIndex

if TYPE_CHECKING:
    from commit_cli.plan.checks import Across
    from commit_cli.plan.checks.facts import HeaderFileFacts
    from commit_cli.yamlio.reader import YamlIssue
    from commit_cli.yamlio.splice import Parsed

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_MARKERS = ("<" * 7, "=" * 7, ">" * 7, "|" * 7)

ModelT = TypeVar("ModelT", bound=Record)
# What a file's cache entry holds: (ENTRY_FORMAT, its record, the digest of its facts).
ENTRY_FORMAT = "record+facts"


@dataclass
class SourceFile:
    name: str
    text: str | None = None
    cache_key: str = ""
    facts: str = ""  # the digest of its facts (`plan.checks.facts`), when read with a cache
    raw_data: Any = None  # the parsed data of a file that failed validation
    parsed: Parsed | None = None  # its text and data, when it read without YAML problems
    keep_parsed: bool = False  # keep `parsed` (for the next version: `read_file`)
    model: Record | None = None  # what the file holds, when it validated
    own_problems: list[Problem] = field(default_factory=list)  # its own, not cross-file


@dataclass
class LoadResult:
    """A loaded plan (None when the plan has any error) and every problem, located and
    sorted by file and line.

    `readable` is what can be read even so: the header and every PPC file that is itself
    valid (None when the header is not); `left_out` names the PPC files it lacks,
    `ppc_file_of` the file each of its PPCs is written in (PPC id → file), and `ppc_files`
    each valid PPC by file name."""

    plan: Plan | None
    problems: list[Problem]
    files: list[SourceFile] = field(default_factory=list)
    cross_checked: bool = True
    header: PlanHeader | None = None
    ppc_files: dict[str, PPC] = field(default_factory=dict)  # each valid PPC, by file name
    readable: Plan | None = None
    left_out: list[str] = field(default_factory=list)
    ppc_file_of: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def error_count(self) -> int:
        """How many errors, counting those a summary line stands for."""
        return sum(p.count for p in self.errors)

    @property
    def warning_count(self) -> int:
        return sum(p.count for p in self.warnings)


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
    return conflict_markers(source.name, text)


def conflict_markers(name: str, text: str) -> list[Problem]:
    """A problem for every git merge-conflict marker line in `text`."""
    if not any(marker in text for marker in _MARKERS):  # a substring search: no regex scan
        return []
    lines = LineIndex(text)
    return [
        Problem(
            name,
            "git merge-conflict marker left in the file; resolve the conflict and delete"
            " the marker lines",
            "merge-conflict",
            line=lines.position(match.start())[0],
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
    reuse: Mapping[str, SourceFile],
    previous: Parsed | None = None,
) -> tuple[ModelT | None, list[Problem]]:
    result, problems = _read_model_once(plan_source, source, model, what, cache, reuse, previous)
    source.model = result
    source.own_problems = list(problems)
    return result, problems


def _read_model_once(
    plan_source: PlanSource,
    source: SourceFile,
    model: type[ModelT],
    what: str,
    cache: ResultCache | None,
    reuse: Mapping[str, SourceFile],
    previous: Parsed | None,
) -> tuple[ModelT | None, list[Problem]]:
    earlier = reuse.get(source.name)
    if earlier is not None and isinstance(earlier.model, model):
        source.cache_key = earlier.cache_key
        source.facts = earlier.facts
        source.raw_data = earlier.raw_data
        return earlier.model, list(earlier.own_problems)
    content_id = plan_source.content_id(source.name)
    raw: bytes | None = None
    try:
        if cache is not None:
            if content_id is not None:  # a git blob: its id names its bytes
                source.cache_key = cache.key(model.__name__, b"content-id", content_id.encode())
            else:
                raw = plan_source.read(source.name)
                source.cache_key = cache.key(model.__name__, raw)
            cached = _cached_model(cache, source.cache_key, model)
            if cached is not None:
                record, source.facts = cached
                return record, []
        if raw is None:
            raw = plan_source.read(source.name)
    except RefusedFile as refused:
        return None, [Problem(source.name, refused.reason, "refused-file", line=1, column=1)]
    result, problems = _parse_model(source, raw, model, what, previous)
    if cache is not None and result is not None:
        source.facts = facts_digest(result)
        if not problems:
            entry = (ENTRY_FORMAT, result, source.facts)
            cache.put(source.cache_key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    return result, problems


def facts_digest(record: Record) -> str:
    """The digest of what the rules across files read of a plan file (its facts)."""
    from commit_cli.plan.checks.facts import encode, file_facts

    assert isinstance(record, PlanHeader | PPC)
    return digest(encode(file_facts(record)))


def read_file(
    plan_source: PlanSource,
    name: str,
    model: type[ModelT],
    what: str,
    cache: ResultCache | None = None,
    previous: Parsed | None = None,
) -> tuple[ModelT | None, list[Problem], Parsed | None]:
    """One file of a plan, validated on its own (no cross-file checks), with its problems
    located: for reading files one by one, as the history stage does revision by revision.

    `previous`, an earlier version of the file as read, lets an edited version be re-read
    only where it differs (`yamlio.splice`); the version read is returned for the next one
    (None when it came from the cache or did not read cleanly)."""
    source = SourceFile(name, keep_parsed=True)
    result, problems = _read_model(plan_source, source, model, what, cache, {}, previous)
    if problems:
        from commit_cli.yamlio.positions import locate_problems

        problems = sorted(
            locate_problems(problems, _texts_of(plan_source, [source], problems)),
            key=Problem.sort_key,
        )
    if any(p.severity == "error" for p in problems):
        result = None
    return result, problems, source.parsed


def _cached_model(cache: ResultCache, key: str, model: type[ModelT]) -> tuple[ModelT, str] | None:
    """The validated record stored under `key` and the digest of its facts, or None when the
    entry is missing or unusable.

    Entries are pickles of records that passed validation when written: reading one needs no
    validation and no pydantic (see `plan.cache` for why reading them is safe). The digest was
    taken from the record when it was written, in the same entry."""
    data = cache.get(key)
    if data is None:
        return None
    try:
        entry = pickle.loads(data)
    except Exception:  # any unreadable entry is rebuilt, whatever broke it
        return None
    if type(entry) is not tuple or len(entry) != 3 or entry[0] != ENTRY_FORMAT:
        return None
    _, record, facts = entry
    if type(record) is not model or len(record) != len(model._fields):
        return None  # another record, or one of an older shape
    if type(facts) is not str or not facts:
        return None
    return record, facts


def _parse_model(
    source: SourceFile,
    raw: bytes,
    model: type[ModelT],
    what: str,
    previous: Parsed | None = None,
) -> tuple[ModelT | None, list[Problem]]:
    from pydantic import ValidationError

    from commit_cli.core.schema import schema_of, to_record
    from commit_cli.plan.schema_errors import problems_from_validation_error
    from commit_cli.yamlio.reader import YamlSyntaxError

    text, problems = _decode(source, raw)
    if text is None:
        return None, problems
    source.text = text
    problems = _conflict_markers(source, text)
    if problems:
        return None, problems
    try:
        data, issues = _read_yaml(source, text, previous)
    except YamlSyntaxError as exc:
        return None, [_issue_problem(source, exc.issue)]
    problems = [_issue_problem(source, issue) for issue in issues]
    if data is None:
        message = f"the file is empty; it should hold {what}"
        return None, [*problems, Problem(source.name, message, "empty-file", line=1, column=1)]
    if not isinstance(data, dict):
        found = _kind_of_value(data)
        message = f"the file should hold {what} (key: value lines), but holds {found}"
        return None, [*problems, Problem(source.name, message, "not-a-mapping", line=1, column=1)]
    if "\\" in text or UNSAFE_IN_BLOCK.search(text):  # else no value can hold one
        problems.extend(unsafe_text_problems(source.name, data))
    schema = schema_of(model)
    try:
        record = to_record(schema.model_validate(data))
    except ValidationError as exc:
        source.raw_data = data
        return None, problems + problems_from_validation_error(exc, schema, source.name)
    assert isinstance(record, model)
    return record, problems


def unsafe_text_problems(file: str, data: Any) -> list[Problem]:
    """A warning for every key or text that holds control characters, bidi overrides or line
    separators: they are shown escaped, but a reviewer should see that they are there (a
    pasted terminal sequence, text reversed on screen). Paths are kept as links to their
    parent and spelt out only for a finding, so deep nesting costs no memory."""
    found: list[Problem] = []
    Link = tuple[Any, Any] | None  # (parent link, step)
    stack: list[tuple[Link, Any]] = [(None, data)]
    while stack:
        link, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                child = (link, key)
                if isinstance(key, str) and UNSAFE_IN_BLOCK.search(key):
                    found.append(_unsafe_text(file, _spelt(child), key, at_key=True))
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend(((link, i), item) for i, item in enumerate(value))
        elif isinstance(value, str) and UNSAFE_IN_BLOCK.search(value):
            found.append(_unsafe_text(file, _spelt(link), value, at_key=False))
    return found


def _spelt(link: tuple[Any, Any] | None) -> YamlPath:
    steps: list[Any] = []
    while link is not None:
        link, step = link
        steps.append(step)
    return tuple(reversed(steps))


def _unsafe_text(file: str, path: YamlPath, text: str, at_key: bool) -> Problem:
    characters = ", ".join(unsafe_characters(text))
    what = (
        "this key"
        if at_key
        else str(path[-1])
        if path and isinstance(path[-1], str)
        else "this text"
    )
    return Problem(
        file,
        f"{what} holds invisible control characters ({characters}); they are shown escaped,"
        " delete them",
        "control-character",
        Severity.warning,
        path,
        at_key,
    )


def _read_yaml(
    source: SourceFile, text: str, previous: Parsed | None
) -> tuple[Any, list[YamlIssue]]:
    """The file's data: spliced from `previous` where that is safe, else read whole."""
    from commit_cli.yamlio.reader import load_data
    from commit_cli.yamlio.splice import Parsed, splice

    if previous is not None:
        data = splice(previous, text)
        if data is not None:
            source.parsed = Parsed(text, data) if source.keep_parsed else None
            return data, []
    data, issues = load_data(text)
    if source.keep_parsed and isinstance(data, dict) and not issues:
        source.parsed = Parsed.of(text, data)
    return data, issues


def _kind_of_value(data: object) -> str:
    """What a file holds instead of a mapping, without quoting it: the file may be a link to
    a secret, and its content must not reach a CI log."""
    if isinstance(data, list):
        return "a list"
    if isinstance(data, bool):
        return "true or false"
    if isinstance(data, int | float):
        return "a number"
    return "a single line of text"


def load_plan(
    source: PlanSource,
    cache: ResultCache | None = None,
    reuse: Mapping[str, SourceFile] | None = None,
    today: date | None = None,
) -> LoadResult:
    """Read, validate and check a whole plan; never raises for bad plan content (only
    EnvironmentFailure when the source cannot be read).

    With a cache, files whose bytes were validated before are not parsed again, and the
    cross-file checks of an unchanged plan are not run again. Files named in `reuse` (from
    an earlier load of the same bytes, e.g. all but the one an edit changes) are taken as
    they were read then. The checks that compare the plan with `today` (an actual date in
    the future) run only when it is given, and then on every load, never cached: the same
    bytes can pass them one day and fail them the next. The caller reads the clock; nothing
    below does.
    """
    return _load_plan(source, cache, reuse or {}, today)


def _load_plan(
    plan_source: PlanSource,
    cache: ResultCache | None,
    reuse: Mapping[str, SourceFile],
    today: date | None,
) -> LoadResult:
    names = plan_source.files()
    header_source = SourceFile(names.header)
    ppc_sources = [SourceFile(name) for name in names.ppcs]
    sources = [header_source, *ppc_sources]
    header, problems = _read_model(
        plan_source, header_source, PlanHeader, "the plan's header", cache, reuse
    )
    problems.extend(
        Problem(
            name,
            not_read_reason(PurePath(name).name),
            "ignored-file",
            Severity.warning,
            line=1,
            column=1,
        )
        for name in names.ignored
    )
    if names.folder_problem is not None:
        folder, message = names.folder_problem
        problems.append(Problem(folder, message, "no-ppc-folder", line=1, column=1))
    ppcs: list[PPC] = []
    valid_sources: list[SourceFile] = []
    failed: list[SourceFile] = []
    for source in ppc_sources:
        ppc, ppc_problems = _read_model(plan_source, source, PPC, "one PPC", cache, reuse)
        problems.extend(ppc_problems)
        if ppc is not None:
            ppcs.append(ppc)
            valid_sources.append(source)
        else:
            failed.append(source)
    plan: Plan | None = None
    # Cross-file checks need every file's ids: a file that could not even be parsed hides them.
    cross_checked = (
        header is not None
        and names.folder_problem is None
        and all(isinstance(s.raw_data, dict) for s in failed)
    )
    if header is not None:
        plan = Plan.from_values((*header, ppcs))
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

        problems = summarise_repeats(problems)

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
        header=header,
        ppc_files={s.name: ppc for s, ppc in zip(valid_sources, ppcs, strict=True)},
        readable=readable,
        left_out=[s.name for s in failed],
        ppc_file_of={ppc.id: s.name for ppc, s in zip(ppcs, valid_sources, strict=True)},
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
    """The plan's cross-object problems: with a cache, those of the same bytes as found
    before; else `check_plan`, with the parts of them found before for the same facts."""
    from commit_cli.plan.checks import check_plan

    names = [s.name for s in ppcs]
    if cache is None:
        return check_plan(plan, header.name, names)
    parts = [part.encode() for s in (header, *ppcs) for part in (s.name, s.cache_key)]
    key = cache.key("checks", *parts)
    cached = cache.get(key)
    if cached is not None:
        try:
            return problems_from_json(cached)
        except (ValueError, TypeError, KeyError):
            pass  # unreadable entry: check again and rewrite it
    problems = check_plan(plan, header.name, names, memo=CachedParts(cache, plan, header, ppcs))
    cache.put(key, problems_to_json(problems))
    return problems


class CachedParts:
    """The parts of `check_plan` found before, from the cache (`plan.checks.Memo`).

    The rules across files are kept under the digests of every file's facts (with the file
    names): each file's digest comes with its record, so a warm run only combines them. The
    rules of one PPC file are kept under its content key, its name and the header's facts they
    read. An entry that does not read back is computed again and rewritten."""

    def __init__(
        self, cache: ResultCache, plan: Plan, header: SourceFile, ppcs: list[SourceFile]
    ) -> None:
        self.cache = cache
        self.plan = plan
        self.header = header
        self.ppcs = ppcs
        self._header_facts: tuple[HeaderFileFacts, str] | None = None

    def across(self, compute: Callable[[], Across]) -> Across:
        from commit_cli.plan.checks import Across

        parts = [self.header.name, self._facts(self.header, self.plan)]
        for source, ppc in zip(self.ppcs, self.plan.ppcs, strict=True):
            parts += [source.name, self._facts(source, ppc)]
        key = self.cache.key("across", *(part.encode() for part in parts))
        data = self.cache.get(key)
        if data is not None:
            try:
                found = Across.from_json(data)
                if all(self._is_counting(p, i) for p, i in found.counting):
                    return found
            except (ValueError, TypeError, KeyError):
                pass
        found = compute()
        self.cache.put(key, found.to_json())
        return found

    def file(
        self, index: int, header: HeaderFileFacts, compute: Callable[[], list[Problem]]
    ) -> list[Problem]:
        from commit_cli.plan.checks.facts import encode

        if self._header_facts is None or self._header_facts[0] != header:
            self._header_facts = (header, digest(encode(header)))
        source = self.ppcs[index]
        parts = (source.name, source.cache_key, self._header_facts[1])
        key = self.cache.key("file-checks", *(part.encode() for part in parts))
        data = self.cache.get(key)
        if data is not None:
            try:
                return problems_from_json(data)
            except (ValueError, TypeError, KeyError):
                pass
        problems = compute()
        self.cache.put(key, problems_to_json(problems))
        return problems

    @staticmethod
    def _facts(source: SourceFile, record: Record) -> str:
        return source.facts or facts_digest(record)

    def _is_counting(self, p: int, i: int) -> bool:
        """Whether (p, i) names an indicator that counts milestones."""
        ppcs = self.plan.ppcs
        return (
            0 <= p < len(ppcs)
            and 0 <= i < len(ppcs[p].indicators)
            and (ppcs[p].indicators[i].counts is not None)
        )


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
