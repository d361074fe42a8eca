"""The figures of the reports are true (issue 21), proven over random plans with random
recorded histories (`tests/plan_histories.py`), not by snapshots:

- no future in the past: no output as of a day holds a recorded fact dated after it;
- rebuilt from the day: as of a period's end, HEAD says what the commit of that day said;
- one figure everywhere: the report's JSON, `status --json` and `list --json` agree, and the
  Markdown and HTML show the JSON's numbers;
- totals add up: every count by category sums to its total.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_histories import PERIOD_ENDS, RandomPlan, later_facts, random_plans
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.core.periods import period_containing

pytestmark = pytest.mark.slow

runner = CliRunner()
DAYS = st.dates(date(2005, 1, 1), date(2008, 3, 31))
SETTINGS = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def outputs(plan: Path, day: date, folder: Path) -> dict[str, str]:
    """Every output as of `day`: status, show, list, timeline, each report in each format,
    and the exports."""
    on = ["--plan", str(plan), "--as-of", day.isoformat()]
    period = period_containing(min(max(day, date(2005, 1, 1)), date(2007, 12, 31)), 6).label
    found = {
        "status": run("status", *on),
        "status --json": run("status", *on, "--json"),
        "list milestones": run("list", "milestones", *on, "--json"),
        "list indicators": run("list", "indicators", *on, "--json"),
        "timeline": run("timeline", *on, "--json"),
        "show ppc-1": run("show", "ppc-1", *on, "--json"),
        "show ppc-2": run("show", "ppc-2", *on, "--json"),
        "export json": run("export", *on),
        "export ics": run("export", *on, "--format", "ics"),
    }
    for kind in (["summary", "--period", period], ["final"], ["ppc", "ppc-1"]):
        for form in ("md", "html", "json"):
            found[f"report {kind[0]} {form}"] = run("report", *kind, *on, "--format", form)
    csv = folder / f"csv-{day}"
    run("export", *on, "--format", "csv", "-o", str(csv))
    for table in sorted(csv.iterdir()):
        found[f"export csv {table.name}"] = table.read_text("utf-8")
    return found


@SETTINGS
@given(plan=random_plans(), day=DAYS)
def test_no_future_in_the_past(tmp_path: Path, plan: RandomPlan, day: date) -> None:
    folder = tmp_path / f"p{abs(hash((id(plan), day)))}"
    written = plan.write(folder)
    for name, text in outputs(written, day, folder).items():
        assert later_facts(text, day, ics="ics" in name) == [], name


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=random_plans())
def test_rebuilt_from_the_day_equals_the_day(tmp_path: Path, plan: RandomPlan) -> None:
    """Each period's events committed on its last day: as of that day, HEAD says what the
    commit of that day says."""
    folder = tmp_path / f"r{id(plan)}"
    folder.mkdir()
    commits = plan.commit_history(folder)
    where = ["--plan", str(folder / "plan")]
    for end, commit in commits.items():
        on = ["--as-of", end.isoformat()]
        period = period_containing(end, 6).label
        for args in (
            ["status", "--json"],
            ["report", "summary", "--period", period, "--format", "json"],
            ["report", "final", "--format", "json"],
        ):
            assert run(*args, *where, *on) == run(*args, *where, *on, "--rev", commit), (args, end)


def numbers_of(rendered: str) -> set[str]:
    return {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", html.unescape(rendered))}


@SETTINGS
@given(plan=random_plans(), day=st.sampled_from(PERIOD_ENDS))
def test_one_figure_everywhere(tmp_path: Path, plan: RandomPlan, day: date) -> None:
    folder = tmp_path / f"f{abs(hash((id(plan), day)))}"
    written = plan.write(folder)
    on = ["--plan", str(written), "--as-of", day.isoformat()]
    period = period_containing(day, 6).label
    status = json.loads(run("status", *on, "--json"))
    listed = json.loads(run("list", "indicators", *on, "--json"))
    summary = json.loads(run("report", "summary", "--period", period, *on, "--format", "json"))
    final = json.loads(run("report", "final", *on, "--format", "json"))
    from_status = {i["id"]: i for i in status["indicators"]}
    from_list = {i["id"]: i for i in listed["indicators"]}
    in_summary = {i["id"]: i for p in summary["ppcs"] for i in p["indicators"]}
    in_final = {i["id"]: i for p in final["progress"] for i in p["indicators"]}
    assert set(from_status) == set(from_list) == set(in_summary) == set(in_final)
    for ident, row in from_status.items():
        for other in (from_list[ident], in_summary[ident], in_final[ident]):
            assert other["figure"] == row["figure"], ident
            assert (other["verdict"], other["verdict_label"]) == (
                row["verdict"],
                row["verdict_label"],
            )
    # milestones by status: the report's overview is the status of the same day
    totals = status["milestones"]
    overview = summary["overview"]["counts"]
    assert {s["status"]: s["count"] for s in overview["by_status"]} == {
        key: totals[key] for key in ("done", "in_progress", "planned", "postponed", "cancelled")
    }
    assert overview["overdue"] == totals["overdue"] == len(status["overdue"])
    # the Markdown and HTML show the JSON's figures, read from the rendered text
    for form in ("md", "html"):
        rendered = run("report", "summary", "--period", period, *on, "--format", form)
        text = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
        shown = numbers_of(rendered)
        for indicator in in_summary.values():
            value = indicator["figure"]["value"]
            if value is not None:
                assert str(value) in shown, (form, indicator["id"])
            assert indicator["verdict_label"] in text
        for entry in summary["overview"]["counts"]["by_status"]:
            assert re.search(rf"{re.escape(entry['label'])}\W+{entry['count']}\b", text, re.I), (
                form,
                entry,
            )


def check_totals(context: dict[str, Any]) -> None:
    """Every count by category in a report's context sums to its total."""

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "by_status" in value:
                assert sum(s["count"] for s in value["by_status"]) == value["total"], value
            if "by_verdict" in value:
                assert sum(v["count"] for v in value["by_verdict"]) == value["total"], value
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(context)


