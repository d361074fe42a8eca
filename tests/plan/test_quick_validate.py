"""Validating without pydantic (`plan.quick_validate`): differential, over random PPC files
(generated plans, the bundled plan, and random changes to them that break a rule or only
write a value another way), what the quick check accepts, pydantic accepts as the same
record, and what it is not sure of is validated by pydantic: the result of `validate` with
`quick` is the result without it, record for record and problem for problem."""

from __future__ import annotations

import copy
import math
import sys
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commit_cli.core.model import PPC
from commit_cli.plan.parse import parse
from commit_cli.plan.quick_validate import quick_record
from commit_cli.plan.validate import validate

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (a StrEnum member equals its text,
    3 equals 3.0, 1.5 equals 1.50: a record holding the one where pydantic's holds the other
    differs)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, Decimal | float):  # Decimal("1.5") == Decimal("1.50"), 0.0 == -0.0
        return repr(a) == repr(b)
    return bool(a == b)


def _data(path: Path) -> dict[str, Any]:
    found = parse(path.name, path.read_text(encoding="utf-8"), "one PPC").data
    assert isinstance(found, dict)
    return found


_FILES: list[dict[str, Any]] = []
# Money, which neither the generated nor the bundled plans record: a whole number, a decimal
# in quotes, per period and currency (a year key too).
MONEY = {
    "funding": [
        {"source": "ausaid", "status": "pledged", "amount": 120000, "currency": "USD",
         "date": "2006-03-01", "reference": "G-1", "milestones": ["p1-m1"], "note": "Two."},
        {"source": "A donor", "status": "disbursed", "amount": "1500.75", "currency": "EUR"},
    ],
    "spending": {"2006-H1": {"USD": "15000.50"}, 2007: {"EUR": 20}},
}  # fmt: skip


def _files(tmp_root: Path) -> list[dict[str, Any]]:
    if not _FILES:
        generated = generate(60, tmp_root / "gen", seed=5, per_file=20)
        paths = [*sorted((generated / "ppcs").glob("*.yaml"))]
        paths += sorted((REPO / "plan" / "ppcs").glob("*.yaml"))
        _FILES.extend(_data(path) for path in paths)
        _FILES.append({**_FILES[0], **copy.deepcopy(MONEY)})
    return _FILES


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


ODD = [
    None, True, False, 0, -1, 3, 1.5, 2.0, math.inf, math.nan, 10**16, 1e16, "", " ", "x",
    "two\nlines", "tab\there", "p1-m1", "p1-m1\n", "P1-M1", "KH", "KHM", "kh", "USD", "planned",
    "done", "in_progress", "bogus", "workshop", "preparation", "sum", "2006-01-01",
    " 2006-01-01 ", "2006-13-01", "2006-02-30", "1800-01-01", "06-01-01", "2006-H1", "2006-Q3",
    "2006", 2006, "2006-H3", date(2006, 1, 1), date(1700, 1, 1), datetime(2006, 1, 1, 12),
    Decimal("1.5"), [], {}, ["KH", "TH"], [["KH", "TH"]], ("KH", "TH"), {"KH": 3},
    {"start": "2007-01-01", "end": "2006-01-01"}, {"start": "2006-H1", "end": "2007"},
    {"start": "2006-01-01"}, {"min": 5, "max": 2}, {"total": 3, "women": 2, "men": 2},
    {"name": "Courses", "number": 3, "of": 2}, {"2006-H1": 3, 2006: 4}, {"2006": {"KH": 1}},
    {"progress": "Done."}, {"to": None, "note": None}, {"series": None},
]  # fmt: skip


def _near(value: Any) -> list[Any]:
    """Values like `value` that a check may refuse (or take as another value)."""
    if isinstance(value, bool):
        return [int(value), str(value).lower(), None]
    if isinstance(value, int):
        return [True, -value - 1, value * 10**12, float(value), str(value), value + 1, math.nan]
    if isinstance(value, float):
        return [
            int(value) if math.isfinite(value) else 0,
            -value,
            value * 1e12,
            math.inf,
            str(value),
        ]
    if isinstance(value, str):
        return [
            "", f"{value}\n", f"\n{value}", f"{value}\u2028", value.upper(), f" {value}",
            value[:-1], f"{value}é", value.encode(),
        ]  # fmt: skip
    if isinstance(value, list):
        return [tuple(value), value[:1] * 2, [], [*value, None]]
    if isinstance(value, dict):
        return [list(value.items()), {}, {**value, "extra": 1}]
    return [None]


