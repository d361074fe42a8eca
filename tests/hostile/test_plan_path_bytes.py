"""A plan folder whose own path is not UTF-8 is read, checked, cached and edited like any
other, on disk and at a revision: the cache keys take its name's bytes as they are (a name
Python cannot encode back to UTF-8 no longer crashes a load). And a byte that is not UTF-8
after a byte-order mark is located at its own place, naming its own value."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import HEADER, PPC_1, write_plan
from hostile_helpers import run_commit

from commit_cli.plan.cache import text_part

NAME = os.fsdecode(b"pl\xffan \xe9t\xe9")  # bytes that are not UTF-8 (Latin-1)


@pytest.fixture
def odd_plan(tmp_path: Path) -> Path:
    """A plan under a folder whose name is not UTF-8, committed to git, with an error in
    one file (so that problems are printed with the path)."""
    root = tmp_path / NAME
    root.mkdir()
    plan = write_plan(root)
    (plan / "ppcs" / "ppc-02.yaml").write_text(
        (plan / "ppcs" / "ppc-02.yaml").read_text().replace("kind: workshop", "kind: workshopp")
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "plan"],
    ):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return plan


ROWS = [
    (["validate"], 1, "ppc-02.yaml:"),
    (["validate", "--no-cache"], 1, "ppc-02.yaml:"),
    (["validate", "--rev", "HEAD"], 1, "HEAD:"),
    (["status", "--rev", "HEAD"], 1, "ppc-02.yaml left out"),
    (["export", "--rev", "HEAD"], 1, "ppc-02.yaml:"),
    (["list", "milestones"], 1, "ppc1-seminar"),
    (["note", "ppc1-seminar", "Booked.", "--by", "x", "--on", "2006-01-02"], 0, "recorded"),
]


@pytest.mark.parametrize(("command", "code", "expected"), ROWS, ids=[" ".join(r[0]) for r in ROWS])
@pytest.mark.parametrize("where", ["inside", "outside"])
def test_a_plan_folder_whose_path_is_not_utf8(
    odd_plan: Path, tmp_path: Path, command: list[str], code: int, expected: str, where: str
) -> None:
    """From inside the folder (names relative to it) and from outside (names that hold the
    bytes that are not UTF-8), twice: with the cache filled the second time."""
    cwd = odd_plan.parent if where == "inside" else tmp_path
    for _ in range(2):
        run = run_commit(*command, "--plan", os.fsencode(odd_plan), cwd=cwd)
        assert run.code == code, run.output
        assert "Traceback" not in run.output
        assert expected in run.output
        if "note" in command:
            break


def test_names_that_differ_only_in_bytes_that_are_not_utf8_get_different_keys() -> None:
    names = [os.fsdecode(b"pl\xffan"), os.fsdecode(b"pl\xfean"), "pl\udcffan", "plan"]
    assert len({text_part(name) for name in names}) == len(set(names))
    assert text_part("plan/ppc-01.yaml") == b"plan/ppc-01.yaml"


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"], ids=["no mark", "byte-order mark"])
@pytest.mark.parametrize("bad", [b"\xff", b"\xe9t", b"\xc3", b"\xed\xa0\x80"])
@pytest.mark.parametrize(("old", "line", "column"), [("id: test", 1, 5), ("title: Test", 2, 8)])
def test_a_byte_that_is_not_utf8_is_located_after_a_byte_order_mark_too(
    tmp_path: Path, mark: bytes, bad: bytes, old: str, line: int, column: int
) -> None:
    plan = write_plan(tmp_path, HEADER, {"ppc-01": PPC_1})
    key = old.split(" ")[0].encode()
    raw = HEADER.encode().replace(old.encode(), key + b" " + bad + old.split(" ")[1].encode(), 1)
    (plan / "plan.yaml").write_bytes(mark + raw)
    run = run_commit("validate", cwd=tmp_path)
    column += len(mark) if line == 1 else 0  # columns count bytes, the mark's too
    assert run.code == 1
    assert "Traceback" not in run.output
    where = f"plan/plan.yaml:{line}:{column}: error:"
    assert f"{where} the file is not valid UTF-8 (byte 0x{bad[0]:02x})" in run.output
