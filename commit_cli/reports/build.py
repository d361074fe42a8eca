"""One report, start to end: its context, then each document asked for.

`report_context` picks the context builder for a kind of report; `render_documents`
renders it in each format (JSON is the context itself; PDF is the HTML printed by
Chromium; DOCX is the Markdown as a Word document). Documents are returned, never written:
the command decides where they go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from commit_cli.core.model import Plan
from commit_cli.errors import UsageError
from commit_cli.reports.templates import TemplateFolder
from commit_cli.wording import ENGLISH, Wording, speaking

if TYPE_CHECKING:
    from commit_cli.reports.languages import Cache

KINDS = ("summary", "ppc", "final")
SUFFIXES = {"md": ".md", "html": ".html", "pdf": ".pdf", "json": ".json", "docx": ".docx"}


@dataclass(frozen=True)
class Document:
    """One rendered report: its format, a file name to save it as, and its bytes."""

    output_format: str
    name: str
    data: bytes


def report_context(
    plan: Plan,
    kind: str,
    *,
    period: str | None = None,
    ppc: str | None = None,
    as_of: date | None = None,
    changes: list[dict[str, Any]] | None = None,
    today: date | None = None,
    words: Wording = ENGLISH,
) -> dict[str, Any]:
    """The context of report `kind` (summary needs a period; ppc needs a PPC id), as of
    `as_of`, else the last day of what it covers or `today` (the caller's) while it runs;
    its sentences and labels in `words`'s language."""
    with speaking(words):
        return _context(plan, kind, period, ppc, as_of, changes, today)


def _context(
    plan: Plan,
    kind: str,
    period: str | None,
    ppc: str | None,
    as_of: date | None,
    changes: list[dict[str, Any]] | None,
    today: date | None,
) -> dict[str, Any]:
    from commit_cli.reports import context

    if kind == "summary":
        if period is None:
            raise UsageError("the summary report needs --period, e.g. --period 2006-H1")
        return context.summary_context(plan, period, as_of, changes, today=today)
    if kind == "ppc":
        if ppc is None:
            raise UsageError("the PPC report needs a PPC id, e.g. ppc-1")
        return context.ppc_context(plan, ppc, period, as_of, today=today)
    if kind == "final":
        return context.final_context(plan, as_of, today=today)
    raise UsageError(f"unknown report '{kind}'; use {', '.join(KINDS)}")


def file_stem(context: dict[str, Any]) -> str:
    """summary-2006-H1, ppc-1, ppc-1-2006-H1 or final."""
    report = context["report"]
    kind = report["kind"]
    period = report["period"]["label"] if report["period"] else None
    if kind == "ppc":
        stem = str(context["ppc"]["id"])
        return f"{stem}-{period}" if period else stem
    return f"{kind}-{period}" if period else kind


def render_documents(
    context: dict[str, Any],
    formats: list[str],
    folders: list[TemplateFolder],
    words: Wording = ENGLISH,
    compiled: Cache | None = None,
) -> list[Document]:
    """The report in each format asked for, in that order (HTML rendered once for PDF),
    its chrome in `words`'s language (templates compiled once, in `compiled`)."""
    from commit_cli.reports.render import render, render_bytes

    kind = context["report"]["kind"]
    stem = file_stem(context)
    html: str | None = None
    documents = []
    for output_format in formats:
        name = stem + SUFFIXES[output_format]
        if output_format == "json":
            from commit_cli.export.json_document import json_text  # only when asked for

            documents.append(Document("json", name, json_text(context).encode("utf-8")))
        elif output_format == "md":
            documents.append(
                Document("md", name, render(folders, kind, "md", context, words, compiled).encode())
            )
        elif output_format == "docx":
            from commit_cli.reports.docx import CHART_NOTE, markdown_to_docx

            markdown = render(folders, kind, "md", context, words, compiled)
            as_of = date.fromisoformat(context["report"]["as_of"])
            data = markdown_to_docx(markdown, as_of, words.gettext(CHART_NOTE), words.tag)
            documents.append(Document("docx", name, data))
        else:
            if output_format == "html" and "pdf" not in formats:  # never held whole as text
                data = render_bytes(folders, kind, context, words, compiled)
                documents.append(Document("html", name, data))
                continue
            if html is None:
                html = render(folders, kind, "html", context, words, compiled)
            if output_format == "html":
                documents.append(Document("html", name, html.encode("utf-8")))
            else:
                from commit_cli.reports.pdf import print_to_pdf
                from commit_cli.reports.render import template_name

                pdf = print_to_pdf(html, template_name(kind, "html"))
                documents.append(Document("pdf", name, pdf))
    return documents
