"""The fictional history `commit demo` records: what happened to each milestone of the
bundled plan, period by period, decided once by rules and a seeded random generator.

None of it happened. It is made to look like a plan being carried out (work done in order of
its dependencies, preparation before core work before follow-up, some of it late, postponed
or cancelled for ordinary reasons, attendance by sex and country) so that the reports have
something to say. The same plan gives the same story every time (`SEED`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from commit_cli.core.model import PPC, Milestone, Plan
from commit_cli.core.periods import ReportingPeriod, reporting_periods, span_of
from commit_cli.query.index import PlanIndex
from commit_cli.query.timeline import dependency_order

SEED = 2005
EVENT_KINDS = ("seminar", "workshop", "training", "meeting")
BASE_PERIODS = {"preparation": (0, 1, 1, 2), "core": (1, 2, 3, 3, 4), "follow_up": (3, 4, 4, 5)}
CITIES = {
    "KH": "Phnom Penh",
    "CN": "Kunming",
    "LA": "Vientiane",
    "MM": "Yangon",
    "TH": "Bangkok",
    "VN": "Hanoi",
}
AUTHORS = ("Secretariat reporting officer (demo)", "Secretariat liaison officer (demo)")
POSTPONE_REASONS = (
    "Donor funds for the event arrived three months later than pledged.",
    "The host ministry asked for a later date after a change of minister.",
    "Translation of the background papers into the six languages took longer than planned.",
    "The venue was needed for national election preparations.",
    "Flooding in the host province closed the roads to the venue.",
    "Key participants were needed at a regional ministerial meeting on the same dates.",
)
CANCEL_REASONS = (
    "Merged into a larger sub-regional event on the same subject.",
    "The partner agency withdrew its funding for this item.",
    "The Task Forces agreed it duplicated work already done by a partner programme.",
)
OBSTACLES = (
    "Turnover of focal points in two National Task Forces slowed preparation.",
    "Translation into the six national languages remained a bottleneck.",
    "Partner agencies reported late, so activity reports were compiled late.",
    "Visa processing for participants took up to six weeks.",
    "Budget lines for national follow-up were not yet secured.",
)
FAILURES = (
    "Work that depended on a single partner's funding stopped when that funding ended.",
    "Follow-up at national level was planned without a budget line, and slipped.",
    "Two items were dropped late, after preparation had already been paid for.",
)
LESSONS = (
    "Events prepared with the National Task Forces from the start drew the right officials.",
    "Translating materials before an event, not after, made follow-up faster.",
    "Bilateral follow-up worked best when a date was agreed at the sub-regional event itself.",
    "Recording attendance by sex and country from the first event made reporting easy.",
    "Pooling small events into fewer, better-prepared ones saved funds and officials' time.",
)
RECOMMENDATIONS = (
    "Agree a dated schedule at the start of the next plan instead of inferring one.",
    "Budget translation into the six languages as part of every activity.",
    "Keep one focal point per country for each PPC and name a deputy.",
    "Carry unfinished follow-up work into the next plan with a named lead agency.",
    "Measure indicators every six months, by country, from the first period.",
)
# Milestones whose story is fixed rather than drawn: period index (0 = 2005-H1) and fate.
FIXED: dict[str, tuple[int, str]] = {
    "pp12-secretariat-staff": (0, "done"),
    "pp12-summary-report-2005-h1": (0, "done"),
    "pp12-summary-report-2005-h2": (1, "done"),
    "pp12-summary-report-2006-h1": (2, "done"),
    "pp12-summary-report-2006-h2": (3, "done"),
    "pp12-summary-report-2007-h1": (4, "done"),
    "pp12-summary-report-2007-h2": (5, "done"),
    "pp12-final-report": (5, "done"),
    "pp12-som-terms-of-reference": (0, "done"),
    "pp12-implementation-schedule": (1, "done"),
    "pp12-monitoring-evaluation-activities": (1, "done"),
    "pp12-som-3": (1, "done"),
    "pp12-external-evaluator-tor": (3, "done"),
    "pp12-external-evaluation-tor-approved": (4, "done"),
    "pp12-external-evaluator-recruited": (4, "done"),
    "pp12-external-evaluation": (5, "done"),
    "ppc2-roundtable-2005": (2, "late"),
    "ppc2-roundtable-2006": (3, "done"),
    "ppc2-roundtable-2007": (5, "done"),
    "ppc1-training-course-3": (2, "postponed"),
    "ppc4-followup-bilateral-meeting-2": (3, "postponed"),
    "ppc9-follow-up-negotiations": (4, "postponed-open"),
    "ppc5-seminar-civil-law": (3, "cancelled"),
    "ppc10-blacklist": (2, "cancelled"),
    "ppc11-operator-incentives": (4, "cancelled"),
}

# Milestones the plan gained after the story was first told (issue 25): pinned to sensible
# events, and decided after all the others, each with a generator of its own, so that the
# rest of the story (drawn in turn from SEED) stays as it was. Nothing depends on them.
# "through": a duty kept through the plan, in progress from its first day and done at its end.
LATER: dict[str, tuple[int, str]] = {
    "pp12-annual-som-2006": (3, "done"),
    "pp12-annual-som-2007": (5, "done"),
    **{
        f"pp12-task-force-maintained-{code}": (5, "through")
        for code in ("kh", "cn", "la", "mm", "th", "vn")
    },
}
# Milestones that are the same event as another, and the note that says so: SOM 3, held in
# 2005-H2, was that year's annual SOM (recorded under both, as ENCODING-NOTES say).
SAME_EVENT = {
    "pp12-annual-som-2005": ("pp12-som-3", "Held as SOM 3 (pp12-som-3), this year's annual SOM.")
}
# The provisions for evaluation a PPC records with its first progress, when the plan's text
# gives none ("Provisions for evaluation will be included in each Project Proposal").
EVALUATION = (
    "Evaluation plan agreed with the Evaluation Officer: progress measured every six months"
    " against the indicators, and each event reviewed from its activity report and the"
    " participants' assessments (fictional demo data)."
)


@dataclass
class Fate:
    """What happens to one milestone in the story."""

    milestone: Milestone
    ppc: PPC
    outcome: str = "open"  # done, cancelled, postponed (and then done), open
    planned: int | None = None  # the period the agreed schedule puts it in
    period: int | None = None  # when it ends (done or cancelled)
    start: date | None = None
    end: date | None = None
    postponed_in: int | None = None
    postponed_to: str | None = None
    reason: str | None = None
    attended: dict[str, object] | None = None
    notes: list[tuple[date, str, str]] = field(default_factory=list)


@dataclass
class Story:
    plan: Plan
    periods: list[ReportingPeriod]
    fates: dict[str, Fate]


def commit_day(period: ReportingPeriod) -> date:
    """The day a period's record is committed: a few days before it ends."""
    return period.end - timedelta(days=3)


