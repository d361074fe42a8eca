"""References: every id a plan names exists and is of the right kind, linkages point
elsewhere, country pairs pair two countries, and each activity belongs to exactly one PPC.

Ids may name objects in any file: those rules run across files, over the facts projection
(`check_across`). Country codes name the header's countries only, and a pair is one
milestone's: those run per PPC file (`check_file`)."""

from __future__ import annotations

from commit_cli.core.model import PPC
from commit_cli.plan.checks.context import (
    UNKNOWN_REFERENCE,
    WRONG_REFERENCE,
    AcrossContext,
    FileContext,
    Place,
    Rule,
)
from commit_cli.plan.checks.facts import MilestoneFacts, PPCFacts
from commit_cli.problems import Severity

SELF_LINKAGE = Rule("self-linkage", Severity.error, "a PPC's linkage points at another object")
ACTIVITY_OUTSIDE_PPC = Rule(
    "activity-outside-ppc",
    Severity.error,
    "a milestone serves only activities its PPC covers",
)
BAD_PAIR = Rule("bad-pair", Severity.error, "a country pair names two different countries")
ACTIVITY_TWICE = Rule(
    "activity-twice", Severity.error, "an activity is covered by one PPC, not two"
)
ACTIVITY_UNCOVERED = Rule(
    "activity-uncovered", Severity.error, "every activity of the plan is covered by a PPC"
)
RULES = (
    UNKNOWN_REFERENCE,
    WRONG_REFERENCE,
    SELF_LINKAGE,
    ACTIVITY_OUTSIDE_PPC,
    BAD_PAIR,
    ACTIVITY_TWICE,
    ACTIVITY_UNCOVERED,
)


def _check_header(context: AcrossContext) -> None:
    facts = context.facts.header
    header = context.header
    for i, partner in enumerate(facts.partners):
        for j, code in enumerate(partner.countries):
            context.country_ref(code, header("partners", i, "countries", j), "countries")
    for i, role in enumerate(facts.roles):
        if role.organisation:
            context.ref(
                role.organisation, ("partner",), header("roles", i, "organisation"), "organisation"
            )
    for i, activity in enumerate(facts.activities):
        if activity.area is not None:
            context.ref(activity.area, ("area",), header("activities", i, "area"), "area")


def _check_ppc(context: AcrossContext, p: int, ppc: PPCFacts) -> None:
    for i, activity in enumerate(ppc.activities):
        context.ref(activity, ("activity",), context.in_ppc(p, "activities", i), "activities")
    for i, sub_area in enumerate(ppc.sub_areas):
        context.ref(sub_area, ("sub-area",), context.in_ppc(p, "sub_areas", i), "sub_areas")
    for i, to in enumerate(ppc.linkages):
        place = context.in_ppc(p, "linkages", i, "to")
        if to == ppc.id:
            context.report(SELF_LINKAGE, place, "a PPC cannot link to itself")
        elif to is not None:
            context.ref(to, ("PPC", "activity", "area", "sub-area"), place, "to")
    for i, milestone in enumerate(ppc.milestones):
        _check_milestone(context, ppc, context.in_ppc(p, "milestones", i), milestone)


def _check_milestone(
    context: AcrossContext, ppc: PPCFacts, at: Place, milestone: MilestoneFacts
) -> None:
    def place(*path: str | int) -> Place:
        return Place(at.file, (*at.path, *path))

    for j, activity in enumerate(milestone.activities):
        if context.ref(activity, ("activity",), place("activities", j), "activities") and (
            activity not in ppc.activities
        ):
            context.report(
                ACTIVITY_OUTSIDE_PPC,
                place("activities", j),
                f"activities: '{activity}' is not one of {ppc.label}'s activities"
                f" ({', '.join(ppc.activities)})",
            )
    if milestone.lead:
        context.ref(milestone.lead, ("partner", "role"), place("lead"), "lead")
    for j, partner in enumerate(milestone.partners):
        context.ref(partner, ("partner",), place("partners", j), "partners")


def _check_coverage(context: AcrossContext) -> None:
    owner: dict[str, str] = dict(context.unreadable_owner)
    for p, ppc in enumerate(context.facts.ppcs):
        for i, activity in enumerate(ppc.activities):
            if activity in owner and owner[activity] != ppc.id:
                context.report(
                    ACTIVITY_TWICE,
                    context.in_ppc(p, "activities", i),
                    f"activity '{activity}' is already covered by {owner[activity]};"
                    " each activity belongs to exactly one PPC",
                )
            owner.setdefault(activity, ppc.id)
    for i, declared in enumerate(context.facts.header.activities):
        if declared.id not in owner:
            context.report(
                ACTIVITY_UNCOVERED,
                context.header("activities", i, "id"),
                f"activity '{declared.id}' is covered by no PPC; list it under one"
                " PPC's `activities`",
            )


def check_across(context: AcrossContext) -> None:
    _check_header(context)
    for p, ppc in enumerate(context.facts.ppcs):
        _check_ppc(context, p, ppc)
    _check_coverage(context)


def check_file(context: FileContext, ppc: PPC) -> None:
    for i, code in enumerate(ppc.countries):
        context.country_ref(code, context.at("countries", i), "countries")
    for i, milestone in enumerate(ppc.milestones):
        for j, code in enumerate(milestone.countries):
            context.country_ref(code, context.at("milestones", i, "countries", j), "countries")
        for j, (first, second) in enumerate(milestone.country_pairs):
            place = context.at("milestones", i, "country_pairs", j)
            context.country_ref(first, Place(place.file, (*place.path, 0)), "country_pairs")
            context.country_ref(second, Place(place.file, (*place.path, 1)), "country_pairs")
            if first == second:
                context.report(
                    BAD_PAIR,
                    place,
                    f"country_pairs: a pair needs two different countries, found {first} twice",
                )
