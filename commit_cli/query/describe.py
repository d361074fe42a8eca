"""`commit show`: everything about one object of the plan, and what relates to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from commit_cli.core.asof import milestone_on
from commit_cli.core.hints import closest
from commit_cli.core.model import PPC, Indicator, Plan
from commit_cli.core.record import json_number
from commit_cli.errors import NotFound
from commit_cli.problems import YamlPath
from commit_cli.query.index import Located, PlanIndex
from commit_cli.query.json_values import JsonDict
from commit_cli.query.rows import IndicatorRow, MilestoneRef, indicator_row
from commit_cli.query.scope import Scope

# --- show ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """A pointer to anything with an id: its kind, id and title (a country's name), and for
    a linkage its note. A linkage that names no target has kind, id and title None."""

    kind: str | None
    id: str | None
    title: str | None
    note: str | None = None

    def to_json(self) -> JsonDict:
        return {"kind": self.kind, "id": self.id, "title": self.title, "note": self.note}


@dataclass(frozen=True, slots=True)
class Citation:
    """A decision that the object's postponement, cancellation or target cites (`how`),
    with the decision's meeting and day (None: the plan's book does not hold it)."""

    how: str  # postponed, cancelled or target set
    decision: str
    meeting: str | None = None
    day: date | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """Where an object is written: the PPC whose file holds it (None: the plan's header)
    and the path of keys and indexes to it. The command line turns it into file:line."""

    ppc: str | None
    path: YamlPath


@dataclass(slots=True)
class Details:
    """Everything about one object, for `commit show`: its own fields as written, what
    relates to it, and, as of the day asked about, a milestone's state (`as_of`), the
    figures of indicators (a PPC's, or the indicator's own, with its `values` history) and
    the milestones involved (for an indicator: those it counts)."""

    kind: str
    id: str
    title: str
    fields: JsonDict
    related: dict[str, list[Ref]] = field(default_factory=dict)
    depends_on: list[Ref] = field(default_factory=list)
    dependents: list[Ref] = field(default_factory=list)
    linkages: list[Ref] = field(default_factory=list)
    linked_from: list[Ref] = field(default_factory=list)
    milestones: list[MilestoneRef] = field(default_factory=list)
    written: Written | None = None
    as_of: MilestoneRef | None = None
    indicators: list[IndicatorRow] = field(default_factory=list)
    file: str | None = None  # filled in by the command line, from `written`
    line: int | None = None
    day: date | None = None  # the as-of day
    # the decisions its postponement, cancellation or target cite (in JSON: `fields` and
    # `related.decisions` say it)
    cited: list[Citation] = field(default_factory=list)

    def to_json(self) -> JsonDict:
        history = self.indicators[0].history if self.kind == "indicator" else ()
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "fields": self.fields,
            "related": {name: [r.to_json() for r in refs] for name, refs in self.related.items()},
            "depends_on": [r.to_json() for r in self.depends_on],
            "dependents": [r.to_json() for r in self.dependents],
            "linkages": [r.to_json() for r in self.linkages],
            "linked_from": [r.to_json() for r in self.linked_from],
            "milestones": [m.to_json() for m in self.milestones],
            "source": None if self.file is None else {"file": self.file, "line": self.line},
            "as_of": None if self.as_of is None else self.as_of.to_json(),
            "indicators": [row.to_json() for row in self.indicators],
            "values": [
                {
                    "period": reading.period.label,
                    "value": json_number(reading.value),
                    "by_country": (
                        None
                        if reading.by_country is None
                        else {k: json_number(v) for k, v in reading.by_country.items()}
                    ),
                }
                for reading in history
            ],
        }


class _Describer:
    def __init__(self, plan: Plan, as_of: date, files: Mapping[str, str] | None = None) -> None:
        self.plan = plan
        self.index = PlanIndex(plan, files)
        self.as_of = as_of

    # refs

    def ref(self, ident: str | None, note: str | None = None) -> Ref:
        """A reference to any id of the plan (or to a country code)."""
        if ident is None:
            return Ref(None, None, None, note)
        kind = self.index.kind_of(ident)
        if kind is None:
            return Ref("unknown", ident, ident, note)
        return Ref(kind, ident, self.title(kind, ident), note)

    def title(self, kind: str, ident: str) -> str:
        index = self.index
        if kind == "ppc":
            return f"{index.ppcs[ident].label}: {index.ppcs[ident].short_title}"
        if kind == "milestone":
            return index.milestones[ident].milestone.title
        if kind == "indicator":
            return index.indicators[ident][1].title
        if kind == "activity":
            activity = index.activities[ident]
            return f"Activity {activity.number}: {activity.title}"
        if kind == "area":
            return f"Area {index.areas[ident].number}: {index.areas[ident].title}"
        if kind == "sub_area":
            sub = index.sub_areas[ident][1]
            return f"{sub.number} {sub.title}"
        if kind == "partner":
            return index.partners[ident].name
        if kind == "role":
            return index.roles[ident].title
        return index.countries[ident].name

    def refs(self, idents: Iterable[str | None]) -> list[Ref]:
        return [self.ref(ident) for ident in dict.fromkeys(idents) if ident is not None]

    def milestone_refs(self, items: Iterable[Located]) -> list[MilestoneRef]:
        return [MilestoneRef.of(item, self.as_of) for item in items]

    def linked_from(self, ident: str) -> list[Ref]:
        return [
            self.ref(ppc.id, linkage.note)
            for ppc in self.plan.ppcs
            for linkage in ppc.linkages
            if linkage.to == ident
        ]

    def counted_by(self, milestone_id: str) -> list[str]:
        """The indicators whose values count the milestone."""
        tables = self.index.milestone_tables
        return [
            indicator.id
            for ppc in self.plan.ppcs
            for indicator in ppc.indicators
            if indicator.counts is not None
            and any(m.id == milestone_id for m in tables.counted(indicator))
        ]

    def ppcs_with_areas(self, area_id: str) -> list[str]:
        return [ppc.id for ppc in self.plan.ppcs if area_id in self.index.ppc_areas(ppc)]

    # kinds

    def describe(self, ident: str) -> Details:
        details = self._describe(ident)
        details.written = self.written(details.kind, details.id)
        details.day = self.as_of
        return details

    def _describe(self, ident: str) -> Details:
        index = self.index
        kind = index.kind_of(ident)
        if kind is None and index.kind_of(ident.upper()) == "country":
            kind, ident = "country", ident.upper()
        if kind is None and (ppc_id := index.resolve_ppc(ident)) is not None:
            kind, ident = "ppc", ppc_id
        if kind == "ppc":
            return self.ppc(index.ppcs[ident])
        if kind == "milestone":
            return self.milestone(index.milestones[ident])
        if kind == "indicator":
            return self.indicator(*index.indicators[ident])
        if kind is not None:
            describer: Callable[[str], Details] = getattr(self, kind)
            return describer(ident)
        choices = [key for table in index.tables().values() for key in table]
        close = closest(ident, choices, n=3, cutoff=0.5, aliases=index.ppc_names)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise NotFound(f"unknown id '{ident}'{hint}")

    def written(self, kind: str, ident: str) -> Written | None:
        """Where the object is written (see `Written`)."""
        index, plan = self.index, self.plan
        if kind == "ppc":
            return Written(ident, ("id",))
        if kind == "milestone":
            ppc = index.milestones[ident].ppc
            at = next(i for i, m in enumerate(ppc.milestones) if m.id == ident)
            return Written(ppc.id, ("milestones", at))
        if kind == "indicator":
            ppc = index.indicators[ident][0]
            at = next(i for i, x in enumerate(ppc.indicators) if x.id == ident)
            return Written(ppc.id, ("indicators", at))
        if kind == "sub_area":
            area = index.sub_areas[ident][0]
            a = plan.areas.index(area)
            s = next(i for i, sub in enumerate(area.sub_areas) if sub.id == ident)
            return Written(None, ("areas", a, "sub_areas", s))
        header_lists: dict[str, tuple[str, list[Any]]] = {
            "activity": ("activities", plan.activities),
            "area": ("areas", plan.areas),
            "partner": ("partners", plan.partners),
            "role": ("roles", plan.roles),
            "country": ("countries", plan.countries),
        }
        if kind not in header_lists:
            return None
        key, items = header_lists[kind]
        for i, item in enumerate(items):
            if getattr(item, "code" if kind == "country" else "id") == ident:
                return Written(None, (key, i))
        return None

    def ppc(self, ppc: PPC) -> Details:
        index = self.index
        own = {m.id for m in ppc.milestones}
        areas = index.ppc_areas(ppc)
        outside = [d for m in ppc.milestones for d in m.depends_on if d not in own]
        dependents = [d for m in ppc.milestones for d in index.dependents.get(m.id, [])]
        return Details(
            kind="ppc",
            id=ppc.id,
            title=ppc.title,
            fields=ppc.model_dump(mode="json", exclude={"milestones", "indicators", "linkages"}),
            related={
                "activities": self.refs(ppc.activities),
                "areas": self.refs(a for a in index.areas if a in areas),
                "sub_areas": self.refs(ppc.sub_areas),
                "countries": self.refs(index.ppc_countries(ppc)),
                "indicators": self.refs(i.id for i in ppc.indicators),
                "decisions": self.decisions(ppc.id),
            },
            depends_on=self.refs(outside),
            dependents=self.refs(d for d in dependents if d not in own),
            linkages=[self.ref(link.to, link.note) for link in ppc.linkages],
            linked_from=self.linked_from(ppc.id),
            milestones=self.milestone_refs(i for i in index.located() if i.ppc.id == ppc.id),
            indicators=[
                indicator_row(index, ppc, indicator, self.as_of) for indicator in ppc.indicators
            ],
        )

    def decisions(self, ident: str) -> list[Ref]:
        """The decisions that touch `ident`: each titled by its meeting, day and text, and
        marked when a later one superseded it."""
        from commit_cli.query.decisions import touching

        return [
            Ref(
                "decision",
                row.decision.id,
                f"{row.decision.meeting}, {row.decision.date.isoformat()}: {row.decision.text}",
                None if row.superseded_by is None else f"superseded by {row.superseded_by}",
            )
            for row in touching(self.plan, ident)
        ]

    def milestone(self, item: Located) -> Details:
        milestone, ppc = item.milestone, item.ppc
        partners = [milestone.lead] if milestone.lead else []
        return Details(
            kind="milestone",
            id=milestone.id,
            title=milestone.title,
            fields={
                **milestone.model_dump(mode="json", exclude={"depends_on"}),
                "overdue": milestone_on(milestone, self.as_of).overdue,
            },
            related={
                "ppc": [self.ref(ppc.id)],
                "activities": self.refs(milestone.activities or ppc.activities),
                "countries": self.refs(self.index.milestone_countries(ppc, milestone)),
                "partners": self.refs([*partners, *milestone.partners]),
                "indicators": self.refs(self.counted_by(milestone.id)),
                "decisions": self.decisions(milestone.id),
            },
            depends_on=self.refs(milestone.depends_on),
            dependents=self.refs(self.index.dependents.get(milestone.id, [])),
            as_of=MilestoneRef.of(item, self.as_of),
            cited=self.cited(
                ("postponed", milestone.postponed.decision if milestone.postponed else None),
                ("cancelled", milestone.cancelled.decision if milestone.cancelled else None),
            ),
        )

    def cited(self, *records: tuple[str, str | None]) -> list[Citation]:
        """The decisions these records (how, the decision id or None) cite."""
        book = {decision.id: decision for decision in self.plan.decisions}
        found = []
        for how, ident in records:
            if ident:
                decision = book.get(ident)
                meeting, day = (decision.meeting, decision.date) if decision else (None, None)
                found.append(Citation(how, ident, meeting, day))
        return found

    def indicator(self, ppc: PPC, indicator: Indicator) -> Details:
        row = indicator_row(self.index, ppc, indicator, self.as_of)
        counted = {m.id for m in self.index.milestone_tables.counted(indicator)}
        return Details(
            kind="indicator",
            id=indicator.id,
            title=indicator.title,
            fields={
                **indicator.model_dump(mode="json"),
                "latest": (
                    None
                    if row.latest_period is None
                    else {"period": row.latest_period, "value": json_number(row.latest_value)}
                ),
            },
            related={"ppc": [self.ref(ppc.id)], "decisions": self.decisions(indicator.id)},
            milestones=self.milestone_refs(
                item for item in self.index.located() if item.milestone.id in counted
            ),
            indicators=[row],
            cited=self.cited(("target set", indicator.target_decision)),
        )

    def activity(self, ident: str) -> Details:
        activity = self.index.activities[ident]
        owner = self.index.activity_owner.get(ident)
        return Details(
            kind="activity",
            id=ident,
            title=activity.title,
            fields=activity.model_dump(mode="json"),
            related={
                "area": self.refs([activity.area]),
                "ppc": self.refs([owner.id] if owner else []),
            },
            linked_from=self.linked_from(ident),
            milestones=self.milestone_refs(
                item
                for item in self.index.located()
                if ident in (item.milestone.activities or item.ppc.activities)
            ),
        )

    def area(self, ident: str) -> Details:
        area = self.index.areas[ident]
        return Details(
            kind="area",
            id=ident,
            title=area.title,
            fields=area.model_dump(mode="json"),
            related={
                "sub_areas": self.refs(sub.id for sub in area.sub_areas),
                "activities": self.refs(a.id for a in self.plan.activities if a.area == ident),
                "ppcs": self.refs(self.ppcs_with_areas(ident)),
            },
            linked_from=self.linked_from(ident),
            milestones=self.milestone_refs(
                item
                for item in self.index.located()
                if ident in self.index.milestone_areas(item.ppc, item.milestone)
            ),
        )

    def sub_area(self, ident: str) -> Details:
        area, sub = self.index.sub_areas[ident]
        return Details(
            kind="sub_area",
            id=ident,
            title=sub.title,
            fields=sub.model_dump(mode="json"),
            related={
                "area": [self.ref(area.id)],
                "ppcs": self.refs(p.id for p in self.plan.ppcs if ident in p.sub_areas),
            },
            linked_from=self.linked_from(ident),
        )

    def partner(self, ident: str) -> Details:
        partner = self.index.partners[ident]
        return Details(
            kind="partner",
            id=ident,
            title=partner.name,
            fields=partner.model_dump(mode="json"),
            related={
                "countries": self.refs(partner.countries),
                "roles": self.refs(r.id for r in self.plan.roles if r.organisation == ident),
            },
            milestones=self.milestone_refs(
                item
                for item in self.index.located()
                if item.milestone.lead == ident or ident in item.milestone.partners
            ),
        )

    def role(self, ident: str) -> Details:
        role = self.index.roles[ident]
        return Details(
            kind="role",
            id=ident,
            title=role.title,
            fields=role.model_dump(mode="json"),
            related={"organisation": self.refs([role.organisation])},
            milestones=self.milestone_refs(
                item for item in self.index.located() if item.milestone.lead == ident
            ),
        )

    def country(self, code: str) -> Details:
        index = self.index
        country = index.countries[code]
        return Details(
            kind="country",
            id=code,
            title=country.name,
            fields=country.model_dump(mode="json"),
            related={
                "ppcs": self.refs(
                    p.id for p in self.plan.ppcs if Scope(country=code).includes_ppc(index, p)
                ),
                "partners": self.refs(p.id for p in self.plan.partners if code in p.countries),
            },
            milestones=self.milestone_refs(
                item
                for item in index.located()
                if code in index.milestone_countries(item.ppc, item.milestone)
            ),
        )


def describe(
    plan: Plan, ident: str, as_of: date, files: Mapping[str, str] | None = None
) -> Details:
    """Everything about the object `ident` names: any id of the plan, a country code, or a
    PPC by label, number or file name (`files`: PPC id → the file it is written in).

    An unknown id raises NotFound naming the closest ids."""
    return _Describer(plan, as_of, files).describe(ident.strip())