def _day_in(rng: random.Random, period: ReportingPeriod, last: date) -> date:
    span = (min(period.end, last) - period.start).days
    return period.start + timedelta(days=rng.randint(12, max(13, span - 6)))


def _duration(rng: random.Random, milestone: Milestone) -> int:
    kind = str(milestone.kind)
    if kind in ("seminar", "workshop"):
        days = rng.randint(2, 3)
    elif kind == "training":
        days = rng.randint(5, 10)
    elif kind == "meeting":
        days = rng.randint(1, 2)
    else:
        days = rng.randint(40, 150)
    return max(days, milestone.min_duration_days or 1)


def _countries(index: PlanIndex, ppc: PPC, milestone: Milestone) -> list[str]:
    return index.milestone_countries(ppc, milestone)


def _attendance(
    rng: random.Random, index: PlanIndex, ppc: PPC, milestone: Milestone
) -> dict[str, object]:
    planned = milestone.participants
    low = planned.min if planned and planned.min is not None else 18
    high = planned.max if planned and planned.max is not None else max(low + 12, 40)
    codes = _countries(index, ppc, milestone)
    total = rng.randint(low, high)
    women = round(total * rng.uniform(0.34, 0.56))
    from_agencies = rng.randint(0, min(4, total // 6))
    share = total - from_agencies
    weights = [rng.uniform(0.7, 1.3) for _ in codes]
    counts = [int(share * w / sum(weights)) for w in weights]
    counts[0] += share - sum(counts)
    return {
        "total": total,
        "women": women,
        "men": total - women,
        "by_country": [(code, count) for code, count in zip(codes, counts, strict=True)],
    }


def build_story(plan: Plan) -> Story:
    """Decide every milestone's fate: in dependency order, each happens no earlier than what
    it depends on, and not at all when that did not happen."""
    rng = random.Random(SEED)
    index = PlanIndex(plan)
    periods = reporting_periods(span_of(plan.period), plan.reporting.cadence_months)
    last = len(periods) - 1
    fates: dict[str, Fate] = {}
    for item in dependency_order(list(index.located())):
        milestone, ppc = item.milestone, item.ppc
        fate = Fate(milestone, ppc)
        fates[milestone.id] = fate
        deps = [fates[d] for d in milestone.depends_on if d in fates]
        if any(d.outcome not in ("done", "postponed") or d.period is None for d in deps):
            fate.planned = min(last, max((d.planned or 0 for d in deps), default=0) + 1)
            continue  # what it needs did not happen
        earliest = max((d.period or 0 for d in deps), default=0)
        ready = max((d.end for d in deps if d.end is not None), default=None)
        fixed = FIXED.get(milestone.id)
        if fixed is not None:
            period, kind = max(fixed[0], earliest), fixed[1]
        else:
            period = max(rng.choice(BASE_PERIODS[str(milestone.phase)]), earliest)
            draw = rng.random()
            if milestone.condition is not None and draw < 0.5:
                continue  # conditional work not taken up: no schedule either
            if milestone.id in index.dependents and (draw < 0.03 or draw > 0.9):
                draw = 0.5  # work others wait for is done
            kind = (
                "open"
                if draw > 0.9
                else "cancelled"
                if draw < 0.03
                else "postponed"
                if draw < 0.1
                else "done"
            )
        if kind == "postponed" and period < 2:
            kind = "done"  # nothing is postponed before the schedule is agreed (2005-H2)
        fate.planned = min(period, last)
        _decide(rng, index, fate, periods, period, kind, ready, last)
    _pin_later(index, fates, periods)
    return Story(plan, periods, fates)


def _pin_later(index: PlanIndex, fates: dict[str, Fate], periods: list[ReportingPeriod]) -> None:
    """Decide the fates of `LATER` and `SAME_EVENT` (see there)."""
    last = len(periods) - 1
    for ident, (period, kind) in LATER.items():
        fate = fates.get(ident)
        if fate is None:
            continue
        rng = random.Random(f"{SEED}-{ident}")
        pinned = Fate(fate.milestone, fate.ppc, planned=0 if kind == "through" else period)
        _decide(rng, index, pinned, periods, period, "done", None, last)
        if kind == "through" and pinned.end is not None:
            pinned.start = periods[0].start
            pinned.end = commit_day(periods[last]) - timedelta(days=1)
        fates[ident] = pinned
    for ident, (same, text) in SAME_EVENT.items():
        fate, other = fates.get(ident), fates.get(same)
        if fate is None or other is None or other.outcome != "done" or other.end is None:
            continue
        note = (other.end, AUTHORS[1], text)
        fates[ident] = replace(other, milestone=fate.milestone, ppc=fate.ppc, notes=[note])


def first_progress(story: Story, ppc_id: str) -> int | None:
    """The index of the period in which the story first takes up work of the PPC `ppc_id`
    (a milestone started or done), if it ever does."""
    taken_up = [
        next(i for i, period in enumerate(story.periods) if period.span.contains(fate.start))
        for fate in story.fates.values()
        if fate.ppc.id == ppc_id
        and fate.start is not None
        and fate.end is not None
        and fate.period is not None
    ]
    return min(taken_up, default=None)


def _decide(
    rng: random.Random,
    index: PlanIndex,
    fate: Fate,
    periods: list[ReportingPeriod],
    period: int,
    kind: str,
    ready: date | None,
    last: int,
) -> None:
    milestone = fate.milestone
    if kind == "open" or period > last:
        return
    if kind == "cancelled":
        fate.outcome, fate.period = "cancelled", period
        fate.end = _day_in(rng, periods[period], commit_day(periods[period]))
        fate.reason = rng.choice(CANCEL_REASONS)
        return
    if kind in ("postponed", "postponed-open", "late"):
        if kind != "late":
            fate.postponed_in = period
            fate.reason = rng.choice(POSTPONE_REASONS)
            target = min(period + 1, last)
            fate.postponed_to = periods[target].label
        period += 1
        if kind == "postponed-open" or period > last:
            fate.outcome = "postponed"
            fate.period = None
            return
    when = periods[period]
    latest = commit_day(when) - timedelta(days=1)
    end = _day_in(rng, when, latest)
    if ready is not None and end <= ready:
        end = min(ready + timedelta(days=rng.randint(10, 40)), latest)
        if end <= ready:
            return  # no room left this period: it stays open
    days = _duration(rng, milestone)
    start = end - timedelta(days=days - 1)
    if ready is not None and start <= ready:
        start = ready + timedelta(days=1)
    start = max(start, periods[0].start)
    if fate.postponed_in is not None:
        start = max(start, when.start)  # postponed work starts in its new window
    fate.outcome = "postponed" if fate.postponed_in is not None else "done"
    fate.period, fate.start, fate.end = period, start, end
    if str(milestone.kind) in EVENT_KINDS:
        fate.attended = _attendance(rng, index, fate.ppc, milestone)
        if rng.random() < 0.5:
            city = CITIES[rng.choice(_countries(index, fate.ppc, milestone))]
            booked = start - timedelta(days=rng.randint(20, 45))
            fate.notes.append((booked, rng.choice(AUTHORS), f"Venue confirmed in {city}."))


OUTCOMES = {
    "seminar": "Participants agreed a short list of recommendations for the National Task Forces.",
    "workshop": "Draft text reviewed line by line; comments from all six countries recorded.",
    "training": "All participants completed the course and rated it useful or very useful.",
    "meeting": "Conclusions adopted and circulated to the six National Task Forces.",
    "assessment": "Assessment completed and shared with the Task Forces.",
    "research": "Study completed; findings presented to the Task Forces.",
    "report": "Report completed and sent to the Governments.",
    "publication": "Published and distributed to the National Task Forces.",
    "pilot": "Pilot run; lessons written up for the Task Forces.",
    "other": "Completed as planned.",
}


def outcome_text(milestone: Milestone) -> str:
    return OUTCOMES.get(str(milestone.kind), OUTCOMES["other"])


def report_url(milestone: Milestone, rng: random.Random) -> str | None:
    """Where the (fictional) activity report would be: mostly a link, sometimes a path."""
    if str(milestone.kind) not in (*EVENT_KINDS, "assessment", "research", "report"):
        return None
    if rng.random() < 0.25:
        return f"reports/{milestone.id}.pdf"
    return f"https://example.org/commit-demo/reports/{milestone.id}.pdf"


# --- indicators ---------------------------------------------------------------------------

# Indicators that count milestones done, recorded per period as the number done in it.
COUNTED: dict[str, tuple[str, ...]] = {
    "ppc1-ind-assessment-review": ("ppc1-assessment-review-meeting",),
    "ppc1-ind-mechanism": ("ppc1-training-mechanism",),
    "ppc1-ind-courses": tuple(f"ppc1-training-course-{n}" for n in range(1, 7)),
    "ppc1-ind-curriculums": ("ppc1-curriculums", "ppc1-curriculums"),  # basic and advanced
    "ppc2-ind-roundtables": (
        "ppc2-roundtable-2005",
        "ppc2-roundtable-2006",
        "ppc2-roundtable-2007",
    ),
    "ppc2-ind-victim-id-guidelines": ("ppc2-victim-id-guidelines",),
    "ppc2-ind-bilateral-pilot": ("ppc2-pilot-bilateral-training",),
    "ppc2-ind-tracing-pilot": ("ppc2-tracing-pilot",),
    "ppc4-ind-two-day-seminars": (
        "ppc4-labour-migration-seminar",
        "ppc4-internal-agreements-seminar",
        "ppc4-bilateral-mou-seminar",
        "ppc4-government-ngo-seminar",
        "ppc4-criminal-justice-seminar",
    ),
    "ppc4-ind-followup-bilateral-meetings": (
        "ppc4-followup-bilateral-meeting-1",
        "ppc4-followup-bilateral-meeting-2",
    ),
    "ppc5-ind-legal-assessment": ("ppc5-legal-framework-assessment",),
    "ppc5-ind-seminars": (
        "ppc5-seminar-evidence",
        "ppc5-seminar-money-laundering",
        "ppc5-seminar-civil-law",
        "ppc5-seminar-common-guidelines",
    ),
    "ppc6-ind-common-guidelines": ("ppc6-common-guidelines",),
    "ppc7-ind-regional-seminar": ("ppc7-regional-seminar",),
    "ppc7-ind-services-guidelines": ("ppc7-common-services-guidelines",),
    "ppc8-ind-regional-seminars": (
        "ppc8-mla-seminar",
        "ppc8-extradition-seminar",
        "ppc8-extraterritorial-seminar",
        "ppc8-mla-followon-seminar",
    ),
    "ppc8-ind-mla-survey": ("ppc8-extradition-mla-survey",),
    "ppc9-ind-regional-seminar": ("ppc9-regional-seminar",),
    "ppc10-ind-brokering-research": ("ppc10-brokering-research",),
    "ppc10-ind-law-reviews": ("ppc10-criminal-law-review", "ppc10-civil-law-review"),
    "ppc10-ind-labour-seminar": ("ppc10-ministries-of-labour-seminar",),
    "ppc11-ind-regional-seminar": ("ppc11-regional-seminar",),
    "pp12-ind-summary-reports": tuple(
        f"pp12-summary-report-{year}-h{half}" for year in (2005, 2006, 2007) for half in (1, 2)
    ),
    "pp12-ind-final-report": ("pp12-final-report",),
    "pp12-ind-external-evaluation": ("pp12-external-evaluation",),
}
# Indicators counting milestones one per country, recorded per period by country.
COUNTED_BY_COUNTRY: dict[str, str] = {
    "ppc6-ind-nation-assessments": "ppc6-repatriation-assessment-",
}
# "Countries with …" indicators: each period that changes them records every country that
# has it by then (the latest count stands).
STANDING_BY_COUNTRY: dict[str, str] = {
    "ppc2-ind-police-units": "ppc2-police-units-",
    "ppc10-ind-national-technical-meetings": "ppc10-national-technical-meeting-",
}
# Participants of a series of events, recorded per period by country.
ATTENDANCE: dict[str, tuple[str, ...]] = {
    "ppc1-ind-participants": tuple(f"ppc1-training-course-{n}" for n in range(1, 7)),
}
# Values no milestone gives: period → value (a number, or values by country).
TYPED: dict[str, dict[str, object]] = {
    "ppc1-ind-needs-assessments": {"2005-H2": 2, "2006-H1": 2},
    "ppc3-ind-countries-with-npa": {
        "2005-H2": {"KH": 1, "TH": 1, "VN": 1},
        "2006-H1": {"CN": 0, "KH": 1, "LA": 0, "TH": 1, "VN": 1},  # Myanmar late (LATE_COUNTRY)
        "2006-H2": {"KH": 1, "LA": 1, "TH": 1, "VN": 1},
        "2007-H2": {"KH": 1, "CN": 1, "LA": 1, "TH": 1, "VN": 1},
    },
    "ppc3-ind-npa-monitoring": {"2006-H2": 2, "2007-H2": 3},
    "ppc5-ind-assessment-languages": {"2006-H1": 3, "2006-H2": 6},
    "ppc8-ind-extraterritorial-survey": {"2006-H1": 4, "2006-H2": 6},
    "ppc11-ind-best-practices": {"2006-H1": {"CN": 0, "KH": 1, "LA": 0, "TH": 1, "VN": 0}},
    "ppc11-ind-training-programs": {"2006-H1": {"CN": 1, "KH": 1, "LA": 0, "TH": 2, "VN": 1}},
    "pp12-ind-secretariat-staff": {"2005-H1": 3},
    "pp12-ind-task-force-support": {"2005-H2": 2, "2006-H2": 4, "2007-H1": 5},
    "pp12-ind-ppc-evaluations": {"2007-H1": 4, "2007-H2": 5},
}


def indicator_values(story: Story) -> dict[int, dict[str, list[tuple[str | None, float]]]]:
    """Per period index: indicator id → values to record, each (country or None, value)."""
    done_in: dict[int, list[Fate]] = {}
    for fate in story.fates.values():
        if fate.outcome in ("done", "postponed") and fate.period is not None and fate.end:
            done_in.setdefault(fate.period, []).append(fate)
    found: dict[int, dict[str, list[tuple[str | None, float]]]] = {}
    labels = {period.label: i for i, period in enumerate(story.periods)}
    standing: dict[str, set[str]] = {}
    for i in range(len(story.periods)):
        fates = done_in.get(i, [])
        values = _counted_values({fate.milestone.id for fate in fates}, standing)
        values.update(_attendance_values(fates))
        values.update(_typed_values(i, labels))
        found[i] = values
    return found


def _counted_values(
    done: set[str], standing: dict[str, set[str]]
) -> dict[str, list[tuple[str | None, float]]]:
    """The counts of the milestones `done` in a period (by country where the indicator
    counts by country); `standing` keeps the countries counted so far, and grows."""
    values: dict[str, list[tuple[str | None, float]]] = {}
    for indicator, ids in COUNTED.items():
        count = sum(1 for ident in ids if ident in done)
        if count:
            values[indicator] = [(None, count)]
    for indicator, prefix in COUNTED_BY_COUNTRY.items():
        codes = sorted(
            ident.removeprefix(prefix).upper() for ident in done if ident.startswith(prefix)
        )
        if codes:
            values[indicator] = [(code, 1) for code in codes]
    for indicator, prefix in STANDING_BY_COUNTRY.items():
        new = {ident.removeprefix(prefix).upper() for ident in done if ident.startswith(prefix)}
        if new:
            have = standing.setdefault(indicator, set())
            have.update(new)
            values[indicator] = [(code, 1) for code in sorted(have)]
    return values


def _attendance_values(fates: list[Fate]) -> dict[str, list[tuple[str | None, float]]]:
    """Those attending the meetings held in a period, by country."""
    values: dict[str, list[tuple[str | None, float]]] = {}
    for indicator, ids in ATTENDANCE.items():
        by_country: dict[str, int] = {}
        for fate in fates:
            if fate.milestone.id in ids and fate.attended:
                for code, count in fate.attended["by_country"]:  # type: ignore[attr-defined]
                    by_country[code] = by_country.get(code, 0) + count
        if by_country:
            values[indicator] = [(code, count) for code, count in sorted(by_country.items())]
    return values


def _typed_values(i: int, labels: dict[str, int]) -> dict[str, list[tuple[str | None, float]]]:
    """The values typed in for the period of index `i` (TYPED)."""
    values: dict[str, list[tuple[str | None, float]]] = {}
    for indicator, typed in TYPED.items():
        for label, value in typed.items():
            if labels.get(label) == i:
                if isinstance(value, dict):
                    values[indicator] = sorted(value.items())
                else:
                    values[indicator] = [(None, value)]  # type: ignore[list-item]
    return values


# The secretariat's other books (issue 27), told as fixed facts rather than drawn, so the
# rest of the story stays as it was. Funding: period index it is recorded in, PPC, source (a
# partner id or a donor's name), status, amount (exact decimal text, USD), date, reference.
# An entry recorded again with the same source and reference moves on (pledged, then
# disbursed), as `commit fund` does.
FUNDING: tuple[tuple[int, str, str, str, str, str, str], ...] = (
    (0, "pp-12", "uniap", "committed", "180000", "2005-03-15", "UNIAP-SEC-2005"),
    (0, "ppc-1", "uniap", "pledged", "120000", "2005-04-20", "UNIAP-TRN-01"),
    (1, "ppc-1", "uniap", "disbursed", "120000", "2005-09-01", "UNIAP-TRN-01"),
    (
        1,
        "ppc-1",
        "Regional training trust fund (demo)",
        "sought",
        "45000",
        "2005-10-03",
        "RTF-05-17",
    ),
    (1, "ppc-4", "un-agencies", "pledged", "75000.50", "2005-11-14", "UNA-MIG-2005"),
    (2, "ppc-4", "un-agencies", "disbursed", "75000.50", "2006-02-10", "UNA-MIG-2005"),
    (
        2,
        "ppc-9",
        "Bilateral donor programme (demo)",
        "committed",
        "60000",
        "2006-03-22",
        "BDP-0613",
    ),
    (
        3,
        "ppc-9",
        "Bilateral donor programme (demo)",
        "disbursed",
        "60000",
        "2006-08-30",
        "BDP-0613",
    ),
    (
        3,
        "ppc-1",
        "Regional training trust fund (demo)",
        "declined",
        "45000",
        "2006-09-12",
        "RTF-05-17",
    ),
    (3, "pp-12", "un-agencies", "pledged", "40000", "2006-10-02", "UNA-EVAL-2006"),
    (
        4,
        "ppc-11",
        "Tourism industry partnership fund (demo)",
        "sought",
        "50000",
        "2007-03-05",
        "TIPF-0702",
    ),
)
# Spending per period index: PPC → amount in USD (never above what was disbursed by then).
SPENDING: dict[int, dict[str, str]] = {
    1: {"ppc-1": "38250.75"},
    2: {"ppc-1": "41200", "ppc-4": "22500"},
    3: {"ppc-1": "27310.40", "ppc-4": "30100.25", "ppc-9": "18000"},
    4: {"ppc-4": "15750", "ppc-9": "24600.80"},
}
# Decisions of the meetings the story pins (SOM 3 in 2005-H2, the annual SOM 2006 in
# 2006-H2), each recorded with its meeting's period, dated the day the meeting ended, and
# cited by the postponement of the milestone it moved: id, meeting milestone, meeting, text,
# the milestone it moved.
DECISIONS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "som3-d2",
        "pp12-som-3",
        "SOM 3",
        "The third regional training course is to be held once the curriculum has been"
        " translated into the six national languages (fictional demo data).",
        "ppc1-training-course-3",
    ),
    (
        "som2006-d1",
        "pp12-annual-som-2006",
        "Annual SOM 2006",
        "The follow-up negotiations on the bilateral agreements move to the next period, after"
        " the national consultations (fictional demo data).",
        "ppc9-follow-up-negotiations",
    ),
)
# The late country: Myanmar's task force sends none of its by-country figures for 2006-H1
# (TYPED gives the other five countries' parts), so `commit due --period 2006-H1 --by
# country` shows it behind the others: (country code, period label).
LATE_COUNTRY = ("MM", "2006-H1")
