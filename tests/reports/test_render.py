"""Rendering: Markdown that GitHub reads as intended, HTML that is inert whatever the plan
says, templates that cannot reach Python, and broken templates named by file and line."""

from __future__ import annotations

import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import PPC_1, PPC_2, PPC_3, STATUS_HEADER, write_plan
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from commit_cli.core.model import Plan
from commit_cli.errors import BrokenTemplate
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.reports import render as render_module
from commit_cli.reports.context import final_context, ppc_context, summary_context
from commit_cli.reports.render import md_escape, render
from commit_cli.reports.templates import TemplateFolder, template_folders

AS_OF = date(2006, 6, 30)
HOSTILE_TITLE = (
    '<script>alert(1)</script> {{ 7*7 }} {% raw %}x *bold* | [a](b) "><img src=x onerror=alert(2)>'
)


def defaults() -> list[TemplateFolder]:
    return template_folders(None, None)


def contexts(plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("summary", summary_context(plan, "2006-H1", AS_OF)),
        ("ppc", ppc_context(plan, "ppc-3", None, AS_OF)),
        ("final", final_context(plan, date(2007, 12, 31))),
    ]


def gfm() -> MarkdownIt:
    return MarkdownIt("gfm-like" if "gfm-like" in MarkdownIt().options else "commonmark").enable(
        "table"
    )


@pytest.mark.parametrize("kind", ["summary", "ppc", "final"])
def test_markdown_tables_are_tables_for_a_gfm_parser(plan: Plan, kind: str) -> None:
    context = dict(contexts(plan))[kind]
    text = render(defaults(), kind, "md", context)
    tokens = gfm().parse(text)
    table_lines = [line for line in text.splitlines() if line.startswith("| ")]
    rows = [t for t in tokens if t.type == "tr_open"]
    assert table_lines
    assert len(rows) == len(table_lines)
    assert not [
        line for line in text.splitlines() if line.startswith("|---") and "---|" not in line
    ]
    assert text.startswith("# ")


def test_the_summary_has_a_mermaid_gantt_of_the_period(plan: Plan) -> None:
    text = render(defaults(), "summary", "md", summary_context(plan, "2006-H1", AS_OF))
    (fence,) = [t for t in gfm().parse(text) if t.type == "fence"]
    assert fence.info == "mermaid"
    assert fence.content.startswith("gantt\n")
    assert "Training of social workers :active, 2006-01-01, 2006-06-30" in fence.content


def hostile_plan(tmp_path: Path) -> Plan:
    ppc = (
        PPC_3.replace(
            "title: Training of social workers",
            f"title: '{HOSTILE_TITLE.replace(chr(39), chr(39) * 2)}'",
        )
        .replace(
            "    report: https://example.org/ppc3/guidelines.pdf\n",
            "    report: 'javascript:alert(3)'\n",
        )
        .replace("objective: Support victims.", "objective: '{{ 7*7 }} <b>bold</b> & ${x}'")
    )
    plan_dir = write_plan(
        tmp_path, STATUS_HEADER, {"ppc-01": PPC_1, "ppc-02": PPC_2, "ppc-03": ppc}
    )
    result = load_plan(FolderSource(plan_dir))
    assert result.plan is not None, [p.format() for p in result.problems]
    return result.plan


def test_plan_text_in_html_is_inert(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path)
    for kind, context in contexts(plan):
        html = render(defaults(), kind, "html", context)
        assert "<script" not in html.lower()
        assert "<img" not in html.lower()
        assert "onerror=alert" not in html.replace(
            "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;", ""
        )
        assert "javascript:" not in html.lower().replace("javascript:alert(3)</", "")
        assert 'href="javascript' not in html.lower()
        assert "49" not in re.findall(r"\b49\b", html)
        assert "&lt;script&gt;" in html or kind == "final"


