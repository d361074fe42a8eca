"""The pictures of the HTML reports (issue 24): each indicator's figure as a bar against its
target, in its row of the indicator table, and the participation table shaded by level. A
picture says what the report's own tables say, on the same day; its text alternative holds
the same figures; plan text in it stays text; its colours are readable."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import EVALUATION, HEADER, PPC_1, PPC_2, write_plan
from hypothesis import example, given
from hypothesis import strategies as st
from picture_checks import assert_drawn_in_proportion
from test_contrast import AA_SMALL_TEXT, _colour, _css, _declarations, _rules, contrast_ratio

from commit_cli.core.model import Plan
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.reports.context import final_context, ppc_context, summary_context
from commit_cli.reports.context.pictures import (
    LEVELS,
    bands,
    level,
    target_bar,
)
from commit_cli.reports.render import render
from commit_cli.reports.templates import template_folders
from commit_cli.wording import language

AS_OF = date(2006, 6, 30)
HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> {{ 7*7 }} & co'
WORDS = language.Wording()


def contexts(plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("summary", summary_context(plan, "2006-H1", AS_OF)),
        ("ppc", ppc_context(plan, "ppc-1", None, AS_OF)),
        ("final", final_context(plan, date(2007, 12, 31))),
    ]


def indicators_of(kind: str, context: dict[str, Any]) -> list[dict[str, Any]]:
    """The indicators a report lists in its own tables, in its order."""
    if kind == "summary":
        return [i for p in context["ppcs"] for i in p["indicators"]]
    if kind == "final":
        return [i for p in context["progress"] for i in p["indicators"]]
    listed = [i for r in context["expected_results"] for i in r["indicators"]]
    others: list[dict[str, Any]] = context["other_indicators"]
    return listed + others


@pytest.mark.parametrize("kind", ["summary", "ppc", "final"])
def test_each_bar_draws_the_figure_and_target_of_its_table_row(plan: Plan, kind: str) -> None:
    indicators = indicators_of(kind, dict(contexts(plan))[kind])
    assert indicators
    for indicator in indicators:
        bar, figure = indicator["bar"], indicator["figure"]
        if figure["value"] is None or indicator["target"] is None:
            assert bar is None
            continue
        assert bar["value"] == figure["value"]
        assert (bar["target"], bar["target_max"]) == (
            indicator["target"],
            indicator["target_max"],
        )
        assert bar["percent_of_target"] == figure["percent_of_target"]
        assert_drawn_in_proportion(bar)


@given(
    value=st.integers(-100, 10**6) | st.floats(-10.0, 1e6),
    target=st.integers(-100, 10**6) | st.floats(-10.0, 1e6),
    above=st.none() | st.integers(0, 10**6),
)
@example(value=0, target=1.401298464324817e-45, above=1)  # short by less than 0.01 units
@example(value=-1e-9, target=0, above=None)
def test_any_figure_and_target_are_drawn_in_proportion(
    value: float, target: float, above: int | None
) -> None:
    indicator: dict[str, Any] = {
        "title": "An indicator",
        "target": target,
        "target_max": None if above is None else target + above,
        "figure": {"value": value, "label": "cumulative", "percent_of_target": None},
    }
    bar = target_bar(indicator)
    assert bar is not None
    assert_drawn_in_proportion(bar)
    assert target_bar({**indicator, "target": None}) is None
    assert target_bar({**indicator, "figure": {**indicator["figure"], "value": None}}) is None


@given(top=st.integers(0, 5000), data=st.data())
def test_every_count_falls_in_the_band_of_its_level(top: int, data: st.DataObject) -> None:
    count = data.draw(st.integers(0, top))
    found = bands(top)
    shade = level(count, top)
    (band,) = [b for b in found if b["level"] == shade]
    assert band["low"] <= count <= band["high"]
    # the bands do not overlap and leave no count out, from none to the largest
    covered = [n for b in found for n in range(b["low"], b["high"] + 1)]
    assert covered == list(range(top + 1))
    assert 0 <= shade <= LEVELS
    assert (shade == 0) == (count == 0)


@given(top=st.integers(1, 5000), data=st.data())
def test_a_bigger_count_is_never_a_lighter_shade(top: int, data: st.DataObject) -> None:
    low = data.draw(st.integers(0, top))
    high = data.draw(st.integers(low, top))
    assert level(low, top) <= level(high, top)
    assert level(top, top) == LEVELS


def test_the_heat_table_holds_the_participation_tables_counts(tmp_path: Path) -> None:
    context = summary_context(attended_plan(tmp_path, "Plain words"), "2006-H1", AS_OF)
    heat, table = context["pictures"]["participation"], context["participation"]
    assert table["rows"], "the test plan records attendance by country in 2006-H1"
    for shaded, row in zip(heat["rows"], table["rows"], strict=True):
        assert [cell["count"] for cell in shaded["cells"]] == row["cells"]
        assert shaded["unassigned"]["count"] == row["unassigned"]
        assert shaded["total"] == row["total"]
    assert (heat["totals"], heat["total"]) == (table["totals"], table["total"])


def _cell_colours() -> list[tuple[str, str, str]]:
    rules = _rules(_css())
    variables = _declarations(rules, ":root")
    found = []
    for shade in range(LEVELS + 1):
        own = _declarations(rules, f".heat{shade}")
        text, background = own["color"], own["background"]
        found.append((f".heat{shade}", _colour(text, variables), _colour(background, variables)))
    return found


@pytest.mark.parametrize(("selector", "text", "background"), _cell_colours())
def test_every_shade_keeps_its_number_readable(selector: str, text: str, background: str) -> None:
    ratio = contrast_ratio(text, background)
    assert ratio >= AA_SMALL_TEXT, f"{selector}: #{text} on #{background} is {ratio:.2f}:1"


def _attribute_values(page: str, name: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(rf'{name}="([^"]*)"', page)]


@pytest.mark.parametrize("kind", ["summary", "ppc", "final"])
def test_each_bar_is_named_by_the_figures_it_draws(tmp_path: Path, kind: str) -> None:
    context = dict(contexts(attended_plan(tmp_path, "Seminars held")))[kind]
    page = render(template_folders(None, None), kind, "html", context)
    names = re.findall(r'<svg class="bar target-bar"[^>]*aria-label="([^"]*)"', page)
    drawn = [i for i in indicators_of(kind, context) if i["bar"] is not None]
    assert len(names) == len(drawn) > 0
    for name, indicator in zip(names, drawn, strict=True):
        bar = indicator["bar"]
        assert html.unescape(name) == (
            f"{indicator['title']}: {WORDS.number(bar['value'])} ({bar['rule_label']}) against"
            f" a target of {WORDS.number_range(bar['target'], bar['target_max'])}, "
            f"{WORDS.percent(bar['percent_of_target'])} of target"
        )


def attended_plan(tmp_path: Path, text: str) -> Plan:
    """The test plan with its seminar done in 2006-H1 with attendance by country, and `text`
    as a country's name, a PPC's short title and an indicator's title."""
    header = HEADER.replace("name: Cambodia", f"name: '{text}'")
    ppc = (
        PPC_1.replace("short_title: Information exchange", f"short_title: '{text}'")
        .replace("    title: Seminars held", f"    title: '{text}'")
        .replace(
            "    depends_on: [ppc1-assessment]\n",
            "    depends_on: [ppc1-assessment]\n    status: done\n"
            "    actual: {start: 2006-03-01, end: 2006-03-02}\n"
            "    attended: {total: 24, by_country: {KH: 10, TH: 9}}\n",
        )
        .replace(EVALUATION, "    values: {2006-H1: 1}\n" + EVALUATION)
    )
    result = load_plan(FolderSource(write_plan(tmp_path, header, {"ppc-01": ppc, "ppc-02": PPC_2})))
    assert result.plan is not None, [p.format() for p in result.problems]
    return result.plan


def test_plan_text_in_the_pictures_stays_text(tmp_path: Path) -> None:
    plan = attended_plan(tmp_path, HOSTILE)
    for kind, context in contexts(plan):
        page = render(template_folders(None, None), kind, "html", context)
        assert "<script" not in page.lower(), kind
        assert "<img" not in page.lower(), kind
        said = HOSTILE + ": 1 (latest) against a target of 1"
        assert any(said in label for label in _attribute_values(page, "aria-label")), kind
        if kind == "summary":
            heat = context["pictures"]["participation"]
            assert [c["count"] for c in heat["rows"][0]["cells"]] == [10, 9]
            assert HOSTILE in _attribute_values(page, "title")  # the country's name
