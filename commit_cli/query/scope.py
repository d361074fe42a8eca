"""Filters: which PPC, area and country a command narrows to (`Scope`), checked against the
plan (`resolve_scope`), and the NotFound, with a hint, for a value the plan does not know."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from commit_cli.core.hints import closest, did_you_mean, one_of
from commit_cli.core.model import PPC, Milestone, Plan
from commit_cli.errors import NotFound
from commit_cli.query.index import PlanIndex
from commit_cli.query.json_values import JsonDict


@dataclass(frozen=True, slots=True)
class Scope:
    """Resolved filters: a PPC id, an area id and a country code (None: no filter)."""

    ppc: str | None = None
    area: str | None = None
    country: str | None = None

    def to_json(self) -> JsonDict:
        return {"ppc": self.ppc, "area": self.area, "country": self.country}

    @property
    def everything(self) -> bool:
        """No filter: every PPC and milestone is in scope."""
        return self.ppc is None and self.area is None and self.country is None

    def includes_ppc(self, index: PlanIndex, ppc: PPC) -> bool:
        """Whether the PPC shows at all: it matches the PPC and area filters and involves
        the country (itself, or through one of its milestones)."""
        if self.ppc is not None and ppc.id != self.ppc:
            return False
        if self.area is not None and self.area not in index.ppc_areas(ppc):
            return False
        if self.country is None or self.country in index.ppc_countries(ppc):
            return True
        return any(
            self.country in index.milestone_countries(ppc, milestone)
            for milestone in ppc.milestones
        )

    def includes_milestone(self, index: PlanIndex, ppc: PPC, milestone: Milestone) -> bool:
        if self.ppc is not None and ppc.id != self.ppc:
            return False
        if self.area is not None and self.area not in index.milestone_areas(ppc, milestone):
            return False
        return self.country is None or self.country in index.milestone_countries(ppc, milestone)


def unknown_error(
    what: str,
    value: str,
    choices: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> NotFound:
    return NotFound(f"unknown {what} '{value}'{did_you_mean(value, choices, aliases)}")


def unknown_ppc(index: PlanIndex, value: str) -> NotFound:
    """No PPC goes by `value`: the closest ones, by id, label, file and number."""
    close = closest(value, list(index.ppcs), n=3, cutoff=0.5, aliases=index.ppc_names)
    hint = f"; did you mean {one_of(close)}?" if close else ""
    return NotFound(f"unknown PPC '{value}'{hint}")


def resolve_scope(
    plan: Plan | PlanIndex,
    ppc: str | None = None,
    area: str | None = None,
    country: str | None = None,
) -> Scope:
    """Check filter values against the plan. `ppc` is anything `PlanIndex.resolve_ppc`
    reads; `area` an area id or number; `country` a country code in any case. Unknown values
    raise NotFound with a hint."""
    index = PlanIndex.of(plan)
    ppc_id = None
    if ppc is not None:
        ppc_id = index.resolve_ppc(ppc)
        if ppc_id is None:
            raise unknown_ppc(index, ppc)
    area_id = None
    if area is not None:
        found = index.areas.get(area) or index.areas_by_number.get(area.strip())
        if found is None:
            raise unknown_error("area", area, [*index.areas, *index.areas_by_number])
        area_id = found.id
    code = None
    if country is not None:
        code = country.strip().upper()
        if code not in index.countries:
            raise unknown_error("country", country, index.country_codes)
    return Scope(ppc_id, area_id, code)
