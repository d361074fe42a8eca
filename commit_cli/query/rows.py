"""What lists, status, timeline and show say of one milestone or indicator: a milestone as it
was on the as-of day (`MilestoneRef`, made lazily in `MilestoneRefs`) and an indicator's
figures as of a day (`IndicatorRow`); each `to_json()` is the document `--json` prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, overload, runtime_checkable

from commit_cli import wording
from commit_cli.core.asof import OnDay, milestone_on
from commit_cli.core.indicators import Reading, figures
from commit_cli.core.model import PPC, Indicator, Milestone
from commit_cli.core.periods import Span, span_of
from commit_cli.core.record import iso, json_number
from commit_cli.core.vocabulary import Verdict
from commit_cli.query.index import Located, PlanIndex
from commit_cli.query.json_values import JsonDict, window_json
from commit_cli.query.scope import Scope


def due_key(item: Located, state: OnDay) -> tuple[date, date, int]:
    """Order by the end, then the start, of the window in force (no window: last)."""
    window = state.window
    if window is None:
        return (date.max, date.max, item.order)
    return (window.end, window.start, item.order)


def known_by(milestone: Milestone, day: date) -> bool:
    """Whether what is written of the milestone's event (outcome, report, attendance) was
    known on `day`: from its actual end date on, or always when it records no end."""
    actual = milestone.actual
    return actual is None or actual.end is None or actual.end <= day


@dataclass(slots=True)
class MilestoneRef:
    """One milestone as it was on the as-of day, as lists and PPC rows show it: its status
    and window then, its actual dates known by then, and (once it has happened) its outcome
    and report. Not frozen: one is built per milestone listed, and a frozen dataclass costs
    2.5 times as much to build (0.1 s more at 100,000 milestones)."""

    id: str
    ppc: str
    title: str
    kind: str
    status: str
    window: Span | None
    overdue: bool
    tentative: bool
    actual: Span | None  # start to end, or to the as-of day while in progress
    actual_start: date | None
    actual_end: date | None
    outcome: str | None
    report: str | None

    @classmethod
    def of(cls, item: Located, as_of: date, state: OnDay | None = None) -> MilestoneRef:
        milestone = item.milestone
        state = state or milestone_on(milestone, as_of)
        window = state.window
        start, end = state.started, state.ended
        actual = None
        if start is not None or end is not None:
            first = start or end
            assert first is not None
            actual = Span(first, end or max(first, as_of))
        happened = known_by(milestone, as_of)
        return cls(
            id=milestone.id,
            ppc=item.ppc.id,
            title=milestone.title,
            kind=str(milestone.kind),
            status=str(state.status),
            window=span_of(window) if window is not None else None,
            overdue=state.overdue,
            tentative=state.tentative,
            actual=actual,
            actual_start=start,
            actual_end=end,
            outcome=milestone.outcome if happened else None,
            report=milestone.report if happened else None,
        )

    @property
    def due(self) -> date | None:
        return self.window.end if self.window is not None else None

    @property
    def status_label(self) -> str:
        """The status in words, marked when overdue or tentative: `planned (overdue)`."""
        return wording.milestone_status(self.status, overdue=self.overdue, tentative=self.tentative)

    def to_json(self) -> JsonDict:
        return {
            "id": self.id,
            "ppc": self.ppc,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "window": window_json(self.window),
            "overdue": self.overdue,
            "tentative": self.tentative,
            "actual": (
                None
                if self.actual is None
                else {"start": iso(self.actual_start), "end": iso(self.actual_end)}
            ),
            "outcome": self.outcome,
            "report": self.report,
        }


@runtime_checkable
class ReadByFile(Protocol):
    """Milestones that are cheaper read file by file than in their order (the read index's,
    `query.status_columns`): their refs' JSON, in their order, made a file at a time."""

    def refs_json(self, as_of: date) -> list[JsonDict]: ...


def refs_json(refs: Sequence[MilestoneRef]) -> list[JsonDict]:
    """Each ref's `to_json()`, in order (read file by file where that is cheaper)."""
    if isinstance(refs, MilestoneRefs):
        return refs.json_items()
    return [ref.to_json() for ref in refs]


