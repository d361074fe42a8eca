"""Checks that span more than one object: ids, references, coverage, cycles, dates, series.

Each check is linear in the size of the plan (dictionaries, no pairwise comparisons) and
returns problems that name their place by file and path; `positions` locates them later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from commit_cli.model import PPC, Milestone, Plan, Status
from commit_cli.periods import PeriodError, Span, parse_period_label
from commit_cli.problems import Problem, Severity, YamlPath
from commit_cli.schema_errors import did_you_mean


@dataclass(frozen=True, slots=True)
class Place:
    file: str
    path: YamlPath


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    place: Place


class Checker:
    """Collects problems while walking a plan once."""

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
        self.unreadable_owner: dict[str, str] = {}
        self.candidates: dict[tuple[str, ...], list[str]] = {}
        self.hints_given = 0
        self.problems: list[Problem] = []
        self.ids: dict[str, Entry] = {}
        self.countries: dict[str, Place] = {}
        self.plan_span = Span(plan.period.start, plan.period.end)

    # --- helpers ---------------------------------------------------------------------------

    def report(
        self,
        place: Place,
        message: str,
        code: str,
        severity: Severity = Severity.error,
        at_key: bool = False,
    ) -> None:
        self.problems.append(Problem(place.file, message, code, severity, place.path, at_key))

    def header(self, *path: str | int) -> Place:
        return Place(self.header_file, path)

    def in_ppc(self, index: int, *path: str | int) -> Place:
        return Place(self.ppc_files[index], path)

    def register(self, ident: str, kind: str, place: Place) -> None:
        first = self.ids.get(ident)
        if first is not None:
            where = "" if first.place.file == place.file else f" in {first.place.file}"
            self.report(
                place,
                f"duplicate id '{ident}': already used by {article(first.kind)}{where}; ids must be"
                " unique across the whole plan",
                "duplicate-id",
            )
            return
        self.ids[ident] = Entry(kind, place)

    def ref(self, ident: str, kinds: tuple[str, ...], place: Place, field: str) -> bool:
        """Report `ident` unless it names an object of one of `kinds`."""
        entry = self.ids.get(ident)
        if entry is not None and entry.kind in kinds:
            return True
        wanted = " or ".join(kinds)
        if entry is not None:
            self.report(
                place,
                f"{field}: '{ident}' is {article(entry.kind)}, not {article(wanted)}",
                "wrong-reference",
            )
            return False
        self.report(
            place,
            f"{field}: unknown {wanted} '{ident}'{self.hint(ident, kinds)}",
            "unknown-reference",
        )
        return False

    def hint(self, ident: str, kinds: tuple[str, ...]) -> str:
        """A "did you mean" for the first MAX_HINTS unknown references only: each hint scans
        every id of the kinds, and a plan with thousands of broken references must stay
        linear."""
        self.hints_given += 1
        if self.hints_given > MAX_HINTS:
            return ""
        if kinds not in self.candidates:
            self.candidates[kinds] = [key for key, e in self.ids.items() if e.kind in kinds]
        return did_you_mean(ident, self.candidates[kinds])

    def country_ref(self, code: str, place: Place, field: str) -> None:
        if code not in self.countries:
            hint = did_you_mean(code, list(self.countries))
            self.report(place, f"{field}: unknown country '{code}'{hint}", "unknown-reference")

    def within_plan(self, day: date, place: Place, what: str, severity: Severity) -> None:
        if not self.plan_span.contains(day):
            self.report(
                place,
                f"{what} {day} is outside the plan period"
                f" ({self.plan_span.start} to {self.plan_span.end})",
                "outside-period",
                severity,
            )

    # --- the checks ------------------------------------------------------------------------

    def run(self) -> list[Problem]:
        self.register_everything()
        self.check_header_references()
        self.check_ppcs()
        self.check_activity_coverage()
        self.check_series()
        self.check_dependencies()
        return self.problems

    def register_unreadable(self) -> None:
        """Ids and activities of PPC files that failed validation, read leniently, so that
        references into them are not reported as dangling while those files are fixed."""
        kinds = {"milestones": "milestone", "indicators": "indicator"}
        for file, data in self.unreadable:
            ppc_id = data.get("id")
            if isinstance(ppc_id, str):
                self.ids.setdefault(ppc_id, Entry("PPC", Place(file, ("id",))))
            for key, kind in kinds.items():
                items = data.get(key)
                for i, item in enumerate(items if isinstance(items, list) else []):
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        self.ids.setdefault(item["id"], Entry(kind, Place(file, (key, i, "id"))))
            activities = data.get("activities")
            if isinstance(activities, str):
                activities = [activities]
            for activity in activities if isinstance(activities, list) else []:
                if isinstance(activity, str):
                    self.unreadable_owner.setdefault(activity, str(ppc_id))

    def register_everything(self) -> None:
        self.register_unreadable()
        plan = self.plan
        for i, country in enumerate(plan.countries):
            if country.code in self.countries:
                self.report(
                    self.header("countries", i, "code"),
                    f"country '{country.code}' is listed twice",
                    "duplicate-id",
                )
            self.countries[country.code] = self.header("countries", i, "code")
        for i, partner in enumerate(plan.partners):
            self.register(partner.id, "partner", self.header("partners", i, "id"))
        for i, role in enumerate(plan.roles):
            self.register(role.id, "role", self.header("roles", i, "id"))
        for i, area in enumerate(plan.areas):
            self.register(area.id, "area", self.header("areas", i, "id"))
            for j, sub_area in enumerate(area.sub_areas):
                self.register(
                    sub_area.id, "sub-area", self.header("areas", i, "sub_areas", j, "id")
                )
        for i, activity in enumerate(plan.activities):
            self.register(activity.id, "activity", self.header("activities", i, "id"))
        for p, ppc in enumerate(plan.ppcs):
            self.register(ppc.id, "PPC", self.in_ppc(p, "id"))
            for i, milestone in enumerate(ppc.milestones):
                self.register(milestone.id, "milestone", self.in_ppc(p, "milestones", i, "id"))
            for i, indicator in enumerate(ppc.indicators):
                self.register(indicator.id, "indicator", self.in_ppc(p, "indicators", i, "id"))

    def check_header_references(self) -> None:
        plan = self.plan
        for i, partner in enumerate(plan.partners):
            for j, code in enumerate(partner.countries):
                self.country_ref(code, self.header("partners", i, "countries", j), "countries")
        for i, role in enumerate(plan.roles):
            if role.organisation:
                self.ref(
                    role.organisation,
                    ("partner",),
                    self.header("roles", i, "organisation"),
                    "organisation",
                )
        for i, activity in enumerate(plan.activities):
            if activity.area is not None:
                self.ref(activity.area, ("area",), self.header("activities", i, "area"), "area")

    def check_ppcs(self) -> None:
        for p, ppc in enumerate(self.plan.ppcs):
            for i, activity in enumerate(ppc.activities):
                self.ref(activity, ("activity",), self.in_ppc(p, "activities", i), "activities")
            for i, sub_area in enumerate(ppc.sub_areas):
                self.ref(sub_area, ("sub-area",), self.in_ppc(p, "sub_areas", i), "sub_areas")
            for i, code in enumerate(ppc.countries):
                self.country_ref(code, self.in_ppc(p, "countries", i), "countries")
            for i, linkage in enumerate(ppc.linkages):
                place = self.in_ppc(p, "linkages", i, "to")
                if linkage.to == ppc.id:
                    self.report(place, "a PPC cannot link to itself", "self-linkage")
                elif linkage.to is not None:
                    self.ref(linkage.to, ("PPC", "activity", "area", "sub-area"), place, "to")
            for i, milestone in enumerate(ppc.milestones):
                self.check_milestone(p, ppc, i, milestone)
            self.check_indicators(p, ppc)
            if not ppc.indicators:
                self.report(
                    self.in_ppc(p, "id"),
                    f"{ppc.label} has no indicators; its evaluation needs at least one",
                    "no-indicators",
                    Severity.warning,
                )

    def check_milestone(self, p: int, ppc: PPC, i: int, milestone: Milestone) -> None:
        def at(*path: str | int) -> Place:
            return self.in_ppc(p, "milestones", i, *path)

        for j, activity in enumerate(milestone.activities):
            if self.ref(activity, ("activity",), at("activities", j), "activities") and (
                activity not in ppc.activities
            ):
                self.report(
                    at("activities", j),
                    f"activities: '{activity}' is not one of {ppc.label}'s activities"
                    f" ({', '.join(ppc.activities)})",
                    "activity-outside-ppc",
                )
        for j, code in enumerate(milestone.countries):
            self.country_ref(code, at("countries", j), "countries")
        for j, (first, second) in enumerate(milestone.country_pairs):
            self.country_ref(first, at("country_pairs", j, 0), "country_pairs")
            self.country_ref(second, at("country_pairs", j, 1), "country_pairs")
            if first == second:
                self.report(
                    at("country_pairs", j),
                    f"country_pairs: a pair needs two different countries, found {first} twice",
                    "bad-pair",
                )
        if milestone.lead:
            self.ref(milestone.lead, ("partner", "role"), at("lead"), "lead")
        for j, partner in enumerate(milestone.partners):
            self.ref(partner, ("partner",), at("partners", j), "partners")
        self.check_milestone_dates(milestone, at)

    def check_milestone_dates(self, milestone: Milestone, at: Callable[..., Place]) -> None:
        if milestone.window is None:
            self.report(
                at("id"),
                f"milestone '{milestone.id}' has no planned window; add `window:` (e.g. 2006-H1)",
                "no-window",
                Severity.warning,
            )
        else:
            self.within_plan(milestone.window.start, at("window"), "window start", Severity.error)
            self.within_plan(milestone.window.end, at("window"), "window end", Severity.error)
        actual = milestone.actual
        if actual is None or (actual.start is None and actual.end is None):
            if milestone.status == Status.done:
                self.report(
                    at("status"),
                    f"milestone '{milestone.id}' is done but has no actual end date;"
                    " add `actual: {end: YYYY-MM-DD}`",
                    "done-without-date",
                    Severity.warning,
                )
            return
        if milestone.status in (Status.planned, Status.cancelled) and actual.start:
            self.report(
                at("actual"),
                f"actual dates on a milestone whose status is {milestone.status}; only"
                " milestones that started (in_progress, done, postponed) have actual dates",
                "actual-not-started",
            )
        elif actual.end and milestone.status not in (Status.done, Status.cancelled):
            self.report(
                at("actual", "end"),
                f"actual end date on a milestone whose status is {milestone.status};"
                " set status: done, or remove the end date",
                "actual-end-open",
            )
        for key, day in (("start", actual.start), ("end", actual.end)):
            if day is not None:
                self.within_plan(day, at("actual", key), f"actual {key}", Severity.warning)

    def check_indicators(self, p: int, ppc: PPC) -> None:
        cadence = self.plan.reporting.cadence_months
        for i, indicator in enumerate(ppc.indicators):
            at = self.in_ppc(p, "indicators", i)
            result = indicator.expected_result
            if result is not None and result > len(ppc.expected_results):
                self.report(
                    Place(at.file, (*at.path, "expected_result")),
                    f"expected_result {result}: {ppc.label} has only"
                    f" {len(ppc.expected_results)} expected results",
                    "unknown-reference",
                )
            for label in indicator.values:
                place = Place(at.file, (*at.path, "values", label))
                try:
                    period = parse_period_label(str(label), cadence)
                except PeriodError as exc:
                    self.report(place, f"values: {exc}", "bad-period", at_key=True)
                    continue
                if not self.plan_span.overlaps(period.span):
                    self.report(
                        place,
                        f"values: reporting period {period.label} is outside the plan period",
                        "outside-period",
                        at_key=True,
                    )

    def check_activity_coverage(self) -> None:
        owner: dict[str, str] = dict(self.unreadable_owner)
        for p, ppc in enumerate(self.plan.ppcs):
            for i, activity in enumerate(ppc.activities):
                if activity in owner and owner[activity] != ppc.id:
                    self.report(
                        self.in_ppc(p, "activities", i),
                        f"activity '{activity}' is already covered by {owner[activity]};"
                        " each activity belongs to exactly one PPC",
                        "activity-twice",
                    )
                owner.setdefault(activity, ppc.id)
        for i, declared in enumerate(self.plan.activities):
            if declared.id not in owner:
                self.report(
                    self.header("activities", i, "id"),
                    f"activity '{declared.id}' is covered by no PPC; list it under one"
                    " PPC's `activities`",
                    "activity-uncovered",
                )

    def check_series(self) -> None:
        members: dict[str, list[tuple[int, int, Milestone]]] = defaultdict(list)
        for p, ppc in enumerate(self.plan.ppcs):
            for i, milestone in enumerate(ppc.milestones):
                if milestone.series is not None:
                    members[milestone.series.name].append((p, i, milestone))
        for name, group in members.items():
            declared = {m.series.of for _, _, m in group if m.series}
            seen: set[int] = set()
            for p, i, milestone in group:
                assert milestone.series is not None
                place = self.in_ppc(p, "milestones", i, "series")
                if len(declared) > 1:
                    self.report(
                        place,
                        f"series '{name}': members disagree on its count"
                        f" ({', '.join(map(str, sorted(declared)))})",
                        "series-count",
                    )
                elif milestone.series.number in seen:
                    self.report(
                        place,
                        f"series '{name}': number {milestone.series.number} is used twice",
                        "series-number",
                    )
                seen.add(milestone.series.number)
            complete = not self.unreadable  # members may sit in a file that failed
            if complete and len(declared) == 1 and len(group) != (count := declared.pop()):
                p, i, _ = group[-1]
                self.report(
                    self.in_ppc(p, "milestones", i, "series"),
                    f"series '{name}' should hold {count} milestones but holds {len(group)}",
                    "series-count",
                )

    def check_dependencies(self) -> None:
        milestones: dict[str, tuple[int, int, Milestone]] = {}
        for p, ppc in enumerate(self.plan.ppcs):
            for i, milestone in enumerate(ppc.milestones):
                milestones.setdefault(milestone.id, (p, i, milestone))
        for p, i, milestone in milestones.values():
            for j, dependency in enumerate(milestone.depends_on):
                place = self.in_ppc(p, "milestones", i, "depends_on", j)
                if not self.ref(dependency, ("milestone",), place, "depends_on") or (
                    dependency not in milestones
                ):
                    continue
                before = milestones[dependency][2]
                if (
                    milestone.window is not None
                    and before.window is not None
                    and milestone.window.end < before.window.start
                ):
                    self.report(
                        place,
                        f"'{milestone.id}' is planned to end ({milestone.window.end}) before"
                        f" '{dependency}', which it depends on, starts ({before.window.start})",
                        "dependency-order",
                        Severity.warning,
                    )
        for cycle in find_cycles({k: v[2].depends_on for k, v in milestones.items()}):
            p, i, milestone = milestones[cycle[0]]
            j = milestone.depends_on.index(cycle[1]) if len(cycle) > 1 else 0
            self.report(
                self.in_ppc(p, "milestones", i, "depends_on", j),
                f"dependency cycle: {' → '.join(cycle)}; remove one of these depends_on entries",
                "dependency-cycle",
            )


def find_cycles(graph: dict[str, list[str]]) -> Iterator[list[str]]:
    """Each dependency cycle once, as [a, b, …, a] where a depends on b, and so on.

    Iterative depth-first search (a deep chain must not hit Python's recursion limit);
    edges to unknown nodes are ignored.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in graph:
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(graph[root]))]
        on_path = [root]
        state[root] = 1
        while stack:
            node, edges = stack[-1]
            advanced = False
            for nxt in edges:
                if nxt not in graph:
                    continue
                if state.get(nxt) == 1:
                    start = on_path.index(nxt)
                    yield [*on_path[start:], nxt]
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(graph[nxt])))
                    on_path.append(nxt)
                    advanced = True
                    break
            if not advanced:
                state[node] = 2
                stack.pop()
                on_path.pop()


MAX_HINTS = 20


def article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def check_plan(
    plan: Plan,
    header_file: str,
    ppc_files: list[str],
    unreadable: Sequence[tuple[str, Mapping[str, Any]]] = (),
) -> list[Problem]:
    """Every cross-object problem of a plan whose header and `ppc_files` are schema-valid;
    `unreadable` holds (file, raw data) of the PPC files that are not."""
    return Checker(plan, header_file, ppc_files, unreadable).run()
