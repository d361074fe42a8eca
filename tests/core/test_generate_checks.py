"""core/quick_checks.json is generated from the pydantic models of core/schema.py: never
stale, covering every model a PPC file holds, and each model's rule of core/model_rules.py
is the one its pydantic validator applies.

After changing a model, regenerate it with `python -m commit_cli.core.generate_checks`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, BeforeValidator, Field

from commit_cli.core import field_types, generate_checks, schema
from commit_cli.core.generate_checks import CHECKS_PATH, COMMAND, checks_text, kind_of
from commit_cli.core.model_rules import MODEL_RULES

# Every model a PPC file holds (PPC and what it nests), and the header's.
PPC_MODELS = {
    "PPC", "Paragraph", "Work", "Footnote", "Linkage", "Milestone", "Window", "ActualDates",
    "Participants", "Series", "Postponement", "Cancellation", "Attendance", "LogEntry",
    "Indicator", "MilestoneCount", "Review", "PeriodUpdate", "Funding",
}  # fmt: skip


def test_the_committed_checks_are_what_the_generator_writes() -> None:
    assert CHECKS_PATH.read_text(encoding="utf-8") == checks_text(), (
        f"commit_cli/core/quick_checks.json is stale: run `{COMMAND}`"
    )


def test_the_command_writes_the_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "quick_checks.json"
    monkeypatch.setattr(generate_checks, "CHECKS_PATH", target)
    generate_checks.main()
    assert target.read_text(encoding="utf-8") == checks_text()


def test_every_model_of_a_ppc_file_is_written_out() -> None:
    for name in PPC_MODELS:
        assert generate_checks.model_checks(schema.MODELS[name]) is not None, name


def test_a_model_with_a_rule_applies_it_and_only_models_with_one_have_a_validator() -> None:
    for name, model in schema.MODELS.items():
        validators = model.__pydantic_decorators__.model_validators
        assert bool(validators) == (name in MODEL_RULES), name
    assert set(MODEL_RULES) <= set(schema.MODELS)


def _unruled(value: str) -> str:
    return value


@pytest.mark.parametrize(
    "annotation",
    [
        Annotated[str, AfterValidator(_unruled)],  # a check not in core.field_checks
        Annotated[str, BeforeValidator(_unruled)],
        Annotated[str, Field(max_length=3)],  # a constraint not written out
        Annotated[int, Field(ge=1)],  # not strict: "3" would be taken for 3
        Annotated[float, Field(strict=True)],  # inf and nan would be taken
        Annotated[Decimal, BeforeValidator(_unruled)],  # a decimal but not an amount
        set[str],
        Annotated[int | None, BeforeValidator(_unruled)],  # it would run on None too
    ],
)
def test_what_the_quick_checks_do_not_know_is_left_to_pydantic(annotation: Any) -> None:
    assert "['no']" in str(kind_of(annotation))


def test_an_amount_of_money_is_checked_as_one() -> None:
    assert kind_of(field_types.Amount) == ["amount"]


def test_a_field_s_constraints_apply_to_the_value_of_an_optional_field() -> None:
    field = schema.MODELS["Participants"].model_fields["min"]
    assert kind_of(field.annotation, field.metadata) == ["optional", ["int", 0, 10_000_000]]
