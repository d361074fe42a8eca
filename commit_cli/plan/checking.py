"""Loading, stage 5: checking an assembled plan across its objects (`plan.checks`).

`check_plan_files` takes the plan made of the files that validated, their `FileRead`s, the
PPC files that did not, the cache and the day, and returns the problems the checks find.
With the cache, the problems of the same bytes as before come back without checking, and
else the parts of the checks found before for the same facts (`CachedParts`). While some PPC
files fail validation, the checks run over the others, with the ids the failing files
declare counted as known, and nothing is cached. The checks that compare the plan with
`today` run only when it is given, on every load (the same bytes can pass them one day and
fail them the next)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from commit_cli.core.model import Plan
from commit_cli.core.record import Record
from commit_cli.plan.cache import ResultCache, digest, text_part
from commit_cli.plan.entries import facts_digest
from commit_cli.plan.file_read import FileRead
from commit_cli.problems import Problem, problems_from_json, problems_to_json

if TYPE_CHECKING:
    from commit_cli.plan.check_table import CheckTable
    from commit_cli.plan.checks.context import PlanView
    from commit_cli.plan.checks.facts import HeaderFileFacts
    from commit_cli.plan.checks.run import Across


def check_plan_files(
    plan: Plan,
    header: FileRead,
    ppcs: Sequence[FileRead],
    failed: Sequence[FileRead],
    cache: ResultCache | None,
    today: date | None,
    decisions: FileRead | None = None,
    view: PlanView | None = None,
) -> tuple[Problem, ...]:
    """The problems across the objects of `plan`, made of the header and the PPC files
    `ppcs` (those of `failed` did not validate), and the decisions file when it has one.
    With `view` (and no file failed, no `today`), `plan`'s PPCs may come without their
    milestones: they are read whole through it only where a rule needs them
    (`checks.run.check_plan`)."""
    if failed:
        return _partial_cross_file_problems(plan, header, ppcs, failed, today)
    problems = _cross_file_problems(plan, header, ppcs, cache, decisions, view)
    if today is not None:
        problems += _today_problems(plan, header, ppcs, today)
    return problems


def _partial_cross_file_problems(
    plan: Plan,
    header: FileRead,
    valid: Sequence[FileRead],
    failed: Sequence[FileRead],
    today: date | None,
) -> tuple[Problem, ...]:
    """Cross-file checks while some PPC files fail validation: over the valid files, with
    the ids that the failing files declare counted as known (never cached)."""
    from commit_cli.plan.checks.run import check_plan
    from commit_cli.plan.checks.today import check_plan_today

    unreadable = [(s.name, s.raw_data) for s in failed if isinstance(s.raw_data, dict)]
    names = [s.name for s in valid]
    problems = check_plan(plan, header.name, names, unreadable)
    if today is not None:
        problems += check_plan_today(plan, header.name, names, today, unreadable)
    return tuple(problems)


def _today_problems(
    plan: Plan, header: FileRead, ppcs: Sequence[FileRead], today: date
) -> tuple[Problem, ...]:
    """The checks that depend on today: run every time, never cached."""
    from commit_cli.plan.checks.today import check_plan_today

    return tuple(check_plan_today(plan, header.name, [s.name for s in ppcs], today))


def _cross_file_problems(
    plan: Plan,
    header: FileRead,
    ppcs: Sequence[FileRead],
    cache: ResultCache | None,
    decisions: FileRead | None = None,
    view: PlanView | None = None,
) -> tuple[Problem, ...]:
    """The plan's cross-object problems: with a cache, those of the same bytes as found
    before; else `check_plan`, with the parts of them found before for the same facts."""
    names = [s.name for s in ppcs]
    if cache is None:
        return tuple(_check_plan(plan, header.name, names, view=view))
    files = (header, *ppcs) if decisions is None else (header, *ppcs, decisions)
    key = checks_key(cache, files)
    cached = cache.get(key)
    if cached is not None:
        try:
            return tuple(problems_from_json(cached))
        except (ValueError, TypeError, KeyError):
            pass  # unreadable entry: check again and rewrite it
    from commit_cli.plan.check_table import CheckTable, TabledView
    from commit_cli.plan.checks.context import RecordsView

    table = CheckTable(cache, [header] if decisions is None else [header, decisions], ppcs)
    memo = CachedParts(cache, plan, header, ppcs, table)
    tabled = TabledView(RecordsView(plan) if view is None else view, table)
    problems = _check_plan(plan, header.name, names, memo=memo, view=tabled)
    cache.put(key, problems_to_json(problems))
    table.save()
    return tuple(problems)


def _check_plan(
    plan: Plan,
    header_file: str,
    names: list[str],
    memo: CachedParts | None = None,
    view: PlanView | None = None,
) -> list[Problem]:
    """`checks.run.check_plan`, imported only when the problems are not in the cache: a warm
    run imports none of the families but those of the day (`checks.today`)."""
    from commit_cli.plan.checks.run import check_plan

    return check_plan(plan, header_file, names, memo=memo, view=view)


class CachedParts:
    """The parts of `check_plan` found before, from the cache (`plan.checks.run.Memo`).

    The rules across files are kept under the digests of every file's facts (with the file
    names): each file's digest comes with its record, so a warm run only combines them. The
    rules of one PPC file are kept under its content key, its name and the header's facts they
    read, and in the plan's `table` (`check_table`), read first. An entry that does not read
    back is computed again and rewritten."""

    def __init__(
        self,
        cache: ResultCache,
        plan: Plan,
        header: FileRead,
        ppcs: Sequence[FileRead],
        table: CheckTable | None = None,
    ) -> None:
        self.cache = cache
        self.plan = plan
        self.header = header
        self.ppcs = ppcs
        self.table = table
        self._header_facts: tuple[HeaderFileFacts, str] | None = None

    def across(self, compute: Callable[[], Across]) -> Across:
        from commit_cli.plan.checks.run import Across

        parts = [self.header.name, self._facts(self.header, self.plan)]
        for source, ppc in zip(self.ppcs, self.plan.ppcs, strict=True):
            parts += [source.name, self._facts(source, ppc)]
        key = self.cache.key("across", *(text_part(part) for part in parts))
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
        found = None if self.table is None else self.table.problems(index)
        if found is not None:
            return found
        found = self._file(index, header, compute)
        if self.table is not None:
            self.table.note_problems(index, found)
        return found

    def _file(
        self, index: int, header: HeaderFileFacts, compute: Callable[[], list[Problem]]
    ) -> list[Problem]:
        from commit_cli.plan.checks.facts import encode

        if self._header_facts is None or self._header_facts[0] != header:
            self._header_facts = (header, digest(encode(header)))
        source = self.ppcs[index]
        parts = (source.name, source.cache_key, self._header_facts[1])
        key = self.cache.key("file-checks", *(text_part(part) for part in parts))
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
    def _facts(source: FileRead, record: Record) -> str:
        return source.facts or facts_digest(record)

    def _is_counting(self, p: int, i: int) -> bool:
        """Whether (p, i) names an indicator that counts milestones."""
        ppcs = self.plan.ppcs
        return (
            0 <= p < len(ppcs)
            and 0 <= i < len(ppcs[p].indicators)
            and (ppcs[p].indicators[i].counts is not None)
        )


def checks_key(cache: ResultCache, files: Sequence[FileRead]) -> str:
    """The key of the problems across the plan made of `files` (the header, the PPC files,
    then the decisions file when there is one), by each file's name and entry key."""
    parts = [text_part(part) for s in files for part in (s.name, s.cache_key)]
    return cache.key("checks", *parts)
