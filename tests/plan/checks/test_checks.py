"""Cross-object checks: each with its own message, located in the right file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPC_1, PPC_2

from commit_cli.plan.checks.dependencies import find_cycles
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource


def write_ppc(plan_dir: Path, name: str, text: str) -> None:
    (plan_dir / "ppcs" / f"{name}.yaml").write_text(text, encoding="utf-8")


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


CASES = [
    pytest.param(
        "ppc-02",
        edit(PPC_2, "  - id: ppc2-workshop", "  - id: ppc1-seminar"),
        "plan/ppcs/ppc-02.yaml:11:9: error: duplicate id 'ppc1-seminar': already used by a"
        " milestone in plan/ppcs/ppc-01.yaml",
        id="duplicate-id-across-files",
    ),
    pytest.param(
        "ppc-02",
        edit(PPC_2, "activities: [act-2]", "activities: [act-2, act-1]"),
        "plan/ppcs/ppc-02.yaml:5:21: error: activity 'act-1' is already covered by ppc-1;"
        " each activity belongs to exactly one PPC",
        id="activity-in-two-ppcs",
    ),
    pytest.param(
        "ppc-02",
        edit(PPC_2, "activities: [act-2]", "activities: [act-1]"),
        "plan/plan.yaml:24:9: error: activity 'act-2' is covered by no PPC",
        id="activity-in-no-ppc",
    ),
    pytest.param(
        "ppc-01",
        edit(PPC_1, "    lead: uniap", "    lead: uniap\n    actual: {start: 2005-08-01}"),
        "plan/ppcs/ppc-01.yaml:15:13: error: actual dates on a milestone whose status is planned",
        id="actual-dates-before-start",
    ),
    pytest.param(
        "ppc-01",
        edit(PPC_1, "{min: 20, max: 30}", "{min: 30, max: 20}"),
        "plan/ppcs/ppc-01.yaml:21:19: error: participants min (30) is more than max (20)",
        id="participants-min-over-max",
    ),
    pytest.param(
        "ppc-01",
        edit(PPC_1, "{min: 20, max: 30}", "{min: -1, max: 30}"),
        "plan/ppcs/ppc-01.yaml:21:25: error: min must be at least 0, found '-1'",
        id="negative-participants",
    ),
    pytest.param(
        "ppc-01",
        edit(PPC_1, "window: 2005-H2", "window: 2008"),
        "plan/ppcs/ppc-01.yaml:13:13: error: window start 2008-01-01 is outside the plan period"
        " (2005-01-01 to 2007-12-31)",
        id="window-outside-plan",
    ),
    pytest.param(
        "ppc-01",
        edit(PPC_1, "window: 2005-H2", "window: {start: 2006, end: 2005}"),
        "plan/ppcs/ppc-01.yaml:13:13: error: the window starts (2006-01-01) after it ends"
        " (2005-12-31)",
        id="window-start-after-end",
    ),
    pytest.param(
        "ppc-01",
        edit(PPC_1, "    target: 1", "    target: 1\n    values: {2006-H1: 1, 2008-H1: 2}"),
        "plan/ppcs/ppc-01.yaml:30:26: error: values: reporting period 2008-H1 is outside the"
        " plan period",
        id="indicator-value-outside-plan",
    ),
    pytest.param(
        "ppc-01",
        edit(PPC_1, "    target: 1", "    target: 1\n    values: {2006-Q1: 1}"),
        "plan/ppcs/ppc-01.yaml:30:14: error: values: '2006-Q1' is not a reporting period of a"
        " 6-monthly cadence (e.g. '2006-H1')",
        id="indicator-value-wrong-cadence",
    ),
    pytest.param(
        "ppc-02",
        edit(PPC_2, "  - to: ppc-1", "  - to: ppc-9"),
        "plan/ppcs/ppc-02.yaml:8:9: error: to: unknown PPC or activity or area or sub-area"
        " 'ppc-9'; did you mean",
        id="dangling-linkage",
    ),
    pytest.param(
        "ppc-02",
        edit(PPC_2, "depends_on: [ppc1-seminar]", "depends_on: [ppc-1]"),
        "plan/ppcs/ppc-02.yaml:17:18: error: depends_on: 'ppc-1' is a PPC, not a milestone",
        id="dependency-on-a-ppc",
    ),
    pytest.param(
        "ppc-02",
        edit(PPC_2, "[[KH, TH]]", "[[KH, LA]]"),
        "plan/ppcs/ppc-02.yaml:16:26: error: country_pairs: unknown country 'LA'",
        id="unknown-country",
    ),
    pytest.param(
        "ppc-01",
        edit(
            PPC_1,
            "    lead: uniap",
            "    lead: uniap\n    series: {name: Courses, number: 1, of: 2}",
        ),
        "plan/ppcs/ppc-01.yaml:15:13: error: series 'Courses' should hold 2 milestones but holds 1",
        id="series-count",
    ),
    pytest.param(
        "ppc-01",
        edit(PPC_1, "    lead: uniap", "    lead: secretary"),
        "plan/ppcs/ppc-01.yaml:14:11: error: lead: unknown partner or role 'secretary'",
        id="lead-unknown",
    ),
    pytest.param(
        "ppc-01",
        edit(PPC_1, "    window: 2005-H2\n", ""),
        "plan/ppcs/ppc-01.yaml:9:9: warning: milestone 'ppc1-assessment' has no planned window",
        id="warning-no-window",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES)
def test_check_reports_located_problem(plan_dir: Path, name: str, text: str, expected: str) -> None:
    write_ppc(plan_dir, name, text)
    problems = [p.format() for p in load_plan(FolderSource(plan_dir)).problems]
    assert any(p.startswith(expected) for p in problems), problems


def test_warnings_do_not_invalidate_the_plan(plan_dir: Path) -> None:
    write_ppc(plan_dir, "ppc-01", edit(PPC_1, "    window: 2005-H2\n", ""))
    result = load_plan(FolderSource(plan_dir))
    assert result.plan is not None
    assert [p.severity for p in result.problems] == ["warning"]


def test_find_cycles_reports_each_cycle_once_in_order() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["d"], "e": ["a", "missing"]}
    assert list(find_cycles(graph)) == [["a", "b", "c", "a"], ["d", "d"]]


def test_find_cycles_handles_long_chains_without_recursion() -> None:
    graph = {f"m{i}": [f"m{i + 1}"] for i in range(50_000)}
    graph["m50000"] = ["m0"]
    (cycle,) = find_cycles(graph)
    assert len(cycle) == 50_002


def test_cross_file_checks_run_while_another_file_is_broken(plan_dir: Path) -> None:
    write_ppc(plan_dir, "ppc-01", edit(PPC_1, "phase: core", "phase: middle"))
    write_ppc(plan_dir, "ppc-02", edit(PPC_2, "  - to: ppc-1", "  - to: ppc-9"))
    result = load_plan(FolderSource(plan_dir))
    messages = [p.format() for p in result.problems]
    assert messages[0].startswith("plan/ppcs/ppc-01.yaml:18:12: error: unknown phase 'middle'")
    assert messages[1].startswith("plan/ppcs/ppc-02.yaml:8:9: error: to: unknown PPC or")
    # ppc-02 depends on ppc1-seminar and covers act-2 while ppc-01 (act-1) is broken:
    # neither its milestone nor its activity is reported missing.
    assert len(messages) == 2
    assert result.cross_checked
    assert result.plan is None


def test_attendance_and_values_by_country_name_plan_countries(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace(
            "    depends_on: [ppc1-assessment]\n",
            "    depends_on: [ppc1-assessment]\n    status: done\n    actual: {end: 2006-05-05}\n"
            "    attended: {total: 25, by_country: {KH: 5, LA: 3}}\n",
        ).replace("    target: 1\n", "    target: 1\n    values: {2006-H1: {TH: 1, VN: 2}}\n"),
        encoding="utf-8",
    )
    problems = [p.format() for p in load_plan(FolderSource(plan_dir)).problems]
    assert any("by_country: unknown country 'LA'" in p for p in problems), problems
    assert any("values: unknown country 'VN'" in p for p in problems), problems
    assert not any("'KH'" in p or "'TH'" in p for p in problems)
