"""The plan's records (core.record, core.model): they dump exactly as the pydantic models that
validate them (core.schema), and are immutable, copied without sharing and unpickled without
running Python code per record. That they have their models' fields and defaults is the
generator's (tests/core/test_generate_model.py)."""

from __future__ import annotations

import pickle
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import TRICKY_PPC

from commit_cli.core import conversion, schema
from commit_cli.core import model as records
from commit_cli.core.conversion import validated
from commit_cli.core.model import PPC, ActualDates, Window
from commit_cli.core.record import Record, iso, json_number

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate  # noqa: E402


def file_data() -> list[tuple[type[Record], dict[str, Any]]]:
    found: list[tuple[type[Record], dict[str, Any]]] = [(PPC, yaml.safe_load(TRICKY_PPC))]
    found.append((records.PlanHeader, yaml.safe_load((REPO / "plan" / "plan.yaml").read_text())))
    for path in sorted((REPO / "plan" / "ppcs").glob("*.yaml")):
        found.append((PPC, yaml.safe_load(path.read_text(encoding="utf-8"))))
    return found


@pytest.mark.parametrize("mode", ["python", "json"])
def test_a_record_dumps_exactly_as_its_model(mode: str) -> None:
    for record, data in file_data():
        validated = conversion.schema_of(record).model_validate(data)
        converted = conversion.to_record(validated)
        assert type(converted) is record
        # repr, not ==: 3 == 3.0 and a tuple is not a list, but the dump must say the same
        assert repr(converted.model_dump(mode=mode)) == repr(validated.model_dump(mode=mode))


def test_generated_plans_dump_alike(tmp_path: Path) -> None:
    plan_dir = generate(300, tmp_path, seed=11, per_file=100)
    for path in sorted((plan_dir / "ppcs").glob("*.yaml")):
        validated = schema.PPC.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        dumped = conversion.to_record(validated).model_dump(mode="json")
        assert dumped == validated.model_dump(mode="json")


def test_validated_returns_the_record_and_refuses_what_the_model_refuses() -> None:
    window = validated(Window, {"start": "2006-01-01", "end": "2006-06-30"})
    assert window == Window(start=date(2006, 1, 1), end=date(2006, 6, 30))
    with pytest.raises(ValueError, match="starts"):
        validated(Window, {"start": "2006-02-01", "end": "2006-01-01"})


def test_records_are_immutable_and_compare_by_kind() -> None:
    window = Window(start=date(2006, 1, 1), end=date(2006, 2, 1))
    actual = ActualDates(start=date(2006, 1, 1), end=date(2006, 2, 1))
    assert tuple(window) == tuple(actual)
    assert window != actual
    assert window == Window(start=date(2006, 1, 1), end=date(2006, 2, 1))
    with pytest.raises(AttributeError):
        window.start = date(2007, 1, 1)
    moved = window.model_copy(update={"end": date(2006, 3, 1)})
    assert (moved.end, window.end) == (date(2006, 3, 1), date(2006, 2, 1))


def test_construction_names_missing_and_unknown_fields() -> None:
    with pytest.raises(TypeError, match="needs end"):
        Window(start=date(2006, 1, 1))
    with pytest.raises(TypeError, match="no field middle"):
        Window(start=date(2006, 1, 1), end=date(2006, 1, 2), middle=1)


def test_mutable_defaults_are_never_shared() -> None:
    first = records.Review()
    second = records.Review()
    first.lessons.append("one")
    assert second.lessons == []


def test_unpickling_runs_no_python_code_per_record(monkeypatch: pytest.MonkeyPatch) -> None:
    ppc = validated(PPC, yaml.safe_load(TRICKY_PPC))
    data = pickle.dumps(ppc, protocol=pickle.HIGHEST_PROTOCOL)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("Record.__new__ ran")

    monkeypatch.setattr(Record, "__new__", refuse)
    assert pickle.loads(data) == ppc


def test_machine_numbers_and_days_as_json_holds_them() -> None:
    assert [json_number(v) for v in (None, 3.0, 2.5, 7)] == [None, 3, 2.5, 7]
    assert type(json_number(3.0)) is int
    assert [iso(None), iso(date(2006, 6, 30))] == [None, "2006-06-30"]
