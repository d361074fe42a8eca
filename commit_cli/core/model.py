"""The plan as the program holds it: light, immutable records read back from the cache
without importing pydantic.

A plan file is validated once, by the pydantic models of `core.schema` (same class names, same
fields, in the same order), and what they accept is turned into these records. Records are
tuples with named fields: reading a cached plan builds them in C (no Python code per object),
and reading a field costs what reading a tuple item costs. They keep the few pydantic methods
the program uses (`model_validate`, `model_dump`, `model_copy`) with the same meaning, so a
record dumps exactly as the model it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum, StrEnum
from operator import itemgetter
from typing import Any, ClassVar, Self

from commit_cli.core.periods import Span

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ID_HELP = "ids use lowercase letters, digits, '-', '_' and '.', e.g. 'ppc-1' or 'ppc1-seminar'"
# Bounds on every number a plan holds: far above any real plan, low enough that no value can
# overflow a date, a JSON reader (2**53) or a table column.
MAX_COUNT = 100_000
MAX_PEOPLE = 10_000_000
MAX_DAYS = 36_600
MAX_NUMBER = 1e15


def whole_number(value: float) -> int | float:
    """A whole number as an int (6, not 6.0): how every number is written out."""
    return int(value) if float(value).is_integer() else value


# --- records ------------------------------------------------------------------------------


class RecordMeta(type):
    """Turns the annotated fields of a record class into tuple positions: each field becomes
    a read-only property over its item, and its default (if any) goes to `_defaults`."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> RecordMeta:
        inherited: tuple[str, ...] = ()
        defaults: dict[str, Any] = {}
        for base in bases:
            inherited = getattr(base, "_fields", inherited)
            defaults.update(getattr(base, "_defaults", {}))
        own = [
            field
            for field, annotation in namespace.get("__annotations__", {}).items()
            if not str(annotation).startswith("ClassVar")
        ]
        for position, field in enumerate(own, start=len(inherited)):
            if field in namespace:
                defaults[field] = namespace.pop(field)
            namespace[field] = property(itemgetter(position))
        namespace["__slots__"] = ()
        namespace["_fields"] = (*inherited, *own)
        namespace["_defaults"] = defaults
        return super().__new__(mcs, name, bases, namespace)