class MilestoneRefs(Sequence[MilestoneRef]):
    """Milestones as `MilestoneRef`s, made only when read: a plan of 100,000 milestones may
    have tens of thousands overdue, of which the screen shows ten."""

    def __init__(self, items: Sequence[Located], as_of: date) -> None:
        self._items = items
        self._as_of = as_of

    def __len__(self) -> int:
        return len(self._items)

    @property
    def located(self) -> Sequence[Located]:
        """The milestones themselves, in order, without making their refs (a caller that
        already holds each milestone's ref, as a report does, looks it up instead)."""
        return self._items

    @overload
    def __getitem__(self, index: int) -> MilestoneRef: ...

    @overload
    def __getitem__(self, index: slice) -> list[MilestoneRef]: ...

    def __getitem__(self, index: int | slice) -> MilestoneRef | list[MilestoneRef]:
        if isinstance(index, slice):
            return [MilestoneRef.of(item, self._as_of) for item in self._items[index]]
        return MilestoneRef.of(self._items[index], self._as_of)

    def json_items(self) -> list[JsonDict]:
        """Each ref's `to_json()`, in order."""
        if isinstance(self._items, ReadByFile):
            return self._items.refs_json(self._as_of)
        return [MilestoneRef.of(item, self._as_of).to_json() for item in self._items]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


# --- indicators ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator's figures as of a day (rules: `core.indicators`)."""

    id: str
    ppc: str
    title: str
    unit: str
    baseline: float | None
    target: float | None
    target_max: float | None
    latest_period: str | None
    latest_value: float | None
    order: int
    rule: str = "last"
    computed: bool = False
    cumulative: float | None = None
    percent_of_target: float | None = None
    verdict: Verdict = Verdict.no_value
    history: tuple[Reading, ...] = ()
    # The plan's text gives no number for the target: it is the plan's reading of the text
    # (`target_inferred`), marked beside the target wherever it is shown.
    target_inferred: bool = False

    @property
    def met(self) -> bool | None:
        """Whether the figure reaches the target (None without a target or a value)."""
        if self.verdict in (Verdict.no_target, Verdict.no_value):
            return None
        return self.verdict == Verdict.met

    def figure_json(self) -> JsonDict:
        """The figure the verdict is judged on, named by the indicator's rule, with its share
        of the target: the one shape every output (status, list, show, reports) gives it."""
        percent = self.percent_of_target
        return {
            "rule": self.rule,
            "label": wording.rule(self.rule),
            "value": json_number(self.cumulative),
            "percent_of_target": None if percent is None else json_number(round(percent, 1)),
        }

    def to_json(self) -> JsonDict:
        latest = (
            None
            if self.latest_period is None
            else {"period": self.latest_period, "value": json_number(self.latest_value)}
        )
        return {
            "id": self.id,
            "ppc": self.ppc,
            "title": self.title,
            "unit": self.unit,
            "combine": self.rule,
            "computed": self.computed,
            "baseline": json_number(self.baseline),
            "target": json_number(self.target),
            "target_max": json_number(self.target_max),
            "target_inferred": self.target_inferred,
            "latest": latest,
            "figure": self.figure_json(),
            "verdict": self.verdict.value,
            "verdict_label": wording.verdict(self.verdict),
            "met": self.met,
        }


def indicator_row(
    index: PlanIndex, ppc: PPC, indicator: Indicator, as_of: date, order: int = 0
) -> IndicatorRow:
    """The indicator's figures as of `as_of`."""
    numbers = figures(indicator, index.milestone_tables, index.calendar, as_of)
    latest = numbers.latest
    verdict = numbers.verdict
    return IndicatorRow(
        id=indicator.id,
        ppc=ppc.id,
        title=indicator.title,
        unit=indicator.unit,
        baseline=indicator.baseline,
        target=indicator.target,
        target_max=indicator.target_max,
        latest_period=latest.period.label if latest else None,
        latest_value=latest.value if latest else None,
        order=order,
        rule=str(numbers.rule),
        computed=numbers.computed,
        cumulative=numbers.cumulative,
        percent_of_target=numbers.percent_of_target,
        verdict=verdict,
        history=tuple(numbers.history),
        target_inferred=indicator.target_inferred,
    )


def indicator_rows(index: PlanIndex, scope: Scope, as_of: date) -> list[IndicatorRow]:
    """The indicators of every PPC in scope, in plan order."""
    rows = []
    order = 0
    for ppc in index.plan.ppcs:
        included = scope.includes_ppc(index, ppc)
        for indicator in ppc.indicators:
            order += 1
            if included:
                rows.append(indicator_row(index, ppc, indicator, as_of, order))
    return rows
