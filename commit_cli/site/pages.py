"""Every page of the site as plain data: its path in the output folder, its template and
its context.

The plan is read once, as known on the site's day (`Facts.of`: nothing recorded after it),
and every figure comes from the query layer: the home page holds `plan_status(...).to_json()`
whole (the same dictionary `commit status --json` prints), PPC pages take their counts from
its rows and their indicators from its indicator rows, milestones are the reports'
`Facts.milestone_json`. Nothing here judges a status or computes a figure of its own; it
selects (which milestones belong to a country or a period) and arranges.

Paths are relative to the output folder; a page at depth one reaches the others through
`root` (`../`), so the site works from `file://` as from any web server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from commit_cli import wording
from commit_cli.core.model import PPC, Plan
from commit_cli.core.periods import ReportingPeriod, span_of
from commit_cli.core.record import iso, json_number
from commit_cli.core.vocabulary import Phase
from commit_cli.query.index import Located
from commit_cli.query.rows import MilestoneRef
from commit_cli.query.status import PlanStatus, plan_status
from commit_cli.query.timeline import dependency_order
from commit_cli.reports.context.facts import Facts
from commit_cli.reports.context.gantt import gantt
from commit_cli.reports.context.indicators import indicator_json
from commit_cli.reports.context.pieces import (
    attendance_json,
    counts_json,
    ppc_json,
    span_json,
    updates_json,
)
from commit_cli.site.charts import indicator_chart
from commit_cli.wording import gettext as _


def N_(message: str) -> str:
    """A message found by the catalog extraction, translated where it is shown."""
    return message


JsonDict = dict[str, Any]
HOME = "index.html"
AZ = "a-z.html"
SEARCH = "search.html"
DOWNLOADS: tuple[tuple[str, str], ...] = (
    ("data/plan.json", N_("The whole plan as one JSON document (as known on the day)")),
    ("data/milestones.csv", N_("Milestones, one row each (CSV)")),
    ("data/indicators.csv", N_("Indicators, one row each (CSV)")),
    ("data/indicator_values.csv", N_("Indicator values by period and country (CSV)")),
    ("data/calendar.ics", N_("Dated meetings, seminars, trainings and workshops (iCalendar)")),
)
WEB = ("http://", "https://")
OVERDUE_SHOWN = 100  # rows of the home page's lists; the PPC pages have every milestone
LIST_SHOWN = 200  # rows of a country's or a period's list of milestones (the count is whole)


def listed(milestone: JsonDict) -> JsonDict:
    """A milestone as another page's list shows it: without its log, which only its own
    page and its PPC's show (so a note rewrites those, not every list it is in)."""
    return {key: value for key, value in milestone.items() if key != "log"}


@dataclass(frozen=True)
class Page:
    """One page: where it goes, the template that renders it and what the template gets."""

    path: str
    template: str
    context: JsonDict


def href(kind: str, ident: str) -> str:
    """The path of an object's page, relative to the site's root (ids are lowercase
    letters, digits, `.`, `_` and `-`; country codes two capitals; periods `2006-H1`)."""
    return f"{kind}/{ident}.html"


