"""Edits by position: only the lines that must change do, and what is written reads back as
given, whatever the text (hypothesis); the file's encoding details survive."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commit_cli.core.fields import field_order
from commit_cli.core.model import PPC
from commit_cli.yamlio.emit import Layout
from commit_cli.yamlio.reader import load_data
from commit_cli.yamlio.roundtrip import Document, same

LAYOUT = Layout(order=lambda path: field_order(PPC, path))

FILE = """\
# A PPC file, with a comment
id: ppc-1
label: PPC 1
title: 'Quoted: title'
short_title: Short
activities: [act-1]
objective: >-
  Folded text that
  spans two lines.

milestones:
  # before the first milestone
  - id: m-1
    title: First
    kind: seminar
    phase: core
    window: {start: 2005, end: 2007}  # a trailing comment
    status: planned
  # before the second milestone
  - id: m-2
    title: Second
    kind: meeting
    phase: core
    status: planned
    outcome: old outcome
indicators:
  - id: i-1
    title: Count
    unit: things
    values: {2005-H2: 1}
"""


def apply(text: str, change: Any) -> tuple[str, Any]:
    document = Document(text.encode())
    data = copy.deepcopy(document.data)
    change(data)
    return document.apply(data, LAYOUT), data


def test_nothing_changed_is_the_same_text() -> None:
    assert apply(FILE, lambda data: None)[0] == FILE


def test_a_new_key_goes_where_the_field_order_puts_it() -> None:
    def change(data: Any) -> None:
        data["milestones"][0]["status"] = "done"
        data["milestones"][0]["actual"] = {"end": "2006-03-10"}

    text, _ = apply(FILE, change)
    assert text == FILE.replace(
        "    status: planned\n  # before the second",
        "    status: done\n    actual: {end: 2006-03-10}\n  # before the second",
    )


def test_a_changed_scalar_changes_only_its_own_lines() -> None:
    def change(data: Any) -> None:
        data["objective"] = "Short now."
        data["milestones"][1]["outcome"] = "new outcome"

    text, _ = apply(FILE, change)
    assert text == FILE.replace(
        "objective: >-\n  Folded text that\n  spans two lines.\n", "objective: Short now.\n"
    ).replace("outcome: old outcome", "outcome: new outcome")


def test_a_trailing_comment_stays_after_its_value() -> None:
    def change(data: Any) -> None:
        data["milestones"][0]["window"] = "2006-H1"

    text, _ = apply(FILE, change)
    assert "    window: 2006-H1  # a trailing comment\n" in text


def test_a_new_list_item_follows_the_list() -> None:
    def change(data: Any) -> None:
        data["activities"].append("act-2")
        data["indicators"][0]["values"]["2006-H1"] = 2

    text, _ = apply(FILE, change)
    assert "activities: [act-1, act-2]\n" in text
    assert "    values: {2005-H2: 1, 2006-H1: 2}\n" in text


@pytest.mark.parametrize(
    ("prefix", "newline", "final"),
    [
        (b"", b"\n", True),
        (b"\xef\xbb\xbf", b"\n", True),
        (b"", b"\r\n", True),
        (b"\xef\xbb\xbf", b"\r\n", False),
        (b"", b"\n", False),
    ],
    ids=["plain", "bom", "crlf", "bom-crlf-no-final-newline", "no-final-newline"],
)
def test_bom_crlf_and_final_newline_are_kept(prefix: bytes, newline: bytes, final: bool) -> None:
    body = FILE.encode().replace(b"\n", newline)
    if not final:
        body = body[: -len(newline)]
    raw = prefix + body
    document = Document(raw)
    data = copy.deepcopy(document.data)
    data["indicators"][0]["notes"] = "added at the very end"
    data["milestones"][1]["status"] = "done"
    result = document.encode(document.apply(data, LAYOUT))
    assert result.startswith(prefix)
    assert result.count(b"\xef\xbb\xbf") == len(prefix) // 3
    assert result.endswith(newline) is final
    if newline == b"\r\n":
        assert b"\n" not in result.replace(b"\r\n", b"")
    old_lines = raw.split(newline)
    new_lines = result.split(newline)
    assert [line for line in new_lines if line not in old_lines] == [
        b"    status: done",
        b"    notes: added at the very end",
    ]


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=200
) | st.sampled_from(
    [
        "key: value",
        "a # b",
        "*star",
        "&anchor",
        "!tag",
        "%percent",
        "@at",
        "'single'",
        '"double"',
        "line\nbreak",
        "tab\there",
        " leading",
        "trailing ",
        "yes",
        "no",
        "null",
        "~",
        "3",
        "1.5",
        "0x1F",
        "2006-03-14",
        "emoji 😀🎉",
        "שלום עולם",
        "مرحبا بالعالم",
        "- dash",
        "? question",
        "[x]",
        "{y}",
        "a" * 150,
        " ".join(["word"] * 60),
        "para one\n\npara two\n",
    ]
)


def _rest_unchanged(before: str, after: str, changed: set[str]) -> None:
    """Every line of the old text that is not a changed field's is still there, in order."""
    kept = [line for line in before.splitlines() if not any(line.startswith(c) for c in changed)]
    remaining = iter(after.splitlines())
    for line in kept:
        assert any(line == other for other in remaining), line


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outcome=TEXT, title=TEXT)
def test_any_text_reads_back_exactly_and_the_rest_is_untouched(outcome: str, title: str) -> None:
    def change(data: Any) -> None:
        data["milestones"][1]["outcome"] = outcome
        data["milestones"][0]["title"] = title

    text, wanted = apply(FILE, change)
    data, issues = load_data(text)
    assert not issues
    assert same(data, wanted)
    assert data["milestones"][1]["outcome"] == outcome
    _rest_unchanged(FILE, text, {"    outcome:", "    title: First"})
    assert text.startswith(FILE[: FILE.index("    title: First")])


