"""What a plan file may say, as strict pydantic models: the validation of every file, and the
one declaration of the plan's data, from which the JSON Schema and the records are generated.

Every model forbids unknown keys (a misspelt key is an error, never silently ignored) and
every field has a description, which the generated JSON Schema carries into editors. The
records of `core.model` are generated from these models (`core.generate_model`), and what a
model accepts becomes the record of the same name (`to_record`): the program works on records,
so a run that reads only cached files never imports pydantic. Checks that need more than one
object (references, cycles, coverage) live in `plan.checks`.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from commit_cli.core.field_checks import period_keys, window_input
from commit_cli.core.field_types import (
    Amount,
    CountryCode,
    CurrencyCode,
    Id,
    Number,
    OneLine,
    PeriodValue,
    PlanDate,
    Text,
)
from commit_cli.core.limits import MAX_COUNT, MAX_DAYS, MAX_PEOPLE
from commit_cli.core.model_rules import MODEL_RULES
from commit_cli.core.periods import (
    PERIOD_SPEC_HELP,
)
from commit_cli.core.vocabulary import (
    Combine,
    FundingStatus,
    Language,
    Measure,
    MilestoneKind,
    PartnerKind,
    Phase,
    Status,
)

_M = TypeVar("_M", bound=BaseModel)


def obeyed(model: _M) -> _M:
    """`model`, if it keeps the rule of its class (`core.model_rules`); else pydantic's
    value error, with the rule's message."""
    message = MODEL_RULES[type(model).__name__](model)
    if message is not None:
        raise ValueError(message)
    return model


class Strict(BaseModel):
    """Unknown keys are errors. Validators are built on first use (`defer_build`), so a run
    that reads only cached, already-validated plans never pays for building them."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class Window(Strict):
    """A span of days. In YAML: a period spec, or a mapping with `start` and `end` specs."""

    start: PlanDate = Field(description=f"First day; or a period spec ({PERIOD_SPEC_HELP}).")
    end: PlanDate = Field(description=f"Last day; or a period spec ({PERIOD_SPEC_HELP}).")

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        return obeyed(self)


WindowInput = Annotated[Window, BeforeValidator(window_input)]


class ActualDates(Strict):
    """When a milestone really started and ended."""

    start: PlanDate | None = Field(None, description="The day work on it started.")
    end: PlanDate | None = Field(None, description="The day it ended (or was completed).")

    @model_validator(mode="after")
    def _ordered(self) -> ActualDates:
        return obeyed(self)


# --- plan-wide ----------------------------------------------------------------------------


class Reporting(Strict):
    cadence_months: int = Field(
        6, strict=True, description="Months between summary reports to governments (1, 3, 6 or 12)."
    )
    to: list[Text] = Field(
        default_factory=list, description="Who receives the periodic summary reports."
    )
    note: str | None = Field(None, description="How reporting works, in the plan's words.")
    language: Language = Field(
        Language.en,
        description="The language reports are written in unless `commit report --lang` says"
        " otherwise (en, km, lo, my, th, vi or zh); the plan's own text stays as written.",
    )

    @model_validator(mode="after")
    def _cadence(self) -> Reporting:
        return obeyed(self)


class Country(Strict):
    code: CountryCode
    name: OneLine = Field(description="The country's name as the plan writes it.")
    language: str | None = Field(None, description="The national language.")
    aliases: list[OneLine] = Field(
        default_factory=list,
        description="Other names the country goes by (Kampuchea), accepted for its code on"
        " the command line.",
    )


class Partner(Strict):
    id: Id
    name: OneLine
    kind: PartnerKind = Field(description="government, un_agency, ngo, donor or other.")
    countries: list[CountryCode] = Field(
        default_factory=list, description="Countries it belongs to or works in, if it matters."
    )
    description: str | None = Field(None, description="What the plan says of it.")


class Role(Strict):
    """A staff role, e.g. a secretariat officer."""

    id: Id
    title: OneLine
    organisation: Id | None = Field(None, description="Partner id of the employing body.")
    duties: list[Text] = Field(default_factory=list, description="Responsibilities, one each.")


class SubArea(Strict):
    id: Id
    number: Text = Field(description="The plan's number for it, e.g. '5.1'.")
    title: OneLine


class Area(Strict):
    id: Id
    number: int = Field(strict=True, ge=1, le=MAX_COUNT)
    title: OneLine
    sub_areas: list[SubArea] = Field(default_factory=list)


class Activity(Strict):
    id: Id
    number: int = Field(strict=True, ge=1, le=MAX_COUNT)
    area: Id | None = Field(
        None, description="Id of its area; empty for a cross-cutting activity (Activity 18)."
    )
    title: OneLine


class PlanHeader(Strict):
    """The contents of `plan/plan.yaml`: everything that is not one PPC."""

    id: Id
    title: OneLine
    short_title: str | None = None
    notice: str | None = Field(
        None,
        description="A warning every report prints on its first line, e.g. that the data is"
        " illustrative (`commit demo` sets it).",
    )
    description: str | None = Field(None, description="Introduction, in the plan's words.")
    period: Window = Field(description="The plan period (first and last day).")
    reporting: Reporting = Field(default_factory=lambda: Reporting(cadence_months=6))
    schedule_is_draft: bool = Field(
        False,
        description="True while planned windows are inferred rather than agreed; reports say so.",
    )
    schedule_note: str | None = Field(None, description="Why and how the schedule is a draft.")
    source: str | None = Field(None, description="The document the plan was encoded from.")
    require_funding: bool = Field(
        False,
        description="True when every PPC with a milestone done should record its funding;"
        " validate then warns of one that has none secured (pledged, committed or disbursed).",
    )
    countries: list[Country] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    areas: list[Area] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)


# --- one PPC ------------------------------------------------------------------------------


class Paragraph(Strict):
    """A passage of the plan's text, with its sub-points if it has any."""

    text: Text
    items: list[Text] = Field(default_factory=list, description="Sub-points, in order.")
    group: str | None = Field(None, description="A heading the passage sits under.")


