"""The decisions book: the meetings' decisions, which are superseded, and what each touches
(the milestones, indicators and PPCs it names, and those whose postponement, cancellation or
target cite it)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from commit_cli.core.model import Decision, Plan
from commit_cli.query.json_values import JsonDict


def superseded_by(plan: Plan) -> dict[str, str]:
    """Decision id → the id of the decision that supersedes it (the first, when several)."""
    found: dict[str, str] = {}
    for decision in plan.decisions:
        if decision.supersedes is not None:
            found.setdefault(decision.supersedes, decision.id)
    return found


def citations(plan: Plan) -> Iterator[tuple[str, str, str]]:
    """(decision id, what cites it: postponed, cancelled or target, the id that cites it)."""
    for ppc in plan.ppcs:
        for milestone in ppc.milestones:
            if milestone.postponed is not None and milestone.postponed.decision:
                yield milestone.postponed.decision, "postponed", milestone.id
            if milestone.cancelled is not None and milestone.cancelled.decision:
                yield milestone.cancelled.decision, "cancelled", milestone.id
        for indicator in ppc.indicators:
            if indicator.target_decision:
                yield indicator.target_decision, "target", indicator.id


@dataclass(slots=True)
class DecisionRow:
    """One decision, as the final report and `show` give it."""

    decision: Decision
    superseded_by: str | None = None
    moved: list[tuple[str, str]] = field(default_factory=list)  # (postponed|cancelled|target, id)

    def to_json(self) -> JsonDict:
        d = self.decision
        return {
            "id": d.id,
            "meeting": d.meeting,
            "date": d.date.isoformat(),
            "text": d.text,
            "milestones": list(d.milestones),
            "indicators": list(d.indicators),
            "ppcs": list(d.ppcs),
            "supersedes": d.supersedes,
            "superseded_by": self.superseded_by,
            "moved": [{"how": how, "id": ident} for how, ident in self.moved],
        }


def decision_rows(plan: Plan) -> list[DecisionRow]:
    """Every decision, in the file's order, with what supersedes it and what it moved."""
    later = superseded_by(plan)
    rows = {d.id: DecisionRow(d, later.get(d.id)) for d in plan.decisions}
    for ident, how, cited_by in citations(plan):
        if ident in rows:
            rows[ident].moved.append((how, cited_by))
    return list(rows.values())


def by_meeting(rows: list[DecisionRow]) -> dict[str, list[DecisionRow]]:
    """The rows grouped by meeting, meetings in the order of their first decision's date."""
    groups: dict[str, list[DecisionRow]] = {}
    for row in sorted(rows, key=lambda r: r.decision.date):
        groups.setdefault(row.decision.meeting, []).append(row)
    return groups


def touching(plan: Plan, ident: str) -> list[DecisionRow]:
    """The decisions that name `ident` (a milestone, indicator or PPC) or that it cites."""
    return [
        row
        for row in decision_rows(plan)
        if ident in row.decision.milestones
        or ident in row.decision.indicators
        or ident in row.decision.ppcs
        or any(cited == ident for _, cited in row.moved)
    ]
