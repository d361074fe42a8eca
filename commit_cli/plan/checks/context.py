"""What every check rule shares: the plan, where each object is written, the ids seen so
far, and the list of problems found.

A rule names its place by file and path (keys and indexes); `yamlio.positions` turns that
into a line and column only when the problem is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from commit_cli.core.hints import article, did_you_mean
from commit_cli.core.model import Plan
from commit_cli.core.periods import Span
from commit_cli.problems import Problem, Severity, YamlPath

MAX_HINTS = 20


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


class CheckContext:
    """The plan being checked and what the rules have learnt and found so far."""

    def __init__(
        self,
        plan: Plan,
        header_file: str,
        ppc_files: list[str],
        unreadable: Sequence[tuple[str, Mapping[str, Any]]] = (),
    ) -> None:
        self.plan = plan
        self.header_file = header_file
        self.ppc_files = ppc_files
        self.unreadable = unreadable
        self.problems: list[Problem] = []
        self.ids: dict[str, Entry] = {}
        self.countries: dict[str, Place] = {}
        # activity id -> PPC id, for activities listed by PPC files that failed validation
        self.unreadable_owner: dict[str, str] = {}
        self.plan_span = Span(plan.period.start, plan.period.end)
        self._candidates: dict[tuple[str, ...], list[str]] = {}
        self._hints_given = 0

    def report(self, rule: Rule, place: Place, message: str, at_key: bool = False) -> None:
        self.problems.append(
            Problem(place.file, message, rule.code, rule.severity, place.path, at_key)
        )

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
        """A "did you mean" for the first MAX_HINTS unknown references only: each hint scans
        every id of the kinds, and a plan with thousands of broken references must stay
        linear."""
        self._hints_given += 1
        if self._hints_given > MAX_HINTS:
            return ""
        if kinds not in self._candidates:
            self._candidates[kinds] = [key for key, e in self.ids.items() if e.kind in kinds]
        return did_you_mean(ident, self._candidates[kinds])

    def country_ref(self, code: str, place: Place, field: str) -> None:
        if code not in self.countries:
            self._hints_given += 1
            hint = (
                did_you_mean(code, list(self.countries)) if self._hints_given <= MAX_HINTS else ""
            )
            self.report(UNKNOWN_REFERENCE, place, f"{field}: unknown country '{code}'{hint}")

    def outside_plan(self, day: date) -> str:
        """Why `day` is outside the plan period, or an empty string when it is inside."""
        if self.plan_span.contains(day):
            return ""
        return f"is outside the plan period ({self.plan_span.start} to {self.plan_span.end})"
