"""`--country` on the command line names a country of the plan: its code in any case, its
name, or an alias the plan lists; the plan's code is what is written. Two values for one
country in one command are refused, as is a country the plan does not have (exit 2, the
file unchanged)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HEADER, PPC_1, PPC_2, write_plan
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()

ALIASED = HEADER.replace(
    "    name: Cambodia\n", "    name: Cambodia\n    aliases: [Kampuchea]\n"
).replace("    name: Thailand\n", "    name: Thailand\n  - code: LA\n    name: Lao PDR\n")


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMIT_PLAN", raising=False)
    return write_plan(tmp_path, ALIASED, {"ppc-01": PPC_1, "ppc-02": PPC_2})


def ppc2(plan: Path) -> str:
    return (plan / "ppcs" / "ppc-02.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("typed", ["KH", "kh", "Kh", " kh ", "Cambodia", "CAMBODIA", "Kampuchea"])
def test_record_writes_the_plan_s_code(plan: Path, typed: str) -> None:
    result = runner.invoke(
        app, ["record", "ppc2-workshops-held", "4", "--period", "2007-H1", "--country", typed]
    )
    assert result.exit_code == 0, result.output
    assert "    values: {2007-H1: {KH: 4}}\n" in ppc2(plan)
    assert "for KH in 2007-H1" in result.output


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("LAO", "did you mean LA (Lao PDR)?"),
        ("Cambodja", "did you mean KH (Cambodia)?"),
        ("FR", "the plan's countries: KH (Cambodia), TH (Thailand), LA (Lao PDR)"),
    ],
)
def test_a_country_the_plan_does_not_have_is_refused_with_a_hint(
    plan: Path, typed: str, hint: str
) -> None:
    before = ppc2(plan)
    result = runner.invoke(
        app, ["record", "ppc2-workshops-held", "4", "--period", "2007-H1", "--country", typed]
    )
    assert result.exit_code == 2, result.output
    assert f"--country {typed}: not a country of the plan" in result.output
    assert hint in result.output
    assert "lowercase" not in result.output
    assert ppc2(plan) == before


def test_done_writes_codes_and_refuses_two_values_for_one_country(plan: Path) -> None:
    ppc1 = plan / "ppcs" / "ppc-01.yaml"
    before = ppc1.read_text(encoding="utf-8")
    command = ["done", "ppc1-assessment", "--on", "2005-12-01", "--attended", "9"]
    twice = runner.invoke(app, [*command, "--country", "KH=5", "--country", "kh=4"])
    assert twice.exit_code == 2
    assert "--country kh=4: KH is given twice (KH=5, kh=4); give each country once" in (
        twice.output
    )
    assert ppc1.read_text(encoding="utf-8") == before
    named = runner.invoke(app, [*command, "--country", "cambodia=5", "--country", "Thailand=4"])
    assert named.exit_code == 0, named.output
    assert "by_country: {KH: 5, TH: 4}" in ppc1.read_text(encoding="utf-8")
