"""core/model.py is generated from the pydantic models of core/schema.py: never stale, with
the types a record holds and the models' defaults, and importable without pydantic.

After changing a model, regenerate it with `python -m commit_cli.core.generate_model`."""

from __future__ import annotations

import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from commit_cli.core import conversion, field_types, generate_model, schema
from commit_cli.core import model as records
from commit_cli.core.generate_model import COMMAND, MODEL_PATH, model_source
from commit_cli.core.vocabulary import Status


def test_the_committed_model_is_what_the_generator_writes() -> None:
    assert MODEL_PATH.read_text(encoding="utf-8") == model_source(), (
        f"commit_cli/core/model.py is stale: run `{COMMAND}`"
    )


def test_the_command_writes_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "model.py"
    monkeypatch.setattr(generate_model, "MODEL_PATH", target)
    generate_model.main()
    assert target.read_text(encoding="utf-8") == model_source()


def test_a_line_ruff_format_would_wrap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(generate_model.ALIASES, "PeriodValue", "a meaning " * 12)
    with pytest.raises(ValueError, match=r"line \d+ of core/model.py would be too long"):
        model_source()


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (field_types.Id, "str"),
        (field_types.OneLine | None, "str | None"),
        (list[field_types.CountryCode], "list[str]"),
        (list[tuple[field_types.CountryCode, field_types.CountryCode]], "list[tuple[str, str]]"),
        (field_types.Number | None, "float | None"),
        (dict[str, field_types.PeriodValue], "dict[str, float | dict[str, float]]"),
        (field_types.PlanDate, "date"),
        (schema.WindowInput | None, "Window | None"),
        (list[schema.Milestone], "list[Milestone]"),
        (Status, "Status"),
        (tuple[int, ...], "tuple[int, ...]"),
    ],
)
def test_a_record_holds_the_type_validation_returns(annotation: Any, expected: str) -> None:
    assert generate_model.Renderer().type_of(annotation) == expected


class Elsewhere(StrEnum):
    a = "a"


@pytest.mark.parametrize("annotation", [set[str], bytes, Elsewhere, schema.Strict])
def test_a_type_the_records_cannot_name_is_refused(annotation: Any) -> None:
    with pytest.raises(TypeError, match="a record cannot hold"):
        generate_model.Renderer().type_of(annotation)


def test_records_have_the_fields_and_defaults_of_their_models() -> None:
    for name, model in schema.MODELS.items():
        record = getattr(records, name)
        assert record._fields == tuple(model.model_fields), name
        for field_name, field in model.model_fields.items():
            if field.is_required():
                assert field_name not in record._defaults, f"{name}.{field_name}"
                continue
            default = field.get_default(call_default_factory=True)
            if isinstance(default, schema.Strict):
                default = conversion.to_record(default)
            assert record._defaults[field_name] == default, f"{name}.{field_name}"


def modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sys.modules))\n"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_the_records_import_neither_pydantic_nor_the_models() -> None:
    loaded = modules_after("import commit_cli.core.model")
    assert "pydantic" not in loaded
    assert "commit_cli.core.schema" not in loaded


def test_the_generator_runs_without_the_records_it_replaces() -> None:
    loaded = modules_after(
        "from commit_cli.core.generate_model import model_source\nmodel_source()"
    )
    assert "commit_cli.core.model" not in loaded
