"""Decoding and screening a plan file (`plan.screen`): bytes that are not UTF-8, merge-conflict
markers and hostile text are located problems; a byte-order mark and CRLF line ends are
not problems at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PPC_1
from hypothesis import given
from hypothesis import strategies as st

from commit_cli.plan.load import load_plan
from commit_cli.plan.screen import hostile_text, screen
from commit_cli.plan.sources import FolderSource
from commit_cli.yamlio.reader import load_data


def problems_of(plan_dir: Path) -> list[str]:
    return [p.format() for p in load_plan(FolderSource(plan_dir)).problems]


def ppc1_with(old: str, new: str) -> str:
    assert old in PPC_1
    return PPC_1.replace(old, new, 1)


def test_non_utf8_bytes_are_located(plan_dir: Path) -> None:
    raw = PPC_1.encode().replace(b"Exchange information.", b"Exchange \xff information.")
    (plan_dir / "ppcs" / "ppc-01.yaml").write_bytes(raw)
    (problem,) = problems_of(plan_dir)
    assert problem.startswith("plan/ppcs/ppc-01.yaml:7:21: error: the file is not valid UTF-8")


def test_bom_and_crlf_are_valid(plan_dir: Path) -> None:
    text = "\ufeff" + PPC_1.replace("\n", "\r\n")
    (plan_dir / "ppcs" / "ppc-01.yaml").write_bytes(text.encode("utf-8"))
    assert problems_of(plan_dir) == []


def test_crlf_positions_still_point_at_the_right_line(plan_dir: Path) -> None:
    text = ppc1_with("    lead: uniap", "    lead: unicef").replace("\n", "\r\n")
    (plan_dir / "ppcs" / "ppc-01.yaml").write_bytes(text.encode("utf-8"))
    (problem,) = problems_of(plan_dir)
    assert problem.startswith("plan/ppcs/ppc-01.yaml:14:11: error: lead: unknown partner or role")


TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]))  # encodable as UTF-8


@given(st.booleans(), TEXT, st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80"]), TEXT)
def test_a_byte_that_is_not_utf8_is_located(
    mark: bool, before: str, bad: bytes, after: str
) -> None:
    # After a byte-order mark too: the position counts the mark's 3 bytes, and the byte named
    # is the file's own.
    raw = (b"\xef\xbb\xbf" if mark else b"") + before.encode() + bad + after.encode()
    found = screen("f.yaml", raw)
    assert found.text is None
    (problem,) = found.problems
    at = len(raw) - len(after.encode()) - len(bad)
    line_start = raw.rfind(b"\n", 0, at) + 1
    assert problem.code == "encoding"
    assert (problem.line, problem.column) == (raw.count(b"\n", 0, at) + 1, at - line_start + 1)
    assert f"(byte 0x{bad[0]:02x})" in problem.message


@given(TEXT)
def test_utf8_text_comes_back_as_written(text: str) -> None:
    found = screen("f.yaml", text.encode())
    assert found.text == text.removeprefix("\ufeff")
    assert all(p.code == "merge-conflict" for p in found.problems)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> branch\n", [2, 4, 6]),
        ("a: 1\n||||||| base\n", [2]),
        ("a: x <<<<<<< y\nb: '======='\n", []),  # not at the start of a line
        ("a: 1\n<<<<<<<<< long\n", []),  # eight, not seven
    ],
)
def test_merge_conflict_markers_are_found_at_the_start_of_a_line(
    text: str, lines: list[int]
) -> None:
    found = screen("f.yaml", text.encode())
    assert found.text == text  # kept, for placing other problems
    assert [(p.code, p.line, p.column) for p in found.problems] == [
        ("merge-conflict", line, 1) for line in lines
    ]


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ('title: "a\\u202eb"\n', [("title",)]),  # an escape that writes a bidi override
        ("title: a\u202eb\n", [("title",)]),  # the character itself
        ('items:\n  - "x\\x1b[31m"\n', [("items", 0)]),
        ('"k\\u0007": 1\n', [("k\u0007",)]),
        ("title: plain text, with a \\ backslash\n", []),
    ],
)
def test_hostile_text_is_warned_of_at_its_path(text: str, paths: list[tuple[object, ...]]) -> None:
    data, issues = load_data(text)
    assert not issues
    found = hostile_text("f.yaml", text, data)
    assert [p.path for p in found] == paths
    assert all(p.code == "control-character" and p.severity == "warning" for p in found)