class SiteData:
    """The plan as known on the day, indexed once, with `commit status`'s answer for the
    whole plan: what every page is built from."""

    def __init__(
        self,
        plan: Plan,
        day: date,
        changes: list[JsonDict] | None = None,
        reports: frozenset[str] = frozenset(),
    ) -> None:
        self.changes = changes  # the plan's history up to the day, as data; None: none read
        self.reports = reports  # the files found in the site's `reports/` folder
        self._site: JsonDict | None = None
        self.entries: list[JsonDict] | None = None
        self.period_lists: dict[str, dict[str, list[Located]]] | None = None  # periods.py's
        self.facts = Facts.of(plan, day)
        self.plan = self.facts.plan
        self.index = self.facts.index
        self.day = day
        self.status: PlanStatus = plan_status(self.index, day)
        self.status_json = self.status.to_json()
        self.rows = {row.id: row for row in self.status.indicators}
        self.ppc_rows = {row.id: row for row in self.status.ppcs}
        self.names = self.facts.countries.names
        self._held_ppc: str | None = None  # the PPC whose milestones' page data is kept
        self._held: dict[str, JsonDict] = {}
        self.by_country: dict[str, list[Located]] = {code: [] for code in self.index.country_codes}
        self.by_ppc: dict[str, list[Located]] = {ppc.id: [] for ppc in self.plan.ppcs}
        for item in self.index.located():
            self.by_ppc[item.ppc.id].append(item)
            for code in self.index.milestone_countries(item.ppc, item.milestone):
                self.by_country.setdefault(code, []).append(item)

    def hold(self, ppc: str | None) -> None:
        """From now on keep the page data of `ppc`'s milestones once made, and let go of
        the PPC held before. The build makes a PPC's page and then its milestones' pages,
        which show the same milestones (each its own and its neighbours'): held for as
        long as those pages are made, each is made once, and at most one PPC's are kept
        (a hundred thousand kept from start to end held a third of a large site's
        memory)."""
        self._held_ppc = ppc
        self._held = {}

    def milestone(self, item: Located) -> JsonDict:
        """Everything a page says of one milestone (`Facts.milestone_json`, with its links),
        made when a page asks for it; kept only while its PPC is held (`hold`), otherwise
        made again by the few other pages that show it (a country's, a period's, a
        neighbour's in another PPC). Pages never change it: the same dictionary may be in
        several pages' contexts."""
        held = item.ppc.id == self._held_ppc
        if held:
            kept = self._held.get(item.milestone.id)
            if kept is not None:
                return kept
        found = self.facts.milestone_json(item)
        found["href"] = href("milestone", item.milestone.id)
        found["ppc_href"] = href("ppc", item.ppc.id)
        report = found["report"]
        if report and report["href"] and not report["href"].lower().startswith(WEB):
            # a path in the plan's repository: not part of the site, so shown as text
            found["report"] = {**report, "href": None}
        if held:
            self._held[item.milestone.id] = found
        return found

    def shown_items(self, items: list[Located]) -> JsonDict:
        """A list of milestones as a page shows it: at most LIST_SHOWN items (in plan order,
        each `listed`, and each made only if it is shown), and how many in all; past that the
        PPC pages, which list every milestone, say the rest."""
        shown = [listed(self.milestone(item)) for item in items[:LIST_SHOWN]]
        return {"items": shown, "total": len(items)}

    # --- pieces shared by several pages ---------------------------------------------------

    def site(self) -> JsonDict:
        """What every page says of the site (made once: ten thousand pages share it)."""
        if self._site is None:
            self._site = self._site_json()
        return self._site

    def _site_json(self) -> JsonDict:
        plan = self.plan
        return {
            "plan_id": plan.id,
            "title": plan.title,
            "short_title": plan.short_title or plan.title,
            "notice": plan.notice,
            "as_of": self.day.isoformat(),
            "period": span_json(span_of(plan.period)),
            "schedule_is_draft": plan.schedule_is_draft,
            "schedule_note": plan.schedule_note,
            "downloads": [{"href": path, "text": _(text)} for path, text in DOWNLOADS],
        }

    def ref(self, ref: MilestoneRef) -> JsonDict:
        """A milestone as lists show it: the query layer's row, with its links."""
        return {
            **ref.to_json(),
            "status_label": ref.status_label,
            "due": iso(ref.due),
            "days_late": (self.day - ref.due).days if ref.overdue and ref.due else None,
            "href": href("milestone", ref.id),
            "ppc_href": href("ppc", ref.ppc),
            "ppc_label": self.index.ppcs[ref.ppc].label,
        }

    def indicator(self, ident: str) -> JsonDict:
        row = self.rows[ident]
        return {
            **indicator_json(row),
            "href": href("indicator", ident),
            "ppc_href": href("ppc", row.ppc),
            "ppc_label": self.index.ppcs[row.ppc].label,
        }

    def country(self, code: str) -> JsonDict:
        return {"code": code, "name": self.names.get(code, code), "href": href("country", code)}

    def page(self, path: str, template: str, kind: str, title: str, **context: Any) -> Page:
        root = "../" * path.count("/")
        return Page(
            path,
            template,
            {"site": self.site(), "root": root, "page": {"kind": kind, "title": title}, **context},
        )


# --- the pages ----------------------------------------------------------------------------


