"""What every check rule shares: where each object is written, what the rules have learnt,
and the problems found.

Rules run in three contexts, each given only what its rules may read (so that what they find
can be cached on exactly that):

- `FileContext`: one PPC file's rules, with the few facts of the header they read;
- `AcrossContext`: the rules that compare files, over the facts projection (`facts`);
- `PlanContext`: the rules run on every check, never cached (progress across files, and what
  depends on today), over the whole plan.

A rule names its place by file and path (keys and indexes); `yamlio.positions` turns that
into a line and column only when the problem is shown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from commit_cli.core.hints import article, did_you_mean
from commit_cli.core.model import PPC, Plan
from commit_cli.core.periods import ReportingCalendar, Span
from commit_cli.problems import Problem, Severity, YamlPath

if TYPE_CHECKING:  # read only in annotations: the warm path need not import them
    from commit_cli.plan.checks.facts import HeaderFileFacts, PlanFacts, PPCProgress

Unreadable = Sequence[tuple[str, Mapping[str, Any]]]  # (file, raw data) of PPC files not valid
MAX_HINTS = 20  # "did you mean" hints per context; see `Findings.hint_allowed`


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: a stable code (what `validate --format json` prints), how serious a
    breach is, and what the rule asks of a plan."""

    code: str
    severity: Severity
    asks: str


@dataclass(frozen=True, slots=True)
class Place:
    file: str
    path: YamlPath


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    place: Place


UNKNOWN_REFERENCE = Rule(
    "unknown-reference",
    Severity.error,
    "every id, country code or expected-result number a plan refers to exists",
)
WRONG_REFERENCE = Rule(
    "wrong-reference",
    Severity.error,
    "a reference names an object of the kind its field expects (a lead is a partner or role)",
)


@lru_cache(maxsize=4096)
def country_hint(code: str, countries: tuple[str, ...]) -> str:
    """The hint for an unknown country code. Remembered: codes are two letters, so however
    many files mistype them, a run computes at most a few hundred distinct hints."""
    return did_you_mean(code, countries)


class Findings:
    """The problems a context's rules found, and its budget of hints."""

    def __init__(self, countries: Collection[str]) -> None:
        self.problems: list[Problem] = []
        self.countries = countries
        self._hints_given = 0

    def report(
        self, rule: Rule, place: Place, message: str, at_key: bool = False, fix: str = ""
    ) -> None:
        """A breach of `rule` at `place`; `fix`, when given, is the command that clears it."""
        self.problems.append(
            Problem(place.file, message, rule.code, rule.severity, place.path, at_key, fix=fix)
        )

    def hint_allowed(self) -> bool:
        """Whether the next unknown reference gets a "did you mean": the first MAX_HINTS
        only, as each hint scans every id of the kinds, and a plan with thousands of broken
        references must stay linear."""
        self._hints_given += 1
        return self._hints_given <= MAX_HINTS

    def country_ref(self, code: str, place: Place, field: str) -> None:
        if code not in self.countries:
            hint = country_hint(code, tuple(self.countries)) if self.hint_allowed() else ""
            self.report(UNKNOWN_REFERENCE, place, f"{field}: unknown country '{code}'{hint}")


class FileContext(Findings):
    """One PPC file, checked on its own: its rules read the file's record and, of the
    header, only `HeaderFileFacts`."""

    def __init__(self, header: HeaderFileFacts, file: str) -> None:
        super().__init__(dict.fromkeys(header.countries))
        self.file = file
        self.cadence_months = header.cadence_months
        self.require_funding = header.require_funding
        self.decisions = frozenset(header.decisions)
        self.plan_span = Span(header.period.start, header.period.end)

    def at(self, *path: str | int) -> Place:
        return Place(self.file, path)

    @cached_property
    def calendar(self) -> ReportingCalendar:
        return ReportingCalendar(self.plan_span, self.cadence_months)

    def outside_plan(self, day: date) -> str:
        """Why `day` is outside the plan period, or an empty string when it is inside."""
        if self.plan_span.contains(day):
            return ""
        return f"is outside the plan period ({self.plan_span.start} to {self.plan_span.end})"


