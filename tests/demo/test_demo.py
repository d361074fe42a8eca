"""`commit demo`: a valid, formatted, clearly labelled plan history, one commit per reporting
period dated inside it, the same bytes every time."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.core.periods import parse_period_label
from commit_cli.demo.history import NOTICE, make_demo
from commit_cli.demo.story import EVALUATION
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

runner = CliRunner()


def git(repo: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *arguments], capture_output=True, text=True, check=True
    ).stdout


def test_one_commit_per_reporting_period_dated_inside_it(demo_repo: Path) -> None:
    log = git(demo_repo, "log", "--reverse", "--format=%aI %cI %s").splitlines()
    assert len(log) == 7
    assert log[0].endswith("The plan as agreed, labelled as illustrative demo data")
    for line, label in zip(
        log[1:], ["2005-H1", "2005-H2", "2006-H1", "2006-H2", "2007-H1", "2007-H2"], strict=True
    ):
        authored, committed, subject = line.split(" ", 2)
        assert subject == f"{label}: progress recorded (fictional demo data)"
        period = parse_period_label(label, 6)
        for stamp in (authored, committed):
            assert period.contains(date.fromisoformat(stamp[:10]))


def test_each_period_commit_changes_only_ppc_files(demo_repo: Path) -> None:
    revisions = git(demo_repo, "log", "--format=%H").split()[:-1]
    for revision in revisions:
        changed = git(demo_repo, "show", "--format=", "--name-only", revision).split()
        assert changed
        # PPC files, and the decisions file in the periods of the meetings that took them
        assert all(
            re.fullmatch(r"plan/ppcs/pp[c]?-\d\d\.yaml", f) or f == "plan/decisions.yaml"
            for f in changed
        )


def test_the_plan_is_valid_formatted_and_says_it_is_illustrative(demo_repo: Path) -> None:
    strict = runner.invoke(app, ["validate", "--strict", "--plan", str(demo_repo / "plan")])
    assert strict.exit_code == 0, strict.output
    formatted = runner.invoke(app, ["fmt", "--check", "--plan", str(demo_repo / "plan")])
    assert formatted.exit_code == 0, formatted.output
    result = load_plan(FolderSource(demo_repo / "plan"))
    assert result.plan is not None
    plan = result.plan
    assert plan.notice == NOTICE
    milestones = [m for ppc in plan.ppcs for m in ppc.milestones]
    attended = [m.attended for m in milestones if m.attended]
    assert len(attended) > 20
    assert all(a.by_country and a.women is not None for a in attended)
    assert any(m.postponed and m.postponed.reason for m in milestones)
    assert any(m.cancelled and m.cancelled.reason for m in milestones)
    assert any(m.log for m in milestones)
    indicators = [i for ppc in plan.ppcs for i in ppc.indicators]
    assert any(isinstance(v, dict) for i in indicators for v in i.values.values())
    assert all(len(ppc.updates) >= 3 for ppc in plan.ppcs)
    assert all(ppc.review.lessons and ppc.review.recommendations for ppc in plan.ppcs)


@pytest.mark.parametrize(
    "arguments",
    [
        ["summary", "--period", "2006-H1"],
        ["summary", "--period", "2007-H2"],
        ["ppc", "ppc-4"],
        ["final"],
    ],
)
def test_every_report_says_on_its_first_line_that_the_data_is_illustrative(
    demo_repo: Path, arguments: list[str]
) -> None:
    plan = ["--plan", str(demo_repo / "plan")]
    markdown = runner.invoke(app, ["report", *arguments, *plan]).output
    assert markdown.splitlines()[0] == f"> **{NOTICE}**"
    html = runner.invoke(app, ["report", *arguments, "-f", "html", *plan]).output
    body = html.split("<main>\n", 1)[1]
    assert body.splitlines()[0] == f'<p class="notice" role="note">{NOTICE}</p>'
    context = runner.invoke(app, ["report", *arguments, "-f", "json", *plan]).output
    assert context.splitlines()[1] == f'  "notice": "{NOTICE}",'


@pytest.mark.slow
def test_the_demo_is_the_same_bytes_every_time(demo_repo: Path, tmp_path: Path) -> None:
    again = make_demo(tmp_path / "again")
    files = sorted(
        p.relative_to(demo_repo)
        for p in demo_repo.rglob("*")
        if ".git" not in p.parts and p.is_file()
    )
    assert files == sorted(
        p.relative_to(again.folder)
        for p in again.folder.rglob("*")
        if ".git" not in p.parts and p.is_file()
    )
    for name in files:
        assert (demo_repo / name).read_bytes() == (again.folder / name).read_bytes(), name
    assert git(demo_repo, "log", "--format=%H %T") == git(again.folder, "log", "--format=%H %T")


def test_pp12_s_annual_soms_and_task_forces_tell_a_believable_story(demo_repo: Path) -> None:
    result = load_plan(FolderSource(demo_repo / "plan"))
    assert result.plan is not None
    pp12 = next(ppc for ppc in result.plan.ppcs if ppc.label == "PP 12")
    milestones = {m.id: m for m in pp12.milestones}
    for year in (2005, 2006, 2007):
        som = milestones[f"pp12-annual-som-{year}"]
        assert som.status == "done"
        assert som.actual is not None
        assert som.actual.end is not None
        assert som.actual.end.year == year  # each annual SOM in its own year
    # SOM 3, held in 2005, was that year's annual SOM: one meeting, not two.
    assert milestones["pp12-annual-som-2005"].actual == milestones["pp12-som-3"].actual
    for code in ("kh", "cn", "la", "mm", "th", "vn"):
        kept = milestones[f"pp12-task-force-maintained-{code}"]
        assert kept.actual is not None
        assert kept.actual.start
        assert kept.actual.end
        # kept through the plan: from its first day to its last weeks
        assert kept.actual.start == result.plan.period.start
        assert kept.actual.end.year == 2007
        assert kept.actual.end.month == 12


def test_every_ppc_the_story_takes_up_gives_its_provisions_for_evaluation(
    demo_repo: Path,
) -> None:
    result = load_plan(FolderSource(demo_repo / "plan"))
    assert result.plan is not None
    for ppc in result.plan.ppcs:
        assert any(m.status in ("done", "in_progress") for m in ppc.milestones), ppc.label
        assert ppc.evaluation, ppc.label
    assert not [p for p in result.problems if p.code == "no-evaluation"]
    # The plan's own provisions are kept; the story adds its own only where the plan has none.
    bundled = load_plan(FolderSource(REPO / "plan")).plan
    assert bundled is not None
    for before, after in zip(bundled.ppcs, result.plan.ppcs, strict=True):
        assert after.evaluation == (before.evaluation or EVALUATION), after.label


def test_the_demo_keeps_the_secretariat_s_books(demo_repo: Path) -> None:
    """Funding and spending (exact decimals, USD), decisions of the pinned SOMs cited by the
    postponements they caused, and Myanmar's task force late for 2006-H1 (issue 27)."""
    import json
    from decimal import Decimal

    from commit_cli.demo.story import DECISIONS, LATE_COUNTRY

    result = load_plan(FolderSource(demo_repo / "plan"))
    assert result.plan is not None
    plan = result.plan
    entries = [entry for ppc in plan.ppcs for entry in ppc.funding]
    assert {str(entry.status) for entry in entries} >= {"pledged", "committed", "disbursed"}
    assert {entry.currency for entry in entries} == {"USD"}
    assert any(entry.amount == Decimal("75000.50") for entry in entries)
    assert sum(len(ppc.spending) for ppc in plan.ppcs) >= 5
    milestones = {m.id: m for ppc in plan.ppcs for m in ppc.milestones}
    assert [d.id for d in plan.decisions] == [ident for ident, *_ in DECISIONS]
    for ident, meeting, _, _, moved in DECISIONS:
        decision = next(d for d in plan.decisions if d.id == ident)
        held = milestones[meeting].actual
        assert held is not None
        assert decision.date == held.end
        postponed = milestones[moved].postponed
        assert postponed is not None
        assert postponed.decision == ident
        assert decision.date <= postponed.date
    funding = json.loads(
        runner.invoke(app, ["status", "--json", "--plan", str(demo_repo / "plan")]).output
    )["funding"]
    assert funding["totals"]["sought"]["USD"] != funding["totals"]["secured"]["USD"]
    late, period = LATE_COUNTRY
    owed = runner.invoke(
        app,
        ["due", "--period", period, "--by", "country", "--json", "--plan", str(demo_repo / "plan")],
    )
    assert owed.exit_code == 0, owed.output
    groups = [g for g in json.loads(owed.output)["groups"] if g["key"]]
    lowest = min(groups, key=lambda g: g["complete"])
    assert lowest["key"] == late
    assert all(g["complete"] > lowest["complete"] for g in groups if g is not lowest)
