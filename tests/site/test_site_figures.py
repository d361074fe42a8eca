"""The home page says what `commit status --json` says for the same day, read back from the
rendered HTML: every figure the page marks (`data-figure`), the PPC table row by row, the
overdue and due lists, the indicators."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from site_helpers import build, parse, run

from commit_cli import wording


def mismatches(
    status: dict[str, Any], home: str, words: wording.Wording = wording.ENGLISH
) -> list[str]:
    """Every figure of `status` (status --json) the home page shows otherwise (its numbers
    as `words`'s language words them)."""
    shown = words.number
    parsed = parse(home)
    found: list[str] = []

    def same(key: str, text: object, value: object) -> None:
        if text != value:
            found.append(f"{key}: page {text!r}, status {value!r}")

    overall = {key: text for row, key, text in parsed.figures if not row}
    totals = status["milestones"]
    for key in ("total", "done", "in_progress", "overdue", "postponed", "cancelled"):
        same(key, overall.get(f"milestones.{key}"), shown(totals[key]))
    if status["period"]["position"] == "after":
        same("no_outcome", overall.get("milestones.no_outcome"), shown(totals["no_outcome"]))
    elapsed = words.percent(status["period"]["elapsed"] * 100)
    same("elapsed", overall.get("period.elapsed"), elapsed)
    same("overdue", overall.get("overdue.count"), shown(len(status["overdue"])))
    same("due", overall.get("due_next.count"), shown(len(status["due_next"]["milestones"])))
    rows: dict[str, dict[str, str]] = {}
    for row, key, text in parsed.figures:
        if row:
            rows.setdefault(row, {})[key] = text
    same("PPC rows", list(rows), [ppc["id"] for ppc in status["ppcs"]])
    for ppc in status["ppcs"]:
        for key, text in rows.get(ppc["id"], {}).items():
            same(f"{ppc['id']} {key}", text, shown(ppc["milestones"][key]))
    for ref in status["overdue"][:100]:
        if f'href="milestone/{ref["id"]}.html"' not in home:
            found.append(f"overdue {ref['id']} not listed")
    for indicator in status["indicators"]:
        if f'data-indicator="{indicator["id"]}"' not in home:
            found.append(f"indicator {indicator['id']} not listed")
    return found


def check_home(plan: Path, out: Path, day: str) -> dict[str, Any]:
    build(plan, out, "--as-of", day)
    status: dict[str, Any] = json.loads(
        run("status", "--plan", str(plan), "--as-of", day, "--json")
    )
    assert mismatches(status, (out / "index.html").read_text("utf-8")) == []
    return status


@pytest.mark.parametrize("day", ["2004-12-01", "2006-06-30", "2007-06-30", "2008-03-01"])
def test_the_bundled_home_page_has_status_figures(tmp_path: Path, day: str) -> None:
    check_home(REPO / "plan", tmp_path / "site", day)


def test_the_demo_home_page_has_status_figures(
    demo_at_period: Callable[[str], Path], tmp_path: Path
) -> None:
    """Done, overdue, postponed and cancelled milestones and indicator values: a plan with
    a history, where every figure differs from zero."""
    plan = demo_at_period("2007-H1") / "plan"
    status = check_home(plan, tmp_path / "site", "2007-06-30")
    totals = status["milestones"]
    for key in ("done", "overdue", "postponed", "cancelled"):
        assert totals[key], key
    assert any(row["latest"] for row in status["indicators"])


def test_a_wrong_figure_is_caught(tmp_path: Path) -> None:
    """The check reads the page: a page whose figure differs from status fails it."""
    status = check_home(REPO / "plan", tmp_path / "site", "2007-06-30")
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    changed = home.replace(
        'data-figure="milestones.total">174<', 'data-figure="milestones.total">175<'
    )
    assert changed != home
    assert mismatches(status, changed) == ["total: page '175', status '174'"]
    row = home.replace(
        '<td class="n" data-figure="overdue">6<', '<td class="n" data-figure="overdue">5<'
    )
    assert row != home
    assert mismatches(status, row) == ["pp-12 overdue: page '5', status '6'"]
