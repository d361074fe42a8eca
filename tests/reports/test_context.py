"""The report context: plain data, facts from the query layer, periods and PPCs checked."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from commit_cli import wording
from commit_cli.core.indicators import verdict as core_verdict
from commit_cli.core.model import Plan
from commit_cli.core.vocabulary import Verdict
from commit_cli.errors import NotFound, UsageError
from commit_cli.export.json_document import json_text
from commit_cli.query.index import PlanIndex
from commit_cli.query.rows import IndicatorRow, MilestoneRef
from commit_cli.reports.context import final_context, ppc_context, summary_context
from commit_cli.reports.context.indicators import indicator_json, verdict_rule
from commit_cli.reports.context.pieces import safe_href

AS_OF = date(2006, 6, 30)


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def test_the_context_is_plain_json_data_and_the_same_every_time(plan: Plan) -> None:
    builders: tuple[Callable[[], dict[str, Any]], ...] = (
        lambda: summary_context(plan, "2006-H1", AS_OF),
        lambda: ppc_context(plan, "ppc-3", None, AS_OF),
        lambda: final_context(plan, date(2007, 12, 31)),
    )
    for build in builders:
        first = build()
        assert json.loads(json_text(first)) == first
        assert json_text(build()) == json_text(first)


def test_the_summary_header(plan: Plan) -> None:
    context = summary_context(plan, "2006-H1", AS_OF)
    assert context["notice"] is None
    assert context["report"] == {
        "kind": "summary",
        "title": "Six-monthly summary report to the Governments, 2006-H1",
        "as_of": "2006-06-30",
        "period": {"label": "2006-H1", "start": "2006-01-01", "end": "2006-06-30"},
    }
    assert context["previous_period"]["label"] == "2005-H2"
    assert context["next_period"]["label"] == "2006-H2"
    assert context["changes"] == {"available": False, "commits": []}


def test_the_summary_sorts_each_ppcs_milestones_into_the_period(plan: Plan) -> None:
    ppc3 = by_id(summary_context(plan, "2006-H1", AS_OF)["ppcs"])["ppc-3"]
    assert [m["id"] for m in ppc3["in_progress"]] == ["ppc3-training"]
    assert ppc3["overdue"] == []  # its window ends on the as-of day
    assert [m["id"] for m in ppc3["postponed"]] == ["ppc3-review"]
    review = ppc3["postponed"][0]["postponed"]
    assert review["reason"] == "The survey team was not funded."
    assert review["slip_days"] == 184
    assert ppc3["cancelled"] == []  # decided in 2005-H2, not in this period
    earlier = by_id(summary_context(plan, "2005-H2", date(2005, 12, 31))["ppcs"])["ppc-3"]
    assert [m["id"] for m in earlier["cancelled"]] == ["ppc3-visit"]


def test_indicator_values_this_period_against_the_previous(plan: Plan) -> None:
    ppc3 = by_id(summary_context(plan, "2006-H1", AS_OF)["ppcs"])["ppc-3"]
    (workers,) = ppc3["indicators"]
    assert workers["latest"] == {"period": "2006-H1", "value": 25}
    assert workers["in_period"] is True
    assert workers["previous"] == {"period": "2005-H2", "value": 10}
    assert workers["target"] == 40


def test_facts_come_from_the_query_layer(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports never judge status themselves: change the query layer's answer and the report
    follows (so new status rules reach reports without touching them)."""
    original = MilestoneRef.of

    def everything_done(item: Any, as_of: date, state: Any = None) -> MilestoneRef:
        return replace(original(item, as_of, state), status="done", overdue=False)

    monkeypatch.setattr(MilestoneRef, "of", everything_done)
    context = summary_context(plan, "2006-H1", AS_OF)
    annex = by_id(context["annex"])
    assert {m["status"] for m in annex.values()} == {"done"}
    assert all(not p["overdue"] for p in context["ppcs"])


def test_an_unreadable_period_is_a_usage_error_and_one_outside_the_plan_names_nothing(
    plan: Plan,
) -> None:
    with pytest.raises(UsageError, match="--period: '2006-H3' is not a period"):
        summary_context(plan, "2006-H3", AS_OF)
    with pytest.raises(NotFound, match=r"unknown period '2009-H1'.*2005-H1 to 2007-H2"):
        summary_context(plan, "2009-H1", AS_OF)


