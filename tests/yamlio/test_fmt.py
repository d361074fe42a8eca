"""`commit fmt`'s layout: idempotent on every bundled file, comments kept where they stand,
keys in the model's order, and the result passes yamllint with the shipped configuration."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from commit_cli.core.fields import field_order
from commit_cli.core.model import PPC, PlanHeader
from commit_cli.yamlio.fmt import format_bytes, format_text
from commit_cli.yamlio.reader import load_data

BUNDLED = sorted((REPO / "plan").rglob("*.yaml"))


def order_for(path: Path):  # type: ignore[no-untyped-def]
    model = PlanHeader if path.name == "plan.yaml" else PPC
    return lambda keys: field_order(model, keys)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_the_bundled_file_is_formatted_and_formatting_is_idempotent(path: Path) -> None:
    raw = path.read_bytes()
    once = format_bytes(raw, order_for(path)).formatted
    assert once == raw  # the bundled plan is kept formatted (.ci/run checks it too)
    assert format_bytes(once, order_for(path)).formatted == once


MESSY = """\
# File header comment

label: PPC 1
id: ppc-1   # the id
title:   "Double quoted, no need"
short_title: 'yes'
activities:
- act-1
- act-2
objective: >
  Folded
  text.
milestones:
    # the first milestone
    -   notes: A note, written first
        id: m-1
        title: First
        kind: seminar
        phase: core
        status: planned
        window: {start: 2005,   end: 2007}
        # why it depends on nothing
        depends_on: []
        # a closing comment inside m-1


    # the second milestone
    - {id: m-2, title: Second, kind: meeting, phase: core}
#footer comment
"""

EXPECTED = """\
# File header comment

id: ppc-1   # the id
label: PPC 1
title: Double quoted, no need
short_title: 'yes'
activities:
  - act-1
  - act-2
objective: >
  Folded text.
milestones:
  # the first milestone
  - id: m-1
    title: First
    kind: seminar
    phase: core
    window: {start: 2005, end: 2007}
    # why it depends on nothing
    depends_on: []
    status: planned
    notes: A note, written first
    # a closing comment inside m-1

  # the second milestone
  - {id: m-2, title: Second, kind: meeting, phase: core}
# footer comment
"""


def test_keys_quoting_indentation_and_comments() -> None:
    formatted = format_text(MESSY, lambda keys: field_order(PPC, keys))
    assert formatted == EXPECTED
    assert load_data(formatted)[0] == load_data(MESSY)[0]
    assert format_text(formatted, lambda keys: field_order(PPC, keys)) == formatted


def test_crlf_and_bom_are_kept() -> None:
    raw = b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode()
    formatted = format_bytes(raw, lambda keys: field_order(PPC, keys)).formatted
    assert formatted.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in formatted.replace(b"\r\n", b"")


def test_yamllint_passes_on_the_formatted_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(REPO / "plan", plan)
    messy = plan / "ppcs" / "messy.yaml"
    messy.write_bytes(format_bytes(MESSY.encode(), lambda k: field_order(PPC, k)).formatted)
    done = subprocess.run(
        [sys.executable, "-m", "yamllint", "-c", str(REPO / ".yamllint.yaml"), str(plan)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_yamllint_fails_on_the_unformatted_example(tmp_path: Path) -> None:
    messy = tmp_path / "messy.yaml"
    messy.write_text(MESSY, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "yamllint", "-c", str(REPO / ".yamllint.yaml"), str(messy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0


SCALARS = st.text(min_size=1, max_size=120) | st.integers() | st.booleans() | st.none()
KEYS = st.text(alphabet="abcdefghij_", min_size=1, max_size=8)
DOCUMENTS = st.recursive(
    st.dictionaries(KEYS, SCALARS, min_size=1, max_size=4),
    lambda inner: st.dictionaries(
        KEYS, inner | st.lists(SCALARS | inner, min_size=1, max_size=3), min_size=1, max_size=4
    ),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(document=DOCUMENTS)
def test_formatting_any_document_keeps_its_data_and_is_idempotent(
    document: dict[str, object],
) -> None:
    from commit_cli.yamlio.emit import Layout, block_lines

    text = "\n".join(block_lines(document, (), 0, Layout())) + "\n"
    once = format_text(text)
    assert load_data(once)[0] == document
    assert format_text(once) == once


def test_the_schema_line_stays_first() -> None:
    schema_line = "# yaml-language-server: $schema=../../schema/ppc.schema.json\n"
    messy = schema_line + "objective: O\nid: ppc-x\nlabel:   X\n"
    formatted = format_text(messy, lambda keys: field_order(PPC, keys))
    assert formatted.startswith(schema_line + "id: ppc-x\n")