def home(data: SiteData) -> Page:
    """Where the plan stands: `commit status --json` for the whole plan, with links."""
    status = data.status
    overdue = status.overdue[:OVERDUE_SHOWN]
    due = status.due_next[:OVERDUE_SHOWN]
    return data.page(
        HOME,
        "site/home.html.j2",
        "home",
        data.plan.title,
        status=data.status_json,
        ppcs=[
            {**row.to_json(), "href": href("ppc", row.id), "done_share": row.counts.progress}
            for row in status.ppcs
        ],
        overdue=[data.ref(ref) for ref in overdue],
        due_next=[data.ref(ref) for ref in due],
        indicators=[data.indicator(row.id) for row in status.indicators],
        periods=[period_link(period) for period in data.index.calendar.periods],
        countries=[data.country(code) for code in data.index.country_codes],
    )


def period_title(period: ReportingPeriod) -> str:
    """`Reporting period 2006-H1`, in the language spoken."""
    return _("Reporting period %(period)s") % {"period": period.label}


def period_link(period: ReportingPeriod) -> JsonDict:
    return {"label": period.label, "href": href("period", period.label)}


def ppc_page(data: SiteData, ppc: PPC) -> Page:
    """One PPC: objective, expected results with their indicators, milestones by phase, the
    chart of planned against actual, the period updates, notes and the review."""
    index = data.index
    row = data.ppc_rows[ppc.id]
    items = data.by_ppc[ppc.id]
    milestones = [data.milestone(item) for item in items]
    indicators = [data.indicator(i.id) for i in ppc.indicators if i.id in data.rows]
    by_result: dict[int | None, list[JsonDict]] = {}
    for indicator, declared in zip(indicators, ppc.indicators, strict=True):
        by_result.setdefault(declared.expected_result, []).append(indicator)
    results = [
        {
            "number": number,
            "text": paragraph.text,
            "items": list(paragraph.items),
            "indicators": by_result.pop(number, []),
        }
        for number, paragraph in enumerate(ppc.expected_results, start=1)
    ]
    columns = [period.span for period in index.calendar.periods]
    review = ppc.review
    return data.page(
        href("ppc", ppc.id),
        "site/ppc.html.j2",
        "ppc",
        f"{ppc.label}: {ppc.short_title}",
        ppc={
            **ppc_json(ppc),
            "objective": ppc.objective,
            "evaluation": ppc.evaluation,
            "activities": [
                {"number": index.activities[a].number, "title": index.activities[a].title}
                for a in ppc.activities
                if a in index.activities
            ],
            "countries": [data.country(code) for code in index.ppc_countries(ppc)],
        },
        counts=counts_json(row.counts),
        next_due=row.next_due.id if row.next_due else None,
        expected_results=results,
        other_indicators=[i for rest in by_result.values() for i in rest],
        milestones_by_phase=[
            {
                "label": wording.phase(phase),
                "milestones": [m for m in milestones if m["phase"] == phase],
            }
            for phase in Phase
        ],
        gantt=gantt(data.facts, dependency_order(items), span_of(data.plan.period), columns),
        updates=updates_json(ppc),
        review={
            "obstacles": list(review.obstacles),
            "failures": list(review.failures),
            "lessons": list(review.lessons),
            "recommendations": list(review.recommendations),
        },
    )


def milestone_page(data: SiteData, item: Located) -> Page:
    """One milestone: its state on the day, dates, attendance, outcome, report and log."""
    milestone = item.milestone
    found = data.milestone(item)
    located = data.index.milestones
    return data.page(
        found["href"],
        "site/milestone.html.j2",
        "milestone",
        milestone.title,
        milestone=found,
        kind_label=wording.kind(milestone.kind),
        status_label=data.facts.refs[milestone.id].status_label,
        countries=[
            data.country(code) for code in data.index.milestone_countries(item.ppc, milestone)
        ],
        depends_on=[
            listed(data.milestone(located[i])) for i in milestone.depends_on if i in located
        ],
        dependents=[
            listed(data.milestone(located[i]))
            for i in data.index.dependents.get(milestone.id, [])
            if i in located
        ],
    )


