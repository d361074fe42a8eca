"""The long lists' rows (`reports/rows.py`) are what the template rows and macros they
replaced made, byte for byte, whatever the plan's text holds (Markdown and HTML syntax,
line breaks, missing values), in English and in a translated language.

The old rows are kept here as templates (using the `_macros` that still ship), rendered
by the same environment as a report, beside the filter that now writes each row; where the
rows were made smaller since (a cell kept on one line by its table's class, not its own;
the chart's bars drawn as paths), the template here is the smaller row."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Template

from commit_cli.core.vocabulary import Language
from commit_cli.reports.languages import wording_for
from commit_cli.reports.limits import MAX_TEXT
from commit_cli.reports.render import environment
from commit_cli.reports.rows import BLOCK_CHARACTERS, ROWS_PER_BLOCK, blocks
from commit_cli.reports.templates import TemplateFolder, default_templates_dir
from commit_cli.wording import ENGLISH, Wording

FOLDERS = [TemplateFolder(default_templates_dir(), "default", "templates")]

OLD_MD = {
    "annex_row": '| {{ m.name(d) }} | {{ d.ppc_label }} | {{ d.status_text }}{% if d.overdue %}, {{ _("overdue") }}{% endif %} | {{ m.window(d.window) }} | {{ m.dates(d) }} |',  # noqa: E501
    "next_row": '| {{ d.window.end|date }} | {{ m.name(d) }} | {{ d.ppc_label }} | {{ d.status_text }}{% if d.tentative %} ({{ _("conditional") }}){% endif %} |',  # noqa: E501
    "slip_row": "| {{ m.name(d) }} | {{ d.ppc_label }} | {{ d.postponed.date|date }} | {{ m.window(d.postponed.from_window) }} | {{ m.window(d.window) }} | {% if d.postponed.slip_days is not none %}{{ d.postponed.slip_days|days }}{% else %}–{% endif %} | {{ d.postponed.reason }} |",  # noqa: E501
    "done_row": '| {{ m.name(d) }} | {{ m.dates(d) }} | {{ m.attendance(d.attended) }} | {{ d.outcome or "–" }} | {{ m.report_link(d.report) }} |',  # noqa: E501
    "under_way_item": '- {{ m.name(d) }}, {{ _("since %(day)s", day=d.actual.start) if d.actual and d.actual.start else _("since an unrecorded day") }}{% if d.window %}{{ _("; planned by %(day)s", day=d.window.end|date) }}{% endif %}',  # noqa: E501
    "overdue_item": '- {{ m.name(d) }}: {{ _("overdue, due %(day)s", day=d.window.end|date) }}{% if d.days_late %}, {{ _("%(days)s late", days=d.days_late|days) }}{% endif %} ({{ d.status_text }}).',  # noqa: E501
    "postponed_item": '- {{ m.name(d) }}: {{ _("postponed on %(day)s from %(old)s to %(new)s", day=d.postponed.date|date, old=m.window(d.postponed.from_window), new=m.window(d.window)) }}{% if d.postponed.slip_days is not none %} ({{ _("%(days)s later", days=d.postponed.slip_days|days) }}){% endif %}. {{ _("Reason:") }} {{ d.postponed.reason }}',  # noqa: E501
    "cancelled_item": '- {{ m.name(d) }}: {{ _("cancelled on %(day)s.", day=d.cancelled.date|date) }} {{ _("Reason:") }} {{ d.cancelled.reason }}',  # noqa: E501
}
OLD_HTML = {
    "slip_row": '<tr><th scope="row">{{ m.name(d) }}</th><td>{{ d.ppc_label }}</td><td>{{ d.postponed.date|date }}</td><td>{{ m.window(d.postponed.from_window) }}</td><td>{{ m.window(d.window) }}</td><td class="n">{% if d.postponed.slip_days is not none %}{{ d.postponed.slip_days|days }}{% else %}–{% endif %}</td><td>{{ d.postponed.reason }}</td></tr>',  # noqa: E501
    "overdue_item": '<li>{{ m.name(d) }}: {{ _("overdue, due %(day)s", day=d.window.end|date) }}{% if d.days_late %}, {{ _("%(days)s late", days=d.days_late|days) }}{% endif %} ({{ d.status_text }}).</li>',  # noqa: E501
    "postponed_item": '<li>{{ m.name(d) }}: {{ _("postponed on %(day)s from %(old)s to %(new)s", day=d.postponed.date|date, old=m.window(d.postponed.from_window), new=m.window(d.window)) }}{% if d.postponed.slip_days is not none %} ({{ _("%(days)s later", days=d.postponed.slip_days|days) }}){% endif %}. {{ _("Reason:") }} {{ d.postponed.reason }}</li>',  # noqa: E501
    "cancelled_item": '<li>{{ m.name(d) }}: {{ _("cancelled on %(day)s.", day=d.cancelled.date|date) }} {{ _("Reason:") }} {{ d.cancelled.reason }}</li>',  # noqa: E501
}
OLD_MILESTONE_ROW = '<tr><th scope="row">{{ m.name(d) }}</th>{% if "ppc" in columns %}<td>{{ d.ppc_label }}</td>{% endif %}{% if "status" in columns %}<td>{{ m.status(d) }}</td>{% elif "state" in columns %}<td>{{ d.status_text }}{% if d.overdue %}, <b>{{ _("overdue") }}</b>{% endif %}</td>{% endif %}{% if "planned" in columns %}<td>{{ m.window(d.window) }}</td>{% endif %}{% if "actual" in columns %}<td>{% if d.actual and d.actual.start and d.actual.end and d.actual.start != d.actual.end %}{{ d.actual.start|dates(d.actual.end) }}{% elif d.actual and d.actual.end %}{{ d.actual.end|date }}{% elif d.actual and d.actual.start %}{{ _("from %(day)s", day=d.actual.start|date) }}{% else %}–{% endif %}</td>{% endif %}{% if "attendance" in columns %}<td>{{ m.attendance(d.attended) }}</td>{% endif %}{% if "outcome" in columns %}<td>{{ d.outcome or "–" }}</td>{% endif %}{% if "report" in columns %}<td>{{ m.report_link(d.report) }}</td>{% endif %}</tr>'  # noqa: E501
OLD_GANTT_MD = """{% for row in rows %}
{% set bar = row.bars[-1] if row.bars else none %}
{% if bar %}
{% set end = bar.end if bar.end != bar.start else "1d" %}
    {{ row.short_label|mermaid }} :{% if row.done %}done, {% elif row.in_progress %}active, {% elif row.overdue %}crit, {% endif %}{{ bar.start|mermaid }}, {{ end|mermaid }}
{% endif %}
{% endfor %}"""  # noqa: E501
OLD_GANTT_HTML = """{% for row in rows %}
<text y="{{ row.svg_text_y }}"><title>{{ row.title }} ({{ row.status|status_label }}{% for bar in row.bars %}; {{ _("planned") if bar.planned else _("actual") }} {{ bar.start|dates(bar.end) }}{% endfor %})</title>{{ row.short_label }}</text>
{% endfor %}"""  # noqa: E501

# plan text as hostile as it comes: Markdown and HTML syntax, entities, line breaks
TEXT = st.text(alphabet=st.sampled_from(list("ab 1.#-*_`|<>&;[]()\\~${}\n\t\"'%")), max_size=12)
DAY = st.sampled_from(["2006-01-01", "2006-03-15", "2006-06-30"])
WINDOW = st.none() | st.fixed_dictionaries({"label": TEXT, "end": DAY, "start": DAY})
STATUS = st.sampled_from(["planned", "in_progress", "done", "postponed", "cancelled"])
ENTRY = st.fixed_dictionaries(
    {
        "id": TEXT,
        "title": TEXT,
        "ppc_label": TEXT,
        "status": STATUS,
        "status_text": TEXT,
        "overdue": st.booleans(),
        "days_late": st.none() | st.integers(0, 400),
        "tentative": st.booleans(),
        "window": WINDOW,
        "actual": st.none()
        | st.fixed_dictionaries({"start": st.none() | DAY, "end": st.none() | DAY}),
        "attended": st.none()
        | st.fixed_dictionaries(
            {
                "total": st.integers(0, 5000),
                "women": st.none() | st.integers(0, 99),
                "men": st.none() | st.integers(0, 99),
                "countries": st.lists(
                    st.fixed_dictionaries({"code": TEXT, "value": st.integers(0, 9)}), max_size=2
                ),
            }
        ),
        "outcome": st.none() | TEXT,
        "report": st.none() | st.fixed_dictionaries({"text": TEXT, "href": st.none() | TEXT}),
        "postponed": st.fixed_dictionaries(
            {
                "date": DAY,
                "reason": TEXT,
                "from_window": WINDOW,
                "slip_days": st.none() | st.integers(-30, 400),
            }
        ),
        "cancelled": st.fixed_dictionaries({"date": DAY, "reason": TEXT}),
    }
)
BAR = st.fixed_dictionaries(
    {
        "planned": st.booleans(),
        "start": DAY,
        "end": DAY,
        "svg_x": st.floats(0, 1000, allow_nan=False),
        "svg_y": st.integers(0, 900),
        "svg_width": st.floats(0, 1000, allow_nan=False),
    }
)
GANTT_ROW = st.fixed_dictionaries(
    {
        "ppc_label": TEXT,
        "title": TEXT,
        "short_label": TEXT,
        "status": STATUS,
        "done": st.booleans(),
        "in_progress": st.booleans(),
        "overdue": st.booleans(),
        "svg_text_y": st.integers(0, 900),
        "bars": st.lists(BAR, max_size=2),
    }
)
WORDS = st.sampled_from([Language.en, Language.th])


@cache
def words_of(language: Language) -> Wording:
    return ENGLISH if language == Language.en else wording_for(language, None)


@cache
def template(output_format: str, words: Wording, source: str) -> Template:
    """Compiled once per format, language and source (hypothesis runs each many times)."""
    env = environment(FOLDERS, output_format, words)
    macros = f'{{% import "_macros.{output_format}.j2" as m %}}'
    return env.from_string(macros + source)


def rendered(output_format: str, words: Wording, source: str, **values: Any) -> str:
    return template(output_format, words, source).render(**values)


def same(output_format: str, words: Wording, new: str, old: str, **values: Any) -> None:
    """The new row is the old one; where the old one could not be written (an entry no
    report holds: a planned-next milestone without a window), neither can the new."""
    try:
        expected = rendered(output_format, words, old, **values)
    except Exception:
        with pytest.raises(Exception):  # noqa: B017, PT011
            rendered(output_format, words, new, **values)
        return
    assert rendered(output_format, words, new, **values) == expected, new


@settings(max_examples=60, deadline=None)
@given(ENTRY, WORDS)
def test_markdown_rows_are_the_rows_the_template_wrote(
    d: dict[str, Any], language: Language
) -> None:
    words = words_of(language)
    for name, old in OLD_MD.items():
        same("md", words, "{{ d|" + name + " }}", old, d=d)


@settings(max_examples=60, deadline=None)
@given(
    ENTRY,
    WORDS,
    st.sampled_from(
        [
            ("ppc", "state", "planned", "actual"),
            ("ppc", "state", "planned"),
            ("actual", "attendance", "outcome", "report"),
            ("status", "planned"),
            ("planned", "actual"),
            "ppc planned",  # a text, as a template may pass: tested as the header tests it
        ]
    ),
)
def test_html_rows_are_the_rows_the_template_wrote(
    d: dict[str, Any], language: Language, columns: tuple[str, ...] | str
) -> None:
    words = words_of(language)
    for name, old in OLD_HTML.items():
        same("html", words, "{{ d|" + name + " }}", old, d=d)
    same("html", words, "{{ d|milestone_row(columns) }}", OLD_MILESTONE_ROW, d=d, columns=columns)


@settings(max_examples=60, deadline=None)
@given(st.lists(GANTT_ROW, max_size=3), WORDS)
def test_chart_rows_are_the_rows_the_macro_wrote(rows: list[Any], language: Language) -> None:
    words = words_of(language)
    new = "{% for row in rows %}\n{{ row|gantt_row }}\n{%- endfor %}"
    for output_format, old in (("md", OLD_GANTT_MD), ("html", OLD_GANTT_HTML)):
        same(output_format, words, new, old, rows=rows)


BAR_PATH = re.compile(r"M([0-9.]+) ([0-9.]+)h([0-9.]+)v(14|8)H([0-9.]+)z")


@settings(max_examples=60, deadline=None)
@given(st.lists(GANTT_ROW, max_size=4))
def test_chart_bars_are_drawn_each_once_by_kind_planned_first(rows: list[Any]) -> None:
    """Every bar is one rectangle of the path of its kind (planned, planned and late, actual
    of its row's status), where the row put it to a tenth of a unit; the planned paths come
    before the actual ones, so an actual bar is drawn over its window."""
    html = rendered("html", ENGLISH, "{{ rows|gantt_bars }}", rows=rows)
    drawn = []
    kinds = []
    for kind, d in re.findall(r'<path class="([^"]+)" d="([^"]*)"/>\n', html):
        kinds.append(kind)
        assert re.sub(BAR_PATH, "", d) == ""
        for x, y, width, height, back in BAR_PATH.findall(d):
            assert x == back
            drawn.append((kind, float(x), float(y), float(width), int(height)))
    assert len(kinds) == len(set(kinds))
    assert kinds == sorted(kinds, key=lambda kind: kind.startswith("actual"))
    expected = []
    for row in rows:
        for bar in row["bars"]:
            if bar["planned"]:
                kind, height = ("planned late" if row["overdue"] else "planned"), 14
            else:
                kind, height = f"actual {row['status']}", 8
            expected.append((kind, bar["svg_x"], bar["svg_y"], bar["svg_width"], height))
    assert len(drawn) == len(expected)
    for kind, x, y, width, height in expected:  # each bar matched by one rectangle
        match = next(
            bar
            for bar in drawn
            if bar[0] == kind
            and bar[4] == height
            and all(abs(a - b) <= 0.051 for a, b in zip(bar[1:4], (x, y, width), strict=True))
        )
        drawn.remove(match)


# A list's rows in one filter call (`blocks`), against the loop of one row at a time that
# the templates wrote before; `grouped` as `milestone_table(grouped=true)` wrote it.
OLD_GROUPED = """{% for d in items %}
{% if loop.changed(d.ppc_label) %}
{% if not loop.first %}
</tbody>
{% endif %}
<tbody>
<tr class="group"><th scope="rowgroup" colspan="{{ span }}">{{ d.ppc_label }}</th></tr>
{% endif %}
{{ d|milestone_row(columns) }}
{% endfor %}"""
ROWS = st.lists(ENTRY, max_size=4)
LABELS = st.sampled_from(["PPC 1", "PPC 2", "a<b&"])


def loop_of(row: str) -> str:
    return "{% for d in items %}\n{{ d|" + row + " }}\n{% endfor %}"


def blocks_of(rows: str) -> str:
    return "{% for rows in items|" + rows + " %}{{ rows }}{% endfor %}"


@settings(max_examples=60, deadline=None)
@given(ROWS, WORDS)
def test_a_lists_rows_are_its_rows_one_a_line(items: list[Any], language: Language) -> None:
    words = words_of(language)
    for name in OLD_MD:
        many = name[:-3] + "rows" if name.endswith("_row") else name + "s"
        same("md", words, blocks_of(many), loop_of(name), items=items)
    for name in OLD_HTML:
        many = name[:-3] + "rows" if name.endswith("_row") else name + "s"
        same("html", words, blocks_of(many), loop_of(name), items=items)


@settings(max_examples=60, deadline=None)
@given(st.lists(GANTT_ROW, max_size=4), WORDS)
def test_a_charts_rows_are_its_rows(rows: list[Any], language: Language) -> None:
    words = words_of(language)
    old = "{% for row in rows %}\n{{ row|gantt_row }}\n{%- endfor %}"
    for output_format in ("md", "html"):
        same(output_format, words, blocks_of("gantt_rows").replace("items", "rows"), old, rows=rows)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(ENTRY, LABELS), max_size=5),
    WORDS,
    st.sampled_from([("ppc", "state", "planned", "actual"), ("state", "planned"), "ppc planned"]),
)
def test_a_tables_rows_are_its_rows_grouped_by_ppc(
    labelled: list[Any], language: Language, columns: tuple[str, ...] | str
) -> None:
    """Grouped: a heading row (in a new `<tbody>`) at each change of PPC, its colspan the
    table's columns."""
    words = words_of(language)
    items = [entry | {"ppc_label": label} for entry, label in labelled]
    for grouped in (False, True):
        new = blocks_of(f"milestone_rows(columns, grouped={str(grouped).lower()})")
        old = OLD_GROUPED if grouped else loop_of("milestone_row(columns)")
        span = 1 + sum(
            (
                "ppc" in columns,
                "state" in columns,
                "planned" in columns,
                "actual" in columns,
            )
        )
        same("html", words, new, old, items=items, columns=columns, span=span)


def test_rows_come_in_blocks_of_a_bounded_size() -> None:
    """A long list is a few texts, each of at most ROWS_PER_BLOCK rows, which together are
    the rows one a line."""
    rows = [f"row {n}" for n in range(2 * ROWS_PER_BLOCK + 3)]
    made = blocks(rows)
    assert len(made) == 3
    assert all(block.count("\n") <= ROWS_PER_BLOCK for block in made)
    assert "".join(made) == "".join(f"{row}\n" for row in rows)
    assert blocks([]) == []


def test_long_rows_close_their_block_before_it_reaches_the_limit_on_one_text() -> None:
    """Rows of a valid plan's long titles (each far below the limit on one text) did pass it
    when 512 of them were joined: the report was refused, blaming the shipped template."""
    row = "x" * (MAX_TEXT // 300)
    made = blocks([row] * ROWS_PER_BLOCK)
    assert "".join(made) == f"{row}\n" * ROWS_PER_BLOCK
    assert max(len(block) for block in made) < BLOCK_CHARACTERS + len(row) + 1 < MAX_TEXT


OLD_INDICATOR_MD = '| {{ d.title }} ({{ d.unit }}) | {{ d.baseline|number }} → {{ m.target(d) }} | {% if d.in_period %}{{ d.latest.value|number }}{% if d.by_country %} ({% for c in d.by_country %}{{ c.code }} {{ c.value|number }}{{ ", " if not loop.last }}{% endfor %}){% endif %}{% else %}{{ _("none") }}{% endif %} | {{ m.value(d.previous) }} | {{ m.figure(d) }}: {{ d.verdict_label }} |'  # noqa: E501
NUMBER = st.none() | st.integers(-5, 10**7) | st.floats(-1e6, 1e6, allow_nan=False)
INDICATOR = st.fixed_dictionaries(
    {
        "title": TEXT,
        "unit": TEXT,
        "baseline": NUMBER,
        "target": NUMBER,
        "target_max": NUMBER,
        "target_inferred": st.booleans(),
        "in_period": st.booleans(),
        "latest": st.fixed_dictionaries({"value": NUMBER}),
        "by_country": st.lists(st.fixed_dictionaries({"code": TEXT, "value": NUMBER}), max_size=2),
        "previous": st.none() | st.fixed_dictionaries({"value": NUMBER, "period": TEXT}),
        "figure": st.fixed_dictionaries(
            {"value": NUMBER, "label": TEXT, "percent_of_target": st.none() | st.integers(0, 300)}
        ),
        "verdict_label": TEXT,
    }
)


@settings(max_examples=100, deadline=None)
@given(st.lists(INDICATOR, max_size=3), WORDS)
def test_indicator_rows_are_the_rows_the_template_wrote(
    items: list[Any], language: Language
) -> None:
    words = words_of(language)
    for d in items:
        same("md", words, "{{ d|indicator_row }}", OLD_INDICATOR_MD, d=d)
    same("md", words, blocks_of("indicator_rows"), loop_of("indicator_row"), items=items)


OLD_INDICATOR_HTML = '{% import "_pictures.html.j2" as pic %}<tr><th scope="row">{{ d.title }} <code>{{ d.unit }}</code></th><td>{{ d.baseline|number }} → {{ m.target(d) }}</td><td>{% if d.in_period %}<b>{{ d.latest.value|number }}</b>{% if d.by_country %}<br><small>{% for c in d.by_country %}{{ c.code }} {{ c.value|number }}{{ ", " if not loop.last }}{% endfor %}</small>{% endif %}{% else %}{{ _("none") }}{% endif %}</td><td>{{ m.value(d.previous) }}</td><td>{{ pic.target_bar(d) }}{{ m.figure(d) }}: <b>{{ d.verdict_label }}</b></td></tr>'  # noqa: E501
POSITION = st.none() | st.integers(0, 100) | st.floats(0, 100, allow_nan=False)
TARGET_BAR = st.none() | st.fixed_dictionaries(
    {
        "value": NUMBER,
        "rule_label": TEXT,
        "target": NUMBER,
        "target_max": NUMBER,
        "percent_of_target": st.none() | st.integers(0, 300),
        "range_width": POSITION,
        "target_x": POSITION,
        "target_max_x": POSITION,
        "x": POSITION,
        "width": POSITION,
    }
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(INDICATOR, TARGET_BAR), max_size=3), WORDS)
def test_html_indicator_rows_are_the_rows_the_template_wrote(
    drawn: list[Any], language: Language
) -> None:
    words = words_of(language)
    items = [d | {"bar": bar} for d, bar in drawn]
    for d in items:
        same("html", words, "{{ d|indicator_row }}", OLD_INDICATOR_HTML, d=d)
    same("html", words, blocks_of("indicator_rows"), loop_of("indicator_row"), items=items)