def record_layout(record: type[Record]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The positions of `record`'s fields that may hold records, and of those that hold
    numbers written as whole numbers when they are (floats): what a writer must look into;
    every other field holds text, ints, booleans, dates, enumerations or lists of them."""
    layout = _LAYOUTS.get(record)
    if layout is None:
        names = {cls.__name__ for cls in _all_records()}
        annotations = {
            field: str(annotation)
            for cls in reversed(record.__mro__)
            for field, annotation in getattr(cls, "__annotations__", {}).items()
        }
        words = {field: set(re.findall(r"\w+", annotations[field])) for field in record._fields}
        nested = tuple(i for i, f in enumerate(record._fields) if words[f] & names)
        numbers = tuple(i for i, f in enumerate(record._fields) if "float" in words[f])
        layout = _LAYOUTS[record] = (nested, numbers)
    return layout


def _all_records() -> list[type[Record]]:
    found: list[type[Record]] = []
    pending = list(Record.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


_LAYOUTS: dict[type[Record], tuple[tuple[int, ...], tuple[int, ...]]] = {}


def _fresh(value: Any) -> Any:
    """A default value for one new record: mutable defaults are copied, never shared."""
    return type(value)(value) if isinstance(value, list | dict) else value


def _dumped(value: Any, json: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(mode="json" if json else "python")
    kind = type(value)
    if kind is list:
        return [_dumped(item, json) for item in value]
    if kind is tuple:
        items = [_dumped(item, json) for item in value]
        return items if json else tuple(items)
    if kind is dict:
        return {key: _dumped(item, json) for key, item in value.items()}
    if kind is float:
        return whole_number(value)
    if json and isinstance(value, Enum):
        return value.value
    if json and isinstance(value, date):
        return value.isoformat()
    return value


class Record(tuple[Any, ...], metaclass=RecordMeta):
    """An immutable record: a tuple whose items are the fields, in declaration order."""

    _fields: ClassVar[tuple[str, ...]]
    _defaults: ClassVar[dict[str, Any]]

    def __new__(cls, **values: Any) -> Self:
        unknown = set(values) - set(cls._fields)
        if unknown:
            raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        missing = [f for f in cls._fields if f not in values and f not in cls._defaults]
        if missing:
            raise TypeError(f"{cls.__name__} needs {', '.join(missing)}")
        return tuple.__new__(
            cls, [values[f] if f in values else _fresh(cls._defaults[f]) for f in cls._fields]
        )

    @classmethod
    def from_values(cls, values: Iterable[Any]) -> Self:
        """A record from its field values in order (no defaults, no checks)."""
        return tuple.__new__(cls, values)

    def __reduce__(self) -> tuple[Any, ...]:
        # Unpickled by calling tuple.__new__ directly: no Python code runs per record.
        return (tuple.__new__, (type(self), tuple(self)))

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={v!r}" for f, v in zip(self._fields, self, strict=True))
        return f"{type(self).__name__}({fields})"

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """`data` validated by this record's pydantic model (raises its ValidationError)."""
        from commit_cli.core.schema import validated

        return validated(cls, data)

    def model_copy(self, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with the fields in `update` replaced (not validated, as in pydantic)."""
        if not update:
            return self
        unknown = set(update) - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        return self.from_values(update.get(f, v) for f, v in zip(self._fields, self, strict=True))

    def model_dump(self, mode: str = "python", exclude: Iterable[str] = ()) -> dict[str, Any]:
        """The record as a dict, exactly as its pydantic model dumps: in `json` mode dates are
        ISO strings, enumerations their values and tuples lists; whole numbers are ints."""
        json = mode == "json"
        skip = set(exclude)
        return {
            f: _dumped(v, json) for f, v in zip(self._fields, self, strict=True) if f not in skip
        }


# --- enumerations -------------------------------------------------------------------------


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


# Words people write for a value that the plan spells another way, by field: "finished"
# is done. Messages suggest these before any spelling-based guess.
SYNONYMS: dict[str, dict[str, str]] = {
    "status": {
        "finished": "done",
        "complete": "done",
        "completed": "done",
        "held": "done",
        "closed": "done",
        "achieved": "done",
        "accomplished": "done",
        "ongoing": "in_progress",
        "on-going": "in_progress",
        "in progress": "in_progress",
        "in-progress": "in_progress",
        "started": "in_progress",
        "underway": "in_progress",
        "under way": "in_progress",
        "active": "in_progress",
        "delayed": "postponed",
        "deferred": "postponed",
        "rescheduled": "postponed",
        "canceled": "cancelled",
        "dropped": "cancelled",
        "abandoned": "cancelled",
        "scheduled": "planned",
        "pending": "planned",
        "not started": "planned",
        "todo": "planned",
    },
    "kind": {
        "course": "training",
        "conference": "meeting",
        "consultation": "meeting",
        "roundtable": "meeting",
        "study": "research",
        "survey": "research",
        "evaluation": "assessment",
        "review": "assessment",
        "guidelines": "publication",
        "pilot project": "pilot",
    },
    "phase": {
        "pre-meeting": "preparation",
        "prep": "preparation",
        "meeting": "core",
        "main": "core",
        "post-meeting": "follow_up",
        "follow-up": "follow_up",
        "followup": "follow_up",
    },
    "combine": {
        "total": "sum",
        "cumulative": "sum",
        "add": "sum",
        "latest": "last",
        "maximum": "max",
        "highest": "max",
        "minimum": "min",
        "lowest": "min",
    },
    "measure": {"held": "done", "completed": "done", "attendance": "attended"},
}


def synonym(field: str, word: str) -> str | None:
    """The plan's word for `word` written in `field` (`finished` → `done`), or None."""
    table = SYNONYMS.get(field, {})
    folded = " ".join(str(word).split()).casefold()
    return table.get(folded) or table.get(folded.replace("_", " "))


# --- the plan's records -------------------------------------------------------------------


class Window(Record):
    """A span of days."""

    start: date
    end: date

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


class ActualDates(Record):
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
    text: str
    items: list[str] = []
    group: str | None = None


class Work(Record):
    preparation: list[Paragraph] = []
    core: list[Paragraph] = []
    follow_up: list[Paragraph] = []


class Footnote(Record):
    mark: str
    text: str


class Linkage(Record):
    to: str | None = None
    note: str | None = None


class Participants(Record):
    min: int | None = None
    max: int | None = None


class Attendance(Record):
    total: int
    women: int | None = None
    men: int | None = None
    by_country: dict[str, int] = {}


class Series(Record):
    name: str
    number: int
    of: int


class Postponement(Record):
    date: date
    reason: str
    from_window: Window | None = None


class Cancellation(Record):
    date: date
    reason: str


class LogEntry(Record):
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

    @property
    def rule(self) -> Combine:
        """How its period values combine: as declared; else sum for an indicator computed
        from milestones (each period counts what happened in it), else last (a number is
        never added up unless the plan says it adds up)."""
        if self.combine is not None:
            return self.combine
        return Combine.sum if self.counts is not None else Combine.last


class Review(Record):
    obstacles: list[str] = []
    failures: list[str] = []
    lessons: list[str] = []
    recommendations: list[str] = []


class PeriodUpdate(Record):
    progress: str | None = None
    obstacles: list[str] = []
    next_steps: list[str] = []


class PPC(Record):
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
    ppcs: list[PPC] = []


PeriodValue = float | dict[str, float]


def period_total(value: PeriodValue) -> float:
    """A reporting period's value: the number, or the sum of its values by country."""
    return sum(value.values()) if isinstance(value, dict) else value
