"""Loading a plan from its source into a validated `Plan`, with every problem located.

Each stage is a module that takes a value and returns a frozen one:

- `fetch`: a file's bytes (or only its content id) from the source;
- `screen`: the bytes decoded (UTF-8) and screened for merge-conflict markers, and, once
  parsed, the data scanned for hostile text;
- `parse`: the text read into plain data (a new version spliced from the previous one);
- `validate`: the data validated into a record (`core.model`);
- `entries`: the record's entry in the cache (key, read back, write);
- `file_read`: one file through those stages, as a `FileRead`;
- `checking`: the checks across the plan's objects, with their cached parts;
- `locating`: every problem given its line and column, from the cache when it can.

This module lists the plan's files, reads each one (`file_read`), assembles the plan from
the records, checks it (`checking`), gives every problem its line and column (`locating`),
and returns a `LoadResult`. `reload` does the same for the plan as an edit would leave it,
reading again only the files the edit changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from commit_cli.core.model import PPC, DecisionBook, Plan, PlanHeader, Translations
from commit_cli.core.record import Record
from commit_cli.plan.checking import check_plan_files
from commit_cli.plan.file_read import FileRead, read_one
from commit_cli.plan.locating import located
from commit_cli.plan.sources import (
    OverlaySource,
    PlanFiles,
    PlanSource,
    not_read_reason,
    translation_language,
)
from commit_cli.problems import Problem, Severity, summarise_repeats

if TYPE_CHECKING:
    from commit_cli.plan.cache import ResultCache
    from commit_cli.plan.validate import KnownItems
    from commit_cli.yamlio.splice import Parsed

ModelT = TypeVar("ModelT", bound=Record)


class LoadResult(NamedTuple):
    """A loaded plan (None when the plan has any error) and every problem, located and
    sorted by file and line.

    `files` holds each file as read, the header first, then the PPC files in the order of
    `listing` (the plan's file names as the source listed them). `readable` is what can be
    read even so: the header and every PPC file that is itself valid (None when the header
    is not); `left_out` names the PPC files it lacks, `ppc_file_of` the file each of its
    PPCs is written in (PPC id → file), and `ppc_files` each valid PPC by file name."""

    plan: Plan | None
    problems: tuple[Problem, ...]
    files: tuple[FileRead, ...]
    cross_checked: bool
    header: PlanHeader | None
    ppc_files: Mapping[str, PPC]
    readable: Plan | None
    left_out: tuple[str, ...]
    ppc_file_of: Mapping[str, str]
    listing: PlanFiles
    errors: tuple[Problem, ...]  # the problems that are errors, in order
    warnings: tuple[Problem, ...]
    decisions: FileRead | None = None  # decisions.yaml as read, when the plan has one
    translations: tuple[FileRead, ...] = ()  # each i18n/<lang>.yaml as read

    @property
    def every_file(self) -> tuple[FileRead, ...]:
        """`files`, decisions.yaml when the plan has one, and the translations files."""
        books = () if self.decisions is None else (self.decisions,)
        return (*self.files, *books, *self.translations)

    def translations_in(self, language: str) -> Translations | None:
        """The plan's titles in `language` (`i18n/<language>.yaml`), when it has them and
        they read cleanly."""
        for read in self.translations:
            if translation_language(read.name) == language:
                return read.record if isinstance(read.record, Translations) else None
        return None

    @property
    def error_count(self) -> int:
        """How many errors, counting those a summary line stands for."""
        return sum(p.count for p in self.errors)

    @property
    def warning_count(self) -> int:
        return sum(p.count for p in self.warnings)


def load_plan(
    source: PlanSource,
    cache: ResultCache | None = None,
    reuse: Mapping[str, FileRead] | None = None,
    today: date | None = None,
    locate: bool = True,
) -> LoadResult:
    """Read, validate and check a whole plan; never raises for bad plan content (only
    EnvironmentFailure when the source cannot be read).

    With a cache, files whose bytes were validated before are not parsed again, and the
    cross-file checks of an unchanged plan are not run again. Files named in `reuse` (read
    by an earlier load of the same bytes, e.g. all but the one an edit changes) are taken as
    they were read then, when they validated. The checks that compare the plan with `today`
    (an actual date in the future) run only when it is given, and then on every load, never
    cached: the same bytes can pass them one day and fail them the next. The caller reads
    the clock; nothing below does. Without `locate`, problems keep the place they were found
    with (a path, for most), are not sorted, and a problem repeated many times is not
    summarised: for a caller that shows none of them (the verdict, error or not, is the
    same), as placing them costs a parse of each file that has one.
    """
    return _load(source, source.files(), cache, reuse or {}, today, locate)


def reload(
    loaded: LoadResult,
    source: PlanSource,
    changed: Mapping[str, bytes],
    cache: ResultCache | None = None,
    today: date | None = None,
) -> LoadResult:
    """The plan `loaded` (from `source`) as it would be with the files named in `changed`
    holding those bytes, loaded as `load_plan` loads it: the same files (not listed again),
    the changed ones read from their new bytes, every other file that validated taken as
    `loaded` read it."""
    names = {read.name for read in loaded.every_file}
    unknown = sorted(set(changed) - names)
    if unknown:
        raise ValueError(f"not a file of the plan: {', '.join(unknown)}")
    reuse = {read.name: read for read in loaded.every_file if read.name not in changed}
    return _load(OverlaySource(source, dict(changed)), loaded.listing, cache, reuse, today)


def read_file(
    plan_source: PlanSource,
    name: str,
    model: type[ModelT],
    what: str,
    cache: ResultCache | None = None,
    previous: Parsed | None = None,
    known: KnownItems | None = None,
) -> tuple[ModelT | None, list[Problem], Parsed | None]:
    """One file of a plan, validated on its own (no cross-file checks), with its problems
    located: for reading files one by one, as the history stage does revision by revision.

    `previous`, an earlier version of the file as read, lets an edited version be re-read
    only where it differs (`yamlio.splice`); the version read is returned for the next one
    (None when it came from the cache or did not read cleanly). `known`, kept from one
    version to the next, spares validating again the items an earlier one validated
    (`validate.KnownItems`)."""
    read = read_one(plan_source, name, model, what, cache, previous, True, known)
    problems = list(read.problems)
    if problems:
        problems = located(plan_source, [read], problems, cache)
    record = read.record if isinstance(read.record, model) else None
    if any(p.severity == "error" for p in problems):
        record = None
    return record, problems, read.parsed


def _read(
    source: PlanSource,
    name: str,
    model: type[Record],
    what: str,
    cache: ResultCache | None,
    reuse: Mapping[str, FileRead],
) -> FileRead:
    earlier = reuse.get(name)
    if earlier is not None and isinstance(earlier.record, model):
        return earlier
    return read_one(source, name, model, what, cache)


def _load(
    source: PlanSource,
    listing: PlanFiles,
    cache: ResultCache | None,
    reuse: Mapping[str, FileRead],
    today: date | None,
    locate: bool = True,
) -> LoadResult:
    header_read = _read(source, listing.header, PlanHeader, "the plan's header", cache, reuse)
    problems = [*header_read.problems, *_listing_problems(listing)]
    ppc_reads = [_read(source, name, PPC, "one PPC", cache, reuse) for name in listing.ppcs]
    valid: list[FileRead] = []
    ppcs: list[PPC] = []
    failed: list[FileRead] = []
    for read in ppc_reads:
        problems.extend(read.problems)
        if isinstance(read.record, PPC):
            valid.append(read)
            ppcs.append(read.record)
        else:
            failed.append(read)
    header = header_read.record if isinstance(header_read.record, PlanHeader) else None
    book_read = None
    if listing.decisions is not None:
        book_read = _read(source, listing.decisions, DecisionBook, "the decisions", cache, reuse)
        problems.extend(book_read.problems)
    book = book_read.record if book_read is not None else None
    # Cross-file checks need every file's ids: a file that could not even be parsed hides them.
    cross_checked = (
        header is not None
        and listing.folder_problem is None
        and all(isinstance(read.raw_data, dict) for read in failed)
        and (book_read is None or isinstance(book, DecisionBook))
    )
    decisions = book.decisions if isinstance(book, DecisionBook) else []
    plan = Plan.from_values((*header, decisions, ppcs)) if header is not None else None
    if plan is not None and cross_checked:
        problems.extend(check_plan_files(plan, header_read, valid, failed, cache, today, book_read))
    translation_reads = tuple(
        _read(source, name, Translations, "the translations", cache, reuse)
        for name in listing.translations
    )
    for read in translation_reads:
        problems.extend(read.problems)
    books = [(r.name, r.record) for r in translation_reads if isinstance(r.record, Translations)]
    if books and plan is not None and cross_checked and not failed:
        # Imported here: a plan without translations (and a warm run) never loads the checks.
        from commit_cli.plan.checks.translations import check_translations

        problems.extend(check_translations(plan, books))
    files = (header_read, *ppc_reads)
    if problems and locate:
        every = (*files, *([] if book_read is None else [book_read]), *translation_reads)
        problems = located(source, every, summarise_repeats(problems), cache)
    errors = tuple(p for p in problems if p.severity == "error")
    return LoadResult(
        plan=None if errors else plan,
        problems=tuple(problems),
        files=files,
        cross_checked=cross_checked,
        header=header,
        ppc_files=MappingProxyType({read.name: ppc for read, ppc in zip(valid, ppcs, strict=True)}),
        readable=plan,
        left_out=tuple(read.name for read in failed),
        ppc_file_of=MappingProxyType({ppc.id: r.name for ppc, r in zip(ppcs, valid, strict=True)}),
        listing=listing,
        errors=errors,
        warnings=tuple(p for p in problems if p.severity == "warning"),
        decisions=book_read,
        translations=translation_reads,
    )


def _listing_problems(listing: PlanFiles) -> list[Problem]:
    """A warning for each file in the PPC folder that is not read, and the problem of a PPC
    folder that could not be listed."""
    found = [
        Problem(
            name,
            not_read_reason(PurePath(name).name),
            "ignored-file",
            Severity.warning,
            line=1,
            column=1,
        )
        for name in listing.ignored
    ]
    found.extend(
        Problem(name, reason, "ignored-file", Severity.warning, line=1, column=1)
        for name, reason in listing.refused
    )
    if listing.folder_problem is not None:
        folder, message = listing.folder_problem
        found.append(Problem(folder, message, "no-ppc-folder", line=1, column=1))
    return found
