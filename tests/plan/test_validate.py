"""Validating a plan file's data into its record (`plan.validate`): a record for valid data,
else every schema mistake with its path and the likely fix (placed at its line by the
loader)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HEADER, PPC_1

from commit_cli.core.model import PPC, PlanHeader
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource
from commit_cli.plan.validate import validate
from commit_cli.yamlio.reader import load_data


def problems_of(plan_dir: Path) -> list[str]:
    return [p.format() for p in load_plan(FolderSource(plan_dir)).problems]


def ppc1_with(old: str, new: str) -> str:
    assert old in PPC_1
    return PPC_1.replace(old, new, 1)


def data_of(text: str) -> dict[str, object]:
    data, issues = load_data(text)
    assert isinstance(data, dict)
    assert not issues
    return data


@pytest.mark.parametrize(("text", "model"), [(HEADER, PlanHeader), (PPC_1, PPC)])
def test_valid_data_makes_its_record(text: str, model: type[PlanHeader | PPC]) -> None:
    found = validate("f.yaml", data_of(text), model)
    assert type(found.record) is model
    assert found.problems == ()
    assert found.record.id == data_of(text)["id"]


def test_each_schema_mistake_comes_with_its_path_and_no_line_yet() -> None:
    text = ppc1_with("    kind: assessment", "    knd: assessment").replace(
        "phase: core", "phase: middle"
    )
    found = validate("f.yaml", data_of(text), PPC)
    assert found.record is None
    assert [(p.file, p.path, p.line) for p in found.problems] == [
        ("f.yaml", ("milestones", 0, "kind"), 0),  # missing kind
        ("f.yaml", ("milestones", 0, "knd"), 0),  # unknown key
        ("f.yaml", ("milestones", 1, "phase"), 0),  # unknown phase
    ]


def test_a_header_is_not_a_ppc() -> None:
    found = validate("plan.yaml", data_of(HEADER), PPC)
    assert found.record is None
    assert found.problems


def test_unknown_key_in_header_suggests_the_right_one(plan_dir: Path) -> None:
    header = (plan_dir / "plan.yaml").read_text().replace("countries:", "countrys:")
    (plan_dir / "plan.yaml").write_text(header, encoding="utf-8")
    assert "plan/plan.yaml:6:1: error: unknown key 'countrys'; did you mean 'countries'?" in (
        problems_of(plan_dir)
    )


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
            " in quotes: 'Review: the first phase'",
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


INTERNAL_NAMES = ("constrained-", "dict[", "[key]", "pydantic", "Input should be", "function-")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        pytest.param(
            "{2006-H1: '1,000'}",
            "2006-H1: expected a number, or numbers by country (KH: 3), found '1,000'",
            id="text",
        ),
        pytest.param(
            "{2006-H1: {LAO: 4}}",
            "'LAO' is not a country code; use two capital letters (ISO 3166), e.g. KH",
            id="country-key",
        ),
        pytest.param(
            "{2006-H1: {KH: many}}",
            "KH: expected a number, found 'many'",
            id="country-value",
        ),
    ],
)
def test_a_period_value_is_worded_without_the_model_s_internal_names(
    plan_dir: Path, values: str, message: str
) -> None:
    text = ppc1_with("    target: 1\n", f"    target: 1\n    values: {values}\n")
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(text, encoding="utf-8")
    problems = [p for p in problems_of(plan_dir) if ": error: " in p]
    assert len(problems) == 1, problems
    assert message in problems[0], problems
    assert not any(name in problems[0] for name in INTERNAL_NAMES), problems
