"""Who still owes a report: for one reporting period, what each PPC, lead agency or country
task force has not recorded, and its share complete.

What is owed for a period P, on a day D (the period's last day, or an earlier day while it
runs), from the plan as known on D:

- a milestone whose planned window in force ended before D and that has no outcome (neither
  done nor cancelled): it is overdue (`core.asof`; a conditional milestone is never owed);
- a value for P of each indicator typed by hand (one that counts milestones needs none);
- a progress update of each PPC for P.

Each group's share complete is what it has recorded of what it is expected to have: the
milestones whose window ended before D, with an outcome or not; the indicators typed by
hand; one update per PPC. Grouped by PPC (its milestones, indicators and update), by lead
(a milestone by its lead; indicators and updates by no lead: they are the PPC's), or by
country (a milestone by each country it involves; an indicator's value by each of its PPC's
countries that has not reported its part; updates by no country).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from commit_cli.core.asof import milestone_on
from commit_cli.core.known import known_on
from commit_cli.core.model import Plan
from commit_cli.core.periods import ReportingPeriod
from commit_cli.core.vocabulary import Status
from commit_cli.query.index import PlanIndex
from commit_cli.query.json_values import JsonDict

GROUPINGS = ("ppc", "lead", "country")
NO_ONE = ""  # the group of what belongs to no lead or no country


@dataclass(frozen=True, slots=True)
class Owed:
    """One thing not recorded: a milestone, an indicator's value or a PPC's update."""

    kind: str  # milestone, indicator or update
    id: str
    ppc: str
    what: str  # in words: "window ended 2006-03-31; no outcome"

    def to_json(self) -> JsonDict:
        return {"kind": self.kind, "id": self.id, "ppc": self.ppc, "what": self.what}


@dataclass(slots=True)
class DueGroup:
    key: str  # a PPC id, a lead id or a country code; "" for no one
    label: str
    expected: int = 0
    missing: list[Owed] = field(default_factory=list)

    @property
    def recorded(self) -> int:
        return self.expected - len(self.missing)

    @property
    def complete(self) -> float:
        return self.recorded / self.expected if self.expected else 1.0

    def to_json(self) -> JsonDict:
        return {
            "key": self.key or None,
            "label": self.label,
            "expected": self.expected,
            "recorded": self.recorded,
            "complete": round(self.complete, 4),
            "missing": [item.to_json() for item in self.missing],
        }


@dataclass(slots=True)
class DueReport:
    period: ReportingPeriod
    as_of: date
    by: str
    groups: list[DueGroup]

    @property
    def owing(self) -> list[DueGroup]:
        return [group for group in self.groups if group.missing]

    def to_json(self) -> JsonDict:
        return {
            "period": self.period.label,
            "as_of": self.as_of.isoformat(),
            "by": self.by,
            "missing": sum(len(group.missing) for group in self.groups),
            "groups": [group.to_json() for group in self.groups],
        }


class _Groups:
    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.groups: dict[str, DueGroup] = {}

    def add(self, keys: list[str], owed: Owed | None) -> None:
        for key in keys:
            group = self.groups.get(key)
            if group is None:
                label = self.labels.get(key, key) if key else "(none)"
                group = self.groups[key] = DueGroup(key, label)
            group.expected += 1
            if owed is not None:
                group.missing.append(owed)


def due_on(plan: Plan, period: ReportingPeriod, today: date, by: str = "ppc") -> DueReport:
    """What is owed for `period` as `commit due` counts it on `today`: on the period's last
    day once it has ended (on `today` while it runs), from the plan as known on that day."""
    day = min(today, period.end)
    return due(known_on(plan, day), period, day, by)


def due(plan: Plan | PlanIndex, period: ReportingPeriod, as_of: date, by: str = "ppc") -> DueReport:
    """What is owed for `period` on `as_of` (see the module's docstring), grouped `by`."""
    if by not in GROUPINGS:
        raise ValueError(f"group by one of {', '.join(GROUPINGS)}, not {by}")
    index = PlanIndex.of(plan)
    plan = index.plan
    labels = {ppc.id: ppc.label for ppc in plan.ppcs}
    labels.update({p.id: p.name for p in plan.partners})
    labels.update({r.id: r.title for r in plan.roles})
    labels.update({c.code: c.name for c in plan.countries})
    groups = _Groups(labels)
    if by == "ppc":
        for ppc in plan.ppcs:  # every PPC has a group, in plan order
            groups.groups[ppc.id] = DueGroup(ppc.id, ppc.label)
    label = period.label
    for ppc in plan.ppcs:
        for milestone in ppc.milestones:
            state = milestone_on(milestone, as_of)
            window = state.window
            if window is None or window.end >= as_of or state.tentative:
                continue
            owed = None
            if state.status not in (Status.done, Status.cancelled):
                owed = Owed(
                    "milestone",
                    milestone.id,
                    ppc.id,
                    f"window ended {window.end.isoformat()}; no outcome recorded",
                )
            keys = (
                [ppc.id]
                if by == "ppc"
                else [milestone.lead or NO_ONE]
                if by == "lead"
                else index.milestone_countries(ppc, milestone)
            )
            groups.add(keys, owed)
        for indicator in ppc.indicators:
            if indicator.counts is not None:
                continue
            value = indicator.values.get(label)
            if by == "country":
                for code in index.ppc_countries(ppc):
                    reported = value is not None and (not isinstance(value, dict) or code in value)
                    groups.add(
                        [code],
                        None
                        if reported
                        else Owed("indicator", indicator.id, ppc.id, f"no value for {label}"),
                    )
                continue
            owed = (
                None
                if value is not None
                else Owed("indicator", indicator.id, ppc.id, f"no value for {label}")
            )
            groups.add([ppc.id] if by == "ppc" else [NO_ONE], owed)
        update = (
            None
            if label in ppc.updates
            else Owed("update", ppc.id, ppc.id, f"no progress update for {label}")
        )
        groups.add([ppc.id] if by == "ppc" else [NO_ONE], update)
    ordered = list(groups.groups.values())
    if by != "ppc":
        ordered.sort(key=lambda g: (g.key == NO_ONE, g.label.lower()))
    return DueReport(period, as_of, by, ordered)