@SETTINGS
@given(plan=random_plans(), day=DAYS)
def test_totals_add_up(tmp_path: Path, plan: RandomPlan, day: date) -> None:
    folder = tmp_path / f"t{abs(hash((id(plan), day)))}"
    written = plan.write(folder)
    on = ["--plan", str(written), "--as-of", day.isoformat()]
    period = period_containing(min(max(day, date(2005, 1, 1)), date(2007, 12, 31)), 6).label
    summary = json.loads(run("report", "summary", "--period", period, *on, "--format", "json"))
    final = json.loads(run("report", "final", *on, "--format", "json"))
    ppc = json.loads(run("report", "ppc", "ppc-1", *on, "--format", "json"))
    for context in (summary, final, ppc):
        check_totals(context)
    participation = summary["participation"]
    for row in participation["rows"]:
        assert sum(row["cells"]) + row["unassigned"] == row["total"], row
    assert sum(participation["totals"]) + participation["unassigned"] == participation["total"]
    assert participation["total"] == summary["overview"]["attendance"]["total"]
    indicators = [i for p in final["progress"] for i in p["indicators"]]
    assert final["overview"]["verdicts"]["total"] == len(indicators)
    for entry in final["failures"]:
        not_done = entry["not_done"]
        assert not_done["count"] == len(not_done["milestones"])
        assert len(not_done["named"]) + not_done["more"] == not_done["count"]
    annexed = {m["id"] for p in final["annex"]["not_done"] for m in p["milestones"]}
    assert annexed == {m["id"] for e in final["failures"] for m in e["not_done"]["milestones"]}
    gantt = final["gantt"]
    assert sum(len(s["rows"]) for s in gantt["sections"]) == gantt["count"]
    labels = [r["short_label"] for s in gantt["sections"] for r in s["rows"]]
    titles = [r["title"] for s in gantt["sections"] for r in s["rows"]]
    assert len(set(zip(labels, titles, strict=True))) == len(set(titles))  # one label per title
    assert len(set(labels)) == len(set(titles))  # and no two titles share one


def test_an_all_day_event_ending_on_the_day_is_not_a_later_fact() -> None:
    """iCalendar's DTEND of an all-day event is the day after it ends: work in progress on
    the day ends the day after, and that is no fact from the future; a later start is."""
    day = date(2006, 8, 12)
    assert (
        later_facts("DTSTART;VALUE=DATE:20060812\r\nDTEND;VALUE=DATE:20060813\r\n", day, ics=True)
        == []
    )
    assert later_facts("DTSTART;VALUE=DATE:20060813\r\n", day, ics=True) == ["20060813"]
    assert later_facts("DTEND;VALUE=DATE:20060814\r\n", day, ics=True) == ["20060814"]
