"""What each editing command does to the data of the object it edits (a milestone, an
indicator or a PPC, as read from its file): plain functions on dictionaries, each returning
the words that say what was recorded.

Values from the command line go in as text (dates, windows, statuses) and are judged by the
model afterwards, so a wrong one is reported with its place in the file, like any other
problem; numbers are read as a plan file reads them (`3`, `-1`, `2.5`; `010` and `1:30` are
refused, as in a file: see `edit.arguments`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from commit_cli.core.fields import field_order, type_at
from commit_cli.core.hints import did_you_mean
from commit_cli.core.periods import PeriodError, parse_date, parse_period_spec
from commit_cli.core.schema import Milestone, Window
from commit_cli.edit.arguments import plain
from commit_cli.errors import UsageError

JsonDict = dict[str, Any]


def _mapping(value: Any) -> JsonDict:
    return dict(value) if isinstance(value, dict) else {}


def _ordered(record: JsonDict, model: type[BaseModel]) -> JsonDict:
    """The record's keys in the model's field order (new mappings are written that way)."""
    fields = list(model.model_fields)
    return dict(sorted(record.items(), key=lambda item: fields.index(item[0])))


def period_key(label: str, option: str = "--period") -> Any:
    """A reporting period as a key: `2006` (a year) is written as a number."""
    value = plain(option, label.strip())
    return value if isinstance(value, int) and not isinstance(value, bool) else label.strip()


def start(milestone: JsonDict, on: str) -> str:
    milestone["status"] = "in_progress"
    actual = _mapping(milestone.get("actual"))
    actual["start"] = on
    milestone["actual"] = {key: actual[key] for key in ("start", "end") if key in actual}
    return f"{milestone['id']} started on {on}"


def done(
    milestone: JsonDict,
    on: str,
    started: str | None = None,
    attended: int | None = None,
    women: int | None = None,
    men: int | None = None,
    by_country: Sequence[tuple[str, int]] = (),
    outcome: str | None = None,
    report: str | None = None,
) -> str:
    milestone["status"] = "done"
    actual = _mapping(milestone.get("actual"))
    if started is not None:
        actual["start"] = started
    actual["end"] = on
    milestone["actual"] = {key: actual[key] for key in ("start", "end") if key in actual}
    said = [f"{milestone['id']} done on {on}"]
    parts = {"total": attended, "women": women, "men": men}
    if any(value is not None for value in parts.values()) or by_country:
        record = _mapping(milestone.get("attended"))
        record.update({key: value for key, value in parts.items() if value is not None})
        if by_country:
            countries = _mapping(record.get("by_country"))
            countries.update(by_country)
            record["by_country"] = countries
        if "total" not in record:
            raise UsageError("--women, --men and --country need --attended N (how many in all)")
        milestone["attended"] = _ordered(record, _attendance_model())
        said.append(f"{record['total']} attended")
    if outcome is not None:
        milestone["outcome"] = outcome
    if report is not None:
        milestone["report"] = report
    return ", ".join(said)


def _attendance_model() -> type[BaseModel]:
    from commit_cli.core.schema import Attendance

    return Attendance


def _refuse_an_ended_window(to: str, on: str) -> None:
    """A postponement moves work to a window still ahead: one that ended before the day the
    postponement was decided would make the milestone overdue the moment it is recorded.
    (A window or day that does not parse is left to the model, which locates it.)"""
    try:
        window, day = parse_period_spec(to.strip()), parse_date(on)
    except (PeriodError, ValueError):
        return
    if window.end < day:
        raise UsageError(
            f"--to {to.strip()} ended on {window.end.isoformat()}, before the postponement on"
            f" {on}; postpone to a window that ends on or after {on}"
        )


def postpone(
    milestone: JsonDict, to: str, reason: str, on: str, decision: str | None = None
) -> str:
    _refuse_an_ended_window(to, on)
    earlier = _mapping(milestone.get("postponed"))
    record: JsonDict = {"date": on, "reason": reason}
    first_window = earlier.get("from_window", milestone.get("window"))
    if first_window is not None:
        record["from_window"] = first_window
    if decision is not None:
        record["decision"] = decision
    milestone["status"] = "postponed"
    milestone["window"] = plain("--to", to.strip())
    milestone["postponed"] = record
    return f"{milestone['id']} postponed to {to} on {on}"


def cancel(milestone: JsonDict, reason: str, on: str, decision: str | None = None) -> str:
    milestone["status"] = "cancelled"
    milestone["cancelled"] = {"date": on, "reason": reason}
    if decision is not None:
        milestone["cancelled"]["decision"] = decision
    return f"{milestone['id']} cancelled on {on}"


def record(indicator: JsonDict, value: str, period: str, country: str | None) -> str:
    """`country`: a code of the plan's (see `edit.countries`)."""
    values = _mapping(indicator.get("values"))
    key = period_key(period)
    number = plain("VALUE", value.strip())
    current = values.get(key)
    if country is None:
        if isinstance(current, dict):
            raise UsageError(
                f"{period} of {indicator['id']} holds values by country; add --country CODE"
            )
        values[key] = number
        said = f"{indicator['id']} = {value} for {period}"
    else:
        if current is not None and not isinstance(current, dict):
            raise UsageError(
                f"{period} of {indicator['id']} holds one total ({current}), not values by"
                " country; record it without --country"
            )
        by_country = _mapping(current)
        by_country[country] = number
        values[key] = by_country
        said = f"{indicator['id']} = {value} for {country} in {period}"
    indicator["values"] = values
    return said


