"""A reporting period's page says what changed in the plan during the period, as the summary
report's record of changes says it (from the plan's git history), says plainly when there is
no history to read, and links the period's rendered reports published with the site (in
`reports/`), once the period has ended on the site's day."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from conftest import REPO
from crawl import problems
from site_helpers import build, run


def section(page: str, ident: str) -> str:
    """The text of a page's section (`<section aria-labelledby=ident>`), tags removed."""
    start = page.index(f'<section aria-labelledby="{ident}">')
    end = page.index("</section>", start)
    return html.unescape(re.sub(r"<[^>]+>", "", page[start:end]))


def test_a_period_says_what_changed_as_the_summary_report_does(
    demo_repo: Path, tmp_path: Path
) -> None:
    plan = demo_repo / "plan"
    build(plan, tmp_path, "--as-of", "2006-12-31")
    text = run("report", "summary", "--period", "2006-H1", "--plan", str(plan), "-f", "json")
    commits = json.loads(text)["changes"]["commits"]
    assert commits  # the demo records work in 2006-H1
    changed = section((tmp_path / "period" / "2006-H1.html").read_text("utf-8"), "changes")
    for commit in commits:
        assert f"Recorded on {commit['date']}" in changed or commit["date"] is None
        assert commit["ref"] in changed
        for entry in commit["entries"]:
            assert entry in changed
    later = section((tmp_path / "period" / "2007-H1.html").read_text("utf-8"), "changes")
    assert "No change to the plan was recorded in 2007-H1." in later


def test_a_period_under_way_says_what_changed_up_to_the_day(
    demo_repo: Path, tmp_path: Path
) -> None:
    build(demo_repo / "plan", tmp_path, "--as-of", "2006-06-15")
    changed = section((tmp_path / "period" / "2006-H1.html").read_text("utf-8"), "changes")
    # the demo commits each period's work on its last days: none by the 15th of June
    assert "No change to the plan was recorded in 2006-H1 up to" in changed
    earlier = section((tmp_path / "period" / "2005-H2.html").read_text("utf-8"), "changes")
    assert "Recorded on 2005-" in earlier


def test_without_history_the_page_says_so(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(REPO / "plan", plan)  # a copy outside any git repository
    build(plan, tmp_path / "site", "--as-of", "2007-06-30")
    changed = section((tmp_path / "site" / "period" / "2006-H1.html").read_text("utf-8"), "changes")
    assert "Not available: the plan's history could not be read" in changed


def test_a_period_links_its_reports_and_every_link_resolves(
    demo_repo: Path, tmp_path: Path
) -> None:
    plan = str(demo_repo / "plan")
    reports = f"{tmp_path / 'reports'}/"
    (tmp_path / "reports").mkdir()
    run(
        "report",
        "summary",
        "--period",
        "2006-H1",
        "--plan",
        plan,
        "-f",
        "html",
        "-f",
        "md",
        "-o",
        reports,
    )
    run("report", "ppc", "ppc-1", "--period", "2006-H1", "--plan", plan, "-f", "md", "-o", reports)
    (tmp_path / "reports" / "notes.txt").write_text("not a report", "utf-8")
    build(demo_repo / "plan", tmp_path, "--as-of", "2006-12-31")
    page = (tmp_path / "period" / "2006-H1.html").read_text("utf-8")
    for name in ("summary-2006-H1.html", "summary-2006-H1.md", "ppc-1-2006-H1.md"):
        assert f'href="../reports/{name}"' in page
    assert "notes.txt" not in page
    (tmp_path / "reports" / "notes.txt").unlink()
    assert problems(tmp_path) == []
    other = section((tmp_path / "period" / "2006-H2.html").read_text("utf-8"), "reports")
    assert "No report on 2006-H2 has been published with this site." in other
    # the reports are the publisher's: a build leaves them where they are
    build(demo_repo / "plan", tmp_path, "--as-of", "2006-12-31", "--incremental")
    assert (tmp_path / "reports" / "summary-2006-H1.html").is_file()


def test_a_report_on_a_period_not_ended_on_the_day_is_not_linked(
    demo_repo: Path, tmp_path: Path
) -> None:
    plan = str(demo_repo / "plan")
    (tmp_path / "reports").mkdir()
    run(
        "report",
        "summary",
        "--period",
        "2006-H2",
        "--plan",
        plan,
        "-f",
        "md",
        "-o",
        f"{tmp_path}/reports/",
    )
    build(demo_repo / "plan", tmp_path, "--as-of", "2006-09-30")
    page = (tmp_path / "period" / "2006-H2.html").read_text("utf-8")
    assert "summary-2006-H2" not in page
    assert "The reports on 2006-H2 come after it ends." in section(page, "reports")
