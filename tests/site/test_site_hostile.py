"""Hostile plan text through every kind of page: script tags, markup that closes an
attribute, template syntax, a `javascript:` report link and bidi overrides, recorded with
the editing commands into every field a page shows (titles, objective, notes and their
authors, outcome, update, review, a country's name). Each page shows the text, escaped:
no element, attribute, link or template expression comes of it, and no override reaches
the page raw."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from site_helpers import build, parse, runner

from commit_cli.cli.app import app

HOSTILE = (
    '<script>alert(1)</script> {{ 7*7 }} {% raw %} "><img src=x onerror=alert(2)>'
    " \u202eevil\u202c javascript:alert(4)"
)
MILESTONE = "ppc1-needs-assessments"
INDICATOR = "ppc1-ind-needs-assessments"
PAGES = [
    "index.html",
    "a-z.html",
    "search.html",
    "ppc/ppc-1.html",
    f"milestone/{MILESTONE}.html",
    f"indicator/{INDICATOR}.html",
    "country/KH.html",
    "period/2006-H1.html",
]


def commit_all(folder: Path, day: str) -> None:
    """Commit the folder's files on `day`, by an author whose name is hostile too (git keeps
    no `<` or `>` in a name)."""
    stamp = f"{day}T12:00:00+00:00"
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "PATH": "/usr/bin:/bin"}
    git = ["git", "-C", str(folder), "-c", "user.name=\u202eevil {{ 7*7 }}"]
    git += ["-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", HOSTILE], check=True, env=env)


def edit(plan: Path, *args: str) -> None:
    result = runner.invoke(app, [*args, "--plan", str(plan)])
    assert result.exit_code == 0, (args, result.output)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    plan = root / "plan"
    shutil.copytree(REPO / "plan", plan)
    subprocess.run(["git", "-C", str(root), "init", "-q", "-b", "main"], check=True)
    commit_all(root, "2005-01-10")
    edit(plan, "set", MILESTONE, "title", HOSTILE)
    edit(plan, "note", MILESTONE, HOSTILE, "--on", "2006-03-01", "--by", HOSTILE)
    edit(plan, "done", MILESTONE, "--on", "2006-03-02", "--outcome", HOSTILE)
    edit(plan, "set", MILESTONE, "report", "javascript:alert(3)")
    edit(plan, "set", "ppc-1", "short_title", HOSTILE)
    edit(plan, "set", "ppc-1", "objective", HOSTILE)
    edit(plan, "set", INDICATOR, "title", HOSTILE)
    edit(plan, "record", INDICATOR, "5", "--period", "2006-H1", "--country", "KH")
    edit(plan, "update", "ppc-1", "--period", "2006-H1", "--progress", HOSTILE)
    edit(plan, "review", "ppc-1", "--lesson", HOSTILE)
    header = plan / "plan.yaml"
    text = header.read_text("utf-8")
    assert "    name: Cambodia\n" in text
    header.write_text(
        text.replace("    name: Cambodia\n", "    name: '<b>Cambodia</b> \\u202e'\n", 1), "utf-8"
    )
    commit_all(root, "2006-06-15")  # the period page of 2006-H1 words these changes
    build(plan, root / "site", "--as-of", "2007-06-30")
    return root / "site"


@pytest.fixture(scope="module")
def thai_site(site: Path) -> Path:
    """The same plan's site in Thai: plan text also arrives in translated sentences."""
    build(site.parent / "plan", site.parent / "site-th", "--as-of", "2007-06-30", "--lang", "th")
    return site.parent / "site-th"


@pytest.mark.parametrize("name", PAGES)
def test_hostile_text_is_inert_on_every_kind_of_page(site: Path, name: str) -> None:
    inert((site / name).read_text("utf-8"), name)


@pytest.mark.parametrize("name", PAGES)
def test_hostile_text_is_inert_on_every_kind_of_translated_page(thai_site: Path, name: str) -> None:
    html = (thai_site / name).read_text("utf-8")
    assert '<html lang="th">' in html
    inert(html, name)


def inert(html: str, name: str) -> None:
    parsed = parse(html)
    scripts = [tag.get("src") for tag in parsed.scripts]
    assert scripts == (["search-index.js", "search.js"] if name == "search.html" else [])
    assert "img" not in parsed.tags
    assert "<b>Cambodia" not in html
    assert not [name for name in parsed.attributes if name.startswith("on")]
    assert all(not value.lower().startswith("javascript") for _, _, value in parsed.links)
    assert "\u202e" not in html
    assert "49" not in re.findall(r"(?<![\w.])49(?![\w.])", html)
    if name not in ("search.html",):
        assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
        assert "\\u202eevil\\u202c" in html


def test_the_search_index_keeps_titles_as_data(site: Path) -> None:
    index = (site / "search-index.js").read_text("ascii")
    assert index.startswith("window.commitSearch = [")
    assert "\\u202e" not in index.replace("\\\\u202e", "")  # shown as an escape, not the character
    assert '<script>alert(1)</script> {{ 7*7 }} {% raw %} \\"><img' in index


def test_a_report_link_that_is_not_the_web_is_text(site: Path) -> None:
    html = (site / f"milestone/{MILESTONE}.html").read_text("utf-8")
    assert "<td>javascript:alert(3)</td>" in html


def test_the_record_of_changes_keeps_plan_text_as_data(site: Path) -> None:
    page = (site / "period" / "2006-H1.html").read_text("utf-8")
    start = page.index('<section aria-labelledby="changes">')
    record = page[start : page.index("</section>", start)]
    assert "Recorded on" in record
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in record
    assert "\\u202eevil" in record
    assert "\u202e" not in record


def test_the_sites_row_filters_are_bounded_as_every_filter_is() -> None:
    """The row filters print plan text themselves: on the site, as in a report, what they
    make is checked against the sandbox's limits (a title past them is refused, not
    printed) and their plan text is shown before it is escaped."""
    from commit_cli.reports.limits import MAX_TEXT, TemplateLimit
    from commit_cli.reports.templates import TemplateFolder, default_templates_dir
    from commit_cli.site.render import PageRenderer

    shipped = TemplateFolder(default_templates_dir(), "default", "templates")
    renderer = PageRenderer([shipped])
    page = renderer.env.from_string("{{ row|gantt_row }}")
    row = {
        "ppc_label": "PPC 1",
        "title": "\u202eevil",
        "short_label": "\u202eevil",
        "status": "planned",
        "done": False,
        "in_progress": False,
        "overdue": False,
        "svg_text_y": 10,
        "bars": [],
    }
    shown = page.render(row=row)
    assert "\u202e" not in shown
    assert "\\u202e" in shown
    with pytest.raises(TemplateLimit):
        page.render(row={**row, "short_label": "x" * (MAX_TEXT + 1)})
