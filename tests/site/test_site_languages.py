"""The site in the six countries' languages (`commit site --lang`): every page kind with no
English chrome left, its language named, the same figures as `commit status --json` worded
as the language words numbers, the same bytes every time, an accessible and valid page; the
plan's translated titles where current; English as it was."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from site_helpers import build, files, pages, parse, run
from test_site_figures import mismatches
from typer.testing import CliRunner
from webtools import axe_violations, html_validate_errors, needs_axe, needs_html_validate

from commit_cli.cli.app import app
from commit_cli.core.vocabulary import Language
from commit_cli.reports.languages import LOCALES, catalog_path, wording_for

FIELD = re.compile(r"%\(\w+\)s")
DAY = "2007-06-30"
KINDS: tuple[str, ...] = ("index.html", "a-z.html", "search.html", "ppc/", "milestone/")
KINDS += ("indicator/", "country/", "period/")


@cache
def catalog(language: Language) -> Catalog:
    return read_po(BytesIO(catalog_path(language).read_bytes()))


def english_fragments(language: Language, plan_text: str) -> list[str]:
    """The English fragments (at least 12 characters, not plan text) of every message the
    catalog words differently: none may be left on a translated page."""
    found = []
    for message in catalog(language):
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        translated = message.string or ""
        string = translated if isinstance(translated, str) else translated[0]
        if string == msgid:
            continue
        for fragment in FIELD.split(msgid):
            fragment = fragment.strip(" ;:,.()…")
            if len(fragment) >= 12 and fragment.lower() not in plan_text:
                found.append(fragment)
    return found


def short_english(language: Language) -> set[str]:
    """Whole messages the catalog translates (headings, column heads, labels)."""
    found = set()
    for message in catalog(language):
        if message.id and isinstance(message.id, str) and message.string != message.id:
            found.add(message.id)
    return found


@pytest.fixture(scope="module")
def plan(demo_at_period: Callable[[str], Path]) -> Path:
    return demo_at_period("2007-H1") / "plan"


@pytest.fixture(scope="module")
def sites(plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The demo's site as of DAY in a language, built once per language."""
    made: dict[str, Path] = {}

    def site(language: str) -> Path:
        if language not in made:
            root = tmp_path_factory.mktemp(f"site-{language}") / "public"
            build(plan, root, "--as-of", DAY, "--lang", language)
            made[language] = root
        return made[language]

    return site


def one_of_each(root: Path) -> dict[str, str]:
    """The home, A–Z and search pages and the first page of each other kind."""
    found = pages(root)
    return {
        kind: next(t for name, t in sorted(found.items()) if name.startswith(kind))
        for kind in KINDS
    }


@pytest.mark.parametrize("language", [Language.th, Language.zh], ids=str)
def test_every_page_kind_has_no_english_chrome_left(
    sites: Callable[[str], Path], language: Language
) -> None:
    root = sites(str(language))
    plan_text = (root / "data" / "plan.json").read_text("utf-8").lower()
    fragments = english_fragments(language, plan_text)
    english = short_english(language)
    for kind, html in one_of_each(root).items():
        text = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.DOTALL)
        assert [f for f in fragments if f in text] == [], kind
        heads = re.findall(
            r"<(?:h[1-4]|th scope=\"col\"|th scope=\"row\"|label|span)[^>]*>([^<]+)<", text
        )
        assert [h for h in heads if h.strip() in english] == [], kind
        attributes = re.findall(
            r'(?:aria-label|alt|title|data-(?:type|none|one|many|limited))="([^"]+)"', text
        )
        assert [a for a in attributes if a in english] == [], kind
        assert f'<html lang="{LOCALES[language][1]}">' in html, kind


def test_the_english_fragments_checked_are_many(sites: Callable[[str], Path]) -> None:
    """The check above would pass on anything if it found nothing to look for: the English
    site holds many of the fragments a Thai one may not."""
    english = sites("en")
    plan_text = (english / "data" / "plan.json").read_text("utf-8").lower()
    fragments = english_fragments(Language.th, plan_text)
    shown = "\n".join(one_of_each(english).values())
    assert sum(fragment in shown for fragment in fragments) > 60
    assert '<html lang="en">' in shown


