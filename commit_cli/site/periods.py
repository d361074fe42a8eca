"""A reporting period's page: what was done, what slipped, what changed, and its reports.

What changed is the plan's own record, as the summary report's annex words it
(`reports.context.record`): the changes committed in the period, read once from the plan's
git history by the command (`commit changes --period`'s reading), never re-derived here;
when there is no history to read (not a git repository, a shallow clone) the page says so.

A period's rendered reports are expected in the site's folder, under `reports/`, as
`commit report summary --period P -o DIR/reports/` (and `commit report ppc --ppc ID
--period P`) names them: `summary-P.html`, `ppc-1-P.pdf`, … . The page links those it
finds when the site is built, and only once the period has ended on the site's day (a
report on a period speaks as of its end; one on a period still under way could speak of
days after the site's).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from itertools import pairwise
from typing import Any

from commit_cli.core.periods import ReportingPeriod, Span
from commit_cli.core.record import iso, json_number
from commit_cli.core.vocabulary import Status
from commit_cli.query.index import Located
from commit_cli.reports.context.facts import active_in, decided_in
from commit_cli.reports.context.pieces import updates_json
from commit_cli.reports.context.record import by_commit, change_record
from commit_cli.site.pages import (
    LIST_SHOWN,
    N_,
    Page,
    SiteData,
    href,
    period_link,
    period_title,
)
from commit_cli.wording import gettext as _

JsonDict = dict[str, Any]
REPORTS = "reports"  # the folder, in the site's, where a period's rendered reports are found
REPORT_FORMATS: tuple[tuple[str, str], ...] = (
    (".html", N_("web page")),
    (".pdf", N_("PDF")),
    (".docx", N_("Word")),
    (".md", N_("Markdown")),
    (".json", N_("JSON")),
)


def changed_in(data: SiteData, span: Span) -> JsonDict:
    """The plan's record of changes committed in `span` (on or before the site's day), as
    the summary report's annex words it, commit by commit: at most LIST_SHOWN entries, and
    how many in all. Changes not yet committed (kept only for a site of today) are today's,
    so they belong to the period that holds the site's day."""
    if data.changes is None:
        return {"available": False, "commits": [], "total": 0, "shown": 0}
    first, last = span.start.isoformat(), min(span.end, data.day).isoformat()
    today_here = span.start <= data.day <= span.end
    chosen = [
        change
        for change in data.changes
        if (change["commit"] is None and today_here)
        or (change["commit"] is not None and first <= change["commit"]["date"][:10] <= last)
    ]
    entries = change_record(data.plan, chosen)
    shown = entries[:LIST_SHOWN]
    return {
        "available": True,
        "commits": by_commit(shown),
        "total": len(entries),
        "shown": len(shown),
    }


def reports_for(data: SiteData, period: ReportingPeriod) -> list[JsonDict]:
    """The period's rendered reports found in the site's `reports/` folder: the summary
    first, then each PPC's in plan order, each with the formats found; none before the
    period has ended on the site's day."""
    if period.end > data.day:
        return []
    found = []
    stems = [("summary", _("Summary report to the Governments"))] + [
        (ppc.id, _("%(ppc)s report") % {"ppc": ppc.label}) for ppc in data.plan.ppcs
    ]
    for stem, title in stems:
        files = [
            {"href": f"{REPORTS}/{name}", "format": _(label)}
            for suffix, label in REPORT_FORMATS
            if (name := f"{stem}-{period.label}{suffix}") in data.reports
        ]
        if files:
            found.append({"title": title, "files": files})
    return found


OPEN = ("planned", "in_progress", "postponed")


def period_lists(data: SiteData) -> dict[str, dict[str, list[Located]]]:
    """For each period (by label), the milestones done in it, postponed and cancelled then
    (decided by the site's day), and planned to end in it and not done (with anything about
    them in it), in plan order: one pass over the plan for every period's page (made once).

    A day falls in the periods whose span holds it: the calendar's periods follow one
    another, so one at most, found by its start."""
    if data.period_lists is not None:
        return data.period_lists
    periods, day = data.index.calendar.periods, data.day
    starts = [period.start for period in periods]
    disjoint = all(one.end < two.start for one, two in pairwise(periods))

    def holding(when: date) -> list[ReportingPeriod]:
        if not disjoint:
            return [period for period in periods if period.span.contains(when)]
        at = bisect_right(starts, when) - 1
        return [periods[at]] if at >= 0 and when <= periods[at].end else []

    lists: dict[str, dict[str, list[Located]]] = {
        p.label: {"done": [], "slipped": [], "cancelled": [], "open": []} for p in periods
    }
    for item in data.index.located():
        milestone = item.milestone
        ref = data.facts.refs[milestone.id]
        actual = milestone.actual
        if ref.status == Status.done and actual is not None and actual.end is not None:
            for period in holding(actual.end):
                lists[period.label]["done"].append(item)
        for record, name in ((milestone.postponed, "slipped"), (milestone.cancelled, "cancelled")):
            if record is not None:
                for period in holding(record.date):
                    if decided_in(record, period.span, day):
                        lists[period.label][name].append(item)
        window = data.facts.span_json(ref.window)
        if window is not None and ref.status in OPEN:
            for period in holding(date.fromisoformat(window["end"])):
                span = period.span
                if span.start.isoformat() <= window["end"] <= span.end.isoformat() and active_in(
                    milestone, span
                ):
                    lists[period.label]["open"].append(item)
    data.period_lists = lists
    return lists


def period_page(data: SiteData, period: ReportingPeriod) -> Page:
    """One reporting period: what was done in it, what was postponed or cancelled then,
    what was planned in it and is not done, the indicator values reported for it, what was
    recorded in the plan during it and its rendered reports (all as known on the site's
    day)."""
    span, day = period.span, data.day
    lists = period_lists(data)[period.label]
    values = [
        {**data.indicator(row.id), "value": json_number(reading.value)}
        for row in data.status.indicators
        for reading in row.history
        if reading.period.label == period.label
    ]
    updates = [
        {"ppc": ppc.label, "ppc_href": href("ppc", ppc.id), **entry}
        for ppc in data.plan.ppcs
        for entry in updates_json(ppc, [period.label])
    ]
    periods = data.index.calendar.periods
    at = periods.index(period)
    return data.page(
        href("period", period.label),
        "site/period.html.j2",
        "period",
        period_title(period),
        period={
            "label": period.label,
            "start": iso(period.start),
            "end": iso(period.end),
            "started": period.start <= day,
            "ended": period.end <= day,
        },
        previous=period_link(periods[at - 1]) if at > 0 else None,
        next=period_link(periods[at + 1]) if at + 1 < len(periods) else None,
        done=data.shown_items(lists["done"]),
        slipped=data.shown_items(lists["slipped"]),
        cancelled=data.shown_items(lists["cancelled"]),
        open=data.shown_items(lists["open"]),
        values=values,
        updates=updates,
        changes=changed_in(data, span),
        reports=reports_for(data, period),
    )


def reports_found(names: list[str]) -> frozenset[str]:
    """The names, among those in the site's `reports/` folder, that a period page could
    link: a report's stem, a period and a report format's suffix."""
    suffixes = tuple(suffix for suffix, _ in REPORT_FORMATS)
    return frozenset(name for name in names if name.endswith(suffixes) and "/" not in name)
