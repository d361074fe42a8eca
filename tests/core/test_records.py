"""The plan's records (core.record, core.model): they dump exactly as the pydantic models that
validate them (core.schema), and are immutable, copied without sharing and unpickled without
running Python code per record. That they have their models' fields and defaults is the
generator's (tests/core/test_generate_model.py)."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import TRICKY_PPC
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commit_cli.core import conversion, schema
from commit_cli.core import model as records
from commit_cli.core.conversion import validated
from commit_cli.core.model import PPC, ActualDates, Window
from commit_cli.core.record import Record, iso, json_number, shared

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


def _objects(value: Any) -> Iterator[Any]:
    """Every object `value` holds, itself included, depth first (a dict's keys too)."""
    yield value
    if isinstance(value, tuple | list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _objects(key)
            yield from _objects(item)


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (3 == 3.0, a tuple is not a list)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return bool(a == b) and repr(a) == repr(b)


def _check_shared(record: Record) -> None:
    before = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    found = shared(record)
    assert pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL) == before  # left as it was
    read_back = pickle.loads(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    for each in (found, read_back):
        assert _same(each, record)
        assert repr(each.model_dump(mode="json")) == repr(record.model_dump(mode="json"))
        texts: dict[Any, Any] = {}
        lists: set[int] = set()
        for value in _objects(each):
            if type(value) in (str, date):
                assert texts.setdefault(value, value) is value  # one object per text or day
            elif type(value) in (list, dict):
                assert id(value) not in lists  # every list and dict its own place's
                lists.add(id(value))


def test_shared_records_are_the_same_records_with_each_text_and_day_once() -> None:
    for _, data in file_data():
        record = validated(PPC, data) if "milestones" in data else None
        if record is not None:
            _check_shared(record)
    header = validated(records.PlanHeader, file_data()[1][1])
    _check_shared(header)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), per_file=st.integers(1, 40))
def test_shared_over_random_plans(
    tmp_path_factory: pytest.TempPathFactory, seed: int, per_file: int
) -> None:
    """Differential, over random generated plans: a shared record, and the same read back
    from its pickle, is the record it was made from, type for type, and dumps alike."""
    plan_dir = generate(per_file * 3, tmp_path_factory.mktemp("plan"), seed=seed, per_file=per_file)
    for path in sorted((plan_dir / "ppcs").glob("*.yaml")):
        _check_shared(validated(PPC, yaml.safe_load(path.read_text(encoding="utf-8"))))


def test_a_shared_record_pickles_smaller_and_reads_back_sharing() -> None:
    plan = yaml.safe_load(TRICKY_PPC)
    record = validated(PPC, plan)
    many = record.model_copy(update={"milestones": [*record.milestones] * 20})
    many = validated(PPC, many.model_dump(mode="json"))  # texts and days each its own again
    plain = pickle.dumps(many, protocol=pickle.HIGHEST_PROTOCOL)
    packed = pickle.dumps(shared(many), protocol=pickle.HIGHEST_PROTOCOL)
    assert len(packed) < len(plain) * 0.8
    read_back = pickle.loads(packed)
    first, again = read_back.milestones[0], read_back.milestones[len(record.milestones)]
    assert first.id is again.id
    assert first.title is again.title
    assert first.activities == again.activities
    assert first.activities is not again.activities