def indicator_page(data: SiteData, ident: str) -> Page:
    """One indicator: its figure against the target, its values per period and by country,
    and a chart of them (with the same figures as a table beside it)."""
    row = data.rows[ident]
    found = data.indicator(ident)
    countries = sorted(
        {code for reading in row.history for code in (reading.by_country or {})},
        key=lambda code: (data.facts.countries.order.get(code, 999), code),
    )
    values = [
        {
            "period": reading.period.label,
            "href": href("period", reading.period.label),
            "value": json_number(reading.value),
            "by_country": [json_number((reading.by_country or {}).get(code)) for code in countries],
        }
        for reading in row.history
    ]
    return data.page(
        found["href"],
        "site/indicator.html.j2",
        "indicator",
        row.title,
        indicator=found,
        values=values,
        countries=[data.country(code) for code in countries],
        chart=indicator_chart(row),
    )


def country_page(data: SiteData, code: str) -> Page:
    """One country: the PPCs it takes part in, its milestones, the people it sent and its
    part of each indicator's values."""
    index = data.index
    ppcs = [ppc for ppc in data.plan.ppcs if code in index.ppc_countries(ppc)]
    items = data.by_country[code]
    attended: list[JsonDict] = []  # the first LIST_SHOWN, each with the people it sent
    count = people = 0  # of all
    for item in items:
        named = attendance_json(item.milestone.attended, data.facts.countries)
        if named is None:
            continue
        sent = next((c["value"] for c in named["countries"] if c["code"] == code), None)
        if sent is not None:
            count += 1
            people += sent
            if len(attended) < LIST_SHOWN:
                attended.append({**listed(data.milestone(item)), "people": sent})
    values = []
    for row in data.status.indicators:
        for reading in row.history:
            part = (reading.by_country or {}).get(code)
            if part is not None:
                values.append(
                    {
                        "indicator": data.indicator(row.id),
                        "period": reading.period.label,
                        "period_href": href("period", reading.period.label),
                        "value": json_number(part),
                    }
                )
    name = data.names.get(code, code)
    return data.page(
        href("country", code),
        "site/country.html.j2",
        "country",
        name,
        country=data.country(code),
        ppcs=[{**ppc_json(ppc), "href": href("ppc", ppc.id)} for ppc in ppcs],
        milestones=data.shown_items(items),
        attended={"items": attended, "total": count},
        people=people,
        values=values,
    )


def entries(data: SiteData) -> list[JsonDict]:
    """Everything that has a page, A to Z by title: the A–Z page and the search index
    (made once for both)."""
    if data.entries is None:
        data.entries = _entries(data)
    return data.entries


def _entries(data: SiteData) -> list[JsonDict]:
    found: list[JsonDict] = []
    for ppc in data.plan.ppcs:
        found.append(
            {
                "title": f"{ppc.label}: {ppc.short_title}",
                "kind": _("PPC"),
                "href": href("ppc", ppc.id),
            }
        )
    for ident, item in data.index.milestones.items():
        found.append(
            {
                "title": item.milestone.title,
                "kind": _("milestone"),
                "href": href("milestone", ident),
            }
        )
    for row in data.status.indicators:
        found.append(
            {"title": row.title, "kind": _("indicator"), "href": href("indicator", row.id)}
        )
    for code in data.index.country_codes:
        found.append(
            {"title": data.names[code], "kind": _("country"), "href": href("country", code)}
        )
    for period in data.index.calendar.periods:
        found.append(
            {
                "title": period_title(period),
                "kind": _("period"),
                "href": href("period", period.label),
            }
        )
    found.sort(key=lambda entry: (entry["title"].casefold(), entry["href"]))
    return found


def initial(title: str) -> str:
    """The letter a title is listed under: its first letter or digit, A–Z upper-cased;
    `#` for anything else (digits, other scripts' letters keep their own)."""
    for char in title:
        if char.isalnum():
            letter = char.upper()
            return letter if "A" <= letter <= "Z" else "#"
    return "#"


def az_page(data: SiteData, found: list[JsonDict]) -> Page:
    groups: dict[str, list[JsonDict]] = {}
    for entry in found:
        groups.setdefault(initial(entry["title"]), []).append(entry)
    letters = sorted(groups, key=lambda letter: (letter == "#", letter))
    return data.page(
        AZ,
        "site/a-z.html.j2",
        "a-z",
        _("Everything, A to Z"),
        groups=[{"letter": letter, "entries": groups[letter]} for letter in letters],
    )


def search_page(data: SiteData, found: list[JsonDict]) -> Page:
    """The search page, which says how many pages it searches (`found`, the index's)."""
    return data.page(SEARCH, "site/search.html.j2", "search", _("Search"), pages=len(found))
