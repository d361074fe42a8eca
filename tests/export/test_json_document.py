"""`export --format json` writes, through pydantic-core's encoder, exactly the bytes that
Python's json module writes for the plan document."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, TRICKY_PPC

from commit_cli.core.conversion import validated
from commit_cli.core.model import PPC, Plan
from commit_cli.core.record import Record
from commit_cli.export import json_document
from commit_cli.export.json_document import json_text, plan_json_chunks
from commit_cli.plan.load import load_plan
from commit_cli.plan.sources import FolderSource

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate


def slow(plan: Plan) -> bytes:
    """The document as first defined: the plan's JSON dump, written by the json module."""
    return json_text(plan.model_dump(mode="json")).encode("utf-8")


def plan_json(plan: Plan) -> bytes:
    """What `export --format json` writes: the pieces, joined."""
    return b"".join(plan_json_chunks(plan))


def loaded(plan_dir: Path) -> Plan:
    plan = load_plan(FolderSource(plan_dir)).plan
    assert plan is not None
    return plan


def with_tricky_ppc(plan: Plan, text: str = TRICKY_PPC) -> Plan:
    return plan.model_copy(update={"ppcs": [*plan.ppcs, validated(PPC, yaml.safe_load(text))]})


def test_the_bundled_and_a_generated_plan_are_written_byte_for_byte(tmp_path: Path) -> None:
    for plan in (loaded(REPO / "plan"), loaded(generate(300, tmp_path, seed=2, per_file=100))):
        assert plan_json(plan) == slow(plan)


def test_unsafe_text_and_fractions_are_written_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = with_tricky_ppc(loaded(REPO / "plan"), TRICKY_PPC.replace(", 2007: 0.00001", ""))
    fast_road = []
    real = json_document._ready

    def counted(record: Any) -> Any:
        fast_road.append(1)
        return real(record)

    monkeypatch.setattr(json_document, "_ready", counted)
    written = plan_json(plan)
    assert fast_road  # 0.1, 2.5, -0.0 and 1.25 take the fast road
    assert written == slow(plan)
    assert b"\\u202e" in written
    assert b"\\u2028" in written
    assert b"\\u001b[31m" in written


def test_a_number_python_writes_another_way_takes_the_slow_road(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = with_tricky_ppc(loaded(REPO / "plan"))  # holds 0.00001: Python writes 1e-05
    real = json_document._ready

    def fast(record: Record) -> Any:
        assert getattr(record, "id", None) != "ppc-x", "the PPC took the fast road"
        return real(record)

    monkeypatch.setattr(json_document, "_ready", fast)
    written = plan_json(plan)
    assert b'"2007": 1e-05' in written
    assert written == slow(plan)


def test_the_document_comes_in_pieces_that_make_it_whole(tmp_path: Path) -> None:
    plan = loaded(generate(250, tmp_path, seed=6, per_file=100))
    chunks = list(plan_json_chunks(plan))
    assert len(chunks) == len(plan.ppcs) + 2  # the header, each PPC, the end
    assert b"".join(chunks) == slow(plan)
    empty = plan.model_copy(update={"ppcs": []})
    assert plan_json(empty) == slow(empty)
