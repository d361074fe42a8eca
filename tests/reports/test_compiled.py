"""Templates compiled once: a report rendered with its templates from the result cache is the
same report, a changed template is compiled again, and a compiled template nobody signed is
never run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from jinja2 import Environment

from commit_cli.core.model import Plan
from commit_cli.plan.cache import ResultCache
from commit_cli.reports.context import summary_context
from commit_cli.reports.languages import wording_for
from commit_cli.reports.render import render
from commit_cli.reports.templates import TemplateFolder, template_folders

AS_OF = date(2006, 6, 30)


class Compiles:
    """Counts the templates Jinja compiles from source."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        compile_source = Environment.compile

        def counted(
            env: Environment, source: str, name: str | None = None, *args: object
        ) -> object:
            self.names.append(str(name))
            return compile_source(env, source, name, *args)  # type: ignore[call-overload]

        monkeypatch.setattr(Environment, "compile", counted)


@pytest.mark.parametrize("output_format", ["md", "html"])
@pytest.mark.parametrize("language", ["en", "th"])
def test_a_report_from_compiled_templates_is_the_same_report(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str, language: str
) -> None:
    cache = ResultCache(tmp_path / "cache")
    words = wording_for(language)
    context = summary_context(plan, "2006-H1", AS_OF)
    folders = template_folders(None, None)
    fresh = render(folders, "summary", output_format, context, words)
    compiles = Compiles(monkeypatch)
    first = render(folders, "summary", output_format, context, words, cache)
    assert compiles.names  # compiled, and kept
    compiled = len(compiles.names)
    again = render(folders, "summary", output_format, context, words, cache)
    assert len(compiles.names) == compiled  # nothing compiled the second time
    assert fresh == first == again


def test_a_changed_template_is_compiled_again(plan: Plan, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    folder = tmp_path / "templates"
    folder.mkdir()
    page = folder / "summary.md.j2"
    page.write_text("First {{ report.kind }}\n", encoding="utf-8")
    folders = [TemplateFolder(folder, "plan", "templates"), *template_folders(None, None)]
    context = summary_context(plan, "2006-H1", AS_OF)
    assert render(folders, "summary", "md", context, compiled=cache) == "First summary\n"
    page.write_text("Second {{ report.kind }}\n", encoding="utf-8")
    assert render(folders, "summary", "md", context, compiled=cache) == "Second summary\n"


def test_compiled_code_nobody_signed_is_not_run(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResultCache(tmp_path / "cache")
    folders = template_folders(None, None)
    context = summary_context(plan, "2006-H1", AS_OF)
    expected = render(folders, "summary", "md", context, compiled=cache)
    entries = [
        p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.name != "signing-key"
    ]
    assert entries
    for entry in entries:  # another key's signature: as if planted by someone else
        data = bytearray(entry.read_bytes())
        data[-1] ^= 0xFF
        entry.write_bytes(bytes(data))
    compiles = Compiles(monkeypatch)
    assert render(folders, "summary", "md", context, compiled=cache) == expected
    assert compiles.names  # compiled from source again, not loaded


def test_a_template_compiled_in_one_language_is_not_used_in_another(
    plan: Plan, tmp_path: Path
) -> None:
    """Jinja works out a filter applied to a constant when it compiles: code compiled for an
    English report holds English words, so a Thai report must not take it."""
    cache = ResultCache(tmp_path / "cache")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "summary.md.j2").write_text('{{ "done"|status_label }}\n', encoding="utf-8")
    folders = [TemplateFolder(folder, "plan", "templates"), *template_folders(None, None)]
    context = summary_context(plan, "2006-H1", AS_OF)
    english = render(folders, "summary", "md", context, wording_for("en"), cache)
    thai = render(folders, "summary", "md", context, wording_for("th"), cache)
    assert english == "done\n"
    assert thai == render(folders, "summary", "md", context, wording_for("th"))
    assert thai != english
