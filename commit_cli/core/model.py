"""The plan as the program holds it: one immutable record (`core.record`) per pydantic model
of `core.schema`, with the same name and the same fields in the same order."""

from __future__ import annotations

from datetime import date

from commit_cli.core.record import Record
from commit_cli.core.vocabulary import Combine, Measure, MilestoneKind, PartnerKind, Phase, Status


class Window(Record):
    """A span of days. In YAML: a period spec, or a mapping with `start` and `end` specs."""

    start: date
    end: date


class ActualDates(Record):
    """When a milestone really started and ended."""

    start: date | None = None
    end: date | None = None


class Reporting(Record):
    cadence_months: int = 6
    to: list[str] = []
    note: str | None = None


class Country(Record):
    code: str
    name: str
    language: str | None = None


class Partner(Record):
    id: str
    name: str
    kind: PartnerKind
    countries: list[str] = []
    description: str | None = None


class Role(Record):
    """A staff role, e.g. a secretariat officer."""

    id: str
    title: str
    organisation: str | None = None
    duties: list[str] = []


class SubArea(Record):
    id: str
    number: str
    title: str


class Area(Record):
    id: str
    number: int
    title: str
    sub_areas: list[SubArea] = []


class Activity(Record):
    id: str
    number: int
    area: str | None = None
    title: str


class PlanHeader(Record):
    """The contents of `plan/plan.yaml`: everything that is not one PPC."""

    id: str
    title: str
    short_title: str | None = None
    notice: str | None = None
    description: str | None = None
    period: Window
    reporting: Reporting = Reporting()
    schedule_is_draft: bool = False
    schedule_note: str | None = None
    source: str | None = None
    countries: list[Country] = []
    partners: list[Partner] = []
    roles: list[Role] = []
    areas: list[Area] = []
    activities: list[Activity] = []


class Paragraph(Record):
    """A passage of the plan's text, with its sub-points if it has any."""

    text: str
    items: list[str] = []
    group: str | None = None


class Work(Record):
    """Work items by phase, in the plan's words."""

    preparation: list[Paragraph] = []
    core: list[Paragraph] = []
    follow_up: list[Paragraph] = []


class Footnote(Record):
    mark: str
    text: str


class Linkage(Record):
    """A link from this PPC to another PPC, an activity or an area."""

    to: str | None = None
    note: str | None = None


class Participants(Record):
    min: int | None = None
    max: int | None = None


class Attendance(Record):
    """Who took part in a milestone that was held; programmes against trafficking report
    attendance by sex and by country."""

    total: int
    women: int | None = None
    men: int | None = None
    by_country: dict[str, int] = {}


class Series(Record):
    """Membership of a counted series, e.g. course 2 of the six sub-regional courses."""

    name: str
    number: int
    of: int


class Postponement(Record):
    """When and why a milestone was postponed. Its `window` is then the new plan, and
    `from_window` keeps the one it replaced, so reports can show the slip."""

    date: date
    reason: str
    from_window: Window | None = None


class Cancellation(Record):
    """When and why a milestone was cancelled."""

    date: date
    reason: str


class LogEntry(Record):
    """One dated note on a milestone: who wrote what, and when (`commit note` adds one)."""

    date: date
    by: str
    text: str


class Milestone(Record):
    id: str
    title: str
    kind: MilestoneKind
    phase: Phase
    activities: list[str] = []
    window: Window | None = None
    min_duration_days: int | None = None
    participants: Participants | None = None
    countries: list[str] = []
    country_pairs: list[tuple[str, str]] = []
    pairs_to_choose: int | None = None
    lead: str | None = None
    partners: list[str] = []
    depends_on: list[str] = []
    series: Series | None = None
    condition: str | None = None
    status: Status = Status.planned
    actual: ActualDates | None = None
    postponed: Postponement | None = None
    cancelled: Cancellation | None = None
    attended: Attendance | None = None
    outcome: str | None = None
    report: str | None = None
    notes: str | None = None
    log: list[LogEntry] = []


class MilestoneCount(Record):
    """Which milestones an indicator counts, so that its values come from their recorded
    progress instead of being typed twice."""

    series: str | None = None
    milestones: list[str] = []
    measure: Measure = Measure.done


class Indicator(Record):
    id: str
    title: str
    unit: str
    expected_result: int | None = None
    combine: Combine | None = None
    counts: MilestoneCount | None = None
    baseline: float | None = None
    target: float | None = None
    target_max: float | None = None
    allow_negative: bool = False
    values: dict[str, float | dict[str, float]] = {}
    notes: str | None = None


class Review(Record):
    """What the final report says of a PPC."""

    obstacles: list[str] = []
    failures: list[str] = []
    lessons: list[str] = []
    recommendations: list[str] = []


class PeriodUpdate(Record):
    """What the six-monthly summary report says of a PPC for one reporting period, in words."""

    progress: str | None = None
    obstacles: list[str] = []
    next_steps: list[str] = []


class PPC(Record):
    """One Project Proposal Concept: the contents of one `plan/ppcs/*.yaml` file."""

    id: str
    label: str
    title: str
    short_title: str
    cross_cutting: bool = False
    activities: list[str]
    sub_areas: list[str] = []
    countries: list[str] = []
    context: list[str] = []
    objective: str
    expected_results: list[Paragraph] = []
    work: Work = Work()
    footnotes: list[Footnote] = []
    linkages: list[Linkage] = []
    milestones: list[Milestone] = []
    indicators: list[Indicator] = []
    updates: dict[str, PeriodUpdate] = {}
    review: Review = Review()


class Plan(PlanHeader):
    """A whole plan: the header and its PPCs, in file order."""

    ppcs: list[PPC] = []


# A reporting period's value: a number, or one for each country.
PeriodValue = float | dict[str, float]
