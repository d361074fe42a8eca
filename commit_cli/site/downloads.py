"""The site's downloads: the data files (`commit export`'s), the search index and the
search script, each in parts (`export.parts`), so an incremental build copies the parts of
unchanged PPCs from the file already there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from commit_cli.core.model import Plan
from commit_cli.errors import EnvironmentFailure
from commit_cli.export.parts import Part, given
from commit_cli.reports.templates import default_templates_dir
from commit_cli.site.pages import SiteData, entries

SCRIPT = "search.js"
SEARCH_INDEX = "search-index.js"


def downloads(plan: Plan, day: date, data: SiteData) -> Iterator[tuple[str, list[Part]]]:
    """The data files (`commit export`'s JSON, CSV tables and calendar), the search index
    and the search script, each in parts (`export.parts`)."""
    from commit_cli.export.calendar import calendar_parts
    from commit_cli.export.json_document import plan_json_parts
    from commit_cli.export.tables import table_parts

    yield "data/plan.json", plan_json_parts(data.plan)
    for name, parts in table_parts(data.plan):
        yield f"data/{name}", parts
    yield "data/calendar.ics", calendar_parts(data.plan, day)
    yield SEARCH_INDEX, [(None, given(search_index(data)))]
    script = default_templates_dir() / "site" / SCRIPT
    try:
        yield SCRIPT, [(None, given(script.read_bytes()))]
    except OSError as exc:
        raise EnvironmentFailure(
            f"cannot read {script}: {exc.strerror or exc}; reinstall commit"
        ) from None


def search_index(data: SiteData) -> bytes:
    """The search index's bytes: every entry's title, kind and link, as a script. Each copy
    is let go as soon as the next is made (at 100,000 milestones each is megabytes)."""
    from commit_cli.site.render import shown

    rows = [[shown(entry["title"]), entry["kind"], entry["href"]] for entry in entries(data)]
    index = json.dumps(rows, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    del rows
    return b"".join((b"window.commitSearch = ", index, b";\n"))
