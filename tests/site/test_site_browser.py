"""The site in a real browser (headless Chromium, driven as tests/reports/test_browser.py
drives it): the home page, one page of each kind and the search, at desktop and phone
widths, from file:// and from Python's http.server on 127.0.0.1. No console message (no
blocked request, no script error), the key figures visible, search finds a milestone by a
word of its title, and a screenshot of each is kept in the test's tmp folder.

Skipped, with the reason shown, only when no Chromium can be had.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from site_helpers import build, run, visible_text

from commit_cli.reports.pdf import browser_command, find_browser, run_browser

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        find_browser() is None,
        reason="no headless Chromium here (apt-get install chromium; .ci/run does when it can)",
    ),
]
CONSOLE = re.compile(r":CONSOLE(?::\d+)?\]")
WIDTHS = {"desktop": "1280,1600", "phone": "390,1600"}
DAY = "2007-06-30"


def browse(url: str, folder: Path, *arguments: str, loopback: bool = False) -> tuple[str, str]:
    """Open `url` once: (stdout, the console lines). With `loopback`, 127.0.0.1 is reached
    directly (the reports' flags send every request to a dead proxy)."""
    browser = find_browser()
    assert browser is not None
    command = browser_command(
        browser,
        folder / "profile",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
        *arguments,
        url,
    )
    if loopback:
        command = [part for part in command if not part.startswith(("--proxy-", "--host-resolver"))]
    done = run_browser(command, folder)
    console = "\n".join(line for line in done.stderr.splitlines() if CONSOLE.search(line))
    return done.stdout, console


@pytest.fixture(scope="module")
def site(demo_at_period: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    build(demo_at_period("2007-H1") / "plan", root / "public", "--as-of", DAY)
    return root / "public"


@pytest.fixture(scope="module")
def status(demo_at_period: Callable[[str], Path]) -> dict[str, object]:
    plan = demo_at_period("2007-H1") / "plan"
    found: dict[str, object] = json.loads(
        run("status", "--plan", str(plan), "--as-of", DAY, "--json")
    )
    return found


def kinds(site: Path) -> dict[str, str]:
    """One page of each kind, by kind."""
    return {
        "home": "index.html",
        "ppc": "ppc/ppc-6.html",
        "milestone": next(
            f"milestone/{p.name}" for p in sorted((site / "milestone").iterdir())
            if "Met " in p.read_text("utf-8") or "done" in p.read_text("utf-8")
        ),
        "indicator": next(
            f"indicator/{p.name}" for p in sorted((site / "indicator").iterdir())
            if "<svg class=\"chart\"" in p.read_text("utf-8")
        ),
        "country": "country/KH.html",
        "period": "period/2007-H1.html",
        "a-z": "a-z.html",
        "search": "search.html",
    }  # fmt: skip


def figures(site: Path, name: str, status: dict[str, object]) -> list[str]:
    """Text the page must show: its title, and on the home page the status figures."""
    html = (site / name).read_text("utf-8")
    title = re.search(r"<h1>(.*?)</h1>", html)
    assert title is not None
    found = [re.sub(r"&#34;", '"', title.group(1)).replace("&amp;", "&")]
    if name == "index.html":
        totals = status["milestones"]
        assert isinstance(totals, dict)
        found += [f"{totals['done']} of {totals['total']}", "Overdue (", "Indicators against"]
    return found


@pytest.mark.parametrize("width", list(WIDTHS))
def test_each_kind_of_page_from_disk(
    site: Path, status: dict[str, object], width: str, tmp_path: Path
) -> None:
    for kind, name in kinds(site).items():
        dom, console = browse((site / name).as_uri(), tmp_path, "--dump-dom")
        assert console == "", (kind, console)
        text = " ".join(visible_text(dom).split())
        for figure in figures(site, name, status):
            assert figure in text, (kind, figure)
        shot = tmp_path / f"{kind}-{width}.png"
        _, console = browse(
            (site / name).as_uri(), tmp_path, f"--window-size={WIDTHS[width]}",
            f"--screenshot={shot}",
        )  # fmt: skip
        assert console == "", (kind, console)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 10_000, kind


def search_results(dom: str) -> list[str]:
    found = re.search(r'<ul id="results">(.*?)</ul>', dom, re.DOTALL)
    assert found is not None
    return re.findall(r'<a href="([^"]+)">', found.group(1))


def word_of_a_title(site: Path) -> tuple[str, str]:
    """A word that a milestone's title holds and few other titles do, and that milestone."""
    index = json.loads((site / "search-index.js").read_text().split("=", 1)[1].rstrip(";\n"))
    milestones = [(title, href) for title, kind, href in index if kind == "milestone"]
    words: dict[str, int] = {}
    for title, _, _ in index:
        for word in set(re.findall(r"[a-z]{6,}", title.lower())):
            words[word] = words.get(word, 0) + 1
    title, href = milestones[len(milestones) // 2]
    word = min(re.findall(r"[a-z]{6,}", title.lower()), key=lambda w: (words[w], w))
    return word, href


@pytest.mark.parametrize("width", list(WIDTHS))
def test_search_finds_a_milestone_by_a_word_of_its_title(
    site: Path, width: str, tmp_path: Path
) -> None:
    word, href = word_of_a_title(site)
    url = (site / "search.html").as_uri() + f"?q={word.upper()}"
    dom, console = browse(url, tmp_path, f"--window-size={WIDTHS[width]}", "--dump-dom")
    assert console == ""
    assert href in search_results(dom)
    assert "found" in visible_text(dom)
    _, console = browse(url, tmp_path, f"--window-size={WIDTHS[width]}",
                        f"--screenshot={tmp_path / f'search-{width}.png'}")  # fmt: skip
    assert console == ""
    nothing, _ = browse((site / "search.html").as_uri() + "?q=zzzqqq", tmp_path, "--dump-dom")
    assert search_results(nothing) == []
    assert "Nothing found." in nothing


def test_without_javascript_search_points_to_the_a_to_z_page(site: Path) -> None:
    """What a browser without JavaScript shows is the page as written: the search page's
    line points to the A-Z page, which has no script and links every page."""
    search = (site / "search.html").read_text("utf-8")
    assert '<ul id="results"></ul>' in search
    assert '<a href="a-z.html">everything is listed A to Z</a>' in search
    az = (site / "a-z.html").read_text("utf-8")
    assert "<script" not in az
    for kind in ("ppc", "milestone", "indicator", "country", "period"):
        assert az.count(f'href="{kind}/') == len(list((site / kind).iterdir())), kind


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_site_served_by_http_server(site: Path, served: str, tmp_path: Path) -> None:
    word, href = word_of_a_title(site)
    for name in kinds(site).values():
        dom, console = browse(served + name, tmp_path, "--dump-dom", loopback=True)
        assert console == "", (name, console)
        assert "As known on 2007-06-30" in visible_text(dom).replace("\n", " "), name
    dom, console = browse(served + f"search.html?q={word}", tmp_path, "--dump-dom", loopback=True)
    assert console == ""
    assert href in search_results(dom)


def test_search_speaks_the_page_s_language(
    site: Path, demo_at_period: Callable[[str], Path], tmp_path: Path
) -> None:
    """In Thai, the script shows the words the page gives it, with the count in Thai's
    digits and separators, and no console message."""
    thai = tmp_path / "th"
    build(demo_at_period("2007-H1") / "plan", thai, "--as-of", DAY, "--lang", "th")
    word, href = word_of_a_title(site)
    dom, console = browse((thai / "search.html").as_uri() + f"?q={word}", tmp_path, "--dump-dom")
    assert console == ""
    assert href in search_results(dom)
    summary = re.search(r'<p id="summary"[^>]*>([^<]*)</p>', dom)
    assert summary is not None
    assert re.fullmatch(r"พบ \d+ หน้า", summary.group(1))
    nothing, _ = browse((thai / "search.html").as_uri() + "?q=zzzqqq", tmp_path, "--dump-dom")
    assert ">ไม่พบรายการ</p>" in nothing
