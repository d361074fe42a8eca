"""The secretariat's books in the summary and final reports (issue 27): the funding of each
PPC, and (in the final report) the decisions of the meetings with the milestones each moved.

The funding figures are status's own (`query.funding`, through `PlanStatus.funding`), never
computed a second time: per PPC and currency, exact decimal text, never converted.
"""

from __future__ import annotations

from commit_cli.core.model import Plan
from commit_cli.query.status import PlanStatus
from commit_cli.reports.context.pieces import JsonDict

FIGURES = ("sought", "secured", "disbursed", "spent")


def _by_currency(row: JsonDict) -> list[JsonDict]:
    """One line per currency of a row of the funding book, its figures as exact text ("0"
    where the currency has none of them)."""
    currencies = sorted({c for name in FIGURES for c in row[name]})
    return [
        {"currency": c, **{name: row[name].get(c, "0") for name in FIGURES}} for c in currencies
    ]


def source_name(plan: Plan, source: str) -> str:
    """A funding source as a reader knows it: a partner's name from plan.yaml when the
    source is a partner's id, else the source as recorded (a donor's name)."""
    return next((p.name for p in plan.partners if p.id == source), source)


def funding_json(status: PlanStatus, plan: Plan) -> JsonDict:
    """The funding section: status's funding block as it is (`book`, what `status --json`
    gives), and for the templates each PPC's and the totals' figures per currency, and its
    sources by name (`source_name`)."""
    book = status.funding.to_json()
    ppcs = [
        {
            "id": row["id"],
            "label": row["label"],
            "short_title": row["short_title"],
            "sources": [source_name(plan, source) for source in row["sources"]],
            "currencies": _by_currency(row),
        }
        for row in book["ppcs"]
    ]
    return {"book": book, "ppcs": ppcs, "totals": _by_currency(book["totals"])}


def decisions_json(plan: Plan) -> list[JsonDict]:
    """The decisions grouped by meeting (meetings in the order of their first decision,
    decisions oldest first), each with the milestones whose postponement or cancellation
    cites it (`moved`) and whether a later decision supersedes it."""
    titles = {m.id: (m.title, ppc.label) for ppc in plan.ppcs for m in ppc.milestones}
    moved: dict[str, list[JsonDict]] = {}
    for ppc in plan.ppcs:
        for milestone in ppc.milestones:
            for how, change in (
                ("postponed", milestone.postponed),
                ("cancelled", milestone.cancelled),
            ):
                if change is not None and change.decision is not None:
                    moved.setdefault(change.decision, []).append(
                        {
                            "id": milestone.id,
                            "title": milestone.title,
                            "ppc_label": ppc.label,
                            "how": how,
                            "date": change.date.isoformat(),
                        }
                    )
    superseded = {d.supersedes: d.id for d in plan.decisions if d.supersedes}
    meetings: dict[str, list[JsonDict]] = {}
    for decision in sorted(plan.decisions, key=lambda d: d.date):
        meetings.setdefault(decision.meeting, []).append(
            {
                "id": decision.id,
                "date": decision.date.isoformat(),
                "text": decision.text,
                "superseded_by": superseded.get(decision.id),
                "supersedes": decision.supersedes,
                "moved": moved.get(decision.id, []),
                "affects": [
                    {"id": ident, "title": titles[ident][0], "ppc_label": titles[ident][1]}
                    for ident in decision.milestones
                    if ident in titles
                ],
            }
        )
    return [{"meeting": name, "decisions": found} for name, found in meetings.items()]
