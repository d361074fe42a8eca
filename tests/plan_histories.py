"""Random plans with random recorded histories, for the report invariants (issue 21).

A plan has two PPCs of month-aligned milestones (planned windows start on a month's first
day and end on its last) and three indicators: one typed by period and by country (summed,
with a target), one typed as a stock (latest), and one counted from a series of milestones.
Its history is a list of dated events, recorded through the editing operations, every one on
a day that is neither the first nor the last of its month: so any such date in an output is
a recorded fact, and a planned window or due date never is.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from commit_cli.core.periods import add_months, month_end, period_containing
from commit_cli.edit import operations

HEADER: dict[str, Any] = {
    "id": "random-plan",
    "title": "A random plan",
    "period": {"start": date(2005, 1, 1), "end": date(2007, 12, 31)},
    "reporting": {"cadence_months": 6},
    "countries": [
        {"code": "KH", "name": "Cambodia"},
        {"code": "TH", "name": "Thailand"},
        {"code": "VN", "name": "Viet Nam"},
    ],
    "areas": [{"id": "area-1", "number": 1, "title": "Policy"}],
    "activities": [
        {"id": "act-1", "number": 1, "area": "area-1", "title": "Cooperation"},
        {"id": "act-2", "number": 2, "area": "area-1", "title": "Protection"},
    ],
}
KINDS = ("seminar", "workshop", "training", "assessment", "meeting")
PERIOD_ENDS = [
    date(2005, 6, 30),
    date(2005, 12, 31),
    date(2006, 6, 30),
    date(2006, 12, 31),
    date(2007, 6, 30),
    date(2007, 12, 31),
]


def is_month_edge(day: date) -> bool:
    return day.day == 1 or day == month_end(day.year, day.month)


@dataclass(frozen=True)
class Recorded:
    """One recorded event: `what` (start, postpone, done, cancel, note, value, update) on
    `day`, about `target` (a milestone, indicator or PPC id), with its arguments."""

    what: str
    day: date
    target: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class RandomPlan:
    ppcs: list[dict[str, Any]]
    history: list[Recorded]

    def state(self, until: date | None = None) -> list[dict[str, Any]]:
        """The PPC files' data after the events up to `until` (every one: None)."""
        ppcs: list[dict[str, Any]] = yaml.safe_load(yaml.safe_dump(self.ppcs))
        milestones = {m["id"]: m for p in ppcs for m in p.get("milestones", [])}
        indicators = {i["id"]: i for p in ppcs for i in p.get("indicators", [])}
        by_id = {p["id"]: p for p in ppcs}
        for event in self.history:
            if until is not None and event.day > until:
                continue
            on = event.day.isoformat()
            if event.what == "start":
                operations.start(milestones[event.target], on=on)
            elif event.what == "postpone":
                operations.postpone(
                    milestones[event.target], reason="No funds.", on=on, **event.args
                )
            elif event.what == "done":
                operations.done(milestones[event.target], on=on, **event.args)
            elif event.what == "cancel":
                operations.cancel(milestones[event.target], reason="Not needed.", on=on)
            elif event.what == "note":
                milestones[event.target].setdefault("log", []).append(
                    {"date": on, "by": "Officer", "text": f"Seen on {on}."}
                )
            elif event.what == "value":
                values = indicators[event.target].setdefault("values", {})
                values[event.args["period"]] = event.args["value"]
            elif event.what == "update":
                by_id[event.target].setdefault("updates", {})[event.args["period"]] = {
                    "progress": f"Progress reported for {event.args['period']}."
                }
        return ppcs

    def write(self, folder: Path, until: date | None = None) -> Path:
        """The plan folder as it stood after the events up to `until`."""
        plan = folder / "plan"
        (plan / "ppcs").mkdir(parents=True, exist_ok=True)
        (plan / "plan.yaml").write_text(yaml.safe_dump(HEADER, sort_keys=False), "utf-8")
        for ppc in self.state(until):
            text = yaml.safe_dump(ppc, sort_keys=False, allow_unicode=True)
            (plan / "ppcs" / f"{ppc['id']}.yaml").write_text(text, "utf-8")
        return plan

    def commit_history(self, folder: Path) -> dict[date, str]:
        """A git repository in `folder` where each period's events are committed on the
        last day of that period; the commit of each period end."""
        git = ["git", "-C", str(folder), "-c", "user.name=T", "-c", "user.email=t@example.org"]
        subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
        commits: dict[date, str] = {}
        for end in PERIOD_ENDS:
            self.write(folder, end)
            stamp = f"{end.isoformat()}T12:00:00+00:00"
            env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "PATH": "/usr/bin:/bin"}
            subprocess.run([*git, "add", "-A"], check=True)
            subprocess.run(
                [*git, "commit", "-q", "--allow-empty", "-m", f"Up to {end}"], check=True, env=env
            )
            head = subprocess.run(
                [*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
            )
            commits[end] = head.stdout.strip()
        return commits


def _inner_day(draw: st.DrawFn, first: date, last: date) -> date:
    """A day in [first, last] that is not a month's first or last day."""
    day = draw(st.dates(first, last))
    if is_month_edge(day):  # the first moves a day on, the last a day back: still inside
        day += timedelta(days=1 if day.day == 1 else -1)
    return day


def _milestone(
    ident: str, kind: str, start: date, months: int, series: str | None, number: int = 1
) -> dict[str, Any]:
    end = add_months(start, months) - timedelta(days=1)
    data: dict[str, Any] = {
        "id": ident,
        "title": f"{kind.capitalize()} {ident}",
        "kind": kind,
        "phase": "core",
        "window": {"start": start.isoformat(), "end": end.isoformat()},
    }
    if series is not None:
        data["series"] = {"name": series, "number": number, "of": 6}
    return data


@st.composite
def random_plans(draw: st.DrawFn) -> RandomPlan:
    ppcs: list[dict[str, Any]] = []
    history: list[Recorded] = []
    for number in (1, 2):
        milestones = []
        for index in range(draw(st.integers(2, 6))):
            months = draw(st.integers(1, 6))
            start = add_months(date(2005, 1, 1), draw(st.integers(0, 36 - months)))
            ident = f"ppc{number}-m{index}"
            series = "courses" if number == 1 and index % 2 == 0 else None
            milestone = _milestone(ident, draw(st.sampled_from(KINDS)), start, months, series)
            if series is not None:
                milestone["title"] = f"National course on the law of country number {index}"
            milestones.append(milestone)
            history.extend(draw(_milestone_events(ident)))
        members = [m for m in milestones if "series" in m]
        for position, member in enumerate(members, start=1):
            member["series"].update({"number": position, "of": len(members)})
        indicators: list[dict[str, Any]] = []
        if number == 1:
            indicators = [
                {
                    "id": "ppc1-trained",
                    "title": "People trained",
                    "unit": "people",
                    "combine": "sum",
                    "baseline": 0,
                    "target": draw(st.integers(10, 200)),
                },
                {
                    "id": "ppc1-courses",
                    "title": "Courses held",
                    "unit": "courses",
                    "counts": {"series": "courses"},
                    "target": draw(st.integers(1, 4)),
                },
            ]
            for end in PERIOD_ENDS:
                if draw(st.booleans()):
                    label = period_containing(end, 6).label
                    day = _inner_day(draw, period_containing(end, 6).start, end)
                    value: Any = draw(st.integers(0, 50))
                    if draw(st.booleans()):
                        value = {"KH": value, "TH": draw(st.integers(0, 9))}
                    history.append(
                        Recorded("value", day, "ppc1-trained", {"period": label, "value": value})
                    )
        else:
            indicators = [
                {"id": "ppc2-countries", "title": "Countries with a plan", "unit": "countries"}
            ]
            for end in PERIOD_ENDS[:3]:
                if draw(st.booleans()):
                    label = period_containing(end, 6).label
                    day = _inner_day(draw, period_containing(end, 6).start, end)
                    history.append(
                        Recorded(
                            "value",
                            day,
                            "ppc2-countries",
                            {"period": label, "value": draw(st.integers(0, 3))},
                        )
                    )
        for end in PERIOD_ENDS:
            if draw(st.booleans()):
                period = period_containing(end, 6)
                day = _inner_day(draw, period.start, end)
                history.append(Recorded("update", day, f"ppc-{number}", {"period": period.label}))
        ppcs.append(
            {
                "id": f"ppc-{number}",
                "label": f"PPC {number}",
                "title": f"Project {number}",
                "short_title": f"Project {number}",
                "activities": [f"act-{number}"],
                "objective": "An objective.",
                "milestones": milestones,
                "indicators": indicators,
            }
        )
    history.sort(key=lambda event: event.day)
    return RandomPlan(ppcs, history)


@st.composite
def _milestone_events(draw: st.DrawFn, ident: str) -> list[Recorded]:
    """Up to four events of one milestone on strictly later inner days: one start at most,
    one postponement at most (the plan keeps one record of each)."""
    found: list[Recorded] = []
    status = "planned"
    day = _inner_day(draw, date(2005, 1, 2), date(2007, 11, 27))
    started = postponed = False
    for _ in range(draw(st.integers(0, 4))):
        if status in ("done", "cancelled") or day > date(2007, 12, 27):
            break
        # a milestone that started keeps its actual dates, which a cancelled one may not have
        kinds = ["done", "note"] if started else ["done", "cancel", "note"]
        if not started and status != "in_progress":
            kinds.append("start")
        if not postponed:
            kinds.append("postpone")
        what = draw(st.sampled_from(kinds))
        args: dict[str, Any] = {}
        if what == "postpone":
            postponed = True
            month = min(add_months(day.replace(day=1), draw(st.integers(1, 8))), date(2007, 12, 1))
            args = {"to": f"{month.year}-{month.month:02d}"}
            status = "postponed"
        elif what == "start":
            started = True
            status = "in_progress"
        elif what == "done":
            attended = draw(st.none() | st.integers(1, 60))
            args = {"attended": attended}
            if attended is not None and draw(st.booleans()):
                kh = draw(st.integers(0, attended))
                args["by_country"] = [("KH", kh)]
            status = "done"
        elif what == "cancel":
            status = "cancelled"
        found.append(Recorded(what, day, ident, args))
        day = _inner_day(draw, day + timedelta(days=1), day + timedelta(days=150))
    return found


# A day written in a page or an export: ISO (2006-05-17), or iCalendar's (20060517).
ISO_DAY = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
ICS_DAY = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d{3})")


def later_facts(text: str, day: date, ics: bool = False) -> list[str]:
    """Dates in `text` after `day` that can only be recorded facts: not a month's first or
    last day (planned windows and due dates always are, in these plans)."""
    if ics:
        text = text.replace("\r\n ", "")
    found = []
    for pattern in (ISO_DAY, ICS_DAY) if ics else (ISO_DAY,):
        for match in pattern.finditer(text):
            try:
                seen = date(*(int(part) for part in match.groups()))
            except ValueError:
                continue
            if ics and text.startswith("DTEND;VALUE=DATE:", match.start() - 17):
                seen -= timedelta(days=1)  # an all-day event ends the day before its DTEND
            if seen > day and not is_month_edge(seen):
                found.append(match.group(0))
    return found
