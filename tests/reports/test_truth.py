"""The defects issue 21 found in the reports, each as a user met it (each of these failed on
the reports before the fix). The invariants over random plans are in tests/invariants/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.reports.context.gantt import short_labels

runner = CliRunner()
TEMPLATES = REPO / "templates"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def review_done_later(status_plan_dir: Path) -> Path:
    """PPC 3's review: postponed on 2006-05-15 to 2006-H2, then done on 2006-09-20 with 30
    participants, 10 of them from Cambodia (the other 20 recorded without a country)."""
    ppc3 = status_plan_dir / "ppcs" / "ppc-03.yaml"
    text = ppc3.read_text(encoding="utf-8")
    postponed = "    status: postponed\n    postponed: {date: 2006-05-15"
    assert postponed in text
    text = text.replace(
        postponed,
        "    status: done\n    actual: {start: 2006-09-18, end: 2006-09-20}\n"
        "    attended: {total: 30, by_country: {KH: 10}}\n"
        "    outcome: Shelters reviewed.\n    report: https://example.org/review.pdf\n"
        "    postponed: {date: 2006-05-15",
    )
    ppc3.write_text(text, encoding="utf-8")
    return status_plan_dir


def test_a_past_dated_summary_shows_nothing_recorded_later(review_done_later: Path) -> None:
    for form in ("md", "html", "json"):
        text = run("report", "summary", "--period", "2006-H1", "--format", form)
        for later in ("2006-09-20", "2006-09-18", "Shelters reviewed", "review.pdf"):
            assert later not in text, (form, later)


def test_a_postponement_is_counted_once_the_milestone_is_done(review_done_later: Path) -> None:
    status = json.loads(run("status", "--as-of", "2006-06-30", "--json"))
    assert status["milestones"]["postponed"] == 1
    summary = run("report", "summary", "--period", "2006-H1", "--format", "md")
    assert "| Postponed | 1 |" in summary
    assert "| Postponements decided in 2006-H1 | 1 |" in summary


def test_show_as_of_a_day_says_the_status_of_that_day(review_done_later: Path) -> None:
    """Its top block (the fields) and its as-of line agree, and say the day's status."""
    before = json.loads(run("show", "ppc3-review", "--as-of", "2006-06-30", "--json"))
    assert before["fields"]["status"] == before["as_of"]["status"] == "postponed"
    assert before["fields"]["actual"] is None
    assert before["fields"]["outcome"] is None
    text = run("show", "ppc3-review", "--as-of", "2006-06-30")
    assert "done" not in text.split("\n\n", 1)[0]
    after = json.loads(run("show", "ppc3-review", "--as-of", "2006-12-31", "--json"))
    assert after["fields"]["status"] == after["as_of"]["status"] == "done"


def test_attendance_by_country_adds_up_to_the_participants(review_done_later: Path) -> None:
    summary = json.loads(run("report", "summary", "--period", "2006-H2", "--format", "json"))
    (row,) = [r for r in summary["participation"]["rows"] if r["ppc"] == "ppc-3"]
    assert (row["cells"][0], row["unassigned"], row["total"]) == (10, 20, 30)
    assert summary["overview"]["attendance"]["total"] == summary["participation"]["total"]


def test_the_final_reports_tally_counts_every_indicator_by_its_label() -> None:
    plan = str(REPO / "plan")
    report = run("report", "final", "--plan", plan, "--as-of", "2007-12-31", "--format", "md")
    tally = re.search(r"^Indicators: (.*?) \(of (\d+)\)\.", report, re.M)
    assert tally is not None
    counts = [int(n) for n in re.findall(r"(\d+) [a-z ]+", tally.group(1))]
    assert sum(counts) == int(tally.group(2)) == 62
    assert "partly_met" not in report
    assert "not_met" not in report
    assert "partly\\_met" not in report


def test_the_final_reports_chart_is_not_cut_and_its_labels_differ() -> None:
    plan = str(REPO / "plan")
    document = json.loads(
        run("report", "final", "--plan", plan, "--as-of", "2007-12-31", "--format", "json")
    )
    gantt = document["gantt"]
    rows = [row for section in gantt["sections"] for row in section["rows"]]
    assert len(rows) == gantt["count"]
    labels = [row["short_label"] for row in rows]
    assert len(set(labels)) == len({row["title"] for row in rows})


def test_labels_that_would_be_cut_alike_keep_what_tells_them_apart() -> None:
    titles = [
        f"National level assessment and analysis of victim identification practices in {c}"
        for c in ("Cambodia", "China", "Lao PDR", "Myanmar")
    ]
    labels = short_labels(titles)
    assert len(set(labels)) == 4
    assert all(len(label) <= 46 for label in labels)
    assert labels[0].endswith("Cambodia")
    assert labels[2].endswith("PDR")
    assert short_labels(["A short title"]) == ["A short title"]


def _short_labels_by_asking_each_rival(titles: list[str], width: int) -> list[str]:
    """short_labels as it was before it sorted each group's endings: every rival asked."""
    cut = [t if len(t) <= width else t[: width - 1].rstrip() + "…" for t in titles]
    groups: dict[str, set[str]] = {}
    for title, label in zip(titles, cut, strict=True):
        groups.setdefault(label, set()).add(title)
    found = []
    for title, label in zip(titles, cut, strict=True):
        rivals = groups[label] - {title}
        if not rivals:
            found.append(label)
            continue
        words = title.split()
        tail = ""
        for count in range(1, len(words) + 1):
            tail = " ".join(words[-count:])
            if not any(rival.endswith(tail) for rival in rivals):
                break
        head_room = width - len(tail) - 1
        found.append(
            "…" + tail[-(width - 1) :] if head_room < 8 else title[:head_room].rstrip() + "…" + tail
        )
    return found


@given(
    st.lists(st.text(alphabet=st.sampled_from(list("ab1 \t")), max_size=30), max_size=12),
    st.sampled_from([6, 12, 20]),
)
@example(["x a b", "x  a b", "x b", "a b"], 2)
@example(["aaaaaaaaaaazq r ", "aaaaaaaaaaazzq r"], 12)  # a title not ending with its tail
def test_short_labels_are_those_of_asking_each_rival(titles: list[str], width: int) -> None:
    """Finding each title's distinguishing end by sorted endings changes no label."""
    assert short_labels(titles, width) == _short_labels_by_asking_each_rival(titles, width)


VOCABULARY_WORDS = (
    "planned",
    "in_progress",
    "in progress",
    "done",
    "postponed",
    "cancelled",
    "met",
    "partly_met",
    "partly met",
    "not_met",
    "not met",
    "no_target",
    "no target",
    "no_value",
    "sum",
    "last",
    "max",
    "min",
)
COMPARISON = re.compile(r"""(==|!=|\bin)\s*["']([^"']+)["']|["']([^"']+)["']\s*(==|!=)""")


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.j2")), ids=lambda p: p.name)
def test_no_template_compares_the_vocabulary_to_a_spelled_out_string(template: Path) -> None:
    """Statuses, verdicts and rules reach a template as data with their label: a template
    that compared them to words would miscount as soon as a word changed."""
    for number, line in enumerate(template.read_text("utf-8").splitlines(), start=1):
        for block in re.findall(r"\{[%{](.*?)[%}]\}", line):
            for match in COMPARISON.finditer(block):
                word = match.group(2) or match.group(3)
                assert word not in VOCABULARY_WORDS, f"{template.name}:{number}: {block}"
