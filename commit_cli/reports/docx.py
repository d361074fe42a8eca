"""A Word document made from the rendered Markdown report, for secretariats that edit a report
before sending it.

The Markdown is the report as written for readers: its headings become Word headings, its
tables Word tables (header row first), its lists bullet lists, its quotes quotes and the rest
paragraphs, so the document holds the same words and figures as the Markdown. A Mermaid chart
has no Word form: it is replaced by a line that says so and points to the HTML or PDF.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

_HEADING = re.compile(r"(#{1,6}) +(.*?)\s*#*\s*$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# A message of the catalogs (reports.messages): the caller passes it in the report's language.
CHART_NOTE = "(A chart is shown here in the HTML and PDF reports.)"


def plain(text: str) -> str:
    """Markdown inline markup removed: emphasis, code marks, links (their text kept), escapes."""
    text = _LINK.sub(r"\1", text)
    text = text.replace("**", "").replace("`", "")
    text = _ESCAPE.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row.removeprefix("|")
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [plain(cell) for cell in _CELL_SPLIT.split(row)]


def _add_table(document: Any, rows: list[list[str]]) -> None:
    """A grid table, its first row (the Markdown header) in bold."""
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
            if r == 0:
                for run in table.cell(r, c).paragraphs[0].runs:
                    run.bold = True


def markdown_to_docx(
    markdown: str, as_of: date | None = None, chart_note: str = CHART_NOTE, language: str = "en"
) -> bytes:
    """The .docx bytes of a Markdown report (the subset the report templates write): the same
    Markdown and as-of day give the same bytes, as the other formats do. `chart_note` stands
    where a chart was; `language` (a BCP 47 tag) is the document's."""
    from docx import Document

    document = Document()
    stamp = datetime.combine(as_of or date(2000, 1, 1), datetime.min.time())
    properties = document.core_properties
    properties.created = properties.modified = stamp
    properties.last_printed = stamp
    properties.author = properties.last_modified_by = "commit"
    if language != "en":  # an English document stays as it was
        properties.language = language
    lines = markdown.splitlines()
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            document.add_paragraph(plain(" ".join(paragraph)))
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        heading = _HEADING.match(line)
        if stripped.startswith("```"):
            flush()
            index += 1
            while index < len(lines) and not lines[index].strip().startswith("```"):
                index += 1
            document.add_paragraph(chart_note)
        elif heading:
            flush()
            document.add_heading(plain(heading.group(2)), level=len(heading.group(1)))
        elif stripped.startswith("|"):
            flush()
            rows = []
            while index < len(lines) and lines[index].strip().startswith("|"):
                if not _SEPARATOR.match(lines[index].strip()):
                    rows.append(_cells(lines[index]))
                index += 1
            index -= 1
            _add_table(document, rows)
        elif stripped.startswith(("- ", "* ")):
            flush()
            document.add_paragraph(plain(stripped[2:]), style="List Bullet")
        elif stripped.startswith(">"):
            flush()
            document.add_paragraph(plain(stripped.lstrip("> ")), style="Quote")
        elif not stripped:
            flush()
        else:
            paragraph.append(stripped)
        index += 1
    flush()
    first = _HEADING.match(lines[0]) if lines else None
    properties.title = plain(first.group(2)) if first else ""
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_times(buffer.getvalue(), stamp)


def _fixed_times(package: bytes, stamp: datetime) -> bytes:
    """The package with every member dated `stamp`: python-docx dates them now."""
    out = io.BytesIO()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
