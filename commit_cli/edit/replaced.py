"""What an edit overwrites: the recorded values it replaces or removes, in words.

An edit says so, because a value recorded earlier (a cancellation's reason, a period's
value, the day a course ended) is gone once it is replaced, and the one who replaced it may
not have known it was there. What only adds is not a replacement: a first value, a note, an
item appended to a list, a status moving on from planned, in progress or postponed, and a
window a postponement keeps as its first (`postponed.from_window`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from commit_cli.safetext import one_line

if TYPE_CHECKING:
    from commit_cli.edit.session import Change

# A field's name as a reader says it, by its path inside the object edited.
LABELS: dict[tuple[str, ...], str] = {
    ("status",): "the status",
    ("window",): "the window",
    ("outcome",): "the outcome",
    ("report",): "the report link",
    ("actual", "start"): "the actual start",
    ("actual", "end"): "the actual end",
    ("attended", "total"): "the attendance",
    ("attended", "women"): "the number of women",
    ("attended", "men"): "the number of men",
    ("cancelled", "reason"): "the cancellation reason",
    ("cancelled", "date"): "the cancellation date",
    ("postponed", "reason"): "the postponement reason",
    ("postponed", "date"): "the postponement date",
    ("postponed", "from_window"): "the first window",
}
MOVING_ON = frozenset({"planned", "in_progress", "postponed"})  # statuses a status follows
_BARE = re.compile(r"^[0-9]{4}(-[0-9A-Za-z]+)*$")  # dates and periods, shown unquoted
LONGEST = 60


@dataclass(frozen=True)
class Replaced:
    """One recorded value an edit replaced (`new` is None when it removed it)."""

    path: str  # dotted, in the file
    old: Any
    new: Any
    recorded: str | None  # the day the record it belongs to was made, if it says
    text: str  # what it was, in words: "the cancellation reason 'No funds'"

    @property
    def line(self) -> str:
        verb = "removed" if self.new is None else "replaced"
        recorded = f" (recorded {self.recorded})" if self.recorded else ""
        return f"{verb}: {self.text}{recorded}"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "recorded": self.recorded, "text": self.text}


def shown(value: Any, bare: bool = False) -> str:
    """A value as a message shows it: numbers and dates bare, text quoted and cut short."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        text = one_line(value)
        text = text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"
        return text if bare or _BARE.match(text) else f"'{text}'"
    if isinstance(value, list):
        return f"{len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {shown(item)}" for key, item in value.items()) + "}"
    return shown(str(value))


def _label(steps: Sequence[Any]) -> str:
    names = tuple(str(step) for step in steps)
    if names in LABELS:
        return LABELS[names]
    if len(names) == 2 and names[0] == "values":
        return f"the value for {names[1]}"
    if len(names) == 3 and names[0] == "values":
        return f"the value for {names[2]} in {names[1]}"
    if len(names) == 3 and names[:2] == ("attended", "by_country"):
        return f"the attendance from {names[2]}"
    if len(names) == 3 and names[0] == "updates":
        return f"the {names[2].replace('_', ' ')} for {names[1]}"
    return ".".join(names)


def _at(data: Any, steps: Sequence[Any]) -> Any:
    for step in steps:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def _only_adds(old: Any, new: Any) -> bool:
    """A list every old item of which is still there: items were added, none replaced."""
    if not isinstance(old, list) or not isinstance(new, list):
        return False
    remaining = list(new)
    for item in old:
        if item not in remaining:
            return False
        remaining.remove(item)
    return True


def _leaves_removed(changes: Sequence[Change]) -> list[Change]:
    """`changes`, a mapping removed whole as the values it held (each is named)."""
    found: list[Change] = []
    for change in changes:
        if change.new is None and isinstance(change.old, dict) and change.old:
            found.extend(
                _leaves_removed(
                    [
                        replace(
                            change,
                            path=f"{change.path}.{key}",
                            old=value,
                            new=None,
                            steps=(*change.steps, key),
                        )
                        for key, value in change.old.items()
                    ]
                )
            )
        else:
            found.append(change)
    return found


def replacements(
    changes: Sequence[Change], base: Sequence[Any], old: Any, new: Any
) -> list[Replaced]:
    """The recorded values among `changes` (to the object at `base`, `old` before the edit
    and `new` after it) that the edit replaced or removed."""
    found = []
    for change in _leaves_removed(changes):
        steps = tuple(change.steps[len(base) :])
        if change.old is None or _only_adds(change.old, change.new) or not steps:
            continue
        if steps == ("status",) and change.old in MOVING_ON and change.new is not None:
            continue
        if steps == ("window",) and _at(new, ("postponed", "from_window")) == change.old:
            continue  # a postponement keeps the first window
        parent = _at(old, steps[:-1])
        day = parent.get("date") if isinstance(parent, dict) and steps[-1] != "date" else None
        text = f"{_label(steps)} {shown(change.old, bare=steps == ('status',))}"
        found.append(
            Replaced(
                change.path, change.old, change.new, day if isinstance(day, str) else None, text
            )
        )
    return found