NUMBERS = st.integers(min_value=-(10**12), max_value=10**12) | st.floats(
    allow_nan=False, allow_infinity=False
)


@settings(max_examples=150, deadline=None)
@given(value=NUMBERS, period=st.sampled_from(["2005-H1", "2006-H2", "2007-H1"]))
def test_any_number_reads_back_exactly(value: float, period: str) -> None:
    def change(data: Any) -> None:
        data["indicators"][0]["values"][period] = value

    text, _ = apply(FILE, change)
    data, _ = load_data(text)
    assert same(data["indicators"][0]["values"][period], value)
    assert text.split("  - id: i-1\n")[0] == FILE.split("  - id: i-1\n")[0]


@settings(max_examples=100, deadline=None)
@given(text=TEXT, by=TEXT)
def test_a_log_entry_of_any_text_reads_back(text: str, by: str) -> None:
    def change(data: Any) -> None:
        data["milestones"][0]["log"] = [{"date": "2006-01-02", "by": by, "text": text}]

    written, _ = apply(FILE, change)
    data, _ = load_data(written)
    assert data["milestones"][0]["log"] == [{"date": "2006-01-02", "by": by, "text": text}]


def test_an_item_added_to_the_last_mapping_and_a_key_added_after_it_keep_their_order() -> None:
    text = FILE + "updates:\n  2006-H1:\n    progress: Held.\n"

    def change(data: Any) -> None:
        data["updates"]["2006-H2"] = {"progress": "Held again."}
        data["review"] = {"lessons": ["Start early."]}

    written, data = apply(text, change)
    assert load_data(written)[0] == data
    assert written.endswith(
        "  2006-H1:\n    progress: Held.\n  2006-H2: {progress: Held again.}\n"
        "review: {lessons: [Start early.]}\n"
    )


def test_the_schema_line_stays_first_through_an_edit() -> None:
    schema_line = "# yaml-language-server: $schema=../../schema/ppc.schema.json\n"

    def change(data: Any) -> None:
        data["id"] = "ppc-9"
        data["milestones"][0]["status"] = "done"

    text, _ = apply(schema_line + FILE, change)
    assert text.startswith(schema_line + "# A PPC file, with a comment\nid: ppc-9\n")
