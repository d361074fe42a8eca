"""The pictures of the reports (issue 24) say what the reports' figures say, proven over
random plans with random recorded histories (`tests/plan_histories.py`):

- each indicator's bar draws the figure and target `status --json` gives on the same day, on
  one scale, and its text alternative in the HTML names those figures;
- the heat table's counts are the participation table's, and those are the attendance by
  country of the milestones the report lists as done in the period.
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
from picture_checks import assert_drawn_in_proportion
from plan_histories import PERIOD_ENDS, RandomPlan, random_plans
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.core.periods import period_containing
from commit_cli.wording import language

pytestmark = pytest.mark.slow

runner = CliRunner()
WORDS = language.Wording()
SETTINGS = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


@SETTINGS
@given(plan=random_plans(), day=st.sampled_from(PERIOD_ENDS))
def test_each_bar_draws_the_status_figures_of_the_day(
    tmp_path: Path, plan: RandomPlan, day: date
) -> None:
    folder = tmp_path / f"b{abs(hash((id(plan), day)))}"
    on = ["--plan", str(plan.write(folder)), "--as-of", day.isoformat()]
    period = period_containing(day, 6).label
    status = {i["id"]: i for i in json.loads(run("status", *on, "--json"))["indicators"]}
    summary = json.loads(run("report", "summary", "--period", period, *on, "--format", "json"))
    page = run("report", "summary", "--period", period, *on, "--format", "html")
    found = re.findall(r'class="bar target-bar"[^>]*aria-label="([^"]*)"', page)
    names = [html.unescape(name) for name in found]
    drawn = 0
    for indicator in (i for p in summary["ppcs"] for i in p["indicators"]):
        row, bar = status[indicator["id"]], indicator["bar"]
        if row["figure"]["value"] is None or row["target"] is None:
            assert bar is None, indicator["id"]
            continue
        drawn += 1
        assert bar["value"] == row["figure"]["value"]
        assert (bar["target"], bar["target_max"]) == (row["target"], row["target_max"])
        assert_drawn_in_proportion(bar)
        said = (
            f"{row['title']}: {WORDS.number(row['figure']['value'])} ({row['figure']['label']})"
            f" against a target of {WORDS.number_range(row['target'], row['target_max'])}"
        )
        assert any(name.startswith(said) for name in names), said
    assert len(names) == drawn


def _attended_by_country(summary: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Participants by PPC and country code, added up from the milestones the summary lists
    as done in the period."""
    found: dict[str, dict[str, int]] = {}
    for ppc in summary["ppcs"]:
        for milestone in ppc["done"]:
            attended = milestone["attended"]
            if attended is None:
                continue
            cells = found.setdefault(ppc["id"], {})
            for country in attended["countries"]:
                cells[country["code"]] = cells.get(country["code"], 0) + country["value"]
    return found


@SETTINGS
@given(plan=random_plans(), day=st.sampled_from(PERIOD_ENDS))
def test_the_heat_tables_counts_are_the_attendance_recorded(
    tmp_path: Path, plan: RandomPlan, day: date
) -> None:
    folder = tmp_path / f"h{abs(hash((id(plan), day)))}"
    on = ["--plan", str(plan.write(folder)), "--as-of", day.isoformat()]
    period = period_containing(day, 6).label
    summary = json.loads(run("report", "summary", "--period", period, *on, "--format", "json"))
    heat, table = summary["pictures"]["participation"], summary["participation"]
    codes = [country["code"] for country in heat["countries"]]
    attended = _attended_by_country(summary)
    assert [row["ppc"] for row in heat["rows"]] == [row["ppc"] for row in table["rows"]]
    for shaded, row in zip(heat["rows"], table["rows"], strict=True):
        counts = [cell["count"] for cell in shaded["cells"]]
        assert counts == row["cells"]
        assert counts == [attended.get(row["ppc"], {}).get(code, 0) for code in codes]
        assert shaded["unassigned"]["count"] == row["unassigned"]
        assert sum(counts) + shaded["unassigned"]["count"] == shaded["total"]
    top = max((c["count"] for r in heat["rows"] for c in [*r["cells"], r["unassigned"]]), default=0)
    for row in heat["rows"]:
        for cell in [*row["cells"], row["unassigned"]]:
            (band,) = [b for b in heat["bands"] if b["level"] == cell["level"]]
            assert band["low"] <= cell["count"] <= band["high"]
            assert (cell["level"] == 4) == (cell["count"] > 3 * top // 4 and cell["count"] > 0)
