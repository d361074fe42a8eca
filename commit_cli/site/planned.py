"""Every page of the site before its context is made, and the PPCs each reads: what lets
an incremental build skip a page none of whose PPCs changed (`site.build`)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from commit_cli.core.model import PPC, Indicator
from commit_cli.query.index import Located
from commit_cli.site.pages import (
    AZ,
    HOME,
    SEARCH,
    SiteData,
    az_page,
    country_page,
    entries,
    home,
    href,
    indicator_page,
    milestone_page,
    ppc_page,
    search_page,
)
from commit_cli.site.periods import period_page
from commit_cli.site.state import Planned


def milestone_reads(data: SiteData, item: Located) -> tuple[str, ...]:
    """The PPCs a milestone's page reads: its own, and those of the milestones it depends on
    and of those that depend on it (listed with their titles and states)."""
    index, own = data.index, item.ppc.id
    reads = [own]
    for ident in (*item.milestone.depends_on, *index.dependents.get(item.milestone.id, ())):
        other = index.milestones.get(ident)
        if other is not None and other.ppc.id not in reads:
            reads.append(other.ppc.id)
    return tuple(reads)


class Reads:
    """The PPCs each page of a PPC, milestone or indicator reads."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.series: dict[str, list[str]] = {}  # series name -> the PPCs of its milestones
        for item in data.index.located():
            series = item.milestone.series
            if series is not None:
                found = self.series.setdefault(series.name, [])
                if item.ppc.id not in found:
                    found.append(item.ppc.id)

    def indicator(self, ppc: PPC, indicator: Indicator) -> list[str]:
        """Its own PPC, and the PPCs of the milestones it counts (in a series, or by id):
        its values are theirs."""
        reads = [ppc.id]
        counts = indicator.counts
        if counts is not None:
            found = list(self.series.get(counts.series, [])) if counts.series else []
            for ident in counts.milestones:
                item = self.data.index.milestones.get(ident)
                if item is not None:
                    found.append(item.ppc.id)
            reads += [ident for ident in found if ident not in reads]
        return reads

    def ppc(self, ppc: PPC) -> tuple[str, ...]:
        """Its own, and those its indicators read."""
        reads = [ppc.id]
        for indicator in ppc.indicators:
            reads += [ident for ident in self.indicator(ppc, indicator) if ident not in reads]
        return tuple(reads)


def planned_pages(data: SiteData) -> Iterator[Planned]:
    """Every page of the site, in a fixed order, before its context is made: the pages of a
    PPC, a milestone or an indicator name the PPCs they read; the others read the whole
    plan. Each PPC's page comes just before its milestones' pages, with that PPC held
    (`SiteData.hold`) while the build makes them: when it asks for the next page, those
    before it are written, and the next PPC's taking hold lets go of the last one's."""
    reads = Reads(data)
    yield Planned(HOME, None, partial(home, data))
    yield Planned(AZ, None, lambda: az_page(data, entries(data)))
    yield Planned(SEARCH, None, lambda: search_page(data, entries(data)))
    for ppc in data.plan.ppcs:
        data.hold(ppc.id)
        yield Planned(href("ppc", ppc.id), reads.ppc(ppc), partial(ppc_page, data, ppc))
        for item in data.by_ppc[ppc.id]:
            path = href("milestone", item.milestone.id)
            page = partial(milestone_page, data, item)
            yield Planned(path, milestone_reads(data, item), page)
    data.hold(None)
    for ident in data.rows:
        ppc, indicator = data.index.indicators[ident]
        page = partial(indicator_page, data, ident)
        yield Planned(href("indicator", ident), tuple(reads.indicator(ppc, indicator)), page)
    for code in data.index.country_codes:
        yield Planned(href("country", code), None, partial(country_page, data, code))
    for period in data.index.calendar.periods:
        yield Planned(href("period", period.label), None, partial(period_page, data, period))