def test_search_words_come_from_the_page_in_its_language(sites: Callable[[str], Path]) -> None:
    html = (sites("th") / "search.html").read_text("utf-8")
    words = dict(re.findall(r'data-(type|none|one|many|limited|limit)="([^"]*)"', html))
    assert set(words) == {"type", "none", "one", "many", "limited", "limit"}
    assert words["none"] == "ไม่พบรายการ"
    assert "{count}" in words["many"]
    assert "{count}" in words["limited"]
    script = (sites("th") / "search.js").read_text("utf-8")
    for english in ("pages found", "page found", "Nothing found", "Type words", "are shown"):
        assert english not in script  # the script's words are the page's
    index = (sites("th") / "search-index.js").read_text("ascii")
    kinds = {row[1] for row in json.loads(index.split("=", 1)[1].strip().rstrip(";"))}
    assert kinds == {
        wording_for(Language.th).gettext(k)
        for k in ("PPC", "milestone", "indicator", "country", "period")
    }


def test_chinese_pages_are_simplified_and_drawn_with_the_sc_font_first(
    sites: Callable[[str], Path],
) -> None:
    html = (sites("zh") / "index.html").read_text("utf-8")
    assert '<html lang="zh-Hans">' in html
    rule = re.search(r"^body, \.chart text \{ font-family: ([^;]+);", html, flags=re.M)
    assert rule is not None
    assert rule.group(1).startswith('"Noto Sans CJK SC"')
    assert 'font-family: "Noto Sans CJK SC"' not in (sites("th") / "index.html").read_text("utf-8")


@pytest.mark.parametrize("language", [Language.th, Language.lo, Language.zh], ids=str)
def test_the_home_page_has_status_figures_worded_in_the_language(
    sites: Callable[[str], Path], plan: Path, language: Language
) -> None:
    status: dict[str, Any] = json.loads(
        run("status", "--plan", str(plan), "--as-of", DAY, "--json")
    )
    home = (sites(str(language)) / "index.html").read_text("utf-8")
    words = wording_for(language)
    assert mismatches(status, home, words) == []
    figures = {key: text for row, key, text in parse(home).figures if not row}
    assert figures["milestones.total"] == words.number(status["milestones"]["total"])
    assert words.day(DAY) in home