def update(
    ppc: JsonDict,
    period: str,
    progress: str | None,
    obstacles: Sequence[str],
    next_steps: Sequence[str],
) -> str:
    if progress is None and not obstacles and not next_steps:
        raise UsageError("say something: --progress TEXT, --obstacle TEXT or --next TEXT")
    updates = _mapping(ppc.get("updates"))
    key = period_key(period)
    entry = _mapping(updates.get(key))
    if progress is not None:
        entry["progress"] = progress
    for name, added in (("obstacles", obstacles), ("next_steps", next_steps)):
        if added:
            earlier = entry.get(name)
            entry[name] = [*(earlier if isinstance(earlier, list) else []), *added]
    updates[key] = {
        name: entry[name] for name in ("progress", "obstacles", "next_steps") if name in entry
    }
    ppc["updates"] = updates
    return f"{ppc['id']} update for {period}"


def note(milestone: JsonDict, text: str, on: str, by: str) -> str:
    log = milestone.get("log")
    entries = list(log) if isinstance(log, list) else []
    position = len(entries)
    while position > 0:
        earlier = entries[position - 1]
        day = earlier.get("date") if isinstance(earlier, dict) else None
        if not isinstance(day, str) or day <= on:
            break
        position -= 1
    entries.insert(position, {"date": on, "by": by, "text": text})
    milestone["log"] = entries
    return f"note on {milestone['id']} ({on}, {by})"


def _step(container: Any, name: str) -> Any:
    if isinstance(container, list):
        if not name.isdigit():
            raise UsageError(f"'{name}' is not a position in a list; use a number from 0")
        return int(name)
    return period_key(name, "FIELD") if name[:1] in "0123456789+-" else name


def _scalar_value(annotation: Any, text: str) -> Any:
    """Text for text fields, dates, ids and choices; numbers and booleans as a plan file
    reads them."""
    if annotation in (int, float, bool) or not isinstance(annotation, type):
        return plain("VALUE", text)
    return text


def _path_names(dotted: str, example: str) -> list[str]:
    """The names of a dotted field path, none empty."""
    names = dotted.split(".")
    if not all(names):
        raise UsageError(f"'{dotted}' is not a field path; write e.g. {example}")
    return names


def _known_step(
    model: type[BaseModel], steps: list[Any], names: list[str], depth: int, current: Any
) -> Any:
    """The step into `current` that the path's name at `depth` makes (a key, or a list's
    index), once the model is known to have that field there."""
    name = names[depth]
    fields = field_order(model, steps)
    if fields is not None and name not in fields:
        raise UsageError(
            f"{model.__name__.lower()} has no field '{'.'.join(names[: depth + 1])}'"
            f"{did_you_mean(name, fields)}"
        )
    return _step(current, name)