@st.composite
def changed(draw: st.DrawFn, files: list[dict[str, Any]]) -> dict[str, Any]:
    """A file's data with up to three random changes (or none)."""
    data: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(files)))
    for _ in range(draw(st.integers(0, 3))):
        places = list(_places(data))[1:]
        # a kind of value first, then a place that holds one: the few numbers and booleans
        # of a file are changed as often as its many texts
        kinds: dict[str, list[tuple[Any, ...]]] = {}
        for place in places:
            value: Any = data
            for step in place:
                value = value[step]
            kinds.setdefault(type(value).__name__, []).append(place)
        path = draw(st.sampled_from(kinds[draw(st.sampled_from(sorted(kinds)))]))
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["odd", "near", "near", "drop", "extra", "swap"]))
        if how == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif how == "extra" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "Title", 3, "status"]))] = "x"
        elif how == "swap":  # a value from elsewhere in the file: a type it may not take
            other = draw(st.sampled_from(places))
            value = data
            for step in other:
                value = value[step]
            parent[path[-1]] = copy.deepcopy(value)
        elif how == "near":
            parent[path[-1]] = draw(st.sampled_from(_near(parent[path[-1]])))
        else:
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(ODD)))
    return data


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_quick_validation_gives_what_pydantic_gives(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    files = _files(tmp_path_factory.mktemp("quick"))
    found = data.draw(changed(files))
    slow = validate("ppcs/x.yaml", copy.deepcopy(found), PPC)
    quick = validate("ppcs/x.yaml", copy.deepcopy(found), PPC, quick=True)
    assert quick.problems == slow.problems
    assert same(quick.record, slow.record)
    record = quick_record(PPC, copy.deepcopy(found))
    if record is not None:  # what it accepts alone, pydantic accepts as the same record
        assert same(record, slow.record)


def test_it_is_sure_of_ordinary_files(tmp_path: Path) -> None:
    """Every PPC file of the generated and the bundled plans, and one that records money, is
    validated without pydantic."""
    files = _files(tmp_path)
    assert any("funding" in data for data in files)
    for data in files:
        record = quick_record(PPC, data)
        assert record is not None, data["id"]
        assert same(record, validate("x.yaml", data, PPC).record)


def test_a_broken_rule_is_left_to_pydantic_to_word(tmp_path: Path) -> None:
    data = copy.deepcopy(_files(tmp_path)[0])
    data["milestones"][0]["window"] = {"start": "2007-01-01", "end": "2006-01-01"}
    assert quick_record(PPC, data) is None
    problems = validate("ppcs/x.yaml", data, PPC, quick=True).problems
    assert [problem.message for problem in problems] == [
        "the window starts (2007-01-01) after it ends (2006-01-01)"
    ]


def _trimmed(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with its first few milestones and indicators only (the changes below are made
    one at a time, to every value of it)."""
    found = copy.deepcopy(data)
    for key in ("milestones", "indicators", "funding"):
        if isinstance(found.get(key), list):
            found[key] = found[key][:4]
    return found


def _changes(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """`data` with one change: each value replaced by each of its `_near` values, each key
    of each mapping dropped, an undeclared key added to each mapping."""
    for place in list(_places(data))[1:]:
        parent: Any = data
        for step in place[:-1]:
            parent = parent[step]
        for value in _near(parent[place[-1]]):
            change = copy.deepcopy(data)
            target: Any = change
            for step in place[:-1]:
                target = target[step]
            target[place[-1]] = value
            yield change
        if isinstance(parent, dict):
            change = copy.deepcopy(data)
            target = change
            for step in place[:-1]:
                target = target[step]
            del target[place[-1]]
            yield change
            target["undeclared"] = 1
            yield change


@pytest.mark.parametrize(
    "name", [*sorted(p.name for p in (REPO / "plan" / "ppcs").glob("*.yaml")), "money"]
)
def test_every_single_change_of_a_bundled_file_validates_as_pydantic_validates_it(
    name: str,
) -> None:
    """Exhaustive where the random test samples: every value of each bundled PPC file
    (trimmed; and of one with money added) changed alone, in each way `_near` knows."""
    first = _data(REPO / "plan" / "ppcs" / ("ppc-01.yaml" if name == "money" else name))
    data = _trimmed({**first, **copy.deepcopy(MONEY)} if name == "money" else first)
    for change in _changes(data):
        slow = validate(name, copy.deepcopy(change), PPC)
        quick = validate(name, copy.deepcopy(change), PPC, quick=True)
        assert quick.problems == slow.problems
        assert same(quick.record, slow.record), change
