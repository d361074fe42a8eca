"""A crawler over a built site folder: every internal link resolves (its file, and its
`#fragment` on that page), nothing is fetched from anywhere else, and every page is reached
from the home page and leads back to it. Files in `reports/` are the periods' rendered
reports published with the site, not its pages: they must be reached and fetch nothing from
outside, but they carry the reports' own policy, need not lead back home, and their links to
a milestone's report given as a path in the plan's repository are the report's own (they
lead into the plan's repository, not the site)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_helpers import Parsed, files, parse

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'self';"
    " base-uri 'none'; form-action 'none'"
)
REPORTS = "reports/"
FETCHING_CSS = re.compile(r"url\s*\(|@import", re.IGNORECASE)


def page_problems(name: str, page: Parsed) -> list[str]:
    """What is wrong with one page by itself: its policy, an inline script, CSS that
    fetches."""
    found = []
    policies = [
        meta.get("content")
        for meta in page.metas
        if meta.get("http-equiv") == "Content-Security-Policy"
    ]
    if policies != [CSP]:
        found.append(f"{name}: Content-Security-Policy {policies}")
    if page.inline_script:
        found.append(f"{name}: an inline script")
    for style in page.styles:
        if FETCHING_CSS.search(style):
            found.append(f"{name}: CSS that fetches: {style[:80]!r}")
    return found


def link_problem(
    name: str, link: tuple[str, str, str], everything: dict[str, bytes], parsed: dict[str, Parsed]
) -> tuple[str | None, str | None]:
    """(what is wrong with one link, None) or (None, the file it leads to)."""
    tag, attribute, value = link
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith(("/", "\\")):
        if tag == "a" and attribute == "href" and parts.scheme in ("http", "https"):
            return None, None  # a link the reader may follow (a milestone's report), not fetched
        return f"{name}: <{tag} {attribute}={value!r}> leaves the site", None
    target = name
    if parts.path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
    if target.startswith("../") or target not in everything:
        return f"{name}: <{tag} {attribute}={value!r}> does not resolve", None
    if parts.fragment and (target not in parsed or parts.fragment not in parsed[target].ids):
        return f"{name}: <{tag} {attribute}={value!r}>: no such #{parts.fragment}", None
    return None, target


def problems(root: Path) -> list[str]:
    """Every broken link, outside request, page without the policy and page not reached."""
    found: list[str] = []
    everything = files(root)
    parsed = {
        name: parse(data.decode("utf-8"))
        for name, data in everything.items()
        if name.endswith(".html")
    }
    links: dict[str, set[str]] = {name: set() for name in parsed}
    for name, page in parsed.items():
        document = name.startswith(REPORTS)
        if not document:
            found.extend(page_problems(name, page))
        for link in page.links:
            problem, target = link_problem(name, link, everything, parsed)
            if document and problem and "leaves the site" not in problem:
                continue
            if problem:
                found.append(problem)
            if target:
                links[name].add(target)
    reached = {"index.html"}
    waiting = ["index.html"]
    while waiting:
        for target in links.get(waiting.pop(), ()):
            if target not in reached:
                reached.add(target)
                waiting.append(target)
    found.extend(f"{name}: no page links to it" for name in everything if name not in reached)
    found.extend(
        f"{name}: no link back to the home page"
        for name, targets in links.items()
        if "index.html" not in targets and name != "index.html" and not name.startswith(REPORTS)
    )
    return found
