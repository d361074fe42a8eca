"""The reader label of every member of every closed vocabulary, in English: one table per
enumeration of `core.vocabulary`, looked up by member (never by a spelled-out string).

A label is lower case, as it reads inside a sentence (`in progress`, `partly met`); a heading
capitalizes it where it stands. A test checks that every member of every enumeration has one,
so a new status or verdict cannot reach a reader as its code (`partly_met`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from commit_cli.core.vocabulary import (
    Combine,
    FundingStatus,
    Language,
    Measure,
    MilestoneKind,
    PartnerKind,
    Phase,
    Status,
    Verdict,
)

STATUS: Mapping[Status, str] = {
    Status.planned: "planned",
    Status.in_progress: "in progress",
    Status.done: "done",
    Status.postponed: "postponed",
    Status.cancelled: "cancelled",
}

VERDICT: Mapping[Verdict, str] = {
    Verdict.met: "met",
    Verdict.partly_met: "partly met",
    Verdict.not_met: "not met",
    Verdict.no_target: "no target",
    Verdict.no_value: "no value",
}

# How an indicator's period values make one figure: the figure's name beside a verdict
# ("cumulative figure: 152").
RULE: Mapping[Combine, str] = {
    Combine.sum: "cumulative",
    Combine.last: "latest",
    Combine.max: "highest",
    Combine.min: "lowest",
}

MEASURE: Mapping[Measure, str] = {  # what an indicator counts of each milestone
    Measure.done: "done",
    Measure.started: "started",
    Measure.attended: "attended",
}

PHASE: Mapping[Phase, str] = {
    Phase.preparation: "preparation",
    Phase.core: "core activities",
    Phase.follow_up: "follow-up",
}

MILESTONE_KIND: Mapping[MilestoneKind, str] = {
    MilestoneKind.seminar: "seminar",
    MilestoneKind.workshop: "workshop",
    MilestoneKind.training: "training",
    MilestoneKind.meeting: "meeting",
    MilestoneKind.assessment: "assessment",
    MilestoneKind.research: "research",
    MilestoneKind.report: "report",
    MilestoneKind.publication: "publication",
    MilestoneKind.pilot: "pilot",
    MilestoneKind.other: "other",
}

PARTNER_KIND: Mapping[PartnerKind, str] = {
    PartnerKind.government: "government",
    PartnerKind.un_agency: "UN agency",
    PartnerKind.ngo: "NGO",
    PartnerKind.donor: "donor",
    PartnerKind.other: "other",
}

FUNDING_STATUS: Mapping[FundingStatus, str] = {
    FundingStatus.sought: "sought",
    FundingStatus.pledged: "pledged",
    FundingStatus.committed: "committed",
    FundingStatus.disbursed: "disbursed",
    FundingStatus.declined: "declined",
}

# A language, by its name in English (`commit templates list`).
LANGUAGE: Mapping[Language, str] = {
    Language.en: "English",
    Language.km: "Khmer",
    Language.lo: "Lao",
    Language.my: "Burmese",
    Language.th: "Thai",
    Language.vi: "Vietnamese",
    Language.zh: "Chinese (simplified)",
}

# Every table, by the enumeration it labels.
ENGLISH: Mapping[type[StrEnum], Mapping[Any, str]] = {
    Status: STATUS,
    Verdict: VERDICT,
    Combine: RULE,
    Measure: MEASURE,
    Phase: PHASE,
    MilestoneKind: MILESTONE_KIND,
    PartnerKind: PARTNER_KIND,
    FundingStatus: FUNDING_STATUS,
    Language: LANGUAGE,
}
