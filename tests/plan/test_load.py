"""Loading a plan folder: every kind of bad input gives located problems, never a traceback."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import PPC_1, PPC_2, write_plan

from commit_cli.errors import EnvironmentFailure
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource, find_plan_dir


def problems_of(plan_dir: Path) -> list[str]:
    return [p.format() for p in load_plan(FolderSource(plan_dir)).problems]


def test_valid_plan_loads_with_no_problems(plan_dir: Path) -> None:
    result = load_plan(FolderSource(plan_dir))
    assert result.problems == ()
    assert result.plan is not None
    assert [ppc.id for ppc in result.plan.ppcs] == ["ppc-1", "ppc-2"]
    seminar = result.plan.ppcs[0].milestones[1]
    assert (str(seminar.window.start), str(seminar.window.end)) == ("2006-01-01", "2006-12-31")


def ppc1_with(old: str, new: str) -> str:
    assert old in PPC_1
    return PPC_1.replace(old, new, 1)


BAD_PPC_1 = [
    pytest.param(
        "id: ppc-1\nlabel: PPC 1: extra\n",
        "2:8",
        "a ': ' inside a value starts a new key; put the text in quotes: label: \"PPC 1: extra\"",
        id="yaml-syntax",
    ),
    pytest.param(
        ppc1_with("    lead: uniap", "\tlead: uniap"),
        "14:1",
        "indented with spaces, not tabs",
        id="tab-indentation",
    ),
    pytest.param(
        ppc1_with("    phase: preparation\n", "    phase: preparation\n    phase: core\n"),
        "13:5",
        "duplicate key 'phase' (first written on line 12)",
        id="duplicate-key",
    ),
    pytest.param(
        ppc1_with("    kind: assessment", "    knd: assessment"),
        "11:5",
        "unknown key 'knd'; did you mean 'kind'?",
        id="misspelt-key",
    ),
    pytest.param(
        ppc1_with("min_duration_days: 2", "min_duration_days: two"),
        "20:24",
        "min_duration_days: expected a whole number, found 'two'",
        id="wrong-type",
    ),
    pytest.param(
        ppc1_with("window: 2005-H2", "window: 2006-13-45"),
        "13:13",
        "'2006-13-45' has month 13",
        id="impossible-date",
    ),
    pytest.param(
        ppc1_with("    lead: uniap", "    status: finished"),
        "14:13",
        "unknown status 'finished'; expected one of planned, in_progress, done, postponed,"
        " cancelled",
        id="unknown-status",
    ),
    pytest.param(
        ppc1_with("    lead: uniap", "    lead: unicef"),
        "14:11",
        "lead: unknown partner or role 'unicef'",
        id="dangling-reference",
    ),
    pytest.param(
        ppc1_with("    lead: uniap", "    lead: uniap\n    depends_on: [ppc1-seminar]"),
        "15:18",
        "dependency cycle: ppc1-assessment → ppc1-seminar → ppc1-assessment",
        id="dependency-cycle",
    ),
    pytest.param(
        "id: ppc-1\n<<<<<<< HEAD\nlabel: PPC 1\n=======\nlabel: PPC one\n>>>>>>> branch\n",
        "2:1",
        "git merge-conflict marker",
        id="merge-conflict",
    ),
    pytest.param("", "1:1", "the file is empty", id="empty-file"),
    pytest.param("# only a comment\n", "1:1", "the file is empty", id="only-comments"),
    pytest.param("- id: ppc-1\n", "1:1", "holds a list", id="list-at-top"),
    pytest.param("just some text\n", "1:1", "holds a single line of text", id="scalar-at-top"),
    pytest.param(
        ppc1_with("{min: 20, max: 30}", "[20, 30]"),
        "21:19",
        "participants: expected a mapping (key: value lines), found a list",
        id="list-where-a-mapping-belongs",
    ),
    pytest.param(
        ppc1_with("activities: [act-1]", "activities: act-1"),
        "6:13",
        "activities: expected a list, found 'act-1'",
        id="scalar-where-a-list-belongs",
    ),
    pytest.param(
        ppc1_with(
            "objective: Exchange information.",
            "objective: !!python/object/apply:os.system ['touch pwned']",
        ),
        "7:12",
        "tag '!!python/object/apply:os.system' is not allowed",
        id="python-tag",
    ),
    pytest.param(
        ppc1_with("milestones:", "objective2: &a [1]\nmilestones:"),
        "",
        "unknown key 'objective2'",
        id="anchor-without-alias-is-plain-data",
    ),
]


@pytest.mark.parametrize(("ppc_text", "position", "message"), BAD_PPC_1)
def test_bad_input_is_located(plan_dir: Path, ppc_text: str, position: str, message: str) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(ppc_text, encoding="utf-8")
    problems = problems_of(plan_dir)
    matching = [p for p in problems if message in p]
    assert matching, problems
    if position:
        assert matching[0].startswith(f"plan/ppcs/ppc-01.yaml:{position}: error: "), matching
    assert not Path("pwned").exists()
    assert all(p.startswith("plan/ppcs/ppc-01.yaml:") for p in problems), "spurious problems"


def test_python_tag_is_never_run(plan_dir: Path) -> None:
    marker = plan_dir.parent / "pwned"
    text = ppc1_with(
        "objective: Exchange information.",
        f"objective: !!python/object/apply:os.system ['touch {marker}']",
    )
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(text, encoding="utf-8")
    assert load_plan(FolderSource(plan_dir)).plan is None
    assert not marker.exists()


def test_every_problem_of_a_file_is_reported_in_order(plan_dir: Path) -> None:
    text = ppc1_with("    kind: assessment", "    knd: assessment").replace(
        "phase: core", "phase: middle"
    )
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(text, encoding="utf-8")
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text(
        PPC_2.replace("kind: workshop", "kind: workshp"), encoding="utf-8"
    )
    problems = problems_of(plan_dir)
    assert [p.split(": error")[0] for p in problems] == [
        "plan/ppcs/ppc-01.yaml:9:5",  # missing kind (the milestone mapping)
        "plan/ppcs/ppc-01.yaml:11:5",  # unknown key knd
        "plan/ppcs/ppc-01.yaml:18:12",  # unknown phase
        "plan/ppcs/ppc-02.yaml:13:11",  # unknown kind
    ]


def test_non_utf8_bytes_are_located(plan_dir: Path) -> None:
    raw = PPC_1.encode().replace(b"Exchange information.", b"Exchange \xff information.")
    (plan_dir / "ppcs" / "ppc-01.yaml").write_bytes(raw)
    (problem,) = problems_of(plan_dir)
    assert problem.startswith("plan/ppcs/ppc-01.yaml:7:21: error: the file is not valid UTF-8")


def test_bom_and_crlf_are_valid(plan_dir: Path) -> None:
    text = "\ufeff" + PPC_1.replace("\n", "\r\n")
    (plan_dir / "ppcs" / "ppc-01.yaml").write_bytes(text.encode("utf-8"))
    assert problems_of(plan_dir) == []


def test_crlf_positions_still_point_at_the_right_line(plan_dir: Path) -> None:
    text = ppc1_with("    lead: uniap", "    lead: unicef").replace("\n", "\r\n")
    (plan_dir / "ppcs" / "ppc-01.yaml").write_bytes(text.encode("utf-8"))
    (problem,) = problems_of(plan_dir)
    assert problem.startswith("plan/ppcs/ppc-01.yaml:14:11: error: lead: unknown partner or role")


def test_alias_bomb_is_rejected_quickly_with_flat_memory(plan_dir: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    problems = problems_of(plan_dir)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert any("alias" in p for p in problems), problems
    assert elapsed < 2.0
    assert peak < 50 * 1024 * 1024


@pytest.mark.slow
def test_deep_nesting_is_rejected_without_recursion_error(plan_dir: Path) -> None:
    deep = "objective: " + "[" * 20_000 + "]" * 20_000 + "\n"
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(deep, encoding="utf-8")
    block = "".join("  " * i + "k:\n" for i in range(1_500))  # deeper than libyaml allows
    (plan_dir / "ppcs" / "ppc-02.yaml").write_text(block, encoding="utf-8")
    problems = problems_of(plan_dir)
    assert any(p.startswith("plan/ppcs/ppc-01.yaml:1:") and "nesting" in p for p in problems)
    assert any(p.startswith("plan/ppcs/ppc-02.yaml:") and "nesting" in p for p in problems)


def test_unknown_key_in_header_suggests_the_right_one(plan_dir: Path) -> None:
    header = (plan_dir / "plan.yaml").read_text().replace("countries:", "countrys:")
    (plan_dir / "plan.yaml").write_text(header, encoding="utf-8")
    assert "plan/plan.yaml:6:1: error: unknown key 'countrys'; did you mean 'countries'?" in (
        problems_of(plan_dir)
    )


def test_find_plan_dir_searches_parents(plan_dir: Path, tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_plan_dir(start=nested) == plan_dir
    assert find_plan_dir(start=plan_dir / "ppcs") == plan_dir


def test_find_plan_dir_explains_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentFailure, match="no plan found"):
        find_plan_dir(start=tmp_path)
    with pytest.raises(EnvironmentFailure, match="does not exist"):
        find_plan_dir(tmp_path / "nowhere")
    with pytest.raises(EnvironmentFailure, match=r"has no plan\.yaml"):
        find_plan_dir(tmp_path)


@pytest.mark.parametrize(
    ("make", "what"), [("rmdir", "is missing"), ("file", "is a file, not a folder")]
)
def test_a_missing_ppcs_folder_is_named_once(tmp_path: Path, make: str, what: str) -> None:
    plan_dir = write_plan(tmp_path, ppcs={})
    (plan_dir / "ppcs").rmdir()
    if make == "file":
        (plan_dir / "ppcs").write_text("x", encoding="utf-8")
    result = load_plan(FolderSource(plan_dir))
    assert result.plan is None and not result.cross_checked
    (problem,) = result.problems
    assert problem.code == "no-ppc-folder"
    assert problem.format().endswith(
        f"ppcs:1:1: error: the PPC folder {what}; PPC files go in plan/ppcs/*.yaml"
    )


# --- schema mistakes explained: the likely fix -------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "position", "message"),
    [
        pytest.param(
            "    lead: uniap",
            "    lead: uniap\n    status: done\n    actual: {end: 14/03/2006}",
            "16:19",
            "end: '14/03/2006' is not a date; write dates as YYYY-MM-DD (2006-03-14)",
            id="day-first-date",
        ),
        pytest.param(
            "window: 2005-H2",
            "window: 14/03/2006",
            "13:13",
            "'14/03/2006' is not a period or a date; write dates as YYYY-MM-DD (2006-03-14)",
            id="day-first-window",
        ),
        *(
            pytest.param(
                "    lead: uniap",
                f"    lead: uniap\n    status: {word}",
                "15:13",
                f"unknown status '{word}'; expected one of planned, in_progress, done,"
                " postponed, cancelled; did you mean 'done'?",
                id=f"status-{word}",
            )
            for word in ("finished", "completed", "complete", "held")
        ),
        pytest.param(
            "kind: seminar",
            "kind: course",
            "17:11",
            "did you mean 'training'?",
            id="kind-synonym",
        ),
        pytest.param(
            "objective: Exchange information.",
            "context:\n  - Review: the first phase\nobjective: Exchange information.",
            "8:5",
            "found `Review: the first phase`, which reads as a key and a value; put the text"
            ' in quotes: "Review: the first phase"',
            id="colon-in-a-list-item",
        ),
    ],
)
def test_schema_mistakes_name_the_likely_fix(
    plan_dir: Path, old: str, new: str, position: str, message: str
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(ppc1_with(old, new), encoding="utf-8")
    problems = problems_of(plan_dir)
    matching = [p for p in problems if message in p]
    assert matching, problems
    assert matching[0].startswith(f"plan/ppcs/ppc-01.yaml:{position}: error: "), matching
