"""The plan's closed vocabularies: the values a kind, phase, status, rule or measure may take
(one enumeration each), shared by the models that validate them and the records that hold
them, and the verdicts the program gives an indicator."""

from __future__ import annotations

from enum import StrEnum


class PartnerKind(StrEnum):
    government = "government"
    un_agency = "un_agency"
    ngo = "ngo"
    donor = "donor"
    other = "other"


class Phase(StrEnum):
    preparation = "preparation"
    core = "core"
    follow_up = "follow_up"


class MilestoneKind(StrEnum):
    seminar = "seminar"
    workshop = "workshop"
    training = "training"
    meeting = "meeting"
    assessment = "assessment"
    research = "research"
    report = "report"
    publication = "publication"
    pilot = "pilot"
    other = "other"


class Status(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    postponed = "postponed"
    cancelled = "cancelled"


OPEN_STATUSES = frozenset({Status.planned, Status.in_progress})


class FundingStatus(StrEnum):
    """How far a funding entry of a PPC has come, from asking to money paid out."""

    sought = "sought"  # asked of a donor or agency, no answer yet
    pledged = "pledged"  # promised
    committed = "committed"  # agreed in writing
    disbursed = "disbursed"  # paid out
    declined = "declined"  # refused


# Money promised or paid: what a PPC's funding column counts as secured.
SECURED_FUNDING = frozenset(
    {FundingStatus.pledged, FundingStatus.committed, FundingStatus.disbursed}
)


class Combine(StrEnum):
    """How an indicator's values for successive reporting periods make one figure."""

    sum = "sum"  # each period adds to the total (courses held each half-year)
    last = "last"  # the latest value stands (countries with a national plan)
    max = "max"  # the highest value so far stands
    min = "min"  # the lowest value so far stands


class Measure(StrEnum):
    """What an indicator computed from milestones counts of each milestone."""

    done = "done"  # 1 for each milestone, in the period it was done
    started = "started"  # 1 for each milestone, in the period it started
    attended = "attended"  # its attendance total, in the period it was done


class Verdict(StrEnum):
    """Whether an indicator's figure reaches its target (`core.indicators.verdict`)."""

    met = "met"
    partly_met = "partly_met"
    not_met = "not_met"
    no_target = "no_target"  # the plan sets none: nothing to judge against
    no_value = "no_value"  # a target, but nothing reported or counted yet


class Language(StrEnum):
    """A language reports can be written in (`commit report --lang`, `reporting.language`):
    English and the national languages of the six countries, as their ISO 639-1 codes."""

    en = "en"  # English
    km = "km"  # Khmer (Cambodia)
    lo = "lo"  # Lao (Lao PDR)
    my = "my"  # Burmese (Myanmar)
    th = "th"  # Thai (Thailand)
    vi = "vi"  # Vietnamese (Viet Nam)
    zh = "zh"  # Chinese, simplified script (China)
