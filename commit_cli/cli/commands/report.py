"""`commit report summary|ppc|final`: reports for governments, from templates."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import CommandContext, current
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.options import PlanOption, RevOption, option_day
from commit_cli.cli.plan_access import committed_changes, load, require_valid
from commit_cli.errors import EnvironmentFailure, UsageError
from commit_cli.wording import speaking

if TYPE_CHECKING:
    from commit_cli.reports.build import Document

report_app = typer.Typer(
    help="Reports for governments: the six-monthly summary, a PPC report, the final report.",
    no_args_is_help=True,
    add_completion=False,
)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    json = "json"
    docx = "docx"


FormatOption = Annotated[
    list[ReportFormat] | None,
    typer.Option(
        "--format",
        "-f",
        help="md, html, pdf (HTML printed by headless Chromium), json (the data the"
        " templates receive) or docx (the Markdown as a Word document); repeat for several."
        " Default: md, or what -o FILE's suffix says.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE|DIR",
        help="Write to FILE, or into the folder DIR (an existing folder, or a path ending in /)"
        " as summary-2006-H1.md and so on. Default: stdout, for one md, html or json document.",
        show_default=False,
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        metavar="DIR",
        help="Look for templates here first (then in templates/ next to plan/, then the defaults).",
        show_default=False,
    ),
]
ReportAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The day to report as of, YYYY-MM-DD (default: the last day of the period"
        " reported on, or today while it runs).",
        show_default=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="The language of the report's headings, labels and sentences: en, km, lo, my,"
        " th, vi or zh (default: the plan's reporting.language, else en). The plan's own"
        " text stays as written. The translations are drafts not yet reviewed by native"
        " speakers (`commit templates list`).",
        show_default=False,
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period", metavar="PERIOD", help="A reporting period, e.g. 2006-H1.", show_default=False
    ),
]


def _formats(chosen: list[ReportFormat] | None, target: Target | None) -> list[str]:
    if chosen:
        return list(dict.fromkeys(str(f) for f in chosen))
    if target is not None and not target.is_folder:
        suffix = target.path.suffix.lower().lstrip(".")
        if suffix in ReportFormat.__members__:
            return [suffix]
    return ["md"]


@dataclass(frozen=True)
class Target:
    """Where documents go: a file, or a folder (an existing one, or a path ending in /)."""

    path: Path
    is_folder: bool

    @classmethod
    def of(cls, text: str) -> Target:
        path = Path(text)
        return cls(path, text.endswith(("/", os.sep)) or path.is_dir())


def _deliver(documents: list[Document], target: Target | None, plan_dir: Path) -> None:
    from commit_cli.export.files import check_outputs, refuse_linked_folder, write_bytes_atomically

    if target is None:
        (document,) = documents
        output.write(document.data.decode("utf-8"))
        return
    if target.is_folder:
        refuse_linked_folder(target.path)
    paths = (
        [target.path / document.name for document in documents]
        if target.is_folder
        else [target.path]
    )
    check_outputs(paths, plan_dir)
    for path, document in zip(paths, documents, strict=True):
        write_bytes_atomically(path, document.data, plan_dir)
        output.line(f"wrote {path}")


def _check_target(formats: list[str], target: Target | None) -> None:
    if target is None:
        for binary in ("pdf", "docx"):
            if binary in formats:
                raise UsageError(
                    f"--format {binary} writes a file: add -o FILE.{binary} or -o DIR/"
                )
        if len(formats) > 1:
            raise UsageError("several formats need a folder: add -o DIR/")
        return
    if target.is_folder:
        if not target.path.is_dir():
            raise EnvironmentFailure(
                f"cannot write into {target.path}: the folder does not exist; create it first"
            )
    elif len(formats) > 1:
        raise UsageError(
            f"-o {target.path} names one file; give a folder (-o DIR/) for several formats"
        )
    else:
        _check_suffix(formats[0], target.path)


# The names a file of each format may end in. A name that says another format (`x.docx`,
# `x.md` for --format html) would be a file whose content belies its name, which the reader
# opens with the wrong program: it is refused rather than written.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "md": (".md", ".markdown"),
    "html": (".html", ".htm"),
    "pdf": (".pdf",),
    "json": (".json",),
    "docx": (".docx",),
}


def _check_suffix(fmt: str, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in SUFFIXES[fmt]:
        return
    if not suffix:
        names = ", ".join(s for f in ReportFormat for s in SUFFIXES[f][:1])
        raise UsageError(f"-o {path}: name the file {names} for its format, or give a folder DIR/")
    if not any(suffix in suffixes for suffixes in SUFFIXES.values()):
        known = ", ".join(str(f) for f in ReportFormat)
        raise UsageError(
            f"-o {path}: {path.suffix} is not a report format; the formats are {known}"
            " (name the file .md, .html, .pdf, .json or .docx)"
        )
    raise UsageError(
        f"-o {path}: --format {fmt} writes {SUFFIXES[fmt][0]}, not {path.suffix};"
        f" name the file {path.stem}{SUFFIXES[fmt][0]}"
    )


def period_changes(
    context: CommandContext, plan_dir: Path, period: str, day: date, rev: str | None
) -> list[dict[str, Any]] | None:
    """The plan's changes committed in `period` up to the report's day (and, with `rev`, up
    to that revision), as data (the report words them for readers), from its git history
    (`commit changes --period`); None where there is no history to read (not a git
    repository, no git), so the report says so instead. Changes not yet committed count
    only in a report on the working tree as of today: they are today's."""
    from commit_cli.core.periods import PeriodError, parse_period_spec

    try:  # `history.walk.period_bounds`, without importing the history before it is read
        span = parse_period_spec(period)
    except PeriodError:
        return None
    return committed_changes(context, plan_dir, span.start, min(span.end, day), rev, day)


