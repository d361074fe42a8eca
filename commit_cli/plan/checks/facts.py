"""What the cross-file rules read of a plan: its *facts* (ids, references, dependencies,
series, planned windows), projected out of the records.

The rules that compare files are given only this projection (`PlanFacts`), never the plan, so
what they find is a function of it and can be kept under a digest of it: editing a status, a
note, an outcome or an indicator's values leaves every file's facts, and so the cached result,
as they were. Each file's digest is taken when the file is validated and kept in its cache
entry with its record (`plan.entries`), so a warm run only combines stored digests.

`encode` is the projection's canonical bytes: `repr` of tuples, lists, strings, numbers, dates
and records, which spells every value one way and no two values alike.

The rules about one PPC file read of the header only `HeaderFileFacts`; the rules run on
every check read of each milestone only its id, status and dependencies (`progress_facts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from commit_cli.core.model import PPC, Plan, PlanHeader, Series, Window


class HeaderFileFacts(NamedTuple):
    """What the rules about one PPC file read of the header."""

    period: Window
    cadence_months: int
    countries: tuple[str, ...]
    require_funding: bool = False
    decisions: tuple[str, ...] = ()  # the ids of decisions.yaml, sorted


class PartnerFacts(NamedTuple):
    id: str
    countries: list[str]


class RoleFacts(NamedTuple):
    id: str
    organisation: str | None


class AreaFacts(NamedTuple):
    id: str
    sub_areas: tuple[str, ...]  # their ids


class ActivityFacts(NamedTuple):
    id: str
    area: str | None


class HeaderFacts(NamedTuple):
    countries: tuple[str, ...]
    partners: tuple[PartnerFacts, ...]
    roles: tuple[RoleFacts, ...]
    areas: tuple[AreaFacts, ...]
    activities: tuple[ActivityFacts, ...]


class MilestoneFacts(NamedTuple):
    id: str
    activities: list[str]
    window: Window | None
    lead: str | None
    partners: list[str]
    depends_on: list[str]
    series: Series | None


class CountsFacts(NamedTuple):
    series: str | None
    milestones: list[str]


class IndicatorFacts(NamedTuple):
    id: str
    counts: CountsFacts | None


class PPCFacts(NamedTuple):
    id: str
    label: str
    activities: list[str]
    sub_areas: list[str]
    linkages: tuple[str | None, ...]  # where each linkage points
    milestones: tuple[MilestoneFacts, ...]
    indicators: tuple[IndicatorFacts, ...]


class PlanFacts(NamedTuple):
    header: HeaderFacts
    ppcs: tuple[PPCFacts, ...]


def header_file_facts(header: PlanHeader) -> HeaderFileFacts:
    """Of the plan's header (and, for a whole plan, its decisions' ids, sorted: the
    digest of these facts keys each file's cached findings)."""
    return HeaderFileFacts(
        header.period,
        header.reporting.cadence_months,
        tuple(country.code for country in header.countries),
        header.require_funding,
        tuple(sorted({d.id for d in header.decisions})) if isinstance(header, Plan) else (),
    )


def header_facts(header: PlanHeader) -> HeaderFacts:
    return HeaderFacts(
        tuple(country.code for country in header.countries),
        tuple(PartnerFacts(p.id, p.countries) for p in header.partners),
        tuple(RoleFacts(r.id, r.organisation) for r in header.roles),
        tuple(AreaFacts(a.id, tuple(s.id for s in a.sub_areas)) for a in header.areas),
        tuple(ActivityFacts(a.id, a.area) for a in header.activities),
    )


def ppc_facts(ppc: PPC) -> PPCFacts:
    return PPCFacts(
        ppc.id,
        ppc.label,
        ppc.activities,
        ppc.sub_areas,
        tuple(linkage.to for linkage in ppc.linkages),
        tuple(
            MilestoneFacts(m.id, m.activities, m.window, m.lead, m.partners, m.depends_on, m.series)
            for m in ppc.milestones
        ),
        tuple(
            IndicatorFacts(
                i.id,
                None if i.counts is None else CountsFacts(i.counts.series, i.counts.milestones),
            )
            for i in ppc.indicators
        ),
    )


def plan_facts(header: PlanHeader, ppcs: list[PPC]) -> PlanFacts:
    return PlanFacts(header_facts(header), tuple(ppc_facts(ppc) for ppc in ppcs))


def encode(facts: HeaderFacts | PPCFacts | HeaderFileFacts) -> bytes:
    """The facts' canonical bytes, to be digested."""
    return repr(facts).encode()


def file_facts(record: PlanHeader | PPC) -> HeaderFacts | PPCFacts:
    """The facts of one plan file: its header's or its PPC's."""
    return ppc_facts(record) if isinstance(record, PPC) else header_facts(record)


class PPCProgress(NamedTuple):
    """What the rules run on every check (`check_progress`) read of a PPC's milestones, other
    than those an indicator with typed values counts: their ids, statuses (`Status` values)
    and what each depends on, as columns (one item per milestone, in order)."""

    ids: Sequence[str]
    statuses: Sequence[str]
    depends_on: Sequence[Sequence[str]]


def progress_facts(ppc: PPC) -> PPCProgress:
    """The progress of `ppc`'s milestones."""
    milestones = ppc.milestones
    return PPCProgress(
        [m.id for m in milestones],
        [m.status.value for m in milestones],
        [m.depends_on for m in milestones],
    )
