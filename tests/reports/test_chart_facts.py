"""A chart row says on hover what its bars only draw: the milestone's full title, its status,
and its planned and actual dates. In the final report no table lists them, so a chart
without them would lose facts the report used to carry (found by review of the smaller HTML
summary)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from test_golden import REPORTS, report


def test_every_charted_milestone_has_its_facts_in_the_final_report(demo_repo: Path) -> None:
    plan = demo_repo / "plan"
    data = json.loads(report(plan, REPORTS["final"], "json"))
    page = report(plan, REPORTS["final"], "html")
    charts = "".join(re.findall(r'<svg class="chart gantt".*?</svg>', page, re.DOTALL))
    tooltips = [
        html.unescape(found)
        for found in re.findall(r'<text y="[^"]*"><title>(.*?)</title>', charts, re.DOTALL)
    ]
    rows = [row for section in data["gantt"]["sections"] for row in section["rows"]]
    assert rows
    assert len(tooltips) == len(rows)
    for row, tooltip in zip(rows, tooltips, strict=True):
        assert tooltip.startswith(f"{row['title']} ("), (row["title"], tooltip)
        for bar in row["bars"]:
            assert bar["start"] in tooltip, (bar, tooltip)
            assert bar["end"] in tooltip, (bar, tooltip)
        kinds = [("planned" if bar["planned"] else "actual") for bar in row["bars"]]
        assert re.findall(r"; (planned|actual) ", tooltip) == kinds
