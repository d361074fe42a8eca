"""The smallest valid plan: one area, one activity, one PPC, one milestone, to be renamed
and grown into a different plan of action."""

from __future__ import annotations

PLAN_SCHEMA_LINE = "# yaml-language-server: $schema=../schema/plan.schema.json\n"
PPC_SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/ppc.schema.json\n"


def blank_plan_yaml(year: int) -> str:
    return (
        PLAN_SCHEMA_LINE
        + f"""\
# The plan-wide data: rename the plan, set its period, list its countries, partners,
# areas and activities. `commit schema` describes every key.
id: my-plan
title: My plan of action
period: {{start: {year}-01-01, end: {year + 2}-12-31}}
reporting:
  cadence_months: 6
countries:
  - code: KH
    name: Cambodia
partners:
  - id: secretariat
    name: Secretariat
    kind: other
areas:
  - id: area-1
    number: 1
    title: The first area of work
activities:
  - id: act-1
    number: 1
    area: area-1
    title: The first activity
"""
    )


def blank_ppc_yaml(year: int) -> str:
    return (
        PPC_SCHEMA_LINE
        + f"""\
# PPC 1: one project proposal; copy this file for the next one.
id: ppc-1
label: PPC 1
title: The first project
short_title: First project
activities: [act-1]
objective: What the project is to achieve.
milestones:
  - id: ppc1-meeting
    title: Planning meeting
    kind: meeting
    phase: preparation
    window: {year + 1}-H1
    lead: secretariat
indicators:
  - id: ppc1-meetings-held
    title: Planning meetings held
    unit: meetings
    counts: {{milestones: [ppc1-meeting]}}
    target: 1
"""
    )
