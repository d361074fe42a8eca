"""Explicit tags on content they do not fit are located problems, never tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPC_1
from hostile_helpers import plan_unchanged
from typer.testing import CliRunner

from commit_cli.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!int abc", "13:13: error: 'abc' is not a whole number, but it is tagged !!int"),
        ('!!int ""', "13:13: error: '' is not a whole number, but it is tagged !!int"),
        ("!!float abc", "13:13: error: 'abc' is not a number, but it is tagged !!float"),
        ("!!bool maybe", "13:13: error: 'maybe' is not true or false, but it is tagged !!bool"),
        ("!!null x", "13:13: error: 'x' is tagged !!null but is not empty"),
        ("!!seq abc", "13:13: error: this value is tagged !!seq but is not a list"),
        ("!!seq {a: 1}", "13:13: error: this value is tagged !!seq but is not a list"),
        ("!!map abc", "13:13: error: this value is tagged !!map but is not a mapping"),
        (
            "!!python/object/apply:os.system [echo hi]",
            "13:13: error: tag '!!python/object/apply:os.system' is not allowed",
        ),
        ("!!binary aGk=", "13:13: error: tag '!!binary' is not allowed"),
    ],
)
def test_a_tag_that_does_not_fit_is_a_located_problem(
    plan_dir: Path, value: str, expected: str
) -> None:
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(
        PPC_1.replace("    window: 2005-H2", f"    window: {value}"), encoding="utf-8"
    )
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"plan/ppcs/ppc-01.yaml:{expected}")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("!!int abc: 1", "'abc' is not a whole number, but it is tagged !!int"),
        ("!!bool maybe: 1", "'maybe' is not true or false, but it is tagged !!bool"),
        ("!!timestamp 2001-13-45: 1", "tag '!!timestamp' is not allowed"),
        ("? !!int " + "9" * 5000 + "\n: 1", "a number of 5000 characters is too long"),
    ],
)
def test_a_bad_key_after_a_duplicate_one_is_a_located_problem(
    plan_dir: Path, key: str, expected: str
) -> None:
    """A duplicate key must not make the reader look at the keys after it unchecked."""
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(PPC_1 + f"id: again\n{key}\n", encoding="utf-8")
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert expected in result.output.splitlines()[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("depth", [450, 700, 999])
@pytest.mark.parametrize(
    "nested",
    [
        lambda depth: "[" * depth + "]" * depth,
        lambda depth: "{a: " * depth + "1" + "}" * depth,
    ],
    ids=["lists", "mappings"],
)
def test_deep_nesting_that_libyaml_accepts_is_read(
    plan_dir: Path, depth: int, nested: object
) -> None:
    """The reader builds nested values directly only down to a depth; deeper, PyYAML's own
    construction (which does not recurse) takes over, so no depth libyaml accepts (up to
    1,000) exhausts Python's stack."""
    value = nested(depth)  # type: ignore[operator]
    (plan_dir / "ppcs" / "ppc-01.yaml").write_text(PPC_1 + f"extra: {value}\n", encoding="utf-8")
    with plan_unchanged(plan_dir):
        result = runner.invoke(app, ["validate", "--no-cache"])
    assert result.exit_code == 1
    assert "unknown key 'extra'" in result.output.splitlines()[0]
    assert "Traceback" not in result.output