def run_report(
    kind: str,
    plan: Path | None,
    formats: list[ReportFormat] | None,
    output_to: str | None,
    as_of: str | None,
    templates: Path | None,
    period: str | None = None,
    ppc: str | None = None,
    rev: str | None = None,
    lang: str | None = None,
) -> int:
    """Build one report's context, render it in each format and deliver it; with `rev`,
    from the plan as committed there (the same bytes every time: a report as issued)."""
    target = Target.of(output_to) if output_to is not None else None
    chosen = _formats(formats, target)
    _check_target(chosen, target)
    day = option_day(as_of, "--as-of")
    from commit_cli.core.vocabulary import Language
    from commit_cli.plan.sources import find_plan_dir
    from commit_cli.reports.build import render_documents, report_context
    from commit_cli.reports.context.pieces import summary_day
    from commit_cli.reports.languages import language_of, wording_for
    from commit_cli.reports.templates import template_folders

    command_context = current()
    language = language_of(lang) if lang is not None else None
    plan_dir = find_plan_dir(plan)
    folders = template_folders(plan_dir, templates)
    result = load(command_context, plan_dir, rev)
    loaded = require_valid(result)
    chosen_language = language or loaded.reporting.language
    words = wording_for(chosen_language, command_context.cache(plan_dir))
    if chosen_language != Language.en:  # the plan's titles where translated and current
        from commit_cli.core.titles import translated_plan

        loaded = translated_plan(loaded, result.translations_in(str(chosen_language)))
    changes = None
    if kind == "summary" and period:
        until = summary_day(loaded, period, day, command_context.today())
        with speaking(words):  # a change cites a decision in the report's language
            changes = period_changes(command_context, plan_dir, period, until, rev)
    context = report_context(
        loaded,
        kind,
        period=period,
        ppc=ppc,
        as_of=day,
        changes=changes,
        today=command_context.today() if day is None else None,
        words=words,
    )
    compiled = command_context.cache(plan_dir)
    _deliver(render_documents(context, chosen, folders, words, compiled), target, plan_dir)
    return OK


@report_app.command("summary")
@handle_errors
def summary(
    period: Annotated[
        str,
        typer.Option(
            "--period",
            metavar="PERIOD",
            help="The reporting period, e.g. 2006-H1.",
            show_default=False,
        ),
    ],
    output_format: FormatOption = None,
    target: OutputOption = None,
    as_of: ReportAsOfOption = None,
    templates: TemplatesOption = None,
    plan: PlanOption = None,
    rev: RevOption = None,
    lang: LangOption = None,
) -> int:
    """The six-monthly summary report to the governments, for one reporting period.

    Example: commit report summary --period 2006-H1 -o summary-2006-H1.html
    """
    return run_report(
        "summary", plan, output_format, target, as_of, templates, period=period, rev=rev, lang=lang
    )


@report_app.command("ppc")
@handle_errors
def ppc_report(
    ppc: Annotated[
        str, typer.Argument(metavar="PPC", help="The PPC id, e.g. ppc-1.", show_default=False)
    ],
    period: PeriodOption = None,
    output_format: FormatOption = None,
    target: OutputOption = None,
    as_of: ReportAsOfOption = None,
    templates: TemplatesOption = None,
    plan: PlanOption = None,
    rev: RevOption = None,
    lang: LangOption = None,
) -> int:
    """One PPC: objective, expected results with indicators, milestones, narratives, review.

    Example: commit report ppc ppc-1 --period 2006-H1
    """
    return run_report(
        "ppc",
        plan,
        output_format,
        target,
        as_of,
        templates,
        period=period,
        ppc=ppc,
        rev=rev,
        lang=lang,
    )


@report_app.command("final")
@handle_errors
def final(
    output_format: FormatOption = None,
    target: OutputOption = None,
    as_of: ReportAsOfOption = None,
    templates: TemplatesOption = None,
    plan: PlanOption = None,
    rev: RevOption = None,
    lang: LangOption = None,
) -> int:
    """The final three-year report: progress, obstacles, failures, lessons, recommendations.

    Example: commit report final --format html -o final.html
    """
    return run_report("final", plan, output_format, target, as_of, templates, rev=rev, lang=lang)
