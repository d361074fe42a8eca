"""The secretariat's books in the reports (issue 27): the funding figures of every report
format are status's funding block for the same day, and a decision appears under its
meeting in the final report."""

from __future__ import annotations

import html
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.wording import amount

runner = CliRunner()
FIGURES = ("secured", "sought", "disbursed", "spent")
REPORTS = [(["summary", "--period", "2006-H1"], "2006-06-30"), (["final"], "2007-12-31")]


def _status_funding(plan: Path, day: str) -> dict[str, dict[str, dict[str, str]]]:
    """status --json's funding block on `day`: PPC label → currency → figure → the text a
    reader reads for it (the exact decimal text, thousands grouped: `Wording.amount`)."""
    result = runner.invoke(app, ["status", "--json", "--as-of", day, "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    book = json.loads(result.output)["funding"]
    rows = [(row["label"], row) for row in book["ppcs"]] + [("All PPCs", book["totals"])]
    found: dict[str, dict[str, dict[str, str]]] = {}
    for label, row in rows:
        currencies = sorted({c for name in FIGURES for c in row[name]})
        found[label] = {
            c: {name: amount(Decimal(row[name].get(c, "0"))) for name in FIGURES}
            for c in currencies
        }
    return found


def _report(plan: Path, arguments: list[str], form: str, out: Path) -> Path:
    target = out / f"report.{form}"
    command = ["report", *arguments, "--format", form, "-o", str(target), "--plan", str(plan)]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    return target


def _rows(cells: list[list[str]]) -> dict[str, dict[str, dict[str, str]]]:
    """Funding table rows (PPC, sources, currency, secured, sought, disbursed, spent)."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for row in cells:
        label = row[0].split(":")[0].strip()
        found.setdefault(label, {})[row[2]] = dict(zip(FIGURES, row[3:7], strict=True))
    return found


def _markdown_rows(text: str) -> dict[str, dict[str, dict[str, str]]]:
    section = text.split("## Funding\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")][1:]
    unescaped = [re.sub(r"\\(.)", r"\1", line) for line in lines]
    return _rows(
        [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in unescaped]
    )


def _html_rows(text: str) -> dict[str, dict[str, dict[str, str]]]:
    table = text.split('<table class="funding">', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
    cells = [
        [
            html.unescape(re.sub(r"<[^>]+>", "", c))
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)
        ]
        for r in rows
    ]
    return _rows(cells)


@pytest.mark.parametrize(("arguments", "day"), REPORTS)
def test_funding_in_every_format_is_status_s_funding_block(
    demo_repo: Path, tmp_path: Path, arguments: list[str], day: str
) -> None:
    plan = demo_repo / "plan"
    expected = _status_funding(plan, day)
    assert len(expected) >= 3  # the demo funds several PPCs
    # thousands grouped, every decimal place kept (the demo's PPC 4 has 75000.50 disbursed)
    assert expected["PPC 4"]["USD"]["disbursed"] == "75,000.50"
    markdown = _report(plan, arguments, "md", tmp_path).read_text(encoding="utf-8")
    assert _markdown_rows(markdown) == expected
    page = _report(plan, arguments, "html", tmp_path).read_text(encoding="utf-8")
    assert _html_rows(page) == expected
    context = json.loads(_report(plan, arguments, "json", tmp_path).read_text(encoding="utf-8"))
    status = runner.invoke(app, ["status", "--json", "--as-of", day, "--plan", str(plan)])
    assert context["funding"]["book"] == json.loads(status.output)["funding"]
    with zipfile.ZipFile(_report(plan, arguments, "docx", tmp_path)) as document:
        words = re.sub(r"<[^>]+>", " ", document.read("word/document.xml").decode())
    for currencies in expected.values():
        for figures in currencies.values():
            for figure in figures.values():
                assert f" {figure} " in f" {' '.join(words.split())} "


def test_a_decision_appears_under_its_meeting_with_the_milestone_it_moved(
    demo_repo: Path, tmp_path: Path
) -> None:
    from commit_cli.demo.story import DECISIONS

    plan = demo_repo / "plan"
    markdown = _report(plan, ["final"], "md", tmp_path).read_text(encoding="utf-8")
    section = markdown.split("## Decisions of the meetings\n", 1)[1].split("\n## ", 1)[0]
    meetings = {part.split("\n", 1)[0]: part for part in section.split("### ")[1:]}
    for ident, _, meeting, *_ in DECISIONS:
        assert ident in meetings[meeting]
        assert all(ident not in text for name, text in meetings.items() if name != meeting)
        assert "Milestones it moved" in meetings[meeting]
    page = _report(plan, ["final"], "html", tmp_path).read_text(encoding="utf-8")
    assert re.search(r"<h3>SOM 3</h3>\s*<ul>\s*<li><b>som3-d2</b>", page)


def test_a_partner_funding_a_ppc_is_named_as_plan_yaml_names_it(
    demo_repo: Path, tmp_path: Path
) -> None:
    """PPC 1's sources are the partner `uniap` and a donor named in the entry itself."""
    plan = demo_repo / "plan"
    markdown = _report(plan, ["final"], "md", tmp_path).read_text(encoding="utf-8")
    section = markdown.split("## Funding\n", 1)[1]
    row = next(line for line in section.splitlines() if line.startswith("| PPC 1:"))
    sources = [cell.strip() for cell in row.strip("|").split("|")][1]
    assert sources == "COMMIT Secretariat (UNIAP), Regional training trust fund (demo)"
    page = html.unescape(_report(plan, ["final"], "html", tmp_path).read_text(encoding="utf-8"))
    assert "<td>COMMIT Secretariat (UNIAP), Regional training trust fund (demo)</td>" in page
    assert "<td>uniap" not in page


def test_the_record_of_changes_says_what_happened_to_a_grant(
    demo_at_period: Any, tmp_path: Path
) -> None:
    """The demo's UN agencies disbursed what they had pledged to PPC 4 in 2006-H1: the
    summary's record of changes says so, never that funding was removed."""
    plan = demo_at_period("2006-H1") / "plan"
    markdown = _report(plan, ["summary", "--period", "2006-H1"], "md", tmp_path).read_text(
        encoding="utf-8"
    )
    (entry,) = [line for line in markdown.splitlines() if line.startswith("- PPC 4: ")]
    assert "funding from UN agencies: pledged → disbursed on 2006-02-10, 75,000.50 USD" in entry
    assert "spending for 2006-H1: 22,500 USD" in entry
    assert "funding removed" not in markdown
    assert "funding changed" not in markdown
