"""The gate's verdict: errors always fail, a warning only when the base lacks it."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from commit_cli.history.gate import judge
from commit_cli.problems import Problem, Severity

problems = st.lists(
    st.builds(
        Problem,
        file=st.sampled_from(["plan/ppcs/ppc-01.yaml", "plan/plan.yaml"]),
        message=st.sampled_from(["a", "b", "c"]),
        code=st.sampled_from(["no-window", "dependency-still-planned"]),
        severity=st.sampled_from(list(Severity)),
        line=st.integers(1, 40),
    ),
    max_size=8,
)


@given(problems)
def test_against_itself_only_errors_fail(plan: list[Problem]) -> None:
    verdict = judge(plan, plan, "main")
    assert not any(new for _, new in verdict.judged)
    assert verdict.failed == any(p.severity == Severity.error for p in plan)
    assert sorted(map(id, verdict.left_alone)) == sorted(
        id(p) for p in plan if p.severity == Severity.warning
    )


@given(problems, problems)
def test_what_fails_is_every_error_and_each_warning_the_base_lacks(
    base: list[Problem], head: list[Problem]
) -> None:
    verdict = judge(base, head, "main")
    assert [p for p, _ in verdict.judged] == head
    for problem, new in verdict.judged:
        assert verdict.fails(problem, new) == (problem.severity == Severity.error or new)
    new_count = sum(new for _, new in verdict.judged)
    assert new_count >= len(head) - len(base)  # each base problem excuses at most one
    strict = judge(base, head, "main", strict=True)
    assert strict.failed == bool(head)
    assert strict.left_alone == []


def test_lines_do_not_matter_and_revision_names_do_not_either() -> None:
    at_base = Problem("main:plan/ppcs/ppc-01.yaml", "m", "no-window", Severity.warning, line=9)
    here = replace(at_base, file="plan/ppcs/ppc-01.yaml", line=12)
    again = replace(here, line=30)  # the same warning twice: the base excuses one
    verdict = judge([at_base], [here, again], "main")
    assert [new for _, new in verdict.judged] == [False, True]
    assert verdict.count(Severity.warning, new=True) == 1