def set_field(
    obj: JsonDict, model: type[BaseModel], dotted: str, text: str, decision: str | None = None
) -> str:
    """Set the scalar at a dotted path (`window.end`, `participants.max`, `outcome`); with
    `decision`, an indicator's target (or target_max) cites the decision that changed it."""
    if decision is not None:
        if model.__name__ != "Indicator" or dotted not in ("target", "target_max"):
            raise UsageError(
                "--decision goes with a change of an indicator's target (target or target_max)"
            )
        obj["target_decision"] = decision
    names = _path_names(dotted, "window.end")
    steps: list[Any] = []
    current: Any = obj
    for depth in range(len(names)):
        step = _known_step(model, steps, names, depth, current)
        annotation = type_at(model, [*steps, step])
        last = depth == len(names) - 1
        if last:
            if (isinstance(annotation, type) and issubclass(annotation, BaseModel)) or getattr(
                annotation, "__origin__", None
            ) in (list, dict):
                raise UsageError(f"'{dotted}' is not a single value; name one of its fields")
            if isinstance(current, list) and not 0 <= step < len(current):
                raise UsageError(f"'{dotted}': there is no item {step}")
            current[step] = _scalar_value(annotation, text)
            break
        child = (
            current[step]
            if isinstance(current, list) and 0 <= step < len(current)
            else (current.get(step) if isinstance(current, dict) else None)
        )
        if annotation is Window and child is not None and not isinstance(child, dict):
            child = {"start": child, "end": child}  # `2006-H1` becomes {start: 2006-H1, …}
        elif child is None:
            child = {}
        elif not isinstance(child, dict | list):
            raise UsageError(f"'{'.'.join(names[: depth + 1])}' holds a single value")
        if isinstance(current, list) and not 0 <= step < len(current):
            raise UsageError(f"'{dotted}': there is no item {step}")
        current[step] = child
        current = child
        steps.append(step)
    return f"{obj.get('id', '')} {dotted} = {text}"


MILESTONE_FIELDS = list(Milestone.model_fields)


def add_milestone(ppc: JsonDict, fields: JsonDict) -> str:
    milestone = {
        name: fields[name] for name in MILESTONE_FIELDS if fields.get(name) not in (None, [])
    }
    milestone.setdefault("status", "planned")
    milestones = ppc.get("milestones")
    ppc["milestones"] = [*(milestones if isinstance(milestones, list) else []), milestone]
    return f"milestone {milestone.get('id')} added to {ppc.get('id')}"


def review(
    ppc: JsonDict,
    obstacles: Sequence[str],
    failures: Sequence[str],
    lessons: Sequence[str],
    recommendations: Sequence[str],
) -> str:
    """Add to a PPC's `review:` (what the final report says of it), keeping what is there."""
    record = _mapping(ppc.get("review"))
    for name, added in (
        ("obstacles", obstacles),
        ("failures", failures),
        ("lessons", lessons),
        ("recommendations", recommendations),
    ):
        earlier = record.get(name)
        kept = list(earlier) if isinstance(earlier, list) else []
        record[name] = [*kept, *(text for text in added if text not in kept)]
    ppc["review"] = {name: items for name, items in record.items() if items}
    return f"{ppc['id']} review"


def unset_field(obj: JsonDict, model: type[BaseModel], dotted: str) -> str:
    """Remove the value at a dotted path (`outcome`, `actual.start`, `values.2006-H1.KH`),
    and a mapping or list it leaves empty; nothing when there is no value there. Whether
    the object may go without it is the model's to say, as for every edit."""
    names = _path_names(dotted, "actual.start")
    steps: list[Any] = []
    containers: list[Any] = []
    current: Any = obj
    for depth in range(len(names)):
        step = _known_step(model, steps, names, depth, current)
        containers.append(current)
        steps.append(step)
        if (isinstance(current, dict) and step in current) or (
            isinstance(current, list) and 0 <= step < len(current)
        ):
            current = current[step]
        else:
            return f"{obj.get('id', '')} has no {dotted}"
    for container, step in reversed(list(zip(containers, steps, strict=True))):
        del container[step]
        if container or container is obj:
            break
    return f"{obj.get('id', '')} {dotted} removed"
