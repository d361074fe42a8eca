"""Crawling the output folder (`crawl.problems`): every internal link resolves, nothing is
fetched from outside, every page is reached from the home page and leads back to it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import REPO
from crawl import problems
from site_helpers import build, pages


def test_the_bundled_site_links_resolve_and_stay_inside(tmp_path: Path) -> None:
    build(REPO / "plan", tmp_path, "--as-of", "2007-06-30")
    assert len(pages(tmp_path)) > 250
    assert problems(tmp_path) == []


def test_the_demo_site_links_resolve_and_stay_inside(
    demo_at_period: Callable[[str], Path], tmp_path: Path
) -> None:
    build(demo_at_period("2007-H2") / "plan", tmp_path, "--as-of", "2007-12-31")
    home = (tmp_path / "index.html").read_text("utf-8")
    assert 'href="data/plan.json"' in home
    assert 'href="data/calendar.ics"' in home
    assert problems(tmp_path) == []


def test_the_crawler_finds_what_it_is_there_to_find(tmp_path: Path) -> None:
    build(REPO / "plan", tmp_path, "--as-of", "2007-06-30")
    page = tmp_path / "ppc" / "ppc-1.html"
    text = page.read_text("utf-8")
    page.write_text(
        text.replace(
            "</main>",
            '<a href="../milestone/nothing.html">x</a><a href="../index.html#nowhere">y</a>'
            '<img src="https://example.org/x.png" alt=""><div style="background:url(x.png)"></div>'
            "<script>alert(1)</script></main>",
        ),
        "utf-8",
    )
    (tmp_path / "orphan.html").write_text("<p>alone</p>", "utf-8")
    found = problems(tmp_path)
    assert any("nothing.html" in line and "does not resolve" in line for line in found)
    assert any("#nowhere" in line for line in found)
    assert any("example.org" in line and "leaves the site" in line for line in found)
    assert any("CSS that fetches" in line for line in found)
    assert any("inline script" in line for line in found)
    assert "orphan.html: no page links to it" in found
    assert any(line.startswith("orphan.html: Content-Security-Policy") for line in found)