def test_plan_text_in_markdown_is_inert(tmp_path: Path) -> None:
    plan = hostile_plan(tmp_path)
    text = render(defaults(), "ppc", "md", ppc_context(plan, "ppc-3", None, AS_OF))
    rendered = gfm().render(text)
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert "<b>" not in rendered
    assert "{{ 7*7 }}" in rendered
    assert "49" not in re.findall(r"\b49\b", rendered)
    assert 'href="javascript' not in rendered
    assert "javascript:alert(3)" in rendered  # shown as text, not linked


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a *b* _c_", r"a \*b\* \_c\_"),
        ("x | y", r"x \| y"),
        ("<b>", r"\<b\>"),
        ("# not a heading", r"\# not a heading"),
        ("1. not a list", r"1\. not a list"),
        ("1.", r"1\."),
        ("2) not a list", r"2\) not a list"),
        ("999.50", "999.50"),  # a number, not a list item: no backslash in the table
        ("- not a list", r"\- not a list"),
        ("[a](javascript:x)", r"\[a\](javascript:x)"),
        ("$x$", r"\$x\$"),
        ("&lt; &amp", r"&amp;lt; &amp"),
        ("two\n\nlines", "two lines"),
        ("2006-03-14", "2006-03-14"),
    ],
)
def test_markdown_escaping(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def _md_escape_every_step(value: str) -> str:
    """md_escape as it was before it skipped text with nothing to escape: every step."""
    text = render_module._SPACES.sub(" ", value)
    text = render_module._MD_SPECIAL.sub(r"\\\1", text)
    text = render_module._MD_ENTITY.sub("&amp;", text)
    return render_module._MD_LINE_START.sub(render_module._escape_line_start, text)


@given(st.text(alphabet=st.sampled_from(list(" \t\n\u00a0\u2028ab19.)#+=>-*_|&;<`~$[]{}"))))
@example(" 1. x")
@example(" # x")
@example("a  b")
@example("12)")
def test_markdown_escaping_skips_only_what_needs_nothing(text: str) -> None:
    """The shortcut for text with nothing to escape never leaves out an escape."""
    assert md_escape(text) == _md_escape_every_step(text)


def custom(tmp_path: Path, name: str, source: str) -> list[TemplateFolder]:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(source, encoding="utf-8")
    return template_folders(None, folder)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("line one\n{% if %}\n", r"mine/summary\.md\.j2:2: Expected an expression"),
        (
            "{{ report.title }}\n{{ no_such_name }}\n",
            r"mine/summary\.md\.j2:2: 'no_such_name' is undefined",
        ),
        ("{{ report.tittle }}\n", r"mine/summary\.md\.j2:1: .*has no attribute 'tittle'"),
        ("\n\n{{ ''.__class__.__mro__ }}\n", r"mine/summary\.md\.j2:3: .*__class__"),
        ("{{ report.title.__class__.__base__.__subclasses__() }}", r"mine/summary\.md\.j2:1: "),
        ("{% for x in range(10**9) %}{% endfor %}", r"mine/summary\.md\.j2:1: .*Range too big"),
        ("{% include '../../etc/passwd' %}", r"j2:1: template '\.\./\.\./etc/passwd' refused"),
        ("{% include '/etc/passwd' %}", r"j2:1: template '/etc/passwd' refused"),
        ("{{ 1/0 }}", r"mine/summary\.md\.j2:1: ZeroDivisionError"),
        (
            "\n{{ 'in progress'|status_label }}",
            r"mine/summary\.md\.j2:2: ValueError: 'in progress' is not one of planned, in_progress",
        ),
        ("{{ 'x' * 10**9 }}", r"mine/summary\.md\.j2:1: a text or list repeated past"),
        ("{{ 9 ** 9 ** 9 }}", r"mine/summary\.md\.j2:1: .* is too large for a report"),
        (
            "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
            r"summary\.md\.j2: the report grew past 64 MiB",
        ),
    ],
)
def test_a_broken_or_hostile_template_is_named_by_file_and_line(
    plan: Plan, tmp_path: Path, source: str, message: str
) -> None:
    folders = custom(tmp_path, "summary.md.j2", source)
    with pytest.raises(BrokenTemplate, match=message):
        render(folders, "summary", "md", summary_context(plan, "2006-H1", AS_OF))


def test_a_link_out_of_the_templates_folder_is_not_followed(plan: Plan, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md.j2"
    secret.write_text("SECRET", encoding="utf-8")
    folders = custom(tmp_path, "summary.md.j2", "{% include 'leak.md.j2' %}")
    os.symlink(secret, tmp_path / "mine" / "leak.md.j2")
    with pytest.raises(BrokenTemplate, match=r"template 'leak\.md\.j2' refused: it is a link"):
        render(folders, "summary", "md", summary_context(plan, "2006-H1", AS_OF))


def test_a_users_template_overrides_the_default_by_name(plan: Plan, tmp_path: Path) -> None:
    folders = custom(tmp_path, "_macros.md.j2", "{% macro notice(text) %}MINE{% endmacro %}\n")
    with pytest.raises(BrokenTemplate):  # the page uses macros the override lacks
        render(folders, "summary", "md", summary_context(plan, "2006-H1", AS_OF))
    folders = custom(tmp_path, "summary.md.j2", "# {{ report.title }} for {{ plan.id }}\n")
    text = render(folders, "summary", "md", summary_context(plan, "2006-H1", AS_OF))
    assert text == "# Six-monthly summary report to the Governments, 2006-H1 for test-plan\n"


def test_a_plan_repository_template_comes_before_the_default(tmp_path: Path) -> None:
    plan_dir = write_plan(tmp_path)
    (tmp_path / "templates").mkdir()
    folders = template_folders(plan_dir, None)
    assert [f.origin for f in folders] == ["plan", "default"]
    assert template_folders(plan_dir, tmp_path)[0].origin == "--templates"


class Balance(HTMLParser):
    """Counts end tags that close something other than the innermost open element."""

    VOID = frozenset({"meta", "br", "img", "input", "hr", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.wrong: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.wrong.append(tag)


@pytest.mark.parametrize("kind", ["summary", "ppc", "final"])
def test_html_is_one_balanced_self_contained_page(plan: Plan, kind: str) -> None:
    html = render(defaults(), kind, "html", dict(contexts(plan))[kind])
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    for outside in ("<script", " src=", "url(", "@import", "<link", "<iframe"):
        assert outside not in html
    assert "@media print" in html
    assert "size: A4" in html
    assert 'name="viewport"' in html
    assert '<th scope="col">' in html
    # every picture is named for a screen reader (a chart also by its <title>)
    assert all(' role="img" aria-label="' in svg.split(">")[0] for svg in html.split("<svg")[1:])
    balance = Balance()
    balance.feed(html)
    assert balance.wrong == []
    assert balance.open == []
