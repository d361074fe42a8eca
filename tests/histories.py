"""Random recorded histories for property tests: a milestone's events, recorded one after the
other through the editing operations (`commit start`, `postpone`, `done`, `cancel`, `note`),
and the oracle that rebuilds the milestone as it stood on any day by replaying only the
events up to that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from commit_cli.core.conversion import validated
from commit_cli.core.model import Milestone
from commit_cli.core.periods import add_months
from commit_cli.edit import operations

FIRST_DAY = date(2005, 1, 1)
LAST_DAY = date(2007, 12, 31)


@dataclass(frozen=True)
class Event:
    """One recorded edit: what, on which day, and its arguments."""

    kind: str  # start, postpone, done, cancel, note
    day: date
    to: str | None = None  # postpone: the new window, a month
    attended: int | None = None  # done
    outcome: str | None = None  # done

    def apply(self, data: dict[str, Any]) -> None:
        on = self.day.isoformat()
        if self.kind == "start":
            operations.start(data, on=on)
        elif self.kind == "postpone":
            assert self.to is not None
            operations.postpone(data, to=self.to, reason="No funds.", on=on)
        elif self.kind == "done":
            operations.done(data, on=on, attended=self.attended, outcome=self.outcome)
        elif self.kind == "cancel":
            operations.cancel(data, reason="Not needed.", on=on)
        else:
            data.setdefault("log", []).append({"date": on, "by": "Officer", "text": "seen"})


# What may follow what: work not yet ended can start, be postponed, done or cancelled.
_NEXT = {
    "planned": ("start", "postpone", "done", "cancel", "note"),
    "in_progress": ("postpone", "done", "cancel", "note"),
    "postponed": ("start", "done", "cancel", "note"),
}
_STATUS_AFTER = {"start": "in_progress", "postpone": "postponed", "done": "done"}


@st.composite
def events(draw: st.DrawFn, postponements: int = 1) -> list[Event]:
    """A history of up to six events on strictly later days, at most `postponements` of them
    postponements, and one start: the plan keeps one postponement record and one start date
    (see the README on --as-of)."""
    found: list[Event] = []
    status = "planned"
    day = draw(st.dates(FIRST_DAY, date(2006, 12, 1)))
    left = postponements
    for _ in range(draw(st.integers(0, 6))):
        if status not in _NEXT:
            break
        started = any(e.kind == "start" for e in found)
        kinds = [
            k for k in _NEXT[status] if (k != "postpone" or left) and (k != "start" or not started)
        ]
        kind = draw(st.sampled_from(kinds))
        if kind == "postpone":
            left -= 1
            month = add_months(day.replace(day=1), draw(st.integers(0, 12)))
            found.append(Event(kind, day, to=f"{month.year}-{month.month:02d}"))
        elif kind == "done":
            attended = draw(st.none() | st.integers(0, 99))
            outcome = draw(st.none() | st.just("Agreed."))
            found.append(Event(kind, day, attended=attended, outcome=outcome))
        else:
            found.append(Event(kind, day))
        status = "cancelled" if kind == "cancel" else _STATUS_AFTER.get(kind, status)
        day += timedelta(days=draw(st.integers(1, 200)))
        if day > LAST_DAY:
            break
    return found


def initial(window: str = "2006-H1") -> dict[str, Any]:
    """A milestone as the plan first has it."""
    return {"id": "m", "title": "A seminar", "kind": "seminar", "phase": "core", "window": window}


def recorded(history: list[Event], until: date | None = None) -> Milestone:
    """The milestone after the events of `history` up to `until` (all of them: None)."""
    data = initial()
    for event in history:
        if until is None or event.day <= until:
            event.apply(data)
    return validated(Milestone, data)
