"""`commit validate --format github`: problems as GitHub Actions annotations."""

from __future__ import annotations

from pathlib import Path

from conftest import PPC_1
from typer.testing import CliRunner

from commit_cli.cli.app import app
from commit_cli.problems import Problem, Severity

runner = CliRunner()


def test_validate_github_annotates_each_problem_on_its_line(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    lead: uniap", "    status: finished"), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", "--format", "github"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith("::error file=plan/ppcs/ppc-01.yaml,line=14,col=13,title=commit "), (
        first
    )
    assert first.endswith(
        "::unknown status 'finished'; expected one of planned, in_progress,"
        " done, postponed, cancelled; did you mean 'done'?"
    )
    assert result.output.splitlines()[-1].startswith("invalid: 1 error(s)")


def test_validate_github_warnings_are_warning_annotations(plan_dir: Path) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    window: 2005-H2\n", ""), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", "--format", "github"])
    assert result.exit_code == 0
    assert result.output.startswith("::warning file=plan/ppcs/ppc-01.yaml,line=9,col=9,")


def test_github_escapes_follow_the_runner_rules() -> None:
    problem = Problem(
        file="plan/a,b:c%.yaml",
        message="100% wrong\r\nsecond line \x1b[31m::error::forged",
        code="x",
        severity=Severity.error,
        line=3,
        column=0,
    )
    assert problem.github() == (
        "::error file=plan/a%2Cb%3Ac%25.yaml,line=3,col=1,title=commit x"
        "::100%25 wrong%0D%0Asecond line \\x1b[31m::error::forged"
    )


def test_github_problem_without_a_line_annotates_the_file() -> None:
    problem = Problem(file="plan/plan.yaml", message="cannot read", code="unreadable")
    assert problem.github() == "::error file=plan/plan.yaml,title=commit unreadable::cannot read"