class Work(Strict):
    """Work items by phase, in the plan's words."""

    preparation: list[Paragraph] = Field(
        default_factory=list, description="Pre-meeting / preparation work."
    )
    core: list[Paragraph] = Field(default_factory=list, description="Meeting / core activity work.")
    follow_up: list[Paragraph] = Field(
        default_factory=list, description="Post-meeting / follow-up work."
    )


class Footnote(Strict):
    mark: Text = Field(description="The footnote mark as printed, e.g. '1'.")
    text: Text


class Linkage(Strict):
    """A link from this PPC to another PPC, an activity or an area."""

    to: Id | None = Field(
        None, description="Id of the linked PPC, activity or area; empty when the plan names none."
    )
    note: str | None = Field(None, description="What the plan says of the link.")

    @model_validator(mode="after")
    def _says_something(self) -> Linkage:
        return obeyed(self)


class Participants(Strict):
    min: int | None = Field(
        None, strict=True, ge=0, le=MAX_PEOPLE, description="Fewest participants."
    )
    max: int | None = Field(
        None, strict=True, ge=0, le=MAX_PEOPLE, description="Most participants."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Participants:
        return obeyed(self)


class Attendance(Strict):
    """Who took part in a milestone that was held; programmes against trafficking report
    attendance by sex and by country."""

    total: int = Field(strict=True, ge=0, le=MAX_PEOPLE, description="How many took part.")
    women: int | None = Field(
        None, strict=True, ge=0, le=MAX_PEOPLE, description="How many were women."
    )
    men: int | None = Field(
        None, strict=True, ge=0, le=MAX_PEOPLE, description="How many were men."
    )
    by_country: dict[CountryCode, Annotated[int, Field(strict=True, ge=0, le=MAX_PEOPLE)]] = Field(
        default_factory=dict, description="How many came from each country, e.g. `KH: 5`."
    )

    @model_validator(mode="after")
    def _parts_within_total(self) -> Attendance:
        return obeyed(self)


class Series(Strict):
    """Membership of a counted series, e.g. course 2 of the six sub-regional courses."""

    name: OneLine = Field(description="The series' name; the same for every member.")
    number: int = Field(
        strict=True, ge=1, le=MAX_COUNT, description="This member's place in the series."
    )
    of: int = Field(
        strict=True, ge=1, le=MAX_COUNT, description="How many the series holds in all."
    )

    @model_validator(mode="after")
    def _within(self) -> Series:
        return obeyed(self)


class Postponement(Strict):
    """When and why a milestone was postponed. Its `window` is then the new plan, and
    `from_window` keeps the one it replaced, so reports can show the slip."""

    date: PlanDate = Field(description="The day the postponement was decided.")
    reason: Text = Field(description="Why it was postponed.")
    from_window: WindowInput | None = Field(
        None, description="The window planned before the postponement."
    )
    decision: Id | None = Field(
        None, description="The id of the decision that postponed it (plan/decisions.yaml)."
    )


class Cancellation(Strict):
    """When and why a milestone was cancelled."""

    date: PlanDate = Field(description="The day the cancellation was decided.")
    reason: Text = Field(description="Why it was cancelled.")
    decision: Id | None = Field(
        None, description="The id of the decision that cancelled it (plan/decisions.yaml)."
    )


class LogEntry(Strict):
    """One dated note on a milestone: who wrote what, and when (`commit note` adds one)."""

    date: PlanDate = Field(description="The day the note is about (usually the day written).")
    by: Text = Field(description="Who wrote it: a name, as `git config user.name` gives it.")
    text: Text = Field(description="The note.")


class Milestone(Strict):
    id: Id
    title: OneLine
    kind: MilestoneKind
    phase: Phase
    activities: list[Id] = Field(
        default_factory=list, description="Which of the PPC's activities it serves."
    )
    window: WindowInput | None = Field(None, description="When it is planned to happen.")
    min_duration_days: int | None = Field(
        None, strict=True, ge=1, le=MAX_DAYS, description="Shortest duration, in days."
    )
    participants: Participants | None = None
    countries: list[CountryCode] = Field(
        default_factory=list, description="Countries involved (empty: all the plan's countries)."
    )
    country_pairs: list[tuple[CountryCode, CountryCode]] = Field(
        default_factory=list, description="Pairs of countries, for bilateral work."
    )
    pairs_to_choose: int | None = Field(
        None,
        strict=True,
        ge=1,
        le=MAX_COUNT,
        description="When the pairs are options: how many of them are to be chosen.",
    )
    lead: Id | None = Field(None, description="Partner or role id of whoever leads it.")
    partners: list[Id] = Field(default_factory=list, description="Partner ids taking part.")
    depends_on: list[Id] = Field(
        default_factory=list, description="Milestone ids that must come first."
    )
    series: Series | None = None
    condition: str | None = Field(
        None, description="When the plan makes it conditional ('if needed'), the condition."
    )
    status: Status = Status.planned
    actual: ActualDates | None = None
    postponed: Postponement | None = Field(
        None, description="When, why and from which window it was postponed."
    )
    cancelled: Cancellation | None = Field(None, description="When and why it was cancelled.")
    attended: Attendance | None = Field(
        None, description="Who took part: `{total: 27, women: 12, men: 15, by_country: {KH: 5}}`."
    )
    outcome: str | None = Field(None, description="What came of it.")
    report: str | None = Field(None, description="Link or path to its activity report.")
    notes: str | None = None
    log: list[LogEntry] = Field(
        default_factory=list,
        description="Dated notes, oldest first: `- {date: 2006-03-01, by: …, text: …}`.",
    )

    @model_validator(mode="after")
    def _pairs(self) -> Milestone:
        return obeyed(self)


class MilestoneCount(Strict):
    """Which milestones an indicator counts, so that its values come from their recorded
    progress instead of being typed twice."""

    series: Text | None = Field(
        None, description="Count the members of this series (its `series.name`)."
    )
    milestones: list[Id] = Field(default_factory=list, description="Count these milestones.")
    measure: Measure = Field(
        Measure.done,
        description="done: one per milestone done, in the period of its actual end; started: one"
        " per milestone started, in the period of its actual start; attended: its attendance"
        " total, in the period it was done.",
    )

    @model_validator(mode="after")
    def _names_some(self) -> MilestoneCount:
        return obeyed(self)


class Indicator(Strict):
    id: Id
    title: OneLine
    unit: OneLine = Field(description="What is counted, e.g. 'courses' or 'countries'.")
    expected_result: int | None = Field(
        None,
        strict=True,
        ge=1,
        le=MAX_COUNT,
        description="Number (from 1) of the PPC's expected result it measures.",
    )
    combine: Combine | None = Field(
        None,
        description="How period values make one figure: sum (they add up), last (the latest"
        " stands), max or min. Default: last, or sum when the indicator `counts` milestones.",
    )
    counts: MilestoneCount | None = Field(
        None,
        description="Compute the values from milestones: `{series: NAME}` or"
        " `{milestones: [ids]}`, optionally `measure: done|started|attended`.",
    )
    baseline: Number | None = None
    target: Number | None = Field(None, description="The target; the low end of a range.")
    target_max: Number | None = Field(None, description="The high end, when the target is a range.")
    target_decision: Id | None = Field(
        None,
        description="The id of the decision that set or changed the target (plan/decisions.yaml).",
    )
    target_inferred: bool = Field(
        False,
        description="True when the plan's text gives no number and the target is our reading of"
        " it; reports mark it beside the target, and `notes` say what it is inferred from.",
    )
    allow_negative: bool = Field(
        False,
        description="True when the baseline, target or values may be below zero (e.g. a change);"
        " otherwise none of them may be.",
    )
    values: Annotated[dict[str, PeriodValue], BeforeValidator(period_keys)] = Field(
        default_factory=dict,
        description="Value per reporting period, e.g. `2006-H1: 3`, or per country in it,"
        " e.g. `2006-H1: {KH: 1, TH: 2}` (the period's value is then their sum).",
    )
    notes: str | None = None

    @model_validator(mode="after")
    def _range(self) -> Indicator:
        return obeyed(self)


class Review(Strict):
    """What the final report says of a PPC."""

    obstacles: list[Text] = Field(default_factory=list)
    failures: list[Text] = Field(default_factory=list)
    lessons: list[Text] = Field(default_factory=list)
    recommendations: list[Text] = Field(default_factory=list)


class PeriodUpdate(Strict):
    """What the six-monthly summary report says of a PPC for one reporting period, in words."""

    progress: str | None = Field(None, description="Progress made in the period.")
    obstacles: list[Text] = Field(
        default_factory=list, description="Obstacles encountered, one each."
    )
    next_steps: list[Text] = Field(
        default_factory=list, description="What is to be done next, one each."
    )

    @model_validator(mode="after")
    def _says_something(self) -> PeriodUpdate:
        return obeyed(self)


class Funding(Strict):
    """Money sought for a PPC, or found: from whom, how much, and how far it has come. The
    plan's PPCs are concepts to be "submitted for financial and technical support from
    donors and implementing agencies"; this is the answer."""

    source: OneLine = Field(description="Who gives it: a partner id of plan.yaml, or a name.")
    status: FundingStatus = Field(description="sought, pledged, committed, disbursed or declined.")
    amount: Amount
    currency: CurrencyCode
    date: PlanDate | None = Field(None, description="The day of the status (pledge, payment).")
    reference: OneLine | None = Field(
        None, description="The donor's or agreement's reference, e.g. a grant number."
    )
    milestones: list[Id] = Field(
        default_factory=list, description="The PPC's milestones it pays for, if it says."
    )
    note: str | None = None


class PPC(Strict):
    """One Project Proposal Concept: the contents of one `plan/ppcs/*.yaml` file."""

    id: Id
    label: OneLine = Field(description="The plan's name for it, e.g. 'PPC 1' or 'PP 12'.")
    title: OneLine = Field(description="The heading, in the plan's words.")
    short_title: OneLine = Field(description="A few words for tables.")
    cross_cutting: bool = False
    activities: list[Id] = Field(description="Ids of the activities it covers.")
    sub_areas: list[Id] = Field(default_factory=list, description="Sub-areas it addresses.")
    countries: list[CountryCode] = Field(default_factory=list)
    context: list[Text] = Field(
        default_factory=list, description="Paragraphs before the objective."
    )
    objective: Text
    expected_results: list[Paragraph] = Field(default_factory=list)
    work: Work = Field(default_factory=Work)
    footnotes: list[Footnote] = Field(default_factory=list)
    linkages: list[Linkage] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    evaluation: str | None = Field(
        None,
        description='The provisions for evaluating it ("Provisions for evaluation will be'
        " included in each Project Proposal\"), in the plan's words; empty where the plan gives"
        " none. validate warns when a PPC whose work has started has none.",
    )
    updates: Annotated[dict[str, PeriodUpdate], BeforeValidator(period_keys)] = Field(
        default_factory=dict,
        description="Progress, obstacles and next steps per reporting period, e.g."
        " `2006-H1: {progress: …, obstacles: [...], next_steps: [...]}`.",
    )
    review: Review = Field(default_factory=Review)
    funding: list[Funding] = Field(
        default_factory=list,
        description="Money sought or found for it: `- {source: …, status: pledged, amount:"
        " 120000, currency: USD}`.",
    )
    spending: Annotated[dict[str, dict[CurrencyCode, Amount]], BeforeValidator(period_keys)] = (
        Field(
            default_factory=dict,
            description="Money spent per reporting period, per currency, e.g."
            " `2006-H1: {USD: '15000.50'}`.",
        )
    )


class Decision(Strict):
    """A decision taken by the governments or a task force (a Senior Officials' Meeting, an
    inter-ministerial meeting), and what it affects in the plan."""

    id: Id
    meeting: OneLine = Field(description="Where it was taken: 'SOM 3', 'IMM 2', a task force.")
    date: PlanDate = Field(description="The day it was taken.")
    text: Text = Field(description="The decision, in the meeting's words.")
    milestones: list[Id] = Field(default_factory=list, description="Milestones it affects.")
    indicators: list[Id] = Field(default_factory=list, description="Indicators it affects.")
    ppcs: list[Id] = Field(default_factory=list, description="PPCs it affects.")
    supersedes: Id | None = Field(
        None, description="The id of an earlier decision it replaces, which is then marked."
    )


class DecisionBook(Strict):
    """The contents of `plan/decisions.yaml`: the decisions of the plan's meetings, oldest
    first (`commit decide` adds one)."""

    decisions: Annotated[
        list[Decision], BeforeValidator(lambda value: [] if value is None else value)
    ] = Field(
        default_factory=list,
        description="The decisions, oldest first; empty (`decisions:`) before the first.",
    )


class TitleTranslation(Strict):
    """One title in another language, with the English title it was made from: once the
    plan's English title reads otherwise, the translation is stale, and reports show the
    English until a translator brings it up to date."""

    source: OneLine = Field(
        description="The plan's English title as it read when this was translated;"
        " validate warns once the title differs."
    )
    title: OneLine = Field(description="The title in the file's language.")


class Translations(Strict):
    """The contents of `plan/i18n/<lang>.yaml`: the plan's titles in one report language
    (`km`, `lo`, `my`, `th`, `vi` or `zh`), used by reports in that language (`--lang`).
    Plan text without a translation is shown as written."""

    titles: Annotated[
        dict[Id, TitleTranslation], BeforeValidator(lambda value: {} if value is None else value)
    ] = Field(
        default_factory=dict,
        description="By id (the plan's, a PPC's, a milestone's, an indicator's, an area's or"
        " an activity's): `ppc1-seminar: {source: <English title>, title: <translation>}`.",
    )
    short_titles: Annotated[
        dict[Id, TitleTranslation], BeforeValidator(lambda value: {} if value is None else value)
    ] = Field(
        default_factory=dict,
        description="A PPC's (or the plan's) short title, by id, as `titles`.",
    )


class Plan(PlanHeader):
    """A whole plan: the header, its decisions and its PPCs, in file order (the PPCs last:
    the JSON document is written in pieces, one PPC each, after the rest)."""

    decisions: list[Decision] = Field(default_factory=list)
    ppcs: list[PPC] = Field(default_factory=list)


# --- the models, by name: the one list the records, the schemas and the conversion read ---

MODELS: dict[str, type[Strict]] = {
    model.__name__: model
    for model in list(globals().values())
    if isinstance(model, type) and issubclass(model, Strict) and model is not Strict
}
