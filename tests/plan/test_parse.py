"""Parsing a plan file's text into plain data (`plan.parse`): never runs what the text says,
stays fast and flat on hostile YAML, says what a file holds instead of a mapping, and a new
version re-read from the previous one reads as the whole text does."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import PPC_1, PPC_2

from commit_cli.plan.load import load_plan
from commit_cli.plan.parse import parse
from commit_cli.plan.sources import FolderSource


def problems_of(plan_dir: Path) -> list[str]:
    return [p.format() for p in load_plan(FolderSource(plan_dir)).problems]


def ppc1_with(old: str, new: str) -> str:
    assert old in PPC_1
    return PPC_1.replace(old, new, 1)


def test_python_tag_is_never_run(plan_dir: Path) -> None:
    marker = plan_dir.parent / "pwned"
    text = ppc1_with(
        "objective: Exchange information.",
        f"objective: !!python/object/apply:os.system ['touch {marker}']",
    )
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(text, encoding="utf-8")
    assert load_plan(FolderSource(plan_dir)).plan is None
    assert not marker.exists()


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


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "empty-file", "the file is empty; it should hold one PPC"),
        ("# only a comment\n", "empty-file", "the file is empty; it should hold one PPC"),
        ("- a\n", "not-a-mapping", "but holds a list"),
        ("12\n", "not-a-mapping", "but holds a number"),
        ("true\n", "not-a-mapping", "but holds true or false"),
        ("password123\n", "not-a-mapping", "but holds a single line of text"),
    ],
)
def test_a_file_that_holds_no_mapping_says_what_it_holds(
    text: str, code: str, message: str
) -> None:
    found = parse("f.yaml", text, "one PPC")
    assert found.data is None
    assert found.parsed is None
    (problem,) = found.problems
    assert (problem.code, problem.line, problem.column) == (code, 1, 1)
    assert message in problem.message
    assert "password123" not in problem.message  # the content never reaches a log


def test_a_syntax_error_is_located_and_gives_no_data() -> None:
    found = parse("f.yaml", "id: ppc-1\nlabel: PPC 1: extra\n", "one PPC", keep=True)
    assert found.data is None
    assert found.parsed is None
    (problem,) = found.problems
    assert (problem.file, problem.code, problem.line, problem.column) == (
        "f.yaml",
        "yaml-colon-in-value",
        2,
        8,
    )


def test_a_duplicate_key_keeps_the_data_and_is_a_problem() -> None:
    found = parse("f.yaml", "id: a\nid: b\n", "one PPC", keep=True)
    assert found.data == {"id": "a"}
    assert [(p.code, p.line) for p in found.problems] == [("duplicate-key", 2)]
    assert found.parsed is None  # not read cleanly: the next version is read whole


@pytest.mark.parametrize(
    "new",
    [
        PPC_1.replace("    lead: uniap", "    lead: uniap\n    status: done"),
        PPC_1.replace("target: 1", "target: 2"),
        PPC_1 + "review:\n  lessons:\n    - Start early.\n",
        PPC_1.replace("milestones:", "milestones: &m"),  # not plain: read whole
        PPC_2,
    ],
)
def test_a_version_read_from_the_previous_one_reads_as_the_whole_text(new: str) -> None:
    first = parse("f.yaml", PPC_1, "one PPC", keep=True)
    assert first.parsed is not None
    assert first.parsed.data == first.data
    again = parse("f.yaml", new, "one PPC", previous=first.parsed, keep=True)
    whole = parse("f.yaml", new, "one PPC")
    assert again.data == whole.data
    assert again.problems == whole.problems
    assert again.parsed is not None
    assert again.parsed.text == new


def test_the_version_read_is_kept_only_when_asked_for() -> None:
    assert parse("f.yaml", PPC_1, "one PPC").parsed is None