def test_a_translated_site_is_the_same_bytes_every_time(
    sites: Callable[[str], Path], plan: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    build(plan, again, "--as-of", DAY, "--lang", "th")
    assert files(again) == files(sites("th"))


def test_a_language_change_renders_every_page_again(
    sites: Callable[[str], Path], plan: Path, tmp_path: Path
) -> None:
    """An incremental build in another language leaves no page in the old one."""
    root = tmp_path / "site"
    build(plan, root, "--as-of", DAY)
    build(plan, root, "--as-of", DAY, "--lang", "vi", "--incremental")
    assert all('<html lang="vi">' in html for html in pages(root).values())


def test_the_plan_s_default_language_is_the_site_s(tmp_path: Path) -> None:
    from conftest import HEADER, write_plan

    plan_dir = write_plan(
        tmp_path, HEADER.replace("reporting:\n", "reporting:\n  language: km\n", 1)
    )
    build(plan_dir, tmp_path / "km")
    assert '<html lang="km">' in (tmp_path / "km" / "index.html").read_text("utf-8")
    build(plan_dir, tmp_path / "en", "--lang", "en")
    assert '<html lang="en">' in (tmp_path / "en" / "index.html").read_text("utf-8")


def test_an_unknown_language_is_refused_with_one_line(plan_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["site", "-o", str(tmp_path / "out"), "--lang", "fr"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "commit: error: --lang: unknown language 'fr'; use one of en, km, lo, my, th, vi, zh"
    ]
    assert not (tmp_path / "out").exists()


# --- the plan's translated titles ---------------------------------------------------------

KHMER = (
    "titles:\n"
    "  ppc-1: {source: Activity 1, title: សកម្មភាព ១}\n"
    "  ppc1-seminar: {source: Regional seminar, title: សិក្ខាសាលាថ្នាក់តំបន់}\n"
    "short_titles:\n"
    "  ppc-1: {source: Information exchange, title: ការផ្លាស់ប្តូរព័ត៌មាន}\n"
)


def with_khmer(plan_dir: Path, text: str) -> Path:
    (plan_dir / "i18n").mkdir(exist_ok=True)
    (plan_dir / "i18n" / "km.yaml").write_text(text, encoding="utf-8")
    return plan_dir


def summary(plan_dir: Path, *args: str) -> str:
    command = ["report", "summary", "--period", "2006-H1", "-f", "html", "--plan", str(plan_dir)]
    return run(*command, *args)


def test_the_site_and_the_report_show_current_translated_titles(
    plan_dir: Path, tmp_path: Path
) -> None:
    with_khmer(plan_dir, KHMER)
    build(plan_dir, tmp_path / "km", "--as-of", "2006-06-30", "--lang", "km")
    ppc = (tmp_path / "km" / "ppc" / "ppc-1.html").read_text("utf-8")
    assert "<h1>PPC 1: ការផ្លាស់ប្តូរព័ត៌មាន</h1>" in ppc
    assert "<p>សកម្មភាព ១</p>" in ppc
    milestone = (tmp_path / "km" / "milestone" / "ppc1-seminar.html").read_text("utf-8")
    assert "<h1>សិក្ខាសាលាថ្នាក់តំបន់</h1>" in milestone
    report = summary(plan_dir, "--lang", "km")
    assert "ការផ្លាស់ប្តូរព័ត៌មាន" in report
    assert "Information exchange" not in report
    # in English, and in another language, the plan reads as written
    build(plan_dir, tmp_path / "en", "--as-of", "2006-06-30")
    english = (tmp_path / "en" / "ppc" / "ppc-1.html").read_text("utf-8")
    assert "<h1>PPC 1: Information exchange</h1>" in english
    thai = summary(plan_dir, "--lang", "th")
    assert "Information exchange" in thai
    assert "ការផ្លាស់ប្តូរ" not in thai


def test_a_stale_translation_shows_the_english(plan_dir: Path, tmp_path: Path) -> None:
    stale = KHMER.replace("source: Information exchange", "source: Information sharing")
    with_khmer(plan_dir, stale)
    build(plan_dir, tmp_path / "km", "--as-of", "2006-06-30", "--lang", "km")
    ppc = (tmp_path / "km" / "ppc" / "ppc-1.html").read_text("utf-8")
    assert "<h1>PPC 1: Information exchange</h1>" in ppc
    assert "<p>សកម្មភាព ១</p>" in ppc  # the title whose English has not changed
    report = summary(plan_dir, "--lang", "km")
    assert "Information exchange" in report
    assert "ការផ្លាស់ប្តូរព័ត៌មាន" not in report


# --- checked by axe-core and the validator -------------------------------------------------


@pytest.mark.slow
@needs_axe
@pytest.mark.parametrize("language", [Language.th, Language.zh], ids=str)
def test_a_translated_home_page_passes_axe(
    sites: Callable[[str], Path], language: Language
) -> None:
    html = (sites(str(language)) / "index.html").read_text("utf-8")
    assert [str(v) for v in axe_violations(html)] == []


@pytest.mark.slow
@needs_html_validate
@pytest.mark.parametrize("language", [Language.th, Language.zh], ids=str)
def test_a_translated_page_of_each_kind_passes_html_validate(
    sites: Callable[[str], Path], language: Language
) -> None:
    for kind, html in one_of_each(sites(str(language))).items():
        assert html_validate_errors(html) == [], kind


def test_every_day_marked_as_a_time_says_it_as_yyyy_mm_dd(sites: Callable[[str], Path]) -> None:
    """A <time> whose text is a day in the reader's language (Thai writes the Buddhist year)
    carries the day as YYYY-MM-DD in `datetime`, as HTML asks of a <time> whose text is not
    a machine-readable date (found by review)."""
    root = sites("th")
    seen = 0
    for page in root.rglob("*.html"):
        for attributes in re.findall(r"<time\b([^>]*)>", page.read_text("utf-8")):
            assert re.fullmatch(r' datetime="\d{4}-\d{2}-\d{2}"', attributes), (page, attributes)
            seen += 1
    assert seen > 100
