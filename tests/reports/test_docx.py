"""`--format docx` writes a real Word document: read back with python-docx, it has the report's
headings as Word headings and its tables as Word tables, with the same figures as the JSON."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from docx import Document
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.reports.docx import CHART_NOTE, markdown_to_docx, plain

runner = CliRunner()
REPORTS = [
    ["summary", "--period", "2006-H1"],
    ["ppc", "ppc-3", "--period", "2006-H1"],
    ["final"],
]


def _report(arguments: list[str], fmt: str, tmp_path: Path) -> Path:
    target = tmp_path / f"report.{fmt}"
    command = ["report", *arguments, "--plan", str(REPO / "plan"), "-f", fmt, "-o", str(target)]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    return target


def _headings(document: Any) -> list[tuple[int, str]]:
    return [
        (1 if p.style.name == "Title" else int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    ]


@pytest.mark.parametrize("arguments", REPORTS, ids=lambda a: a[0])
def test_the_docx_has_the_reports_headings_and_tables(arguments: list[str], tmp_path: Path) -> None:
    docx_path = _report(arguments, "docx", tmp_path)
    assert zipfile.is_zipfile(docx_path), "a .docx is a zip package, not Markdown"
    document = Document(str(docx_path))
    markdown = _report(arguments, "md", tmp_path).read_text(encoding="utf-8")
    context = json.loads(_report(arguments, "json", tmp_path).read_text(encoding="utf-8"))

    expected = [
        (len(m.group(1)), plain(m.group(2)))
        for m in re.finditer(r"^(#{1,6}) +(.*)$", markdown, re.M)
    ]
    headings = _headings(document)
    assert headings == expected
    assert headings[0] == (1, context["report"]["title"])

    markdown_tables = re.findall(r"(?:^\|.*\n)+", markdown, re.M)
    assert len(document.tables) == len(markdown_tables) > 0
    for table, block in zip(document.tables, markdown_tables, strict=True):
        rows = [line for line in block.splitlines() if not re.fullmatch(r"[|:\- ]+", line)]
        assert len(table.rows) == len(rows)
        header = [cell.strip() for cell in rows[0].strip().strip("|").split("|")]
        assert [cell.text for cell in table.rows[0].cells][: len(header)] == [
            plain(cell) for cell in header
        ]


def test_the_summary_docx_holds_each_ppcs_figures(tmp_path: Path) -> None:
    arguments = ["summary", "--period", "2006-H1"]
    document = Document(str(_report(arguments, "docx", tmp_path)))
    context = json.loads(_report(arguments, "json", tmp_path).read_text(encoding="utf-8"))
    texts = {p.text for p in document.paragraphs}
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    headings = {text for _, text in _headings(document)}
    quiet_line = next(
        (t for t in texts if t.startswith("No activity recorded in 2006-H1 for ")), ""
    )
    for ppc in context["ppcs"]:
        if ppc["quiet"]:  # named in the one line of the PPCs with nothing recorded
            assert ppc["label"] in quiet_line.split(" for ", 1)[1].split(";")[0].split(", ")
        else:
            assert any(ppc["label"] in heading for heading in headings), ppc["label"]
    assert str(context["overview"]["counts"]["total"]) in " ".join(texts | cells)


def test_a_mermaid_chart_becomes_a_line_that_says_where_it_is() -> None:
    markdown = (
        "# T\n\nSome **bold** text\nwrapped.\n\n```mermaid\ngantt\n```\n\n"
        "| a | b \\| c |\n|---|---|\n| 1 | 2 |\n"
    )
    document = Document(io.BytesIO(markdown_to_docx(markdown)))
    assert [p.text for p in document.paragraphs if p.text] == [
        "T",
        "Some bold text wrapped.",
        CHART_NOTE,
    ]
    (table,) = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [["a", "b | c"], ["1", "2"]]


def test_the_same_report_gives_the_same_bytes(tmp_path: Path) -> None:
    first = _report(["final"], "docx", tmp_path).read_bytes()
    second = _report(["final"], "docx", tmp_path).read_bytes()
    assert first == second


def test_docx_needs_a_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "final", "--plan", str(REPO / "plan"), "-f", "docx"])
    assert result.exit_code == 2
    assert "--format docx writes a file" in result.output
