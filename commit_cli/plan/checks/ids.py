"""Ids: every object's id is unique across the whole plan, and each country is listed once.

A rule across files (`check_across`, over the facts projection). Runs first: it records
every id (and, leniently, those of PPC files that failed validation,
so references into a file being fixed are not reported as dangling) for the other rules.
"""

from __future__ import annotations

from commit_cli.core.hints import article
from commit_cli.plan.checks.context import AcrossContext, Entry, Place, Rule
from commit_cli.problems import Severity

DUPLICATE_ID = Rule(
    "duplicate-id",
    Severity.error,
    "ids are unique across the whole plan, and each country code is listed once",
)
RULES = (DUPLICATE_ID,)


def _register(context: AcrossContext, ident: str, kind: str, place: Place) -> None:
    first = context.ids.get(ident)
    if first is not None:
        where = "" if first.place.file == place.file else f" in {first.place.file}"
        context.report(
            DUPLICATE_ID,
            place,
            f"duplicate id '{ident}': already used by {article(first.kind)}{where}; ids must be"
            " unique across the whole plan",
        )
        return
    context.ids[ident] = Entry(kind, place)


def _register_unreadable(context: AcrossContext) -> None:
    kinds = {"milestones": "milestone", "indicators": "indicator"}
    for file, data in context.unreadable:
        ppc_id = data.get("id")
        if isinstance(ppc_id, str):
            context.ids.setdefault(ppc_id, Entry("PPC", Place(file, ("id",))))
        for key, kind in kinds.items():
            items = data.get(key)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    context.ids.setdefault(item["id"], Entry(kind, Place(file, (key, i, "id"))))
        activities = data.get("activities")
        if isinstance(activities, str):
            activities = [activities]
        for activity in activities if isinstance(activities, list) else []:
            if isinstance(activity, str):
                context.unreadable_owner.setdefault(activity, str(ppc_id))


def check_across(context: AcrossContext) -> None:
    _register_unreadable(context)
    facts = context.facts.header
    header = context.header
    for i, code in enumerate(facts.countries):
        if code in context.countries:
            context.report(
                DUPLICATE_ID, header("countries", i, "code"), f"country '{code}' is listed twice"
            )
        context.countries[code] = header("countries", i, "code")
    for i, partner in enumerate(facts.partners):
        _register(context, partner.id, "partner", header("partners", i, "id"))
    for i, role in enumerate(facts.roles):
        _register(context, role.id, "role", header("roles", i, "id"))
    for i, area in enumerate(facts.areas):
        _register(context, area.id, "area", header("areas", i, "id"))
        for j, sub_area in enumerate(area.sub_areas):
            _register(context, sub_area, "sub-area", header("areas", i, "sub_areas", j, "id"))
    for i, activity in enumerate(facts.activities):
        _register(context, activity.id, "activity", header("activities", i, "id"))
    for p, ppc in enumerate(context.facts.ppcs):
        _register(context, ppc.id, "PPC", context.in_ppc(p, "id"))
        for i, milestone in enumerate(ppc.milestones):
            _register(context, milestone.id, "milestone", context.in_ppc(p, "milestones", i, "id"))
        for i, indicator in enumerate(ppc.indicators):
            _register(context, indicator.id, "indicator", context.in_ppc(p, "indicators", i, "id"))
