"""Reading YAML: what is refused, and what is built as PyYAML builds it."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

from commit_cli.yamlio.reader import YamlSyntaxError, compose, load_data

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate


def test_an_alias_to_a_scalar_is_refused_too() -> None:
    """One alias can stand for a megabyte of text a thousand times: a gigabyte exported."""
    with pytest.raises(YamlSyntaxError) as caught:
        load_data("a: &x text\nb: [*x, *x]\n")
    assert caught.value.issue.code == "yaml-alias"


def test_an_anchor_without_an_alias_and_a_star_in_text_are_fine() -> None:
    data, _ = load_data("a: &x text\nb: 'a *star* in quotes'\nc: 5 * 3\n")
    assert data == {"a": "text", "b": "a *star* in quotes", "c": "5 * 3"}


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &x [1]\nb: *x\n", "yaml-alias", 1),
        ("a: &x {k: 1}\nb:\n  - *x\n", "yaml-alias", 1),
        ("a: &x {k: 1}\nb:\n  <<: *x\n", "yaml-merge", 3),
        ("? [1, 2]\n: value\n", "yaml-key", 1),
        ("a: !!python/name:os.system\n", "yaml-tag", 1),
    ],
)
def test_refused_constructs(text: str, code: str, line: int) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_data(text)
    assert (caught.value.issue.code, caught.value.issue.line) == (code, line)


def test_duplicate_keys_are_reported_and_the_first_value_kept() -> None:
    data, issues = load_data("a: 1\nb: 2\na: 3\n")
    assert data == {"a": 1, "b": 2}
    assert [(i.line, i.column, i.code) for i in issues] == [(3, 1, "duplicate-key")]
    assert "first written on line 1" in issues[0].message


def test_compose_keeps_positions_and_survives_bad_yaml() -> None:
    root = compose("a:\n  b: [1, 2]\n")
    assert root is not None
    assert compose("a: [1, 2\n") is None


@pytest.mark.parametrize(
    "text",
    [
        "a: !!pairs [{k: 1}]\n",
        "a: !!omap [{k: 1}]\n",
        "a: !!set {k: null}\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!timestamp 2006-01-01\n",
        "a: !custom value\n",
    ],
)
def test_only_plain_data_tags_are_built(text: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_data(text)
    assert caught.value.issue.code == "yaml-tag"
    assert "is not allowed" in caught.value.issue.message


EXPLICIT_TAGS = """\
a: !!str 3
b: !!int "12"
c: !!float "1.5"
d: !!bool "true"
e: !!null ""
f: !!seq [1, !!str 2]
g: !!map {x: !!str y}
h: [[1, 2], {k: [v, {w: 1}]}]
i: |
  two
  lines
j: -0.5
"""


def test_explicitly_tagged_and_nested_values_are_built_as_pyyaml_builds_them() -> None:
    """The reader builds plain data itself, straight from libyaml's nodes; what it builds
    is what PyYAML's own constructor builds (dates aside: those stay text)."""
    data, issues = load_data(EXPLICIT_TAGS)
    assert issues == []
    assert data == yaml.load(EXPLICIT_TAGS, Loader=yaml.CSafeLoader)
    assert [type(v) for v in data.values()][:5] == [str, int, float, bool, type(None)]


def test_plan_files_read_as_pyyaml_reads_them(tmp_path: Path) -> None:
    def dates_as_text(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: dates_as_text(v) for k, v in value.items()}
        if isinstance(value, list):
            return [dates_as_text(v) for v in value]
        return value.isoformat() if isinstance(value, date) else value

    files = sorted((REPO / "plan").rglob("*.yaml"))
    files += sorted(generate(200, tmp_path, seed=4, per_file=100).rglob("*.yaml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        data, issues = load_data(text)
        assert issues == []
        assert data == dates_as_text(yaml.load(text, Loader=yaml.CSafeLoader)), path
