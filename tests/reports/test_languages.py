"""Reports in the six countries' languages (`commit report --lang`): every catalog holds every
message, translated and current; every report kind renders in every language with no English
chrome left; pages name their language; numbers and days are Babel's for the locale; English
is untouched (the golden files); the catalogs say plainly that they are drafts."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from typer.testing import CliRunner
from webtools import axe_violations, html_validate_errors, needs_axe, needs_html_validate

from commit_cli.cli.app import app
from commit_cli.core.vocabulary import Language, Status
from commit_cli.reports.languages import (
    DRAFT,
    LOCALES,
    catalog_path,
    catalog_states,
    language_of,
    wording_for,
)
from commit_cli.reports.messages import extract_messages, pot_path
from commit_cli.wording import ENGLISH

runner = CliRunner()
TRANSLATED = [language for language in Language if language != Language.en]
FIELD = re.compile(r"%\(\w+\)s")
KINDS = {
    "summary": ["summary", "--period", "2006-H1", "--as-of", "2006-06-30"],
    "ppc": ["ppc", "ppc-1", "--as-of", "2007-12-31"],
    "final": ["final", "--as-of", "2007-12-31"],
}
AS_OF = {"summary": date(2006, 6, 30), "ppc": date(2007, 12, 31), "final": date(2007, 12, 31)}


@cache
def catalog(language: Language) -> Catalog:
    return read_po(BytesIO(catalog_path(language).read_bytes()))


@cache
def messages() -> dict[str, Any]:
    return extract_messages()


def entries(found: Catalog) -> Iterator[Any]:
    return (message for message in found if message.id)


def msgid(message: Any) -> str:
    return str(message.id if isinstance(message.id, str) else message.id[0])


def translation(message: Any) -> str:
    strings = message.string
    return str(strings if isinstance(strings, str) else (strings[0] if strings else ""))


# --- the catalogs -------------------------------------------------------------------------


def test_messages_are_found_in_templates_and_python() -> None:
    found = messages()
    assert "Annex B: the record of changes" in found  # a template's _()
    assert found["milestone"].plural == "milestones"  # a |plural filter's nouns
    assert "marked %(status)s" in found  # Python's _()
    assert "partly met" in found  # a label of wording.labels
    assert "participant" in found  # wording.plural in Python


def test_the_template_catalog_is_current() -> None:
    pot = read_po(BytesIO(pot_path().read_bytes()))
    assert {msgid(m) for m in entries(pot)} == set(messages()), (
        "commit.pot is stale: run python -m commit_cli.reports.messages"
    )


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_every_message_is_translated_and_none_is_stale(language: Language) -> None:
    found = catalog(language)
    wanted = messages()
    have = {msgid(m): m for m in entries(found)}
    missing = sorted(set(wanted) - set(have))
    stale = sorted(set(have) - set(wanted)) + [msgid(m) for m in found.obsolete.values()]
    untranslated = sorted(k for k, m in have.items() if not translation(m).strip())
    fuzzy = sorted(k for k, m in have.items() if m.fuzzy)
    assert missing == [], f"{language}: messages missing from the catalog"
    assert stale == [], f"{language}: stale entries (python -m commit_cli.reports.messages)"
    assert untranslated == [], f"{language}: untranslated messages"
    assert fuzzy == [], f"{language}: fuzzy messages"
    for key, message in have.items():
        assert set(FIELD.findall(translation(message))) <= set(FIELD.findall(key)), key
        if "%(num)s" not in key:  # a count may read without its number
            assert set(FIELD.findall(translation(message))) == set(FIELD.findall(key)), key
        assert bool(wanted[key].plural) == bool(message.pluralizable), key


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_a_translation_cannot_break_the_markup_it_lands_in(language: Language) -> None:
    """Translations are printed as written (they are ours): no character that would end an
    HTML attribute, open a tag or a Markdown table cell, or start emphasis."""
    for message in entries(catalog(language)):
        text = translation(message)
        for char in '"<>|*`':
            assert char not in text or char in msgid(message), (msgid(message), text)


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_each_catalog_says_it_is_a_draft_awaiting_a_native_speaker(language: Language) -> None:
    head = catalog_path(language).read_text(encoding="utf-8")[:2000]
    assert f'"X-Review-Status: {DRAFT}\\n"' in head


def test_templates_list_shows_each_language_and_its_review_status() -> None:
    states = {state.language: state.review for state in catalog_states()}
    assert set(states) == set(Language)
    assert all(states[language] == DRAFT for language in TRANSLATED)
    result = runner.invoke(app, ["templates", "list"])
    assert result.exit_code == 0, result.output
    for language in TRANSLATED:
        line = next(x for x in result.output.splitlines() if x.startswith(f"  {language} "))
        assert "draft — not yet reviewed by a native speaker" in line
    shown = runner.invoke(app, ["templates", "list", "--json"])
    listed = {entry["language"]: entry["review"] for entry in json.loads(shown.output)["languages"]}
    assert listed == {str(language): review for language, review in states.items()}


# --- choosing a language ------------------------------------------------------------------


def test_an_unknown_language_is_refused_with_one_line_naming_them(plan_dir: Path) -> None:
    result = runner.invoke(app, ["report", "final", "--lang", "fr", "--plan", str(plan_dir)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        "commit: error: --lang: unknown language 'fr'; use one of en, km, lo, my, th, vi, zh"
    ]
    assert language_of(" TH ") == Language.th


def test_the_plan_sets_the_default_language_and_lang_overrides_it(tmp_path: Path) -> None:
    from conftest import HEADER, write_plan

    header = HEADER.replace("reporting:\n", "reporting:\n  language: th\n", 1)
    assert header != HEADER
    plan_dir = write_plan(tmp_path, header)
    plan = ["--plan", str(plan_dir)]
    thai = runner.invoke(app, ["report", "final", "-f", "html", *plan])
    assert thai.exit_code == 0, thai.output
    assert '<html lang="th">' in thai.output
    english = runner.invoke(app, ["report", "final", "-f", "html", "--lang", "en", *plan])
    assert english.exit_code == 0, english.output
    assert '<html lang="en">' in english.output


# --- numbers, days and labels -------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_numbers_days_and_labels_are_the_locale_s(language: Language) -> None:
    words = wording_for(language)
    locale = LOCALES[language][0]
    assert words.number(12345.6) == format_decimal(12345.6, locale=locale)
    assert words.number(1234) == format_decimal(1234, locale=locale)
    assert words.day("2006-06-30") == format_date(date(2006, 6, 30), "medium", locale=locale)
    assert words.status(Status.in_progress) == catalog(language).get("in progress").string
    assert words.status(Status.in_progress) != ENGLISH.status(Status.in_progress)


def test_lao_and_vietnamese_group_thousands_with_a_point() -> None:
    assert wording_for(Language.lo).number(12345.5) == "12.345,5"
    assert wording_for(Language.vi).number(1234) == "1.234"


def test_a_catalog_is_read_once_then_taken_from_the_cache() -> None:
    class Memory:
        def __init__(self) -> None:
            self.stored: dict[str, bytes] = {}

        def key(self, kind: str, *parts: bytes) -> str:
            return kind + str(hash(parts))

        def get(self, key: str) -> bytes | None:
            return self.stored.get(key)

        def put(self, key: str, data: bytes) -> None:
            self.stored[key] = data

    memory = Memory()
    first = wording_for(Language.km, memory)
    assert len(memory.stored) == 1
    (key,) = memory.stored
    memory.stored[key] = b'{"Summary": "from the cache"}'
    assert wording_for(Language.km, memory).gettext("Summary") == "from the cache"
    assert first.gettext("Summary") != "Summary"


# --- reports ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_repo: Path, demo_at_period: Callable[[str], Path]) -> dict[str, Path]:
    """The demo's plan as committed for 2006-H1 (its summary's record of changes), and at
    the end (its PPC and final reports), as the golden files take them."""
    return {"summary": demo_at_period("2006-H1") / "plan", "end": demo_repo / "plan"}


def render(plans: dict[str, Path], language: Language, kind: str, output_format: str) -> str:
    plan_dir = plans["summary" if kind == "summary" else "end"]
    return _render(plan_dir, language, kind, output_format)


@cache
def _render(plan_dir: Path, language: Language, kind: str, output_format: str) -> str:
    command = ["report", *KINDS[kind], "-f", output_format, "--lang", str(language)]
    result = runner.invoke(app, [*command, "--plan", str(plan_dir)])
    assert result.exit_code == 0, result.output
    return result.output


@cache
def _plan_text(plan_dirs: tuple[Path, ...]) -> str:
    """Every text of the plan (which stays as written): English found there is not chrome."""
    parts = [_render(path, Language.en, kind, "json") for path in plan_dirs for kind in KINDS]
    return "\n".join(json.dumps(json.loads(p), ensure_ascii=False) for p in parts).lower()


def english_chrome(plans: dict[str, Path], language: Language) -> list[str]:
    """The English fragments (at least 12 characters, or whole short messages that are not
    plan text) of every message whose translation differs: none may be left in a report."""
    found = []
    for message in entries(catalog(language)):
        if translation(message) == msgid(message):
            continue
        for fragment in FIELD.split(msgid(message)):
            fragment = fragment.strip(" ;:,.()")
            if len(fragment) >= 12 and fragment.lower() not in _plan_text(tuple(plans.values())):
                found.append(fragment)
    return found


@pytest.mark.parametrize("output_format", ["md", "html"])
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_every_report_renders_with_no_english_chrome_left(
    demo: dict[str, Path], language: Language, kind: str, output_format: str
) -> None:
    text = render(demo, language, kind, output_format)
    left = [fragment for fragment in english_chrome(demo, language) if fragment in text]
    assert left == []
    if output_format == "html":
        tag = LOCALES[language][1]
        assert f'<html lang="{tag}">' in text
        # short messages too: no heading, column head or caption reads as an English msgid
        english = {msgid(m) for m in entries(catalog(language)) if translation(m) != msgid(m)}
        heads = re.findall(r"<(?:h[1-4]|caption|th scope=\"col\")[^>]*>([^<]+)<", text)
        assert [head for head in heads if head.strip() in english] == []
    as_of = AS_OF[kind]
    assert format_date(as_of, "medium", locale=LOCALES[language][0]) in text


def test_the_english_fragments_checked_are_many(demo: dict[str, Path]) -> None:
    """The check above would pass on anything if it checked nothing."""
    fragments = english_chrome(demo, Language.zh)
    assert len(fragments) > 100
    english = render(demo, Language.en, "summary", "html")
    assert sum(fragment in english for fragment in fragments) > 40


def test_chinese_is_marked_simplified_and_drawn_with_the_sc_font_first(
    demo: dict[str, Path],
) -> None:
    html = render(demo, Language.zh, "summary", "html")
    assert '<html lang="zh-Hans">' in html
    rule = re.search(r"^body, \.chart text \{ font-family: ([^;]+);", html, flags=re.M)
    assert rule is not None
    assert rule.group(1).startswith('"Noto Sans CJK SC"')
    thai = render(demo, Language.th, "summary", "html")
    assert "Noto Sans CJK SC" not in thai.split("Noto Sans Thai")[0]


def test_the_page_counter_reads_in_the_language(demo: dict[str, Path]) -> None:
    html = render(demo, Language.zh, "final", "html")
    assert '@bottom-right { content: "第 " counter(page) " 页，共 " counter(pages) " 页";' in html
    english = render(demo, Language.en, "final", "html")
    assert '@bottom-right { content: "page " counter(page) " of " counter(pages);' in english


@pytest.mark.slow
@needs_axe
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_translated_report_passes_axe(demo: dict[str, Path], kind: str) -> None:
    assert [str(v) for v in axe_violations(render(demo, Language.th, kind, "html"))] == []


@pytest.mark.slow
@needs_html_validate
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_translated_report_passes_html_validate(demo: dict[str, Path], kind: str) -> None:
    assert html_validate_errors(render(demo, Language.zh, kind, "html")) == []


def test_a_translated_word_document_has_its_words_and_language(
    demo: dict[str, Path], tmp_path: Path
) -> None:
    from docx import Document

    target = tmp_path / "final.docx"
    command = ["report", *KINDS["final"], "--lang", "vi", "-o", str(target)]
    result = runner.invoke(app, [*command, "--plan", str(demo["end"])])
    assert result.exit_code == 0, result.output
    document = Document(str(target))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "1. Tiến độ đạt được" in texts  # "1. Progress made"
    assert "(Biểu đồ ở đây được hiển thị trong báo cáo HTML và PDF.)" in texts
    assert document.core_properties.language == "vi"