def test_an_unknown_ppc_names_the_closest(plan: Plan) -> None:
    with pytest.raises(NotFound, match="unknown PPC 'ppc-33'; did you mean 'ppc-3'"):
        ppc_context(plan, "ppc-33", None, AS_OF)


def test_the_ppc_report_groups_indicators_under_expected_results(plan: Plan) -> None:
    context = ppc_context(plan, "ppc-3", None, date(2007, 12, 31))
    assert context["ppc"]["objective"] == "Support victims."
    assert context["expected_results"] == []
    assert [i["id"] for i in context["other_indicators"]] == ["ppc3-workers-trained"]
    phases = {group["phase"]: group["milestones"] for group in context["milestones_by_phase"]}
    assert [m["id"] for m in phases["preparation"]] == ["ppc3-guidelines"]
    assert context["updates"] == []
    assert context["review"] == {
        "obstacles": [],
        "failures": [],
        "lessons": [],
        "recommendations": [],
    }


def test_the_final_report_states_its_rule_and_lists_failures(plan: Plan) -> None:
    context = final_context(plan, date(2007, 12, 31))
    assert context["overview"]["verdict_rule"] == verdict_rule()
    ppc3 = by_id(context["progress"])["ppc-3"]
    (workers,) = ppc3["indicators"]
    assert workers["verdict"] == "met"  # 45 in 2007-H1 against 40
    assert workers["figure"] == {
        "rule": "last",
        "label": "latest",
        "value": 45,
        "percent_of_target": 112.5,
    }
    failures = by_id(context["failures"])["ppc-3"]
    assert [m["id"] for m in failures["cancelled"]] == ["ppc3-visit"]
    assert "ppc3-guidelines" not in {m["id"] for m in failures["not_done"]["milestones"]}
    assert [m["id"] for m in context["evaluation"]["milestones"]] == []


@pytest.mark.parametrize(
    ("target", "value", "verdict", "met"),
    [
        (40.0, 45.0, Verdict.met, True),
        (40.0, 20.0, Verdict.partly_met, False),
        (40.0, 0.0, Verdict.not_met, False),
        (40.0, None, Verdict.no_value, None),  # a target but no value yet
        (None, 45.0, Verdict.no_target, None),
    ],
)
def test_an_indicator_in_a_report_carries_the_query_layers_verdict_and_figure(
    target: float | None, value: float | None, verdict: Verdict, met: bool | None
) -> None:
    row = IndicatorRow(
        id="i",
        ppc="p",
        title="t",
        unit="u",
        baseline=0.0,
        target=target,
        target_max=None,
        latest_period=None if value is None else "2006-H1",
        latest_value=value,
        order=1,
        rule="sum",
        cumulative=value,
        verdict=core_verdict(value, 0.0, target),
    )
    entry = indicator_json(row)
    assert (entry["verdict"], entry["met"]) == (verdict.value, met)
    assert entry["verdict_label"] == wording.verdict(verdict)  # never the code
    assert entry["figure"]["label"] == "cumulative"
    assert entry["figure"]["value"] == (None if value is None else int(value))


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/r.pdf", "https://example.org/r.pdf"),
        ("HTTP://example.org/r", "HTTP://example.org/r"),
        ("reports/r 1.pdf", None),
        ("reports/r.pdf", "reports/r.pdf"),
        ("../r.pdf", "../r.pdf"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("//evil.example/x", None),
        ("\\\\evil\\x", None),
        ("https://", None),
        ("mailto:a@b", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_and_relative_links_are_emitted(url: str | None, href: str | None) -> None:
    assert safe_href(url) == href


def test_each_report_indexes_its_plan_once(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """The facts, the status and the indicator rows of a report share one index."""
    built = []
    original = PlanIndex.__init__

    def counted(self: PlanIndex, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(PlanIndex, "__init__", counted)
    builders: tuple[Callable[[], dict[str, Any]], ...] = (
        lambda: summary_context(plan, "2006-H1", AS_OF),
        lambda: ppc_context(plan, "ppc-3", "2006-H1", AS_OF),
        lambda: final_context(plan, date(2007, 12, 31)),
    )
    for build in builders:
        built.clear()
        build()
        assert len(built) == 1
