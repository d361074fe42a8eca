"""The summary reads as a document (issue 24): an executive summary first, then progress by
PPC, obstacles, what is due next, and the annexes, the record of changes last and written
for readers; PPCs with nothing in the period share one line; Markdown and HTML in the same
order. Printed, it has a cover, a contents page with page numbers, a running header and
footer with "page X of Y", bookmarks and tagged text, in at most 15 pages for the demo."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.reports.context.record import by_commit, change_record
from commit_cli.reports.pdf import find_browser, print_to_pdf
from commit_cli.reports.render import css_string, nowrap_dates

runner = CliRunner()
SUMMARY = ["summary", "--period", "2006-H1", "--as-of", "2006-06-30"]
CHAPTERS = [
    "Summary",
    "Progress by PPC",
    "Obstacles, postponements and cancellations",
    "Planned for 2006-H2",
    "Funding",
    "Annex A: the other milestones of 2006-H1",
    "Annex B: the record of changes",
]


def report(plan_dir: Path, output_format: str, args: list[str] = SUMMARY) -> str:
    result = runner.invoke(app, ["report", *args, "-f", output_format, "--plan", str(plan_dir)])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_summary_reads_in_order_in_markdown_and_html() -> None:
    markdown = report(REPO / "plan", "md")
    html = report(REPO / "plan", "html")
    assert re.findall(r"^## (.*)$", markdown, re.M) == CHAPTERS
    in_html = re.findall(r'<h2 id="(?!contents)[^"]+">(.*?)</h2>', html)
    assert in_html == CHAPTERS
    listed = re.findall(r'<li><a href="#[^"]+">(.*?)</a><span class="page"', html)
    assert listed == CHAPTERS  # the contents lists every chapter


def test_ppcs_with_nothing_in_the_period_share_one_line() -> None:
    context = json.loads(report(REPO / "plan", "json"))
    quiet = [ppc["label"] for ppc in context["ppcs"] if ppc["quiet"]]
    active = [ppc["label"] for ppc in context["ppcs"] if not ppc["quiet"]]
    assert quiet
    assert active
    assert [p["label"] for p in context["quiet_ppcs"]] == quiet
    line = f"No activity recorded in 2006-H1 for {', '.join(quiet)};"
    markdown, html = report(REPO / "plan", "md"), report(REPO / "plan", "html")
    for text in (markdown, html):
        assert text.count(line) == 1
        assert "Nothing recorded" not in text
    headings = re.findall(r"^### (PPC \d+|PP \d+):", markdown, re.M)
    assert set(headings) >= set(active)
    progress = markdown.split("## Progress by PPC")[1].split("### Indicators")[0]
    assert not set(re.findall(r"^### (PPC \d+|PP \d+):", progress, re.M)) & set(quiet)


def _change(kind: str, ident: str, field: str | None, old: Any, new: Any, **more: Any) -> Any:
    commit = {
        "commit": "3bfad5a" + "0" * 33,
        "short": "3bfad5a",
        "author": "Sok",
        "date": "2006-06-27T10:00:00+07:00",
    }
    return {
        "kind": kind,
        "subject": more.get("subject", "milestone"),
        "id": ident,
        "title": more.get("title", "Cambodia's field assessment"),
        "ppc": "ppc-1",
        "field": field,
        "old": old,
        "new": new,
        "summary": "raw summary",
        "commit": commit,
    }


def test_the_record_of_changes_is_written_for_readers(plan: Any) -> None:
    note = {
        "date": "2006-09-14",
        "by": "Malee Somchai",
        "text": "Venue confirmed with the ministry.",
    }
    window_h1 = {"start": "2006-01-01", "end": "2006-06-30"}
    window_h2 = {"start": "2006-07-01", "end": "2006-12-31"}
    changes = [
        _change("status", "m-1", "status", "in_progress", "done"),
        _change("actual", "m-1", "actual", None, {"start": "2006-09-01", "end": "2006-09-14"}),
        _change("field", "m-1", "log", [], [note]),
        _change("window", "m-2", "window", window_h1, window_h2, title="Seminar"),
        _change("status", "m-2", "status", "planned", "postponed", title="Seminar"),
        _change(
            "postponed",
            "m-2",
            "postponed",
            None,
            {"date": "2006-04-24", "reason": "Floods.", "from_window": window_h1},
            title="Seminar",
        ),
        _change(
            "value",
            "i-1",
            "values.2006-H1",
            None,
            {"KH": 2, "TH": 1},
            subject="indicator",
            title="Seminars held",
        ),
    ]
    entries = change_record(plan, changes)
    texts = [entry["text"] for entry in entries]
    assert texts == [
        "Cambodia's field assessment (PPC 1): marked done; held 2006-09-01 to 2006-09-14;"
        " note of 2006-09-14: “Venue confirmed with the ministry.”",
        "Seminar (PPC 1): planned window moved to 2006-H2; postponed on 2006-04-24 from"
        " 2006-H1, because “Floods.”",
        "Seminars held (PPC 1): value for 2006-H1: 3 (KH 2, TH 1).",
    ]
    joined = " ".join(texts)
    assert "in_progress" not in joined  # no raw codes
    assert "Malee Somchai" not in joined  # a note by its text, not its author
    assert "3bfad5a" not in joined  # the commit only in its own column
    assert {(e["date"], e["by"], e["ref"]) for e in entries} == {("2006-06-27", "Sok", "3bfad5a")}
    (commit,) = by_commit(entries)
    assert commit["entries"] == texts


def test_the_record_of_changes_words_the_books_and_the_decisions_cited(plan: Any) -> None:
    """A grant that moved on reads as that change, its partner by name; spending per
    period; a postponement that cites a decision names it with its meeting and day."""
    from datetime import date

    from commit_cli.core.model import Decision

    som = Decision(id="som3-d4", meeting="SOM 3", date=date(2006, 5, 17), text="Later.")
    decided = plan.model_copy(update={"decisions": [som]})
    pledged = {"source": "uniap", "status": "pledged", "amount": "120000", "currency": "USD"}
    paid = pledged | {"status": "disbursed", "date": "2006-02-10"}
    donor = {"source": "A donor", "status": "sought", "amount": "5000.50", "currency": "EUR"}
    postponed = {"date": "2006-04-24", "reason": "Floods.", "decision": "som3-d4"}
    changes = [
        _change("funding", "ppc-1", "funding", pledged, paid, subject="ppc"),
        _change("funding", "ppc-1", "funding", None, donor, subject="ppc"),
        _change("spending", "ppc-1", "spending.2006-H1", None, {"USD": "22500"}, subject="ppc"),
        _change("postponed", "m-2", "postponed", None, postponed, title="Seminar")
        | {"decision": "som3-d4"},
    ]
    texts = [entry["text"] for entry in change_record(decided, changes)]
    assert texts == [
        "PPC 1: funding from UNIAP: pledged → disbursed on 2006-02-10, 120,000 USD;"
        " funding from A donor recorded: sought, 5,000.50 EUR; spending for 2006-H1: 22,500 USD.",
        "Seminar (PPC 1): postponed on 2006-04-24 (decision som3-d4, SOM 3, 2006-05-17),"
        " because “Floods.”",
    ]
    assert "removed" not in " ".join(texts)


def test_text_in_a_css_string_and_dates_kept_whole() -> None:
    assert (
        css_string('a "b" </style>;{x}')
        == '"a \\000022b\\000022 \\00003c/style\\00003e\\00003b\\00007bx\\00007d"'
    )
    assert str(nowrap_dates("<b> 2006-05-17")) == '&lt;b&gt; <span class="nw">2006-05-17</span>'


@pytest.mark.slow
@pytest.mark.skipif(
    find_browser() is None, reason="no headless Chromium (apt-get install chromium)"
)
def test_the_demo_summary_prints_as_a_document_in_15_pages(
    demo_at_period: Any,
) -> None:
    from pypdf import PdfReader

    html = report(demo_at_period("2006-H1") / "plan", "html")
    reader = PdfReader(io.BytesIO(print_to_pdf(html)))
    pages = len(reader.pages)
    assert pages <= 15
    texts = [page.extract_text() for page in reader.pages]
    # the cover: plan, report, period, as-of and the notice; no running header or footer
    cover = " ".join(texts[0].split())
    for part in (
        "Six-monthly summary report",
        "Final COMMIT Sub-Regional Plan of Action",
        "Reporting period 2006-H1",
        "as of 2006-06-30",
        "Illustrative data",
    ):
        assert part in cover
    assert "page 1 of" not in cover
    for number, text in enumerate(texts[1:], start=2):
        assert f"page {number} of {pages}" in text
    # bookmarks follow the headings; the contents gives each chapter's page
    outline: dict[str, int] = {}

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                page = reader.get_destination_page_number(item)
                assert page is not None, item.title
                outline.setdefault(" ".join(str(item.title).split()), page + 1)

    walk(reader.outline)
    contents = texts[1]
    for chapter in CHAPTERS:
        assert chapter in outline, chapter
        assert chapter in contents
    numbers = [int(n) for n in re.findall(r"^(\d+)$", contents, re.M)]
    assert numbers == [outline[chapter] for chapter in CHAPTERS]
    catalog: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged
