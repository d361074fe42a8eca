"""The template sandbox bounds every resource: widths, sizes, numbers, the work of a whole
render, and its time. A template that asks for more is stopped in one line naming its file
and line, quickly and in little memory, never a hang or a traceback."""

from __future__ import annotations

import re
import resource
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import write_plan
from hostile_helpers import assert_one_clear_line, run_commit

from commit_cli.errors import BrokenTemplate
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.reports.context import summary_context
from commit_cli.reports.render import render
from commit_cli.reports.templates import template_folders

BIG = "{% set s = 'x' * 1000000 %}"
LOOPS = "{% for i in range(100000) %}{% for j in range(100000) %}"
NESTED = (
    "{% set ns = namespace(v=[0] * 1000000) %}{% for i in range(500) %}{% set ns.v = [ns.v] %}"
    "{% endfor %}"
)
DOUBLING = "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"

# Each row: a template, and a word of the one line that stops it (either, with " OR ").
ROWS = [
    ("{{ '%900000000s' % 1 }}", "`%` width 900000000"),
    ("{{ '%-900000000d' % 1 }}", "`%` width 900000000"),
    ("{{ '%*s' % (900000000, 1) }}", "`%` width 900000000"),
    ("{{ '%(a)900000000s' % {'a': 1} }}", "`%` width 900000000"),
    ("{{ '%.900000000f' % 1 }}", "`%` precision 900000000"),
    ("{{ '%900000000s'|format(1) }}", "`%` width 900000000"),
    ("{{ '{:>900000000}'.format(1) }}", "format width 900000000"),
    ("{{ '{0:{1}}'.format(1, 900000000) }}", "format width 900000000"),
    ("{{ '{x:.900000000f}'.format_map({'x': 1.5}) }}", "format precision 900000000"),
    ("{{ 'x'|center(900000000) }}", "|center's width"),
    ("{{ 'a\\nb'|indent(900000000) }}", "|indent's width"),
    ("{{ 'a\\nb'|indent('x' * 900000) }}", "|indent's width"),
    ("{{ 'a b'|wordwrap(900000000) }}", "|wordwrap's width"),
    ("{{ 'abc'|wordwrap(1, wrapstring='x' * 100000) }}", "|wordwrap's line end"),
    ("{{ {'a': 1}|tojson(indent=900000000) }}", "|tojson's indent"),
    ("{{ 'x'.ljust(900000000) }}", ".ljust()'s width"),
    ("{{ 'x'.rjust(900000000) }}", ".rjust()'s width"),
    ("{{ 'x'.center(900000000) }}", ".center()'s width"),
    ("{{ 'x'.zfill(900000000) }}", ".zfill()'s width"),
    ("{{ '\\t'.expandtabs(900000000) }}", ".expandtabs()'s width"),
    ("{{ lipsum(100000000) }}", "lipsum() makes at most"),
    # 12 million bidi overrides, each shown as `\u202e`: the limit is on what is written
    ("{% for i in range(12) %}{{ '\u202e' * 1000000 }}{% endfor %}", "grew past 64 MiB"),
    ("{{ lipsum(1, min=100000000, max=100000000) }}", "lipsum() makes at most"),
    ("{{ [1]|batch(900000000, 0)|list }}", "|batch would make 900,000,000 items"),
    ("{{ [1]|slice(900000000)|list }}", "|slice would make 900,000,000 items"),
    (BIG + "{{ ([s] * 1000)|join }}", "|join would make a text"),
    (BIG + "{{ ''.join([s] * 1000) }}", ".join() would make a text"),
    (BIG + "{{ s|replace('x', s) }}", "|replace would make a text"),
    (BIG + "{{ s.replace('x', s) }}", ".replace() would make a text"),
    (BIG + "{{ ('{0}' * 100000).format(s) }}", "this formatting would make a text"),
    ("{{ 'x' * 10**9 }}", "repeated past a million items"),
    ("{{ [0] * 10**9 }}", "repeated past a million items"),
    ("{{ 9 ** 9 ** 9 }}", "is too large for a report"),
    (DOUBLING + "{% endfor %}", "would make a text of"),
    (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}",
        "this `+` would make a text",
    ),
    (
        "{% set ns = namespace(l=[0]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}"
        "{% endfor %}",
        "this `+` would make",
    ),
    (
        "{% set ns = namespace(n=3) %}{% for i in range(64) %}{% set ns.n = ns.n * ns.n %}"
        "{% endfor %}",
        "a number of more than",
    ),
    (
        BIG + "{% set ns = namespace(l=[]) %}{% for i in range(100000) %}"
        "{% set ns.l = ns.l + [s ~ i] %}{% endfor %}",
        "the template made more than",
    ),
    (
        BIG + "{% macro m() %}{% for i in range(100000) %}{{ s }}{% endfor %}{% endmacro %}"
        "{{ m()|length }}",
        "the template made more than OR was stopped",
    ),
    (BIG + "{{ " + " ~ ".join(["s"] * 2000) + " }}", "this `~` would make a text"),
    (BIG + "{{ ([s] * 1000) ~ '' }}", "this `~` would make a text"),
    (BIG + "{{ [s] * 1000 }}", "printing would make a text"),
    (BIG + "{{ ([s] * 1000)|string }}", "|string would make a text"),
    (BIG + "{{ ([s] * 1000)|e }}", "|e would make a text"),
    (BIG + "{{ '%s' % ([s] * 1000,) }}", "this `%` formatting would make a text"),
    (BIG + "{{ '{}'.format([s] * 1000) }}", "this formatting would make a text"),
    (BIG + "{{ dict(a=[s] * 1000)|tojson }}", "|tojson would make a text"),
    (NESTED + "{{ ns.v|tojson(indent=16) }}", "|tojson would make a text"),
    (NESTED + "{{ ns.v|pprint }}", "|pprint would make a text"),
    ("{{ ([[1] * 1000000] * 1000000)|sum(start=[]) }}", "|sum would make"),
    ("{{ ('xy ' * 300000 ~ 'xy ' * 300000 ~ 'xy ' * 300000).split() }}", ".split() would make"),
    ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "nested too deeply to compile"),
    ("{% if 1 %}" * 3000 + "x" + "{% endif %}" * 3000, "nested too deeply to compile"),
    # deep enough for Python's compiler (100 indentation levels, 20 nested loops), not its stack
    ("{% if 1 %}" * 200 + "x" + "{% endif %}" * 200, "nested too deeply to compile"),
    ("{% for i in [1] %}" * 25 + "x" + "{% endfor %}" * 25, "nested too deeply to compile"),
    ("{% set l = [] %}{% for i in range(10) %}{{ l.append(i) }}{% endfor %}", "unsafe"),
    ("{% set d = {} %}{{ d.update({'a': 1}) }}", "unsafe"),
    # (rewriting a thousand template frames for the traceback may itself run out of time)
    ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "RecursionError OR was stopped"),
    (LOOPS + "{% endfor %}{% endfor %}", "was stopped"),
    (LOOPS + "{{ '' }}{% endfor %}{% endfor %}", "was stopped"),
    (LOOPS + "{% if i == j %}{% endif %}{% endfor %}{% endfor %}", "was stopped"),
]


def stops(expected: str, message: str) -> bool:
    """Whether `message` says one of the reasons in `expected` (separated by " OR ")."""
    return any(reason in message for reason in expected.split(" OR "))


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    plan = load_plan(FolderSource(write_plan(tmp_path_factory.mktemp("plan")))).plan
    assert plan is not None
    return summary_context(plan, "2006-H1", date(2006, 6, 30))


@pytest.mark.parametrize(("source", "expected"), ROWS, ids=[row[0][-60:] for row in ROWS])
def test_a_template_asking_for_too_much_is_stopped_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    context: dict[str, object],
    source: str,
    expected: str,
) -> None:
    # a row stopped by its size gets the time to reach that size on a busy machine
    seconds = "0.5" if "was stopped" in expected else "8"
    monkeypatch.setenv("COMMIT_TEMPLATE_SECONDS", seconds)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "summary.md.j2").write_text(source, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(BrokenTemplate) as raised:
        render(template_folders(None, tmp_path / "mine"), "summary", "md", context)
    assert time.monotonic() - started < 10
    message = raised.value.message
    assert stops(expected, message), message
    # by file and line; by file alone when it cannot be compiled, or its time ran out outside
    assert re.search(r"summary\.md\.j2(:1)?: ", message), message
    assert "\n" not in message


# As real processes: the same classes end in one line and exit 1, within the time asked for
# and in bounded memory.
PROCESSES = [
    (LOOPS + "{% endfor %}{% endfor %}", "was stopped"),
    (
        BIG + "{% set b %}{% for i in range(100000) %}{{ s }}{% endfor %}{% endset %}",
        "was stopped OR the template made more than",
    ),
    (DOUBLING + "{% endfor %}", "would make a text of"),
    ("{{ '%900000000s' % 1 }}", "`%` width 900000000"),
    ("{{ lipsum(100000000) }}", "lipsum() makes at most"),
]


@pytest.mark.parametrize(("source", "expected"), PROCESSES, ids=[r[0][-40:] for r in PROCESSES])
def test_a_report_command_is_stopped_in_one_line_and_bounded(
    plan_dir: Path, source: str, expected: str
) -> None:
    repository = plan_dir.parent
    (repository / "templates").mkdir()
    (repository / "templates" / "summary.md.j2").write_text(source, encoding="utf-8")
    started = time.monotonic()
    run = run_commit(
        "report", "summary", "--period", "2006-H1", cwd=repository,
        env={"COMMIT_TEMPLATE_SECONDS": "1"},
    )  # fmt: skip
    assert_one_clear_line(run, 1, "templates/summary.md.j2:1: ")
    assert stops(expected, run.output), run.output
    assert len(run.output.strip().splitlines()) == 1
    assert time.monotonic() - started < 15
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 1_500_000  # every commit process so far stayed under 1.5 GB


def test_the_default_reports_render_well_within_the_limits(context: dict[str, object]) -> None:
    from commit_cli.reports.render import environment
    from commit_cli.reports.templates import default_templates_dir

    folders = template_folders(None, default_templates_dir())
    for output_format in ("md", "html"):
        text = render(folders, "summary", output_format, context)
        assert text.strip()
    env = environment(folders, "md")
    env.get_template("summary.md.j2").render(context)
    assert 0 < env.made_so_far < 10_000_000


# Each row: COMMIT_TEMPLATE_SECONDS, and the watchdog's time it gives (the timer cannot be set
# past what the system takes: `inf` once ended every report in a traceback).
SECONDS_ROWS = [
    ("2", 2.0),
    ("-1", 0.1),
    ("inf", 60.0),
    ("1e400", 60.0),
    ("nan", 60.0),
    ("1e12", 86_400.0),
    ("soon", 60.0),
]


@pytest.mark.parametrize(("value", "seconds"), SECONDS_ROWS)
def test_the_watchdogs_time_is_one_the_timer_takes(
    monkeypatch: pytest.MonkeyPatch, value: str, seconds: float
) -> None:
    from commit_cli.reports.limits import render_seconds

    monkeypatch.setenv("COMMIT_TEMPLATE_SECONDS", value)
    assert render_seconds() == seconds


def test_a_report_with_an_endless_watchdog_time_is_written(plan_dir: Path) -> None:
    run = run_commit(
        "report", "summary", "--period", "2006-H1", cwd=plan_dir.parent,
        env={"COMMIT_TEMPLATE_SECONDS": "inf"},
    )  # fmt: skip
    assert run.code == 0, run.output
    assert "Traceback" not in run.output, run.output
