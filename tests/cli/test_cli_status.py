"""`commit status`, `show`, `list` and `timeline` through the CLI: text, JSON, exit codes,
and plain output (no escape codes) when piped or when NO_COLOR is set."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from typer.testing import CliRunner, Result

from commit_cli.cli.app import app

runner = CliRunner()
ESCAPE = "\x1b["


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output as when piped, whatever the terminal running the tests says."""
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    result = run(*args, env=env)
    assert result.exit_code == 0, result.output
    assert ESCAPE not in result.output
    return result.output


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "--json"))


def section(output: str, heading: str) -> list[str]:
    """The lines after the line starting with `heading`, up to the next blank line."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start + 1 : end]


def first_words(lines: list[str]) -> list[str]:
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("─")]


# --- status -------------------------------------------------------------------------------


def test_status_inside_the_period(status_plan_dir: Path) -> None:
    output = ok("status", "--as-of", "2006-06-30")
    lines = output.splitlines()
    assert lines[0] == "Test plan"
    assert "as of 2006-06-30" in lines[1]
    assert "50% through" in lines[1]
    assert lines[2] == (
        "Reporting period 2006-H1 · next six-monthly summary due 2006-06-30 (today)"
    )
    rows = {line.split()[0]: line.split() for line in lines if line.startswith("ppc-")}
    assert list(rows) == ["ppc-1", "ppc-2", "ppc-3"]
    # ppc-3: done 1/7, active 1, overdue 0, postponed 1, cancelled 1, next due training
    assert "1/7" in rows["ppc-3"]
    assert rows["ppc-3"][-5:-2] == ["0", "1", "1"]
    assert "2006-06-30" in rows["ppc-3"]
    assert first_words(section(output, "Overdue (1, oldest first)")[1:]) == ["2005-12-31"]
    # the review, postponed on 2006-05-15 to 2006-H2, is due by its new window
    due = section(output, "Due 2006-06-30 to 2006-12-31 (through 2006-H2): 3")
    assert [line.split()[1] for line in due[2:]] == ["ppc3-training", "ppc1-seminar", "ppc3-review"]
    workers = next(line for line in lines if line.startswith("ppc3-workers-trained"))
    assert "25  2006-H1" in workers


def test_status_before_the_period(status_plan_dir: Path) -> None:
    output = ok("status", "--as-of", "2004-10-01")
    assert "not started (starts in 92 days)" in output
    assert "First six-monthly summary due 2005-06-30 (for 2005-H1, in 272 days)" in output
    assert "Overdue: none" in output


def test_status_after_the_period(status_plan_dir: Path) -> None:
    output = ok("status", "--as-of", "2008-03-01")
    assert "The plan period has ended: 8 milestones have no recorded outcome" in output
    assert "summary due" not in output
    assert "(through " not in output  # nothing falls due after the plan period
    overdue = section(output, "Overdue (7, oldest first)")
    assert [line.split()[1] for line in overdue[2:]][:2] == ["ppc1-assessment", "ppc3-training"]


def test_status_defaults_to_today(status_plan_dir: Path) -> None:
    from datetime import date

    assert as_json("status")["as_of"] == date.today().isoformat()


def test_status_says_when_the_schedule_is_a_draft(status_plan_dir: Path) -> None:
    header = status_plan_dir / "plan.yaml"
    header.write_text(
        header.read_text(encoding="utf-8") + "schedule_is_draft: true\n", encoding="utf-8"
    )
    assert ok("status", "--as-of", "2006-06-30").splitlines()[0] == "Test plan (draft schedule)"
    assert as_json("status", "--as-of", "2006-06-30")["schedule_is_draft"] is True


def test_status_json_matches_the_table(status_plan_dir: Path) -> None:
    document = as_json("status", "--as-of", "2006-06-30")
    assert document["as_of"] == "2006-06-30"
    assert document["filters"] == {"ppc": None, "area": None, "country": None}
    assert document["period"]["position"] == "during"
    assert document["reporting"] == {
        "cadence_months": 6,
        "current_period": {"label": "2006-H1", "start": "2006-01-01", "end": "2006-06-30"},
        "next_summary": {"period": "2006-H1", "due": "2006-06-30"},
    }
    assert document["milestones"] == {
        "total": 10,
        "done": 1,
        "in_progress": 1,
        "planned": 6,
        "postponed": 1,
        "cancelled": 1,
        "overdue": 1,
        "progress": 0.1,
        "no_outcome": 8,
    }
    assert [row["id"] for row in document["ppcs"]] == ["ppc-1", "ppc-2", "ppc-3"]
    assert [m["id"] for m in document["overdue"]] == ["ppc1-assessment"]
    assert document["overdue"][0] == {
        "id": "ppc1-assessment",
        "ppc": "ppc-1",
        "title": "Assessment of information systems",
        "kind": "assessment",
        "status": "planned",
        "window": {"start": "2005-07-01", "end": "2005-12-31"},
        "overdue": True,
        "tentative": False,
        "actual": None,
        "outcome": None,
        "report": None,
    }
    assert [m["id"] for m in document["due_next"]["milestones"]] == [
        "ppc3-training",
        "ppc1-seminar",
        "ppc3-review",
    ]
    assert list(document["indicators"][0]) == [
        "id",
        "ppc",
        "title",
        "unit",
        "combine",
        "computed",
        "baseline",
        "target",
        "target_max",
        "target_inferred",
        "latest",
        "figure",
        "verdict",
        "verdict_label",
        "met",
    ]


def test_status_json_before_and_after(status_plan_dir: Path) -> None:
    before = as_json("status", "--as-of", "2004-10-01")
    assert (before["period"]["position"], before["period"]["elapsed"]) == ("before", 0.0)
    assert before["reporting"]["current_period"] is None
    assert before["reporting"]["next_summary"] == {"period": "2005-H1", "due": "2005-06-30"}
    after = as_json("status", "--as-of", "2008-03-01")
    assert (after["period"]["position"], after["period"]["elapsed"]) == ("after", 1.0)
    assert after["reporting"]["next_summary"] is None
    assert after["milestones"]["no_outcome"] == 8


def test_status_filters_narrow_every_part(status_plan_dir: Path) -> None:
    document = as_json("status", "--as-of", "2008-03-01", "--country", "kh", "--area", "2")
    assert document["filters"] == {"ppc": None, "area": "area-2", "country": "KH"}
    assert [row["id"] for row in document["ppcs"]] == ["ppc-3"]
    assert [m["id"] for m in document["overdue"]] == ["ppc3-followup"]
    assert [i["id"] for i in document["indicators"]] == ["ppc3-workers-trained"]
    output = ok("status", "--as-of", "2008-03-01", "--ppc", "ppc-2")
    assert "Filters: ppc ppc-2" in output
    assert "ppc-1" not in output
    assert "ppc3-" not in output


def test_status_limit_cuts_lists_but_not_json(status_plan_dir: Path) -> None:
    output = ok("status", "--as-of", "2008-03-01", "--limit", "2")
    assert "… and 5 more" in output
    assert len(as_json("status", "--as-of", "2008-03-01", "--limit", "2")["overdue"]) == 7


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("status", "--ppc", "ppc-9"), 1, "commit: error: unknown PPC 'ppc-9'; did you mean"),
        (("status", "--country", "XX"), 1, "commit: error: unknown country 'XX'"),
        (("status", "--area", "9"), 1, "commit: error: unknown area '9'"),
        (
            ("status", "--as-of", "2006-02-30"),
            2,
            "commit: error: --as-of: '2006-02-30' is not a real date",
        ),
        (("status", "--as-of", "30/06/2006"), 2, "commit: error: --as-of: '30/06/2006' is not"),
        (("list", "milestones", "--due-before", "soon"), 2, "--due-before: 'soon' is not a date"),
        (("list", "milestones", "--status", "finished"), 2, "unknown status 'finished'"),
        (("list", "milestones", "--sort", "dew"), 2, "cannot sort by 'dew'; did you mean 'due'"),
        (("list", "indicators", "--overdue"), 2, "--overdue: only for `commit list milestones`"),
        (("show", "ppc3-trainin"), 1, "unknown id 'ppc3-trainin'; closest: ppc3-training"),
    ],
)
def test_user_errors_are_one_line(
    status_plan_dir: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_status_of_an_invalid_plan_exits_1(status_plan_dir: Path) -> None:
    (status_plan_dir / "ppcs" / "ppc-03.yaml").write_text("", encoding="utf-8")
    result = run("status", "--strict")
    assert result.exit_code == 1
    assert "the file is empty" in result.output


# --- show ---------------------------------------------------------------------------------

SHOW_CASES = [
    ("ppc-3", "ppc", ["Depends on (1)", "ppc1-seminar", "Linkages (1)", "Milestones (7)"]),
    ("act-3", "activity", ["Area (1)", "area-2", "Milestones (7)"]),
    ("area-2", "area", ["Sub-areas (1)", "sub-2-1", "PPCs (1)"]),
    ("sub-2-1", "sub_area", ["Area (1)", "PPCs (1)"]),
    ("ppc3-training", "milestone", ["Depends on (1)", "Depended on by (2)", "ppc3-followup"]),
    ("ppc3-workers-trained", "indicator", ["PPC (1)", "latest"]),
    ("KH", "country", ["Cambodia", "Milestones (4)", "ppc3-followup"]),
    ("uniap", "partner", ["Roles (1)", "reporting-officer"]),
    ("reporting-officer", "role", ["Organisation (1)", "uniap"]),
]


@pytest.mark.parametrize(("ident", "kind", "expected"), SHOW_CASES)
def test_show_each_kind(status_plan_dir: Path, ident: str, kind: str, expected: list[str]) -> None:
    output = ok("show", ident, "--as-of", "2006-06-30")
    assert output.startswith(f"{kind.replace('_', '-')} {ident} — ")
    for text in expected:
        assert text in output
    document = as_json("show", ident, "--as-of", "2006-06-30")
    assert list(document) == [
        "kind",
        "id",
        "title",
        "fields",
        "related",
        "depends_on",
        "dependents",
        "linkages",
        "linked_from",
        "milestones",
        "source",
        "as_of",
        "indicators",
        "values",
    ]
    assert (document["kind"], document["id"]) == (kind, ident)


def test_show_milestone_json(status_plan_dir: Path) -> None:
    document = as_json("show", "ppc3-followup", "--as-of", "2007-07-01")
    assert document["fields"]["overdue"] is True
    assert document["fields"]["countries"] == ["KH"]
    assert document["depends_on"] == [
        {
            "kind": "milestone",
            "id": "ppc3-training",
            "title": "Training of social workers",
            "note": None,
        },
        {"kind": "milestone", "id": "ppc1-seminar", "title": "Regional seminar", "note": None},
    ]
    ppc = as_json("show", "ppc-3")
    assert ppc["linkages"] == [
        {
            "kind": "ppc",
            "id": "ppc-1",
            "title": "PPC 1: Information exchange",
            "note": "uses the seminar's findings",
        }
    ]


def test_an_inferred_target_is_marked_beside_it(status_plan_dir: Path) -> None:
    ok("set", "ppc1-seminars-held", "target_inferred", "true")
    ok("set", "ppc1-seminars-held", "notes", "Inferred: one seminar.")
    shown = ok("show", "ppc1-seminars-held")
    assert "· target 1 (inferred: the plan's text gives no number) ·" in shown
    table = section(ok("show", "ppc-1"), "Indicators (1)")
    assert re.search(r"ppc1-seminars-held .* 1† ", table[2]), table
    assert "† inferred: the plan's text gives no number (see the notes)" in table
    document = as_json("show", "ppc1-seminars-held")
    assert document["fields"]["target_inferred"] is True
    assert document["indicators"][0]["target_inferred"] is True
    rows = {row["id"]: row for row in as_json("list", "indicators", "--json")["indicators"]}
    assert rows["ppc1-seminars-held"]["target_inferred"] is True
    assert rows["ppc2-workshops-held"]["target_inferred"] is False
    assert "†" not in "".join(section(ok("show", "ppc-2"), "Indicators (1)"))


def test_show_country_code_in_any_case(status_plan_dir: Path) -> None:
    assert as_json("show", "th")["id"] == "TH"


# --- list ---------------------------------------------------------------------------------


def test_list_milestones_overdue_as_of(status_plan_dir: Path) -> None:
    output = ok("list", "milestones", "--overdue", "--as-of", "2007-01-01")
    lines = output.splitlines()
    assert lines[0].split() == [
        "Milestone",
        "PPC",
        "Kind",
        "Status",
        "Window",
        "Due",
        "Done",
        "Title",
    ]
    # the review was postponed to 2006-H2: overdue from 2007-01-01 like the seminar
    assert first_words(lines[1:-1]) == [
        "ppc1-assessment",
        "ppc1-seminar",
        "ppc3-training",
        "ppc3-review",
    ]
    assert "planned (overdue)" in lines[2]
    assert lines[-1] == "4 milestones"
    document = as_json("list", "milestones", "--overdue", "--as-of", "2007-01-01", "--sort", "due")
    assert list(document) == ["as_of", "filters", "sort", "reverse", "count", "milestones"]
    assert document["count"] == 4
    assert [m["id"] for m in document["milestones"]] == [
        "ppc1-assessment",
        "ppc3-training",
        "ppc1-seminar",
        "ppc3-review",
    ]
    assert list(document["milestones"][0]) == [
        "id",
        "ppc",
        "title",
        "kind",
        "status",
        "window",
        "overdue",
        "tentative",
        "actual",
        "outcome",
        "report",
        "phase",
        "countries",
        "lead",
        "depends_on",
        "actual_start",
        "actual_end",
        "attended",
        "women",
        "men",
        "partners",
    ]


def test_list_milestones_filters_and_sort(status_plan_dir: Path) -> None:
    document = as_json(
        "list",
        "milestones",
        "--status",
        "planned",
        "--status",
        "in_progress",
        "--kind",
        "meeting,training,assessment",
        "--country",
        "TH",
        "--due-after",
        "2006-01-01",
        "--due-before",
        "2007-12-31",
        "--sort",
        "due",
        "--reverse",
    )
    assert document["filters"]["status"] == ["planned", "in_progress"]
    assert document["filters"]["kind"] == ["assessment", "meeting", "training"]
    assert [m["id"] for m in document["milestones"]] == ["ppc3-evaluation", "ppc3-training"]


def test_list_with_no_match(status_plan_dir: Path) -> None:
    assert ok("list", "milestones", "--kind", "pilot") == "0 milestones\n"


def test_list_indicators(status_plan_dir: Path) -> None:
    output = ok("list", "indicators", "--as-of", "2008-01-01")
    assert first_words(output.splitlines()[1:-1]) == [
        "ppc1-seminars-held",
        "ppc2-workshops-held",
        "ppc3-workers-trained",
    ]
    assert "45  2007-H1" in output
    document = as_json("list", "indicators", "--ppc", "ppc-3", "--as-of", "2006-06-30")
    assert list(document) == ["as_of", "filters", "sort", "reverse", "count", "indicators"]
    assert document["indicators"][0]["latest"] == {"period": "2006-H1", "value": 25}


# --- timeline -----------------------------------------------------------------------------


def test_timeline_by_half(status_plan_dir: Path) -> None:
    output = ok("timeline", "--as-of", "2006-06-30")
    lines = output.splitlines()
    assert lines[0] == "Timeline by half-year"
    assert lines[1].split() == ["2005", "2006", "2007"]
    assert lines[2].split() == ["H1", "H2"] * 3
    marker = lines[3].index("▼")
    group = lines.index("ppc-3 · PPC 3 · Victim support")
    rows = lines[group + 1 : group + 8]
    assert [row.split()[0] for row in rows] == [
        "ppc3-guidelines",
        "ppc3-training",
        "ppc3-evaluation",
        "ppc3-visit",
        "ppc3-review",
        "ppc3-followup",
        "ppc3-handbook",
    ]
    # the as-of column: a thin line where there is no bar, a heavy one through a bar
    assert {row[marker] for row in rows} == {"│", "┃"}
    guidelines = rows[0]
    # 2005-H1: done from its actual start (2005-02-01) to end (2005-05-31), the rest of its
    # planned window (January, June) drawn faintly beside it
    assert guidelines[marker - 23 : marker - 15] == "─" + "█" * 6 + "─"
    assert guidelines.rstrip().endswith("done")
    assert rows[-1].rstrip().endswith("(no window)")
    assert lines[-2] == "▼ │ ┃ as of 2006-06-30"


def test_timeline_by_quarter_and_month(status_plan_dir: Path) -> None:
    quarter = ok("timeline", "--by", "quarter", "--ppc", "ppc-3").splitlines()
    assert quarter[2].split() == ["Q1", "Q2", "Q3", "Q4"] * 3
    month = ok("timeline", "--by", "month", "--as-of", "2008-01-01").splitlines()
    assert "".join(month[2].split()) == "JFMAMJJASOND" * 3
    assert month[-2] == "as of 2008-01-01 (after the plan period)"
    assert month[-1].startswith("█ done · ▓ in progress")
    assert "▼" not in "\n".join(month)


def test_timeline_json(status_plan_dir: Path) -> None:
    document = as_json("timeline", "--as-of", "2006-06-30", "--country", "KH")
    assert list(document) == ["as_of", "period", "by", "columns", "schedule_is_draft", "ppcs"]
    assert [c["label"] for c in document["columns"]][-1] == "2007-H2"
    assert [[m["id"] for m in g["milestones"]] for g in document["ppcs"]] == [
        ["ppc1-assessment", "ppc1-seminar"],
        ["ppc2-workshop"],
        ["ppc3-followup"],
    ]


# --- output conventions -------------------------------------------------------------------

COMMANDS = [
    ("status", "--as-of", "2006-06-30"),
    ("show", "ppc-3"),
    ("list", "milestones", "--as-of", "2007-01-01"),
    ("timeline", "--as-of", "2006-06-30"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_colour_only_when_forced_and_never_with_no_color(
    status_plan_dir: Path, args: tuple[str, ...]
) -> None:
    forced = run(*args, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert forced.exit_code == 0
    assert ESCAPE in forced.output
    for env in ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, {"NO_COLOR": "1"}, {}):
        result = run(*args, env=env)
        assert result.exit_code == 0
        assert ESCAPE not in result.output, env


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_piped_output_is_as_wide_as_its_data_or_columns(
    status_plan_dir: Path, args: tuple[str, ...]
) -> None:
    wide = run(*args, env={"COLUMNS": ""}).output.splitlines()
    assert "…" not in "\n".join(wide)  # nothing cut
    assert all(line == line.rstrip() for line in wide)  # no padding at line ends
    narrow = run(*args, env={"COLUMNS": "60"}).output.splitlines()
    assert max(len(line) for line in narrow) <= 60
    assert run(*args).output == run(*args).output  # stable


def test_json_is_one_document_with_iso_dates(status_plan_dir: Path) -> None:
    for args in COMMANDS:
        text = ok(*args, "--json")
        json.loads(text)
        assert text.endswith("}\n")
        dates = re.findall(r'"(\d{4}-\d{2}-\d{2})"', text)
        assert dates, args


def test_help_has_an_example_for_each_new_command() -> None:
    for command in ("status", "show", "list", "timeline"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example: commit" in result.output


def test_status_of_a_plan_with_many_ppcs_shows_the_worst_50_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    plan_dir = generate(60, tmp_path, seed=4, per_file=1)  # 60 PPCs of one milestone each
    monkeypatch.chdir(tmp_path)
    args = ["status", "--plan", str(plan_dir), "--as-of", "2006-06-30"]
    shown = ok(*args)
    rows = [line for line in shown.splitlines() if re.match(r"ppc-\d+ ", line)]
    assert len(rows) == 50
    assert "… and 10 more PPCs" in shown
    everything = ok(*args, "--limit", "0")
    assert len([line for line in everything.splitlines() if re.match(r"ppc-\d+ ", line)]) == 60
    document = json.loads(ok(*args, "--json"))
    assert len(document["ppcs"]) == 60
    hidden = {p["id"] for p in document["ppcs"]} - {line.split()[0] for line in rows}
    worst_hidden = max(p["milestones"]["overdue"] for p in document["ppcs"] if p["id"] in hidden)
    least_shown = min(p["milestones"]["overdue"] for p in document["ppcs"] if p["id"] not in hidden)
    assert worst_hidden <= least_shown


# --- what was true on the as-of day (issue 10, section 1) ---------------------------------
# ppc3-guidelines: window 2005-H1, actual 2005-02-01 to 2005-05-31, done.
# ppc3-review: postponed on 2006-05-15 from 2006-H1 to 2006-H2.


def test_status_counts_a_milestone_done_only_from_its_actual_end(status_plan_dir: Path) -> None:
    def totals(day: str) -> tuple[int, int, int]:
        counts = as_json("status", "--as-of", day)["milestones"]
        return counts["done"], counts["in_progress"], counts["planned"]

    assert totals("2005-01-15") == (0, 0, 10)
    assert totals("2005-03-01") == (0, 1, 9)  # the guidelines are under way
    assert totals("2005-05-31") == (1, 0, 9)
    # the review was planned for 2006-H1 until it was postponed on 2006-05-15
    assert totals("2006-05-14")[2] == 7
    assert totals("2006-05-15")[2] == 6


def test_list_and_show_say_what_it_was_on_the_day(status_plan_dir: Path) -> None:
    (row,) = [
        m
        for m in as_json("list", "milestones", "--as-of", "2005-03-01")["milestones"]
        if m["id"] == "ppc3-guidelines"
    ]
    assert (row["status"], row["actual_start"], row["actual_end"], row["outcome"]) == (
        "in_progress",
        "2005-02-01",
        None,  # not ended yet on that day
        None,  # what came of it is known once it ended
    )
    shown = ok("show", "ppc3-guidelines", "--as-of", "2005-03-01")
    assert "On 2005-03-01: in progress · window 2005-H1 · started 2005-02-01" in shown
    review = as_json("show", "ppc3-review", "--as-of", "2006-05-01")["as_of"]
    assert review["status"] == "planned"
    assert review["window"] == {"start": "2006-01-01", "end": "2006-06-30"}  # from_window


def test_due_next_never_runs_past_the_end_of_the_plan(status_plan_dir: Path) -> None:
    document = as_json("status", "--as-of", "2007-10-01")
    assert document["due_next"]["until"] == "2007-12-31"
    assert document["due_next"]["period"] == "2007-H2"
    assert "Due 2007-10-01 to 2007-12-31 (through 2007-H2)" in ok("status", "--as-of", "2007-10-01")


def test_timeline_draws_work_at_its_actual_dates_before_they_happened_at_the_plan(
    status_plan_dir: Path,
) -> None:
    def guidelines(day: str) -> str:
        lines = ok("timeline", "--as-of", day).splitlines()
        row = next(line for line in lines if line.strip().startswith("ppc3-guidelines"))
        return row[18:26]  # 2005-H1

    assert guidelines("2004-12-01") == "░" * 8  # not started: the planned window
    assert guidelines("2006-06-30") == "─" + "█" * 6 + "─"  # done, at its actual dates


# --- asking about a period (issue 10, section 2) ------------------------------------------


def test_list_milestones_done_in_a_period(status_plan_dir: Path) -> None:
    output = ok("list", "milestones", "--done-in", "2005-H1", "--as-of", "2006-06-30")
    assert first_words(output.splitlines()[1:-1]) == ["ppc3-guidelines"]
    assert "2005-05-31" in output  # the Done column
    document = as_json("list", "milestones", "--started-in", "2005", "--sort", "actual")
    assert [m["id"] for m in document["milestones"]] == ["ppc3-guidelines", "ppc3-training"]
    assert document["filters"]["started_in"] == {"start": "2005-01-01", "end": "2005-12-31"}
    assert document["sort"] == "actual"
    due = as_json("list", "milestones", "--due-in", "2006-Q1", "--as-of", "2006-06-30")
    assert [m["id"] for m in due["milestones"]] == ["ppc3-visit"]


def test_list_period_options_are_checked(status_plan_dir: Path) -> None:
    result = run("list", "milestones", "--done-in", "2006-H3")
    assert result.exit_code == 2
    assert "--done-in: '2006-H3' is not a period" in result.output


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_list_json_rows_go_straight_into_csv(status_plan_dir: Path) -> None:
    text = ok("list", "milestones", "--json", "--as-of", "2006-06-30")
    program = (
        ".milestones[] | [.id, .status, .actual_start, .actual_end, .attended, .women, .men,"
        ' .outcome, .report, (.partners | join(" "))] | @csv'
    )
    done = subprocess.run(
        ["jq", "-r", program], input=text, capture_output=True, text=True, check=True
    )
    assert (
        '"ppc3-guidelines","done","2005-02-01","2005-05-31",12,7,5,'
        '"Guidelines adopted by the task force.","https://example.org/ppc3/guidelines.pdf",'
        '"uniap"'
    ) in done.stdout.splitlines()


# --- indicators that add up (issue 10, section 3) -----------------------------------------


def count_the_seminar(plan_dir: Path) -> None:
    """The seminar held in May 2006, and its indicator counting it."""
    ppc1 = plan_dir / "ppcs" / "ppc-01.yaml"
    text = ppc1.read_text(encoding="utf-8")
    text = text.replace(
        "    depends_on: [ppc1-assessment]\n",
        "    depends_on: [ppc1-assessment]\n    status: done\n"
        "    actual: {start: 2006-05-04, end: 2006-05-05}\n"
        "    outcome: Agreed on a data template.\n    report: reports/seminar.pdf\n",
    ).replace(
        "    lead: uniap\n",
        "    lead: uniap\n    status: done\n    actual: {end: 2005-12-01}\n",
    )
    text = text.replace(
        "    target: 1\n",
        "    combine: sum\n    counts: {milestones: [ppc1-seminar]}\n    target: 1\n",
    )
    ppc1.write_text(text, encoding="utf-8")


def test_list_indicators_shows_the_figures_as_columns(status_plan_dir: Path) -> None:
    count_the_seminar(status_plan_dir)
    output = ok("list", "indicators", "--as-of", "2008-01-01")
    lines = output.splitlines()
    assert lines[0].split() == [
        "Indicator",
        "PPC",
        "Title",
        "Rule",
        "Base",
        "Latest",
        "Period",
        "Figure",
        "Target",
        "%",
        "Verdict",
        "Unit",
    ]
    workers = next(line for line in lines if line.startswith("ppc3-workers-trained"))
    assert workers.split()[-9:-1] == ["latest", "0", "45", "2007-H1", "45", "40", "112%", "met"]
    seminars = next(line for line in lines if line.startswith("ppc1-seminars-held"))
    assert "cumulative*" in seminars
    assert "0  2007-H2" in seminars
    assert seminars.split()[-3:-1] == [
        "100%",
        "met",
    ]
    assert "* computed from the milestones the indicator counts" in output
    row = as_json("list", "indicators", "--ppc", "1", "--as-of", "2006-04-01")["indicators"][0]
    assert (row["combine"], row["computed"], row["figure"]["value"], row["verdict"]) == (
        "sum",
        True,
        0,
        "not_met",
    )


def test_show_indicator_lists_its_history_and_the_milestones_it_counts(
    status_plan_dir: Path,
) -> None:
    count_the_seminar(status_plan_dir)
    output = ok("show", "ppc1-seminars-held", "--as-of", "2006-12-31")
    assert "Cumulative figure (computed from milestones): 1 · target 1" in output
    assert section(output, "Values (4)")[2].split() == ["2005-H1", "0"]
    assert "Milestones counted (1)" in output
    assert "ppc1-seminar" in output
    document = as_json("show", "ppc3-workers-trained", "--as-of", "2008-01-01")
    assert document["values"] == [
        {"period": "2005-H2", "value": 10, "by_country": None},
        {"period": "2006-H1", "value": 25, "by_country": None},
        {"period": "2007-H1", "value": 45, "by_country": None},
    ]
    assert document["fields"]["target"] == 40  # an int stays an int


def test_show_ppc_gives_indicator_figures_and_milestone_outcomes(status_plan_dir: Path) -> None:
    output = ok("show", "ppc-3", "--as-of", "2008-01-01")
    indicators = section(output, "Indicators (1)")
    assert indicators[2].split()[0] == "ppc3-workers-trained"
    assert "45  2007-H1" in indicators[2]
    assert "met" in indicators[2]
    assert "Outcome: Guidelines adopted by the task force." in output
    assert "Report: https://example.org/ppc3/guidelines.pdf" in output
    document = as_json("show", "ppc-3", "--as-of", "2008-01-01")
    assert document["indicators"][0]["latest"] == {"period": "2007-H1", "value": 45}
    guidelines = next(m for m in document["milestones"] if m["id"] == "ppc3-guidelines")
    assert guidelines["report"] == "https://example.org/ppc3/guidelines.pdf"


def test_json_numbers_keep_ints_as_ints(status_plan_dir: Path) -> None:
    exported = ok("export", "--format", "json")
    assert ".0," not in exported
    assert ".0\n" not in exported
    workers = json.loads(exported)["ppcs"][2]["indicators"][0]
    assert workers["values"] == {"2005-H2": 10, "2006-H1": 25, "2007-H1": 45}
    assert workers["target"] == 40
    assert isinstance(workers["target"], int)


# --- output that survives a pipe and an 80-column terminal (issue 10, section 6) ----------

BUNDLED_COMMANDS = [
    ("status", "--as-of", "2006-06-30", "--limit", "0"),
    ("status", "--as-of", "2026-11-28", "--limit", "0"),
    ("list", "milestones", "--as-of", "2007-01-01"),
    ("list", "indicators", "--as-of", "2007-01-01"),
    ("timeline", "--as-of", "2006-06-30"),
    ("show", "ppc-2", "--as-of", "2006-06-30"),
]


def ids_and_dates(document: Any) -> set[str]:
    """Every id and date a JSON document holds."""
    found: set[str] = set()
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("id", "due", "until", "from") and isinstance(value, str):
                found.add(value)
            found |= ids_and_dates(value)
    elif isinstance(document, list):
        for value in document:
            found |= ids_and_dates(value)
    return found


@pytest.mark.parametrize("args", BUNDLED_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_ids_dates_and_numbers_are_never_cut_at_80_columns(
    args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    text = run(*args, env={"COLUMNS": "80"}).output
    words = set(re.findall(r"[\w.-]+", text))
    document = json.loads(run(*args, "--json").stdout)
    if args[0] == "status":  # the screen lists the indicators that have a value; at 80
        document.pop("plan")  # columns each PPC's next due shows its date (the lists name it)
        document["indicators"] = [i for i in document["indicators"] if i["latest"]]
        for row in document["ppcs"]:
            if row["next_due"]:
                row["next_due"] = {"due": row["next_due"]["window"]["end"]}
    wanted = ids_and_dates(document)
    assert wanted, sorted(wanted - words)[:5]
    assert wanted <= words, sorted(wanted - words)[:5]
    assert not re.search(r"\d…|…\d", text)  # no number cut
    if args[0] != "show":  # show's passages wrap; tables and charts fit
        assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("args", BUNDLED_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_piped_output_without_columns_is_as_wide_as_its_data(
    args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    text = run(*args, env={"COLUMNS": ""}).output
    assert "…" not in text.replace("… and", "")  # nothing cut ("… and 3 more" is a count)


def test_show_names_the_file_and_line_where_it_is_written(status_plan_dir: Path) -> None:
    lines = (status_plan_dir / "ppcs" / "ppc-03.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  - id: ppc3-review") + 1
    assert f"Written in plan/ppcs/ppc-03.yaml:{line}\n" in ok("show", "ppc3-review")
    assert as_json("show", "ppc3-review")["source"] == {
        "file": "plan/ppcs/ppc-03.yaml",
        "line": line,
    }
    header = (status_plan_dir / "plan.yaml").read_text(encoding="utf-8").splitlines()
    assert as_json("show", "sub-2-1")["source"] == {
        "file": "plan/plan.yaml",
        "line": header.index("      - id: sub-2-1") + 1,
    }
    assert as_json("show", "ppc-3")["source"]["line"] == 1
    assert as_json("show", "KH")["source"]["file"] == "plan/plan.yaml"


def test_show_wraps_titles_rather_than_cutting_them(status_plan_dir: Path) -> None:
    text = run("show", "ppc-3", "--as-of", "2008-01-01", env={"COLUMNS": "60"}).output
    milestones = "\n".join(section(text, "Milestones (7)"))
    assert "…" not in milestones
    assert "Outcome:" in milestones
    assert "Report:" in milestones
