"""`commit site`: the plan as a static web site."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from commit_cli.cli import output
from commit_cli.cli.command_context import CommandContext, current
from commit_cli.cli.exits import OK, handle_errors
from commit_cli.cli.options import AsOfOption, PlanOption, RevOption, read_as_of
from commit_cli.cli.plan_access import committed_changes, plan_here, readable_plan


def plan_changes(
    context: CommandContext, plan_dir: Path | None, day: date, rev: str | None
) -> list[dict[str, Any]] | None:
    """The plan's changes committed up to the site's day (and, with `rev`, up to that
    revision), as data, oldest first, read once for every period page from the plan's git
    history, as the summary report reads its period's (`report.period_changes`); None
    where there is no history to read (not a git repository, no git, a shallow clone), so
    the pages say so. Changes not yet committed are kept only for a site of the working
    tree as of today (their commit is None: they are today's)."""
    return committed_changes(context, plan_dir, None, day, rev, day)


@handle_errors
def site(
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The folder to build the site in (created if missing; files the last build"
            " wrote and this one does not are removed, nothing else).",
            show_default=False,
        ),
    ],
    plan: PlanOption = None,
    rev: RevOption = None,
    as_of: AsOfOption = None,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental",
            help="Render only the pages whose content changed since the last build into DIR.",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="The language of the pages' headings, labels and sentences: en, km, lo, my,"
            " th, vi or zh (default: the plan's reporting.language, else en). The plan's"
            " titles read as plan/i18n/LANG.yaml translates them where the translation is"
            " current, its other text as written. The translations are drafts not yet"
            " reviewed by native speakers (`commit templates list`).",
            show_default=False,
        ),
    ] = None,
) -> int:
    """The plan as a static web site: home, every PPC, milestone, indicator, country, period.

    The home page says what `commit status` says on the day; with an A to Z index, a
    search that needs no server, and the data files (`commit export`'s JSON, CSV and
    calendar).

    Every page is static HTML with relative links: open DIR/index.html from disk, or
    publish DIR on any static host (the workflow `commit init` writes publishes it on
    GitHub Pages).

    Examples: commit site -o public/
              commit site -o public/ --as-of 2006-06-30 --lang th
    """
    from commit_cli.core.titles import translated_plan
    from commit_cli.core.vocabulary import Language
    from commit_cli.export.files import make_output_folder
    from commit_cli.reports.languages import language_of, wording_for
    from commit_cli.reports.templates import template_folders
    from commit_cli.site.build import build_site
    from commit_cli.site.state import source_inputs
    from commit_cli.wording import speaking

    explicit = read_as_of(as_of)
    chosen = language_of(lang) if lang is not None else None
    context = current()
    loaded = readable_plan(context, plan, strict=True, rev=rev, as_of=explicit)
    plan_dir = plan_here(plan)
    language = chosen or loaded.plan.reporting.language
    words = wording_for(language, context.cache(plan_dir))
    shown = loaded.plan
    if language != Language.en and loaded.result is not None:
        shown = translated_plan(shown, loaded.result.translations_in(str(language)))
    make_output_folder(output_dir, plan_dir)
    folders = template_folders(plan_dir, None)
    with speaking(words):  # a change cites a decision in the site's language
        changes = plan_changes(context, plan_dir, loaded.day, rev)
    compiled = context.cache(plan_dir)
    inputs = None
    if loaded.result is not None:
        ppc_files = set(loaded.files.values())
        inputs = source_inputs(
            [(read.name, read.cache_key) for read in loaded.result.every_file
             if read.name not in ppc_files],
            loaded.files,
            {read.name: read.cache_key for read in loaded.result.files},
        )  # fmt: skip
    built = build_site(
        shown,
        loaded.day,
        output_dir,
        folders,
        incremental,
        changes=changes,
        words=words,
        compiled=compiled,
        inputs=inputs,
    )
    removed = f", {len(built.removed)} removed" if built.removed else ""
    output.line(
        f"built {output_dir}: {built.pages} pages as of {loaded.day.isoformat()};"
        f" {len(built.written)} files written, {len(built.unchanged)} unchanged{removed}"
    )
    return OK
