"""`commit due` by its own definition: on random plans with random recorded histories, what
is owed is exactly the milestones overdue on the day, the hand-typed indicators without a
value for the period and the PPCs without an update; every grouping owes the same things;
shares complete lie in [0, 1] and are 1 exactly for a group that owes nothing. On the demo,
the late country owes its part, and the issue body renders as Markdown."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import markdown_it
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_histories import PERIOD_ENDS, RandomPlan, random_plans
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.core.asof import milestone_on
from commit_cli.core.known import known_on
from commit_cli.core.model import Plan
from commit_cli.core.periods import period_containing
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.query.due import GROUPINGS, due
from commit_cli.query.due_text import due_markdown

runner = CliRunner()


def valid_plan(plan_dir: Path) -> Plan:
    """The plan in `plan_dir`, which must be valid."""
    plan = load_plan(FolderSource(plan_dir)).plan
    assert plan is not None
    return plan


def owed_by_definition(plan_dir: Path, end: date) -> set[tuple[str, str]]:
    plan = known_on(valid_plan(plan_dir), end)
    label = period_containing(end, 6).label
    owed = set()
    for ppc in plan.ppcs:
        for m in ppc.milestones:
            if milestone_on(m, end).overdue:
                owed.add(("milestone", m.id))
        for i in ppc.indicators:
            if i.counts is None and label not in i.values:
                owed.add(("indicator", i.id))
        if label not in ppc.updates:
            owed.add(("update", ppc.id))
    return owed


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=random_plans(), end=st.sampled_from(PERIOD_ENDS))
def test_due_is_what_its_definition_says(tmp_path: Path, plan: RandomPlan, end: date) -> None:
    folder = plan.write(tmp_path / f"d{abs(hash((id(plan), end)))}")
    loaded = known_on(valid_plan(folder), end)
    period = period_containing(end, 6)
    expected = owed_by_definition(folder, end)
    for by in GROUPINGS:
        report = due(loaded, period, end, by)
        found = {(item.kind, item.id) for g in report.groups for item in g.missing}
        if by != "country":
            assert found == expected, by
            assert sum(len(g.missing) for g in report.groups) == len(expected)
        else:  # updates are no country's ("(none)"); a country owes its part of a value
            assert {o for o in found if o[0] == "milestone"} == {
                o for o in expected if o[0] == "milestone"
            }
            assert {o for o in expected if o[0] == "indicator"} <= found
            updates = {g.key: {(o.kind, o.id) for o in g.missing if o.kind == "update"}
                       for g in report.groups}  # fmt: skip
            assert updates.get("", set()) == {o for o in expected if o[0] == "update"}
            assert not any(owed for key, owed in updates.items() if key)
        for group in report.groups:
            assert 0 <= group.complete <= 1
            assert (group.complete == 1) == (not group.missing)
    cli = runner.invoke(app, ["due", "--period", period.label, "--plan", str(folder), "--json"])
    assert cli.exit_code == 0, cli.output
    said = json.loads(cli.output)
    assert said["missing"] == len(expected)


def test_the_late_country_owes_on_the_demo(demo_repo: Path) -> None:
    result = runner.invoke(
        app,
        ["due", "--period", "2007-H2", "--by", "country", "--plan", str(demo_repo / "plan"),
         "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    groups = {g["key"]: g for g in json.loads(result.output)["groups"]}
    late = min(groups.values(), key=lambda g: g["complete"])
    assert late["missing"]
    assert all(0 <= g["complete"] <= 1 for g in groups.values())


def test_the_issue_body_is_markdown_with_a_row_per_group(tmp_path: Path) -> None:
    plan = valid_plan(Path(__file__).parents[2] / "plan")
    end = date(2006, 6, 30)
    report = due(known_on(plan, end), period_containing(end, 6), end, "ppc")
    body = due_markdown(report)
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(body)
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + len(report.groups)  # the header row and one per PPC
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Reports owed for 2006\\-H1".replace("\\", "") or headings[0].startswith(
        "Reports owed for 2006"
    )
    assert [h for h in headings[1:]] == [g.label for g in report.owing]
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == sum(len(g.missing) for g in report.groups)


@pytest.mark.parametrize("wrong", [["--by", "agency"], ["--period", "2006-H3"]])
def test_a_wrong_option_is_a_usage_error(plan_dir: Path, wrong: list[str]) -> None:
    args = ["due", "--period", "2006-H1", *wrong]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