class AcrossContext(Findings):
    """The rules that compare files: they read only the facts projection, and learn the ids
    as they go (the `ids` family runs first)."""

    def __init__(
        self,
        facts: PlanFacts,
        header_file: str,
        ppc_files: Sequence[str],
        unreadable: Sequence[tuple[str, Mapping[str, Any]]] = (),
    ) -> None:
        super().__init__({})
        self.countries: dict[str, Place] = {}
        self.facts = facts
        self.header_file = header_file
        self.ppc_files = ppc_files
        self.unreadable = unreadable
        self.ids: dict[str, Entry] = {}
        # activity id -> PPC id, for activities listed by PPC files that failed validation
        self.unreadable_owner: dict[str, str] = {}
        # (PPC index, indicator index) of each indicator that counts milestones which all
        # exist: what `PlanContext` compares typed values with
        self.counting: list[tuple[int, int]] = []
        self._candidates: dict[tuple[str, ...], list[str]] = {}

    def header(self, *path: str | int) -> Place:
        return Place(self.header_file, path)

    def in_ppc(self, index: int, *path: str | int) -> Place:
        return Place(self.ppc_files[index], path)

    def ref(self, ident: str, kinds: tuple[str, ...], place: Place, field: str) -> bool:
        """Whether `ident` names an object of one of `kinds`; reports it when not."""
        entry = self.ids.get(ident)
        if entry is not None and entry.kind in kinds:
            return True
        wanted = " or ".join(kinds)
        if entry is not None:
            self.report(
                WRONG_REFERENCE,
                place,
                f"{field}: '{ident}' is {article(entry.kind)}, not {article(wanted)}",
            )
            return False
        self.report(
            UNKNOWN_REFERENCE,
            place,
            f"{field}: unknown {wanted} '{ident}'{self._hint(ident, kinds)}",
        )
        return False

    def _hint(self, ident: str, kinds: tuple[str, ...]) -> str:
        if not self.hint_allowed():
            return ""
        if kinds not in self._candidates:
            self._candidates[kinds] = [key for key, e in self.ids.items() if e.kind in kinds]
        return did_you_mean(ident, self._candidates[kinds])


class PlanView(Protocol):
    """Where the checks read a plan's PPCs whole, and their milestones' progress: from the
    records (`RecordsView`), or, after a hand edit of one file, from each file's read index
    and its progress facts, reading a file's record only when a rule needs it
    (`plan.refresh`). Either way the same rules see the same values."""

    def ppc(self, index: int) -> PPC:
        """The PPC at `index`, whole (its milestones included)."""
        ...

    def progress(self) -> Sequence[PPCProgress]:
        """Each PPC's milestones' progress (`facts.progress_facts`), in plan order."""
        ...

    def progress_of(self, index: int) -> PPCProgress:
        """The progress of the milestones of the PPC at `index`."""
        ...

    def whole(self) -> Plan:
        """The plan, every PPC whole."""
        ...


class RecordsView:
    """A plan read whole: every PPC's record at hand."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def ppc(self, index: int) -> PPC:
        return self.plan.ppcs[index]

    @cached_property
    def _progress(self) -> tuple[PPCProgress, ...]:
        return tuple(self.progress_of(index) for index in range(len(self.plan.ppcs)))

    def progress(self) -> Sequence[PPCProgress]:
        return self._progress

    def progress_of(self, index: int) -> PPCProgress:
        from commit_cli.plan.checks.facts import progress_facts

        return progress_facts(self.plan.ppcs[index])

    def whole(self) -> Plan:
        return self.plan


class PlanContext(Findings):
    """The whole plan, for the rules that run on every check and are never cached: they
    compare the recorded progress of milestones in different files, or the plan with
    today."""

    def __init__(
        self,
        plan: Plan,
        ppc_files: Sequence[str],
        unreadable: Unreadable = (),
        counting: Sequence[tuple[int, int]] = (),
        header_file: str = "plan.yaml",
        view: PlanView | None = None,
    ) -> None:
        super().__init__(())
        self.plan = plan  # its PPCs may hold no milestones: read them through `view`
        self.view: PlanView = RecordsView(plan) if view is None else view
        self.header_file = header_file
        self.ppc_files = ppc_files
        self.unreadable = unreadable
        self.counting = counting
        self.plan_span = Span(plan.period.start, plan.period.end)

    def in_ppc(self, index: int, *path: str | int) -> Place:
        return Place(self.ppc_files[index], path)
